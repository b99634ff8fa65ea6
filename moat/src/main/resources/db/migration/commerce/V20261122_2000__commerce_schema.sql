-- Commerce: products, orders with their lines, and imports of marketplace order exports. Money is in fen
-- (bigint), never floating point. Personal data follows the shared rule: a phone is stored sealed with a keyed
-- hash for matching, or, when the export only had a masked or encrypted phone, as that raw text alone.
create schema commerce;
grant usage on schema commerce to ${app_role};

-- The stage ranking of io.moat.commerce.OrderStatus: a re-imported order only ever moves forward.
create function commerce.status_rank(status text) returns int
    language sql immutable parallel safe
    return case status
        when 'unpaid' then 0
        when 'paid' then 1
        when 'shipped' then 2
        when 'finished' then 3
        when 'partially_refunded' then 4
        else 5
    end;

create table commerce.product (
    tenant_id   bigint not null,
    sku         text not null,
    name        text not null,
    category    text,
    role        text check (role in ('traffic', 'hero', 'retention', 'trial', 'bundle')),
    price_fen   bigint check (price_fen >= 0),
    updated_at  timestamptz not null,
    primary key (tenant_id, sku)
);

create table commerce.import_job (
    tenant_id     bigint not null,
    id            bigint generated always as identity,
    source        text not null check (source in ('taobao', 'tmall', 'jd', 'douyin', 'youzan', 'generic')),
    source_name   text not null,
    platform      text not null,
    file_name     text not null,
    file_sha256   text not null,
    -- Kept while the job runs so an instance that stops part-way can resume; cleared once it has finished.
    file_bytes    bytea,
    mapping       jsonb,
    timezone      text not null,
    batch_size    int not null check (batch_size > 0),
    status        text not null check (status in ('running', 'completed', 'failed')),
    -- Set when the rows were read and the rejected ones recorded; batches_done counts committed order batches.
    parsed        boolean not null default false,
    batches_done  int not null default 0,
    header        text[] not null default '{}',
    rows_read     bigint not null default 0,
    imported      bigint not null default 0,
    updated       bigint not null default 0,
    duplicates    bigint not null default 0,
    rejected      bigint not null default 0,
    failure       text,
    started_by    text not null,
    started_at    timestamptz not null,
    finished_at   timestamptz,
    primary key (tenant_id, id)
);
create index import_job_running_idx on commerce.import_job (tenant_id) where status = 'running';

create table commerce.import_error (
    tenant_id   bigint not null,
    job_id      bigint not null,
    row_number  int not null,
    reason      text not null,
    cells       text[] not null,
    primary key (tenant_id, job_id, row_number),
    foreign key (tenant_id, job_id) references commerce.import_job on delete cascade
);

-- The header mapping of a generic source (a shop system without a built-in format), reused on its next upload.
create table commerce.import_mapping (
    tenant_id    bigint not null,
    source_name  text not null,
    mapping      jsonb not null,
    updated_at   timestamptz not null,
    primary key (tenant_id, source_name)
);

-- "order" is a reserved word, hence the plural.
create table commerce.orders (
    tenant_id          bigint not null,
    id                 bigint generated always as identity,
    platform           text not null check (platform in ('taobao', 'tmall', 'jd', 'douyin', 'youzan', 'pdd', 'other')),
    order_no           text not null,
    status             text not null check (status in ('unpaid', 'paid', 'shipped', 'finished', 'closed',
                                                       'refunded', 'partially_refunded')),
    total_fen          bigint not null check (total_fen >= 0),
    paid_fen           bigint not null default 0 check (paid_fen >= 0),
    post_fee_fen       bigint not null default 0 check (post_fee_fen >= 0),
    refunded_fen       bigint not null default 0 check (refunded_fen >= 0),
    created_at         timestamptz not null,
    paid_at            timestamptz,
    shipped_at         timestamptz,
    finished_at        timestamptz,
    buyer_nick         text,
    buyer_open_id      text,
    unionid            text,
    openid             text,
    phone_hash         text,
    phone_sealed       text,
    phone_masked       text,
    receiver_province  text,
    receiver_city      text,
    source_import_id   bigint,
    -- Set by the customers module once the buyer is linked to a person.
    customer_id        bigint,
    recorded_at        timestamptz not null,
    updated_at         timestamptz not null,
    primary key (tenant_id, id),
    unique (tenant_id, platform, order_no)
);
create index orders_phone_hash_idx on commerce.orders (tenant_id, phone_hash) where phone_hash is not null;
create index orders_unionid_idx on commerce.orders (tenant_id, unionid) where unionid is not null;
create index orders_openid_idx on commerce.orders (tenant_id, openid) where openid is not null;
create index orders_buyer_open_id_idx on commerce.orders (tenant_id, platform, buyer_open_id)
    where buyer_open_id is not null;
create index orders_customer_idx on commerce.orders (tenant_id, customer_id) where customer_id is not null;
create index orders_created_idx on commerce.orders (tenant_id, created_at);

create table commerce.order_line (
    tenant_id       bigint not null,
    order_id        bigint not null,
    line_no         int not null,
    sku             text,
    title           text not null,
    quantity        int not null check (quantity > 0),
    unit_price_fen  bigint check (unit_price_fen >= 0),
    amount_fen      bigint not null check (amount_fen >= 0),
    primary key (tenant_id, order_id, line_no),
    foreign key (tenant_id, order_id) references commerce.orders on delete cascade
);
create index order_line_sku_idx on commerce.order_line (tenant_id, sku) where sku is not null;

do $$
declare
    t text;
begin
    foreach t in array array['product', 'import_job', 'import_error', 'import_mapping', 'orders', 'order_line'] loop
        execute format('alter table commerce.%I enable row level security', t);
        execute format('alter table commerce.%I force row level security', t);
        execute format('create policy tenant_isolation on commerce.%I using (tenant_id = shared.current_tenant())'
                       ' with check (tenant_id = shared.current_tenant())', t);
        execute format('grant select, insert, update, delete on commerce.%I to %I', t, '${app_role}');
    end loop;
end
$$;
grant usage on all sequences in schema commerce to ${app_role};
grant execute on function commerce.status_rank(text) to ${app_role};
