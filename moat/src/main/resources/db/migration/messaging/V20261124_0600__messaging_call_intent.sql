-- WeCom calls that must not happen twice and that WeCom offers no idempotency key for (add_msg_template creates a
-- task each time; a welcome code works once). Before such a call the broker writes its intent here in a transaction
-- of its own, so the intent survives whatever happens next: the handler's transaction rolling back (a later row of
-- the same batch failed), or the process dying between the call and the commit. A retry that finds the intent asks
-- WeCom what the earlier attempt did (the member's task list; the welcome code's answer) instead of calling blindly.
create table messaging.call_intent (
    tenant_id  bigint not null,
    subject    text not null,        -- 'task/<task id>' or 'welcome/<send id>'
    called_at  timestamptz not null, -- when the (first) call was about to be made
    primary key (tenant_id, subject)
);

alter table messaging.call_intent enable row level security;
alter table messaging.call_intent force row level security;
create policy tenant_isolation on messaging.call_intent using (tenant_id = shared.current_tenant())
    with check (tenant_id = shared.current_tenant());
grant select, insert, update, delete on messaging.call_intent to ${app_role};
