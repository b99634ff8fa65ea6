-- Fewer writes per imported order (issue 4, B3). Every index of commerce.orders is written for every order an
-- import adds, and every order line paid for a foreign-key probe and row lock of its order. What reads them:
--   * by id (pages, OrderQueries.ordersOf) and by (platform, order_no) (ON CONFLICT of every write): kept;
--   * by order_no alone (a customer claiming an order types only its number): the unique index is now led by
--     order_no, so it serves both (ON CONFLICT infers an arbiter by its set of columns, not their order);
--   * by buyer identity (phone hash, unionid, openid, marketplace buyer id), customer_id and created_at: nothing.
--     Order-to-fan matching resolves buyers through customers.identity and keeps the link in customers.purchase;
--     orders.customer_id is never set. These six indexes only cost writes, and are dropped.
drop index commerce.orders_phone_hash_idx;
drop index commerce.orders_unionid_idx;
drop index commerce.orders_openid_idx;
drop index commerce.orders_buyer_open_id_idx;
drop index commerce.orders_customer_idx;
drop index commerce.orders_created_idx;

alter table commerce.orders drop constraint orders_tenant_id_platform_order_no_key;
alter table commerce.orders add constraint orders_number_key unique (tenant_id, order_no, platform);

-- Lines are written only by the statement (or transaction) that inserts their order (BulkOrderLoad, OrderBatch),
-- and orders are never deleted, so the per-line foreign-key check (an index probe and a row lock per line, about
-- as much as the line's own insert) guards nothing the writers do not already guarantee.
alter table commerce.order_line drop constraint order_line_tenant_id_order_id_fkey;
