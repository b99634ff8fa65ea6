-- Fewer writes per imported order line (issue 4, B3). Every query of commerce.order_line reads lines by their
-- order (OrderPages.linesOf, OrderQueries.itemsOf: tenant_id and order_id, served by the primary key); nothing looks
-- lines up by SKU (rule tags and audiences take a customer's items through OrderQueries.itemsOf and match SKUs in
-- memory). The SKU index only cost a write per line, and is dropped.
drop index commerce.order_line_sku_idx;
