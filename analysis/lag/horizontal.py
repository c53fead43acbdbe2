"""Horizontal lag: at each date, how long ago the proprietary frontier reached the open frontier's
level (or, when open is ahead, since when open has matched the proprietary level), and the catch-up
events (each open frontier advance with the first proprietary point that reached it)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from analysis.lag.frontiers import _frontier
from analysis.lag.inputs import _check_match, _day, _days, _prepare, _restore_regime
from analysis.lag.matching import _first_match, _reaches_arrays
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


_MATCH_COLS = ("s", "se", "lo", "hi", "has_se", "has_ci", "tol")
_NONE = np.iinfo(np.int64).min  # no match (a day number can be any int32)


def _replicate_path(
    frontier_points: pl.DataFrame,
    keys: list[str],
    grid: pl.DataFrame,
    reps: np.ndarray,
    stat: bool,
) -> pl.DataFrame:
    """The matched path of bootstrap replicates with numpy: for replicates `reps` (sorted) of the
    frontier points keyed by ["rep", *keys], at every date of `grid` (keys, t, is_current; sorted
    by keys and t), the columns of _matched_path's path that the intervals and the trend read:
    rep, keys, t, is_current, lag_days, gap_o, p_score. Same rows in the same order (rep, keys, t)
    and the same values as _matched_path on the grid crossed with `reps`: the matching rule is
    _reaches_arrays over every (target, candidate) pair of a (rep, unit), the earliest candidate
    that reaches each target wins, and each date takes each side's last point released by then.
    """
    units = grid.select(keys).unique(maintain_order=True)
    n_units, n_reps = units.height, reps.size
    f = frontier_points.join(units.with_row_index("_u"), on=keys, how="inner")
    seg = np.searchsorted(reps, f["rep"].to_numpy()).astype(np.int64) * n_units + f[
        "_u"
    ].to_numpy().astype(np.int64)
    release = f["release_day"].to_numpy().astype(np.int64)
    cols = {c: f[c].to_numpy() for c in _MATCH_COLS}
    # Per point once, not per pair: the squared se, and "has an interval but no stderr" (a pair
    # of such points is compared by interval overlap).
    per_point = {
        "s": cols["s"],
        "se2": cols["se"] ** 2,
        "ci": ~cols["has_se"] & cols["has_ci"],
        "lo": cols["lo"],
        "hi": cols["hi"],
        "tol": cols["tol"],
    }
    score = f["score"].to_numpy()
    is_open = (f["side"] == "open").to_numpy()
    n_seg = n_reps * n_units

    def side(mask: np.ndarray):
        rows = np.flatnonzero(mask)
        rows = rows[np.lexsort((release[rows], seg[rows]))]
        count = np.bincount(seg[rows], minlength=n_seg)
        return rows, np.r_[0, np.cumsum(count)[:-1]], count

    open_side, proprietary_side = side(is_open), side(~is_open)

    def first_match(targets, candidates, open_candidate: bool):
        """Per target row, the release day of the earliest candidate that reaches it (_NONE: none)."""
        target_rows = targets[0]
        cand_rows, cand_start, cand_count = candidates
        n_c = cand_count[seg[target_rows]]
        matched = np.full(target_rows.size, _NONE, dtype=np.int64)
        has = n_c > 0
        target_rows, n_c = target_rows[has], n_c[has]
        if not target_rows.size:
            return matched
        block = np.r_[0, np.cumsum(n_c)[:-1]]
        within = np.arange(int(n_c.sum())) - np.repeat(block, n_c)
        pair_c = cand_rows[np.repeat(cand_start[seg[target_rows]], n_c) + within]
        # the target's bound and the candidate's that the overlap compares (open hi, proprietary lo)
        t_names = ("s", "tol", "se2", "ci", "lo" if open_candidate else "hi")
        c_names = ("s", "se2", "ci", "hi" if open_candidate else "lo")
        if not stat:
            t_names, c_names = ("s", "tol"), ("s",)
        ok = _reaches_arrays(
            stat,
            open_candidate,
            {c: np.repeat(per_point[c][target_rows], n_c) for c in t_names},
            {c: per_point[c][pair_c] for c in c_names},
        )
        big = np.iinfo(np.int64).max
        first = np.minimum.reduceat(np.where(ok, within, big), block)
        found = first < big
        day = np.full(target_rows.size, _NONE, dtype=np.int64)
        day[found] = release[cand_rows[cand_start[seg[target_rows[found]]] + first[found]]]
        matched[has] = day
        return matched

    open_matched = first_match(open_side, proprietary_side, open_candidate=False)
    proprietary_matched = first_match(proprietary_side, open_side, open_candidate=True)

    # Each grid date: each side's last frontier point released on or before it.
    n_grid = grid.height
    grid_unit = grid.join(units.with_row_index("_u"), on=keys, how="left")["_u"].to_numpy()
    g_seg = np.repeat(np.arange(n_reps, dtype=np.int64), n_grid) * n_units + np.tile(
        grid_unit.astype(np.int64), n_reps
    )
    g_t = np.tile(grid["t"].to_numpy().astype(np.int64), n_reps)
    lo_day = min(int(release.min(initial=0)), int(g_t.min(initial=0)))
    span = max(int(release.max(initial=0)), int(g_t.max(initial=0))) - lo_day + 1

    def last_by(side_, matched):
        rows = side_[0]
        key = seg[rows] * span + (release[rows] - lo_day)
        k = np.searchsorted(key, g_seg * span + (g_t - lo_day), side="right") - 1
        kk = np.maximum(k, 0)
        valid = (k >= 0) & (seg[rows][kk] == g_seg) if rows.size else np.zeros(g_t.size, bool)
        got = rows[kk] if rows.size else np.zeros(g_t.size, np.int64)
        md = matched[kk] if rows.size else np.full(g_t.size, _NONE, np.int64)
        return valid, got, np.where(valid, md, _NONE)

    o_valid, o_row, o_md = last_by(open_side, open_matched)
    p_valid, p_row, p_md = last_by(proprietary_side, proprietary_matched)
    defined = o_valid & p_valid
    caught_up = (o_md != _NONE) & (o_md <= g_t)
    lag = np.where(caught_up, g_t - o_md, p_md - g_t)
    lag_ok = defined & (caught_up | (p_md != _NONE))
    gap = cols["s"][p_row] - cols["s"][o_row]
    path = grid.select(*keys, "t", "is_current")[np.tile(np.arange(n_grid), n_reps)]
    return path.with_columns(
        rep=pl.Series(np.repeat(reps, n_grid).astype(np.int32)),
        lag_days=pl.Series(lag.astype(np.int32)),
        _lag_ok=pl.Series(lag_ok),
        gap_o=pl.Series(gap),
        _gap_ok=pl.Series(defined),
        p_score=pl.Series(score[p_row]),
        _p_ok=pl.Series(p_valid),
    ).select(
        *keys,
        "t",
        "is_current",
        "rep",
        pl.when(pl.col("_lag_ok")).then(pl.col("lag_days")).alias("lag_days"),
        pl.when(pl.col("_gap_ok")).then(pl.col("gap_o")).alias("gap_o"),
        pl.when(pl.col("_p_ok")).then(pl.col("p_score")).alias("p_score"),
    )


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
