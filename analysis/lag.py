"""Open-vs-proprietary lag estimators: frontiers, horizontal lag, threshold crossing, trend offset,
vertical gap, bootstrap intervals, pooling across benchmarks, and the trend of the lag.

Reads one polars frame of observations, one row per model × benchmark observation (columns in OBS_COLUMNS),
and yields polars frames with stable column names (documented in OUTPUT_COLUMNS) that become analysis.* tables.
Pure: no I/O, no warehouse. Vectorised: joins, as-of joins and window ops; numpy only for resampling.
`run` builds the point estimates as lazy queries collected in four batches (pl.collect_all), so
its fixed cost per call is a few query plans, not hundreds of eager polars calls.
Definitions, matching rule, censoring and caveats: analysis/LAG_METHOD.md.

The unit of analysis is (benchmark_id, regime): a frontier is never drawn across a methodology break.
Rating units ('elo') are only ever compared within one snapshot (observed_on).
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal, TypeVar

import numpy as np
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
        "sd",
        "n_benchmarks",
        "n_thin_coverage",
        "n_resamples",
        "match",
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


# ---------------------------------------------------------------------------------------------
# Input handling
# ---------------------------------------------------------------------------------------------


def _validate(obs: pl.DataFrame, check_sides: bool = True) -> None:
    missing = [c for c in OBS_COLUMNS if c not in obs.columns]
    if missing:
        raise ValueError(
            f"lag: expected columns {list(OBS_COLUMNS)}, missing {missing}. "
            "Build the observation frame with the registry's side and release_date joined on."
        )
    if check_sides:
        _check_sides(obs.select(_BAD_SIDES).to_series().to_list())


_BAD_SIDES = pl.col("side").filter(~pl.col("side").is_in(SIDES)).unique()


def _check_sides(bad: list) -> None:
    if bad:
        raise ValueError(
            f"lag: side must be 'open' or 'proprietary', found {bad}. "
            "Drop unreleased models and derivatives before calling the estimators."
        )


def _cast(obs: pl.DataFrame) -> pl.DataFrame:
    return obs.with_columns(pl.col(c).cast(t) for c, t in OBS_COLUMNS.items())


def _casts(schema: pl.Schema) -> list[pl.Expr]:
    """The casts _cast makes, less those to the dtype a column already has (no-ops)."""
    return [pl.col(c).cast(t) for c, t in OBS_COLUMNS.items() if schema.get(c) != t]


def as_of(obs: pl.DataFrame, date: dt.date) -> pl.DataFrame:
    """What was known on `date`: observations seen on or before it, of models released on or before it."""
    _validate(obs)
    return obs.filter((pl.col("observed_on") <= date) & (pl.col("release_date") <= date))


def _derive_exprs() -> tuple[pl.Expr, list[pl.Expr], list[pl.Expr]]:
    hib = pl.col("higher_is_better")
    keep = pl.col("score").is_not_null() & pl.col("release_date").is_not_null()
    first = [
        pl.col("regime").fill_null(""),
        pl.when(hib).then(1.0).otherwise(-1.0).alias("sign"),
        pl.col("release_date").cast(pl.Int32).alias("rd"),
        pl.col("observed_on").cast(pl.Int32).alias("od"),
    ]
    second = [
        (pl.col("score") * pl.col("sign")).alias("s"),
        pl.when(hib).then(pl.col("ci_lower")).otherwise(-pl.col("ci_upper")).alias("lo"),
        pl.when(hib).then(pl.col("ci_upper")).otherwise(-pl.col("ci_lower")).alias("hi"),
        pl.coalesce(pl.col("stderr"), (pl.col("ci_upper") - pl.col("ci_lower")) / CI95_WIDTH_IN_SE)
        .fill_null(0.0)
        .alias("se"),
        pl.col("stderr").is_not_null().alias("has_se"),
        (pl.col("ci_lower").is_not_null() & pl.col("ci_upper").is_not_null()).alias("has_ci"),
    ]
    return keep, first, second


# Expressions are immutable: the constant ones are built once, at import.
_DERIVE = _derive_exprs()


def _derive(obs: FrameT, casts: list[pl.Expr] | None = None) -> FrameT:
    """Orient every score so that higher is better; integer day numbers for dates."""
    keep, first, second = _DERIVE
    cast = _cast(obs) if casts is None else obs.with_columns(casts) if casts else obs
    return cast.filter(keep).with_columns(first).with_columns(second)


def _newest(d: FrameT) -> FrameT:
    """One row per (unit, model) of derived observations: the newest observation; for ratings,
    only the newest snapshot."""
    # Ratings drift between snapshots, so a rating frontier uses one snapshot: the newest.
    return (
        d.filter(_NEWEST_SNAPSHOT)
        .sort([*UNIT_KEYS, "model_id", "od", "s"])
        .unique([*UNIT_KEYS, "model_id"], keep="last", maintain_order=True)
    )


_NEWEST_SNAPSHOT = (pl.col("unit") != "elo") | (pl.col("od") == pl.col("od").max().over(UNIT_KEYS))
_MONTH_LAST = pl.col("od") == pl.col("od").max().over(
    [*UNIT_KEYS, pl.col("observed_on").dt.month_start()]
)


def _snapshots(d: FrameT) -> FrameT:
    """Ratings of derived observations, one snapshot per calendar month (the month's last), each
    snapshot its own unit."""
    x = d.filter(pl.col("unit") == "elo")
    x = x.filter(_MONTH_LAST)
    x = (
        x.filter(pl.col("rd") <= pl.col("od"))
        .rename({"od": "snap"})
        .with_columns(od=pl.col("snap"))
    )
    return x.sort([*UNIT_KEYS, "snap", "model_id", "s"]).unique(
        [*UNIT_KEYS, "snap", "model_id"], keep="last", maintain_order=True
    )


def _check_match(match: str) -> bool:
    """True for significance matching, False for point matching; anything else is a usage error."""
    if match not in MATCHES:
        raise ValueError(f"lag: match must be one of {list(MATCHES)}, found {match!r}.")
    return match == "significance"


def _tolerance(tolerance: Tolerance) -> pl.Expr:
    """Each unit's matching tolerance (benchmark units, >= 0) as an expression on benchmark_id."""
    values = dict(tolerance) if isinstance(tolerance, Mapping) else {None: tolerance}
    bad = {k: v for k, v in values.items() if not (math.isfinite(v) and v >= 0)}
    if bad:
        raise ValueError(
            f"lag: a matching tolerance must be a finite number >= 0, found {bad}. "
            "Give it in the benchmark's own units (e.g. 1.0 for one ECI point)."
        )
    if not isinstance(tolerance, Mapping):
        return pl.lit(float(tolerance), dtype=pl.Float64).alias("tol")
    return (
        pl.col("benchmark_id")
        .replace_strict(values, default=0.0, return_dtype=pl.Float64)
        .alias("tol")
    )


def _inputs(
    obs: pl.DataFrame,
    as_of_date: dt.date | None,
    check_sides: bool = True,
    tolerance: Tolerance = 0.0,
) -> tuple[pl.LazyFrame, dt.date | None]:
    """Validated, as-of truncated and derived observations (lazy), and the reference date."""
    _validate(obs, check_sides)
    tol = _tolerance(tolerance)
    ref = as_of_date if as_of_date is not None else obs["observed_on"].max()
    lazy = obs.lazy()
    if as_of_date is not None:
        lazy = lazy.filter(
            (pl.col("observed_on") <= as_of_date) & (pl.col("release_date") <= as_of_date)
        )
    return _derive(lazy, _casts(obs.schema)).with_columns(tol), ref


def _prepare(
    obs: pl.DataFrame, as_of_date: dt.date | None, tolerance: Tolerance = 0.0
) -> tuple[pl.DataFrame, dt.date | None]:
    """One row per (unit, model): the newest observation; for ratings, only the newest snapshot."""
    d, ref = _inputs(obs, as_of_date, tolerance=tolerance)
    return _newest(d).collect(engine=ENGINE), ref


# ---------------------------------------------------------------------------------------------
# Building blocks (every one keyed by `keys`, so the bootstrap reuses them with a `rep` key)
# ---------------------------------------------------------------------------------------------

_FCOLS = ["model_id", "rd", "s", "se", "lo", "hi", "has_se", "has_ci", "score", "tol"]


def _frontier(x: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """Running best per (keys, side) by release date; ties go to the earliest release, then model_id."""
    by, descending, prev_s, rises = _frontier_exprs(tuple(keys))
    return x.sort(by, descending=descending).with_columns(prev_s).filter(rises)


@functools.cache
def _frontier_exprs(keys: tuple[str, ...]):
    g = [*keys, "side"]
    by = [*g, "rd", "s", "model_id"]
    descending = [False] * len(g) + [False, True, False]
    prev_s = pl.col("s").cum_max().shift(1).over(g).alias("prev_s")
    rises = pl.col("prev_s").is_null() | (pl.col("s") > pl.col("prev_s"))
    return by, descending, prev_s, rises


@functools.cache
def _reaches(stat: bool, open_candidate: bool) -> pl.Expr:
    """Candidate c reaches target t's level, the open model always given the benefit of the doubt.

    A proprietary point P is matched by an open model O when O is not significantly below P:
    gap = P - O (oriented scores) is at most the margin. An open candidate reaches a proprietary
    target when it matches it; a proprietary candidate reaches an open target only when the open
    model does not match it (gap at least the margin). The margin is the unit's tolerance; with
    `stat`, at least z (one-sided 5%) times the pair's combined se (stderr, else CI-derived), or,
    where neither side has a stderr but both have interval bounds, the 95% intervals' overlap
    decides instead. At gap == margin both hold: with point matching, a tie counts as a match.
    """
    o, p = ("c", "t") if open_candidate else ("t", "c")
    gap = pl.col(f"{p}_s") - pl.col(f"{o}_s")
    tol = pl.col("t_tol")
    if not stat:
        return gap <= tol if open_candidate else gap >= tol
    margin = pl.max_horizontal(
        tol, Z_ONE_SIDED * (pl.col("c_se") ** 2 + pl.col("t_se") ** 2).sqrt()
    )
    ci_only = ~pl.col("c_has_se") & ~pl.col("t_has_se") & pl.col("c_has_ci") & pl.col("t_has_ci")
    overlap = pl.col(f"{o}_hi") >= pl.col(f"{p}_lo")
    if open_candidate:
        return (gap <= tol) | pl.when(ci_only).then(overlap).otherwise(gap <= margin)
    return (gap >= tol) & pl.when(ci_only).then(~overlap).otherwise(gap >= margin)


@functools.cache
def _rule(stat: bool) -> pl.Expr:
    if not stat:
        return pl.lit("point")
    ci_only = ~pl.col("c_has_se") & ~pl.col("t_has_se") & pl.col("c_has_ci") & pl.col("t_has_ci")
    no_se = (pl.col("c_se") == 0) & (pl.col("t_se") == 0)
    return (
        pl.when(ci_only)
        .then(pl.lit("ci_overlap"))
        .when(no_se)
        .then(pl.lit("point"))
        .otherwise(pl.lit("z_test"))
    )


def _first_match(
    targets: pl.DataFrame,
    cands: pl.DataFrame,
    keys: list[str],
    stat: bool,
    open_candidate: bool,
) -> pl.DataFrame:
    """For each target frontier point, the earliest candidate frontier point that reaches its level."""
    t_cols, c_cols, earliest, out = _first_match_exprs(tuple(keys), stat)
    pairs = targets.select(t_cols).join(cands.select(c_cols), on=keys, how="inner")
    return pairs.filter(_reaches(stat, open_candidate)).filter(earliest).select(out)


@functools.cache
def _first_match_exprs(keys: tuple[str, ...], stat: bool):
    t_cols = [*keys, *(pl.col(c).alias(f"t_{c}") for c in _FCOLS)]
    c_cols = [*keys, *(pl.col(c).alias(f"c_{c}") for c in _FCOLS)]
    earliest = pl.col("c_rd") == pl.col("c_rd").min().over([*keys, "t_rd"])
    out = [
        *keys,
        pl.col("t_rd").alias("rd"),
        pl.col("c_rd").alias("m_rd"),
        pl.col("c_model_id").alias("m_model"),
        pl.col("c_score").alias("m_score"),
        _rule(stat).alias("m_rule"),
    ]
    return t_cols, c_cols, earliest, out


def _at(
    fo: pl.DataFrame,
    fp: pl.DataFrame,
    ev_o: pl.DataFrame,
    ev_p: pl.DataFrame,
    grid: pl.DataFrame,
    keys: list[str],
) -> pl.DataFrame:
    """Horizontal lag and vertical gap at each grid date t (integer day `t`).

    lag = t - (first date the proprietary frontier reached the open frontier's level at t), when that
    date is <= t; otherwise open is ahead and lag = -(t - first date the open frontier reached the
    proprietary frontier's level at t), which is <= 0.
    """
    o = (
        fo.select(*keys, *_AT_SIDE_COLS)
        .join(ev_o, on=[*keys, "rd"], how="left")
        .rename(_AT_RENAME["o"])
        .sort([*keys, "o_rd"])
    )
    p = (
        fp.select(*keys, *_AT_SIDE_COLS)
        .join(ev_p, on=[*keys, "rd"], how="left")
        .rename(_AT_RENAME["p"])
        .sort([*keys, "p_rd"])
    )
    g = grid.sort([*keys, "t"])
    g = g.join_asof(o, left_on="t", right_on="o_rd", by=keys, check_sortedness=False)
    g = g.join_asof(p, left_on="t", right_on="p_rd", by=keys, check_sortedness=False)
    return g.with_columns(_AT_EXPRS)


def _at_exprs() -> list[pl.Expr]:
    undefined = pl.col("o_rd").is_null() | pl.col("p_rd").is_null()
    prop_caught_up = pl.col("o_m_rd") <= pl.col("t")
    return [
        pl.when(undefined)
        .then(None)
        .when(prop_caught_up)
        .then(pl.col("t") - pl.col("o_m_rd"))
        .otherwise(pl.col("p_m_rd") - pl.col("t"))
        .alias("lag_days"),
        pl.when(undefined)
        .then(None)
        .when(prop_caught_up)
        .then(pl.col("o_m_model"))
        .otherwise(pl.col("p_m_model"))
        .alias("matched_model_id"),
        pl.when(undefined)
        .then(None)
        .when(prop_caught_up)
        .then(pl.col("o_m_rd"))
        .otherwise(pl.col("p_m_rd"))
        .alias("matched_rd"),
        pl.when(undefined)
        .then(None)
        .when(prop_caught_up)
        .then(pl.col("o_m_rule"))
        .otherwise(pl.col("p_m_rule"))
        .alias("matched_rule"),
        (pl.col("p_s") - pl.col("o_s")).alias("gap_o"),
    ]


_AT_SIDE_COLS = ["rd", "s", "score", "model_id"]
_AT_RENAME = {
    pre: {c: f"{pre}_{c}" for c in [*_AT_SIDE_COLS, "m_rd", "m_model", "m_score", "m_rule"]}
    for pre in ("o", "p")
}
_AT_EXPRS = _at_exprs()


def _snapshot_path(sf: FrameT, skeys: list[str]) -> FrameT:
    """Both sides' frontier at each rating snapshot's own date (what _at gives on a grid of snapshot
    dates; the gap series needs nothing else). A snapshot only rates models released on or before
    it, so its frontier at that date is the frontier's last point, per side."""
    last = sf.filter(pl.col("rd") == pl.col("rd").max().over([*skeys, "side"]))
    o = last.filter(pl.col("side") == "open").select(
        *skeys, o_s="s", o_score="score", o_model_id="model_id"
    )
    p = last.filter(pl.col("side") == "proprietary").select(
        *skeys, p_s="s", p_score="score", p_model_id="model_id"
    )
    return o.join(p, on=skeys, how="inner").with_columns(gap_o=pl.col("p_s") - pl.col("o_s"))


def _levels(f: pl.DataFrame, keys: list[str], n_levels: int) -> pl.DataFrame:
    """Evenly spaced levels from where both sides have a model up to the best score either reached."""
    per_side = f.group_by([*keys, "side"]).agg(first=pl.col("s").min(), best=pl.col("s").max())
    span = (
        per_side.group_by(keys)
        .agg(lo=pl.col("first").max(), hi=pl.col("best").max(), n_sides=pl.len())
        .filter(pl.col("n_sides") == 2)
    )
    return (
        span.with_columns(k=pl.int_ranges(1, n_levels + 1))
        .explode("k")
        .with_columns(
            level=pl.col("lo")
            + (pl.col("hi") - pl.col("lo")) * pl.col("k").cast(pl.Float64) / n_levels
        )
        .select(*keys, "level")
        .unique(maintain_order=True)
    )


def _crossings(
    f: pl.DataFrame, levels: pl.DataFrame, keys: list[str], ref_day: int
) -> pl.DataFrame:
    """First date each side's frontier reached each level; the lag, or its bound where censored."""
    out = levels.sort([*keys, "level"])
    for side, pre in (("proprietary", "p"), ("open", "o")):
        side_f = (
            f.filter(pl.col("side") == side)
            .select(
                *keys,
                pl.col("s").alias(f"{pre}_s"),
                pl.col("rd").alias(f"{pre}_rd"),
                pl.col("model_id").alias(f"{pre}_model"),
            )
            .sort([*keys, f"{pre}_s"])
        )
        # The frontier rises with time, so the smallest frontier score >= level is the earliest.
        out = out.join_asof(
            side_f,
            left_on="level",
            right_on=f"{pre}_s",
            by=keys,
            strategy="forward",
            check_sortedness=False,
        )
    has_p, has_o = pl.col("p_rd").is_not_null(), pl.col("o_rd").is_not_null()
    return out.filter(has_p | has_o).with_columns(
        lag_days=pl.when(has_p & has_o)
        .then(pl.col("o_rd") - pl.col("p_rd"))
        .when(has_p)
        .then(ref_day - pl.col("p_rd"))
        .otherwise(pl.col("o_rd") - ref_day),
        censored_side=pl.when(has_p & has_o)
        .then(None)
        .when(has_p)
        .then(pl.lit("open"))
        .otherwise(pl.lit("proprietary")),
    )


def _km_median(cross: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """Kaplan–Meier median of the level lags; levels open has not reached are right-censored.

    Levels the proprietary side has not reached (open ahead) enter as events at their bound, an upper
    bound on a negative lag; it only matters when the median falls among them.
    """
    event, by, descending, surv, aggs = _km_exprs(tuple(keys))
    c = cross.with_columns(event).sort(by, descending=descending).with_columns(surv)
    return c.group_by(keys).agg(aggs)


@functools.cache
def _km_exprs(keys: tuple[str, ...]):
    keys = list(keys)
    at_risk = pl.len().over(keys) - pl.int_range(pl.len()).over(keys)
    surv = (1.0 - pl.col("event").cast(pl.Float64) / at_risk).log().cum_sum().over(keys).exp()
    aggs = [
        pl.col("lag_days").filter(pl.col("surv") <= 0.5).min().alias("km_median_days"),
        pl.col("lag_days").max().alias("max_days"),
        pl.len().alias("n_levels"),
        (pl.col("censored_side") == "open").sum().alias("n_censored_open"),
        (pl.col("censored_side") == "proprietary").sum().alias("n_censored_proprietary"),
    ]
    return (
        pl.col("censored_side").ne_missing("open").alias("event"),
        [*keys, "lag_days", "event"],
        [False] * len(keys) + [False, True],
        surv.alias("surv"),
        aggs,
    )


@functools.cache
def _transformed() -> pl.Expr:
    """Logit of the position on [scale_min, scale_max] for bounded units; the oriented score otherwise."""
    lo, hi = pl.col("scale_min"), pl.col("scale_max")
    bounded = pl.col("unit").is_in(BOUNDED_UNITS) & lo.is_not_null() & hi.is_not_null() & (hi > lo)
    frac = (pl.col("score") - lo) / (hi - lo)
    frac = pl.when(pl.col("higher_is_better")).then(frac).otherwise(1.0 - frac)
    frac = frac.clip(LOGIT_EPS, 1.0 - LOGIT_EPS)
    return pl.when(bounded).then((frac / (1.0 - frac)).log()).otherwise(pl.col("s"))


def _ols(df: pl.DataFrame, by: list[str], x: str, y: str) -> pl.DataFrame:
    aggs, slope, intercept = _ols_exprs(x, y)
    return df.drop_nulls([x, y]).group_by(by).agg(aggs).with_columns(slope).with_columns(intercept)


@functools.cache
def _ols_exprs(x: str, y: str):
    mx, my = pl.col(x).mean(), pl.col(y).mean()
    aggs = [
        pl.len().alias("n"),
        mx.alias("mx"),
        my.alias("my"),
        ((pl.col(x) - mx) ** 2).sum().alias("sxx"),
        ((pl.col(x) - mx) * (pl.col(y) - my)).sum().alias("sxy"),
        pl.col(x).min().alias("x_min"),
        pl.col(x).max().alias("x_max"),
    ]
    slope = pl.when(pl.col("sxx") > 0).then(pl.col("sxy") / pl.col("sxx")).alias("slope")
    intercept = (pl.col("my") - pl.col("slope") * pl.col("mx")).alias("intercept")
    return aggs, slope, intercept


def _trend_offset(
    f: pl.DataFrame, keys: list[str], ref_day: int, window_days: float
) -> pl.DataFrame:
    """Fit each side's frontier points in the window (time in years from as-of); offset at as-of."""
    pts = f.filter(pl.col("rd") >= ref_day - window_days).with_columns(
        y=_transformed(), x=(pl.col("rd") - ref_day) / DAYS_PER_YEAR
    )
    fit = _ols(pts, [*keys, "side"], "x", "y")
    o = fit.filter(pl.col("side") == "open").select(*keys, a_o="intercept", b_o="slope", n_o="n")
    p = fit.filter(pl.col("side") == "proprietary").select(
        *keys, a_p="intercept", b_p="slope", n_p="n", xmin_p="x_min", xmax_p="x_max"
    )
    # Year (relative to as-of) at which the proprietary line reached the open line's current value.
    x_p = (pl.col("a_o") - pl.col("a_p")) / pl.col("b_p")
    return o.join(p, on=keys, how="inner").with_columns(
        offset_days=pl.when(pl.col("b_p") > 0).then(-x_p * DAYS_PER_YEAR),
        is_extrapolated=(x_p < pl.col("xmin_p")) | (x_p > pl.col("xmax_p")),
    )


def _core(
    x: pl.DataFrame,
    keys: list[str],
    grid: pl.DataFrame,
    levels: pl.DataFrame | None,
    ref_day: int,
    *,
    stat: bool,
    window_days: float | None,
    f: pl.DataFrame | pl.LazyFrame | None = None,
    with_km: bool = True,
) -> dict[str, pl.DataFrame]:
    if f is None:
        f = _frontier(x, keys)
    fo, fp = f.filter(pl.col("side") == "open"), f.filter(pl.col("side") == "proprietary")
    # ev_o: per open frontier point, the first proprietary point the open model does not match;
    # ev_p: per proprietary frontier point, the first open point that matches it.
    ev_o = _first_match(fo, fp, keys, stat, open_candidate=False)
    ev_p = _first_match(fp, fo, keys, stat, open_candidate=True)
    out = {"frontier": f, "ev_o": ev_o, "path": _at(fo, fp, ev_o, ev_p, grid, keys)}
    if levels is not None:
        out["crossings"] = _crossings(f, levels, keys, ref_day)
        if with_km:
            out["km"] = _km_median(out["crossings"], keys)
    if window_days is not None:
        out["offset"] = _trend_offset(f, keys, ref_day, window_days)
    return out


def _grid(x: pl.DataFrame, keys: list[str], ref: dt.date) -> pl.DataFrame:
    """Month starts from the first month both sides have a model, up to as-of; plus as-of itself."""
    start = (
        x.group_by([*keys, "side"])
        .agg(first=pl.col("rd").min())
        .group_by(keys)
        .agg(start=pl.col("first").max(), n_sides=pl.len())
        .filter(pl.col("n_sides") == 2)
        .with_columns(start=pl.col("start").cast(pl.Date))
    )
    ms = pl.col("start").dt.month_start()
    ms = pl.when(ms < pl.col("start")).then(ms.dt.offset_by("1mo")).otherwise(ms)
    months = (
        start.with_columns(t=pl.date_ranges(ms, pl.lit(ref), "1mo"))
        .explode("t")
        .drop_nulls("t")
        .filter(pl.col("t") < ref)
        .select(*keys, t=pl.col("t").cast(pl.Int32), is_current=pl.lit(False))
    )
    current = start.filter(pl.col("start") <= ref).select(
        *keys, t=pl.lit(ref).cast(pl.Int32), is_current=pl.lit(True)
    )
    return pl.concat([months, current]).sort([*keys, "t"])


# ---------------------------------------------------------------------------------------------
# Bootstrap machinery
# ---------------------------------------------------------------------------------------------


def _replicate(x: pl.DataFrame, keys: list[str], n_resamples: int, seed: int) -> pl.DataFrame:
    """Resample models with replacement within (unit, side), and perturb each model's score by its se.

    Stratifying by side keeps both sides present in every replicate. A model drawn twice keeps one
    perturbation per replicate, so duplicates do not inflate the maximum.
    """
    g = [*keys, "side"]
    # A total order, so a seed always draws the same models.
    x = x.sort([*g, "model_id"], maintain_order=True)
    n = x.height
    gid = x.select(pl.struct(g).rle_id()).to_series().to_numpy()
    starts = np.flatnonzero(np.r_[True, gid[1:] != gid[:-1]])
    sizes = np.diff(np.r_[starts, n])
    start_row, size_row = starts[gid], sizes[gid]
    rng = np.random.default_rng(seed)
    idx = start_row + (rng.random((n_resamples, n)) * size_row).astype(np.int64)
    noise = rng.standard_normal((n_resamples, n)) * x["se"].to_numpy()[None, :]
    shift = np.take_along_axis(noise, idx, axis=1).ravel()
    rep = x[idx.ravel()].with_columns(
        rep=pl.Series(np.repeat(np.arange(n_resamples, dtype=np.int32), n)),
        _shift=pl.Series(shift),
    )
    return (
        rep.with_columns(
            s=pl.col("s") + pl.col("_shift"),
            lo=pl.col("lo") + pl.col("_shift"),
            hi=pl.col("hi") + pl.col("_shift"),
        )
        .with_columns(score=pl.col("s") * pl.col("sign"))
        .drop("_shift")
    )


def _with_reps(frame: pl.DataFrame, n_resamples: int) -> pl.DataFrame:
    return frame.join(pl.DataFrame({"rep": np.arange(n_resamples, dtype=np.int32)}), how="cross")


def _interval(reps: pl.DataFrame, by: list[str], cols: list[str], ci: float) -> pl.DataFrame:
    a = (1.0 - ci) / 2.0
    aggs = []
    for c in cols:
        aggs += [
            pl.col(c).quantile(a, "linear").alias(f"{c}_lo"),
            pl.col(c).quantile(1.0 - a, "linear").alias(f"{c}_hi"),
            pl.col(c).count().alias(f"{c}_nvalid"),
        ]
    return reps.group_by(by).agg(aggs)


# ---------------------------------------------------------------------------------------------
# Public estimators (point estimates)
# ---------------------------------------------------------------------------------------------


def _restore_regime(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(_RESTORE_REGIME)


_RESTORE_REGIME = (
    pl.when(pl.col("regime") == "").then(None).otherwise(pl.col("regime")).alias("regime")
)


def _day(col: str) -> pl.Expr:
    return pl.col(col).cast(pl.Date)


def _frontier_table(f: pl.DataFrame, ref: dt.date | None) -> pl.DataFrame:
    return _restore_regime(
        f.with_columns(
            frontier_rank=pl.int_range(1, pl.len() + 1).over([*UNIT_KEYS, "side"]),
            previous_best_score=pl.col("prev_s") * pl.col("sign"),
            as_of_date=pl.lit(ref, dtype=pl.Date),
        ).select(OUTPUT_COLUMNS["frontier"])
    )


def frontier(obs: pl.DataFrame, *, as_of: dt.date | None = None) -> pl.DataFrame:
    """Frontier points: per (benchmark, regime, side), each model that set a new best by release date.

    Ties go to the earliest release, then the smallest model_id. Columns: OUTPUT_COLUMNS['frontier'].
    """
    x, ref = _prepare(obs, as_of)
    return _frontier_table(_frontier(x, UNIT_KEYS), ref)


def _events_table(f: pl.DataFrame, ev_o: pl.DataFrame, ref_day: int, ref: dt.date) -> pl.DataFrame:
    fo = f.filter(pl.col("side") == "open").select(*UNIT_KEYS, "rd", "model_id", "score")
    e = fo.join(ev_o, on=[*UNIT_KEYS, "rd"], how="left")
    censored = pl.col("m_rd").is_null()
    e = e.with_columns(
        lag_days=pl.when(censored)
        .then(pl.col("rd") - ref_day)
        .otherwise(pl.col("rd") - pl.col("m_rd")),
        is_censored=censored,
    )
    return _restore_regime(
        e.select(
            *UNIT_KEYS,
            open_model_id="model_id",
            open_release_date=_day("rd"),
            open_score="score",
            proprietary_model_id="m_model",
            proprietary_release_date=_day("m_rd"),
            proprietary_score="m_score",
            match_rule="m_rule",
            lag_days="lag_days",
            lag_months=pl.col("lag_days") / DAYS_PER_MONTH,
            is_censored="is_censored",
            as_of_date=pl.lit(ref, dtype=pl.Date),
        ).sort([*UNIT_KEYS, "open_release_date"])
    )


def catch_up_events(
    obs: pl.DataFrame,
    *,
    as_of: dt.date | None = None,
    match: Match = DEFAULT_MATCH,
    tolerance: Tolerance = 0.0,
) -> pl.DataFrame:
    """Each open frontier advance with the first proprietary frontier model that reached its level.

    lag_days = open release - that proprietary release (negative: proprietary got there later). Where
    no proprietary model has reached it yet, is_censored and lag_days = open release - as-of, an upper
    bound (open is ahead by at least that much). Columns: OUTPUT_COLUMNS['catch_up_events'].
    """
    stat = _check_match(match)
    x, ref = _prepare(obs, as_of, tolerance)
    ref_day = _days(ref)
    grid = _grid(x, UNIT_KEYS, ref)
    core = _core(x, UNIT_KEYS, grid, None, ref_day, stat=stat, window_days=None)
    return _events_table(core["frontier"], core["ev_o"], ref_day, ref)


def _days(d: dt.date) -> int:
    return (d - dt.date(1970, 1, 1)).days


def _unit_meta(x: pl.DataFrame) -> pl.DataFrame:
    return x.group_by(UNIT_KEYS).agg(pl.col("unit").first())


def _path_table(path: pl.DataFrame, x: pl.DataFrame, ref: dt.date) -> pl.DataFrame:
    meta = _unit_meta(x)
    p = path.join(meta, on=UNIT_KEYS, how="left")
    return p.select(*_PATH_TABLE, as_of_date=pl.lit(ref, dtype=pl.Date))


def _path_table_exprs() -> list[pl.Expr | str]:
    elo = pl.col("unit") == "elo"
    return [
        *UNIT_KEYS,
        _day("t").alias("date"),
        "is_current",
        "lag_days",
        (pl.col("lag_days") / DAYS_PER_MONTH).alias("lag_months"),
        pl.col("o_model_id").alias("open_model_id"),
        pl.col("o_score").alias("open_score"),
        pl.col("p_model_id").alias("proprietary_model_id"),
        pl.col("p_score").alias("proprietary_score"),
        "matched_model_id",
        _day("matched_rd").alias("matched_release_date"),
        pl.col("matched_rule").alias("match_rule"),
        pl.lit(None, dtype=pl.Date).alias("snapshot_date"),
        pl.col("gap_o").alias("gap"),
        pl.when(elo)
        .then(1.0 / (1.0 + 10.0 ** (-pl.col("gap_o") / 400.0)))
        .alias("win_probability"),
        _pct().alias("relative_gap_pct"),
        "unit",
    ]


def horizontal_lag(
    obs: pl.DataFrame,
    *,
    as_of: dt.date | None = None,
    match: Match = DEFAULT_MATCH,
    tolerance: Tolerance = 0.0,
    at: list[dt.date] | None = None,
) -> pl.DataFrame:
    """Horizontal lag at each month start from when both sides exist, plus as-of (is_current); or at
    the dates in `at` for every unit. Point estimates; `run` adds intervals (gap_series).

    Columns: benchmark_id, regime, date, is_current, lag_days, lag_months, open_model_id, open_score,
    proprietary_model_id, proprietary_score, matched_model_id, matched_release_date, gap, as_of_date.
    matched_* is the proprietary model that first reached the open level (lag >= 0) or, when open is
    ahead (lag <= 0), the open model that first reached the proprietary level. A lag of 0 can be either
    (open ahead, having reached the proprietary level on that very day): the matched model's side tells.
    """
    stat = _check_match(match)
    x, ref = _prepare(obs, as_of, tolerance)
    if at is None:
        grid = _grid(x, UNIT_KEYS, ref)
    else:
        days = pl.DataFrame({"t": [_days(d) for d in at]}, schema={"t": pl.Int32})
        grid = (
            x.select(UNIT_KEYS)
            .unique()
            .join(days, how="cross")
            .with_columns(is_current=pl.col("t") == _days(ref))
        )
    core = _core(x, UNIT_KEYS, grid, None, _days(ref), stat=stat, window_days=None)
    table = _path_table(core["path"], x, ref)
    return _restore_regime(
        table.select(
            *UNIT_KEYS,
            "date",
            "is_current",
            "lag_days",
            "lag_months",
            "open_model_id",
            "open_score",
            "proprietary_model_id",
            "proprietary_score",
            "matched_model_id",
            "matched_release_date",
            "match_rule",
            "gap",
            "as_of_date",
        ).sort([*UNIT_KEYS, "date"])
    )


def vertical_gap(
    obs: pl.DataFrame,
    *,
    as_of: dt.date | None = None,
    match: Match = DEFAULT_MATCH,
    tolerance: Tolerance = 0.0,
) -> pl.DataFrame:
    """Monthly gap series: horizontal lag and vertical gap (proprietary - open, oriented so that
    positive means proprietary ahead) at each month start and at as-of. Ratings use, at each date, the
    newest monthly snapshot on or before it. Point estimates; `run` adds intervals."""
    return run(obs, as_of=as_of, match=match, tolerance=tolerance, n_resamples=0).gap_series


def threshold_crossings(
    obs: pl.DataFrame, *, as_of: dt.date | None = None, n_levels: int = 20
) -> pl.DataFrame:
    """Per level, each side's first crossing; censored levels carried with their bound.

    lag_days = open crossing - proprietary crossing. censored_side 'open': open has not reached the
    level, lag_days = as-of - proprietary crossing is a lower bound. censored_side 'proprietary': open
    reached it first and proprietary has not, lag_days = open crossing - as-of is an upper bound.
    Columns: OUTPUT_COLUMNS['thresholds'].
    """
    x, ref = _prepare(obs, as_of)
    f = _frontier(x, UNIT_KEYS)
    cross = _crossings(f, _levels(f, UNIT_KEYS, n_levels), UNIT_KEYS, _days(ref))
    return _thresholds_table(cross, ref)


def _thresholds_table(cross: pl.DataFrame, ref: dt.date) -> pl.DataFrame:
    return _restore_regime(
        cross.select(
            *UNIT_KEYS,
            "level",
            proprietary_crossing_date=_day("p_rd"),
            proprietary_model_id="p_model",
            open_crossing_date=_day("o_rd"),
            open_model_id="o_model",
            lag_days="lag_days",
            lag_months=pl.col("lag_days") / DAYS_PER_MONTH,
            is_censored=pl.col("censored_side").is_not_null(),
            censored_side="censored_side",
            as_of_date=pl.lit(ref, dtype=pl.Date),
        )
    ).sort([*UNIT_KEYS, "level"], nulls_last=True)


def threshold_lag(
    obs: pl.DataFrame, *, as_of: dt.date | None = None, n_levels: int = 20
) -> pl.DataFrame:
    """Kaplan–Meier median level lag per unit (point estimate; `run` adds intervals)."""
    est = run(obs, as_of=as_of, n_levels=n_levels, n_resamples=0).lag_estimates
    return est.filter(pl.col("estimator") == "threshold_median_lag")


def trend_offset(
    obs: pl.DataFrame, *, as_of: dt.date | None = None, window_months: float = 24
) -> pl.DataFrame:
    """Horizontal offset between the two sides' frontier fits at as-of (point estimate)."""
    est = run(obs, as_of=as_of, window_months=window_months, n_resamples=0).lag_estimates
    return est.filter(pl.col("estimator") == "trend_offset")


# ---------------------------------------------------------------------------------------------
# Everything at once, with bootstrap intervals
# ---------------------------------------------------------------------------------------------


def run(
    obs: pl.DataFrame,
    *,
    as_of: dt.date | None = None,
    match: Match = DEFAULT_MATCH,
    tolerance: Tolerance = 0.0,
    n_resamples: int = 1000,
    seed: int = 0,
    ci: float = 0.90,
    n_levels: int = 20,
    window_months: float = 24,
    trend_window_months: float = 24,
    min_models: int = 3,
    recent_days: int = 90,
    exclude_thin: bool = False,
) -> LagResults:
    """Every estimator, with `ci` bootstrap intervals from `n_resamples` seeded resamples.

    n_resamples=0 gives point estimates only (lo/hi null). `match`: 'significance' (default: an
    open model matches a proprietary point unless significantly below it) or 'point'; `tolerance`:
    a margin in benchmark units, one number or per benchmark_id (see LAG_METHOD.md).
    """
    # The point estimates are lazy queries, collected a few at a time (pl.collect_all): a stage
    # materialises what the next stages share, so no query plan repeats a shared subtree.
    # Load inputs
    stat = _check_match(match)
    d, ref = _inputs(obs, as_of, check_sides=False, tolerance=tolerance)
    keys = UNIT_KEYS
    skeys = [*UNIT_KEYS, "snap"]
    xq, sq = _newest(d), _snapshots(d)
    x, snaps, f, sf, bad_sides = _collect(
        xq, sq, _frontier(xq, keys), _frontier(sq, skeys), obs.lazy().select(_BAD_SIDES)
    )
    _check_sides(bad_sides.to_series().to_list())
    if ref is None:
        raise ValueError("lag: no observations (after as-of truncation); nothing to estimate.")
    ref_day = _days(ref)
    window_days = window_months * DAYS_PER_MONTH
    xl, fl = x.lazy(), f.lazy()
    grid, levels = _grid(xl, keys, ref), _levels(fl, keys, n_levels)

    # Process: bootstrap (eager)
    R = n_resamples
    if R > 0:
        grid_e, levels_e = _collect(grid, levels)
        grid, levels = grid_e.lazy(), levels_e.lazy()
        xr = _replicate(x, keys, R, seed)
        rkeys = ["rep", *keys]
        rcore = _core(
            xr,
            rkeys,
            _with_reps(grid_e, R),
            _with_reps(levels_e, R),
            ref_day,
            stat=stat,
            window_days=window_days,
        )
        rpath = rcore["path"]
        rkm, roff = rcore["km"].lazy(), rcore["offset"].lazy()
        sr = _replicate(snaps, skeys, R, seed + 1)
        rspath = _snapshot_path(_frontier(sr, ["rep", *skeys]), ["rep", *skeys]).lazy()
        rpath_l = rpath.lazy()
    else:
        rpath = rpath_l = rkm = roff = rspath = None

    # Process: point estimates
    core = _core(
        xl, keys, grid, levels, ref_day, stat=stat, window_days=window_days, f=fl, with_km=False
    )
    path, spath, offset, frontier_t, events_t, thresholds_t = _collect(
        core["path"],
        _snapshot_path(sf.lazy(), skeys),
        core["offset"],
        _frontier_table(fl, ref),
        _events_table(fl, core["ev_o"], ref_day, ref),
        _thresholds_table(core["crossings"], ref),
    )
    # The Kaplan–Meier median from the thresholds table: the level crossings enter one query only.
    km = _km_median(thresholds_t.lazy().with_columns(pl.col("regime").fill_null("")), keys)
    core = {"path": path.lazy(), "km": km, "offset": offset.lazy()}

    # Save outputs
    gap_series = _gap_series(core["path"], spath.lazy(), rpath_l, rspath, xl, ref, ci)
    estimates = _estimates(
        core, gap_series, rkm, roff, rpath_l, rspath, xl, ref, ci, R, min_models, recent_days, match
    )
    gap_series, estimates = _collect(gap_series, estimates)
    agg_summary, *trend_in = _collect(
        _aggregate_summary(estimates.lazy(), exclude_thin),
        *_trend_inputs(core["path"], estimates.lazy(), ref_day, trend_window_months, exclude_thin),
    )
    trend = _lag_trend(*trend_in, rpath, ref, ci, trend_window_months, R, seed)
    return LagResults(
        frontier=frontier_t,
        catch_up_events=events_t,
        thresholds=thresholds_t,
        gap_series=gap_series,
        lag_estimates=estimates,
        aggregate=_aggregate_rows(
            agg_summary,
            estimates["as_of_date"].max() if estimates.height else None,
            n_resamples=R,
            seed=seed,
            ci=ci,
        ),
        lag_trend=trend,
    )


def _collect(*frames: pl.LazyFrame) -> list[pl.DataFrame]:
    return pl.collect_all(frames, engine=ENGINE)


def _win(gap: pl.Expr) -> pl.Expr:
    return 1.0 / (1.0 + 10.0 ** (-gap / 400.0))


@functools.cache
def _pct() -> pl.Expr:
    """The AI Index's relative gap, (p - o) / p in percent; undefined where p is zero."""
    p = pl.col("p_score").abs()
    return pl.when(p > 0).then(pl.col("gap_o") / p * 100.0)


def _gap_cols(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(_GAP_COLS)


def _gap_series(path, spath, rpath, rspath, x, ref, ci) -> pl.DataFrame:
    keys = UNIT_KEYS
    table = _path_table(path, x, ref)
    table = table.with_columns(t=pl.col("date").cast(pl.Int32))
    if rpath is not None:
        iv = _interval(_gap_cols(rpath), [*keys, "t"], ["lag_days", "gap_o", "win", "pct"], ci)
        table = table.join(iv, on=[*keys, "t"], how="left")
    else:
        table = table.with_columns(_NO_IV_PATH)
    # Ratings: the gap at t comes from the newest monthly snapshot on or before t, never across snapshots.
    s = _gap_cols(spath).select(
        *keys, "snap", "gap_o", "win", "pct", "p_score", "o_score", "p_model_id", "o_model_id"
    )
    if rspath is not None:
        siv = _interval(_gap_cols(rspath), [*keys, "snap"], ["gap_o", "win", "pct"], ci)
        s = s.join(siv, on=[*keys, "snap"], how="left")
    else:
        s = s.with_columns(_NO_IV_SNAP)
    s = s.select(*keys, "snap", pl.all().exclude(*keys, "snap").name.prefix("s_")).with_columns(
        s_snap=pl.col("snap")
    )
    table = table.sort([*keys, "t"]).join_asof(
        s.sort([*keys, "snap"]), left_on="t", right_on="snap", by=keys, check_sortedness=False
    )
    out = table.select(_GAP_SERIES)
    return _restore_regime(out.select(OUTPUT_COLUMNS["gap_series"]).sort([*keys, "date"]))


def _gap_series_exprs() -> list[pl.Expr | str]:
    elo = pl.col("unit") == "elo"

    def pick(col_elo: str, col: str) -> pl.Expr:
        return pl.when(elo).then(pl.col(col_elo)).otherwise(pl.col(col))

    return [
        *UNIT_KEYS,
        "date",
        "is_current",
        "lag_days",
        "lag_months",
        (pl.col("lag_days_lo") / DAYS_PER_MONTH).alias("lag_months_lo"),
        (pl.col("lag_days_hi") / DAYS_PER_MONTH).alias("lag_months_hi"),
        pick("s_o_model_id", "open_model_id").alias("open_model_id"),
        pick("s_o_score", "open_score").alias("open_score"),
        pick("s_p_model_id", "proprietary_model_id").alias("proprietary_model_id"),
        pick("s_p_score", "proprietary_score").alias("proprietary_score"),
        "matched_model_id",
        "matched_release_date",
        "match_rule",
        pl.when(elo).then(_day("s_snap")).alias("snapshot_date"),
        pick("s_gap_o", "gap").alias("gap"),
        pick("s_gap_o_lo", "gap_o_lo").alias("gap_lo"),
        pick("s_gap_o_hi", "gap_o_hi").alias("gap_hi"),
        pl.when(elo).then(pl.col("s_win")).alias("win_probability"),
        pl.when(elo).then(pl.col("s_win_lo")).alias("win_probability_lo"),
        pl.when(elo).then(pl.col("s_win_hi")).alias("win_probability_hi"),
        pick("s_pct", "relative_gap_pct").alias("relative_gap_pct"),
        pick("s_pct_lo", "pct_lo").alias("relative_gap_pct_lo"),
        pick("s_pct_hi", "pct_hi").alias("relative_gap_pct_hi"),
        "unit",
        "as_of_date",
    ]


_NO_IV_PATH = [
    pl.lit(None, dtype=pl.Float64).alias(f"{c}_{b}")
    for c in ["lag_days", "gap_o", "win", "pct"]
    for b in ("lo", "hi")
]
_NO_IV_SNAP = [
    pl.lit(None, dtype=pl.Float64).alias(f"{c}_{b}")
    for c in ["gap_o", "win", "pct"]
    for b in ("lo", "hi")
]


def _coverage(x: pl.DataFrame, ref_day: int, min_models: int, recent_days: int) -> pl.DataFrame:
    cov = x.group_by(UNIT_KEYS).agg(
        n_open=(pl.col("side") == "open").sum().cast(pl.Int64),
        n_proprietary=(pl.col("side") == "proprietary").sum().cast(pl.Int64),
        newest_open=pl.col("rd").filter(pl.col("side") == "open").max(),
        match_tolerance=pl.col("tol").first(),
    )
    few = (pl.col("n_open") < min_models) | (pl.col("n_proprietary") < min_models)
    recent = (ref_day - pl.col("newest_open")) < recent_days
    reason = pl.concat_str(
        pl.when(few).then(pl.lit(f"fewer than {min_models} models on a side")),
        pl.when(recent).then(pl.lit(f"newest open model under {recent_days} days old")),
        separator="; ",
        ignore_nulls=True,
    )
    return cov.with_columns(
        newest_open_release_date=_day("newest_open"),
        is_thin_coverage=few | recent.fill_null(False),
        thin_reason=pl.when(few | recent.fill_null(False)).then(reason),
    ).drop("newest_open")


def _estimates(
    core, gap_series, rkm, roff, rpath, rspath, x, ref, ci, R, min_models, recent_days, match
):
    keys = UNIT_KEYS
    ref_day = _days(ref)
    e = _ESTIMATES
    rows = []

    def with_iv(
        point: pl.DataFrame, reps: pl.DataFrame | None, col: str, scale: float
    ) -> pl.DataFrame:
        if reps is None:
            return point.with_columns(e["empty_iv"])
        iv = _interval(reps, keys, [col], ci).select(
            *keys,
            lo=pl.col(f"{col}_lo") / scale,
            hi=pl.col(f"{col}_hi") / scale,
            n_valid_resamples=pl.col(f"{col}_nvalid").cast(pl.Int64),
        )
        return point.join(iv, on=keys, how="left")

    # Horizontal lag now.
    h = core["path"].filter(pl.col("is_current")).select(e["horizontal"])
    h = with_iv(
        h,
        rpath.filter(pl.col("is_current")) if rpath is not None else None,
        "lag_days",
        DAYS_PER_MONTH,
    )
    rows.append(h.with_columns(e["horizontal_labels"]))
    # Threshold-crossing Kaplan–Meier median.
    t = core["km"].select(e["threshold"])
    rkm_days = None
    if rkm is not None:
        rkm_days = rkm.with_columns(km=pl.coalesce("km_median_days", "max_days")).drop("rep")
    t = with_iv(t, rkm_days, "km", DAYS_PER_MONTH)
    rows.append(t.with_columns(e["threshold_labels"]))
    # Trend offset.
    off = core["offset"].select(e["offset"])
    off = with_iv(
        off, roff.drop("rep") if roff is not None else None, "offset_days", DAYS_PER_MONTH
    )
    rows.append(off.with_columns(e["offset_labels"]))
    # Vertical gap, win probability, relative gap: the current row of the gap series, one row per
    # estimator (lists exploded, so the gap series enters the query once).
    part = (
        gap_series.filter(pl.col("is_current"))
        .with_columns(pl.col("regime").fill_null(""))
        .select(e["gaps"])
        .explode("estimator", "value", "lo", "hi", "value_unit", "note")
        .filter(pl.col("value").is_not_null())
        .with_columns(
            n_valid_resamples=pl.when(pl.col("lo").is_not_null())
            .then(pl.lit(R if R else 0, dtype=pl.Int64))
            .otherwise(0),
            is_lower_bound=pl.lit(False),
            match_rule=pl.lit(None, dtype=pl.String),
        )
    )
    rows.append(part)
    est = pl.concat([r.select(e["columns"]) for r in rows], how="vertical_relaxed")
    cov = _coverage(x, ref_day, min_models, recent_days)
    est = est.join(cov, on=keys, how="left").with_columns(
        as_of_date=pl.lit(ref, dtype=pl.Date),
        n_resamples=pl.lit(R, dtype=pl.Int64),
        match=pl.lit(match, dtype=pl.String),
        _o=e["order"],
    )
    return _restore_regime(est.sort([*keys, "_o"]).select(OUTPUT_COLUMNS["lag_estimates"]))


def _estimates_exprs() -> dict:
    """The constant expressions of _estimates, built once."""
    keys = UNIT_KEYS
    undefined = pl.col("km_median_days").is_null()
    snapshot_note = (
        pl.when(pl.col("unit") == "elo")
        .then(pl.format("within snapshot {}", pl.col("snapshot_date")))
        .otherwise(pl.lit(None, dtype=pl.String))
    )
    gap_cols = ("gap", "win_probability", "relative_gap_pct")
    # Only the horizontal lag matches models; the other estimators compare scores with levels or fits.
    no_rule = pl.lit(None, dtype=pl.String).alias("match_rule")
    order = {
        "horizontal_lag": 0,
        "threshold_median_lag": 1,
        "trend_offset": 2,
        "vertical_gap": 3,
        "win_probability": 4,
        "relative_gap_pct": 5,
    }
    return {
        "empty_iv": [
            pl.lit(None, dtype=pl.Float64).alias("lo"),
            pl.lit(None, dtype=pl.Float64).alias("hi"),
            pl.lit(0, dtype=pl.Int64).alias("n_valid_resamples"),
        ],
        "horizontal": [
            *keys,
            (pl.col("lag_days") / DAYS_PER_MONTH).alias("value"),
            pl.col("matched_rule").alias("match_rule"),
        ],
        "horizontal_labels": [
            pl.lit("horizontal_lag").alias("estimator"),
            pl.lit("months").alias("value_unit"),
            pl.lit(False).alias("is_lower_bound"),
            pl.lit(None, dtype=pl.String).alias("note"),
        ],
        "threshold": [
            *keys,
            (pl.coalesce("km_median_days", "max_days") / DAYS_PER_MONTH).alias("value"),
            undefined.alias("is_lower_bound"),
            pl.format(
                "{} levels, {} censored (open not reached), {} open ahead{}",
                "n_levels",
                "n_censored_open",
                "n_censored_proprietary",
                pl.when(undefined)
                .then(pl.lit("; median not reached: value is a lower bound"))
                .otherwise(pl.lit("")),
            ).alias("note"),
        ],
        "threshold_labels": [
            pl.lit("threshold_median_lag").alias("estimator"),
            pl.lit("months").alias("value_unit"),
            no_rule,
        ],
        "offset": [
            *keys,
            (pl.col("offset_days") / DAYS_PER_MONTH).alias("value"),
            pl.lit(False).alias("is_lower_bound"),
            pl.when(pl.col("offset_days").is_null())
            .then(pl.lit("proprietary fit not rising: no offset"))
            .when(pl.col("is_extrapolated"))
            .then(pl.lit("extrapolated beyond the proprietary fit's data"))
            .otherwise(pl.lit("interpolated"))
            .alias("note"),
        ],
        "offset_labels": [
            pl.lit("trend_offset").alias("estimator"),
            pl.lit("months").alias("value_unit"),
            no_rule,
        ],
        "gaps": [
            *keys,
            pl.concat_list(
                pl.lit("vertical_gap"), pl.lit("win_probability"), pl.lit("relative_gap_pct")
            ).alias("estimator"),
            pl.concat_list(gap_cols).alias("value"),
            pl.concat_list(f"{c}_lo" for c in gap_cols).alias("lo"),
            pl.concat_list(f"{c}_hi" for c in gap_cols).alias("hi"),
            pl.concat_list(pl.col("unit"), pl.lit("probability"), pl.lit("percent")).alias(
                "value_unit"
            ),
            pl.concat_list(
                snapshot_note,
                snapshot_note,
                pl.lit("relative to an arbitrary zero; lead with points"),
            ).alias("note"),
        ],
        "columns": [
            *keys,
            "estimator",
            pl.col("value").cast(pl.Float64),
            "lo",
            "hi",
            "value_unit",
            "is_lower_bound",
            "note",
            "n_valid_resamples",
            "match_rule",
        ],
        "order": pl.col("estimator").replace_strict(order, return_dtype=pl.Int32),
    }


_ESTIMATES = _estimates_exprs()


def _pool_units(estimates: pl.DataFrame, exclude_thin: bool) -> pl.DataFrame:
    """One regime per benchmark (the one with most models), so a benchmark votes once."""
    e = estimates.filter(pl.col("value").is_not_null())
    if exclude_thin:
        e = e.filter(~pl.col("is_thin_coverage"))
    size = pl.col("n_open") + pl.col("n_proprietary")
    pick = (
        e.select("benchmark_id", "regime", n=size)
        .sort(["benchmark_id", "n", "regime"], descending=[False, True, False], nulls_last=True)
        .unique("benchmark_id", keep="first", maintain_order=True)
        .select("benchmark_id", "regime")
    )
    return e.join(pick, on=["benchmark_id", "regime"], how="semi", nulls_equal=True)


def aggregate(
    estimates: pl.DataFrame,
    *,
    n_resamples: int = 1000,
    seed: int = 0,
    ci: float = 0.90,
    exclude_thin: bool = False,
) -> pl.DataFrame:
    """Pool per-benchmark estimates (lag_estimates rows): median and mean across benchmarks, with an
    interval from resampling benchmarks, and dispersion (IQR, sd). Columns: OUTPUT_COLUMNS['aggregate'].
    """
    if "match" not in estimates.columns:  # estimates from elsewhere: the matching rule is unknown
        estimates = estimates.with_columns(match=pl.lit(None, dtype=pl.String))
    summary = _aggregate_summary(estimates.lazy(), exclude_thin).collect(engine=ENGINE)
    ref = estimates["as_of_date"].max() if estimates.height else None
    return _aggregate_rows(summary, ref, n_resamples=n_resamples, seed=seed, ci=ci)


def _aggregate_summary(estimates: FrameT, exclude_thin: bool) -> FrameT:
    """Per (estimator, value_unit): median, mean, dispersion and the sorted values to resample."""
    e = _pool_units(estimates.filter(pl.col("value").is_finite()), exclude_thin)
    return (
        e.group_by("estimator", "value_unit")
        .agg(
            median=pl.col("value").median(),
            mean=pl.col("value").mean(),
            iqr=pl.col("value").quantile(0.75, "linear") - pl.col("value").quantile(0.25, "linear"),
            sd=pl.col("value").std(),
            n_benchmarks=pl.len(),
            n_thin_coverage=pl.col("is_thin_coverage").sum(),
            match=pl.col("match").drop_nulls().unique().sort().str.join("|"),
            values=pl.col("value").sort(),  # a fixed order: resampling draws from it
        )
        .sort("estimator", "value_unit")
    )


_AGGREGATE_SCHEMA = {
    "as_of_date": pl.Date,
    "estimator": pl.String,
    "statistic": pl.String,
    "value": pl.Float64,
    "lo": pl.Float64,
    "hi": pl.Float64,
    "value_unit": pl.String,
    "iqr": pl.Float64,
    "sd": pl.Float64,
    "n_benchmarks": pl.Int64,
    "n_thin_coverage": pl.Int64,
    "n_resamples": pl.Int64,
    "match": pl.String,
}


def _aggregate_rows(
    summary: pl.DataFrame, ref: dt.date | None, *, n_resamples: int, seed: int, ci: float
) -> pl.DataFrame:
    """aggregate rows (median and mean per estimator) from _aggregate_summary, with the intervals."""
    rng = np.random.default_rng(seed)
    a = (1.0 - ci) / 2.0
    out = []
    for row in summary.iter_rows(named=True):  # one iteration per estimator, not per score
        v = np.asarray(row["values"], dtype=float)
        lo = {"median": None, "mean": None}
        hi = dict(lo)
        if n_resamples > 0 and len(v) > 1:
            draws = v[rng.integers(0, len(v), size=(n_resamples, len(v)))]
            for stat, fn in (("median", np.median), ("mean", np.mean)):
                boot = fn(draws, axis=1)
                lo[stat], hi[stat] = float(np.quantile(boot, a)), float(np.quantile(boot, 1 - a))
        for stat in ("median", "mean"):
            out.append(
                {
                    "as_of_date": ref,
                    "estimator": row["estimator"],
                    "statistic": stat,
                    "value": row[stat],
                    "lo": lo[stat],
                    "hi": hi[stat],
                    "value_unit": row["value_unit"],
                    "iqr": row["iqr"],
                    "sd": row["sd"],
                    "n_benchmarks": row["n_benchmarks"],
                    "n_thin_coverage": row["n_thin_coverage"],
                    "n_resamples": n_resamples,
                    "match": row["match"] or None,
                }
            )
    return pl.DataFrame(out, schema=_AGGREGATE_SCHEMA)


# ---------------------------------------------------------------------------------------------
# Trend of the lag
# ---------------------------------------------------------------------------------------------


def _parity(slope: np.ndarray, fitted: np.ndarray) -> np.ndarray:
    """Years from as-of until the fitted lag reaches zero; +inf where the lag is not shrinking."""
    with np.errstate(divide="ignore", invalid="ignore"):
        years = np.where(slope < 0, -fitted / slope, np.inf)
    return np.where(np.isnan(slope), np.nan, years)


def _trend_rows(bench, regime, slope, fitted, n, start, boot_slope, boot_fit, ref, ci):
    """lag_trend rows from point fits (units,) and bootstrap fits (R × units), vectorised."""
    a = (1.0 - ci) / 2.0
    nan = np.full(len(slope), np.nan)
    lo = hi = plo = phi = nan
    with warnings.catch_warnings():
        # Units whose every replicate is undefined give all-NaN columns: their interval stays null.
        warnings.simplefilter("ignore", RuntimeWarning)
        if boot_slope is not None:
            lo, hi = np.nanquantile(boot_slope, [a, 1 - a], axis=0)
            # inverted_cdf never interpolates, so +inf ("never") replicates stay +inf, not NaN.
            bp = _parity(boot_slope, boot_fit)
            plo, phi = np.nanquantile(bp, [a, 1 - a], axis=0, method="inverted_cdf")
    par = _parity(slope, fitted)
    ref_day = _days(ref)
    shrinking = pl.col("slope_months_per_year") < 0

    def to_date(col: str) -> pl.Expr:
        # Parity further out than MAX_PARITY_YEARS (or never) is reported as unbounded (null).
        ok = pl.col(col).is_finite() & (pl.col(col).abs() <= MAX_PARITY_YEARS)
        day = (ref_day + pl.col(col) * DAYS_PER_YEAR).round().cast(pl.Int32)
        return pl.when(shrinking & ok).then(day.cast(pl.Date))

    frame = (
        pl.DataFrame(
            {
                "benchmark_id": bench,
                "regime": regime,
                "n_months": np.asarray(n, dtype=np.int64),
                "slope_months_per_year": slope,
                "slope_lo": lo,
                "slope_hi": hi,
                "fitted_lag_months": fitted,
                "_par": par,
                "_plo": plo,
                "_phi": phi,
            },
            nan_to_null=False,
        )
        .lazy()
        .with_columns(
            pl.col("slope_months_per_year", "slope_lo", "slope_hi", "fitted_lag_months").fill_nan(
                None
            ),
            regime=pl.when(pl.col("regime") != "").then(pl.col("regime")),
        )
    )
    frame = frame.with_columns(
        as_of_date=pl.lit(ref, dtype=pl.Date),
        window_start_date=pl.lit(start, dtype=pl.Date),
        parity_date=to_date("_par"),
        parity_lo=to_date("_plo"),
        parity_hi=to_date("_phi"),
        is_forecast=pl.lit(True),
    )
    return frame.with_columns(statement=_TREND_STATEMENT).select(list(_trend_schema()))


def _trend_statement() -> pl.Expr:
    shrinking = pl.col("slope_months_per_year") < 0
    fmt = pl.col("slope_months_per_year").round(1).cast(pl.String)
    interval = pl.format(
        " (90% interval {} to {})",
        pl.col("parity_lo").dt.strftime("%Y-%m").fill_null("unbounded"),
        pl.col("parity_hi").dt.strftime("%Y-%m").fill_null("never"),
    )
    return (
        pl.when(pl.col("slope_months_per_year").is_null())
        .then(pl.lit("too few months to fit a trend"))
        .when(~shrinking)
        .then(pl.format("no parity in sight: the lag is not shrinking (+{} months per year)", fmt))
        .when(pl.col("parity_date").is_null())
        .then(
            pl.lit(
                f"forecast: the lag is shrinking, but parity is over {MAX_PARITY_YEARS} years out"
            )
        )
        .otherwise(
            pl.format(
                "forecast: fitted lag reaches zero around {}{}",
                pl.col("parity_date").dt.strftime("%Y-%m"),
                pl.when(pl.col("slope_lo").is_not_null()).then(interval).otherwise(pl.lit("")),
            )
        )
    )


_TREND_STATEMENT = _trend_statement()  # expressions are immutable: built once


def _ols_matrix(t: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Row-wise OLS of y (..., T) on t (T,), ignoring NaN; returns slope, intercept at t=0, n."""
    ok = ~np.isnan(y)
    n = ok.sum(axis=-1)
    tt = np.where(ok, t, 0.0)
    yy = np.where(ok, y, 0.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        mt, my = tt.sum(-1) / n, yy.sum(-1) / n
        dt_ = np.where(ok, t - mt[..., None], 0.0)
        sxx = (dt_**2).sum(-1)
        slope = np.where((n >= 3) & (sxx > 0), (dt_ * (yy - my[..., None])).sum(-1) / sxx, np.nan)
    return slope, my - slope * mt, n


def _trend_inputs(
    path: FrameT, estimates: FrameT, ref_day: int, window_months: float, exclude_thin: bool
) -> list[FrameT]:
    """What the lag trend needs from the point estimates: the units (sorted), the window's months
    (sorted), the unit × month lag matrix in long form (NaN where undefined) and the row numbers of
    the units pooled into the median path."""
    keys = UNIT_KEYS
    start_day = ref_day - window_months * DAYS_PER_MONTH
    win = path.filter(pl.col("t") >= start_day).select(
        *keys, "t", lag=pl.col("lag_days") / DAYS_PER_MONTH
    )
    units = win.select(keys).unique().sort(keys)
    ts = win.select(pl.col("t").unique().sort())
    # Dense unit × month matrix via a join on a full index.
    idx = units.with_row_index("u").join(ts.with_row_index("k"), how="cross")
    y = (
        idx.join(win, on=[*keys, "t"], how="left")
        .sort(["u", "k"])
        .select(pl.col("lag").fill_null(np.nan))
    )
    # Pooled: the median lag path across benchmarks (one regime each).
    pooled = _pool_units(estimates.filter(pl.col("estimator") == "horizontal_lag"), exclude_thin)
    pooled = pooled.select("benchmark_id", pl.col("regime").fill_null(""))
    keep = units.with_row_index("u").join(pooled, on=keys, how="semi").select("u").sort("u")
    return [units, ts, y, keep]


def _lag_trend(units, ts_frame, y_long, keep_frame, rpath, ref, ci, window_months, R, seed):
    """OLS slope of the monthly lag path over the window, per unit and pooled (median path)."""
    keys = UNIT_KEYS
    ref_day = _days(ref)
    start_day = ref_day - window_months * DAYS_PER_MONTH
    ts = ts_frame["t"].to_numpy()
    if units.height == 0 or ts.size == 0:
        return pl.DataFrame(schema=_trend_schema())
    n_units = units.height
    tyears = (ts - ref_day) / DAYS_PER_YEAR
    y = y_long["lag"].to_numpy().astype(float).reshape(n_units, ts.size)
    slope, fit, n = _ols_matrix(tyears, y)
    boot_slope = boot_fit = None
    if rpath is not None:
        rwin = rpath.filter(pl.col("t") >= start_day).select(
            "rep", *keys, "t", lag=pl.col("lag_days") / DAYS_PER_MONTH
        )
        # Dense rep × unit × month matrix with NaN where undefined, via a join on a full index.
        idx = units.with_row_index("u").join(
            pl.DataFrame({"t": ts}).with_row_index("k"), how="cross"
        )
        idx = _with_reps(idx, R)
        m = idx.join(rwin, on=[*keys, "t", "rep"], how="left").sort(["rep", "u", "k"])
        yb = m["lag"].fill_null(np.nan).to_numpy().astype(float).reshape(R, n_units, ts.size)
        boot_slope, boot_fit, _ = _ols_matrix(tyears, yb)
    start = ref - dt.timedelta(days=round(window_months * DAYS_PER_MONTH))
    bench = units.get_column("benchmark_id")
    regime = units.get_column("regime")

    # Pooled: the median lag path across benchmarks (one regime each); interval by resampling
    # benchmarks. One more row, benchmark 'all'; every row's interval is computed on its own.
    keep = keep_frame["u"].to_numpy()
    if keep.size:
        ys = y[keep]
        # Months where no pooled benchmark has a lag give all-NaN columns; nanmedian warns, we skip them.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            med = np.nanmedian(ys, axis=0)
            ps, pf, pn = _ols_matrix(tyears, med[None, :])
            if R > 0:
                rng = np.random.default_rng(seed + 2)
                draw = rng.integers(0, len(keep), size=(R, len(keep)))
                bmed = np.nanmedian(ys[draw], axis=1)
                bs, bf, _ = _ols_matrix(tyears, bmed)
                boot_slope = np.concatenate([boot_slope, bs[:, None]], axis=1)
                boot_fit = np.concatenate([boot_fit, bf[:, None]], axis=1)
        slope, fit, n = np.concatenate([slope, ps]), np.concatenate([fit, pf]), np.r_[n, pn]
        bench = bench.append(pl.Series(["all"]))
        regime = regime.append(pl.Series([""]))
    return _trend_rows(bench, regime, slope, fit, n, start, boot_slope, boot_fit, ref, ci).collect(
        engine=ENGINE
    )


def _trend_schema() -> dict:
    return {
        "benchmark_id": pl.String,
        "regime": pl.String,
        "as_of_date": pl.Date,
        "window_start_date": pl.Date,
        "n_months": pl.Int64,
        "slope_months_per_year": pl.Float64,
        "slope_lo": pl.Float64,
        "slope_hi": pl.Float64,
        "fitted_lag_months": pl.Float64,
        "parity_date": pl.Date,
        "parity_lo": pl.Date,
        "parity_hi": pl.Date,
        "is_forecast": pl.Boolean,
        "statement": pl.String,
    }


def lag_trend(
    obs: pl.DataFrame,
    *,
    as_of: dt.date | None = None,
    n_resamples: int = 1000,
    seed: int = 0,
    window_months: float = 24,
) -> pl.DataFrame:
    """Is the lag shrinking? Slope of the monthly horizontal-lag path in months per year with a
    bootstrap interval, and the implied parity date (a forecast) where the slope is negative."""
    return run(
        obs, as_of=as_of, n_resamples=n_resamples, seed=seed, trend_window_months=window_months
    ).lag_trend


def lag_estimates(obs: pl.DataFrame, **kwargs) -> pl.DataFrame:
    """Lag and gap estimates by benchmark × estimator at as-of, with intervals and counts."""
    return run(obs, **kwargs).lag_estimates


# Constant expressions, built once at import (expressions are immutable).
_PATH_TABLE = _path_table_exprs()
_GAP_SERIES = _gap_series_exprs()
_GAP_COLS = [_win(pl.col("gap_o")).alias("win"), _pct().alias("pct")]
