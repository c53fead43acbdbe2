-- staging.epoch_ai_models_models: one row per model per Epoch AI 'Data on AI Models' CSV export.
create table if not exists staging.epoch_ai_models_models (
    export                      varchar,          -- notable_ai_models | all_ai_models (from the file name)
    row_number                  integer not null, -- data row in the file, 1-based (newest first)
    model                       varchar,          -- name trimmed; null on Epoch's few blank rows
    model_raw                   varchar,          -- as published (stray spaces, tabs, newlines)
    domain                      varchar,          -- comma-separated: 'Multimodal,Language,Vision'
    organization                varchar,          -- comma-separated when several
    organization_categorization varchar,
    country                     varchar,          -- 'Country (from Organization)', 2026 on 'Country (of organization)'; one per org
    publication_date            date,
    reference                   varchar,
    link                        varchar,
    notability_criteria         varchar,
    parameters                  double,
    training_compute_flop       double,
    model_accessibility         varchar,          -- 'Open weights (unrestricted)', 'API access', …, or null
    open_model_weights          boolean,          -- 'Open model weights?' Yes/No (2026 exports on); null if blank or absent
    base_model                  varchar,
    confidence                  varchar,
    last_modified               timestamp,        -- UTC; all_ai_models only
    extra                       json,             -- every other column, keyed by Epoch's header
    source_url                  varchar not null,
    fetched_at                  timestamp not null,
    sha256                      varchar not null,
    fetch_id                    varchar not null,
    snapshot_date               date
);
