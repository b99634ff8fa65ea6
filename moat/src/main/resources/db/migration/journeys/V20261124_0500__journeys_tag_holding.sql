-- Which customers journeys last saw holding a tag that a live journey is triggered by (assigned or removed). The
-- tags module says only whom a change touched; comparing its answer with this projection tells which tags came and
-- went, and the insert or delete that records the difference is what fires the trigger, so a redelivered event or a
-- second listener fires nothing.
create table journeys.tag_holding (
    tenant_id    bigint not null,
    tag_id       bigint not null,
    customer_id  bigint not null,
    primary key (tenant_id, tag_id, customer_id)
);
create index tag_holding_customer_idx on journeys.tag_holding (tenant_id, customer_id);

do $$
declare
    t text;
begin
    foreach t in array array['tag_holding'] loop
        execute format('alter table journeys.%I enable row level security', t);
        execute format('alter table journeys.%I force row level security', t);
        execute format('create policy tenant_isolation on journeys.%I using (tenant_id = shared.current_tenant())'
                       ' with check (tenant_id = shared.current_tenant())', t);
        execute format('grant select, insert, update, delete on journeys.%I to %I', t, '${app_role}');
    end loop;
end
$$;
