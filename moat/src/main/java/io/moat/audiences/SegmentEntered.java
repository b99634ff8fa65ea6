package io.moat.audiences;

import io.moat.customers.CustomerId;
import io.moat.shared.TenantId;
import java.time.Instant;

/** A customer became a member of a saved segment at {@code at} (journeys start from it). */
public record SegmentEntered(TenantId tenant, long segmentId, CustomerId customer, Instant at) {}
