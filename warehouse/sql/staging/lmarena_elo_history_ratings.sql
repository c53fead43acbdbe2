-- staging.lmarena_elo_history_ratings: one row per (date, model key) cell of each version of the wide archive CSV.
create table if not exists staging.lmarena_elo_history_ratings (
    rating_date   date not null,      -- the Elo-results date of the row (YYYYMMDD upstream)
    column_number integer not null,   -- position of the model's column
    model_key     varchar not null,   -- arena key, trimmed
    model_key_raw varchar not null,
    rating        double,             -- overall text rating; null where the cell is 0.0
    is_listed     boolean not null,   -- false where the cell is 0.0 (not on that date's leaderboard)
    source_url    varchar not null,
    fetched_at    timestamp not null,
    sha256        varchar not null,
    fetch_id      varchar not null,
    snapshot_date date
);
