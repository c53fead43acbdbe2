-- staging.epoch_benchmarking_hub_organizations: one row per organization in the early-2025 layout (organizations.csv).
create table if not exists staging.epoch_benchmarking_hub_organizations (
    member           varchar not null,
    row_number       integer not null,
    organization_raw varchar not null, -- as published (some have a leading space)
    organization     varchar,
    country          varchar,          -- may list several, comma-separated
    info             varchar,
    categorization   varchar,
    all_ml_systems   varchar,          -- comma-separated model names (Epoch `Model`)
    extra            json,
    source_url       varchar not null,
    fetched_at       timestamp not null,
    sha256           varchar not null,
    fetch_id         varchar not null,
    snapshot_date    date
);
