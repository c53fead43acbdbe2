-- epoch_open_model_trends → std: the scores Epoch collected for its Nov 2024 report, one row per model ×
-- column, and Epoch's Open/Closed label as an access claim ('open' / 'api'; ranked last in core.model_facts,
-- an unlisted source: a claim of 2024, never the answer where a better source speaks). The baseline row
-- 'Random chance' (no label) stays in staging only.
-- Benchmark ids: all 'epoch_omt:*', none shared with the epoch hub (epoch_benchmarking_hub). No column here is
-- the very same test on the same scale as a hub benchmark: GPQA mixes Epoch's own runs with figures from
-- papers and names no subset (the hub's 'epoch:gpqa_diamond' is Epoch's Diamond runs only); MMLU / HELM MMLU
-- are collected figures with mixed shot counts ('epoch:mmlu_external' is the hub's own compilation, kept
-- apart); the LMSys Elo is one Arena snapshot per model taken at Epoch's collection, not a leaderboard version
-- (task 'arena_text' links it to the Arena sources without mixing them). All benchmarks are evaluation
-- 'mixed': a compilation of papers, leaderboards and own runs, so none enters the headline by rule.
insert into std.benchmarks by name
select benchmark_id, 'epoch_open_model_trends' as source, name, task, 'Epoch AI (compiled)' as publisher,
       kind, unit, scale_min, scale_max, true as higher_is_better, 'mixed' as evaluation, 'public' as contamination,
       null::varchar as category, description, 'https://epoch.ai/blog/open-models-report' as url
from (values
    ('epoch_omt:bbh', 'BBH (Epoch open-models report)', 'bbh', 'accuracy', 'fraction', 0.0, 1.0, 'Collected BIG-Bench Hard scores (3-shot mostly)'),
    ('epoch_omt:gpqa', 'GPQA (Epoch open-models report)', 'gpqa', 'accuracy', 'fraction', 0.0, 1.0, 'Epoch runs and paper figures mixed; subset not stated'),
    ('epoch_omt:mmlu', 'MMLU (Epoch open-models report)', 'mmlu', 'accuracy', 'fraction', 0.0, 1.0, 'Collected MMLU figures (mostly 5-shot)'),
    ('epoch_omt:helm_mmlu', 'HELM MMLU (Epoch open-models report)', 'helm_mmlu', 'accuracy', 'fraction', 0.0, 1.0, 'MMLU as run by Stanford HELM'),
    ('epoch_omt:seal_coding', 'Scale SEAL coding (Epoch open-models report)', 'seal_coding', 'arena_rating', 'elo', null, null, 'Elo-style rating from Scale''s SEAL coding leaderboard'),
    ('epoch_omt:seal_instruction_following', 'Scale SEAL instruction following (Epoch open-models report)', 'seal_instruction_following', 'accuracy', 'fraction', 0.0, 1.0, null),
    ('epoch_omt:seal_math', 'Scale SEAL math (Epoch open-models report)', 'seal_math', 'accuracy', 'fraction', 0.0, 1.0, null),
    ('epoch_omt:lmsys_elo', 'LMSys Chatbot Arena Elo (Epoch open-models report)', 'arena_text', 'arena_rating', 'elo', null, null, 'One Arena rating per model as collected in 2024, with the 95% interval where given'),
    ('epoch_omt:gsm8k', 'GSM8k (Epoch open-models report, GSM1k table)', 'gsm8k', 'accuracy', 'fraction', 0.0, 1.0, null),
    ('epoch_omt:gsm1k', 'GSM1k (Epoch open-models report)', 'gsm1k', 'accuracy', 'fraction', 0.0, 1.0, 'Scale''s held-out GSM8k-like set, the report''s contamination check')
) t(benchmark_id, name, task, kind, unit, scale_min, scale_max, description);

insert into std.scores by name
select 'epoch_open_model_trends' as source, system as source_model_name, null::varchar as model_key,
       'epoch_omt:' || metric as benchmark_id, snapshot_date, score,
       case when metric = 'lmsys_elo' then score - lmsys_elo_ci_minus end as ci_lower,
       case when metric = 'lmsys_elo' then score + lmsys_elo_ci_plus end as ci_upper,
       '' as setting, false as is_self_reported, source_url, fetched_at, sha256, fetch_id
from staging.epoch_open_model_trends_models
unpivot (score for metric in (bbh, gpqa, mmlu, helm_mmlu, seal_coding, seal_instruction_following, seal_math,
                              lmsys_elo))
where open_closed is not null;

insert into std.scores by name
select 'epoch_open_model_trends' as source, system as source_model_name, null::varchar as model_key,
       'epoch_omt:' || metric as benchmark_id, snapshot_date, score, '' as setting, false as is_self_reported,
       source_url, fetched_at, sha256, fetch_id
from staging.epoch_open_model_trends_gsm1k
unpivot (score for metric in (gsm8k, gsm1k))
where open_closed is not null;

insert into std.model_claims by name
select distinct 'epoch_open_model_trends' as source, system as source_model_name, null::varchar as model_key,
       snapshot_date, system as display_name,
       case open_closed when 'open' then 'open' when 'closed' then 'api' end as access,
       release_date, parameters / 1e9 as params_b, source_url, fetched_at, sha256, fetch_id
from (select system, snapshot_date, open_closed, release_date, parameters, source_url, fetched_at, sha256, fetch_id
      from staging.epoch_open_model_trends_models
      union all
      select system, snapshot_date, open_closed, release_date, null, source_url, fetched_at, sha256, fetch_id
      from staging.epoch_open_model_trends_gsm1k)
where open_closed is not null;
