-- Outbox rows the broker can never accept (too large, unserializable, any non-retriable error), moved here so
-- that the relay goes on with the rows behind them. Kept for an operator to inspect; nothing reads them back.
create table outbox_dead_letter (
    id            bigint       primary key,
    event_id      varchar(64)  not null,
    topic         varchar(249) not null,
    partition_key text         not null,
    payload       text         not null,
    content_id    bigint,
    created_at    timestamptz  not null,
    failed_at     timestamptz  not null,
    error         text         not null
);
create index outbox_dead_letter_failed_idx on outbox_dead_letter (failed_at);
