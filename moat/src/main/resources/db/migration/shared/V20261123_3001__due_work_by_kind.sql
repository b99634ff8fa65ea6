-- Workers claim per kind (each kind has its own batch size: a kind that calls WeCom takes few rows at a time), so the
-- claim walks an index on (kind, due_at).
drop index shared.due_work_due_idx;
create index due_work_due_idx on shared.due_work (kind, due_at) where state = 'due';
