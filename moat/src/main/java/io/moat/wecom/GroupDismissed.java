package io.moat.wecom;

import io.moat.shared.TenantId;
import java.time.Instant;

/** A customer group was dismissed by its owner. */
public record GroupDismissed(TenantId tenant, String chatId, Instant at) {}
