-- staging.hf_cards_models: one row per Hub model-info check (GET /api/models/<repo>), found or not.
create table if not exists staging.hf_cards_models (
    repo_id                varchar not null, -- as requested: the id some source published
    hub_id                 varchar,          -- `id` in the response; differs when the Hub redirected a renamed repo
    status                 varchar not null, -- ok | not_found | gated | unauthorized | forbidden | disabled | gone | http_<n>
    http_status            integer,
    error_code             varchar,          -- the Hub's X-Error-Code (RepoNotFound, GatedRepo, …)
    error_message          varchar,
    author                 varchar,          -- Hub namespace, not necessarily the organisation
    sha                    varchar,          -- commit the metadata describes
    created_at             timestamp,        -- repo creation (UTC); floor 2022-03-02 23:29:04 = "before the Hub recorded it"
    last_modified          timestamp,
    private                boolean,
    gated                  varchar,          -- 'auto' | 'manual' | null when not gated
    is_gated               boolean,          -- weights behind a licence click-through (still downloadable)
    disabled               boolean,
    license                varchar,          -- cardData.license, else the license:<id> tag
    license_name           varchar,          -- set when license = 'other'
    license_link           varchar,
    base_model             varchar,          -- first of base_models
    base_models            json,             -- the Hub's base_model:* tags (resolved ids), else cardData.base_model
    base_model_relation    varchar,          -- adapter | quantized | merge | finetune (from base_model:<relation>:<repo> tags)
    pipeline_tag           varchar,
    library_name           varchar,
    downloads              bigint,           -- last 30 days
    downloads_all_time     bigint,
    likes                  bigint,
    safetensors_total      bigint,           -- tensor elements in the safetensors files
    safetensors_parameters json,             -- elements per dtype
    safetensors_packed     boolean,          -- I32/U32/U8 tensors: packed low-bit weights, total undercounts params
    gguf_total             bigint,           -- parameter count from GGUF metadata
    gguf                   json,
    weight_files           integer,          -- siblings that hold weights (.safetensors, .bin, .gguf, .pth, …)
    siblings               json,
    tags                   json,
    card_data              json,             -- the Hub's parse of the card front matter
    extra                  json,             -- every other key of the response (config, spaces, widgetData, …)
    source_url             varchar not null,
    fetched_at             timestamp not null,
    sha256                 varchar not null,
    fetch_id               varchar not null,
    snapshot_date          date
);
