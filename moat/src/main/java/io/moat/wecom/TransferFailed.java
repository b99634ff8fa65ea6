package io.moat.wecom;

import io.moat.shared.TenantId;
import java.time.Instant;

/** A customer transfer did not happen: {@code reason} is customer_refused or customer_limit_exceed. */
public record TransferFailed(TenantId tenant, String externalUserId, String staffUserId, String reason, Instant at) {}
