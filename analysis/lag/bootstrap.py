"""Bootstrap replicates: models resampled with replacement within (unit, side), each drawn model's
score perturbed by its se once per replicate; and percentile intervals over replicates."""

from __future__ import annotations

import numpy as np
import polars as pl


def _smoothing_sd(models: pl.DataFrame, g: list[str]) -> pl.DataFrame:
    """The sd a replicate perturbs a score by: its se where the source gives one, else half the
    median spacing between adjacent distinct scores on its side of its unit (a smoothed bootstrap).

    Resampling alone cannot move a maximum up: a replicate can only lose the leader, so every
    frontier lag would sit at one end of its interval by construction. The kernel's width is the
    typical distance between neighbouring models, so it blurs the ranking of near neighbours only.
    """
    spacing = (
        models.select(*g, "s")
        .unique()
        .sort([*g, "s"])
        .with_columns(d=pl.col("s").diff().over(g))
        .filter(pl.col("d") > 0)
        .group_by(g)
        .agg(_bandwidth=pl.col("d").median() / 2)
    )
    return spacing


def _replicate(models: pl.DataFrame, keys: list[str], n_resamples: int, seed: int) -> pl.DataFrame:
    """Resample models with replacement within (unit, side), and perturb each model's score by its se
    (where none is given, by a smoothing kernel: _smoothing_sd).

    Stratifying by side keeps both sides present in every replicate. A model drawn twice keeps one
    perturbation per replicate, so duplicates do not inflate the maximum.
    """
    return pl.concat(list(_replicate_chunks(models, keys, n_resamples, seed, n_resamples)))


def _replicate_chunks(
    models: pl.DataFrame, keys: list[str], n_resamples: int, seed: int, chunk: int
):
    """_replicate's rows, `chunk` replicates at a time (rep ids chunk·i …): the same random draws
    as one pass, so the concatenated chunks equal _replicate's frame; the caller processes each
    chunk before the next is built, so memory holds chunk × models rows, not n_resamples × models.
    """
    g = [*keys, "side"]
    # A total order, so a seed always draws the same models.
    models = models.sort([*g, "model_id"], maintain_order=True)
    sd = (
        models.join(
            _smoothing_sd(models, g), on=g, how="left", nulls_equal=True, maintain_order="left"
        )
        .select(
            pl.when(pl.col("se") > 0)
            .then(pl.col("se"))
            .otherwise(pl.col("_bandwidth"))
            .fill_null(0.0)
        )
        .to_series()
        .to_numpy()
    )
    n = models.height
    gid = models.select(pl.struct(g).rle_id()).to_series().to_numpy()
    starts = np.flatnonzero(np.r_[True, gid[1:] != gid[:-1]])
    sizes = np.diff(np.r_[starts, n])
    start_row, size_row = starts[gid], sizes[gid]
    rng = np.random.default_rng(seed)
    idx = start_row + (rng.random((n_resamples, n)) * size_row).astype(np.int64)
    noise = rng.standard_normal((n_resamples, n)) * sd[None, :]
    shift = np.take_along_axis(noise, idx, axis=1)
    del noise
    for a in range(0, n_resamples, max(1, chunk)):
        b = min(n_resamples, a + max(1, chunk))
        rep = models[idx[a:b].ravel()].with_columns(
            rep=pl.Series(np.repeat(np.arange(a, b, dtype=np.int32), n)),
            _shift=pl.Series(shift[a:b].ravel()),
        )
        yield (
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
