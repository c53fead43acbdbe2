-- open_llm_leaderboard → std: v1 and v2 benchmark scores (run setting = precision) and Hub-model claims.
-- One row per published number per snapshot, as every source; a row repeated verbatim inside one
-- file (the 2023 exports do) is kept once.
insert into std.benchmarks values
    ('open_llm_v1:arc', 'open_llm_leaderboard', 'ARC-Challenge 25-shot (Open LLM Leaderboard v1)', 'arc_challenge', 'Hugging Face',
     'accuracy', 'percent', 0, 100, true, 'independent', 'public', null,
     'lm-evaluation-harness, acc_norm, 25-shot', 'https://huggingface.co/spaces/open-llm-leaderboard-old/open_llm_leaderboard'),
    ('open_llm_v1:hellaswag', 'open_llm_leaderboard', 'HellaSwag 10-shot (Open LLM Leaderboard v1)', 'hellaswag', 'Hugging Face',
     'accuracy', 'percent', 0, 100, true, 'independent', 'public', null,
     'lm-evaluation-harness, acc_norm, 10-shot', 'https://huggingface.co/spaces/open-llm-leaderboard-old/open_llm_leaderboard'),
    ('open_llm_v1:mmlu', 'open_llm_leaderboard', 'MMLU 5-shot (Open LLM Leaderboard v1)', 'mmlu', 'Hugging Face',
     'accuracy', 'percent', 0, 100, true, 'independent', 'public', null,
     'lm-evaluation-harness, 5-shot', 'https://huggingface.co/spaces/open-llm-leaderboard-old/open_llm_leaderboard'),
    ('open_llm_v1:truthfulqa', 'open_llm_leaderboard', 'TruthfulQA MC2 0-shot (Open LLM Leaderboard v1)', 'truthfulqa', 'Hugging Face',
     'accuracy', 'percent', 0, 100, true, 'independent', 'public', null,
     'lm-evaluation-harness, mc2, 0-shot', 'https://huggingface.co/spaces/open-llm-leaderboard-old/open_llm_leaderboard'),
    ('open_llm_v1:winogrande', 'open_llm_leaderboard', 'Winogrande 5-shot (Open LLM Leaderboard v1)', 'winogrande', 'Hugging Face',
     'accuracy', 'percent', 0, 100, true, 'independent', 'public', null,
     'lm-evaluation-harness, 5-shot; on the leaderboard from late 2023', 'https://huggingface.co/spaces/open-llm-leaderboard-old/open_llm_leaderboard'),
    ('open_llm_v1:gsm8k', 'open_llm_leaderboard', 'GSM8K 5-shot (Open LLM Leaderboard v1)', 'gsm8k', 'Hugging Face',
     'accuracy', 'percent', 0, 100, true, 'independent', 'public', null,
     'lm-evaluation-harness, 5-shot; on the leaderboard from late 2023', 'https://huggingface.co/spaces/open-llm-leaderboard-old/open_llm_leaderboard'),
    ('open_llm_v1:average', 'open_llm_leaderboard', 'Open LLM Leaderboard v1 average (6 tasks)', null, 'Hugging Face',
     'index', 'percent', 0, 100, true, 'independent', 'public', null,
     'Mean of ARC, HellaSwag, MMLU, TruthfulQA, Winogrande, GSM8K (the 2024 v1 table)', 'https://huggingface.co/spaces/open-llm-leaderboard-old/open_llm_leaderboard'),
    ('open_llm_v1:average_4', 'open_llm_leaderboard', 'Open LLM Leaderboard v1 average (4 tasks, 2023)', null, 'Hugging Face',
     'index', 'percent', 0, 100, true, 'independent', 'public', null,
     'Mean of ARC, HellaSwag, MMLU, TruthfulQA: the 2023 tables, before Winogrande and GSM8K; not comparable with the 6-task average', 'https://huggingface.co/spaces/open-llm-leaderboard-old/open_llm_leaderboard'),
    ('open_llm_v1:average_7', 'open_llm_leaderboard', 'Open LLM Leaderboard v1 average (7 tasks, with DROP)', null, 'Hugging Face',
     'index', 'percent', 0, 100, true, 'independent', 'public', null,
     'Mean of the six v1 tasks and DROP (2023-11 to 2023-12 only)', 'https://huggingface.co/spaces/open-llm-leaderboard-old/open_llm_leaderboard'),
    ('open_llm_v2:ifeval', 'open_llm_leaderboard', 'IFEval (Open LLM Leaderboard v2, normalised)', 'ifeval', 'Hugging Face',
     'score', 'percent', 0, 100, true, 'independent', 'public', null,
     'Normalised: (raw - random baseline) / (1 - baseline), floored at 0; raw fraction kept in staging', 'https://huggingface.co/spaces/open-llm-leaderboard/open_llm_leaderboard'),
    ('open_llm_v2:bbh', 'open_llm_leaderboard', 'BBH 3-shot (Open LLM Leaderboard v2, normalised)', 'bbh', 'Hugging Face',
     'score', 'percent', 0, 100, true, 'independent', 'public', null,
     'Normalised: (raw - random baseline) / (1 - baseline), floored at 0; raw fraction kept in staging', 'https://huggingface.co/spaces/open-llm-leaderboard/open_llm_leaderboard'),
    ('open_llm_v2:math_lvl5', 'open_llm_leaderboard', 'MATH level 5 4-shot (Open LLM Leaderboard v2, normalised)', 'math_lvl5', 'Hugging Face',
     'score', 'percent', 0, 100, true, 'independent', 'public', null,
     'Exact match on the hardest MATH problems; normalised as the other v2 tasks', 'https://huggingface.co/spaces/open-llm-leaderboard/open_llm_leaderboard'),
    ('open_llm_v2:gpqa', 'open_llm_leaderboard', 'GPQA 0-shot (Open LLM Leaderboard v2, normalised)', 'gpqa', 'Hugging Face',
     'score', 'percent', 0, 100, true, 'independent', 'public', null,
     'GPQA main, extended and diamond subsets, acc_norm; normalised against the 25% random baseline (not gpqa_diamond accuracy)', 'https://huggingface.co/spaces/open-llm-leaderboard/open_llm_leaderboard'),
    ('open_llm_v2:musr', 'open_llm_leaderboard', 'MuSR 0-shot (Open LLM Leaderboard v2, normalised)', 'musr', 'Hugging Face',
     'score', 'percent', 0, 100, true, 'independent', 'public', null,
     'Normalised: (raw - random baseline) / (1 - baseline), floored at 0', 'https://huggingface.co/spaces/open-llm-leaderboard/open_llm_leaderboard'),
    ('open_llm_v2:mmlu_pro', 'open_llm_leaderboard', 'MMLU-PRO 5-shot (Open LLM Leaderboard v2, normalised)', 'mmlu_pro', 'Hugging Face',
     'score', 'percent', 0, 100, true, 'independent', 'public', null,
     'Normalised against the 10% random baseline (not raw MMLU-Pro accuracy); raw fraction kept in staging', 'https://huggingface.co/spaces/open-llm-leaderboard/open_llm_leaderboard'),
    ('open_llm_v2:average', 'open_llm_leaderboard', 'Open LLM Leaderboard v2 average', null, 'Hugging Face',
     'index', 'percent', 0, 100, true, 'independent', 'public', null,
     'Mean of the six normalised v2 scores', 'https://huggingface.co/spaces/open-llm-leaderboard/open_llm_leaderboard');

-- One number per (file, model, setting, benchmark, score): a row repeated in a file gives its numbers
-- once, with the first row's evaluation date. Only a (file, model, setting) on more than one row can
-- repeat a number: those few rows are grouped, the others go straight through (a group-by or a
-- window over every number is the cost here). The provenance columns are one per file (the build
-- sets them per fetch), so they sit in the group keys.
insert into std.scores by name
with listed as (
    select trim(model) as source_model_name,
           trim(coalesce(fullname, model)) as model_key,  -- the 2023 tables have no fullname column
           coalesce(precision, '') as setting,
           average_tasks, arc, hellaswag, mmlu, truthfulqa, winogrande, gsm8k, average,
           snapshot_date, submitted_on, source_url, fetched_at, sha256, fetch_id, row_number
    from staging.open_llm_leaderboard_v1
),
shared as (
    select fetch_id, model_key, source_model_name, setting
    from listed
    group by all
    having count(*) > 1
),
numbers as not materialized (
    select source_model_name, model_key, setting, score,
           case metric when 'average' then case average_tasks when 6 then 'open_llm_v1:average'
                                                              when 4 then 'open_llm_v1:average_4'
                                                              when 7 then 'open_llm_v1:average_7' end
                       else 'open_llm_v1:' || metric end as benchmark_id,
           snapshot_date, submitted_on, source_url, fetched_at, sha256, fetch_id, row_number, is_shared
    from (
        select l.*, s.fetch_id is not null as is_shared
        from listed l
        left join shared s
          on s.fetch_id = l.fetch_id
         and s.model_key is not distinct from l.model_key
         and s.source_model_name is not distinct from l.source_model_name
         and s.setting = l.setting
    )
    unpivot (score for metric in (arc, hellaswag, mmlu, truthfulqa, winogrande, gsm8k, average))
)
select 'open_llm_leaderboard' as source, source_model_name, model_key, benchmark_id, snapshot_date,
       submitted_on as evaluated_on,  -- the evaluation request date; the run follows it
       score, setting, false as is_self_reported, source_url, fetched_at, sha256, fetch_id
from numbers
where not is_shared and benchmark_id is not null
union all
select 'open_llm_leaderboard', source_model_name, model_key, benchmark_id, snapshot_date,
       arg_min_null(submitted_on, row_number), score, setting, false, source_url, fetched_at, sha256,
       fetch_id
from numbers
where is_shared and benchmark_id is not null
group by fetch_id, model_key, source_model_name, setting, benchmark_id, score,
         snapshot_date, source_url, fetched_at, sha256;

-- v2: the same.
insert into std.scores by name
with listed as (
    select trim(model) as source_model_name, trim(fullname) as model_key,
           coalesce(precision, '') as setting,
           ifeval, bbh, math_lvl_5, gpqa, musr, mmlupro, average,
           snapshot_date, submission_date, source_url, fetched_at, sha256, fetch_id, row_number
    from staging.open_llm_leaderboard_v2
),
shared as (
    select fetch_id, model_key, source_model_name, setting
    from listed
    group by all
    having count(*) > 1
),
numbers as not materialized (
    select source_model_name, model_key, setting, score,
           case metric when 'math_lvl_5' then 'open_llm_v2:math_lvl5'
                       when 'mmlupro' then 'open_llm_v2:mmlu_pro'
                       else 'open_llm_v2:' || metric end as benchmark_id,
           snapshot_date, submission_date, source_url, fetched_at, sha256, fetch_id, row_number, is_shared
    from (
        select l.*, s.fetch_id is not null as is_shared
        from listed l
        left join shared s
          on s.fetch_id = l.fetch_id
         and s.model_key is not distinct from l.model_key
         and s.source_model_name is not distinct from l.source_model_name
         and s.setting = l.setting
    )
    unpivot (score for metric in (ifeval, bbh, math_lvl_5, gpqa, musr, mmlupro, average))
)
select 'open_llm_leaderboard' as source, source_model_name, model_key, benchmark_id, snapshot_date,
       submission_date as evaluated_on, score, setting, false as is_self_reported, source_url,
       fetched_at, sha256, fetch_id
from numbers
where not is_shared
union all
select 'open_llm_leaderboard', source_model_name, model_key, benchmark_id, snapshot_date,
       arg_min_null(submission_date, row_number), score, setting, false, source_url, fetched_at,
       sha256, fetch_id
from numbers
where is_shared
group by fetch_id, model_key, source_model_name, setting, benchmark_id, score,
         snapshot_date, source_url, fetched_at, sha256;

-- Claims. Every row is a Hub model, so access is 'open' unless the leaderboard says the repo is no
-- longer on the Hub (private or deleted: unknown). is_derivative, per type marker (`t`):
--   🤝 'base merges and moerges', or the Hub 'merge' tag (is_merge)   → true
--   weight_type Adapter / Delta (a diff to apply to another model's weights) → true
--   v2 base_model 'x/y (Merge)' (the card lists several parents) or 'Removed' (a parent since
--     deleted from the Hub) → true
--   v2 base_model names the root of the model's lineage (`generation` steps away): another
--     owner's root → true; the owner's own root → false, an original release
--     (Qwen/Qwen2.5-72B-Instruct and Qwen/Qwen2.5-Math-72B-Instruct from Qwen/Qwen2.5-72B)
--   🟢 'pretrained' (new base model trained from scratch) → false
--   🔶 'fine-tuned on domain-specific datasets', 💬 'chat models (RLHF, DPO, IFT, ...)',
--   🟩 'continuously pretrained' and 🌸 'multimodal' say the model was trained further, not whose
--     base it came from: official instruct releases carry 💬 too → null (unknown) without a base.
insert into std.model_claims by name
select 'open_llm_leaderboard' as source, source_model_name, model_key, snapshot_date,
       source_model_name as display_name,
       license, access, model_key as hf_repo_id, arg_min_null(url, row_number) as url,
       case when raw_params_b > 0 then raw_params_b end as params_b,
       null as base_model, is_derivative,
       source_url, fetched_at, sha256, fetch_id
from (
    select trim(model) as source_model_name, trim(coalesce(fullname, model)) as model_key,
           hub_license as license,
           case when available_on_the_hub is false then null else 'open' end as access,
           params_b as raw_params_b,
           case when is_merge or type_symbol = '🤝' then true
                when weight_type in ('Adapter', 'Delta') then true
                when type_symbol = '🟢' then false
           end as is_derivative,
           url, snapshot_date, source_url, fetched_at, sha256, fetch_id, row_number
    from staging.open_llm_leaderboard_v1
)
-- one claim per model per file (a repo listed at two precisions says the same things twice): the
-- first row's; a listed parameter count of 0 and of -1 are two claims (both with no params_b)
group by fetch_id, source_model_name, model_key, license, access, raw_params_b, is_derivative,
         snapshot_date, source_url, fetched_at, sha256;

insert into std.model_claims by name
select 'open_llm_leaderboard' as source, source_model_name, model_key, snapshot_date,
       source_model_name as display_name,
       license, access, model_key as hf_repo_id, arg_min_null(url, row_number) as url,
       case when raw_params_b > 0 then raw_params_b end as params_b,
       arg_min_null(base_model_repo, row_number) as base_model, is_derivative,
       source_url, fetched_at, sha256, fetch_id
from (
    select trim(model) as source_model_name, trim(fullname) as model_key,
           hub_license as license,
           case when available_on_the_hub is false then null else 'open' end as access,
           params_b as raw_params_b, base_model as listed_base_model, base_model_repo,
           case when is_merge or type_symbol = '🤝' then true
                when weight_type in ('Adapter', 'Delta') then true
                when base_model like '% (Merge)' or base_model = 'Removed' then true
                when base_model_repo is not null
                     and lower(split_part(base_model_repo, '/', 1)) <> lower(split_part(trim(fullname), '/', 1))
                    then true
                when base_model_repo is not null then false
                when type_symbol = '🟢' then false
           end as is_derivative,
           url, snapshot_date, source_url, fetched_at, sha256, fetch_id, row_number
    from staging.open_llm_leaderboard_v2
)
-- as v1, one claim per distinct base_model as listed (the column, not its repo)
group by fetch_id, source_model_name, model_key, license, access, raw_params_b, listed_base_model,
         is_derivative, snapshot_date, source_url, fetched_at, sha256;
