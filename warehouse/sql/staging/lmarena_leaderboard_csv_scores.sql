-- staging.lmarena_leaderboard_csv_scores: one row per model per scraped LMArena text leaderboard version.
create table if not exists staging.lmarena_leaderboard_csv_scores (
    row_number       integer not null,
    rank             integer,
    rank_stylectrl   integer,          -- from 2024-08; style-controlled rank only (no score)
    model            varchar not null, -- display name
    arena_score      double,
    ci_plus          double,           -- upper half-width of the 95% interval, points
    ci_minus         double,           -- lower half-width
    ci_raw           varchar,          -- as published, '+4/-3'
    votes            bigint,
    organization     varchar,
    license          varchar,
    knowledge_cutoff varchar,
    url              varchar,
    extra            json,
    source_url       varchar not null,
    fetched_at       timestamp not null,
    sha256           varchar not null,
    fetch_id         varchar not null,
    snapshot_date    date
);
