-- Customer groups as the handbook runs them. The registry (group, member, membership_event) is a projection of the
-- wecom module's group events and mirror; messages are a projection of the message archive (ids, sender, time,
-- kind: counts and last-spoke times derive from it). Policies are per group type; guard cases keep each member's
-- hits in a group with the tasks they led to and how they ended.
create schema community;
grant usage on schema community to ${app_role};

create table community.group_profile (
    tenant_id     bigint not null,
    chat_id       text not null,
    name          text not null default '',
    owner         text,
    group_type    text check (group_type in ('traffic', 'welfare', 'flash', 'vip', 'service')),
    tags          text[] not null default '{}',
    cost_fen      bigint not null default 0 check (cost_fen >= 0),
    created_at    timestamptz,
    dismissed_at  timestamptz,
    primary key (tenant_id, chat_id)
);

create table community.member (
    tenant_id   bigint not null,
    chat_id     text not null,
    member_id   text not null,
    staff       boolean not null,
    role        text not null default 'member' check (role in ('owner', 'admin', 'koc', 'vip', 'member')),
    name        text,
    joined_at   timestamptz not null,
    join_scene  int,
    invitor     text,
    state       text,
    left_at     timestamptz,
    primary key (tenant_id, chat_id, member_id)
);

-- Every join and quit with the time WeCom gave it; a member who leaves and returns has two joins.
create table community.membership_event (
    tenant_id  bigint not null,
    chat_id    text not null,
    member_id  text not null,
    kind       text not null check (kind in ('join', 'quit')),
    at         timestamptz not null,
    scene      int,
    staff      boolean not null,
    primary key (tenant_id, chat_id, member_id, kind, at)
);
create index membership_event_at_idx on community.membership_event (tenant_id, chat_id, at);

create table community.message (
    tenant_id  bigint not null,
    msg_id     text not null,
    chat_id    text not null,
    sender     text not null,
    sent_at    timestamptz not null,
    msg_type   text not null,
    primary key (tenant_id, msg_id)
);
create index message_chat_idx on community.message (tenant_id, chat_id, sent_at);
create index message_sender_idx on community.message (tenant_id, chat_id, sender, sent_at);

create table community.type_policy (
    tenant_id     bigint not null,
    group_type    text not null check (group_type in ('traffic', 'welfare', 'flash', 'vip', 'service')),
    silent_days   int check (silent_days >= 1),
    min_messages  int check (min_messages >= 1),
    window_days   int check (window_days >= 1),
    guard_links   boolean not null default true,
    guard_cards   boolean not null default true,
    rules_text    text not null default '',
    announcement  text not null default '',
    welcome_text  text not null default '',
    updated_at    timestamptz not null,
    primary key (tenant_id, group_type),
    check ((min_messages is null) = (window_days is null))
);

-- group_type null: the word applies to every type.
create table community.guard_word (
    tenant_id   bigint not null,
    id          bigint generated always as identity,
    group_type  text check (group_type in ('traffic', 'welfare', 'flash', 'vip', 'service')),
    kind        text not null check (kind in ('word', 'pattern')),
    text        text not null,
    created_at  timestamptz not null,
    primary key (tenant_id, id)
);
create unique index guard_word_idx on community.guard_word (tenant_id, coalesce(group_type, ''), kind, text);

create table community.guard_hit (
    tenant_id  bigint not null,
    msg_id     text not null,
    chat_id    text not null,
    member_id  text not null,
    matched    text not null,
    content    text not null,
    action     text not null check (action in ('warn', 'remove', 'record')),
    at         timestamptz not null,
    primary key (tenant_id, msg_id)
);
create index guard_hit_member_idx on community.guard_hit (tenant_id, chat_id, member_id, at);

create table community.guard_case (
    tenant_id        bigint not null,
    chat_id          text not null,
    member_id        text not null,
    hits             int not null,
    warning_task     bigint,
    removal_task     bigint,
    outcome          text check (outcome in ('left', 'stayed')),
    resolved_at      timestamptz,
    primary key (tenant_id, chat_id, member_id)
);

create table community.keyword (
    tenant_id   bigint not null,
    id          bigint generated always as identity,
    keyword     text not null,
    reply       text not null,
    hits        bigint not null default 0,
    last_hit_at timestamptz,
    created_at  timestamptz not null,
    primary key (tenant_id, id)
);
create unique index keyword_idx on community.keyword (tenant_id, lower(keyword));

do $$
declare
    t text;
begin
    foreach t in array array['group_profile', 'member', 'membership_event', 'message', 'type_policy', 'guard_word',
                             'guard_hit', 'guard_case', 'keyword'] loop
        execute format('alter table community.%I enable row level security', t);
        execute format('alter table community.%I force row level security', t);
        execute format('create policy tenant_isolation on community.%I using (tenant_id = shared.current_tenant())'
                       ' with check (tenant_id = shared.current_tenant())', t);
        execute format('grant select, insert, update, delete on community.%I to %I', t, '${app_role}');
    end loop;
end
$$;
grant usage on all sequences in schema community to ${app_role};
