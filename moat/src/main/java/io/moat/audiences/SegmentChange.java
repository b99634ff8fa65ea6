package io.moat.audiences;

import io.moat.customers.CustomerId;
import java.time.Instant;
import java.util.List;

/** Who entered and who left a saved segment in one refresh ({@link SegmentChanged}), in the order of their numbers. */
public record SegmentChange(long segmentId, Instant at, List<CustomerId> entered, List<CustomerId> exited) {
    public SegmentChange {
        entered = List.copyOf(entered);
        exited = List.copyOf(exited);
    }
}
