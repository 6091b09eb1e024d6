-- The status joins kind and visibility on each posting (docs/search.md, "The keyword arm"): nearly every query filters
-- by it (published experiences, active engrams, live memories), and as a set of allowed documents it cost a pass over
-- most of the index per query.

alter table search_postings add column status text;
update search_postings p set status = d.status from search_documents d where d.doc = p.doc and d.status is not null;

drop index search_postings_impact;
create index search_postings_impact on search_postings (term, impact desc) include (doc, tf, dl, kind, public, owner_key, status);

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
