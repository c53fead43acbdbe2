-- staging.epoch_open_model_trends_models: one row per model (and the 'Random chance' baseline) in one version of benchmarks_with_model_accessibility.csv.
create table if not exists staging.epoch_open_model_trends_models (
    row_number                 integer not null, -- position in the file
    system                     varchar not null, -- display name or API id as Epoch wrote it ('Claude 3.5 Sonnet', 'gpt-4-turbo-2024-04-09')
    release_date               date,             -- `Date` (Flan-T5 rows carry T5's date, Flan-PaLM rows PaLM's)
    open_closed                varchar,          -- Epoch's label: 'open' | 'closed' (null on the baseline row)
    bbh                        double,           -- fractions 0-1, as collected by Epoch (papers, leaderboards, own runs)
    gpqa                       double,
    mmlu                       double,
    helm_mmlu                  double,
    seal_coding                double,           -- Scale SEAL coding: an Elo-style rating
    seal_instruction_following double,           -- fraction 0-1
    seal_math                  double,           -- fraction 0-1
    lmsys_elo                  double,           -- LMSys Chatbot Arena rating, as of Epoch's collection
    lmsys_elo_ci_plus          double,           -- `LMSys Elo 95% CI` '"+3/-4"': the upper half-width (3)
    lmsys_elo_ci_minus         double,           -- … and the lower one (4)
    parameters                 double,           -- `Model size (parameters)`
    active_parameters          double,           -- `Active Parameters` ('176,000,000,000' as written)
    dataset_size               double,
    training_compute_flop      double,
    training_compute_notes     varchar,
    lmsys_elo_notes            varchar,          -- Arena entry used ('20240229', 'chat', an API id)
    bbh_notes                  varchar,          -- shot counts, URLs, free text
    gpqa_notes                 varchar,          -- 'Epoch evaluation' where Epoch ran GPQA itself
    mmlu_notes                 varchar,
    helm_mmlu_notes            varchar,
    trust                      integer,          -- `Trust in benchmark results`: -1 | 0 | 1
    trust_notes                varchar,
    extra                      json,             -- any column not listed here
    source_url                 varchar not null,
    fetched_at                 timestamp not null,
    sha256                     varchar not null,
    fetch_id                   varchar not null,
    snapshot_date              date              -- commit date of this version of the file
);
