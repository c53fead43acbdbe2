-- staging.llm_stats_scores: one row per benchmark entry of an LLM Stats model (qualitative_metrics
-- or benchmarks.json), every entry kept, including scores off the 0-1 scale.
create table if not exists staging.llm_stats_scores (
    repo_path        varchar,
    organization     varchar,          -- the <org> folder
    model_id         varchar,          -- the <model> folder
    model_name       varchar,          -- the model's name (null in benchmarks.json: see llm_stats_models)
    entry_number     integer not null, -- position in the file's list, 1-based
    dataset_name     varchar,          -- as published, free text ('AIME 2024', 'SWE-bench Verified')
    benchmark_key    varchar,          -- successor layout's benchmark_id
    benchmark_slug   varchar not null, -- lower snake case of the name; '+' → plus, '<' → lt, '>' → gt
    score            double,           -- as published: mostly a fraction 0-1, some percents, Elo, WER
    score_unit       varchar,          -- successor layout only
    is_self_reported boolean,          -- null when the entry does not say
    analysis_method  varchar,          -- free text: 'Pass@1', 'Diamond, 5-shot CoT', 'accuracy (no tools)'
    date_recorded    varchar,          -- as published: 'YYYY-MM-DD', sometimes 'YYYY-MM'
    recorded_date    date,             -- date_recorded when it is a full date
    source_link      varchar,
    extra            json,
    source_url       varchar not null,
    fetched_at       timestamp not null,
    sha256           varchar not null,
    fetch_id         varchar not null,
    snapshot_date    date
);
