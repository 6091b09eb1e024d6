-- Hybrid search: BM25 over postings kept by search_upsert/search_delete, pgvector for the vector arm (docs/search.md).
-- pgvector is not a trusted extension: the cluster set-up creates it in template1 as superuser, so this is a no-op there.
create extension if not exists vector;

-- One row per searchable document; doc is a compact key for the postings.
create table search_documents (
    doc        int generated always as identity primary key,
    id         text not null unique,
    kind       text not null,
    owner      text null,
    visibility text not null,
    scope      text null,
    domain     text null,
    tools      text[] not null,
    status     text null,
    quality    double precision null,
    lengths    int[] not null,     -- tokens per field: title, content, notes
    terms      int[] not null,     -- the search_terms of its postings, so they can be removed by primary key
    stripe     smallint not null,  -- which search_field_stats rows count it (spreads writers over 16 rows)
    embedding  vector null         -- typed vector(n) at start-up, once the embedding model is known
);
create index search_documents_kind on search_documents (kind);
create index search_documents_owner on search_documents (owner);
create index search_documents_scope on search_documents (scope);
create index search_documents_domain on search_documents (domain);
create index search_documents_status on search_documents (status);
create index search_documents_tools on search_documents using gin (tools);

-- A term is a lexeme in one field (BM25 statistics are per field, as in Lucene); df = documents containing it.
create table search_terms (
    term   int generated always as identity primary key,
    lexeme text not null,
    field  smallint not null,
    df     int not null,
    unique (lexeme, field)
) with (fillfactor = 50);  -- room on each page for HOT updates of df: no index churn on the hottest rows

-- tf and the field's length per (term, document); impact = BM25's tf part at write time, to read the best postings first.
create table search_postings (
    term   int not null,
    doc    int not null,
    tf     int not null,
    dl     int not null,
    impact real not null,
    primary key (term, doc)
);
create index search_postings_impact on search_postings (term, impact desc) include (doc, tf, dl);

-- Documents with a non-empty field and their tokens, summed over stripes at query time for N and avgdl.
create table search_field_stats (
    field  smallint not null,
    stripe smallint not null,
    docs   bigint not null default 0,
    tokens bigint not null default 0,
    primary key (field, stripe)
) with (fillfactor = 10);  -- 48 tiny rows updated by every write: keep their updates HOT
insert into search_field_stats (field, stripe) select f, s from generate_series(0, 2) f, generate_series(0, 15) s;

-- The embedding model whose vectors the index holds; vectors of another model are refused at start-up.
create table search_index_meta (
    singleton  boolean primary key default true check (singleton),
    model      text not null,
    dimensions int not null
);

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

-- Adds or replaces a document with its postings, term frequencies and statistics, in the caller's transaction.
create function search_upsert(
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
        insert into search_postings (term, doc, tf, dl, impact)
        select t.term, v_doc, n.tf, v_lengths[n.field + 1],
               n.tf / (n.tf + 1.2 * (0.25 + 0.75 * v_lengths[n.field + 1] / greatest(s.avgdl, 1)))
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
