-- Posting-level filters (docs/search.md, "The keyword arm"): kind, visibility and an owner key repeat the document's on
-- each posting, so the filters nearly every query has are checked inside the index-only scan of a term's postings.

-- The owner key is search_owner_key's expression inlined: migrations run before SearchFunctions.sql is applied.
alter table search_postings add column kind text, add column public boolean, add column owner_key int;
update search_postings p
set kind = d.kind, public = d.visibility = 'public', owner_key = ('x' || left(md5(coalesce(d.owner, '')), 8))::bit(32)::int
from search_documents d where d.doc = p.doc;
alter table search_postings alter column kind set not null, alter column public set not null, alter column owner_key set not null;

drop index search_postings_impact;
create index search_postings_impact on search_postings (term, impact desc) include (doc, tf, dl, kind, public, owner_key);

-- The keyword arm collects the documents the other filters allow in one index-only pass, not through the wide rows.
create index search_documents_filters on search_documents (doc) include (kind, owner, visibility, scope, domain, status, quality, tools);
