-- analysis.arena_gap: for each Arena snapshot (source × date), the top proprietary and top open model,
-- their ratings and the gap. Models whose openness is unknown are counted, not ranked. Ratings drift between snapshots, so the gap is only ever taken within one.
create or replace table analysis.arena_gap as
with rated as (
    select s.snapshot_date, s.source, s.model_id, m.display_name, s.score, s.ci_lower, s.ci_upper,
           s.votes, m.is_open_weights, s.fetch_id
    from core.scores s
    join core.models m using (model_id)
    where s.benchmark_id = 'lmarena:text'
      and coalesce(s.style_control, false) = false
),
unknown as (
    select snapshot_date, source, count(*) filter (where is_open_weights is null) as n_unknown_access
    from rated group by all
),
best as (
    select snapshot_date, source, is_open_weights,
           arg_max(model_id, (score, model_id)) as model_id,
           arg_max(display_name, (score, model_id)) as display_name,
           max(score) as score,
           arg_max(ci_lower, (score, model_id)) as ci_lower,
           arg_max(ci_upper, (score, model_id)) as ci_upper,
           arg_max(fetch_id, (score, model_id)) as fetch_id,
           count(*) as n_models
    from rated
    where is_open_weights is not null
    group by all
)
select p.snapshot_date, p.source,
       p.model_id as top_proprietary_model_id, p.display_name as top_proprietary,
       p.score as proprietary_score,
       o.model_id as top_open_model_id, o.display_name as top_open, o.score as open_score,
       p.score - o.score as gap_points,
       -- Elo/Bradley-Terry on the 400-point logistic scale: P(proprietary beats open)
       1.0 / (1.0 + pow(10.0, -(p.score - o.score) / 400.0)) as proprietary_win_prob,
       (p.score - o.score) / p.score * 100.0 as gap_pct_of_proprietary,
       (o.ci_upper is not null and p.ci_lower is not null and o.ci_upper >= p.ci_lower)
           as intervals_overlap,
       p.n_models as n_proprietary, o.n_models as n_open,
       u.n_unknown_access,
       p.fetch_id as proprietary_fetch_id, o.fetch_id as open_fetch_id
from best p
join best o on o.snapshot_date = p.snapshot_date and o.source = p.source
           and o.is_open_weights and not p.is_open_weights
join unknown u on u.snapshot_date = p.snapshot_date and u.source = p.source
order by p.snapshot_date, p.source;
