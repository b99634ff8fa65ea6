-- Journeys: a journey is edited as a draft and published as numbered, immutable versions; new enrolments take the
-- latest version and running ones finish on the version they started. An enrolment is (journey, customer,
-- occurrence); the trigger reference that created it is unique per journey, so a redelivered event enrols nobody
-- twice. Each scheduled wake of an enrolment carries its sequence number: a wake whose number is not the
-- enrolment's current one is stale and does nothing. Per-step counters are kept per version.
create schema journeys;
grant usage on schema journeys to ${app_role};

create table journeys.journey (
    tenant_id       bigint not null,
    id              bigint generated always as identity,
    name            text not null,
    status          text not null default 'draft' check (status in ('draft', 'active', 'paused', 'archived')),
    draft           jsonb not null,
    template        text,
    latest_version  int,
    trigger_type    text,
    created_at      timestamptz not null,
    updated_at      timestamptz not null,
    primary key (tenant_id, id),
    check (status = 'draft' or latest_version is not null)
);
create unique index journey_name_idx on journeys.journey (tenant_id, name) where status <> 'archived';
-- Triggers look up the live journeys of one kind.
create index journey_trigger_idx on journeys.journey (tenant_id, trigger_type) where status = 'active';

create table journeys.journey_version (
    tenant_id     bigint not null,
    journey_id    bigint not null,
    version       int not null,
    definition    jsonb not null,
    published_at  timestamptz not null,
    published_by  text not null,
    primary key (tenant_id, journey_id, version),
    foreign key (tenant_id, journey_id) references journeys.journey (tenant_id, id)
);

create table journeys.enrolment (
    tenant_id    bigint not null,
    id           bigint generated always as identity,
    journey_id   bigint not null,
    version      int not null,
    customer_id  bigint not null,
    occurrence   int not null check (occurrence >= 1),
    trigger_ref  text not null,
    state        text not null check (state in ('waiting', 'held', 'completed', 'exited', 'converted', 'held_out')),
    step_id      text,
    due_at       timestamptz,
    awaiting     text,
    seq          int not null default 0,
    entered_at   timestamptz not null,
    updated_at   timestamptz not null,
    finished_at  timestamptz,
    reason       text,
    primary key (tenant_id, id),
    foreign key (tenant_id, journey_id, version) references journeys.journey_version (tenant_id, journey_id, version),
    unique (tenant_id, journey_id, customer_id, occurrence),
    unique (tenant_id, journey_id, trigger_ref),
    check ((state in ('waiting', 'held')) = (finished_at is null))
);
create index enrolment_open_idx on journeys.enrolment (tenant_id, customer_id) where finished_at is null;
create index enrolment_step_idx on journeys.enrolment (tenant_id, journey_id, version, step_id) where finished_at is null;

create table journeys.step_stat (
    tenant_id   bigint not null,
    journey_id  bigint not null,
    version     int not null,
    step_id     text not null,
    entered     bigint not null default 0,
    passed      bigint not null default 0,
    exited      bigint not null default 0,
    converted   bigint not null default 0,
    primary key (tenant_id, journey_id, version, step_id)
);

-- What each action step did for an enrolment: the send log (with the broker's idempotency key), tags, tasks.
create table journeys.action (
    tenant_id        bigint not null,
    enrolment_id     bigint not null,
    step_id          text not null,
    kind             text not null,
    idempotency_key  text not null,
    outcome          text not null,
    detail           text,
    at               timestamptz not null,
    primary key (tenant_id, enrolment_id, step_id),
    foreign key (tenant_id, enrolment_id) references journeys.enrolment (tenant_id, id)
);
create index action_recent_idx on journeys.action (tenant_id, at desc);

do $$
declare
    t text;
begin
    foreach t in array array['journey', 'journey_version', 'enrolment', 'step_stat', 'action'] loop
        execute format('alter table journeys.%I enable row level security', t);
        execute format('alter table journeys.%I force row level security', t);
        execute format('create policy tenant_isolation on journeys.%I using (tenant_id = shared.current_tenant())'
                       ' with check (tenant_id = shared.current_tenant())', t);
        execute format('grant select, insert, update, delete on journeys.%I to %I', t, '${app_role}');
    end loop;
end
$$;
grant usage on all sequences in schema journeys to ${app_role};
