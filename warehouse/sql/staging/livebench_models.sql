-- staging.livebench_models: one row per model in one LiveBench release table, with its blank (not run) task cells.
create table if not exists staging.livebench_models (
    row_number       integer not null,
    model            varchar not null, -- id exactly as published
    tasks_scored     integer not null,
    tasks_blank      integer not null, -- blank cells: the model was not run on these tasks
    blank_tasks      varchar,          -- comma-separated task columns left blank
    unplaced_cells   varchar,          -- a row whose field count differs from the header: its cells as published (JSON list), no score read
    source_url       varchar not null,
    fetched_at       timestamp not null,
    sha256           varchar not null,
    fetch_id         varchar not null,
    snapshot_date    date
);
