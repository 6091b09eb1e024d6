-- The search functions as the migrations 0002, 0003, 0006 and 0007 defined them before SearchFunctions.sql held them
-- (their last versions), for SearchSchemaUpgradeTests: on top of today's migrations 0001-0007 they make a database as
-- those migrations left it.

-- Tokens of a document's three fields: (field, lexeme, tf), with PostgreSQL's english stemmer and stop words.
create function search_tokens(p_title text, p_content text, p_notes text)
returns table (field smallint, lexeme text, tf int) language sql immutable parallel safe as $$
    select f.field::smallint, t.lexeme, coalesce(array_length(t.positions, 1), 1)
    from (values (0, p_title), (1, p_content), (2, p_notes)) f(field, body)
    cross join lateral unnest(to_tsvector('english', coalesce(f.body, ''))) t
$$;

-- Applies a change of document frequencies in (lexeme, field) order, so concurrent writers lock terms in one order.
create function search_apply_df(p_lexemes text[], p_fields smallint[], p_deltas int[]) returns void language sql as $$
    insert into search_terms as t (lexeme, field, df)
    select lexeme, field, delta from unnest(p_lexemes, p_fields, p_deltas) u(lexeme, field, delta)
    where delta <> 0 order by lexeme, field
    on conflict (lexeme, field) do update set df = t.df + excluded.df
$$;

-- Adds the signed token counts of one document to its stripe's statistics.
create function search_apply_stats(p_stripe smallint, p_old int[], p_new int[]) returns void language sql as $$
    update search_field_stats s
    set docs = s.docs + (p_new[s.field + 1] > 0)::int - (p_old[s.field + 1] > 0)::int,
        tokens = s.tokens + p_new[s.field + 1] - p_old[s.field + 1]
    where s.stripe = p_stripe and (p_new[s.field + 1] <> p_old[s.field + 1])
$$;


-- Removes a document with its postings and its share of the statistics; false when there was none.
create function search_delete(p_id text) returns boolean language plpgsql as $$
declare
    v_doc int;
    v_stripe smallint;
    v_terms int[];
    v_lengths int[];
begin
    select doc, stripe, terms, lengths into v_doc, v_stripe, v_terms, v_lengths from search_documents where id = p_id for update;
    if v_doc is null then
        return false;
    end if;
    perform search_apply_df(array_agg(lexeme), array_agg(field), array_agg(-1)) from search_terms where term = any(v_terms);
    delete from search_postings where term = any(v_terms) and doc = v_doc;
    perform search_apply_stats(v_stripe, v_lengths, '{0,0,0}');
    delete from search_documents where doc = v_doc;
    return true;
end $$;

-- 32 bits of md5(owner): narrow enough to repeat on every posting, stable across PostgreSQL versions (unlike hashtext).
-- A match is only a hint; the owner itself is checked on the document.
create function search_owner_key(p_owner text) returns int language sql immutable parallel safe as $$
    select ('x' || left(md5(coalesce(p_owner, '')), 8))::bit(32)::int
$$;

-- Adds or replaces a document with its postings, term frequencies and statistics, in the caller's transaction.
create or replace function search_upsert(
    p_id text, p_kind text, p_owner text, p_visibility text, p_scope text, p_domain text, p_tools text[],
    p_status text, p_quality double precision, p_title text, p_content text, p_notes text, p_embedding real[])
returns void language plpgsql as $$
declare
    v_doc int;
    v_stripe smallint := abs(hashtext(p_id) % 16);
    v_old_terms int[] := '{}';
    v_old_lengths int[] := '{0,0,0}';
    v_lexemes text[];
    v_fields smallint[];
    v_tfs int[];
    v_lengths int[];
    v_terms int[];
begin
    insert into search_documents (id, kind, owner, visibility, scope, domain, tools, status, quality, lengths, terms, stripe, embedding)
    values (p_id, p_kind, p_owner, p_visibility, p_scope, p_domain, p_tools, p_status, p_quality, '{0,0,0}', '{}', v_stripe, p_embedding::vector)
    on conflict (id) do nothing
    returning doc into v_doc;
    if v_doc is null then
        select doc, terms, lengths into v_doc, v_old_terms, v_old_lengths from search_documents where id = p_id for update;
    end if;

    select coalesce(array_agg(lexeme), '{}'), coalesce(array_agg(field), '{}'), coalesce(array_agg(tf), '{}'),
           array[coalesce(sum(tf) filter (where field = 0), 0), coalesce(sum(tf) filter (where field = 1), 0),
                 coalesce(sum(tf) filter (where field = 2), 0)]::int[]
    into v_lexemes, v_fields, v_tfs, v_lengths
    from search_tokens(p_title, p_content, p_notes);

    perform search_apply_df(array_agg(coalesce(n.lexeme, o.lexeme)), array_agg(coalesce(n.field, o.field)),
                            array_agg((n.lexeme is not null)::int - (o.lexeme is not null)::int))
    from unnest(v_lexemes, v_fields) n(lexeme, field)
    full join (select lexeme, field from search_terms where term = any(v_old_terms)) o on o.lexeme = n.lexeme and o.field = n.field;

    delete from search_postings where term = any(v_old_terms) and doc = v_doc;
    perform search_apply_stats(v_stripe, v_old_lengths, v_lengths);

    with new_postings as (
        insert into search_postings (term, doc, tf, dl, impact, kind, public, owner_key, status)
        select t.term, v_doc, n.tf, v_lengths[n.field + 1],
               n.tf / (n.tf + 1.2 * (0.25 + 0.75 * v_lengths[n.field + 1] / greatest(s.avgdl, 1))),
               p_kind, p_visibility = 'public', search_owner_key(p_owner), p_status
        from unnest(v_lexemes, v_fields, v_tfs) n(lexeme, field, tf)
        join search_terms t on t.lexeme = n.lexeme and t.field = n.field
        join (select field, sum(tokens)::float8 / greatest(sum(docs), 1) as avgdl from search_field_stats group by field) s
          on s.field = n.field
        returning term)
    select coalesce(array_agg(term), '{}') into v_terms from new_postings;

    update search_documents
    set kind = p_kind, owner = p_owner, visibility = p_visibility, scope = p_scope, domain = p_domain, tools = p_tools,
        status = p_status, quality = p_quality, lengths = v_lengths, terms = v_terms, embedding = p_embedding::vector
    where doc = v_doc;
end $$;

-- Votes, outcomes and feedback change only status and quality: no new tokens, no new vector.
create function search_set_stats(p_id text, p_status text, p_quality double precision)
returns boolean language plpgsql as $$
declare
    v_doc int;
begin
    update search_documents set status = p_status, quality = p_quality where id = p_id returning doc into v_doc;
    if v_doc is null then
        return false;
    end if;
    update search_postings set status = p_status where doc = v_doc and status is distinct from p_status;
    return true;
end $$;
