-- staging.epoch_open_model_trends_gsm1k: one row per model in one version of gsm1k_with_model_accessibility.csv (GSM8k vs GSM1k, the report's contamination check).
create table if not exists staging.epoch_open_model_trends_gsm1k (
    row_number               integer not null, -- position in the file
    system                   varchar not null, -- API or Hugging Face id ('claude-3-opus-20240229', 'Meta-Llama-3-8B')
    release_date             date,             -- `Date` (6 rows without one; deepseek-coder-33b-instruct's 2024-11-01 is probably 2023-11)
    open_closed              varchar,          -- Epoch's label: 'open' | 'closed'
    gsm8k                    double,           -- fraction 0-1
    gsm1k                    double,           -- fraction 0-1
    training_compute_flop    double,
    speculative_compute_flop double,           -- `Speculative Compute`: Epoch's guesses, kept apart from sourced compute
    active_parameters        double,
    extra                    json,             -- any column not listed here
    source_url               varchar not null,
    fetched_at               timestamp not null,
    sha256                   varchar not null,
    fetch_id                 varchar not null,
    snapshot_date            date              -- commit date of this version of the file
);
