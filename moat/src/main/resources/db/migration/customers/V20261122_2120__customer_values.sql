-- Derived values per profile (docs/metrics.md): lifecycle stage, RFM scores and segment, loyalty type and the
-- reason for it. Recomputed as purchases arrive and in full every night (RFM ranks every buyer against all others).
create table customers.customer_value (
    tenant_id       bigint not null,
    customer_id     bigint not null,
    stage           text not null,
    rfm_recency     int,
    rfm_frequency   int,
    rfm_monetary    int,
    rfm_segment     text,
    loyalty         text not null,
    loyalty_reason  text not null,
    orders          int not null,
    net_spend_fen   bigint not null,
    last_order_at   timestamptz,
    computed_at     timestamptz not null,
    primary key (tenant_id, customer_id)
);
create index customer_value_stage_idx on customers.customer_value (tenant_id, stage);

alter table customers.customer_value enable row level security;
alter table customers.customer_value force row level security;
create policy tenant_isolation on customers.customer_value using (tenant_id = shared.current_tenant())
    with check (tenant_id = shared.current_tenant());
grant select, insert, update, delete on customers.customer_value to ${app_role};
