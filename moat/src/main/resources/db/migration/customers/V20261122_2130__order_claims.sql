-- Order claims (订单转粉 by the customer's own hand): a customer opens a signed link from the welcome message,
-- types an order number (and the phone's last four digits), and the order joins their profile. Attempts are kept
-- to throttle guessing.
create table customers.claim_attempt (
    tenant_id     bigint not null,
    customer_id   bigint not null,
    attempted_at  timestamptz not null,
    order_no      text not null,
    outcome       text not null
);
create index claim_attempt_customer_idx on customers.claim_attempt (tenant_id, customer_id, attempted_at);

alter table customers.claim_attempt enable row level security;
alter table customers.claim_attempt force row level security;
create policy tenant_isolation on customers.claim_attempt using (tenant_id = shared.current_tenant())
    with check (tenant_id = shared.current_tenant());
grant select, insert, delete on customers.claim_attempt to ${app_role};
