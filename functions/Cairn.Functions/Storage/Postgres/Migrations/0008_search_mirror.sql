-- The keyword arm scores BM25 in each process over a mirror of the forward index (docs/search.md, "The keyword arm"):
-- each document keeps its term frequencies aligned with its terms, and every write records its transaction id so a
-- mirror can catch up on what committed since it last looked. The posting table, the df counts and the striped field
-- statistics were only for BM25 in SQL: the mirror counts them itself.

alter table search_documents add column tfs int[] not null default '{}', add column xid xid8 null;
update search_documents d set terms = p.terms, tfs = p.tfs
from (select doc, array_agg(term order by term) as terms, array_agg(tf order by term) as tfs from search_postings group by doc) p
where p.doc = d.doc;
update search_documents set terms = '{}' where cardinality(terms) <> cardinality(tfs);
create index search_documents_xid on search_documents (xid);

-- A deleted document, for mirrors that have not caught up yet; pruned after a retention (search_prune_tombstones).
create table search_tombstones (
    doc int primary key,
    xid xid8 not null,
    at  timestamptz not null default now()
);
create index search_tombstones_xid on search_tombstones (xid);
create index search_tombstones_at on search_tombstones (at);

-- The newest pruned tombstone's transaction: a mirror whose last catch-up began at or before it may have missed a
-- deletion and reloads whole.
create table search_feed (
    singleton      boolean primary key default true check (singleton),
    pruned_through xid8 not null default '0'
);
insert into search_feed default values;

drop table search_postings;
drop table search_field_stats;
drop index if exists search_documents_filters;
alter table search_terms drop column df;
alter table search_documents drop column stripe;
