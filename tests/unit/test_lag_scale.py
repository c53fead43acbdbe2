"""The bootstrap's memory does not grow with replicates × models: draws are made a chunk at a time,
chunks are capped in cells, and neither changes a single random number (issue 12 §7)."""

from __future__ import annotations

import numpy as np
import polars as pl

from analysis.lag import bootstrap


def _models(n_units: int = 3, per_side: int = 7) -> pl.DataFrame:
    rng = np.random.default_rng(3)
    rows = []
    for u in range(n_units):
        for side in ("open", "proprietary"):
            for m in range(per_side):
                s = float(rng.normal(50, 10))
                rows.append(
                    {
                        "benchmark_id": f"b{u}",
                        "regime": "",
                        "side": side,
                        "model_id": f"{side}-{u}-{m}",
                        "release_day": int(rng.integers(19000, 20000)),
                        "s": s,
                        "lo": s - 2.0,
                        "hi": s + 2.0,
                        "se": float(rng.uniform(0.5, 2)) if m % 2 else 0.0,
                        "sign": 1.0,
                        "score": s,
                    }
                )
    return pl.DataFrame(rows)


def test_chunked_draws_are_the_one_pass_stream():
    """All uniforms then all normals from one generator, as a single R × n draw makes them."""
    models, draw, starts = bootstrap._draws(_models(), ["benchmark_id", "regime"], 11, 5)
    n = models.height
    parts = [draw(a, b) for a, b in [(0, 4), (4, 5), (5, 11)]]
    rng = np.random.default_rng(5)
    uniforms = rng.random((11, n))
    normals = rng.standard_normal((11, n))
    sizes = np.diff(np.r_[starts, n])
    group = np.repeat(np.arange(starts.size), sizes)
    want_idx = starts[group] + (uniforms * sizes[group]).astype(np.int64)
    assert np.array_equal(np.vstack([p[0] for p in parts]), want_idx)
    got_noise = np.vstack([p[1] for p in parts])
    sd = np.where(got_noise[0] != 0, got_noise[0] / normals[0], 0.0)  # per-model scale, fixed
    assert np.allclose(got_noise, normals * sd[None, :], rtol=0, atol=1e-12)
    assert (sd > 0).any()


def test_chunks_are_capped_in_cells(monkeypatch):
    monkeypatch.setattr(bootstrap, "CHUNK_CELLS", 100)
    assert bootstrap._chunk_bounds(10, 100, 30) == [(0, 3), (3, 6), (6, 9), (9, 10)]
    assert bootstrap._chunk_bounds(10, 4, 3) == [(0, 4), (4, 8), (8, 10)]
    assert bootstrap._chunk_bounds(3, 100, 1000) == [(0, 1), (1, 2), (2, 3)]


def test_capped_chunks_give_the_same_replicates(monkeypatch):
    models, keys = _models(), ["benchmark_id", "regime"]
    whole = pl.concat(list(bootstrap._replicate_chunks(models, keys, 9, 2, 9)))
    whole_frontier = pl.concat(list(bootstrap._replicate_frontier_chunks(models, keys, 9, 2, 9)))
    monkeypatch.setattr(bootstrap, "CHUNK_CELLS", models.height * 2)  # two replicates a chunk
    assert bootstrap._chunk_bounds(9, 9, models.height)[0] == (0, 2)
    small = pl.concat(list(bootstrap._replicate_chunks(models, keys, 9, 2, 9)))
    small_frontier = pl.concat(list(bootstrap._replicate_frontier_chunks(models, keys, 9, 2, 9)))
    assert whole.equals(small)
    assert whole_frontier.equals(small_frontier)
