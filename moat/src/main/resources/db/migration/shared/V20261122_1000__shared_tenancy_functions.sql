-- The tenancy helpers every row-level security policy calls. The application sets these settings at the
-- start of each transaction (set_config(..., true)); unset, they are NULL and every policy matches nothing.
create schema if not exists shared;
grant usage on schema shared to ${app_role};

create function shared.current_tenant() returns bigint
    language sql stable parallel safe
    as $$ select nullif(current_setting('moat.tenant_id', true), '')::bigint $$;

create function shared.current_account() returns bigint
    language sql stable parallel safe
    as $$ select nullif(current_setting('moat.account_id', true), '')::bigint $$;

-- The SHA-256 of an API token presented by a caller: lets the caller find the one token row it already holds.
create function shared.presented_token() returns text
    language sql stable parallel safe
    as $$ select nullif(current_setting('moat.token_hash', true), '') $$;
