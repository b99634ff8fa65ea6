-- What the request that made a bulk job asked for (SHA-256 of its canonical body), kept beside its idempotency key:
-- a retry with the same key and the same body gets the job back, but the same key with a different body is the
-- client's mistake and is refused (422) instead of silently answering with a job that does something else.
-- Jobs made before this have none and are matched on the key alone.
alter table tags.bulk_job add column request_fingerprint text;
