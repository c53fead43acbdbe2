"""Observations in, model rows out: validation, as-of truncation, orientation (higher is always
better internally), the matching tolerance per unit, one row per (unit, model) and the monthly rating
snapshots. Internal columns: release_day / observed_day (days since 1970-01-01), s (the oriented
score), se, lo / hi (oriented interval bounds), tol (the unit's matching tolerance)."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping

import polars as pl

from analysis.lag.schema import (
    CI95_WIDTH_IN_SE,
    ENGINE,
    MATCHES,
    OBS_COLUMNS,
    SIDES,
    UNIT_KEYS,
    FrameT,
    Tolerance,
)


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


def as_of_later_files(obs: pl.DataFrame, date: dt.date, every_unit: bool = False) -> pl.DataFrame:
    """`as_of`, for sources that publish one current file: where a (benchmark, regime) has no file
    observed on or before `date`, its earliest later file stands in, truncated to the models
    released on or before `date`, and dated `date`.

    The scores of those models are then taken from a file published after `date` (re-scorings and
    corrections made since included): column `file_observed_on` keeps the file's own date, and
    `scores_from_later_file` says so per row. Units with a file on or before `date` are exactly
    `as_of(obs, date)`, unless `every_unit`: then every unit also keeps its earliest later file
    (truncated the same way). That is the default as-of, where T is the newest release the data
    hold: a file published a few days after it (LMArena's dataset of 2026-07-30, for models
    released by 2026-07-27) is the data describing T, not hindsight.
    """
    _validate(obs)
    unit = [pl.col("benchmark_id"), pl.col("regime")]
    has_early = (pl.col("observed_on") <= date).any().over(unit)
    later = pl.col("observed_on") > date
    first_later = later & (
        pl.col("observed_on") == pl.col("observed_on").filter(later).min().over(unit)
    )
    later_ok = first_later if every_unit else (~has_early & first_later)
    keep = (pl.col("release_date") <= date) & ((pl.col("observed_on") <= date) | later_ok)
    return (
        obs.with_columns(file_observed_on=pl.col("observed_on"))
        .filter(keep)
        .with_columns(
            scores_from_later_file=pl.col("observed_on") > date,
            observed_on=pl.min_horizontal(pl.col("observed_on"), pl.lit(date)),
        )
    )


def _derive_exprs() -> tuple[pl.Expr, list[pl.Expr], list[pl.Expr]]:
    hib = pl.col("higher_is_better")
    keep = pl.col("score").is_not_null() & pl.col("release_date").is_not_null()
    first = [
        pl.col("regime").fill_null(""),
        pl.when(hib).then(1.0).otherwise(-1.0).alias("sign"),
        pl.col("release_date").cast(pl.Int32).alias("release_day"),
        pl.col("observed_on").cast(pl.Int32).alias("observed_day"),
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


def _newest(derived: FrameT) -> FrameT:
    """One row per (unit, model) of derived observations: the newest observation; for ratings,
    only the newest snapshot."""
    # Ratings drift between snapshots, so a rating frontier uses one snapshot: the newest.
    return (
        derived.filter(_NEWEST_SNAPSHOT)
        .sort([*UNIT_KEYS, "model_id", "observed_day", "s"])
        .unique([*UNIT_KEYS, "model_id"], keep="last", maintain_order=True)
    )


_NEWEST_SNAPSHOT = (pl.col("unit") != "elo") | (
    pl.col("observed_day") == pl.col("observed_day").max().over(UNIT_KEYS)
)


_MONTH_LAST = pl.col("observed_day") == pl.col("observed_day").max().over(
    [*UNIT_KEYS, pl.col("observed_on").dt.month_start()]
)


def _snapshots(derived: FrameT) -> FrameT:
    """Ratings of derived observations, one snapshot per calendar month (the month's last), each
    snapshot its own unit."""
    ratings = derived.filter(pl.col("unit") == "elo")
    ratings = ratings.filter(_MONTH_LAST)
    ratings = (
        ratings.filter(pl.col("release_day") <= pl.col("observed_day"))
        .rename({"observed_day": "snap"})
        .with_columns(od=pl.col("snap"))
    )
    return ratings.sort([*UNIT_KEYS, "snap", "model_id", "s"]).unique(
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


def _restore_regime(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(_RESTORE_REGIME)


_RESTORE_REGIME = (
    pl.when(pl.col("regime") == "").then(None).otherwise(pl.col("regime")).alias("regime")
)


def _day(col: str) -> pl.Expr:
    return pl.col(col).cast(pl.Date)


def _days(d: dt.date) -> int:
    return (d - dt.date(1970, 1, 1)).days


def _unit_meta(models: pl.DataFrame) -> pl.DataFrame:
    return models.group_by(UNIT_KEYS).agg(pl.col("unit").first())


def _collect(*frames: pl.LazyFrame) -> list[pl.DataFrame]:
    return pl.collect_all(frames, engine=ENGINE)
