-- The bulk order writer (OrderCopy) draws the ids of a load's new orders from the identity sequence before copying
-- them, one nextval per order. Uncached, every nextval locks and updates the sequence (and logs it every 32
-- calls): at 100k orders that cost more than copying the orders' lines. With a cache of 1000 each session takes a
-- block at a time. Ids stay unique but are no longer in commit order across sessions, and a session's unused block
-- is lost when it ends (gaps); nothing reads meaning into an order id beyond identity and a stable paging order.
alter table commerce.orders alter column id set cache 1000;
