-- staging.hf_cards_readmes: one row per model card README.md read, at the commit its model info named.
create table if not exists staging.hf_cards_readmes (
    repo_id            varchar not null,
    revision           varchar,          -- commit sha the README was read at
    status             varchar not null, -- ok | gated | not_found | … (as for hf_cards_models)
    http_status        integer,
    error_code         varchar,
    readme_bytes       integer,
    has_front_matter   boolean,
    front_matter       json,             -- YAML front matter (yaml safe_load, no aliases) as JSON
    front_matter_error varchar,          -- why the front matter could not be read (bad YAML, not UTF-8, …)
    source_url         varchar not null,
    fetched_at         timestamp not null,
    sha256             varchar not null,
    fetch_id           varchar not null,
    snapshot_date      date
);
