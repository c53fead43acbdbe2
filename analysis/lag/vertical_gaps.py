"""Vertical gap: the proprietary frontier minus the open frontier, in benchmark units; for ratings
within one snapshot, as win probability and as the AI Index's relative gap. Also the gap-series table
that carries the horizontal lag path beside the gap."""

from __future__ import annotations

import datetime as dt
import functools

import polars as pl

from analysis.lag.bootstrap import _interval
from analysis.lag.inputs import _day, _restore_regime, _unit_meta
from analysis.lag.schema import (
    DAYS_PER_MONTH,
    DEFAULT_MATCH,
    OUTPUT_COLUMNS,
    UNIT_KEYS,
    FrameT,
    Match,
    Tolerance,
)


def _snapshot_path(snapshot_frontier: FrameT, skeys: list[str]) -> FrameT:
    """Both sides' frontier at each rating snapshot's own date (what _at gives on a grid of snapshot
    dates; the gap series needs nothing else). A snapshot only rates models released on or before
    it, so its frontier at that date is the frontier's last point, per side."""
    last_points = snapshot_frontier.filter(
        pl.col("release_day") == pl.col("release_day").max().over([*skeys, "side"])
    )
    open_last = last_points.filter(pl.col("side") == "open").select(
        *skeys, o_s="s", o_score="score", o_model_id="model_id"
    )
    proprietary_last = last_points.filter(pl.col("side") == "proprietary").select(
        *skeys, p_s="s", p_score="score", p_model_id="model_id"
    )
    return open_last.join(proprietary_last, on=skeys, how="inner").with_columns(
        gap_o=pl.col("p_s") - pl.col("o_s")
    )


def _path_table(path: pl.DataFrame, models: pl.DataFrame, ref: dt.date) -> pl.DataFrame:
    meta = _unit_meta(models)
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
        _day("matched_day").alias("matched_release_date"),
        pl.col("matched_rule").alias("match_rule"),
        pl.lit(None, dtype=pl.Date).alias("snapshot_date"),
        pl.col("gap_o").alias("gap"),
        pl.when(elo)
        .then(1.0 / (1.0 + 10.0 ** (-pl.col("gap_o") / 400.0)))
        .alias("win_probability"),
        _pct().alias("relative_gap_pct"),
        "unit",
    ]


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
    from analysis.lag.pipeline import run  # run imports this module

    return run(obs, as_of=as_of, match=match, tolerance=tolerance, n_resamples=0).gap_series


def _win(gap: pl.Expr) -> pl.Expr:
    return 1.0 / (1.0 + 10.0 ** (-gap / 400.0))


@functools.cache
def _pct() -> pl.Expr:
    """The AI Index's relative gap, (p - o) / p in percent; undefined where p is zero."""
    p = pl.col("p_score").abs()
    return pl.when(p > 0).then(pl.col("gap_o") / p * 100.0)


def _gap_cols(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.with_columns(_GAP_COLS)


def _gap_series(
    path, snapshot_path, replicate_path, replicate_snapshot_path, models, ref, ci
) -> pl.DataFrame:
    keys = UNIT_KEYS
    table = _path_table(path, models, ref)
    table = table.with_columns(t=pl.col("date").cast(pl.Int32))
    if replicate_path is not None:
        iv = _interval(
            _gap_cols(replicate_path), [*keys, "t"], ["lag_days", "gap_o", "win", "pct"], ci
        )
        table = table.join(iv, on=[*keys, "t"], how="left")
    else:
        table = table.with_columns(_NO_IV_PATH)
    # Ratings: the gap at t comes from the newest monthly snapshot on or before t, never across snapshots.
    snapshot_gaps = _gap_cols(snapshot_path).select(
        *keys, "snap", "gap_o", "win", "pct", "p_score", "o_score", "p_model_id", "o_model_id"
    )
    if replicate_snapshot_path is not None:
        snapshot_iv = _interval(
            _gap_cols(replicate_snapshot_path), [*keys, "snap"], ["gap_o", "win", "pct"], ci
        )
        snapshot_gaps = snapshot_gaps.join(snapshot_iv, on=[*keys, "snap"], how="left")
    else:
        snapshot_gaps = snapshot_gaps.with_columns(_NO_IV_SNAP)
    snapshot_gaps = snapshot_gaps.select(
        *keys, "snap", pl.all().exclude(*keys, "snap").name.prefix("s_")
    ).with_columns(s_snap=pl.col("snap"))
    table = table.sort([*keys, "t"]).join_asof(
        snapshot_gaps.sort([*keys, "snap"]),
        left_on="t",
        right_on="snap",
        by=keys,
        check_sortedness=False,
    )
    series = table.select(_GAP_SERIES)
    return _restore_regime(series.select(OUTPUT_COLUMNS["gap_series"]).sort([*keys, "date"]))


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


# Constant expressions, built once at import (expressions are immutable).
_PATH_TABLE = _path_table_exprs()


_GAP_SERIES = _gap_series_exprs()


_GAP_COLS = [_win(pl.col("gap_o")).alias("win"), _pct().alias("pct")]
