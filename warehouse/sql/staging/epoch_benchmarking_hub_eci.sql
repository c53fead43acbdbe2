-- staging.epoch_benchmarking_hub_eci: one row per model version in the Epoch Capabilities Index (epoch_capabilities_index.csv, or eci_scores.csv).
create table if not exists staging.epoch_benchmarking_hub_eci (
    member                varchar not null,
    row_number            integer not null,
    model_version         varchar,          -- `Model version` as published (trailing spaces kept); `Model` in eci_scores.csv
    model_key             varchar,          -- model_version trimmed, reasoning-effort suffix removed
    setting               varchar not null, -- that suffix ('high', '32K', 'thinking'), '' when none
    eci_score             double,           -- empty for models not yet scored
    eci_ci_low            double,           -- eci_scores.csv only
    eci_ci_high           double,
    release_date          date,
    organization          varchar,
    country               varchar,
    model_accessibility   varchar,          -- 'API access', 'Open weights (unrestricted)', … or null (unknown)
    accessibility_group   varchar,          -- eci_scores.csv: 'Closed weights' | 'Open weights' | 'Other'
    training_compute_flop double,
    confidence            varchar,
    model_name            varchar,
    description           varchar,
    display_name          varchar,
    model_versions        varchar,          -- eci_scores.csv: the versions behind the model's score
    extra                 json,
    source_url            varchar not null,
    fetched_at            timestamp not null,
    sha256                varchar not null,
    fetch_id              varchar not null,
    snapshot_date         date
);
