package io.moat.audiences;

import io.moat.shared.TenantId;
import java.time.Instant;

/**
 * A refresh moved {@code entered} customers into a saved segment and {@code exited} out of it, all at {@code at}:
 * one event per segment and refresh, published in the refresh's transaction. Who they are is read with {@link
 * Audiences#change(TenantId, long)}; the same moves are also published one by one as {@link SegmentEntered} and
 * {@link SegmentExited} after the commit (in slices, so a batch of 100k changes does not hold one huge transaction).
 */
public record SegmentChanged(TenantId tenant, long segmentId, long changeId, int entered, int exited, Instant at) {}
