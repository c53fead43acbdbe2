-- std.scores: every score from every source in one shape. One row per published number.
create table if not exists std.scores (
    source            varchar not null,
    source_model_name varchar not null,  -- the name exactly as the source publishes it
    model_key         varchar,           -- the source's own stable id when it has one (arena key, API id, HF repo)
    benchmark_id      varchar not null,
    snapshot_date     date,              -- when this number was observed (leaderboard version)
    evaluated_on      date,              -- when the run happened, where the source says
    score             double,
    stderr            double,
    ci_lower          double,            -- 95% bounds where published
    ci_upper          double,
    votes             bigint,
    setting           varchar,           -- run setting: reasoning effort, thinking, budget, edit format ('' = default)
    style_control     boolean,           -- arena ratings only
    is_self_reported  boolean not null default false,
    source_url        varchar not null,
    fetched_at        timestamp not null,
    sha256            varchar not null,
    fetch_id          varchar not null
);
