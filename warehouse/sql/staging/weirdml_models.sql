-- staging.weirdml_models: one row per model configuration (model × effort or API route) in one version of WeirdML's weirdml_data.csv.
create table if not exists staging.weirdml_models (
    row_number               integer not null, -- position in the file (rows are sorted by avg_acc: order changes with every update)
    internal_model_name      varchar not null, -- unique per row; the variant after a colon ('claude-opus-4-6:max', 'gpt-oss-120b:ollama')
    display_name             varchar not null, -- 'gpt-5.2 (xhigh)'
    base_name                varchar not null, -- display_name without the parenthesised setting ('gpt-5.2')
    setting                  varchar not null, -- that setting, commas as ';' ('xhigh', 'high;16k'; '' = none)
    model_slug               varchar,          -- provider id: 'org/model' (OpenRouter), vendor id, Ollama tag, fireworks path
    api_source               varchar,          -- `API source`: 'OpenRouter', 'OpenAI responses', 'Ollama', 'fireworks', …
    avg_acc                  double,           -- mean accuracy over the tasks, fraction 0-1
    avg_acc_standard_error   double,           -- its standard error, same scale (column added 2025-07)
    cost_per_run_usd         double,
    mean_total_output_tokens double,
    code_len_p10             double,           -- percentiles of the length of the code written
    code_len_p50             double,
    code_len_p90             double,
    exec_time_median_s       double,           -- seconds
    release_date             date,             -- the model's release date, repeated on every variant (column added 2025-08)
    extra                    json,             -- any column not listed here
    source_url               varchar not null,
    fetched_at               timestamp not null,
    sha256                   varchar not null,
    fetch_id                 varchar not null,
    snapshot_date            date              -- the date the file was fetched (the file is rewritten in place)
);
