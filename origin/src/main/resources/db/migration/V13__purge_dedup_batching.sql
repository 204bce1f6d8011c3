-- Purge API (issue 13): the event a purge travels in (several purges can share one batch event), the fingerprint an
-- identical pending purge is recognised by, and the index of GET /api/purge?since=.
alter table purge add column event_id varchar(64);
update purge set event_id = id where event_id is null;
alter table purge alter column event_id set not null;
alter table purge add column fingerprint varchar(64);
alter table purge add column patterns text[] not null default '{}';
create index purge_fingerprint_idx on purge (fingerprint, issued_at);
create index purge_event_idx on purge (event_id);
create index purge_created_idx on purge (created_at);
