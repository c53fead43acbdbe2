"""Bootstrap replicates: models resampled with replacement within (unit, side), each drawn model's
score perturbed by its se once per replicate; and percentile intervals over replicates."""

from __future__ import annotations

import numpy as np
import polars as pl

from analysis.lag.frontiers import _frontier


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
    models, draw, _ = _draws(models, keys, n_resamples, seed)
    n = models.height
    for a, b in _chunk_bounds(n_resamples, chunk, n):
        idx, noise = draw(a, b)
        shift = np.take_along_axis(noise, idx, axis=1)
        yield _perturbed(models[idx.ravel()], np.repeat(np.arange(a, b), n), shift.ravel())


def _replicate_frontier_chunks(
    models: pl.DataFrame,
    keys: list[str],
    n_resamples: int,
    seed: int,
    chunk: int,
    columns: list[str] | None = None,
):
    """The frontier points of _replicate_chunks' replicates, chunk by chunk: for each chunk, the
    frame _frontier(that chunk, ["rep", *keys]) gives (same rows, same order, same values), found
    with numpy instead of sorting chunk × models rows by five keys. With `columns`, only those
    model columns (and the keys, side and scores) are carried, in the models' column order.

    The models are in (group, model_id) order, so drawing rank[i] (each model's place in release
    order, ties by model_id) and sorting the ranks puts every replicate's draws in release order.
    Within one release day only the best score can set a new running best (the frontier sorts a
    day's models best first, then by model_id), so the frontier points are each day's first
    best-scoring model whose score exceeds the running best of the days before it.
    """
    models, draw, starts = _draws(models, keys, n_resamples, seed)
    n = models.height
    release = models["release_day"].to_numpy()
    score = models["s"].to_numpy()
    if n == 0 or np.isnan(score).any():
        # NaN sorts above every score in _frontier; the rule below assumes comparable scores
        for part in _replicate_chunks(models, keys, n_resamples, seed, chunk):
            yield _frontier(part, ["rep", *keys])
        return
    group_of_row = np.repeat(np.arange(starts.size), np.diff(np.r_[starts, n]))
    in_release_order = np.lexsort((release, group_of_row))  # stable: ties stay in model_id order
    rank = np.empty(n, dtype=np.int64)
    rank[in_release_order] = np.arange(n)
    group_start = np.zeros(n, dtype=bool)
    group_start[starts] = True
    if columns is not None:
        wanted = {*columns, *keys, *_FRONTIER_NEEDS}
        models = models.select(c for c in models.columns if c in wanted)
    for a, b in _chunk_bounds(n_resamples, chunk, n):
        idx, noise = draw(a, b)
        c = b - a
        rows = in_release_order[np.sort(rank[idx], axis=1)]
        s = score[rows] + noise[np.arange(c)[:, None], rows]
        best = np.empty_like(s)
        for lo, hi in zip(starts, np.r_[starts[1:], n], strict=True):
            np.maximum.accumulate(s[:, lo:hi], axis=1, out=best[:, lo:hi])
        day = release[rows]
        new_day = np.empty((c, n), dtype=bool)
        new_day[:, 0] = True
        new_day[:, 1:] = day[:, 1:] != day[:, :-1]
        new_day |= group_start[None, :]
        s, best, rows = s.ravel(), best.ravel(), rows.ravel()
        block_start = np.flatnonzero(new_day.ravel())
        block_end = np.r_[block_start[1:], s.size] - 1
        opens_group = group_start[block_start % n]
        prior = best[np.maximum(block_start - 1, 0)]
        rises = opens_group | (best[block_end] > prior)
        # In a day that rises, its first best-scoring model is where the running best last rose
        # strictly (later models of the day tie it at most; earlier ones are below it).
        rose = np.empty(s.size, dtype=bool)
        rose[1:] = s[1:] > best[:-1]
        rose.reshape(c, n)[:, starts] = True
        pos = np.flatnonzero(rose)
        pos = pos[np.searchsorted(pos, block_end[rises], side="right") - 1]
        rep, row = pos // n, rows[pos]
        frontier_rows = _perturbed(models[row], a + rep, noise[rep, row])
        yield frontier_rows.with_columns(
            prev_s=pl.Series(np.where(opens_group[rises], np.nan, prior[rises])).fill_nan(None)
        )


# What _perturbed and the frontier's order read, whatever columns a caller asks for.
_FRONTIER_NEEDS = ("side", "release_day", "model_id", "s", "lo", "hi", "sign", "score")


def _draws(models: pl.DataFrame, keys: list[str], n_resamples: int, seed: int):
    """The random draws of the replicates: the models in a total order, `draw(a, b)` giving
    replicates a..b's drawn row of each (replicate, row) (within the row's (unit, side)) and each
    (replicate, model)'s perturbation, and where each (unit, side) starts."""
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
    starts = np.flatnonzero(np.r_[True, gid[1:] != gid[:-1]]) if n else np.zeros(0, np.int64)
    sizes = np.diff(np.r_[starts, n])
    start_row, size_row = starts[gid], sizes[gid]
    # One stream: all n_resamples × n uniforms (the drawn rows), then all the normals. A second
    # generator jumped past the uniforms (PCG64 advances by 64-bit draws; one per double) draws the
    # same normals a chunk at a time, so no array of n_resamples × n is ever held.
    rng = np.random.default_rng(seed)
    normal_rng = np.random.default_rng(seed)
    normal_rng.bit_generator.advance(n_resamples * n)

    def draw(a: int, b: int) -> tuple[np.ndarray, np.ndarray]:
        """Replicates a..b's drawn rows and perturbations; call for consecutive chunks from 0."""
        idx = start_row + (rng.random((b - a, n)) * size_row).astype(np.int64)
        noise = normal_rng.standard_normal((b - a, n)) * sd[None, :]
        return idx, noise

    return models, draw, starts


# A chunk holds at most this many (replicate, model) cells, whatever `chunk` asks: its draws and
# their working arrays are a few numpy arrays of that size (about 16 MB each), however many models.
CHUNK_CELLS = 2_000_000


def _chunk_bounds(n_resamples: int, chunk: int, n: int = 0):
    step = max(1, min(chunk, CHUNK_CELLS // max(n, 1)))
    return [(a, min(n_resamples, a + step)) for a in range(0, n_resamples, step)]


def _perturbed(rows: pl.DataFrame, rep: np.ndarray, shift: np.ndarray) -> pl.DataFrame:
    """Drawn model rows with their replicate id and their scores moved by their perturbation."""
    return (
        rows.with_columns(
            rep=pl.Series(rep.astype(np.int32)),
            _shift=pl.Series(shift),
        )
        .with_columns(
            s=pl.col("s") + pl.col("_shift"),
            lo=pl.col("lo") + pl.col("_shift"),
            hi=pl.col("hi") + pl.col("_shift"),
        )
        .with_columns(score=pl.col("s") * pl.col("sign"))
        .drop("_shift")
    )


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
