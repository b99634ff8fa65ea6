package io.moat.commerce.order;

import java.util.List;

/**
 * What a bulk load did: {@code batch} has one result per accepted order, in the order given (a repeated copy of an
 * order within the load counts as unchanged); {@code rejected} names the orders left out and why.
 */
public record BulkOutcome(BatchOutcome batch, List<Rejected> rejected) {

    /** An order left out: its index in the list given, its number and the reason. */
    public record Rejected(int index, String orderNo, String reason) {}

    public BulkOutcome {
        rejected = List.copyOf(rejected);
    }
}
