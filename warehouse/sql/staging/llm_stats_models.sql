-- staging.llm_stats_models: one row per LLM Stats model.json (either repository layout) per fetch.
create table if not exists staging.llm_stats_models (
    repo_path                varchar,          -- path in the repository: models/<org>/<model>/model.json
    layout                   varchar not null, -- models (LLMStats) | organizations (llm-leaderboard)
    organization             varchar,          -- the <org> folder ('openai', 'qwen')
    model_id                 varchar,          -- the <model> folder / model_id: LLM Stats' stable id
    name                     varchar,          -- display name as published ('o3')
    release_date             date,
    announcement_date        date,             -- successor layout only
    license                  varchar,          -- LLMStats: 'Proprietary', 'MIT', 'Apache 2.0', …
    license_id               varchar,          -- llm-leaderboard: 'proprietary', 'mit', 'apache_2_0', …
    param_count              double,
    input_context_size       double,
    output_context_size      double,
    knowledge_cutoff         varchar,          -- as published ('2024-05-31'), often null
    multimodal               boolean,
    fine_tuned_from_model_id varchar,
    canonical_model_id       varchar,
    weights_link             varchar,          -- weights_link / source_weights_link
    training_tokens          double,
    n_scores                 integer,          -- entries in qualitative_metrics (old layout)
    extra                    json,             -- every other key (description, links, flags…)
    source_url               varchar not null,
    fetched_at               timestamp not null,
    sha256                   varchar not null,
    fetch_id                 varchar not null,
    snapshot_date            date
);
