-- v_frontier: every frontier advance per benchmark and side (open | proprietary), with the model's
-- and the benchmark's names: the running best score by release date and the model that set it.
-- DEPENDENCY: analysis.frontier, written by the lag analysis (analysis/lag.py, OUTPUT_COLUMNS
-- "frontier"). Until that table exists this view is skipped (see `requires`); if it lands under
-- another name, change the table below and on the requires line.
-- requires: analysis.frontier, core.models, core.benchmarks
create or replace view main.v_frontier as
select f.*, m.display_name as model_name, m.organization, b.name as benchmark_name
from analysis.frontier f
left join core.models m using (model_id)
left join core.benchmarks b using (benchmark_id);
