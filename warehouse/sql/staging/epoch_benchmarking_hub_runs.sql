-- staging.epoch_benchmarking_hub_runs: one row per Epoch-run evaluation (gpqa_diamond.csv, … or the 2025 long benchmarks_runs.csv).
create table if not exists staging.epoch_benchmarking_hub_runs (
    layout                 varchar not null, -- benchmark_files (one CSV per benchmark) | long (benchmarks_runs.csv)
    member                 varchar not null,
    benchmark              varchar not null, -- slug: the member's file stem, or the mapped `task`
    task                   varchar,          -- long layout: `task` as published ('GPQA diamond')
    row_number             integer not null,
    run_id                 varchar,
    model_version          varchar,          -- as published (trailing spaces kept)
    model_key              varchar,          -- trimmed, reasoning-effort suffix removed
    setting                varchar not null, -- that suffix, '' when none
    mean_score             double,           -- fraction 0-1
    best_score             double,           -- `Best score (across scorers)`, fraction 0-1
    stderr                 double,           -- long layout: the ± of the best scorer (two decimals upstream)
    scores_raw             varchar,          -- long layout: 'scorer:0.35±0.03,…' as published
    scores                 json,             -- the same parsed: [{scorer, mean, stderr}]
    release_date           date,
    organization           varchar,
    country                varchar,
    training_compute_flop  double,
    training_compute_notes varchar,
    log_viewer             varchar,
    logs                   varchar,
    started_at             timestamp,        -- UTC
    extra                  json,
    source_url             varchar not null,
    fetched_at             timestamp not null,
    sha256                 varchar not null,
    fetch_id               varchar not null,
    snapshot_date          date
);
