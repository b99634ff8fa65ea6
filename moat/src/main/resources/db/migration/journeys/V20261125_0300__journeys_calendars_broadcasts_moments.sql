-- Group SOP calendars: one per group type; its slots (daily, or on a weekday, at a local time) are a JSON array
-- because they are edited and read as one week grid. Each slot keeps a stable key across edits, so a post already
-- made for (calendar, slot, day, group) is never made again after the slot is moved or renamed.
create table journeys.sop_calendar (
    tenant_id   bigint not null,
    id          bigserial,
    group_type  text not null,
    name        text not null,
    active      boolean not null default true,
    slots       jsonb not null default '[]',
    revision    integer not null default 1,
    updated_at  timestamptz not null,
    primary key (tenant_id, id),
    unique (tenant_id, group_type)
);

-- One row per slot occurrence and group: the primary key is the idempotency of the calendar (a second sweep, a
-- restart or another instance inserts nothing). send_id is the send broker's send for it.
create table journeys.sop_post (
    tenant_id    bigint not null,
    calendar_id  bigint not null,
    slot_key     text not null,
    local_date   date not null,
    chat_id      text not null,
    due_at       timestamptz not null,
    title        text not null,
    send_id      bigint not null,
    created_at   timestamptz not null,
    primary key (tenant_id, calendar_id, slot_key, local_date, chat_id),
    foreign key (tenant_id, calendar_id) references journeys.sop_calendar (tenant_id, id)
);
create index sop_post_due_idx on journeys.sop_post (tenant_id, calendar_id, due_at desc);

-- Broadcasts: a one-off send to the members of an audience condition (a saved segment's or an ad-hoc one) at a
-- chosen moment. Recipients are the broker's sends (key broadcast/<id>/customer/<customer>).
create table journeys.broadcast (
    tenant_id      bigint not null,
    id             bigserial,
    name           text not null,
    condition      jsonb not null,
    text           text not null,
    attachments    jsonb not null default '[]',
    send_at        timestamptz not null,
    status         text not null check (status in ('scheduled', 'running', 'done', 'cancelled')),
    preview_count  bigint not null,
    requested      bigint not null default 0,
    created_by     text,
    created_at     timestamptz not null,
    started_at     timestamptz,
    finished_at    timestamptz,
    cancelled_at   timestamptz,
    primary key (tenant_id, id)
);

-- Moments plans: one enterprise Moments post (WeCom add_moment_task) for one staff member at a moment, visible to
-- the member's customers holding any of the tags (none: all of them).
create table journeys.moment_plan (
    tenant_id      bigint not null,
    id             bigserial,
    staff_user_id  text not null,
    text           text not null,
    attachments    jsonb not null default '[]',
    tag_ids        text[] not null default '{}',
    post_at        timestamptz not null,
    local_date     date not null,
    status         text not null check (status in ('scheduled', 'creating', 'created', 'failed', 'cancelled')),
    job_id         text,
    moment_id      text,
    reason         text,
    reach          integer not null default 0,
    over_cap       integer not null default 0,
    created_at     timestamptz not null,
    primary key (tenant_id, id)
);
create index moment_plan_day_idx on journeys.moment_plan (tenant_id, local_date);

-- Who a plan is counted against: one row per (plan, customer) it targets, so the per-customer daily Moments cap is
-- counted by day over every plan that reaches a customer, by whichever staff member posts it.
create table journeys.moment_reach (
    tenant_id    bigint not null,
    plan_id      bigint not null,
    customer_id  bigint not null,
    local_date   date not null,
    counted      boolean not null,
    primary key (tenant_id, plan_id, customer_id),
    foreign key (tenant_id, plan_id) references journeys.moment_plan (tenant_id, id)
);
create index moment_reach_day_idx on journeys.moment_reach (tenant_id, customer_id, local_date) where counted;

do $$
declare
    t text;
begin
    foreach t in array array['sop_calendar', 'sop_post', 'broadcast', 'moment_plan', 'moment_reach'] loop
        execute format('alter table journeys.%I enable row level security', t);
        execute format('alter table journeys.%I force row level security', t);
        execute format('create policy tenant_isolation on journeys.%I using (tenant_id = shared.current_tenant())'
                       ' with check (tenant_id = shared.current_tenant())', t);
        execute format('grant select, insert, update, delete on journeys.%I to %I', t, '${app_role}');
    end loop;
end
$$;
grant usage on all sequences in schema journeys to ${app_role};
