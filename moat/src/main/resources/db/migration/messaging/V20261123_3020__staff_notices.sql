-- App notifications to staff members (new task, customer waiting, …). WeCom lets a member receive 30 app messages a
-- minute; a notice past that waits for a place instead of being dropped, and its key keeps a retried caller from
-- notifying twice.
create table messaging.staff_notice (
    tenant_id      bigint not null,
    id             bigint generated always as identity,
    notice_key     text not null,
    staff_user_id  text not null,
    body           text not null,
    state          text not null check (state in ('waiting', 'sent', 'failed')),
    reason         text,
    requested_at   timestamptz not null,
    sent_at        timestamptz,
    primary key (tenant_id, id),
    unique (tenant_id, notice_key),
    check (state <> 'failed' or reason is not null)
);
create index staff_notice_sent_idx on messaging.staff_notice (tenant_id, staff_user_id, sent_at) where state = 'sent';

alter table messaging.staff_notice enable row level security;
alter table messaging.staff_notice force row level security;
create policy tenant_isolation on messaging.staff_notice using (tenant_id = shared.current_tenant())
    with check (tenant_id = shared.current_tenant());
grant select, insert, update, delete on messaging.staff_notice to ${app_role};
grant usage on all sequences in schema messaging to ${app_role};
