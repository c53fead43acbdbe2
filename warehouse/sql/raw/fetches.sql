-- raw.fetches: one row per fetched or ingested file (the raw store's .meta.json records). Append only.
create table if not exists raw.fetches (
    fetch_id      varchar primary key,
    source        varchar not null,
    url           varchar not null,
    fetched_at    timestamp not null,   -- UTC
    sha256        varchar not null,
    path          varchar not null,     -- relative to the raw store root
    bytes         bigint not null,
    http_status   integer,
    content_type  varchar,
    etag          varchar,
    last_modified varchar,
    snapshot_date date,                 -- the date the file describes
    upstream_key  varchar,              -- commit sha / file name that identifies the version upstream
    filename      varchar,
    origin        varchar not null,     -- fetch | manual
    extra         json
);
