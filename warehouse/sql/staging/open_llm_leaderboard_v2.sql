-- staging.open_llm_leaderboard_v2: one row per row of an Open LLM Leaderboard v2 table (fboulnois csv/huggingface_v2.csv).
create table if not exists staging.open_llm_leaderboard_v2 (
    row_number            integer not null,
    model                 varchar not null, -- Hub repo id as published
    fullname              varchar not null, -- Hub repo id
    average               double,           -- mean of the six normalised scores
    ifeval                double,           -- normalised scores: (raw - random baseline) / (1 - baseline), percent, floor 0
    bbh                   double,
    math_lvl_5            double,
    gpqa                  double,
    musr                  double,
    mmlupro               double,
    ifeval_raw            double,           -- raw fractions, rounded to 2 decimals upstream
    bbh_raw               double,
    math_lvl_5_raw        double,
    gpqa_raw              double,
    musr_raw              double,
    mmlupro_raw           double,
    type_symbol           varchar,          -- upstream `t`: 🟢 pretrained, 🟩 continuously pretrained, 🔶 fine-tuned, 💬 chat, 🤝 merge, 🌸 multimodal
    type                  varchar,
    architecture          varchar,
    weight_type           varchar,          -- Original | Adapter
    precision             varchar,          -- bfloat16 | float16 | 4bit
    not_merged            boolean,          -- as published
    is_merge              boolean,          -- = not not_merged: the model carries the Hub 'merge' tag
    hub_license           varchar,
    params_b              double,           -- billions; 0 or -1 = unknown upstream
    hub_hearts            bigint,
    available_on_the_hub  boolean,
    model_sha             varchar,
    flagged               boolean,          -- as published; the leaderboard stores NOT flagged here
    is_flagged            boolean,
    moe                   boolean,          -- as published; the leaderboard stores NOT MoE here
    is_moe                boolean,
    submission_date       date,
    upload_to_hub_date    date,             -- Hub repo creation date (a lower bound on publication)
    chat_template         boolean,
    maintainers_highlight boolean,
    generation            integer,          -- fine-tune/merge steps from a base model; 0 = none declared
    base_model            varchar,          -- as published: a repo id, 'x/y (Merge)', or 'Removed'
    base_model_repo       varchar,          -- the parent repo, null when base_model names the model itself
    url                   varchar,
    extra                 json,
    source_url            varchar not null,
    fetched_at            timestamp not null,
    sha256                varchar not null,
    fetch_id              varchar not null,
    snapshot_date         date
);
