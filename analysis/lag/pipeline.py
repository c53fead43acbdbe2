"""Every estimator at once (`run`), with bootstrap intervals: the point estimates as lazy queries
collected in a few batches (pl.collect_all), the replicates a chunk at a time, keyed by `rep`
(frontier, matched path and level crossings in numpy), then the lag_estimates table with coverage
flags, the aggregate and the trend."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from analysis.lag.bootstrap import _interval, _replicate_frontier_chunks
from analysis.lag.frontiers import _frontier, _frontier_table
from analysis.lag.horizontal import _events_table, _grid, _matched_path, _replicate_path
from analysis.lag.inputs import (
    _BAD_SIDES,
    _check_match,
    _check_sides,
    _collect,
    _day,
    _days,
    _inputs,
    _newest,
    _restore_regime,
    _snapshots,
)
from analysis.lag.pooled import _aggregate_rows, _aggregate_summary, _lag_trend, _trend_inputs
from analysis.lag.schema import (
    DAYS_PER_MONTH,
    DEFAULT_MATCH,
    OUTPUT_COLUMNS,
    UNIT_KEYS,
    LagResults,
    Match,
    Tolerance,
)
from analysis.lag.thresholds import (
    _crossings,
    _km_median,
    _levels,
    _seg_crossings,
    _thresholds_table,
)
from analysis.lag.trend_offsets import _trend_offset
from analysis.lag.vertical_gaps import _gap_series, _snapshot_path

# Bootstrap replicates per chunk (see run): memory for 100 × models rows at a time.
REPLICATE_CHUNK = 100


def _core(
    models: pl.DataFrame | pl.LazyFrame,
    keys: list[str],
    grid: pl.DataFrame,
    levels: pl.DataFrame | None,
    ref_day: int,
    *,
    stat: bool,
    window_days: float | None,
    frontier_points: pl.DataFrame | pl.LazyFrame | None = None,
    with_km: bool = True,
) -> dict[str, pl.DataFrame]:
    """The matched path (frontier, matches, lag and gap on the grid), plus the level crossings and
    their Kaplan–Meier median where `levels` are given, and the trend offset where `window_days` is;
    keyed by `keys`. The bootstrap's replicates take the same steps through _replicate_path and
    _replicate_core (numpy, and one integer key per (rep, unit)), which give the same numbers."""
    if frontier_points is None:
        frontier_points = _frontier(models, keys)
    out = _matched_path(frontier_points, keys, grid, stat)
    if levels is not None:
        out["crossings"] = _crossings(frontier_points, levels, keys, ref_day)
        if with_km:
            out["km"] = _km_median(out["crossings"], keys)
    if window_days is not None:
        out["offset"] = _trend_offset(frontier_points, keys, ref_day, window_days)
    return out


# The model columns the bootstrap's path, crossings and trend offset read (_replicate_path,
# _replicate_core): the replicate frontiers carry only these.
_REPLICATE_COLS = [
    "se",
    "has_se",
    "has_ci",
    "tol",
    "unit",
    "scale_min",
    "scale_max",
    "higher_is_better",
]


_SEG_COLS = [
    "side",
    "s",
    "release_day",
    "model_id",
    "score",
    "unit",
    "scale_min",
    "scale_max",
    "higher_is_better",
]


def _replicate_core(
    frontier_points: pl.DataFrame,
    keys: list[str],
    reps: np.ndarray,
    levels: pl.DataFrame,
    ref_day: int,
    window_days: float,
) -> dict[str, pl.DataFrame]:
    """_core's level crossings, Kaplan–Meier median ("km") and trend offset ("offset") for the
    frontier points of replicates `reps` (keyed by ["rep", *keys]): the same functions on the
    same rows, grouped by one integer per (rep, unit), then keyed by ["rep", *keys] again."""
    units = levels.select(keys).unique(maintain_order=True).with_row_index("_u")
    n_units = units.height
    rep_of = pl.Series(reps.astype(np.int32))
    first = int(reps[0]) if reps.size else 0
    seg_expr = (pl.col("rep").cast(pl.Int64) - first) * n_units + pl.col("_u").cast(pl.Int64)
    points = frontier_points.join(units, on=keys, how="inner").select(
        seg_expr.alias("_seg"), *_SEG_COLS
    )
    unit_levels = levels.join(units, on=keys, how="inner")
    n_levels = unit_levels.height
    seg_levels = pl.DataFrame(
        {
            "_seg": np.repeat((reps - first).astype(np.int64), n_levels) * n_units
            + np.tile(unit_levels["_u"].to_numpy().astype(np.int64), reps.size),
            "level": np.tile(unit_levels["level"].to_numpy(), reps.size),
        }
    )
    seg_keys = units.join(pl.DataFrame({"rep": rep_of}), how="cross").select(
        seg_expr.alias("_seg"), "rep", *keys
    )
    s, level = points["s"].to_numpy(), seg_levels["level"].to_numpy()
    if np.isnan(s).any() or np.isnan(level).any():  # NaN: as-of joins order it their own way
        crossings = _crossings(points, seg_levels, ["_seg"], ref_day)
    else:
        crossings = _seg_crossings(
            points["_seg"].to_numpy(),
            (points["side"] == "open").to_numpy(),
            s,
            points["release_day"].to_numpy(),
            seg_levels["_seg"].to_numpy(),
            level,
            ref_day,
        )
    km = _km_median(crossings, ["_seg"])
    offset = _trend_offset(points, ["_seg"], ref_day, window_days)
    return {
        name: frame.join(seg_keys, on="_seg", how="inner").select(
            "rep", *keys, pl.all().exclude("_seg", "rep", *keys)
        )
        for name, frame in (("km", km), ("offset", offset))
    }


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
    pool: bool = True,
) -> LagResults:
    """Every estimator, with `ci` bootstrap intervals from `n_resamples` seeded resamples.

    n_resamples=0 gives point estimates only (lo/hi null). `match`: 'significance' (default: an
    open model matches a proprietary point unless significantly below it) or 'point'; `tolerance`:
    a margin in benchmark units, one number or per benchmark_id (see LAG_METHOD.md). pool=False
    leaves out what pools units (the aggregate rows and the trend's 'all' row), for a caller that
    pools the units of several runs itself (analysis.lagrun), so nothing is computed twice.
    """
    # The point estimates are lazy queries, collected a few at a time (pl.collect_all): a stage
    # materialises what the next stages share, so no query plan repeats a shared subtree.
    # Load inputs
    stat = _check_match(match)
    derived, ref = _inputs(obs, as_of, check_sides=False, tolerance=tolerance)
    keys = UNIT_KEYS
    skeys = [*UNIT_KEYS, "snap"]
    models_query, snapshots_query = _newest(derived), _snapshots(derived)
    models, rating_snapshots, frontier_points, snapshot_frontier, bad_sides = _collect(
        models_query,
        snapshots_query,
        _frontier(models_query, keys),
        _frontier(snapshots_query, skeys),
        obs.lazy().select(_BAD_SIDES),
    )
    _check_sides(bad_sides.to_series().to_list())
    if ref is None:
        raise ValueError("lag: no observations (after as-of truncation); nothing to estimate.")
    ref_day = _days(ref)
    window_days = window_months * DAYS_PER_MONTH
    models_lazy, frontier_lazy = models.lazy(), frontier_points.lazy()
    grid, levels = _grid(models_lazy, keys, ref), _levels(frontier_lazy, keys, n_levels)

    # Process: bootstrap (eager)
    R = n_resamples
    if R > 0:
        grid_e, levels_e = _collect(grid, levels)
        grid, levels = grid_e.lazy(), levels_e.lazy()
        # Replicates are built and reduced a chunk at a time (each rep is independent, and the
        # chunks draw the same random numbers as one pass): the frame of R × models rows was the
        # stage's peak memory (5.9 GB at 1,000 resamples on every capture).
        parts: dict[str, list[pl.DataFrame]] = {"path": [], "km": [], "offset": []}
        for replicate_frontier in _replicate_frontier_chunks(
            models, keys, R, seed, REPLICATE_CHUNK, columns=_REPLICATE_COLS
        ):
            reps = replicate_frontier["rep"].unique().sort().to_numpy()
            # The path in numpy (what _core's _matched_path gives for the columns the intervals
            # and the trend read); the level crossings and the trend offset as in _core, keyed
            # by one integer per (rep, unit) instead of three columns, two of them strings.
            chunk_core = _replicate_core(
                replicate_frontier, keys, reps, levels_e, ref_day, window_days
            )
            chunk_core["path"] = _replicate_path(replicate_frontier, keys, grid_e, reps, stat)
            del replicate_frontier
            for name, got in parts.items():
                got.append(chunk_core[name])
        replicate_path = pl.concat(parts["path"])
        replicate_km, replicate_offset = (
            pl.concat(parts["km"]).lazy(),
            pl.concat(parts["offset"]).lazy(),
        )
        replicate_snapshot_path = pl.concat(
            [
                _snapshot_path(chunk_frontier, ["rep", *skeys])
                for chunk_frontier in _replicate_frontier_chunks(
                    rating_snapshots, skeys, R, seed + 1, REPLICATE_CHUNK, columns=[]
                )
            ]
        ).lazy()
        replicate_path_lazy = replicate_path.lazy()
    else:
        replicate_path = replicate_path_lazy = None
        replicate_km = replicate_offset = replicate_snapshot_path = None

    # Process: point estimates
    core = _core(
        models_lazy,
        keys,
        grid,
        levels,
        ref_day,
        stat=stat,
        window_days=window_days,
        frontier_points=frontier_lazy,
        with_km=False,
    )
    path, snapshot_path, offset, frontier_t, events_t, thresholds_t = _collect(
        core["path"],
        _snapshot_path(snapshot_frontier.lazy(), skeys),
        core["offset"],
        _frontier_table(frontier_lazy, ref),
        _events_table(frontier_lazy, core["open_reached"], ref_day, ref),
        _thresholds_table(core["crossings"], ref),
    )
    # The Kaplan–Meier median from the thresholds table: the level crossings enter one query only.
    km = _km_median(thresholds_t.lazy().with_columns(pl.col("regime").fill_null("")), keys)
    core = {"path": path.lazy(), "km": km, "offset": offset.lazy()}

    # Save outputs
    gap_series = _gap_series(
        core["path"],
        snapshot_path.lazy(),
        replicate_path_lazy,
        replicate_snapshot_path,
        models_lazy,
        ref,
        ci,
    )
    estimates = _estimates(
        core,
        gap_series,
        replicate_km,
        replicate_offset,
        replicate_path_lazy,
        replicate_snapshot_path,
        models_lazy,
        ref,
        ci,
        n_resamples,
        min_models,
        recent_days,
        match,
    )
    gap_series, estimates = _collect(gap_series, estimates)
    replicates = None
    if replicate_path is not None:
        replicates = _restore_regime(
            replicate_path.filter(pl.col("is_current") & pl.col("lag_days").is_not_null()).select(
                "rep",
                *keys,
                estimator=pl.lit("horizontal_lag"),
                value=pl.col("lag_days") / DAYS_PER_MONTH,
            )
        )
    agg_summary, units, months, lag_matrix, pooled_units = _collect(
        _aggregate_summary(estimates.lazy(), exclude_thin),
        *_trend_inputs(core["path"], estimates.lazy(), ref_day, trend_window_months, exclude_thin),
    )
    if not pool:
        agg_summary, pooled_units = agg_summary.clear(), pooled_units.clear()
    trend = _lag_trend(
        units,
        months,
        lag_matrix,
        pooled_units,
        replicate_path,
        ref,
        ci,
        trend_window_months,
        R,
        seed,
    )
    aggregate = _aggregate_rows(
        agg_summary,
        estimates["as_of_date"].max() if estimates.height else None,
        n_resamples=R,
        seed=seed,
        ci=ci,
        replicates=replicates,
    )
    return LagResults(
        frontier=frontier_t,
        catch_up_events=events_t,
        thresholds=thresholds_t,
        gap_series=gap_series,
        lag_estimates=estimates,
        aggregate=aggregate,
        lag_trend=trend,
        replicates=replicates,
    )


def _coverage(
    models: pl.DataFrame, ref_day: int, min_models: int, recent_days: int
) -> pl.DataFrame:
    cov = models.group_by(UNIT_KEYS).agg(
        n_open=(pl.col("side") == "open").sum().cast(pl.Int64),
        n_proprietary=(pl.col("side") == "proprietary").sum().cast(pl.Int64),
        newest_open=pl.col("release_day").filter(pl.col("side") == "open").max(),
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
    core,
    gap_series,
    replicate_km,
    replicate_offset,
    replicate_path,
    replicate_snapshot_path,
    models,
    ref,
    ci,
    n_resamples,
    min_models,
    recent_days,
    match,
):
    keys = UNIT_KEYS
    ref_day = _days(ref)
    exprs = _ESTIMATES
    rows = []

    def with_iv(
        point: pl.DataFrame, reps: pl.DataFrame | None, col: str, scale: float
    ) -> pl.DataFrame:
        if reps is None:
            return point.with_columns(exprs["empty_iv"])
        iv = _interval(reps, keys, [col], ci).select(
            *keys,
            lo=pl.col(f"{col}_lo") / scale,
            hi=pl.col(f"{col}_hi") / scale,
            n_valid_resamples=pl.col(f"{col}_nvalid").cast(pl.Int64),
        )
        return point.join(iv, on=keys, how="left")

    # Horizontal lag now.

    horizontal_rows = core["path"].filter(pl.col("is_current")).select(exprs["horizontal"])
    horizontal_rows = with_iv(
        horizontal_rows,
        replicate_path.filter(pl.col("is_current")) if replicate_path is not None else None,
        "lag_days",
        DAYS_PER_MONTH,
    )
    rows.append(horizontal_rows.with_columns(exprs["horizontal_labels"]))
    # Threshold-crossing Kaplan–Meier median.
    threshold_rows = core["km"].select(exprs["threshold"])
    replicate_km_days = None
    if replicate_km is not None:
        replicate_km_days = replicate_km.with_columns(
            km=pl.coalesce("km_median_days", "max_days")
        ).drop("rep")
    threshold_rows = with_iv(threshold_rows, replicate_km_days, "km", DAYS_PER_MONTH)
    rows.append(threshold_rows.with_columns(exprs["threshold_labels"]))
    # Trend offset.
    offset_rows = core["offset"].select(exprs["offset"])
    offset_rows = with_iv(
        offset_rows,
        replicate_offset.drop("rep") if replicate_offset is not None else None,
        "offset_days",
        DAYS_PER_MONTH,
    )
    rows.append(offset_rows.with_columns(exprs["offset_labels"]))
    # Vertical gap, win probability, relative gap: the current row of the gap series, one row per
    # estimator (lists exploded, so the gap series enters the query once).
    gap_rows = (
        gap_series.filter(pl.col("is_current"))
        .with_columns(pl.col("regime").fill_null(""))
        .select(exprs["gaps"])
        .explode("estimator", "value", "lo", "hi", "value_unit", "note")
        .filter(pl.col("value").is_not_null())
        .with_columns(
            n_valid_resamples=pl.when(pl.col("lo").is_not_null())
            .then(pl.lit(n_resamples if n_resamples else 0, dtype=pl.Int64))
            .otherwise(0),
            is_lower_bound=pl.lit(False),
            match_rule=pl.lit(None, dtype=pl.String),
        )
    )
    rows.append(gap_rows)
    estimates = pl.concat([r.select(exprs["columns"]) for r in rows], how="vertical_relaxed")
    coverage = _coverage(models, ref_day, min_models, recent_days)
    estimates = estimates.join(coverage, on=keys, how="left").with_columns(
        as_of_date=pl.lit(ref, dtype=pl.Date),
        n_resamples=pl.lit(n_resamples, dtype=pl.Int64),
        match=pl.lit(match, dtype=pl.String),
        _o=exprs["order"],
    )
    return _restore_regime(estimates.sort([*keys, "_o"]).select(OUTPUT_COLUMNS["lag_estimates"]))


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


def lag_estimates(obs: pl.DataFrame, **kwargs) -> pl.DataFrame:
    """Lag and gap estimates by benchmark × estimator at as-of, with intervals and counts."""
    return run(obs, **kwargs).lag_estimates
