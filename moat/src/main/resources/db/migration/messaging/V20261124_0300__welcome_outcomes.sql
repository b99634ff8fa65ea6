-- A welcome sent outside the broker (a channel code's, which must reach WeCom within the add's 20-second window)
-- enters the send log in its final state in the same transaction as the welcome's own record. The customer's profile
-- is projected from the same add and may not exist yet then, so such a row may name the WeCom customer
-- (external_user_id) alone; every other send still names its customer or group.
do $$
declare
    c text;
begin
    select conname into strict c from pg_constraint
    where conrelid = 'messaging.send'::regclass and contype = 'c'
      and pg_get_constraintdef(oid) like '%customer_id IS NOT NULL%';
    execute format('alter table messaging.send drop constraint %I', c);
end
$$;
alter table messaging.send add constraint send_recipient_check
    check (channel = 'group' or customer_id is not null or (channel = 'welcome' and external_user_id is not null));
