package io.moat.wecom;

import io.moat.shared.TenantId;
import java.time.Instant;

/** A staff member removed a customer, or a transfer moved the customer away ({@code byTransfer}). */
public record CustomerRemoved(
        TenantId tenant, String externalUserId, String staffUserId, boolean byTransfer, Instant at) {}
