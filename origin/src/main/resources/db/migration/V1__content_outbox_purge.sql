create table content (
    id         bigserial    primary key,
    slug       varchar(200) not null,
    title      varchar(300) not null,
    body       text         not null,
    tags       text[]       not null default '{}',
    version    bigint       not null,
    updated_at timestamptz  not null,
    constraint content_slug_key unique (slug)
);
create index content_tags_idx on content using gin (tags);

-- Events written in the same transaction as the change that caused them; the relay publishes
-- unsent rows in id order and stamps sent_at once the broker acknowledged them.
create table outbox (
    id            bigserial    primary key,
    event_id      varchar(64)  not null unique,
    topic         varchar(249) not null,
    partition_key text         not null,
    payload       text         not null,
    content_id    bigint,
    created_at    timestamptz  not null,
    sent_at       timestamptz
);
create index outbox_unsent_idx on outbox (id) where sent_at is null;
create index outbox_content_idx on outbox (content_id, id) where content_id is not null;

create table purge (
    id         varchar(64) primary key,
    created_at timestamptz not null,
    issued_at  bigint      not null,
    cache_keys text[]      not null,
    tags       text[]      not null,
    prefixes   text[]      not null,
    mode       varchar(16) not null,
    priority   varchar(16) not null
);

-- One row per (event, region): acknowledgements of purges and of content events alike.
create table purge_ack (
    event_id    text         not null,
    region      text         not null,
    applied_at  bigint       not null,
    instance    text,
    received_at timestamptz  not null default now(),
    primary key (event_id, region)
);
