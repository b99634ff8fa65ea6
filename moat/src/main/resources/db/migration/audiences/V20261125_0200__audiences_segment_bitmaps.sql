-- Saved segments keep their members as one serialized Roaring bitmap of customers' dense numbers instead of one row
-- per member: B2 showed that writing ≈300k member rows per batch of tag changes (inserts and deletes against a
-- 14M-row primary key) took 20–30 s, while the bitmaps of all 200 segments are a few MB. Each refresh that moves
-- anybody also appends one change row per segment with who entered and who left (bitmaps again), from which the
-- per-customer SegmentEntered / SegmentExited events are published after the commit, in slices, resuming at
-- `published` after a crash.
alter table audiences.segment add column members bytea;
-- Roaring containers do not compress further: skip pglz's attempt and store out of line as is.
alter table audiences.segment alter column members set storage external;

create table audiences.segment_change (
    tenant_id      bigint not null,
    id             bigint generated always as identity,
    segment_id     bigint not null,
    at             timestamptz not null,
    entered        bytea not null,
    exited         bytea not null,
    entered_count  int not null,
    exited_count   int not null,
    -- how many of the entries and exits (entries first, in number order) have been published as events
    published      int not null default 0,
    primary key (tenant_id, id)
);
alter table audiences.segment_change alter column entered set storage external;
alter table audiences.segment_change alter column exited set storage external;
create index segment_change_segment_idx on audiences.segment_change (tenant_id, segment_id, id);

alter table audiences.segment_change enable row level security;
alter table audiences.segment_change force row level security;
create policy tenant_isolation on audiences.segment_change using (tenant_id = shared.current_tenant())
    with check (tenant_id = shared.current_tenant());
grant select, insert, update, delete on audiences.segment_change to ${app_role};
grant usage on all sequences in schema audiences to ${app_role};
