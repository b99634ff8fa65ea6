-- Each profile's purchases: commerce's orders as the derived values need them, linked to a profile by the
-- buyer's identities (order to fan). Orders whose buyer cannot be identified stay unlinked and count against the
-- match rate.
create table customers.purchase (
    tenant_id     bigint not null,
    order_id      bigint not null,
    customer_id   bigint,
    platform      text not null,
    order_no      text not null,
    status        text not null,
    paid_fen      bigint not null,
    refunded_fen  bigint not null,
    paid_at       timestamptz,
    on_deal       boolean not null default false,
    linked_by     text,
    primary key (tenant_id, order_id)
);
create index purchase_customer_idx on customers.purchase (tenant_id, customer_id, paid_at);

alter table customers.purchase enable row level security;
alter table customers.purchase force row level security;
create policy tenant_isolation on customers.purchase using (tenant_id = shared.current_tenant())
    with check (tenant_id = shared.current_tenant());
grant select, insert, update, delete on customers.purchase to ${app_role};
