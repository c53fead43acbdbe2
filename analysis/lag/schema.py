"""What goes in and what comes out of the lag estimators: the observation columns, the output
tables' columns (OUTPUT_COLUMNS, which become analysis.* tables), LagResults, and the constants every
estimator shares (units of analysis, matching settings, day/month conversions)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, TypeVar

import polars as pl

OBS_COLUMNS = {
    "benchmark_id": pl.String,
    "model_id": pl.String,
    "side": pl.String,
    "release_date": pl.Date,
    "score": pl.Float64,
    "stderr": pl.Float64,
    "ci_lower": pl.Float64,
    "ci_upper": pl.Float64,
    "higher_is_better": pl.Boolean,
    "scale_min": pl.Float64,
    "scale_max": pl.Float64,
    "unit": pl.String,
    "regime": pl.String,
    "observed_on": pl.Date,
}


UNIT_KEYS = ["benchmark_id", "regime"]


SIDES = ("open", "proprietary")


Z95 = 1.959963984540054


# One-sided 5%: "the open model is significantly below" is a one-sided question (Epoch; IAPS).
Z_ONE_SIDED = 1.6448536269514722


CI95_WIDTH_IN_SE = 2 * Z95  # a 95% interval is 3.92 standard errors wide


DAYS_PER_YEAR = 365.25


DAYS_PER_MONTH = DAYS_PER_YEAR / 12


BOUNDED_UNITS = ("fraction", "percent", "score")


LOGIT_EPS = 1e-3


MAX_PARITY_YEARS = 100


Match = Literal["significance", "point"]


MATCHES = ("significance", "point")


DEFAULT_MATCH: Match = "significance"


# A tolerance in the benchmark's own units, per benchmark_id (or one number for every unit): a
# difference no larger than it never counts against the open model.
Tolerance = float | Mapping[str, float]


FrameT = TypeVar("FrameT", pl.DataFrame, pl.LazyFrame)


# Point estimates are built as one lazy query per run and collected together (pl.collect_all), so a
# run costs a few polars collects rather than hundreds. The in-memory engine keeps eager semantics.
ENGINE = "in-memory"


OUTPUT_COLUMNS = {
    "frontier": [
        "benchmark_id",
        "regime",
        "side",
        "frontier_rank",
        "model_id",
        "release_date",
        "score",
        "stderr",
        "ci_lower",
        "ci_upper",
        "previous_best_score",
        "unit",
        "higher_is_better",
        "observed_on",
        "as_of_date",
    ],
    "catch_up_events": [
        "benchmark_id",
        "regime",
        "open_model_id",
        "open_release_date",
        "open_score",
        "proprietary_model_id",
        "proprietary_release_date",
        "proprietary_score",
        "match_rule",
        "lag_days",
        "lag_months",
        "is_censored",
        "as_of_date",
    ],
    "thresholds": [
        "benchmark_id",
        "regime",
        "level",
        "proprietary_crossing_date",
        "proprietary_model_id",
        "open_crossing_date",
        "open_model_id",
        "lag_days",
        "lag_months",
        "is_censored",
        "censored_side",
        "as_of_date",
    ],
    "gap_series": [
        "benchmark_id",
        "regime",
        "date",
        "is_current",
        "lag_days",
        "lag_months",
        "lag_months_lo",
        "lag_months_hi",
        "open_model_id",
        "open_score",
        "proprietary_model_id",
        "proprietary_score",
        "matched_model_id",
        "matched_release_date",
        "match_rule",
        "snapshot_date",
        "gap",
        "gap_lo",
        "gap_hi",
        "win_probability",
        "win_probability_lo",
        "win_probability_hi",
        "relative_gap_pct",
        "relative_gap_pct_lo",
        "relative_gap_pct_hi",
        "unit",
        "as_of_date",
    ],
    "lag_estimates": [
        "benchmark_id",
        "regime",
        "as_of_date",
        "estimator",
        "value",
        "lo",
        "hi",
        "value_unit",
        "is_lower_bound",
        "note",
        "n_open",
        "n_proprietary",
        "newest_open_release_date",
        "is_thin_coverage",
        "thin_reason",
        "n_resamples",
        "n_valid_resamples",
        "match",
        "match_rule",
        "match_tolerance",
    ],
    "aggregate": [
        "as_of_date",
        "estimator",
        "statistic",
        "value",
        "lo",
        "hi",
        "value_unit",
        "iqr",
        "q25",
        "q75",
        "sd",
        "n_benchmarks",
        "n_clusters",
        "n_thin_coverage",
        "n_lower_bound",
        "is_lower_bound",
        "n_resamples",
        "interval",
        "match",
        "note",
    ],
    "lag_trend": [
        "benchmark_id",
        "regime",
        "as_of_date",
        "window_start_date",
        "n_months",
        "slope_months_per_year",
        "slope_lo",
        "slope_hi",
        "fitted_lag_months",
        "parity_date",
        "parity_lo",
        "parity_hi",
        "is_forecast",
        "statement",
    ],
}


@dataclass(frozen=True)
class LagResults:
    """Every analysis table from one run (one bootstrap pass)."""

    frontier: pl.DataFrame
    catch_up_events: pl.DataFrame
    thresholds: pl.DataFrame
    gap_series: pl.DataFrame
    lag_estimates: pl.DataFrame
    aggregate: pl.DataFrame
    lag_trend: pl.DataFrame
    # Per-benchmark bootstrap replicates of the current horizontal lag (rep, benchmark_id, regime,
    # estimator, value in months), for a caller that pools several runs' units itself.
    replicates: pl.DataFrame | None = None
