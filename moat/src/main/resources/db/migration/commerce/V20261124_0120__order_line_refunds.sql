-- What was refunded of each order line, where the source says so per line (Douyin's sub-orders, the JSON ingest):
-- a line refunded in full drops out of what the customer "bought" (rule tags on SKU, category, role) while the
-- order's other lines stay; the order's own refunded_fen stays the money figure everything net is computed from.
alter table commerce.order_line add column refunded_fen bigint not null default 0;
alter table commerce.order_line add constraint order_line_refund_check
    check (refunded_fen >= 0 and refunded_fen <= amount_fen);
