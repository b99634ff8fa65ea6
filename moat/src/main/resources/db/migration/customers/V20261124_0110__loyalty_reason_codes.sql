-- The loyalty reason becomes a stable code (loyalty_reason) with whole-number parameters, which the console words
-- in the reader's language (docs/metrics.md, "Loyalty reason codes"). Rows computed before keep their old text
-- until the next run recomputes them (the nightly rebuild at the latest); the console shows such text as it is.
alter table customers.customer_value add column loyalty_reason_params jsonb not null default '{}';
