-- Join codes: WeCom group join ways (「加入群聊」) made from Moat, each with a public page whose visits are the
-- code's scans (WeCom itself reports none) and a state that WeCom puts on every member who joins through it.
create table community.join_code (
    tenant_id        bigint not null,
    id               bigint generated always as identity,
    code             text not null,
    name             text not null,
    state            text not null,
    config_id        text not null,
    qr_code          text,
    chat_ids         text[] not null,
    auto_create_room boolean not null,
    room_base_name   text,
    room_base_id     int,
    created_at       timestamptz not null,
    deleted_at       timestamptz,
    primary key (tenant_id, id)
);
create unique index join_code_code_idx on community.join_code (code);
create unique index join_code_state_idx on community.join_code (tenant_id, state);

create table community.join_code_scan (
    tenant_id  bigint not null,
    id         bigint generated always as identity,
    code_id    bigint not null,
    at         timestamptz not null,
    primary key (tenant_id, id),
    foreign key (tenant_id, code_id) references community.join_code (tenant_id, id)
);
create index join_code_scan_idx on community.join_code_scan (tenant_id, code_id, at);

-- The join way's state a member joined with (groupchat/get member.state), so joins can be counted per code.
alter table community.membership_event add column state text;

-- Admins come from WeCom (groupchat/get admin_list); a role set by staff is not overwritten by the sync.
alter table community.member add column wecom_admin boolean not null default false;

-- WeCom's own group statistics (groupchat/statistic) per owner and Beijing day, pulled for workspaces without the
-- message archive: WeCom keeps them for a limited time only.
create table community.owner_day_stat (
    tenant_id            bigint not null,
    owner                text not null,
    day                  date not null,
    new_chats            bigint not null,
    chats                bigint not null,
    chats_with_messages  bigint not null,
    new_members          bigint not null,
    members              bigint not null,
    members_who_spoke    bigint not null,
    messages             bigint not null,
    pulled_at            timestamptz not null,
    primary key (tenant_id, owner, day)
);

do $$
declare
    t text;
begin
    foreach t in array array['join_code', 'join_code_scan', 'owner_day_stat'] loop
        execute format('alter table community.%I enable row level security', t);
        execute format('alter table community.%I force row level security', t);
        execute format('create policy tenant_isolation on community.%I using (tenant_id = shared.current_tenant())'
                       ' with check (tenant_id = shared.current_tenant())', t);
        execute format('grant select, insert, update, delete on community.%I to %I', t, '${app_role}');
    end loop;
end
$$;
grant usage on all sequences in schema community to ${app_role};
