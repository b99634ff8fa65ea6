package io.moat.commerce.order;

import java.util.List;

/** What recording a batch did to each of its orders, in the batch's order. */
public record BatchOutcome(List<Result> results) {

    public enum Result {
        /** Not known before: recorded with its lines. */
        INSERTED,
        /** Known, and this copy shows it at a later stage (paid, shipped, refunded): moved forward. */
        UPDATED,
        /** Known, and this copy adds nothing. */
        UNCHANGED
    }

    public BatchOutcome {
        results = List.copyOf(results);
    }

    public long count(Result result) {
        return results.stream().filter(r -> r == result).count();
    }
}
