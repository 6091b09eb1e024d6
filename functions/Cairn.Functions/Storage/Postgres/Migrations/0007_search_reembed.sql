-- Changing the embedding model re-embeds the index in the background (docs/search.md, "Changing the embedding model"):
-- each document records which model its vector came from and the text it was embedded from, and the index records
-- whether every vector is of the current model yet. Rows written before this migration have no text to re-embed.

alter table search_documents add column embedding_model text, add column embedding_text text;
update search_documents set embedding_model = (select model from search_index_meta);
alter table search_index_meta add column vectors_ready boolean not null default true;
