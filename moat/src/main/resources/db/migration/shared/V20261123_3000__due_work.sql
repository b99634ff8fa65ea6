-- Durable due work: every wait, retry and timer of every module is one row here. Workers claim due rows in batches
-- (FOR UPDATE SKIP LOCKED), stamp a lease (owner + until) and bump the fencing token; the handler's effects and the
-- row's completion commit in one transaction that first re-locks the row and checks the token, so a worker whose
-- lease ran out (and whose rows someone else re-claimed) cannot commit. Finished rows stay as 'done' for a retention
-- period so scheduling the same key again is still a no-op.
create table shared.due_work (
    tenant_id    bigint not null,
    id           bigint generated always as identity,
    kind         text not null,
    key          text not null,
    payload      jsonb not null default '{}',
    due_at       timestamptz not null,
    state        text not null default 'due' check (state in ('due', 'done', 'failed', 'cancelled')),
    attempts     int not null default 0,
    lease_owner  text,
    lease_until  timestamptz,
    fence        bigint not null default 0,
    last_error   text,
    created_at   timestamptz not null,
    finished_at  timestamptz,
    primary key (tenant_id, id),
    unique (tenant_id, kind, key)
);
-- The claim query walks this index in due order; only open rows are in it, so done rows cost nothing.
create index due_work_due_idx on shared.due_work (due_at) where state = 'due';
create index due_work_finished_idx on shared.due_work (finished_at) where state <> 'due';

-- Workers visit every workspace's rows; they run with this scope on (and set the tenant per row before calling a
-- handler), while ordinary code sees only its own tenant's rows.
create function shared.schedule_access() returns boolean
    language sql stable parallel safe
    as $$ select coalesce(current_setting('moat.schedule', true), '') = 'on' $$;

alter table shared.due_work enable row level security;
alter table shared.due_work force row level security;
create policy tenant_isolation on shared.due_work
    using (tenant_id = shared.current_tenant() or shared.schedule_access())
    with check (tenant_id = shared.current_tenant() or shared.schedule_access());
grant select, insert, update, delete on shared.due_work to ${app_role};
grant usage on all sequences in schema shared to ${app_role};
