-- The control plane (spec/control-plane.md): hosts and their reports, channels, rollouts in waves.
-- The registry keeps a copy in memory; these tables are the truth it reloads after a restart.

-- A registered host. Never deleted: a host silent for --host-lost-after gets lost_at, and loses it when heard again.
create table fleet_host (
    host_id    varchar(63) primary key,
    labels     text not null,
    first_seen timestamp with time zone not null default now(),
    last_seen  timestamp with time zone not null default now(),
    lost_at    timestamp with time zone
);

-- The host's last report for one model it serves (the heartbeat's models[] entry, as JSON).
create table host_model (
    host_id    varchar(63) not null references fleet_host (host_id) on delete cascade,
    model      varchar(255) not null,
    channel    varchar(63) not null,
    report     text not null,
    updated_at timestamp with time zone not null default now(),
    primary key (host_id, model)
);

-- Where each channel of a model points now, and every move.
create table channel_pointer (
    model    varchar(255) not null,
    channel  varchar(63) not null,
    version  varchar(200) not null,
    moved_at timestamp with time zone not null,
    moved_by varchar(255) not null,
    reason   text,
    primary key (model, channel)
);

create table channel_history (
    id       bigint generated always as identity primary key,
    model    varchar(255) not null,
    channel  varchar(63) not null,
    version  varchar(200) not null,
    moved_at timestamp with time zone not null,
    moved_by varchar(255) not null,
    reason   text
);
create index channel_history_moved on channel_history (model, channel, moved_at);

create table rollout (
    id             bigint generated always as identity primary key,
    model          varchar(255) not null,
    channel        varchar(63) not null,
    target         varchar(200) not null,
    target_ref     varchar(255) not null,
    selector       text not null,
    on_failure     varchar(16) not null check (on_failure in ('pause', 'rollback')),
    state          varchar(16) not null
        check (state in ('prefetching', 'running', 'paused', 'completed', 'aborted', 'rolled_back')),
    current_wave   integer not null default 0,
    created_at     timestamp with time zone not null,
    created_by     varchar(255) not null,
    -- Failures before this instant no longer count against the budget (set by resume).
    budget_since   timestamp with time zone,
    finished_at    timestamp with time zone
);
create index rollout_model_state on rollout (model, channel, state);

-- The wave plan, and each wave's progress.
create table rollout_wave (
    rollout_id    bigint not null references rollout (id) on delete cascade,
    wave_index    integer not null,
    wave_count    integer,
    wave_percent  integer,
    wave_label    text,
    bake_seconds  bigint not null,
    max_failures  integer not null,
    hosts         integer not null,
    activated_at  timestamp with time zone,
    healthy_since timestamp with time zone,
    baked_at      timestamp with time zone,
    primary key (rollout_id, wave_index)
);

-- Each targeted host: its wave (fixed at start), the version it had active then, and its failure if any.
create table rollout_host (
    rollout_id     bigint not null references rollout (id) on delete cascade,
    host_id        varchar(63) not null,
    wave_index     integer not null,
    before_version varchar(200),
    failed_reason  text,
    failed_at      timestamp with time zone,
    primary key (rollout_id, host_id)
);

create table rollout_event (
    id         bigint generated always as identity primary key,
    rollout_id bigint not null references rollout (id) on delete cascade,
    at         timestamp with time zone not null,
    event      varchar(32) not null,
    actor      varchar(255) not null,
    detail     text
);
create index rollout_event_rollout on rollout_event (rollout_id, id);
