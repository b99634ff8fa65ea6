-- A group's admins as groupchat/get's admin_list gives them (staff user ids; WeCom sends no callback when they
-- change, so they are as fresh as the group's last read).
alter table wecom.group_chat add column admin_user_ids text[] not null default '{}';
