"""Horizontal lag: at each date, how long ago the proprietary frontier reached the open frontier's
level (or, when open is ahead, since when open has matched the proprietary level), and the catch-up
events (each open frontier advance with the first proprietary point that reached it)."""

from __future__ import annotations

import datetime as dt

import polars as pl

from analysis.lag.frontiers import _frontier
from analysis.lag.inputs import _check_match, _day, _days, _prepare, _restore_regime
from analysis.lag.matching import _first_match
from analysis.lag.schema import DAYS_PER_MONTH, DEFAULT_MATCH, UNIT_KEYS, Match, Tolerance
from analysis.lag.vertical_gaps import _path_table


def _matched_path(
    frontier_points: pl.DataFrame | pl.LazyFrame, keys: list[str], grid: pl.DataFrame, stat: bool
) -> dict:
    """Frontier points, the matches both ways, and the horizontal lag and gap at each grid date."""
    open_frontier = frontier_points.filter(pl.col("side") == "open")
    proprietary_frontier = frontier_points.filter(pl.col("side") == "proprietary")
    # Per open frontier point, the first proprietary point the open model does not match; per
    # proprietary frontier point, the first open point that matches it.
    open_reached = _first_match(
        open_frontier, proprietary_frontier, keys, stat, open_candidate=False
    )
    proprietary_reached = _first_match(
        proprietary_frontier, open_frontier, keys, stat, open_candidate=True
    )
    path = _at(open_frontier, proprietary_frontier, open_reached, proprietary_reached, grid, keys)
    return {"frontier": frontier_points, "open_reached": open_reached, "path": path}


def _at(
    open_frontier: pl.DataFrame,
    proprietary_frontier: pl.DataFrame,
    open_reached: pl.DataFrame,
    proprietary_reached: pl.DataFrame,
    grid: pl.DataFrame,
    keys: list[str],
) -> pl.DataFrame:
    """Horizontal lag and vertical gap at each grid date t (integer day `t`).

    lag = t - (first date the proprietary frontier reached the open frontier's level at t), when that
    date is <= t; otherwise open is ahead and lag = -(t - first date the open frontier reached the
    proprietary frontier's level at t), which is <= 0.
    """
    open_points = (
        open_frontier.select(*keys, *_AT_SIDE_COLS)
        .join(open_reached, on=[*keys, "release_day"], how="left")
        .rename(_AT_RENAME["o"])
        .sort([*keys, "o_release_day"])
    )
    proprietary_points = (
        proprietary_frontier.select(*keys, *_AT_SIDE_COLS)
        .join(proprietary_reached, on=[*keys, "release_day"], how="left")
        .rename(_AT_RENAME["p"])
        .sort([*keys, "p_release_day"])
    )
    path = grid.sort([*keys, "t"])
    path = path.join_asof(
        open_points, left_on="t", right_on="o_release_day", by=keys, check_sortedness=False
    )
    path = path.join_asof(
        proprietary_points, left_on="t", right_on="p_release_day", by=keys, check_sortedness=False
    )
    return path.with_columns(_AT_EXPRS)


def _at_exprs() -> list[pl.Expr]:
    undefined = pl.col("o_release_day").is_null() | pl.col("p_release_day").is_null()
    prop_caught_up = pl.col("o_matched_day") <= pl.col("t")
    return [
        pl.when(undefined)
        .then(None)
        .when(prop_caught_up)
        .then(pl.col("t") - pl.col("o_matched_day"))
        .otherwise(pl.col("p_matched_day") - pl.col("t"))
        .alias("lag_days"),
        pl.when(undefined)
        .then(None)
        .when(prop_caught_up)
        .then(pl.col("o_matched_model"))
        .otherwise(pl.col("p_matched_model"))
        .alias("matched_model_id"),
        pl.when(undefined)
        .then(None)
        .when(prop_caught_up)
        .then(pl.col("o_matched_day"))
        .otherwise(pl.col("p_matched_day"))
        .alias("matched_day"),
        pl.when(undefined)
        .then(None)
        .when(prop_caught_up)
        .then(pl.col("o_matched_rule"))
        .otherwise(pl.col("p_matched_rule"))
        .alias("matched_rule"),
        (pl.col("p_s") - pl.col("o_s")).alias("gap_o"),
    ]


_AT_SIDE_COLS = ["release_day", "s", "score", "model_id"]


_AT_RENAME = {
    pre: {
        c: f"{pre}_{c}"
        for c in [*_AT_SIDE_COLS, "matched_day", "matched_model", "matched_score", "matched_rule"]
    }
    for pre in ("o", "p")
}


_AT_EXPRS = _at_exprs()


def _grid(models: pl.DataFrame, keys: list[str], ref: dt.date) -> pl.DataFrame:
    """Month starts from the first month both sides have a model, up to as-of; plus as-of itself."""
    start = (
        models.group_by([*keys, "side"])
        .agg(first=pl.col("release_day").min())
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


def _events_table(
    frontier_points: pl.DataFrame, open_reached: pl.DataFrame, ref_day: int, ref: dt.date
) -> pl.DataFrame:
    open_frontier = frontier_points.filter(pl.col("side") == "open").select(
        *UNIT_KEYS, "release_day", "model_id", "score"
    )
    events = open_frontier.join(open_reached, on=[*UNIT_KEYS, "release_day"], how="left")
    censored = pl.col("matched_day").is_null()
    events = events.with_columns(
        lag_days=pl.when(censored)
        .then(pl.col("release_day") - ref_day)
        .otherwise(pl.col("release_day") - pl.col("matched_day")),
        is_censored=censored,
    )
    return _restore_regime(
        events.select(
            *UNIT_KEYS,
            open_model_id="model_id",
            open_release_date=_day("release_day"),
            open_score="score",
            proprietary_model_id="matched_model",
            proprietary_release_date=_day("matched_day"),
            proprietary_score="matched_score",
            match_rule="matched_rule",
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
    models, ref = _prepare(obs, as_of, tolerance)
    ref_day = _days(ref)
    grid = _grid(models, UNIT_KEYS, ref)
    matched = _matched_path(_frontier(models, UNIT_KEYS), UNIT_KEYS, grid, stat)
    return _events_table(matched["frontier"], matched["open_reached"], ref_day, ref)


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
    models, ref = _prepare(obs, as_of, tolerance)
    if at is None:
        grid = _grid(models, UNIT_KEYS, ref)
    else:
        days = pl.DataFrame({"t": [_days(d) for d in at]}, schema={"t": pl.Int32})
        grid = (
            models.select(UNIT_KEYS)
            .unique()
            .join(days, how="cross")
            .with_columns(is_current=pl.col("t") == _days(ref))
        )
    matched = _matched_path(_frontier(models, UNIT_KEYS), UNIT_KEYS, grid, stat)
    table = _path_table(matched["path"], models, ref)
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
