-- v_scores: every score with its model's and its benchmark's descriptive columns, one row per
-- core.scores row. A stable name and column list for analysts: `select * from v_scores`.
-- requires: core.scores, core.models, core.benchmarks
create or replace view main.v_scores as
select s.model_id, m.display_name as model_name, m.organization, m.access, m.is_open_weights,
       m.release_date,
       s.benchmark_id, b.name as benchmark_name, b.task, b.publisher, b.kind as benchmark_kind,
       b.unit, b.higher_is_better, b.category,
       s.snapshot_date, s.source, s.setting, s.style_control,
       s.score, s.stderr, s.ci_lower, s.ci_upper, s.votes, s.evaluated_on, s.is_self_reported,
       s.source_model_name, s.fetch_id, s.source_url, s.fetched_at
from core.scores s
left join core.models m using (model_id)
left join core.benchmarks b using (benchmark_id);
