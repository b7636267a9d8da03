-- The LAN peer tracker (spec/peers.md, issue 6): which hosts hold or want which blobs, and which chunks of them.
-- In the database rather than in memory so it survives a restart and every registry replica sees the same peers.
-- (V3 is the control plane's.)

create table peer (
    id         varchar(63) primary key,
    -- The peer server's base URL (spec/peers.md: at most 512 characters).
    url        varchar(512) not null,
    region     varchar(63),
    zone       varchar(63),
    rack       varchar(63),
    -- The token subject that joined it; only that subject may change it while it is live.
    owner      varchar(255) not null,
    joined_at  timestamp with time zone not null default now(),
    -- Offered to others until then; every heartbeat and announce moves it on (the database's clock, so replicas agree).
    expires_at timestamp with time zone not null
);
-- No index on expires_at: every heartbeat and announce moves it, and without an index on it that update can be
-- HOT (no index entries rewritten). The janitor's scan by expiry reads one row per host every --peer-expiry.

-- One row per (peer, blob): an upsert per announced blob, so announcing every 250 ms stays cheap.
create table peer_blob (
    peer_id    varchar(63) not null references peer (id) on delete cascade,
    -- A garbage-collected blob takes its rows with it.
    digest     varchar(200) not null references blob (digest) on delete cascade,
    complete   boolean not null,
    -- The chunk bitset (spec/peers.md), exactly ceil(chunk count / 8) bytes.
    chunks     bytea not null,
    updated_at timestamp with time zone not null default now(),
    primary key (peer_id, digest)
);
-- "Who has this blob" reads every row of one digest.
create index peer_blob_digest on peer_blob (digest);

-- Bitwise or of two chunk bitsets, so an announce merges into what the tracker has in one upsert.
-- jOOQ's code generator does not need (or parse) the function; Flyway runs it.
-- [jooq ignore start]
-- Room on each page for the frequent updates of expires_at, complete and chunks to stay HOT.
alter table peer set (fillfactor = 70);
alter table peer_blob set (fillfactor = 70);

create function lading_bitset_or(a bytea, b bytea) returns bytea
    language sql immutable strict parallel safe
as $$
    select coalesce(decode(string_agg(lpad(to_hex(
               (case when i < length(a) then get_byte(a, i) else 0 end)
             | (case when i < length(b) then get_byte(b, i) else 0 end)), 2, '0'), '' order by i), 'hex'), ''::bytea)
    from generate_series(0, greatest(length(a), length(b)) - 1) as i
$$;
-- [jooq ignore stop]
