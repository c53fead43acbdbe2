-- staging.epoch_benchmarking_hub_external: one row per score in the third-party leaderboards Epoch re-publishes (*_external.csv).
create table if not exists staging.epoch_benchmarking_hub_external (
    member                 varchar not null,
    benchmark              varchar not null, -- file stem without `_external`: aider_polyglot, live_bench, mmlu, …
    row_number             integer not null,
    id                     varchar,          -- Epoch's record id (LiveBench: LiveBench's own model name)
    model_version          varchar,          -- as published (trailing spaces kept); empty for unmatched models
    model_key              varchar,
    setting                varchar not null, -- effort suffix, edit format, shots, LiveBench version, MMLU source; joined by ', '
    upstream_name          varchar,          -- the leaderboard's own model name (`Name`, LiveBench `id`)
    score_column           varchar not null, -- which column held the score: 'Percent correct', 'EM', …
    score                  double,           -- on the leaderboard's own scale
    stderr                 double,           -- HLE `Accuracy Standard Error`
    ci_plus                double,           -- WebDev Arena `Score 95% CI` '=+11/-11'
    ci_minus               double,
    ci_raw                 varchar,
    votes                  bigint,
    edit_format            varchar,          -- Aider
    shots                  integer,          -- MMLU
    benchmark_version      varchar,          -- LiveBench Version
    last_updated           date,             -- WebDev Arena
    release_date           date,
    organization           varchar,
    country                varchar,
    training_compute_flop  double,
    training_compute_notes varchar,
    source_name            varchar,          -- `Source`: the leaderboard or paper Epoch took the number from
    source_link            varchar,
    notes                  varchar,
    extra                  json,             -- every other column (cost, sub-scores, calibration error, UUID…)
    source_url             varchar not null,
    fetched_at             timestamp not null,
    sha256                 varchar not null,
    fetch_id               varchar not null,
    snapshot_date          date
);
