-- staging.aider_leaderboards_runs: one row per benchmark run in one version of an Aider leaderboard YAML file.
create table if not exists staging.aider_leaderboards_runs (
    leaderboard               varchar not null, -- polyglot | edit | refactor (from the file name)
    row_number                integer not null, -- position in the YAML list
    dirname                   varchar,          -- the benchmark run's directory, unique per run
    model                     varchar not null, -- display name as published ('o3-mini (high)')
    command                   varchar,          -- the aider command line as published
    model_arg                 varchar,          -- value of --model ('openrouter/x-ai/grok-3-beta')
    model_shortcut            varchar,          -- '--opus', '-4': a switch whose model depended on aider's version
    editor_model_arg          varchar,          -- value of --editor-model (architect runs)
    cmd_reasoning_effort      varchar,          -- value of --reasoning-effort
    cmd_thinking_tokens       varchar,          -- value of --thinking-tokens ('32k')
    provider                  varchar,          -- litellm provider prefix of model_arg ('openrouter', 'ollama')
    model_id                  varchar,          -- last path segment of model_arg ('grok-3-beta')
    is_moving_alias           boolean,          -- model_id names whatever is current (aider short name, *-latest, deepseek-chat)
    editor_model              varchar,
    run_date                  date,             -- `date`: when the run happened
    released                  date,             -- `released`: the model's release date, where given
    pass_rate_1               double,           -- percent solved on the first try
    pass_rate_2               double,           -- percent solved after seeing test errors (not in refactor)
    percent_cases_well_formed double,
    edit_format               varchar,
    editor_edit_format        varchar,
    reasoning_effort          varchar,
    thinking_tokens           varchar,
    total_cost                double,           -- USD; 0 or missing for local/free runs
    test_cases                integer,
    seconds_per_case          double,
    versions                  varchar,          -- aider version(s) used
    commit_hash               varchar,
    extra                     json,             -- every other key (pass_num_*, error counts, _released, …)
    source_url                varchar not null,
    fetched_at                timestamp not null,
    sha256                    varchar not null,
    fetch_id                  varchar not null,
    snapshot_date             date              -- commit date of this version of the file
);
