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

create or replace temp table _oll_v1 as
select *, trim(coalesce(fullname, model)) as key  -- the 2023 tables have no fullname column
from staging.open_llm_leaderboard_v1;

insert into std.scores by name
with numbers as materialized (
    select 'open_llm_leaderboard' as source, trim(model) as source_model_name, key as model_key,
           b.benchmark_id, snapshot_date,
           submitted_on as evaluated_on,  -- the evaluation request date; the run follows it
           b.score, coalesce(precision, '') as setting, false as is_self_reported,
           source_url, fetched_at, sha256, fetch_id, row_number
    from _oll_v1,
         lateral (values ('open_llm_v1:arc', arc), ('open_llm_v1:hellaswag', hellaswag),
                         ('open_llm_v1:mmlu', mmlu), ('open_llm_v1:truthfulqa', truthfulqa),
                         ('open_llm_v1:winogrande', winogrande), ('open_llm_v1:gsm8k', gsm8k),
                         (case average_tasks when 6 then 'open_llm_v1:average'
                                             when 4 then 'open_llm_v1:average_4'
                                             when 7 then 'open_llm_v1:average_7' end, average)
                 ) as b(benchmark_id, score)
    where b.score is not null and b.benchmark_id is not null
),
-- a number repeated in one file: only these need ranking (a window over every number is the cost)
repeated as (
    select fetch_id, model_key, source_model_name, setting, benchmark_id, score
    from numbers
    group by all
    having count(*) > 1
),
flagged as (
    select n.*, r.fetch_id is not null as is_repeated
    from numbers n
    left join repeated r
      on r.fetch_id is not distinct from n.fetch_id
     and r.model_key is not distinct from n.model_key
     and r.source_model_name is not distinct from n.source_model_name
     and r.setting is not distinct from n.setting
     and r.benchmark_id is not distinct from n.benchmark_id
     and r.score is not distinct from n.score
)
select * exclude (is_repeated, row_number) from flagged where not is_repeated
union all
select * exclude (is_repeated, row_number)
from flagged
where is_repeated
qualify row_number() over (
    partition by fetch_id, model_key, source_model_name, setting, benchmark_id, score
    order by row_number) = 1;

insert into std.scores by name
select 'open_llm_leaderboard' as source, trim(model) as source_model_name, trim(fullname) as model_key,
       b.benchmark_id, snapshot_date, submission_date as evaluated_on,
       b.score, coalesce(precision, '') as setting, false as is_self_reported,
       source_url, fetched_at, sha256, fetch_id
from staging.open_llm_leaderboard_v2,
     lateral (values ('open_llm_v2:ifeval', ifeval), ('open_llm_v2:bbh', bbh),
                     ('open_llm_v2:math_lvl5', math_lvl_5), ('open_llm_v2:gpqa', gpqa),
                     ('open_llm_v2:musr', musr), ('open_llm_v2:mmlu_pro', mmlupro),
                     ('open_llm_v2:average', average)) as b(benchmark_id, score)
where b.score is not null
qualify row_number() over (
    partition by fetch_id, model_key, source_model_name, setting, b.benchmark_id, b.score
    order by row_number) = 1;

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
select 'open_llm_leaderboard' as source, trim(model) as source_model_name, key as model_key,
       snapshot_date, trim(model) as display_name, hub_license as license,
       case when available_on_the_hub is false then null else 'open' end as access,
       key as hf_repo_id, url,
       case when params_b > 0 then params_b end as params_b,
       null as base_model,
       case when is_merge or type_symbol = '🤝' then true
            when weight_type in ('Adapter', 'Delta') then true
            when type_symbol = '🟢' then false
       end as is_derivative,
       source_url, fetched_at, sha256, fetch_id
from _oll_v1
-- one claim per model per file (a repo listed at two precisions says the same things twice)
qualify row_number() over (
    partition by fetch_id, source_model_name, model_key, license, access, params_b, is_derivative
    order by row_number) = 1;

insert into std.model_claims by name
select 'open_llm_leaderboard' as source, trim(model) as source_model_name, trim(fullname) as model_key,
       snapshot_date, trim(model) as display_name, hub_license as license,
       case when available_on_the_hub is false then null else 'open' end as access,
       trim(fullname) as hf_repo_id, url,
       case when params_b > 0 then params_b end as params_b,
       base_model_repo as base_model,
       case when is_merge or type_symbol = '🤝' then true
            when weight_type in ('Adapter', 'Delta') then true
            when base_model like '% (Merge)' or base_model = 'Removed' then true
            when base_model_repo is not null
                 and lower(split_part(base_model_repo, '/', 1)) <> lower(split_part(trim(fullname), '/', 1))
                then true
            when base_model_repo is not null then false
            when type_symbol = '🟢' then false
       end as is_derivative,
       source_url, fetched_at, sha256, fetch_id
from staging.open_llm_leaderboard_v2
qualify row_number() over (
    partition by fetch_id, source_model_name, model_key, license, access, params_b, base_model, is_derivative
    order by row_number) = 1;

drop table _oll_v1;
