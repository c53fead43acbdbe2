-- staging.epoch_benchmarking_hub_members: one row per member of each downloaded zip (or per ingested CSV) and what it held.
create table if not exists staging.epoch_benchmarking_hub_members (
    member           varchar not null, -- path inside the zip, or the ingested file name
    kind             varchar not null, -- eci | eci_scores | runs | runs_long | external | model_versions | organizations | readme | other | ignored | unknown
    bytes            bigint not null,  -- uncompressed size
    row_count        integer not null, -- rows loaded into the other staging tables (0 for unknown members)
    source_url       varchar not null,
    fetched_at       timestamp not null,
    sha256           varchar not null,
    fetch_id         varchar not null,
    snapshot_date    date
);
