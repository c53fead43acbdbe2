-- staging.artificial_analysis_models: one row per model record (a model × run setting) in one day's Artificial Analysis llms.json.
create table if not exists staging.artificial_analysis_models (
    row_number                      integer not null, -- position in the file's 'models' list
    model_uuid                      varchar not null, -- `id`: Artificial Analysis' UUID, stable across days
    name                            varchar not null, -- display name as published, effort included ('GPT-5.4 Pro (xhigh)')
    base_name                       varchar not null, -- the name with a run-setting suffix split off ('GPT-5.4 Pro')
    setting                         varchar not null, -- that suffix: 'xhigh', 'non-reasoning', 'adaptive_reasoning;max_effort' ('' = none)
    short_name                      varchar,
    slug                            varchar,          -- 'gpt-oss-120b', 'deepseek-v3-2' (variants of one model differ)
    release_date                    date,
    reasoning_model                 boolean,          -- null for every record from 2026-07-07 on
    deprecated                      boolean,          -- still listed, no longer served
    creator_id                      varchar,
    creator_name                    varchar,          -- 'OpenAI', 'Z AI'
    creator_slug                    varchar,
    creator_country                 varchar,          -- lower-case ISO code: 'us', 'cn'
    is_open_weights                 boolean,          -- open_weights.is_open_weights, as published (a claim)
    commercial_allowed              boolean,          -- open_weights.commercial_allowed (null for closed models)
    license_name                    varchar,          -- free text as published ('Apache 2.0', 'Mit', 'DEEPSEEK LICENSE AGREEMENT')
    license_url                     varchar,
    huggingface_url                 varchar,
    openrouter_api_id               varchar,
    intelligence_index_is_estimated boolean,          -- the index was estimated, not fully measured
    total_parameters_b              double,           -- billions
    active_parameters_b             double,           -- billions (mixture-of-experts)
    context_window_tokens           double,
    extra                           json,             -- every other key: pricing, speed, modalities, breakdowns, …
    source_url                      varchar not null,
    fetched_at                      timestamp not null,
    sha256                          varchar not null,
    fetch_id                        varchar not null,
    snapshot_date                   date              -- the day folder of the file
);
