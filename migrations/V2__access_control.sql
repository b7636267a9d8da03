-- Access control: principals (users and robot accounts), grants on repository patterns,
-- the token signing keys, and the audit log.

create table principal (
    id          bigint generated always as identity primary key,
    name        varchar(128) not null unique,
    kind        varchar(16) not null check (kind in ('user', 'robot')),
    -- bcrypt hash of the secret; null for principals that only log in through OIDC federation.
    secret_hash varchar(100),
    created_at  timestamp with time zone not null default now(),
    revoked_at  timestamp with time zone
);

-- Actions (a comma list of pull, push, delete, rollout, admin) on repositories matching a pattern.
-- A grant with no principal is an anonymous grant (pull only).
create table access_grant (
    id                 bigint generated always as identity primary key,
    principal_id       bigint references principal (id) on delete cascade,
    repository_pattern varchar(255) not null,
    actions            varchar(100) not null,
    created_at         timestamp with time zone not null default now()
);
create index access_grant_principal on access_grant (principal_id);

-- ES256 signing keys; the newest unretired one signs, every key not yet expired verifies.
create table signing_key (
    kid         varchar(64) primary key,
    private_jwk text not null,
    created_at  timestamp with time zone not null default now(),
    retired_at  timestamp with time zone
);

create table audit_event (
    id      bigint generated always as identity primary key,
    at      timestamp with time zone not null default now(),
    actor   varchar(255) not null,
    action  varchar(64) not null,
    target  varchar(512) not null,
    outcome varchar(16) not null,
    remote  varchar(64),
    detail  text
);
create index audit_event_at on audit_event (at);
