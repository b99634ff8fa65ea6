-- Custom fields per workspace: a definition (key, label, type text/number/date/choice, the choices of a choice) and
-- one value per customer and field, stored as normalised text (numbers plain, dates ISO) so it filters by equality.
create table customers.field_definition (
    tenant_id   bigint not null,
    id          bigint generated always as identity,
    key         text not null,
    label       text not null,
    type        text not null check (type in ('text', 'number', 'date', 'choice')),
    choices     text[] not null default '{}',
    created_at  timestamptz not null,
    deleted_at  timestamptz,
    primary key (tenant_id, id),
    check (type <> 'choice' or cardinality(choices) > 0)
);
create unique index field_definition_key_idx on customers.field_definition (tenant_id, key) where deleted_at is null;

create table customers.field_value (
    tenant_id    bigint not null,
    customer_id  bigint not null,
    field_id     bigint not null,
    value        text not null,
    updated_at   timestamptz not null,
    primary key (tenant_id, customer_id, field_id),
    foreign key (tenant_id, field_id) references customers.field_definition (tenant_id, id)
);
create index field_value_filter_idx on customers.field_value (tenant_id, field_id, value);

do $$
declare
    t text;
begin
    foreach t in array array['field_definition', 'field_value'] loop
        execute format('alter table customers.%I enable row level security', t);
        execute format('alter table customers.%I force row level security', t);
        execute format('create policy tenant_isolation on customers.%I using (tenant_id = shared.current_tenant())'
                       ' with check (tenant_id = shared.current_tenant())', t);
        execute format('grant select, insert, update, delete on customers.%I to %I', t, '${app_role}');
    end loop;
end
$$;
grant usage on all sequences in schema customers to ${app_role};
