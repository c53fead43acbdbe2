-- staging.artificial_analysis_scores: one row per non-null number in a model record's `evaluations` (index or benchmark).
create table if not exists staging.artificial_analysis_scores (
    model_uuid    varchar not null, -- joins staging.artificial_analysis_models of the same fetch
    name          varchar not null, -- display name as published
    metric        varchar not null, -- evaluations key: 'artificial_analysis_intelligence_index', 'gpqa', 'aa_omniscience', …
    score         double not null,  -- indices 0-100, benchmarks as fractions 0-1, aa_omniscience -100..100
    source_url    varchar not null,
    fetched_at    timestamp not null,
    sha256        varchar not null,
    fetch_id      varchar not null,
    snapshot_date date
);
