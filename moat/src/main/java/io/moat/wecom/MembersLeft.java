package io.moat.wecom;

import io.moat.shared.TenantId;
import java.time.Instant;
import java.util.List;

/** People left a group; {@code quitScene} 0 means they left, 1 that an owner or admin removed them. */
public record MembersLeft(TenantId tenant, String chatId, List<String> memberIds, int quitScene, Instant at) {}
