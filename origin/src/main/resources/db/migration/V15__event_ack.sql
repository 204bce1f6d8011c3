-- purge_ack has always held the acknowledgements of content events too: named for what it holds.
alter table purge_ack rename to event_ack;
alter table event_ack rename constraint purge_ack_pkey to event_ack_pkey;
