-- The loader role of the bulk order writer (io.moat.commerce.order.OrderCopy, issue 4, B3). PostgreSQL refuses
-- COPY FROM into a table under row-level security, and writing imported orders with COPY instead of
-- INSERT … SELECT … ON CONFLICT is most of what makes a large import fast. The application login may switch to this
-- role (SET LOCAL ROLE, for the two copies of one load) but does not inherit its rights. The role:
--   * cannot log in, and bypasses row-level security (which is what lets COPY run);
--   * may only INSERT into commerce.orders and commerce.order_line: it cannot read, update or delete a row of any
--     workspace, nor touch any other table;
--   * is used only by OrderCopy, which first checks that the transaction is scoped to the workspace it loads for
--     and writes that workspace's tenant_id into every row itself (BulkOrderLoadTests).
-- Creating a BYPASSRLS role needs a superuser or an owner login that has BYPASSRLS and CREATEROLE itself, and the
-- grant's SET / INHERIT options need PostgreSQL 16. Where the owner cannot (a managed service whose owner has only
-- CREATEROLE, PostgreSQL 14 or 15) the role is not made and OrderCopy is not used: new orders take the same
-- INSERT … SELECT path as known ones, slower but under row-level security.
do $$
declare
    loader text := '${app_role}' || '_loader';
begin
    if current_setting('server_version_num')::int < 160000
        or not (select rolsuper or (rolcreaterole and rolbypassrls) from pg_roles where rolname = current_user) then
        raise notice 'commerce: no loader role (needs PostgreSQL 16+ and an owner with BYPASSRLS); bulk loads insert';
        return;
    end if;
    if not exists (select 1 from pg_roles where rolname = loader) then
        execute format('create role %I nologin bypassrls', loader);
    else
        execute format('alter role %I nologin bypassrls', loader);
    end if;
    execute format('grant usage on schema commerce to %I', loader);
    execute format('grant insert on commerce.orders, commerce.order_line to %I', loader);
    execute format('grant %I to %I with inherit false, set true', loader, '${app_role}');
end
$$;
