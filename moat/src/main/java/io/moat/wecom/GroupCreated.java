package io.moat.wecom;

import io.moat.shared.TenantId;
import java.time.Instant;

/** A customer group was created. */
public record GroupCreated(TenantId tenant, String chatId, Instant at) {}
