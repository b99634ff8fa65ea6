-- Tag groups and tags of five kinds; groups that sync with WeCom carry their corp tag ids. Assignments are their own
-- (large, hot) table keyed by customer. Rule tags keep their condition; channel codes (contact-way states) map to
-- tags; bulk tagging jobs keep one result row per customer and staff relation so a resumed job skips what is done.
create schema tags;
grant usage on schema tags to ${app_role};

create table tags.tag_group (
    tenant_id       bigint not null,
    id              bigint generated always as identity,
    name            text not null,
    kind            text not null check (kind in ('manual', 'channel', 'rule', 'survey', 'system')),
    wecom_sync      boolean not null default false,
    wecom_group_id  text,
    sort            bigint not null default 0,
    created_at      timestamptz not null,
    deleted_at      timestamptz,
    primary key (tenant_id, id),
    check (kind <> 'rule' or not wecom_sync)
);
create unique index tag_group_name_idx on tags.tag_group (tenant_id, name) where deleted_at is null;
create unique index tag_group_wecom_idx on tags.tag_group (tenant_id, wecom_group_id)
    where deleted_at is null and wecom_group_id is not null;

create table tags.tag (
    tenant_id     bigint not null,
    id            bigint generated always as identity,
    group_id      bigint not null,
    name          text not null,
    wecom_tag_id  text,
    sort          bigint not null default 0,
    created_at    timestamptz not null,
    deleted_at    timestamptz,
    primary key (tenant_id, id),
    foreign key (tenant_id, group_id) references tags.tag_group (tenant_id, id)
);
create unique index tag_name_idx on tags.tag (tenant_id, group_id, name) where deleted_at is null;
create unique index tag_wecom_idx on tags.tag (tenant_id, wecom_tag_id)
    where deleted_at is null and wecom_tag_id is not null;

-- Set-like: a customer has a tag or not; source says who decided (a person, a channel, a rule, WeCom).
create table tags.tag_assignment (
    tenant_id    bigint not null,
    customer_id  bigint not null,
    tag_id       bigint not null,
    source       text not null check (source in ('manual', 'channel', 'rule', 'survey', 'system', 'wecom')),
    assigned_by  text not null,
    assigned_at  timestamptz not null,
    primary key (tenant_id, customer_id, tag_id),
    foreign key (tenant_id, tag_id) references tags.tag (tenant_id, id)
);
create index tag_assignment_tag_idx on tags.tag_assignment (tenant_id, tag_id);

create table tags.rule (
    tenant_id          bigint not null,
    tag_id             bigint not null,
    condition          jsonb not null,
    last_evaluated_at  timestamptz,
    primary key (tenant_id, tag_id),
    foreign key (tenant_id, tag_id) references tags.tag (tenant_id, id)
);

-- A channel code's state and the tags a customer who scans it receives (besides channel-group tags named so).
create table tags.channel_tag (
    tenant_id  bigint not null,
    state      text not null,
    tag_id     bigint not null,
    primary key (tenant_id, state, tag_id),
    foreign key (tenant_id, tag_id) references tags.tag (tenant_id, id)
);

-- Channel tags owed to a customer whose profile did not exist yet when the add arrived; settled once it does.
create table tags.channel_arrival (
    tenant_id         bigint not null,
    external_user_id  text not null,
    tag_id            bigint not null,
    state             text not null,
    arrived_at        timestamptz not null,
    primary key (tenant_id, external_user_id, tag_id)
);

create table tags.bulk_job (
    tenant_id       bigint not null,
    id              bigint generated always as identity,
    add_tag_ids     bigint[] not null,
    remove_tag_ids  bigint[] not null,
    customer_ids    bigint[] not null,
    status          text not null check (status in ('running', 'completed', 'failed')),
    total           int not null,
    done            int not null default 0,
    failed          int not null default 0,
    skipped         int not null default 0,
    failure         text,
    lease_token     bigint not null default 0,
    lease_until     timestamptz,
    started_by      text not null,
    started_at      timestamptz not null,
    finished_at     timestamptz,
    primary key (tenant_id, id),
    check (done <= total)
);
create index bulk_job_running_idx on tags.bulk_job (tenant_id, id) where status = 'running';

-- One row per customer and staff relation (staff_user_id is null when no WeCom call was due or possible).
create table tags.bulk_result (
    tenant_id      bigint not null,
    job_id         bigint not null,
    customer_id    bigint not null,
    staff_user_id  text,
    outcome        text not null check (outcome in ('ok', 'failed', 'skipped')),
    reason         text,
    foreign key (tenant_id, job_id) references tags.bulk_job (tenant_id, id)
);
create unique index bulk_result_idx on tags.bulk_result (tenant_id, job_id, customer_id, coalesce(staff_user_id, ''));
create index bulk_result_problem_idx on tags.bulk_result (tenant_id, job_id, customer_id) where outcome <> 'ok';

do $$
declare
    t text;
begin
    foreach t in array array['tag_group', 'tag', 'tag_assignment', 'rule', 'channel_tag', 'channel_arrival',
                             'bulk_job', 'bulk_result'] loop
        execute format('alter table tags.%I enable row level security', t);
        execute format('alter table tags.%I force row level security', t);
        execute format('create policy tenant_isolation on tags.%I using (tenant_id = shared.current_tenant())'
                       ' with check (tenant_id = shared.current_tenant())', t);
        execute format('grant select, insert, update, delete on tags.%I to %I', t, '${app_role}');
    end loop;
end
$$;
grant usage on all sequences in schema tags to ${app_role};
