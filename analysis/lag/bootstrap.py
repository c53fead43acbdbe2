"""Bootstrap replicates: models resampled with replacement within (unit, side), each drawn model's
score perturbed by its se once per replicate; and percentile intervals over replicates."""

from __future__ import annotations

import numpy as np
import polars as pl


def _replicate(models: pl.DataFrame, keys: list[str], n_resamples: int, seed: int) -> pl.DataFrame:
    """Resample models with replacement within (unit, side), and perturb each model's score by its se.

    Stratifying by side keeps both sides present in every replicate. A model drawn twice keeps one
    perturbation per replicate, so duplicates do not inflate the maximum.
    """
    g = [*keys, "side"]
    # A total order, so a seed always draws the same models.
    models = models.sort([*g, "model_id"], maintain_order=True)
    n = models.height
    gid = models.select(pl.struct(g).rle_id()).to_series().to_numpy()
    starts = np.flatnonzero(np.r_[True, gid[1:] != gid[:-1]])
    sizes = np.diff(np.r_[starts, n])
    start_row, size_row = starts[gid], sizes[gid]
    rng = np.random.default_rng(seed)
    idx = start_row + (rng.random((n_resamples, n)) * size_row).astype(np.int64)
    noise = rng.standard_normal((n_resamples, n)) * models["se"].to_numpy()[None, :]
    shift = np.take_along_axis(noise, idx, axis=1).ravel()
    rep = models[idx.ravel()].with_columns(
        rep=pl.Series(np.repeat(np.arange(n_resamples, dtype=np.int32), n)),
        _shift=pl.Series(shift),
    )
    return (
        rep.with_columns(
            s=pl.col("s") + pl.col("_shift"),
            lo=pl.col("lo") + pl.col("_shift"),
            hi=pl.col("hi") + pl.col("_shift"),
        )
        .with_columns(score=pl.col("s") * pl.col("sign"))
        .drop("_shift")
    )


def _with_reps(frame: pl.DataFrame, n_resamples: int) -> pl.DataFrame:
    return frame.join(pl.DataFrame({"rep": np.arange(n_resamples, dtype=np.int32)}), how="cross")


def _interval(reps: pl.DataFrame, by: list[str], cols: list[str], ci: float) -> pl.DataFrame:
    a = (1.0 - ci) / 2.0
    aggs = []
    for c in cols:
        aggs += [
            pl.col(c).quantile(a, "linear").alias(f"{c}_lo"),
            pl.col(c).quantile(1.0 - a, "linear").alias(f"{c}_hi"),
            pl.col(c).count().alias(f"{c}_nvalid"),
        ]
    return reps.group_by(by).agg(aggs)
