-- The WeCom adapter's own tables: a workspace's corp configuration (secrets sealed with AES-GCM), the callback
-- inbox, and the mirror of what WeCom knows (departments, staff, external contacts and follow relations, corp
-- tags, customer groups and members), plus the record of sync runs.
create schema wecom;
grant usage on schema wecom to ${app_role};

create table wecom.corp_config (
    tenant_id       bigint primary key,
    corp_id         text not null,
    agent_id        bigint not null,
    secret_sealed   text not null,
    token_sealed    text not null,
    aes_key_sealed  text not null,
    api_base_url    text not null,
    updated_at      timestamptz not null,
    check_ok        boolean,
    check_at        timestamptz,
    check_detail    text
);

-- Transport-level replay guard: a signature seen once is never processed again.
create table wecom.callback_seen (
    tenant_id      bigint not null,
    msg_signature  text not null,
    seen_at        timestamptz not null,
    primary key (tenant_id, msg_signature)
);

-- Every accepted callback, once: event_key hashes all of the event's fields, so WeCom's retries and duplicates
-- collapse while distinct events in the same second do not.
create table wecom.inbox (
    tenant_id        bigint not null,
    id               bigint generated always as identity,
    event_key        text not null,
    event            text not null,
    change_type      text not null default '',
    fields           jsonb not null,
    received_at      timestamptz not null,
    next_attempt_at  timestamptz not null,
    attempts         int not null default 0,
    processed_at     timestamptz,
    failed_at        timestamptz,
    last_error       text,
    primary key (tenant_id, id),
    unique (tenant_id, event_key)
);
create index inbox_pending_idx on wecom.inbox (tenant_id, next_attempt_at) where processed_at is null and failed_at is null;

create table wecom.department (
    tenant_id  bigint not null,
    id         bigint not null,
    name       text not null,
    parent_id  bigint,
    synced_at  timestamptz not null,
    primary key (tenant_id, id)
);

create table wecom.staff (
    tenant_id    bigint not null,
    user_id      text not null,
    name         text not null,
    departments  bigint[] not null default '{}',
    status       int not null default 1,
    active       boolean not null default true,
    synced_at    timestamptz not null,
    primary key (tenant_id, user_id)
);

create table wecom.contact (
    tenant_id         bigint not null,
    external_user_id  text not null,
    name              text not null,
    type              int not null,
    gender            int not null default 0,
    unionid           text,
    avatar            text,
    corp_name         text,
    synced_at         timestamptz not null,
    primary key (tenant_id, external_user_id)
);

create table wecom.follow (
    tenant_id               bigint not null,
    external_user_id        text not null,
    user_id                 text not null,
    remark                  text,
    description             text,
    state                   text,
    add_way                 int,
    oper_user_id            text,
    added_at                timestamptz,
    tag_ids                 text[] not null default '{}',
    remark_mobiles_sealed   text,
    active                  boolean not null default true,
    removed_at              timestamptz,
    removed_by              text check (removed_by in ('staff', 'customer', 'transfer')),
    synced_at               timestamptz not null,
    primary key (tenant_id, external_user_id, user_id)
);
create index follow_user_idx on wecom.follow (tenant_id, user_id);

create table wecom.corp_tag (
    tenant_id   bigint not null,
    tag_id      text not null,
    group_id    text not null,
    group_name  text not null,
    name        text not null,
    sort        bigint not null default 0,
    deleted     boolean not null default false,
    synced_at   timestamptz not null,
    primary key (tenant_id, tag_id)
);

create table wecom.group_chat (
    tenant_id       bigint not null,
    chat_id         text not null,
    name            text not null default '',
    owner_user_id   text,
    created_at      timestamptz,
    notice          text,
    member_version  text,
    status          int not null default 0,
    dismissed_at    timestamptz,
    synced_at       timestamptz not null,
    primary key (tenant_id, chat_id)
);

create table wecom.group_member (
    tenant_id       bigint not null,
    chat_id         text not null,
    member_id       text not null,
    member_type     int not null,
    joined_at       timestamptz,
    join_scene      int,
    invitor         text,
    state           text,
    group_nickname  text,
    name            text,
    left_at         timestamptz,
    synced_at       timestamptz not null,
    primary key (tenant_id, chat_id, member_id)
);

create table wecom.sync_run (
    tenant_id    bigint not null,
    id           bigint generated always as identity,
    kind         text not null check (kind in ('full', 'reconcile')),
    status       text not null check (status in ('running', 'succeeded', 'failed')),
    phase        text not null,
    started_at   timestamptz not null,
    finished_at  timestamptz,
    counts       jsonb not null default '{}',
    error        text,
    primary key (tenant_id, id)
);
-- One running sync per workspace.
create unique index sync_run_one_running on wecom.sync_run (tenant_id) where status = 'running';

do $$
declare
    t text;
begin
    foreach t in array array['corp_config', 'callback_seen', 'inbox', 'department', 'staff', 'contact', 'follow',
                             'corp_tag', 'group_chat', 'group_member', 'sync_run'] loop
        execute format('alter table wecom.%I enable row level security', t);
        execute format('alter table wecom.%I force row level security', t);
        execute format('create policy tenant_isolation on wecom.%I using (tenant_id = shared.current_tenant())'
                       ' with check (tenant_id = shared.current_tenant())', t);
        execute format('grant select, insert, update, delete on wecom.%I to %I', t, '${app_role}');
    end loop;
end
$$;
grant usage on all sequences in schema wecom to ${app_role};
