-- The staff task list: work a policy or a journey asks a person to do in WeCom (warn a member, remove one, invite a
-- buyer), because the platform offers no API for it. A task ends in exactly one closed state with who and when.
-- source_key makes creation idempotent: a policy that sees the same fact twice asks once.
create schema tasks;
grant usage on schema tasks to ${app_role};

create table tasks.task (
    tenant_id         bigint not null,
    id                bigint generated always as identity,
    kind              text not null,
    assignee          text not null,
    customer_id       bigint,
    external_user_id  text,
    chat_id           text,
    title             text not null,
    body              text not null default '',
    evidence          jsonb not null default '{}',
    due_at            timestamptz,
    status            text not null default 'open' check (status in ('open', 'done', 'dismissed', 'expired')),
    source_key        text,
    created_by        text not null,
    created_at        timestamptz not null,
    closed_by         text,
    closed_at         timestamptz,
    closing_note      text,
    primary key (tenant_id, id),
    check ((status = 'open') = (closed_at is null))
);
create unique index task_source_idx on tasks.task (tenant_id, source_key) where source_key is not null;
create index task_assignee_idx on tasks.task (tenant_id, assignee, status, id);
create index task_open_due_idx on tasks.task (tenant_id, due_at) where status = 'open';
create index task_chat_idx on tasks.task (tenant_id, chat_id, status) where chat_id is not null;

do $$
declare
    t text;
begin
    foreach t in array array['task'] loop
        execute format('alter table tasks.%I enable row level security', t);
        execute format('alter table tasks.%I force row level security', t);
        execute format('create policy tenant_isolation on tasks.%I using (tenant_id = shared.current_tenant())'
                       ' with check (tenant_id = shared.current_tenant())', t);
        execute format('grant select, insert, update, delete on tasks.%I to %I', t, '${app_role}');
    end loop;
end
$$;
grant usage on all sequences in schema tasks to ${app_role};
