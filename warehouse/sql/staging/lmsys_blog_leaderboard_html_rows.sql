-- staging.lmsys_blog_leaderboard_html_rows: one row per <tr> of every leaderboard table in a 2023 blog post.
create table if not exists staging.lmsys_blog_leaderboard_html_rows (
    table_index    integer not null,
    table_id       varchar,
    row_number     integer not null,
    model          varchar not null,
    model_raw      varchar not null,
    link           varchar,
    rank           integer,
    elo_rating     integer,
    mt_bench_score double,
    mmlu_pct       double,            -- percent (86.4), unlike the Space CSVs' fraction
    license        varchar,
    description    varchar,
    cells          json not null,     -- every cell under its header, as text
    source_url     varchar not null,
    fetched_at     timestamp not null,
    sha256         varchar not null,
    fetch_id       varchar not null,
    snapshot_date  date
);
