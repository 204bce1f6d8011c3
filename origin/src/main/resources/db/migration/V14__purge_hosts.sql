-- Purge by hostname (issue 13): the hosts a purge named; each one is a host the edges serve, so it purges everything.
alter table purge add column hosts text[] not null default '{}';
