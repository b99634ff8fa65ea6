-- The send broker. One row per requested send (the send log), keyed per tenant by its deterministic idempotency key;
-- it ends in exactly one final state (sent, skipped or failed, the last two with a reason), enforced below. Mass
-- sends are batched per staff member into WeCom tasks (add_msg_template) that the member confirms; a task row
-- follows one WeCom msgid. The policy row holds a workspace's quiet hours, brand caps and receive quota.
create schema messaging;
grant usage on schema messaging to ${app_role};

create table messaging.send (
    tenant_id         bigint not null,
    id                bigint generated always as identity,
    send_key          text not null,
    journey_id        text,
    step_id           text,
    channel           text not null check (channel in ('customer', 'group', 'welcome')),
    customer_id       bigint,
    external_user_id  text,
    chat_id           text,
    staff_user_id     text,
    tried_staff       text[] not null default '{}',
    body              text not null,
    attachments       jsonb not null default '[]',
    welcome_code      text,
    priority          text not null check (priority in ('high', 'normal', 'low')),
    not_before        timestamptz not null,
    hold_until        timestamptz not null,
    requested_at      timestamptz not null,
    state             text not null check (state in ('pending', 'held', 'queued', 'tasked', 'sent', 'skipped', 'failed')),
    reason            text,
    counted_at        timestamptz,
    task_id           bigint,
    settled_at        timestamptz,
    primary key (tenant_id, id),
    unique (tenant_id, send_key),
    -- exactly one final state: settled iff sent/skipped/failed, and skipped/failed always say why
    check ((state in ('sent', 'skipped', 'failed')) = (settled_at is not null)),
    check (state not in ('skipped', 'failed') or reason is not null),
    check (channel <> 'group' or chat_id is not null),
    check (channel = 'group' or customer_id is not null)
);
create index send_customer_idx on messaging.send (tenant_id, customer_id, id desc);
create index send_state_idx on messaging.send (tenant_id, state, id desc);
create index send_journey_idx on messaging.send (tenant_id, journey_id, step_id) where journey_id is not null;
-- caps and quota count the places a recipient's sends took in a window
create index send_counted_customer_idx on messaging.send (tenant_id, external_user_id, counted_at)
    where counted_at is not null;
create index send_counted_group_idx on messaging.send (tenant_id, chat_id, counted_at) where counted_at is not null;
create index send_queued_idx on messaging.send (tenant_id, staff_user_id, priority) where state = 'queued';
create index send_task_idx on messaging.send (tenant_id, task_id) where task_id is not null;

create table messaging.task (
    tenant_id         bigint not null,
    id                bigint generated always as identity,
    staff_user_id     text not null,
    audience          text not null check (audience in ('customers', 'groups')),
    body              text not null,
    attachments       jsonb not null default '[]',
    msg_id            text,
    state             text not null check (state in ('creating', 'awaiting', 'settled', 'expired', 'failed')),
    created_at        timestamptz not null,
    deadline_at       timestamptz not null,
    reminders         int not null default 0,
    last_reminded_at  timestamptz,
    settled_at        timestamptz,
    primary key (tenant_id, id)
);
create index task_open_idx on messaging.task (tenant_id, id) where state in ('creating', 'awaiting');

create table messaging.policy (
    tenant_id        bigint not null primary key,
    quiet_start      time,
    quiet_end        time,
    daily_cap        int check (daily_cap > 0),
    weekly_cap       int check (weekly_cap > 0),
    monthly_quota    int check (monthly_quota > 0),
    priority_reserve int not null default 1 check (priority_reserve >= 0),
    confirm_within   interval not null default '24 hours',
    remind_every     interval not null default '4 hours',
    updated_at       timestamptz not null
);

do $$
declare
    t text;
begin
    foreach t in array array['send', 'task', 'policy'] loop
        execute format('alter table messaging.%I enable row level security', t);
        execute format('alter table messaging.%I force row level security', t);
        execute format('create policy tenant_isolation on messaging.%I using (tenant_id = shared.current_tenant())'
                       ' with check (tenant_id = shared.current_tenant())', t);
        execute format('grant select, insert, update, delete on messaging.%I to %I', t, '${app_role}');
    end loop;
end
$$;
grant usage on all sequences in schema messaging to ${app_role};
