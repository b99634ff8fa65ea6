-- Stage goals per group type (they were fixed in code: 7 days and 30 members, 10 % interaction, 80 % retention,
-- 5 % conversion), and the check-in goal: a streak length that earns a reward, and what the reward is.
alter table community.type_policy
    add column founded_after_days    int not null default 7 check (founded_after_days between 0 and 365),
    add column founded_members       int not null default 30 check (founded_members between 1 and 100000),
    add column active_interaction    double precision not null default 0.10
        check (active_interaction between 0 and 1),
    add column retaining             double precision not null default 0.80 check (retaining between 0 and 1),
    add column monetised_conversion  double precision not null default 0.05
        check (monetised_conversion between 0 and 1),
    add column check_in_streak_days  int check (check_in_streak_days between 2 and 365),
    add column check_in_reward_points int not null default 0 check (check_in_reward_points >= 0),
    add column check_in_reward_note  text not null default '';

-- A member's personal check-in link. The token is the workspace's slug, the link's id and an HMAC over tenant,
-- group, member and id under a key derived for the workspace; nothing secret is stored. Revoking a link (or issuing
-- a new one, which revokes the old) makes its token answer 404.
create table community.check_in_link (
    tenant_id   bigint not null,
    id          bigint generated always as identity,
    chat_id     text not null,
    member_id   text not null,
    created_at  timestamptz not null,
    created_by  text not null,
    revoked_at  timestamptz,
    primary key (tenant_id, id)
);
create unique index check_in_link_live_idx on community.check_in_link (tenant_id, chat_id, member_id)
    where revoked_at is null;

-- One row per member, group and day (the workspace's calendar day): a second check-in the same day is a no-op.
-- streak is the run of days in a row ending on this day, fixed when the row is written.
create table community.check_in (
    tenant_id  bigint not null,
    chat_id    text not null,
    member_id  text not null,
    day        date not null,
    at         timestamptz not null,
    streak     int not null check (streak >= 1),
    primary key (tenant_id, chat_id, member_id, day)
);
create index check_in_day_idx on community.check_in (tenant_id, chat_id, day);

-- Rewards earned by check-ins, for the loyalty module to honour later (honoured_at set then). A streak earns its
-- reward once: the key is the streak's first day.
create table community.check_in_reward (
    tenant_id     bigint not null,
    id            bigint generated always as identity,
    chat_id       text not null,
    member_id     text not null,
    streak_start  date not null,
    streak_days   int not null,
    points        int not null check (points >= 0),
    note          text not null,
    earned_at     timestamptz not null,
    honoured_at   timestamptz,
    primary key (tenant_id, id),
    unique (tenant_id, chat_id, member_id, streak_start)
);

do $$
declare
    t text;
begin
    foreach t in array array['check_in_link', 'check_in', 'check_in_reward'] loop
        execute format('alter table community.%I enable row level security', t);
        execute format('alter table community.%I force row level security', t);
        execute format('create policy tenant_isolation on community.%I using (tenant_id = shared.current_tenant())'
                       ' with check (tenant_id = shared.current_tenant())', t);
        execute format('grant select, insert, update, delete on community.%I to %I', t, '${app_role}');
    end loop;
end
$$;
grant usage on all sequences in schema community to ${app_role};
