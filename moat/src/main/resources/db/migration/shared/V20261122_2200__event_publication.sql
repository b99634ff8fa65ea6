-- Spring Modulith's event publication registry: an event for an after-commit listener is stored in the publishing
-- transaction and marked complete when the listener succeeds, so a failing listener loses nothing (incomplete
-- publications are resubmitted). Completed rows are deleted (moat's completion mode), so payloads do not linger.
create table shared.event_publication (
    id                      uuid not null primary key,
    listener_id             text not null,
    event_type              text not null,
    serialized_event        text not null,
    publication_date        timestamptz not null,
    completion_date         timestamptz,
    status                  text,
    completion_attempts     int,
    last_resubmission_date  timestamptz
);
create index event_publication_serialized_event_hash_idx on shared.event_publication using hash (serialized_event);
create index event_publication_by_completion_date_idx on shared.event_publication (completion_date);
grant select, insert, update, delete on shared.event_publication to ${app_role};
