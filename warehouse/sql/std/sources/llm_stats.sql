-- llm_stats → std: every benchmark entry on the 0-1 scale as a score, one benchmark per dataset-name
-- slug, and model claims. Entries are vendor claims unless they say otherwise (is_self_reported
-- absent ⇒ true); the analysis method ('Pass@1', 'Diamond, 5-shot CoT') is the run setting.
create or replace temp view llm_stats_std_scores as
with names as (  -- benchmarks.json (successor layout) has no model name: use its model.json's
    select organization, model_id, arg_max(name, fetched_at) as name
    from staging.llm_stats_models
    where name is not null and model_id is not null
    group by all
),
scored as (
    select s.*, coalesce(s.model_name, n.name, s.model_id) as source_model_name,
           case when lower(s.score_unit) in ('percentage', 'percent', '%') then s.score / 100
                else s.score end as fraction
    from staging.llm_stats_scores s
    left join names n on n.organization = s.organization and n.model_id = s.model_id
    where s.score is not null
      and lower(coalesce(s.score_unit, 'fraction')) in ('fraction', 'ratio', 'percentage', 'percent', '%')
)
-- Off-scale entries (MT-Bench 8.99, CodeForces 1977, EvalPlus 77.6 published as a percent) stay
-- in staging only: on a fraction benchmark they are a different unit, not a score.
select * from scored
where fraction between 0 and 1 and source_model_name is not null;

insert into std.benchmarks by name
with tasks(benchmark_slug, task) as (
    values ('mmlu', 'mmlu'), ('mmlu_pro', 'mmlu_pro'), ('mmlu_redux', 'mmlu_redux'),
           ('gpqa', 'gpqa'),  -- llm-stats lists Main and Diamond under 'GPQA' (see setting)
           ('swe_bench_verified', 'swe_bench_verified'), ('aider_polyglot', 'aider_polyglot'),
           ('humaneval', 'humaneval'), ('math_500', 'math_500'), ('gsm8k', 'gsm8k'),
           ('aime_2024', 'aime_2024'), ('aime_2025', 'aime_2025'), ('ifeval', 'ifeval'),
           ('mmmu', 'mmmu'), ('simpleqa', 'simpleqa'), ('humanity_s_last_exam', 'hle')
)
select 'llm_stats:' || s.benchmark_slug as benchmark_id, 'llm_stats' as source,
       'LLM Stats: ' || min(coalesce(s.dataset_name, s.benchmark_key)) as name,
       any_value(t.task) as task, 'LLM Stats (mostly vendor-reported)' as publisher,
       'score' as kind, 'fraction' as unit, 0 as scale_min, 1 as scale_max,
       true as higher_is_better,
       case when bool_and(coalesce(s.is_self_reported, true)) then 'self_reported'
            when not bool_or(coalesce(s.is_self_reported, true)) then 'independent'
            else 'mixed' end as evaluation,
       'As listed by llm-stats.com: dataset names are free text and run details vary (see setting)'
           as description,
       'https://llm-stats.com' as url
from llm_stats_std_scores s
left join tasks t using (benchmark_slug)
group by s.benchmark_slug;

insert into std.scores by name
select 'llm_stats' as source, source_model_name, model_id as model_key,
       'llm_stats:' || benchmark_slug as benchmark_id, snapshot_date,
       recorded_date as evaluated_on, fraction as score,
       coalesce(analysis_method, '') as setting,
       coalesce(is_self_reported, true) as is_self_reported,
       source_url, fetched_at, sha256, fetch_id
from llm_stats_std_scores;

insert into std.model_claims by name
select 'llm_stats' as source, coalesce(name, model_id) as source_model_name, model_id as model_key,
       snapshot_date, name as display_name, organization,
       coalesce(license, license_id) as license,
       case when coalesce(license, license_id) is null then null
            when lower(trim(coalesce(license, license_id))) = 'proprietary' then 'api'
            else 'open' end as access,
       hf_repo_from_url(weights_link) as hf_repo_id,
       release_date, announcement_date as announce_date, param_count / 1e9 as params_b,
       fine_tuned_from_model_id as base_model,
       case when fine_tuned_from_model_id is not null then true end as is_derivative,
       knowledge_cutoff, source_url, fetched_at, sha256, fetch_id
from staging.llm_stats_models
where coalesce(name, model_id) is not null;

drop view llm_stats_std_scores;
