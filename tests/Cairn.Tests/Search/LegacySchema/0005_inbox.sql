-- The inbox (docs/pulse.md): an agent reads its newest events and its unread count on every heartbeat. Without these,
-- both went through the shared GIN index on kind = event (every inbox of every agent), then sorted or counted the whole
-- partition: ~45 ms and ~12 ms at 10,000 events. The expression is the query translator's ORDER BY and range one, so
-- a page is a backward index scan that stops after the limit, and a keyset cursor starts where the last page ended.
create index documents_inbox_newest on documents (pk, (coalesce(body->'created_at', 'null'::jsonb)), id)
    where container = 'inbox';
-- Unread events only, with expires_at beside them: the unread count is an index-only scan of the agent's unread
-- entries, and unread_only pages come from here however old the unread ones are. The predicate repeats the
-- translator's filters as it writes them (body @> '{"kind":"event"}', body @> '{"is_read":false}'), so it matches.
create index documents_inbox_unread on documents (pk, (coalesce(body->'created_at', 'null'::jsonb)), id) include (expires_at)
    where container = 'inbox' and body @> '{"kind": "event"}' and body @> '{"is_read": false}';
