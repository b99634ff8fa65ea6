-- The overview's operations figures, kept by analytics from the other modules' events (design.md: analytics owns
-- rollups): one row per settled send (its final state and reason, when it settled) and one per staff task (when it
-- was assigned, when it closed). Keyed by the source's id, so an event seen twice is counted once. They count from
-- the moment analytics runs: no backfill, because row-level security (forced, binding a non-superuser owner too)
-- hides the other schemas' rows from a migration.
create schema analytics;
grant usage on schema analytics to ${app_role};

create table analytics.send_outcome (
    tenant_id   bigint not null,
    send_id     bigint not null,
    state       text not null check (state in ('sent', 'skipped', 'failed')),
    reason      text,
    journey_id  text,
    settled_at  timestamptz not null,
    primary key (tenant_id, send_id)
);
create index send_outcome_settled_idx on analytics.send_outcome (tenant_id, settled_at);

create table analytics.staff_task (
    tenant_id    bigint not null,
    task_id      bigint not null,
    kind         text not null,
    assignee     text,
    assigned_at  timestamptz,
    due_at       timestamptz,
    closed_at    timestamptz,
    primary key (tenant_id, task_id)
);
create index staff_task_open_idx on analytics.staff_task (tenant_id) where closed_at is null;

do $$
declare
    t text;
begin
    foreach t in array array['send_outcome', 'staff_task'] loop
        execute format('alter table analytics.%I enable row level security', t);
        execute format('alter table analytics.%I force row level security', t);
        execute format('create policy tenant_isolation on analytics.%I using (tenant_id = shared.current_tenant())'
                       ' with check (tenant_id = shared.current_tenant())', t);
        execute format('grant select, insert, update, delete on analytics.%I to %I', t, '${app_role}');
    end loop;
end
$$;

