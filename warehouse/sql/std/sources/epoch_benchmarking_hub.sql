-- epoch_benchmarking_hub → std: ECI, Epoch's own runs and the external leaderboards it re-publishes; model claims
-- (accessibility from the ECI file, HF developer id and organizations from the 2025 layout).

-- Benchmarks: Epoch runs are fractions 0-1; each external keeps its leaderboard's own scale.
insert into std.benchmarks by name
select benchmark_id, 'epoch_benchmarking_hub' as source, name, task, publisher, kind, unit,
       scale_min, scale_max, true as higher_is_better, evaluation, contamination,
       null as category, description, url
from (values
    ('epoch:eci', 'Epoch Capabilities Index', 'eci', 'Epoch AI', 'index', 'index', null, null,
     'independent', null,
     'Composite fitted by Epoch from many benchmarks; refitted between releases, so compare within one snapshot. ci_lower/ci_upper are the interval Epoch publishes (level not stated).',
     'https://epoch.ai/benchmarks/eci'),
    ('epoch:gpqa_diamond', 'GPQA Diamond (Epoch runs)', 'gpqa_diamond', 'Epoch AI', 'accuracy', 'fraction', 0, 1,
     'independent', 'public', 'Mean accuracy over Epoch''s runs (2025 layout: best score across scorers).',
     'https://epoch.ai/benchmarks/gpqa-diamond'),
    ('epoch:math_level_5', 'MATH level 5 (Epoch runs)', 'math_level_5', 'Epoch AI', 'accuracy', 'fraction', 0, 1,
     'independent', 'public', null, 'https://epoch.ai/benchmarks/math-level-5'),
    ('epoch:frontiermath', 'FrontierMath tiers 1-3 (Epoch runs)', 'frontiermath_tier_1_3', 'Epoch AI', 'accuracy',
     'fraction', 0, 1, 'independent', 'private',
     'The 2025 layout calls this set FrontierMath-2025-02-28-Private (same scores).',
     'https://epoch.ai/frontiermath'),
    ('epoch:frontiermath_tier_4', 'FrontierMath tier 4 (Epoch runs)', 'frontiermath_tier_4', 'Epoch AI', 'accuracy',
     'fraction', 0, 1, 'independent', 'private', null, 'https://epoch.ai/frontiermath'),
    ('epoch:frontiermath_public', 'FrontierMath public problems (Epoch runs)', 'frontiermath_public', 'Epoch AI',
     'accuracy', 'fraction', 0, 1, 'independent', 'public',
     '2025 layout only: FrontierMath-2025-02-28-Public.', 'https://epoch.ai/frontiermath'),
    ('epoch:swe_bench_verified', 'SWE-bench Verified (Epoch runs)', 'swe_bench_verified', 'Epoch AI', 'accuracy',
     'fraction', 0, 1, 'independent', 'public', null, 'https://epoch.ai/benchmarks/swe-bench-verified'),
    ('epoch:otis_mock_aime_2024_2025', 'OTIS Mock AIME 2024-2025 (Epoch runs)', 'otis_mock_aime_2024_2025',
     'Epoch AI', 'accuracy', 'fraction', 0, 1, 'independent', null, null,
     'https://epoch.ai/benchmarks/otis-mock-aime'),
    ('epoch:simpleqa_verified', 'SimpleQA Verified (Epoch runs)', 'simpleqa_verified', 'Epoch AI', 'accuracy',
     'fraction', 0, 1, 'independent', 'public', null, 'https://epoch.ai/benchmarks/simpleqa-verified'),
    ('epoch:aider_polyglot_external', 'Aider polyglot (via Epoch)', 'aider_polyglot', 'Aider via Epoch',
     'accuracy', 'percent', 0, 100, 'independent', 'public', 'Percent correct; edit format kept in setting.',
     'https://aider.chat/docs/leaderboards/'),
    ('epoch:live_bench_external', 'LiveBench global average (via Epoch)', 'livebench_global', 'LiveBench via Epoch',
     'score', 'percent', 0, 100, 'independent', 'live', 'LiveBench release kept in setting.',
     'https://livebench.ai/'),
    ('epoch:mmlu_external', 'MMLU (via Epoch)', 'mmlu', 'HELM and papers via Epoch', 'accuracy', 'fraction', 0, 1,
     'mixed', 'public',
     'Exact match from the Stanford CRFM HELM leaderboard and from papers (is_self_reported = not a leaderboard); shots kept in setting.',
     'https://crfm.stanford.edu/helm/lite/latest/#/leaderboard/mmlu'),
    ('epoch:webdev_arena_external', 'WebDev Arena (via Epoch)', 'arena_webdev', 'LMArena via Epoch',
     'arena_rating', 'elo', null, null, 'independent', 'live', null, 'https://web.lmarena.ai/leaderboard'),
    ('epoch:arc_agi_2_external', 'ARC-AGI-2 (via Epoch)', 'arc_agi_2', 'ARC Prize via Epoch', 'accuracy',
     'fraction', 0, 1, 'independent', 'private', 'Semi-private evaluation set.',
     'https://arcprize.org/leaderboard'),
    ('epoch:hle_external', 'Humanity''s Last Exam (via Epoch)', 'hle', 'Scale AI and CAIS via Epoch', 'accuracy',
     'fraction', 0, 1, 'independent', 'public', null, 'https://scale.com/leaderboard/humanitys_last_exam')
) as t(benchmark_id, name, task, publisher, kind, unit, scale_min, scale_max, evaluation, contamination,
       description, url);

-- Benchmarks Epoch adds later still get declared (no scale: unknown until reviewed).
insert into std.benchmarks by name
select 'epoch:' || benchmark as benchmark_id, 'epoch_benchmarking_hub' as source,
       coalesce(min(task), benchmark) || ' (Epoch runs)' as name, benchmark as task, 'Epoch AI' as publisher,
       'accuracy' as kind, 'fraction' as unit, true as higher_is_better, 'independent' as evaluation
from staging.epoch_benchmarking_hub_runs
where 'epoch:' || benchmark not in (select benchmark_id from std.benchmarks where source = 'epoch_benchmarking_hub')
group by benchmark;

insert into std.benchmarks by name
select 'epoch:' || benchmark || '_external' as benchmark_id, 'epoch_benchmarking_hub' as source,
       benchmark || ' (via Epoch)' as name, benchmark as task,
       coalesce(min(source_name), 'external') || ' via Epoch' as publisher,
       'score' as kind, 'score' as unit, true as higher_is_better, 'independent' as evaluation
from staging.epoch_benchmarking_hub_external
where 'epoch:' || benchmark || '_external' not in
      (select benchmark_id from std.benchmarks where source = 'epoch_benchmarking_hub')
group by benchmark;

-- Scores: ECI (one value per model, repeated on each of its versions)
insert into std.scores by name
select 'epoch_benchmarking_hub' as source, trim(model_version) as source_model_name, model_key,
       'epoch:eci' as benchmark_id, snapshot_date, eci_score as score,
       eci_ci_low as ci_lower, eci_ci_high as ci_upper, setting, false as is_self_reported,
       source_url, fetched_at, sha256, fetch_id
from staging.epoch_benchmarking_hub_eci
where eci_score is not null and trim(model_version) <> '';

-- Scores: Epoch's own runs (mean over runs; the 2025 layout publishes only the best scorer)
insert into std.scores by name
select 'epoch_benchmarking_hub' as source, trim(model_version) as source_model_name, model_key,
       'epoch:' || benchmark as benchmark_id, snapshot_date, cast(started_at as date) as evaluated_on,
       coalesce(mean_score, best_score) as score, stderr, setting, false as is_self_reported,
       source_url, fetched_at, sha256, fetch_id
from staging.epoch_benchmarking_hub_runs
where coalesce(mean_score, best_score) is not null and trim(model_version) <> '';

-- Scores: external leaderboards. Rows Epoch left without a model version keep the leaderboard's own
-- name (no key); rows with neither (Aider's mixed architect pairs) stay in staging only.
insert into std.scores by name
select 'epoch_benchmarking_hub' as source,
       coalesce(nullif(trim(model_version), ''), upstream_name) as source_model_name, model_key,
       'epoch:' || benchmark || '_external' as benchmark_id, snapshot_date, last_updated as evaluated_on,
       score, stderr, score - ci_minus as ci_lower, score + ci_plus as ci_upper, votes, setting,
       case when benchmark = 'mmlu' then coalesce(source_name, '') not ilike '%leaderboard%' else false end
           as is_self_reported,
       source_url, fetched_at, sha256, fetch_id
from staging.epoch_benchmarking_hub_external
where score is not null and coalesce(nullif(trim(model_version), ''), upstream_name) is not null;

-- Claims: the ECI file is the one with accessibility. Blank accessibility is unknown, never open.
insert into std.model_claims by name
select 'epoch_benchmarking_hub' as source, trim(model_version) as source_model_name, model_key, snapshot_date,
       coalesce(display_name, model_name) as display_name, organization, country,
       case
           when lower(model_accessibility) like 'open weights%' then 'open'
           when lower(model_accessibility) in ('api access', 'api') then 'api'
           when lower(model_accessibility) like 'hosted access%' then 'hosted'
           when lower(model_accessibility) = 'unreleased' then 'unreleased'
           when model_accessibility is null and accessibility_group = 'Open weights' then 'open'
       end as access,
       release_date, source_url, fetched_at, sha256, fetch_id
from staging.epoch_benchmarking_hub_eci
where trim(model_version) <> '';

-- Claims: organization, country and release date as each benchmark file states them (no accessibility there)
insert into std.model_claims by name
select distinct 'epoch_benchmarking_hub' as source, trim(model_version) as source_model_name, model_key,
       snapshot_date, organization, country, release_date, source_url, fetched_at, sha256, fetch_id
from (
    select model_version, model_key, snapshot_date, organization, country, release_date,
           source_url, fetched_at, sha256, fetch_id
    from staging.epoch_benchmarking_hub_runs where layout = 'benchmark_files'
    union all
    select model_version, model_key, snapshot_date, organization, country, release_date,
           source_url, fetched_at, sha256, fetch_id
    from staging.epoch_benchmarking_hub_external
)
where trim(model_version) <> '';

-- Claims: 2025 layout. A filled `Hugging Face developer id` means Epoch pulled the weights from the Hub
-- (every such row in the 2025 capture is an open-weights model); otherwise access is unknown.
-- Organization and country come from organizations.csv in the same zip (same fetch), matching the
-- model name exactly against `All ML Systems`; files ingested separately are not joined.
insert into std.model_claims by name
with org_systems as (
    select fetch_id, organization, country, trim(system) as model
    from staging.epoch_benchmarking_hub_organizations,
         unnest(string_split(all_ml_systems, ',')) as s(system)
    where organization is not null
),
model_orgs as (
    select v.fetch_id, v.row_number,
           string_agg(distinct o.organization, ', ' order by o.organization) as organization,
           string_agg(distinct o.country, ', ' order by o.country) as country
    from staging.epoch_benchmarking_hub_model_versions v
    join org_systems o on o.fetch_id = v.fetch_id and o.model = v.model
    group by all
)
select 'epoch_benchmarking_hub' as source, trim(v.id) as source_model_name, v.model_key, v.snapshot_date,
       coalesce(v.display_name, v.model) as display_name, mo.organization, mo.country,
       case when v.hf_developer_id is not null then 'open' end as access,
       hf_repo_from_url(v.link) as hf_repo_id, v.link as url, v.version_release_date as release_date,
       v.source_url, v.fetched_at, v.sha256, v.fetch_id
from staging.epoch_benchmarking_hub_model_versions v
left join model_orgs mo on mo.fetch_id = v.fetch_id and mo.row_number = v.row_number
where trim(v.id) <> '';
