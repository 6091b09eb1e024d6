-- Every document of every container lives in one table; the primary key is the point-read path.
create table documents (
    container  text        not null,
    pk         text        not null,
    id         text        not null,
    body       jsonb       not null,
    etag       text        not null,
    expires_at timestamptz null,
    primary key (container, pk, id)
);

-- Equality and array-membership filters are answered by jsonb containment.
create index documents_body on documents using gin (body jsonb_path_ops);

-- The expiry job scans only documents that can expire.
create index documents_expiry on documents (expires_at) where expires_at is not null;
