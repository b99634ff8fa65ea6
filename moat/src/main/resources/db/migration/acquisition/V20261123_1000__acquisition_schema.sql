-- Channel codes (渠道活码): a code Moat hosts at /c/{code}, one WeCom contact way per staff member behind it (each
-- with its own state), the rotation that picks the staff member for each visit (every decision logged with its
-- reason), what happened on each add (attribution, welcome message with its one final state), deletions after an
-- add, and package-card batches with their costs.
create schema acquisition;
grant usage on schema acquisition to ${app_role};

create table acquisition.channel (
    tenant_id        bigint not null,
    id               bigint generated always as identity,
    code             text not null,
    name             text not null,
    kind             text not null check (kind in ('package_card', 'official_account', 'mini_program', 'channels_live',
                                                   'sms', 'offline', 'partner', 'other')),
    kind_fields      jsonb not null default '{}',
    rotation_mode    text not null check (rotation_mode in ('round_robin', 'weighted')),
    sticky           boolean not null default true,
    tag_ids          bigint[] not null default '{}',
    welcome          jsonb not null,
    cost_fen         bigint not null default 0 check (cost_fen >= 0),
    public_base_url  text not null,
    created_at       timestamptz not null,
    updated_at       timestamptz not null,
    deleted_at       timestamptz,
    primary key (tenant_id, id)
);
create unique index channel_code_idx on acquisition.channel (tenant_id, code);
create unique index channel_name_idx on acquisition.channel (tenant_id, name) where deleted_at is null;

-- One WeCom contact way per staff member per channel. The state is unique in the workspace for ever (a deleted
-- channel keeps its rows), so a late add through an old QR still finds its channel.
create table acquisition.channel_staff (
    tenant_id       bigint not null,
    channel_id      bigint not null,
    staff_user_id   text not null,
    position        int not null,
    state           text not null check (length(state) between 1 and 30),
    config_id       text,
    qr_code         text,
    weight          int not null default 1 check (weight between 1 and 100),
    daily_cap       int check (daily_cap is null or daily_cap >= 0),
    working_hours   jsonb not null default '{}',
    backup          boolean not null default false,
    online          boolean not null default true,
    removed_at      timestamptz,
    left_at         timestamptz,
    primary key (tenant_id, channel_id, staff_user_id),
    foreign key (tenant_id, channel_id) references acquisition.channel (tenant_id, id)
);
create unique index channel_staff_state_idx on acquisition.channel_staff (tenant_id, state);

-- Every visit of /c/{code}: exposure data without personal data (a first-party visitor id, user agent, referrer) and
-- the rotation's decision with its reason.
create table acquisition.visit (
    tenant_id      bigint not null,
    id             bigint generated always as identity,
    channel_id     bigint not null,
    visitor_id     text not null,
    at             timestamptz not null,
    day            date not null,
    staff_user_id  text,
    decision       text not null check (decision in ('sticky', 'primary', 'backup', 'none')),
    reason         text not null,
    user_agent     text,
    referrer       text,
    primary key (tenant_id, id),
    foreign key (tenant_id, channel_id) references acquisition.channel (tenant_id, id)
);
create index visit_channel_day_idx on acquisition.visit (tenant_id, channel_id, day, staff_user_id);

-- "The same customer returns to the same staff": the visitor's staff member per channel.
create table acquisition.visitor_staff (
    tenant_id      bigint not null,
    channel_id     bigint not null,
    visitor_id     text not null,
    staff_user_id  text not null,
    first_at       timestamptz not null,
    primary key (tenant_id, channel_id, visitor_id)
);

-- One row per add through a channel's state (a duplicate callback finds the row already there). removed_at is set
-- when either side deletes the relation.
create table acquisition.arrival (
    tenant_id         bigint not null,
    id                bigint generated always as identity,
    channel_id        bigint not null,
    staff_user_id     text not null,
    external_user_id  text not null,
    state             text not null,
    added_at          timestamptz not null,
    day               date not null,
    removed_at        timestamptz,
    removed_by        text,
    primary key (tenant_id, id),
    foreign key (tenant_id, channel_id) references acquisition.channel (tenant_id, id)
);
create unique index arrival_once_idx on acquisition.arrival (tenant_id, external_user_id, staff_user_id, added_at);
create index arrival_channel_day_idx on acquisition.arrival (tenant_id, channel_id, day);

-- First touch and last touch per WeCom customer.
create table acquisition.attribution (
    tenant_id         bigint not null,
    external_user_id  text not null,
    first_channel_id  bigint not null,
    first_at          timestamptz not null,
    last_channel_id   bigint not null,
    last_at           timestamptz not null,
    primary key (tenant_id, external_user_id)
);

-- Each welcome message: exactly one row per add (welcome code, or the add itself when WeCom gave none), ending in
-- one state: sent, failed (with WeCom's errcode: 41050 expired, 41051 used, …) or skipped (no code: the admin console
-- welcome applies; channel deleted). Kept so the common send log can report it.
create table acquisition.welcome_send (
    tenant_id         bigint not null,
    id                bigint generated always as identity,
    arrival_id        bigint,
    channel_id        bigint,
    staff_user_id     text not null,
    external_user_id  text not null,
    welcome_key       text not null,
    status            text not null check (status in ('sending', 'sent', 'failed', 'skipped')),
    reason            text,
    errcode           int,
    text              text,
    benefit_url       text,
    attachments       int not null default 0,
    created_at        timestamptz not null,
    finished_at       timestamptz,
    primary key (tenant_id, id)
);
create unique index welcome_send_once_idx on acquisition.welcome_send (tenant_id, welcome_key);
create index welcome_send_channel_idx on acquisition.welcome_send (tenant_id, channel_id, status);

-- An add whose state names no channel, or a channel that is gone: recorded, not dropped.
create table acquisition.stray_add (
    tenant_id         bigint not null,
    id                bigint generated always as identity,
    external_user_id  text not null,
    staff_user_id     text not null,
    state             text not null,
    reason            text not null,
    at                timestamptz not null,
    primary key (tenant_id, id)
);

create table acquisition.batch (
    tenant_id         bigint not null,
    id                bigint generated always as identity,
    channel_id        bigint not null,
    name              text not null,
    parcels           int not null check (parcels > 0),
    card_cost_fen     bigint not null default 0 check (card_cost_fen >= 0),
    benefit_cost_fen  bigint not null default 0 check (benefit_cost_fen >= 0),
    starts_on         date not null,
    ends_on           date not null check (ends_on >= starts_on),
    created_at        timestamptz not null,
    primary key (tenant_id, id),
    foreign key (tenant_id, channel_id) references acquisition.channel (tenant_id, id)
);

do $$
declare
    t text;
begin
    foreach t in array array['channel', 'channel_staff', 'visit', 'visitor_staff', 'arrival', 'attribution',
                             'welcome_send', 'stray_add', 'batch'] loop
        execute format('alter table acquisition.%I enable row level security', t);
        execute format('alter table acquisition.%I force row level security', t);
        execute format('create policy tenant_isolation on acquisition.%I using (tenant_id = shared.current_tenant())'
                       ' with check (tenant_id = shared.current_tenant())', t);
        execute format('grant select, insert, update, delete on acquisition.%I to %I', t, '${app_role}');
    end loop;
end
$$;
grant usage on all sequences in schema acquisition to ${app_role};
