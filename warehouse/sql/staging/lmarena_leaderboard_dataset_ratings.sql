-- staging.lmarena_leaderboard_dataset_ratings: one row per (category, model) row of each `latest` Parquet version.
create table if not exists staging.lmarena_leaderboard_dataset_ratings (
    row_number               integer not null,   -- position in the file: (category, model) can repeat
    category                 varchar not null,   -- 'overall' is the overall leaderboard
    model_name               varchar not null,   -- arena key, trimmed
    model_name_raw           varchar not null,
    organization             varchar,            -- lowercase slug; empty upstream for older models
    license                  varchar,            -- as published ('Proprietary' = closed weights)
    rank                     integer,
    rating                   double,
    rating_lower             double,             -- 95% bounds: rating -/+ 1.96 * sqrt(variance)
    rating_upper             double,
    variance                 double,
    vote_count               bigint,
    style_control            boolean not null,   -- from the `text_style_control` subset
    leaderboard_publish_date date,               -- where the file carries it per row
    extra                    json,               -- upstream columns not listed above
    source_url               varchar not null,
    fetched_at               timestamp not null,
    sha256                   varchar not null,
    fetch_id                 varchar not null,
    snapshot_date            date
);
