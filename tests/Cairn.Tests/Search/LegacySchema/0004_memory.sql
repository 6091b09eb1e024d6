-- Agent memory (docs/memory.md). The decay job asks, across every agent, for memories whose due date has passed,
-- earliest first; the promotion job does the same for ended sessions. These expression indexes match the query
-- translator's range and ORDER BY expression, so a run reads only the due rows, in order, and stops at its batch size.
-- Due dates are always set (a far-future date stands for "never"), so no null entries sit in front of the due ones.
create index documents_memories_due on documents ((coalesce(body->'due_at', 'null'::jsonb)), pk, id) where container = 'memories';
create index documents_memory_sessions_promotion on documents ((coalesce(body->'promotion_due_at', 'null'::jsonb)), pk, id) where container = 'memory_sessions';
