"""Trend offset: OLS lines through each side's frontier points in a window (logit of the position on
bounded scales), and the horizontal offset between them at as-of."""

from __future__ import annotations

import datetime as dt
import functools

import polars as pl

from analysis.lag.schema import BOUNDED_UNITS, DAYS_PER_YEAR, LOGIT_EPS


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
    pts = f.filter(pl.col("release_day") >= ref_day - window_days).with_columns(
        y=_transformed(), x=(pl.col("release_day") - ref_day) / DAYS_PER_YEAR
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


def trend_offset(
    obs: pl.DataFrame, *, as_of: dt.date | None = None, window_months: float = 24
) -> pl.DataFrame:
    """Horizontal offset between the two sides' frontier fits at as-of (point estimate)."""
    from analysis.lag.pipeline import run  # run imports this module

    est = run(obs, as_of=as_of, window_months=window_months, n_resamples=0).lag_estimates
    return est.filter(pl.col("estimator") == "trend_offset")
