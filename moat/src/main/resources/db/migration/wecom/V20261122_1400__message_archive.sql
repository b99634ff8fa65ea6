-- Group messages from WeCom's message archive (会话存档), pulled by sequence number from a JSON feed: the
-- simulator's, or in production a sidecar running WeCom's native archive SDK. Raw content is kept for the
-- community metrics (speakers, messages per member) and the sensitive-word guard.
alter table wecom.corp_config add column archive_feed_url text;

create table wecom.archived_message (
    tenant_id    bigint not null,
    seq          bigint not null,
    msg_id       text not null,
    room_id      text,
    sender       text not null,
    sent_at      timestamptz not null,
    msg_type     text not null,
    action       text not null,
    content      text,
    primary key (tenant_id, seq),
    unique (tenant_id, msg_id)
);
create index archived_message_room_idx on wecom.archived_message (tenant_id, room_id, sent_at);

create table wecom.archive_cursor (
    tenant_id   bigint primary key,
    last_seq    bigint not null default 0,
    pulled_at   timestamptz not null
);

do $$
declare
    t text;
begin
    foreach t in array array['archived_message', 'archive_cursor'] loop
        execute format('alter table wecom.%I enable row level security', t);
        execute format('alter table wecom.%I force row level security', t);
        execute format('create policy tenant_isolation on wecom.%I using (tenant_id = shared.current_tenant())'
                       ' with check (tenant_id = shared.current_tenant())', t);
        execute format('grant select, insert, update, delete on wecom.%I to %I', t, '${app_role}');
    end loop;
end
$$;
