-- staging.lmarena_hf_space_models: one row per model per leaderboard_table_YYYYMMDD.csv, every column kept.
create table if not exists staging.lmarena_hf_space_models (
    row_number            integer not null,
    key                   varchar,          -- arena key; absent before 2024-01-09
    model                 varchar not null, -- display name, trimmed
    model_raw             varchar not null, -- as published
    mt_bench_win_rate_pct double,
    mt_bench_score        double,
    arena_elo             integer,          -- 2023 files only
    mmlu                  double,           -- fraction 0-1
    knowledge_cutoff      varchar,          -- YYYY/M, Online, or null
    license               varchar,          -- 'Proprietary' or an open-weight licence
    organization          varchar,
    link                  varchar,
    extra                 json,             -- columns this parser does not know yet
    source_url            varchar not null,
    fetched_at            timestamp not null,
    sha256                varchar not null,
    fetch_id              varchar not null,
    snapshot_date         date
);
