-- The claim path at a million rows (B4). Three changes, each measured with the benchmark's profile=true:
--
-- 1. The claim index gets id as its last column, and the claim orders by (due_at, id). A broadcast schedules its
--    rows with one due moment; with (kind, due_at) alone every row had the same key, which the index stores as a few
--    posting lists of thousands of row pointers. A finished row's pointer stays in the index until vacuum, and an
--    entry can be marked dead (and skipped cheaply by later scans) only once all of its pointers are dead, so every
--    claim went back to the heap for every row already finished ahead of it: the drain slowed with its own progress.
--    With a unique key each finished row's entry is marked dead by the first scan that meets it.
-- 2. Free space on every page (fillfactor 80). A claim changes only lease columns, which no index covers, so the
--    new row version can stay on its page as a heap-only tuple and no index gets a new entry; on full pages (a bulk
--    insert leaves them full) every claim added an entry to every index, the claim index included.
-- 3. Autovacuum visits the table after 2 % of it changed instead of 20 %, so dead entries do not pile up for long.
alter table shared.due_work set (fillfactor = 80, autovacuum_vacuum_scale_factor = 0.02,
    autovacuum_vacuum_insert_scale_factor = 0.02, autovacuum_analyze_scale_factor = 0.02);
drop index shared.due_work_due_idx;
create index due_work_due_idx on shared.due_work (kind, due_at, id) where state = 'due';
