-- The status joins kind and visibility on each posting (docs/search.md, "The keyword arm"): nearly every query filters
-- by it (published experiences, active engrams, live memories), and as a set of allowed documents it cost a pass over
-- most of the index per query.

alter table search_postings add column status text;
update search_postings p set status = d.status from search_documents d where d.doc = p.doc and d.status is not null;

drop index search_postings_impact;
create index search_postings_impact on search_postings (term, impact desc) include (doc, tf, dl, kind, public, owner_key, status);
