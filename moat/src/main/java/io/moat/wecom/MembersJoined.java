package io.moat.wecom;

import io.moat.shared.TenantId;
import java.time.Instant;
import java.util.List;

/** People joined a group; {@code joinScene} 0 is an invitation (or link), 3 a scanned group QR code. */
public record MembersJoined(TenantId tenant, String chatId, List<String> memberIds, int joinScene, Instant at) {}
