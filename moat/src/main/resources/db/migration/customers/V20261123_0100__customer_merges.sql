-- Every merge keeps what it moved, so a person can undo a wrong one exactly: the absorbed profile's identities,
-- purchases and notes (by key), its staff relations and timeline facts (whole rows, with those the survivor did
-- not already have), the survivor's own fields before the merge filled them in, and the profiles that had been
-- merged into the absorbed one. Unmerging stamps the record; it is never deleted (the audit log points at it).
create table customers.merge (
    tenant_id     bigint not null,
    id            bigint generated always as identity,
    survivor_id   bigint not null,
    merged_id     bigint not null,
    reason        text not null,
    merged_at     timestamptz not null,
    moved         jsonb not null,
    unmerged_at   timestamptz,
    unmerged_by   text,
    primary key (tenant_id, id)
);
create index merge_survivor_idx on customers.merge (tenant_id, survivor_id);
create index merge_merged_idx on customers.merge (tenant_id, merged_id);

alter table customers.merge enable row level security;
alter table customers.merge force row level security;
create policy tenant_isolation on customers.merge using (tenant_id = shared.current_tenant())
    with check (tenant_id = shared.current_tenant());
grant select, insert, update on customers.merge to ${app_role};
grant usage on all sequences in schema customers to ${app_role};
