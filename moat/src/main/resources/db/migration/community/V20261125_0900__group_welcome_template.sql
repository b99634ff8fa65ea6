-- The WeCom group welcome template (入群欢迎语素材) that holds a group type's welcome text; null while WeCom has none.
alter table community.type_policy add column welcome_template_id text;
