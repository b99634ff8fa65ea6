-- Audiences: the facts the index needs that no other module keeps as a queryable list yet, and saved segments with
-- their members (so entries and exits can be told apart across restarts).
create schema audiences;
grant usage on schema audiences to ${app_role};

-- Who is in which customer group now. Fed by the community module's events once it publishes them; empty until then.
create table audiences.group_member (
    tenant_id    bigint not null,
    chat_id      text not null,
    customer_id  bigint not null,
    joined_at    timestamptz not null,
    primary key (tenant_id, chat_id, customer_id)
);
create index group_member_customer_idx on audiences.group_member (tenant_id, customer_id);

-- Things customers did that other modules report (benefit-claimed, link-opened, campaign-joined) with what they
-- concern (ref). Only the latest time per kind and ref matters for "within N days". Empty until those modules publish.
create table audiences.activity (
    tenant_id    bigint not null,
    customer_id  bigint not null,
    kind         text not null check (kind in ('benefit-claimed', 'link-opened', 'campaign-joined')),
    ref          text not null,
    latest_at    timestamptz not null,
    primary key (tenant_id, customer_id, kind, ref)
);

create table audiences.segment (
    tenant_id    bigint not null,
    id           bigint generated always as identity,
    name         text not null,
    description  text not null default '',
    condition    jsonb not null,
    size         bigint not null default 0,
    created_by   text not null,
    created_at   timestamptz not null,
    updated_at   timestamptz not null,
    refreshed_at timestamptz,
    deleted_at   timestamptz,
    primary key (tenant_id, id)
);
create unique index segment_name_idx on audiences.segment (tenant_id, name) where deleted_at is null;

create table audiences.segment_member (
    tenant_id    bigint not null,
    segment_id   bigint not null,
    customer_id  bigint not null,
    entered_at   timestamptz not null,
    primary key (tenant_id, segment_id, customer_id)
);

-- One size per segment and day (the workspace's calendar), for the trend on the segment list.
create table audiences.segment_size (
    tenant_id   bigint not null,
    segment_id  bigint not null,
    day         date not null,
    size        bigint not null,
    primary key (tenant_id, segment_id, day)
);

do $$
declare
    t text;
begin
    foreach t in array array['group_member', 'activity', 'segment', 'segment_member', 'segment_size'] loop
        execute format('alter table audiences.%I enable row level security', t);
        execute format('alter table audiences.%I force row level security', t);
        execute format('create policy tenant_isolation on audiences.%I using (tenant_id = shared.current_tenant())'
                       ' with check (tenant_id = shared.current_tenant())', t);
        execute format('grant select, insert, update, delete on audiences.%I to %I', t, '${app_role}');
    end loop;
end
$$;
grant usage on all sequences in schema audiences to ${app_role};
