-- staging.livebench_scores: one row per model per task with a score in one LiveBench release table (blank cells: see livebench_models).
create table if not exists staging.livebench_scores (
    model            varchar not null, -- id exactly as published ('claude-4-1-opus-20250805-thinking-32k')
    task             varchar not null, -- task column as published ('LCB_generation', 'web_of_lies_v3')
    score            double not null,  -- 0-100
    source_url       varchar not null,
    fetched_at       timestamp not null,
    sha256           varchar not null,
    fetch_id         varchar not null,
    snapshot_date    date              -- the release date in the file name
);
