-- staging.epoch_benchmarking_hub_model_versions: one row per model version in the early-2025 layout (model_versions.csv).
create table if not exists staging.epoch_benchmarking_hub_model_versions (
    member               varchar not null,
    row_number           integer not null,
    id                   varchar,          -- API id as published, with any effort suffix
    model_key            varchar,
    setting              varchar not null,
    model                varchar,          -- Epoch's model name ('Claude 3.5 Sonnet')
    version_release_date date,
    hf_developer_id      varchar,          -- Hugging Face owner, filled for models whose weights are on the Hub
    link                 varchar,
    notes                varchar,
    run_ids              varchar,          -- `benchmarks/runs`: comma-separated run ids
    display_name         varchar,
    extra                json,
    source_url           varchar not null,
    fetched_at           timestamp not null,
    sha256               varchar not null,
    fetch_id             varchar not null,
    snapshot_date        date
);
