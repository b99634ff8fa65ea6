-- One profile per person. Identities (WeCom external_userid, unionid, openid, phone hash, marketplace buyer ids)
-- point at a profile; certain matches merge automatically, probable ones are suggested. Each profile has a dense
-- per-workspace number so audiences can be bitmaps. The timeline is the customer's event log, partitioned by month.
create schema customers;
grant usage on schema customers to ${app_role};

-- Hands out dense numbers per workspace (1, 2, 3, …) for audience bitmaps.
create table customers.number_counter (
    tenant_id    bigint primary key,
    last_number  int not null
);

create table customers.customer (
    tenant_id       bigint not null,
    id              bigint generated always as identity,
    number          int not null,
    display_name    text not null default '',
    gender          int not null default 0,
    phone_hash      text,
    phone_sealed    text,
    phone_masked    text,
    source          text not null,
    created_at      timestamptz not null,
    first_added_at  timestamptz,
    opted_out_at    timestamptz,
    merged_into     bigint,
    primary key (tenant_id, id),
    unique (tenant_id, number)
);
create index customer_phone_idx on customers.customer (tenant_id, phone_hash) where phone_hash is not null;
create index customer_name_idx on customers.customer (tenant_id, display_name);

-- kind: external_userid, unionid, openid, phone_hash, buyer (platform:buyer id), nick (platform:nick)
create table customers.identity (
    tenant_id    bigint not null,
    kind         text not null,
    value        text not null,
    customer_id  bigint not null,
    source       text not null,
    confidence   text not null check (confidence in ('certain', 'probable')),
    linked_at    timestamptz not null,
    primary key (tenant_id, kind, value)
);
create index identity_customer_idx on customers.identity (tenant_id, customer_id);

-- The customer's relation to each staff member, projected from WeCom's events.
create table customers.staff_relation (
    tenant_id      bigint not null,
    customer_id    bigint not null,
    staff_user_id  text not null,
    state          text,
    added_at       timestamptz not null,
    removed_at     timestamptz,
    removed_by     text check (removed_by in ('staff', 'customer', 'transfer')),
    primary key (tenant_id, customer_id, staff_user_id)
);
create index staff_relation_staff_idx on customers.staff_relation (tenant_id, staff_user_id);

create table customers.note (
    tenant_id    bigint not null,
    id           bigint generated always as identity,
    customer_id  bigint not null,
    author       text not null,
    body         text not null,
    created_at   timestamptz not null,
    primary key (tenant_id, id)
);

-- The event log; source_ref makes each fact idempotent (a replayed event adds nothing).
create table customers.timeline_event (
    tenant_id    bigint not null,
    customer_id  bigint not null,
    occurred_at  timestamptz not null,
    kind         text not null,
    source_ref   text not null,
    detail       jsonb not null default '{}',
    primary key (tenant_id, customer_id, occurred_at, source_ref)
) partition by range (occurred_at);
create table customers.timeline_event_2024_01 partition of customers.timeline_event
    for values from ('2024-01-01') to ('2024-02-01');
create table customers.timeline_event_2024_02 partition of customers.timeline_event
    for values from ('2024-02-01') to ('2024-03-01');
create table customers.timeline_event_2024_03 partition of customers.timeline_event
    for values from ('2024-03-01') to ('2024-04-01');
create table customers.timeline_event_2024_04 partition of customers.timeline_event
    for values from ('2024-04-01') to ('2024-05-01');
create table customers.timeline_event_2024_05 partition of customers.timeline_event
    for values from ('2024-05-01') to ('2024-06-01');
create table customers.timeline_event_2024_06 partition of customers.timeline_event
    for values from ('2024-06-01') to ('2024-07-01');
create table customers.timeline_event_2024_07 partition of customers.timeline_event
    for values from ('2024-07-01') to ('2024-08-01');
create table customers.timeline_event_2024_08 partition of customers.timeline_event
    for values from ('2024-08-01') to ('2024-09-01');
create table customers.timeline_event_2024_09 partition of customers.timeline_event
    for values from ('2024-09-01') to ('2024-10-01');
create table customers.timeline_event_2024_10 partition of customers.timeline_event
    for values from ('2024-10-01') to ('2024-11-01');
create table customers.timeline_event_2024_11 partition of customers.timeline_event
    for values from ('2024-11-01') to ('2024-12-01');
create table customers.timeline_event_2024_12 partition of customers.timeline_event
    for values from ('2024-12-01') to ('2025-01-01');
create table customers.timeline_event_2025_01 partition of customers.timeline_event
    for values from ('2025-01-01') to ('2025-02-01');
create table customers.timeline_event_2025_02 partition of customers.timeline_event
    for values from ('2025-02-01') to ('2025-03-01');
create table customers.timeline_event_2025_03 partition of customers.timeline_event
    for values from ('2025-03-01') to ('2025-04-01');
create table customers.timeline_event_2025_04 partition of customers.timeline_event
    for values from ('2025-04-01') to ('2025-05-01');
create table customers.timeline_event_2025_05 partition of customers.timeline_event
    for values from ('2025-05-01') to ('2025-06-01');
create table customers.timeline_event_2025_06 partition of customers.timeline_event
    for values from ('2025-06-01') to ('2025-07-01');
create table customers.timeline_event_2025_07 partition of customers.timeline_event
    for values from ('2025-07-01') to ('2025-08-01');
create table customers.timeline_event_2025_08 partition of customers.timeline_event
    for values from ('2025-08-01') to ('2025-09-01');
create table customers.timeline_event_2025_09 partition of customers.timeline_event
    for values from ('2025-09-01') to ('2025-10-01');
create table customers.timeline_event_2025_10 partition of customers.timeline_event
    for values from ('2025-10-01') to ('2025-11-01');
create table customers.timeline_event_2025_11 partition of customers.timeline_event
    for values from ('2025-11-01') to ('2025-12-01');
create table customers.timeline_event_2025_12 partition of customers.timeline_event
    for values from ('2025-12-01') to ('2026-01-01');
create table customers.timeline_event_2026_01 partition of customers.timeline_event
    for values from ('2026-01-01') to ('2026-02-01');
create table customers.timeline_event_2026_02 partition of customers.timeline_event
    for values from ('2026-02-01') to ('2026-03-01');
create table customers.timeline_event_2026_03 partition of customers.timeline_event
    for values from ('2026-03-01') to ('2026-04-01');
create table customers.timeline_event_2026_04 partition of customers.timeline_event
    for values from ('2026-04-01') to ('2026-05-01');
create table customers.timeline_event_2026_05 partition of customers.timeline_event
    for values from ('2026-05-01') to ('2026-06-01');
create table customers.timeline_event_2026_06 partition of customers.timeline_event
    for values from ('2026-06-01') to ('2026-07-01');
create table customers.timeline_event_2026_07 partition of customers.timeline_event
    for values from ('2026-07-01') to ('2026-08-01');
create table customers.timeline_event_2026_08 partition of customers.timeline_event
    for values from ('2026-08-01') to ('2026-09-01');
create table customers.timeline_event_2026_09 partition of customers.timeline_event
    for values from ('2026-09-01') to ('2026-10-01');
create table customers.timeline_event_2026_10 partition of customers.timeline_event
    for values from ('2026-10-01') to ('2026-11-01');
create table customers.timeline_event_2026_11 partition of customers.timeline_event
    for values from ('2026-11-01') to ('2026-12-01');
create table customers.timeline_event_2026_12 partition of customers.timeline_event
    for values from ('2026-12-01') to ('2027-01-01');
create table customers.timeline_event_2027_01 partition of customers.timeline_event
    for values from ('2027-01-01') to ('2027-02-01');
create table customers.timeline_event_2027_02 partition of customers.timeline_event
    for values from ('2027-02-01') to ('2027-03-01');
create table customers.timeline_event_2027_03 partition of customers.timeline_event
    for values from ('2027-03-01') to ('2027-04-01');
create table customers.timeline_event_2027_04 partition of customers.timeline_event
    for values from ('2027-04-01') to ('2027-05-01');
create table customers.timeline_event_2027_05 partition of customers.timeline_event
    for values from ('2027-05-01') to ('2027-06-01');
create table customers.timeline_event_2027_06 partition of customers.timeline_event
    for values from ('2027-06-01') to ('2027-07-01');
create table customers.timeline_event_2027_07 partition of customers.timeline_event
    for values from ('2027-07-01') to ('2027-08-01');
create table customers.timeline_event_2027_08 partition of customers.timeline_event
    for values from ('2027-08-01') to ('2027-09-01');
create table customers.timeline_event_2027_09 partition of customers.timeline_event
    for values from ('2027-09-01') to ('2027-10-01');
create table customers.timeline_event_2027_10 partition of customers.timeline_event
    for values from ('2027-10-01') to ('2027-11-01');
create table customers.timeline_event_2027_11 partition of customers.timeline_event
    for values from ('2027-11-01') to ('2027-12-01');
create table customers.timeline_event_2027_12 partition of customers.timeline_event
    for values from ('2027-12-01') to ('2028-01-01');
create table customers.timeline_event_2028_01 partition of customers.timeline_event
    for values from ('2028-01-01') to ('2028-02-01');
create table customers.timeline_event_2028_02 partition of customers.timeline_event
    for values from ('2028-02-01') to ('2028-03-01');
create table customers.timeline_event_2028_03 partition of customers.timeline_event
    for values from ('2028-03-01') to ('2028-04-01');
create table customers.timeline_event_2028_04 partition of customers.timeline_event
    for values from ('2028-04-01') to ('2028-05-01');
create table customers.timeline_event_2028_05 partition of customers.timeline_event
    for values from ('2028-05-01') to ('2028-06-01');
create table customers.timeline_event_2028_06 partition of customers.timeline_event
    for values from ('2028-06-01') to ('2028-07-01');
create table customers.timeline_event_2028_07 partition of customers.timeline_event
    for values from ('2028-07-01') to ('2028-08-01');
create table customers.timeline_event_2028_08 partition of customers.timeline_event
    for values from ('2028-08-01') to ('2028-09-01');
create table customers.timeline_event_2028_09 partition of customers.timeline_event
    for values from ('2028-09-01') to ('2028-10-01');
create table customers.timeline_event_2028_10 partition of customers.timeline_event
    for values from ('2028-10-01') to ('2028-11-01');
create table customers.timeline_event_2028_11 partition of customers.timeline_event
    for values from ('2028-11-01') to ('2028-12-01');
create table customers.timeline_event_2028_12 partition of customers.timeline_event
    for values from ('2028-12-01') to ('2029-01-01');
create table customers.timeline_event_default partition of customers.timeline_event default;

create table customers.merge_suggestion (
    tenant_id     bigint not null,
    id            bigint generated always as identity,
    customer_id   bigint not null,
    candidate_id  bigint not null,
    reason        text not null,
    created_at    timestamptz not null,
    resolved_at   timestamptz,
    primary key (tenant_id, id),
    unique (tenant_id, customer_id, candidate_id)
);

do $$
declare
    t text;
begin
    foreach t in array array['number_counter', 'customer', 'identity', 'staff_relation', 'note', 'timeline_event',
                             'merge_suggestion'] loop
        execute format('alter table customers.%I enable row level security', t);
        execute format('alter table customers.%I force row level security', t);
        execute format('create policy tenant_isolation on customers.%I using (tenant_id = shared.current_tenant())'
                       ' with check (tenant_id = shared.current_tenant())', t);
        execute format('grant select, insert, update, delete on customers.%I to %I', t, '${app_role}');
    end loop;
end
$$;
-- Partitions are reached through their parent, whose grants and policies apply; the application gets no rights on
-- a partition itself, and each one is under forced row-level security as well, in case it is ever granted.
do $$
declare
    p text;
begin
    for p in select c.relname from pg_inherits i
             join pg_class c on c.oid = i.inhrelid
             join pg_class parent on parent.oid = i.inhparent
             join pg_namespace n on n.oid = parent.relnamespace
             where n.nspname = 'customers' and parent.relname = 'timeline_event' loop
        execute format('alter table customers.%I enable row level security', p);
        execute format('alter table customers.%I force row level security', p);
        execute format('create policy tenant_isolation on customers.%I using (tenant_id = shared.current_tenant())'
                       ' with check (tenant_id = shared.current_tenant())', p);
    end loop;
end
$$;
grant usage on all sequences in schema customers to ${app_role};
