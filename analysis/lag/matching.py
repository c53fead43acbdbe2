"""The matching rule between frontier points: when has one side reached the other's level?

The open model always gets the benefit of the doubt (analysis/LAG_METHOD.md, "Matching rule")."""

from __future__ import annotations

import functools

import numpy as np
import polars as pl

from analysis.lag.schema import Z_ONE_SIDED

_FCOLS = ["model_id", "release_day", "s", "se", "lo", "hi", "has_se", "has_ci", "score", "tol"]


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
    earliest = pl.col("c_release_day") == pl.col("c_release_day").min().over(
        [*keys, "t_release_day"]
    )
    out = [
        *keys,
        pl.col("t_release_day").alias("release_day"),
        pl.col("c_release_day").alias("matched_day"),
        pl.col("c_model_id").alias("matched_model"),
        pl.col("c_score").alias("matched_score"),
        _rule(stat).alias("matched_rule"),
    ]
    return t_cols, c_cols, earliest, out


def _reaches_arrays(stat: bool, open_candidate: bool, t: dict, c: dict) -> np.ndarray:
    """_reaches on numpy arrays of (target, candidate) pairs, aligned pair by pair: `t` and `c`
    hold s, se2 (the squared se), ci (an interval and no stderr), and the bound the overlap
    compares (hi of the open point, lo of the proprietary one); `t` also tol. The same arithmetic
    in the same order as _reaches, so the same pairs pass."""
    o, p = (c, t) if open_candidate else (t, c)
    gap = p["s"] - o["s"]
    tol = t["tol"]
    if not stat:
        return gap <= tol if open_candidate else gap >= tol
    margin = np.maximum(tol, Z_ONE_SIDED * np.sqrt(c["se2"] + t["se2"]))
    ci_only = c["ci"] & t["ci"]
    overlap = o["hi"] >= p["lo"]
    if open_candidate:
        return (gap <= tol) | np.where(ci_only, overlap, gap <= margin)
    return (gap >= tol) & np.where(ci_only, ~overlap, gap >= margin)
