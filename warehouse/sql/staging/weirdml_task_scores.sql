-- staging.weirdml_task_scores: one row per model configuration × task accuracy (the `<task>_acc` columns) in one version of weirdml_data.csv.
create table if not exists staging.weirdml_task_scores (
    internal_model_name varchar not null, -- joins staging.weirdml_models of the same fetch
    task                varchar not null, -- column name without '_acc': 'shapes_easy', 'chess_winners', …
    accuracy            double not null,  -- fraction 0-1
    source_url          varchar not null,
    fetched_at          timestamp not null,
    sha256              varchar not null,
    fetch_id            varchar not null,
    snapshot_date       date
);
