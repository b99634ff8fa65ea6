-- Bulk tagging of a filtered list: the job keeps the filter it was started with (its customers are the matches at
-- that moment) and the caller's idempotency key, so a retried start returns the same job instead of a second one;
-- a failed relation keeps WeCom's errcode beside the reason.
alter table tags.bulk_job add column selection jsonb;
alter table tags.bulk_job add column request_key text;
create unique index bulk_job_request_idx on tags.bulk_job (tenant_id, request_key) where request_key is not null;
create index bulk_job_recent_idx on tags.bulk_job (tenant_id, started_at desc);

alter table tags.bulk_result add column errcode int;
create index bulk_result_outcome_idx on tags.bulk_result (tenant_id, job_id, outcome, customer_id);
