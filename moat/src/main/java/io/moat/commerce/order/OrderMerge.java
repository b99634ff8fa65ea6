package io.moat.commerce.order;

/**
 * How an order that arrives again (a re-import, a later month's export, a webhook retried) merges into the one Moat
 * has, the same for every writer: the status only moves forward, paid and refunded amounts only grow, a date once
 * known stays, and a row that would not change is not written at all (no dead tuple, no WAL).
 */
final class OrderMerge {

    /** The conflict clause of an insert into {@code commerce.orders} aliased {@code o}. */
    static final String ON_CONFLICT = """
            on conflict (tenant_id, platform, order_no) do update set
                status = case when commerce.status_rank(excluded.status) >= commerce.status_rank(o.status)
                              then excluded.status else o.status end,
                paid_fen = greatest(o.paid_fen, excluded.paid_fen),
                refunded_fen = greatest(o.refunded_fen, excluded.refunded_fen),
                paid_at = coalesce(o.paid_at, excluded.paid_at),
                shipped_at = coalesce(o.shipped_at, excluded.shipped_at),
                finished_at = coalesce(o.finished_at, excluded.finished_at),
                updated_at = excluded.updated_at
            where commerce.status_rank(excluded.status) > commerce.status_rank(o.status)
               or excluded.refunded_fen > o.refunded_fen
            """;

    private OrderMerge() {}
}
