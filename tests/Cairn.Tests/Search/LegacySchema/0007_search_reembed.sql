-- Changing the embedding model re-embeds the index in the background (docs/search.md, "Changing the embedding model"):
-- each document records which model its vector came from and the text it was embedded from, and the index records
-- whether every vector is of the current model yet. Rows written before this migration have no text to re-embed.

alter table search_documents add column embedding_model text, add column embedding_text text;
update search_documents set embedding_model = (select model from search_index_meta);
alter table search_index_meta add column vectors_ready boolean not null default true;

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
