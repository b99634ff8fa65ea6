-- Who fell into which arm of a split (arm null: the holdout, who leave the journey there), at the split's logical
-- moment, and the first paid order journeys heard of in the attribution window after it (docs/metrics.md, "Journey
-- holdout conversion"). One row per enrolment and split step, written in the transaction that ran the split.
create table journeys.split_member (
    tenant_id     bigint not null,
    enrolment_id  bigint not null,
    step_id       text not null,
    journey_id    bigint not null,
    version       int not null,
    customer_id   bigint not null,
    arm           text,
    at            timestamptz not null,
    window_until  timestamptz not null,
    converted_at  timestamptz,
    primary key (tenant_id, enrolment_id, step_id),
    foreign key (tenant_id, enrolment_id) references journeys.enrolment (tenant_id, id)
);
create index split_member_open_idx on journeys.split_member (tenant_id, customer_id, window_until)
    where converted_at is null;
create index split_member_journey_idx on journeys.split_member (tenant_id, journey_id, version, step_id);

do $$
declare
    t text;
begin
    foreach t in array array['split_member'] loop
        execute format('alter table journeys.%I enable row level security', t);
        execute format('alter table journeys.%I force row level security', t);
        execute format('create policy tenant_isolation on journeys.%I using (tenant_id = shared.current_tenant())'
                       ' with check (tenant_id = shared.current_tenant())', t);
        execute format('grant select, insert, update, delete on journeys.%I to %I', t, '${app_role}');
    end loop;
end
$$;
