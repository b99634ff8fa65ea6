-- The tags a merge moved from the absorbed profile to the survivor, so unmerging gives them back: added says the
-- survivor did not have the tag before (so it goes back rather than being copied).
create table tags.merge_move (
    tenant_id    bigint not null,
    survivor_id  bigint not null,
    merged_id    bigint not null,
    tag_id       bigint not null,
    source       text not null,
    assigned_by  text not null,
    assigned_at  timestamptz not null,
    added        boolean not null,
    primary key (tenant_id, survivor_id, merged_id, tag_id)
);

alter table tags.merge_move enable row level security;
alter table tags.merge_move force row level security;
create policy tenant_isolation on tags.merge_move using (tenant_id = shared.current_tenant())
    with check (tenant_id = shared.current_tenant());
grant select, insert, update, delete on tags.merge_move to ${app_role};
