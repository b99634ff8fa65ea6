-- Due work whose effects are all in this database (journey steps) runs in one transaction that deletes its rows, runs
-- the handlers and commits their effects: no lease and no completion update (B4 measured those two updates at about
-- 150 µs and 70 µs a row, the bulk of a drain). A crash rolls the delete back with the effects, and the rows are due
-- again at once. Scheduling stays idempotent on the key after the row is gone: its key is kept here, in the same
-- transaction, as one narrow row with one index, until the schedule's retention purges it.
create table shared.due_work_done (
    tenant_id   bigint not null,
    kind        text not null,
    key         text not null,
    due_at      timestamptz not null,
    attempts    int not null,
    finished_at timestamptz not null,
    primary key (tenant_id, kind, key)
);
-- Keys arrive in finishing order, so a block-range index finds the purge's old keys at almost no cost per insert.
create index due_work_done_finished_idx on shared.due_work_done using brin (finished_at);

alter table shared.due_work_done enable row level security;
alter table shared.due_work_done force row level security;
create policy tenant_isolation on shared.due_work_done
    using (tenant_id = shared.current_tenant() or shared.schedule_access())
    with check (tenant_id = shared.current_tenant() or shared.schedule_access());
grant select, insert, delete on shared.due_work_done to ${app_role};
