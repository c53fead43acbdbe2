-- staging.open_llm_leaderboard_v1: one row per row of an Open LLM Leaderboard v1 table (2023 exports and fboulnois CSV).
create table if not exists staging.open_llm_leaderboard_v1 (
    row_number           integer not null,
    layout               varchar not null, -- 'v1' (fboulnois csv/huggingface.csv) | 'v1_2023' (dsdanielpark assets/*.csv)
    model                varchar not null, -- Hub repo id as published (2023: column `Model`)
    fullname             varchar,          -- Hub repo id (v1 only)
    average              double,           -- percent; mean of `average_tasks` tasks
    average_tasks        integer not null, -- 4 in the 2023 tables (ARC, HellaSwag, MMLU, TruthfulQA), 6 in 2024
    arc                  double,           -- ARC-Challenge 25-shot, percent
    hellaswag            double,           -- 10-shot, percent
    mmlu                 double,           -- 5-shot, percent
    truthfulqa           double,           -- TruthfulQA MC2 0-shot, percent
    winogrande           double,           -- 5-shot, percent (absent before late 2023)
    gsm8k                double,           -- 5-shot, percent (absent before late 2023)
    type_symbol          varchar,          -- upstream `t`: 🟢 pretrained, 🟩 continuously pretrained, 🔶 fine-tuned, 💬 chat, 🤝 merge, '?' unknown
    type                 varchar,
    architecture         varchar,
    weight_type          varchar,          -- Original | Adapter | Delta
    precision            varchar,          -- float16 | bfloat16 | 8bit | 4bit | GPTQ
    merged               boolean,          -- as published; the leaderboard stores NOT merged here
    is_merge             boolean,          -- = not merged: the model carries the Hub 'merge' tag
    hub_license          varchar,
    params_b             double,           -- billions; 0 = unknown upstream
    hub_hearts           bigint,
    available_on_the_hub boolean,          -- false: private or deleted since evaluation
    model_sha            varchar,
    flagged              boolean,          -- as published; the leaderboard stores NOT flagged here
    is_flagged           boolean,
    moe                  boolean,          -- as published; the leaderboard stores NOT MoE here
    is_moe               boolean,
    date                 varchar,          -- evaluation request time as published, '2024-05-05T12:22:44Z'
    submitted_on         date,
    parameters_derived   double,           -- 2023 `Parameters`: a derived 0-100 number, NOT a parameter count
    url                  varchar,
    extra                json,             -- columns not listed above, as published
    source_url           varchar not null,
    fetched_at           timestamp not null,
    sha256               varchar not null,
    fetch_id             varchar not null,
    snapshot_date        date
);
