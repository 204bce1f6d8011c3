-- The W3C traceparent of the request that wrote the event, so the relay's publish joins the request's trace.
alter table outbox add column traceparent varchar(64);
