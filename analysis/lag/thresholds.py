"""Threshold crossing: each side's first crossing of evenly spaced score levels, censored levels
carried with their bound, and the Kaplan–Meier median of the level lags."""

from __future__ import annotations

import datetime as dt
import functools

import numpy as np
import polars as pl

from analysis.lag.frontiers import _frontier
from analysis.lag.inputs import _day, _days, _prepare, _restore_regime
from analysis.lag.schema import DAYS_PER_MONTH, UNIT_KEYS


def _levels(frontier_points: pl.DataFrame, keys: list[str], n_levels: int) -> pl.DataFrame:
    """Evenly spaced levels from where both sides have a model up to the best score either reached."""
    per_side = frontier_points.group_by([*keys, "side"]).agg(
        first=pl.col("s").min(), best=pl.col("s").max()
    )
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
    frontier_points: pl.DataFrame, levels: pl.DataFrame, keys: list[str], ref_day: int
) -> pl.DataFrame:
    """First date each side's frontier reached each level; the lag, or its bound where censored."""
    out = levels.sort([*keys, "level"])
    for side, pre in (("proprietary", "p"), ("open", "o")):
        side_f = (
            frontier_points.filter(pl.col("side") == side)
            .select(
                *keys,
                pl.col("s").alias(f"{pre}_s"),
                pl.col("release_day").alias(f"{pre}_release_day"),
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
    return _crossing_lags(out, ref_day)


def _crossing_lags(out: pl.DataFrame, ref_day: int) -> pl.DataFrame:
    """Levels either side reached, with the lag (or its bound) and the censored side."""
    has_p, has_o = pl.col("p_release_day").is_not_null(), pl.col("o_release_day").is_not_null()
    return out.filter(has_p | has_o).with_columns(
        lag_days=pl.when(has_p & has_o)
        .then(pl.col("o_release_day") - pl.col("p_release_day"))
        .when(has_p)
        .then(ref_day - pl.col("p_release_day"))
        .otherwise(pl.col("o_release_day") - ref_day),
        censored_side=pl.when(has_p & has_o)
        .then(None)
        .when(has_p)
        .then(pl.lit("open"))
        .otherwise(pl.lit("proprietary")),
    )


def _seg_crossings(
    seg: np.ndarray,
    is_open: np.ndarray,
    s: np.ndarray,
    release_day: np.ndarray,
    level_seg: np.ndarray,
    level: np.ndarray,
    ref_day: int,
) -> pl.DataFrame:
    """_crossings' lag_days and censored_side with numpy as-of searches, for frontier points and
    levels keyed by one integer (`seg`): per level, each side's first point scoring at least it
    (the frontier rises with time, so the earliest). Columns _seg, level, p_release_day,
    o_release_day, lag_days, censored_side; rows by (_seg, level) as _crossings sorts them."""
    # Scores and levels replaced by their rank among all of them (ties share one), so that one
    # integer, segment × width + rank, orders (segment, value) exactly. Callers pass no NaN.
    ranks = np.unique(np.r_[level, s], return_inverse=True)[1].reshape(-1)
    width = np.int64(ranks.max(initial=0) + 2)
    level_key = level_seg.astype(np.int64) * width + ranks[: level.size]
    point_key = seg.astype(np.int64) * width + ranks[level.size :]
    order = np.argsort(level_key, kind="stable")
    level_seg, level, level_key = level_seg[order], level[order], level_key[order]
    found = {}
    for pre, mask in (("p", ~is_open), ("o", is_open)):
        keys = point_key[mask]
        by_key = np.argsort(keys, kind="stable")
        keys, days = keys[by_key], release_day[mask][by_key]
        # the first point of the level's segment scoring at least the level
        k = np.searchsorted(keys, level_key, side="left")
        kk = np.minimum(k, max(keys.size - 1, 0))
        ok = (k < keys.size) & (keys[kk] // width == level_key // width) if keys.size else k < 0
        day = (
            np.where(ok, days[kk], 0).astype(np.int32) if keys.size else np.zeros(k.size, np.int32)
        )
        found[pre] = (day, ok)
    out = pl.DataFrame(
        {
            "_seg": level_seg,
            "level": level,
            "p_release_day": found["p"][0],
            "_p": found["p"][1],
            "o_release_day": found["o"][0],
            "_o": found["o"][1],
        }
    ).select(
        "_seg",
        "level",
        pl.when(pl.col("_p")).then(pl.col("p_release_day")).alias("p_release_day"),
        pl.when(pl.col("_o")).then(pl.col("o_release_day")).alias("o_release_day"),
    )
    return _crossing_lags(out, ref_day)


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


def threshold_crossings(
    obs: pl.DataFrame, *, as_of: dt.date | None = None, n_levels: int = 20
) -> pl.DataFrame:
    """Per level, each side's first crossing; censored levels carried with their bound.

    lag_days = open crossing - proprietary crossing. censored_side 'open': open has not reached the
    level, lag_days = as-of - proprietary crossing is a lower bound. censored_side 'proprietary': open
    reached it first and proprietary has not, lag_days = open crossing - as-of is an upper bound.
    Columns: OUTPUT_COLUMNS['thresholds'].
    """
    models, ref = _prepare(obs, as_of)
    frontier_points = _frontier(models, UNIT_KEYS)
    cross = _crossings(
        frontier_points, _levels(frontier_points, UNIT_KEYS, n_levels), UNIT_KEYS, _days(ref)
    )
    return _thresholds_table(cross, ref)


def _thresholds_table(cross: pl.DataFrame, ref: dt.date) -> pl.DataFrame:
    return _restore_regime(
        cross.select(
            *UNIT_KEYS,
            "level",
            proprietary_crossing_date=_day("p_release_day"),
            proprietary_model_id="p_model",
            open_crossing_date=_day("o_release_day"),
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
    from analysis.lag.pipeline import run  # run imports this module

    est = run(obs, as_of=as_of, n_levels=n_levels, n_resamples=0).lag_estimates
    return est.filter(pl.col("estimator") == "threshold_median_lag")
