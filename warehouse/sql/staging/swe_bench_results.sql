-- staging.swe_bench_results: one row per result per board in one version of SWE-bench's data/leaderboards.json (key: board + folder).
create table if not exists staging.swe_bench_results (
    board                  varchar not null, -- 'Verified', 'Lite', 'Test', 'Multimodal', 'bash-only', … (looked up by name)
    row_number             integer not null, -- position in the board's results list
    folder                 varchar not null, -- 'YYYYMMDD_<system>': unique within a board, the result's key
    name                   varchar,          -- display name of the system, not unique within a board
    resolved               double,           -- percent of task instances resolved (0-100)
    submitted_on           date,             -- `date`: the submission date, not the model's release date
    os_model               boolean,          -- the site's "Open Weights" flag: set by hand, wrong in both directions
    os_system              boolean,          -- the site's "Open Scaffold" flag
    checked                boolean,          -- results verified by the SWE-bench team
    checked_note           varchar,          -- `checked` where published as text ('false (See README.md …)')
    model_tags             json,             -- every `Model:` tag as written (API id, HF repo id or URL, family name)
    model_count            integer not null, -- how many `Model:` tags: 0 or >1 cannot be attributed to one model
    model_key              varchar,          -- the single `Model:` tag, a Hugging Face URL reduced to its repo id
    org                    varchar,          -- `Org:` tag(s)
    system                 varchar,          -- `System:` tag(s) ('Attempts - 1')
    tags                   json,             -- every tag as published
    site                   varchar,
    logs                   varchar,          -- s3:// URI
    trajs                  varchar,          -- s3:// URI
    cost_usd               double,           -- whole run (2025-12 on; null for most non-bash-only results)
    instance_cost_usd      double,
    instance_calls         double,
    mini_swe_agent_version varchar,          -- bash-only: the minimal agent's version
    warning                varchar,
    extra                  json,             -- every other key: logo, trajs_docent, per_instance_details, …
    source_url             varchar not null,
    fetched_at             timestamp not null,
    sha256                 varchar not null,
    fetch_id               varchar not null,
    snapshot_date          date              -- the date the file was fetched
);
