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
