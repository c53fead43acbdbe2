-- raw.load_errors: raw files that failed to parse or failed a sanity check, with the one-line reason.
create table if not exists raw.load_errors (
    fetch_id   varchar,
    source     varchar not null,
    path       varchar,
    stage      varchar not null,   -- parse | check | fetch
    message    varchar not null,
    is_new     boolean not null,   -- the file arrived in this refresh
    logged_at  timestamp not null
);
