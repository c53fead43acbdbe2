"""Open-vs-proprietary lag estimators: frontiers, horizontal lag, threshold crossing, trend offset,
vertical gap, bootstrap intervals, pooling across benchmarks, and the trend of the lag.

Reads one polars frame of observations, one row per model × benchmark observation (columns in
OBS_COLUMNS), and yields polars frames with stable column names (OUTPUT_COLUMNS) that become analysis.*
tables. Pure: no I/O, no warehouse. Vectorised: joins, as-of joins and window ops for the point
estimates; numpy for resampling and for the replicates' frontiers, matched paths and level
crossings (the same rules, checked against the polars steps in tests/unit/test_lag_staging.py). `run` computes every table at once; the single-estimator functions are for inspection.
Definitions, matching rule, censoring and caveats: analysis/LAG_METHOD.md.

One module per part: schema (columns, constants), inputs (validation, orientation, as-of), frontiers,
matching (the rule between frontier points), horizontal (horizontal lag, catch-up events),
thresholds, trend_offsets, vertical_gaps (and the gap series), bootstrap, pooled (aggregate across
benchmarks and the trend of the lag), pipeline (`run`).

The unit of analysis is (benchmark_id, regime): a frontier is never drawn across a methodology break.
Rating units ('elo') are only ever compared within one snapshot (observed_on).
"""

from analysis.lag.frontiers import frontier
from analysis.lag.horizontal import catch_up_events, horizontal_lag
from analysis.lag.inputs import as_of, as_of_later_files
from analysis.lag.pipeline import lag_estimates, run
from analysis.lag.pooled import aggregate, lag_trend
from analysis.lag.schema import (
    BOUNDED_UNITS,
    DAYS_PER_MONTH,
    DAYS_PER_YEAR,
    DEFAULT_MATCH,
    MATCHES,
    OBS_COLUMNS,
    OUTPUT_COLUMNS,
    SIDES,
    UNIT_KEYS,
    Z95,
    Z_ONE_SIDED,
    LagResults,
    Match,
    Tolerance,
)
from analysis.lag.thresholds import threshold_crossings, threshold_lag
from analysis.lag.trend_offsets import trend_offset
from analysis.lag.vertical_gaps import vertical_gap

__all__ = [
    "BOUNDED_UNITS",
    "DAYS_PER_MONTH",
    "DAYS_PER_YEAR",
    "DEFAULT_MATCH",
    "MATCHES",
    "OBS_COLUMNS",
    "OUTPUT_COLUMNS",
    "SIDES",
    "UNIT_KEYS",
    "Z95",
    "Z_ONE_SIDED",
    "LagResults",
    "Match",
    "Tolerance",
    "aggregate",
    "as_of",
    "as_of_later_files",
    "catch_up_events",
    "frontier",
    "horizontal_lag",
    "lag_estimates",
    "lag_trend",
    "run",
    "threshold_crossings",
    "threshold_lag",
    "trend_offset",
    "vertical_gap",
]
