-- raw.fetch_log: one row per source per refresh attempt (data/raw/fetch_log.jsonl), successes and failures.
create table if not exists raw.fetch_log (
    source      varchar not null,
    started_at  timestamp not null,
    finished_at timestamp not null,
    status      varchar not null,   -- ok | failed
    new_files   integer not null,
    error       varchar
);
