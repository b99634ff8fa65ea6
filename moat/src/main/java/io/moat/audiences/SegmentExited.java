package io.moat.audiences;

import io.moat.customers.CustomerId;
import io.moat.shared.TenantId;
import java.time.Instant;

/** A customer stopped being a member of a saved segment at {@code at} (or the segment was deleted). */
public record SegmentExited(TenantId tenant, long segmentId, CustomerId customer, Instant at) {}
