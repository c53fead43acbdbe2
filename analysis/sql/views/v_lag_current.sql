-- v_lag_current: the newest lag estimate per benchmark, regime and estimator (the latest as-of
-- date), with the benchmark's name. `value`, `lo`, `hi` are in `value_unit` (months for lags).
-- DEPENDENCY: analysis.lag_estimates, written by the lag analysis (analysis/lag.py, OUTPUT_COLUMNS
-- "lag_estimates": benchmark_id, regime, as_of_date, estimator, value, lo, hi, …). Until that table
-- exists this view is skipped; if it lands under another name, change it below and on `requires`.
-- requires: analysis.lag_estimates, core.benchmarks
create or replace view main.v_lag_current as
select l.*, b.name as benchmark_name
from analysis.lag_estimates l
left join core.benchmarks b using (benchmark_id)
qualify l.as_of_date = max(l.as_of_date) over (partition by l.benchmark_id, l.regime, l.estimator);
