-- staging.lmarena_arena_catalog_ratings: one row per category per model key per arena-catalog version.
create table if not exists staging.lmarena_arena_catalog_ratings (
    category      varchar not null,   -- 'full' is the overall leaderboard
    model_key     varchar not null,   -- arena key, trimmed
    model_key_raw varchar not null,
    rating        double,
    rating_q025   double,             -- 95% bounds
    rating_q975   double,
    style_control boolean not null,
    source_url    varchar not null,
    fetched_at    timestamp not null,
    sha256        varchar not null,
    fetch_id      varchar not null,
    snapshot_date date
);
