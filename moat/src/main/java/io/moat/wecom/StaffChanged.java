package io.moat.wecom;

import io.moat.shared.TenantId;
import java.time.Instant;

/** A staff member was created, updated or deleted in the corp's address book. */
public record StaffChanged(TenantId tenant, String userId, String changeType, Instant at) {}
