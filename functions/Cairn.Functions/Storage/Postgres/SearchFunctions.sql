-- The live copy of every search_* function (docs/search.md, "PostgreSQL schema"). PostgresMigrator applies this file
-- after the numbered migrations, in one transaction, whenever its checksum differs from the one recorded in
-- schema_functions: edit a function here, never in a migration. Migrations hold tables, columns and indexes and call
-- none of these functions. Everything is "create or replace"; a function whose arguments or result change needs a
-- "drop function if exists" of the old signature above its new definition.

-- Tokens of a document's three fields: (field, lexeme, tf), with PostgreSQL's english stemmer and stop words.
create or replace function search_tokens(p_title text, p_content text, p_notes text)
returns table (field smallint, lexeme text, tf int) language sql immutable parallel safe as $$
    select f.field::smallint, t.lexeme, coalesce(array_length(t.positions, 1), 1)
    from (values (0, p_title), (1, p_content), (2, p_notes)) f(field, body)
    cross join lateral unnest(to_tsvector('english', coalesce(f.body, ''))) t
$$;

drop function if exists search_apply_df(text[], smallint[], int[]);
drop function if exists search_apply_stats(smallint, int[], int[]);
drop function if exists search_owner_key(text);

-- Adds or replaces a document with its terms and their frequencies, in the caller's transaction. Term ids are
-- allocated in (lexeme, field) order, so writers of the same new words wait for each other without a cycle.
create or replace function search_upsert(
    p_id text, p_kind text, p_owner text, p_visibility text, p_scope text, p_domain text, p_tools text[],
    p_status text, p_quality double precision, p_title text, p_content text, p_notes text, p_embedding real[])
returns void language plpgsql as $$
declare
    v_lexemes text[];
    v_fields smallint[];
    v_tfs int[];
    v_lengths int[];
    v_terms int[];
begin
    select coalesce(array_agg(lexeme order by lexeme, field), '{}'), coalesce(array_agg(field order by lexeme, field), '{}'),
           coalesce(array_agg(tf order by lexeme, field), '{}'),
           array[coalesce(sum(tf) filter (where field = 0), 0), coalesce(sum(tf) filter (where field = 1), 0),
                 coalesce(sum(tf) filter (where field = 2), 0)]::int[]
    into v_lexemes, v_fields, v_tfs, v_lengths
    from search_tokens(p_title, p_content, p_notes);

    insert into search_terms (lexeme, field)
    select lexeme, field from unnest(v_lexemes, v_fields) n(lexeme, field) order by lexeme, field
    on conflict (lexeme, field) do nothing;
    select coalesce(array_agg(t.term order by n.i), '{}') into v_terms
    from unnest(v_lexemes, v_fields) with ordinality n(lexeme, field, i)
    join search_terms t on t.lexeme = n.lexeme and t.field = n.field;

    insert into search_documents as d (id, kind, owner, visibility, scope, domain, tools, status, quality, lengths, terms, tfs, xid, embedding)
    values (p_id, p_kind, p_owner, p_visibility, p_scope, p_domain, p_tools, p_status, p_quality, v_lengths, v_terms, v_tfs,
            pg_current_xact_id(), p_embedding::vector)
    on conflict (id) do update
    set kind = excluded.kind, owner = excluded.owner, visibility = excluded.visibility, scope = excluded.scope,
        domain = excluded.domain, tools = excluded.tools, status = excluded.status, quality = excluded.quality,
        lengths = excluded.lengths, terms = excluded.terms, tfs = excluded.tfs, xid = excluded.xid, embedding = excluded.embedding;
end $$;

-- Removes a document and leaves a tombstone for the mirrors; false when there was none.
create or replace function search_delete(p_id text) returns boolean language sql as $$
    with gone as (delete from search_documents where id = p_id returning doc),
    stone as (
        insert into search_tombstones (doc, xid) select doc, pg_current_xact_id() from gone
        on conflict (doc) do update set xid = excluded.xid, at = excluded.at
        returning doc)
    select exists (select 1 from stone)
$$;

-- Votes, outcomes and feedback change only status and quality: no new tokens, no new vector.
create or replace function search_set_stats(p_id text, p_status text, p_quality double precision)
returns boolean language sql as $$
    with changed as (
        update search_documents set status = p_status, quality = p_quality, xid = pg_current_xact_id() where id = p_id
        returning doc)
    select exists (select 1 from changed)
$$;

-- Drops tombstones older than the retention and records the newest one dropped: a mirror that began its last
-- catch-up at or before it reloads whole. Returns how many were dropped.
create or replace function search_prune_tombstones(p_retention interval) returns int language sql as $$
    with pruned as (delete from search_tombstones where at < now() - p_retention returning xid),
    horizon as (
        update search_feed set pruned_through = greatest(pruned_through, (select max(xid) from pruned))
        where exists (select 1 from pruned))
    select count(*)::int from pruned
$$;
