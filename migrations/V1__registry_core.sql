-- Registry core: repositories, the global blob set, repository links, manifests, tags, uploads.
-- Forward-only: never edit a migration that has landed; add V<n+1>.

create table repository (
    id         bigint generated always as identity primary key,
    name       varchar(255) not null unique,
    created_at timestamp with time zone not null default now()
);

-- Every blob stored once, by digest, whatever repositories hold it.
create table blob (
    digest        varchar(200) primary key,
    size          bigint not null,
    -- Chunk index (spec/chunk-index.md): chunk size and the concatenated 32-byte sha256 of each chunk.
    chunk_size    bigint not null,
    chunk_digests bytea not null,
    created_at    timestamp with time zone not null default now()
);

-- A blob is readable only through a repository that holds it.
create table repository_blob (
    repository_id bigint not null references repository (id) on delete cascade,
    digest        varchar(200) not null references blob (digest),
    created_at    timestamp with time zone not null default now(),
    primary key (repository_id, digest)
);
create index repository_blob_digest on repository_blob (digest);

-- The exact bytes that were pushed; the digest is of those bytes.
create table manifest (
    repository_id  bigint not null references repository (id) on delete cascade,
    digest         varchar(200) not null,
    media_type     varchar(255) not null,
    artifact_type  varchar(255),
    size           bigint not null,
    content        bytea not null,
    subject_digest varchar(200),
    annotations    text,
    created_at     timestamp with time zone not null default now(),
    primary key (repository_id, digest)
);
create index manifest_subject on manifest (repository_id, subject_digest);

-- What each manifest points at, so a garbage collector can be exact: blobs (config, layer),
-- child manifests of an index, and the subject of a referrer.
create table manifest_reference (
    repository_id   bigint not null,
    manifest_digest varchar(200) not null,
    kind            varchar(16) not null,
    target_digest   varchar(200) not null,
    primary key (repository_id, manifest_digest, kind, target_digest),
    foreign key (repository_id, manifest_digest) references manifest (repository_id, digest) on delete cascade
);
create index manifest_reference_target on manifest_reference (repository_id, target_digest);

create table tag (
    repository_id   bigint not null references repository (id) on delete cascade,
    name            varchar(128) not null,
    manifest_digest varchar(200) not null,
    updated_at      timestamp with time zone not null default now(),
    primary key (repository_id, name)
);

-- Every tag move, so "what did this tag point at yesterday" has an answer.
create table tag_history (
    id              bigint generated always as identity primary key,
    repository_id   bigint not null references repository (id) on delete cascade,
    name            varchar(128) not null,
    previous_digest varchar(200),
    manifest_digest varchar(200),
    changed_at      timestamp with time zone not null default now()
);
create index tag_history_tag on tag_history (repository_id, name, changed_at);

-- Upload sessions; their bytes live under the data directory's uploads/<id>/.
create table upload_session (
    id            uuid primary key,
    repository_id bigint not null references repository (id) on delete cascade,
    committed     bigint not null default 0,
    started_at    timestamp with time zone not null default now(),
    updated_at    timestamp with time zone not null default now()
);
