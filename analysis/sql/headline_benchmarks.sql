-- analysis.headline_benchmarks: the candidates for the headline lag, one per underlying test.
-- Rule: an overall leaderboard (no sub-category), evaluated independently, with a released model
-- with a date on each side; where two publishers score the same test (Aider's own
-- board and Epoch's copy of it) the one with more models represents it. Open-only boards (the Open
-- LLM Leaderboard) have no proprietary side and drop out by the rule, not by name. Composite
-- indices would count their member benchmarks twice, so they are shown separately.
create or replace table analysis.headline_benchmarks as
with counts as (
    select benchmark_id, any_value(task) as task, any_value(kind) as kind, any_value(category) as category,
           any_value(evaluation) as evaluation,
           count(distinct model_id) filter (where side = 'open' and release_date is not null
                                            and not is_derivative) as n_open,
           count(distinct model_id) filter (where side = 'proprietary' and release_date is not null)
               as n_proprietary
    from analysis.lag_observations
    where not is_self_reported and not style_control
    group by benchmark_id
)
select benchmark_id, coalesce(task, benchmark_id) as task, n_open, n_proprietary
from counts
where category is null and evaluation = 'independent' and n_open >= 1 and n_proprietary >= 1
  and kind <> 'index'  -- composite indices (the Epoch Capabilities Index) are reported on their own
qualify row_number() over (partition by coalesce(task, benchmark_id)
                           order by n_open + n_proprietary desc, benchmark_id) = 1
order by benchmark_id;
-- Which candidates count at an as-of date (live, not saturated, at least five models per side) is
-- decided per run by analysis.lagrun.headline_status and recorded in analysis.lag_estimates
-- (headline_status, headline_reason): the rule depends on the date, this table does not.
