-- analysis.lag_observations: every score that could enter a lag estimate, with the columns each
-- analysis switch filters on. One row per model × benchmark × snapshot × source × run setting.
-- side: 'open' when the weights are open (registry record), 'proprietary' for API or hosted only,
-- null otherwise (unknown, or announced but unreleased: on neither side).
-- regime: the methodology regime in force on the snapshot date (core.regimes; '*' ids are prefixes);
-- for LiveBench, its release (question set).
create or replace table analysis.lag_observations as
with regimes as (
    select benchmark_id as pattern, regime, valid_from, valid_to from core.regimes
)
select s.benchmark_id, b.task, b.kind, b.category, b.evaluation, b.contamination,
       s.model_id, m.display_name, m.organization,
       case m.access when 'open' then 'open' when 'api' then 'proprietary'
                     when 'hosted' then 'proprietary' end as side,
       m.access, coalesce(m.is_derivative, false) as is_derivative, m.license, m.license_spdx,
       m.commercial_use, m.release_date, m.release_date_kind,
       -- a date imputed from a first leaderboard appearance: never sets or closes a frontier step
       -- under the default rule (lagrun.observations drops such models; the first_leaderboard
       -- rule keeps them, it is that rule)
       coalesce(m.release_date_is_imputed, false) as release_date_is_imputed,
       s.score, s.stderr, s.ci_lower, s.ci_upper,
       b.higher_is_better, b.scale_min, b.scale_max, b.unit,
       coalesce(
           (select any_value(r.regime order by r.valid_from desc) from regimes r
             where (r.pattern = s.benchmark_id
                    or (r.pattern like '%*' and starts_with(s.benchmark_id, rtrim(r.pattern, '*'))))
               and s.snapshot_date >= r.valid_from
               and (r.valid_to is null or s.snapshot_date <= r.valid_to)),
           -- each LiveBench release (dated by its question set) is its own methodology regime:
           -- tasks and questions change between releases, so no frontier spans two of them
           case when s.source = 'livebench' then 'release_' || strftime(s.snapshot_date, '%Y-%m-%d') end
       ) as regime,
       s.snapshot_date as observed_on, s.source, s.setting, s.is_self_reported,
       coalesce(s.style_control, false) as style_control, s.fetch_id
from core.scores s
join core.benchmarks b using (benchmark_id)
join core.models m using (model_id)
where s.score is not null
-- a fixed row order: the estimators break exact ties by row order (which of two equal scores a
-- frontier keeps), and a parallel scan writes rows in any order, so without it two builds of the
-- same raw files could publish different interval bounds
order by s.benchmark_id, s.model_id, s.snapshot_date, s.source, s.setting, s.style_control,
         s.score, s.stderr, s.ci_lower, s.ci_upper, s.fetch_id;
