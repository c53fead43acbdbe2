-- std.model_claims: what each source says about a model (who, when, which licence, open or not).
-- One row per (source, name, snapshot); facts are claims with provenance, reconciled in core.
create table if not exists std.model_claims (
    source            varchar not null,
    source_model_name varchar not null,
    model_key         varchar,
    snapshot_date     date,
    display_name      varchar,
    organization      varchar,
    country           varchar,
    license           varchar,           -- as published
    access            varchar,           -- open | api | hosted | unreleased | null (unknown)
    hf_repo_id        varchar,           -- owner/name on the Hugging Face Hub, where known
    url               varchar,
    release_date      date,
    announce_date     date,
    weights_date      date,
    params_b          double,
    base_model        varchar,
    is_derivative     boolean,
    knowledge_cutoff  varchar,
    source_url        varchar not null,
    fetched_at        timestamp not null,
    sha256            varchar not null,
    fetch_id          varchar not null
);
