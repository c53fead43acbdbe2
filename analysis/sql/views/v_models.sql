-- v_models: one row per model with its openness, dates and how much opengap has on it.
-- requires: core.models, core.scores
create or replace view main.v_models as
select m.model_id, m.display_name, m.organization, m.license, m.access, m.is_open_weights,
       m.hf_repo_id, m.release_date, m.first_seen_date, m.last_seen_date, m.sources,
       coalesce(c.n_scores, 0) as n_scores, coalesce(c.n_benchmarks, 0) as n_benchmarks
from core.models m
left join (
    select model_id, count(*) as n_scores, count(distinct benchmark_id) as n_benchmarks
    from core.scores
    group by model_id
) c using (model_id);
