"""Across benchmarks: the pooled aggregate (median and mean with an interval from resampling
benchmarks, dispersion) and the trend of the lag (OLS slope of the monthly path, parity forecast)."""

from __future__ import annotations

import datetime as dt
import warnings

import numpy as np
import polars as pl

from analysis.lag.inputs import _days
from analysis.lag.schema import (
    DAYS_PER_MONTH,
    DAYS_PER_YEAR,
    ENGINE,
    MAX_PARITY_YEARS,
    UNIT_KEYS,
    FrameT,
)


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
    clusters: pl.DataFrame | None = None,
    replicates: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """Pool per-benchmark estimates (lag_estimates rows): median and mean across benchmarks, with an
    interval, and dispersion (IQR, quartiles, sd). Columns: OUTPUT_COLUMNS['aggregate'].

    The interval resamples benchmarks, or, where `clusters` (benchmark_id, regime, cluster) is given,
    clusters of benchmarks: benchmarks whose estimate rests on the same evidence (the same pair of
    model releases) are one draw, not several. Where `replicates` (rep, benchmark_id, regime,
    estimator, value: the per-benchmark bootstrap replicates of one run) is given, each draw takes
    a benchmark's value from one replicate, so the interval also carries the uncertainty inside
    each benchmark (models and scores resampled with their errors), not only between them.
    """
    if "match" not in estimates.columns:  # estimates from elsewhere: the matching rule is unknown
        estimates = estimates.with_columns(match=pl.lit(None, dtype=pl.String))
    summary = _aggregate_summary(estimates.lazy(), exclude_thin).collect(engine=ENGINE)
    ref = estimates["as_of_date"].max() if estimates.height else None
    return _aggregate_rows(
        summary,
        ref,
        n_resamples=n_resamples,
        seed=seed,
        ci=ci,
        clusters=clusters,
        replicates=replicates,
    )


def _aggregate_summary(estimates: FrameT, exclude_thin: bool) -> FrameT:
    """Per (estimator, value_unit): median, mean, dispersion and the values to resample, sorted by
    unit (a fixed order: resampling draws from it), with their units and lower-bound flags."""
    e = _pool_units(estimates.filter(pl.col("value").is_finite()), exclude_thin)
    unit = pl.concat_str(
        [pl.col("benchmark_id"), pl.col("regime").fill_null("")], separator="|"
    ).alias("unit_key")
    return (
        e.with_columns(unit)
        .sort("estimator", "value_unit", "unit_key")
        .group_by("estimator", "value_unit", maintain_order=True)
        .agg(
            median=pl.col("value").median(),
            mean=pl.col("value").mean(),
            q25=pl.col("value").quantile(0.25, "linear"),
            q75=pl.col("value").quantile(0.75, "linear"),
            sd=pl.col("value").std(),
            n_benchmarks=pl.len(),
            n_thin_coverage=pl.col("is_thin_coverage").sum(),
            match=pl.col("match").drop_nulls().unique().sort().str.join("|"),
            values=pl.col("value"),
            units=pl.col("unit_key"),
            lower_bounds=pl.col("is_lower_bound").fill_null(False),
        )
        .with_columns(iqr=pl.col("q75") - pl.col("q25"))
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
    "q25": pl.Float64,
    "q75": pl.Float64,
    "sd": pl.Float64,
    "n_benchmarks": pl.Int64,
    "n_clusters": pl.Int64,
    "n_thin_coverage": pl.Int64,
    "n_lower_bound": pl.Int64,
    "is_lower_bound": pl.Boolean,
    "n_resamples": pl.Int64,
    "interval": pl.String,
    "match": pl.String,
    "note": pl.String,
}


def _unit_key(frame: pl.DataFrame) -> pl.Series:
    return frame.select(
        pl.concat_str([pl.col("benchmark_id"), pl.col("regime").fill_null("")], separator="|")
    ).to_series()


def _cluster_labels(units: list[str], clusters: pl.DataFrame | None) -> np.ndarray:
    """An integer cluster label per unit: its cluster where given, else a cluster of its own."""
    known = {}
    if clusters is not None and clusters.height:
        known = dict(zip(_unit_key(clusters).to_list(), clusters["cluster"].to_list(), strict=True))
    names = [known.get(u) or f"unit:{u}" for u in units]
    _, labels = np.unique(np.asarray(names, dtype=object).astype(str), return_inverse=True)
    return labels


def _replicate_matrix(
    units: list[str], estimator: str, replicates: pl.DataFrame | None, R: int
) -> np.ndarray | None:
    """R × units replicate values of one estimator (NaN where a replicate is undefined)."""
    if replicates is None or not replicates.height or R <= 0:
        return None
    rep = replicates.filter(pl.col("estimator") == estimator)
    if rep.is_empty():
        return None
    rep = rep.with_columns(unit_key=_unit_key(rep))
    m = np.full((R, len(units)), np.nan)
    col = {u: i for i, u in enumerate(units)}
    r = rep["rep"].to_numpy()
    j = np.array([col.get(u, -1) for u in rep["unit_key"].to_list()])
    ok = (j >= 0) & (r < R)
    m[r[ok] % R, j[ok]] = rep["value"].to_numpy().astype(float)[ok]
    return m


def _pooled_draws(
    v: np.ndarray, labels: np.ndarray, reps: np.ndarray | None, R: int, rng
) -> tuple[np.ndarray, np.ndarray]:
    """Medians and means of R draws: clusters resampled with replacement (all of a cluster's units
    together), each unit's value taken from that draw's replicate where one is defined.

    The clusters are drawn one replicate at a time (the random stream of one draw per call); the
    medians and means are then taken over all draws of one length at once, row by row, the same
    numbers as one np.median and np.mean per draw."""
    groups = [np.flatnonzero(labels == c) for c in np.unique(labels)]
    idx = [
        np.concatenate([groups[g] for g in rng.integers(0, len(groups), len(groups))])
        for _ in range(R)
    ]
    med, mean = np.empty(R), np.empty(R)
    lengths = np.array([i.size for i in idx], dtype=np.int64)
    for length in np.unique(lengths):
        rows = np.flatnonzero(lengths == length)
        drawn = np.stack([idx[r] for r in rows])
        x = v[drawn]
        if reps is not None:
            rx = reps[rows[:, None], drawn]
            x = np.where(np.isnan(rx), x, rx)
        med[rows], mean[rows] = np.median(x, axis=1), np.mean(x, axis=1)
    return med, mean


def _aggregate_rows(
    summary: pl.DataFrame,
    ref: dt.date | None,
    *,
    n_resamples: int,
    seed: int,
    ci: float,
    clusters: pl.DataFrame | None = None,
    replicates: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """aggregate rows (median and mean per estimator) from _aggregate_summary, with the intervals."""
    rng = np.random.default_rng(seed)
    a = (1.0 - ci) / 2.0
    out = []
    for row in summary.iter_rows(named=True):  # one iteration per estimator, not per score
        v = np.asarray(row["values"], dtype=float)
        units = list(row["units"])
        bounds = np.asarray(row["lower_bounds"], dtype=bool)
        labels = _cluster_labels(units, clusters)
        reps = _replicate_matrix(units, row["estimator"], replicates, n_resamples)
        n_clusters = int(len(np.unique(labels)))
        what = "clusters of benchmarks" if n_clusters < len(v) else "benchmarks"
        interval = f"resampling {what}" + (
            " and, within each, models and scores" if reps is not None else ""
        )
        lo = {"median": None, "mean": None}
        hi = dict(lo)
        if n_resamples > 0 and (n_clusters > 1 or reps is not None):
            draws = _pooled_draws(v, labels, reps, n_resamples, rng)
            boots = dict(zip(("median", "mean"), draws, strict=True))
            for stat in ("median", "mean"):
                lo[stat] = float(np.quantile(boots[stat], a))
                hi[stat] = float(np.quantile(boots[stat], 1 - a))
        for stat in ("median", "mean"):
            # A value that is a lower bound, at or below the pooled median, makes the median one
            # too (raising it can only raise the median); any lower bound makes the mean one.
            lower = (
                bool(bounds.any()) if stat == "mean" else bool((bounds & (v <= row[stat])).any())
            )
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
                    "q25": row["q25"],
                    "q75": row["q75"],
                    "sd": row["sd"],
                    "n_benchmarks": row["n_benchmarks"],
                    "n_clusters": n_clusters,
                    "n_thin_coverage": row["n_thin_coverage"],
                    "n_lower_bound": int(bounds.sum()),
                    "is_lower_bound": lower,
                    "n_resamples": n_resamples,
                    "interval": interval if lo[stat] is not None else None,
                    "match": row["match"] or None,
                    "note": (
                        f"a lower bound: {int(bounds.sum())} of {len(v)} pooled values are lower "
                        "bounds (most of their levels not yet reached by open models)"
                    )
                    if lower
                    else None,
                }
            )
    return pl.DataFrame(out, schema=_AGGREGATE_SCHEMA)


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
        # Dense rep × unit × month matrix with NaN where undefined: each replicate row placed at
        # its (rep, unit, month); rows of units or months outside the point path's stay out.
        rwin = rwin.join(units.with_row_index("u"), on=keys, how="inner")
        k = np.searchsorted(ts, rwin["t"].to_numpy())
        inside = (k < ts.size) & (ts[np.minimum(k, ts.size - 1)] == rwin["t"].to_numpy())
        rep = rwin["rep"].to_numpy()
        inside &= (rep >= 0) & (rep < R)
        yb = np.full((R, n_units, ts.size), np.nan)
        yb[rep[inside], rwin["u"].to_numpy()[inside], k[inside]] = (
            rwin["lag"].fill_null(np.nan).to_numpy().astype(float)[inside]
        )
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
    from analysis.lag.pipeline import run  # run imports this module

    return run(
        obs, as_of=as_of, n_resamples=n_resamples, seed=seed, trend_window_months=window_months
    ).lag_trend
