package io.moat.wecom;

import io.moat.shared.TenantId;
import java.time.Instant;

/** The customer deleted the staff member: the clearest loss signal there is. */
public record StaffDeletedByCustomer(TenantId tenant, String externalUserId, String staffUserId, Instant at) {}
