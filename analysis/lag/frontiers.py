"""The frontier: per (unit, side), each model that set a new running best, by release date."""

from __future__ import annotations

import datetime as dt
import functools

import polars as pl

from analysis.lag.inputs import _prepare, _restore_regime
from analysis.lag.schema import OUTPUT_COLUMNS, UNIT_KEYS


def _frontier(models: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    """Running best per (keys, side) by release date; ties go to the earliest release, then model_id."""
    by, descending, prev_s, rises = _frontier_exprs(tuple(keys))
    return models.sort(by, descending=descending).with_columns(prev_s).filter(rises)


@functools.cache
def _frontier_exprs(keys: tuple[str, ...]):
    g = [*keys, "side"]
    by = [*g, "release_day", "s", "model_id"]
    descending = [False] * len(g) + [False, True, False]
    prev_s = pl.col("s").cum_max().shift(1).over(g).alias("prev_s")
    rises = pl.col("prev_s").is_null() | (pl.col("s") > pl.col("prev_s"))
    return by, descending, prev_s, rises


def _frontier_table(frontier_points: pl.DataFrame, ref: dt.date | None) -> pl.DataFrame:
    return _restore_regime(
        frontier_points.with_columns(
            frontier_rank=pl.int_range(1, pl.len() + 1).over([*UNIT_KEYS, "side"]),
            previous_best_score=pl.col("prev_s") * pl.col("sign"),
            as_of_date=pl.lit(ref, dtype=pl.Date),
        ).select(OUTPUT_COLUMNS["frontier"])
    )


def frontier(obs: pl.DataFrame, *, as_of: dt.date | None = None) -> pl.DataFrame:
    """Frontier points: per (benchmark, regime, side), each model that set a new best by release date.

    Ties go to the earliest release, then the smallest model_id. Columns: OUTPUT_COLUMNS['frontier'].
    """
    models, ref = _prepare(obs, as_of)
    return _frontier_table(_frontier(models, UNIT_KEYS), ref)
