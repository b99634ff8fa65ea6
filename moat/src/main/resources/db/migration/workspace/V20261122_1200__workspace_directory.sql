-- The workspace directory: callbacks from WeCom and background workers must find a workspace's tenant from its
-- slug before anyone is signed in. Only the workspace table itself opens to that scope; every other tenant
-- table still needs the tenant set.
create function shared.directory_access() returns boolean
    language sql stable parallel safe
    as $$ select coalesce(current_setting('moat.directory', true), '') = 'on' $$;

create policy workspace_directory on workspace.workspace for select
    using (shared.directory_access());
