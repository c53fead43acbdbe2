"""Speed of analysis/lag on synthetic data: time per score at 10k, 100k and 1M scores, and the
1,000-resample bootstrap at a realistic size (~3k scores). Printed for reference only: the old
target (time per score within 1.5x across sizes) is retired (issue 12 §7); scale is now measured on
copies of the real scores by bench_scale.py.

Each size is timed as the best of several runs (5 below 500k scores, 3 above), after a warm-up run
on the same data, so every size is measured the same way.

Run: python bench/bench_lag.py [--sizes 10000 100000 1000000] [--resamples 1000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

import numpy as np
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from analysis import lag  # noqa: E402

MODELS_PER_BENCHMARK = 200  # realistic: a benchmark rarely scores more than a few hundred models
EPOCH = dt.date(2022, 1, 1)
AS_OF = dt.date(2025, 7, 1)


def synthetic(n_scores: int, seed: int = 0) -> pl.DataFrame:
    """n_scores observations over n_scores / 200 benchmarks. Bounded benchmarks (fraction, with stderr
    on half of them), index benchmarks, and Arena-style ratings in 4 monthly snapshots of 50 models.
    Open models trail by ~12 months by construction."""
    rng = np.random.default_rng(seed)
    n_bench = max(1, n_scores // MODELS_PER_BENCHMARK)
    m = MODELS_PER_BENCHMARK
    bench = np.repeat(np.arange(n_bench), m)
    kind = np.array(["fraction", "fraction", "fraction", "index", "elo"])[bench % 5]
    is_open = rng.random(n_bench * m) < 0.5
    span = (AS_OF - EPOCH).days
    release = rng.integers(0, span, n_bench * m)
    years = release / 365.25 - np.where(is_open, 1.0, 0.0)  # open trails by a year
    skill = (
        -2.0 + 1.2 * years + rng.normal(0, 0.8, n_bench * m) + rng.normal(0, 0.5, n_bench)[bench]
    )
    frac = 1 / (1 + np.exp(-skill))
    score = np.where(
        kind == "fraction", frac, np.where(kind == "index", 100 * skill, 1000 + 60 * skill)
    )
    stderr = np.where(
        (kind == "fraction") & (bench % 2 == 0), 0.01 + 0.01 * rng.random(n_bench * m), np.nan
    )
    ci_half = np.where(kind == "elo", 5 + 10 * rng.random(n_bench * m), np.nan)
    # Ratings: 4 snapshots, each re-rating 50 of the benchmark's models; drift between snapshots.
    snap = np.where(kind == "elo", np.arange(n_bench * m) % m // 50, 0)
    observed = np.where(kind == "elo", span - 90 + 30 * snap, span)
    release = np.where(kind == "elo", np.minimum(release, observed), release)
    score = score + np.where(kind == "elo", rng.normal(0, 10, n_bench * m) + 5 * snap, 0)
    epoch = pl.lit(EPOCH)
    return pl.DataFrame(
        {
            "benchmark_id": pl.Series([f"b{i:05d}" for i in range(n_bench)])[bench],
            "model_id": [f"m{i}" for i in range(n_bench * m)],
            "side": np.where(is_open, "open", "proprietary"),
            "release_offset": release,
            "score": score,
            "stderr": stderr,
            "ci_lower": score - ci_half,
            "ci_upper": score + ci_half,
            "higher_is_better": np.ones(n_bench * m, dtype=bool),
            "scale_min": np.where(kind == "fraction", 0.0, np.nan),
            "scale_max": np.where(kind == "fraction", 1.0, np.nan),
            "unit": kind,
            "regime": pl.Series([None] * (n_bench * m), dtype=pl.String),
            "observed_offset": observed,
        },
        nan_to_null=True,
    ).select(
        "benchmark_id",
        "model_id",
        "side",
        release_date=epoch + pl.duration(days=pl.col("release_offset")),
        score="score",
        stderr="stderr",
        ci_lower="ci_lower",
        ci_upper="ci_upper",
        higher_is_better="higher_is_better",
        scale_min="scale_min",
        scale_max="scale_max",
        unit="unit",
        regime="regime",
        observed_on=epoch + pl.duration(days=pl.col("observed_offset")),
    )


def repeats(n_scores: int) -> int:
    return 5 if n_scores < 500_000 else 3


def timed(fn, repeat: int = 1) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--resamples", type=int, default=1000)
    parser.add_argument("--bootstrap-size", type=int, default=3000)
    args = parser.parse_args()

    print(f"polars {pl.__version__}, {pl.thread_pool_size()} threads")
    print("point estimates, every estimator (lag.run, n_resamples=0), best of N runs:")
    per_score, sizes, seconds = [], [], []
    for n in args.sizes:
        obs = synthetic(n)
        lag.run(obs, as_of=AS_OF, n_resamples=0)  # warm-up
        secs = timed(lambda obs=obs: lag.run(obs, as_of=AS_OF, n_resamples=0), repeats(n))
        per_score.append(secs / obs.height)
        sizes.append(obs.height)
        seconds.append(secs)
        ratio = (
            ""
            if len(per_score) == 1
            else f"  ratio to previous size {per_score[-1] / per_score[-2]:.2f}×"
        )
        print(
            f"  {obs.height:>9,} scores  {secs:7.2f} s  {per_score[-1] * 1e6:7.2f} µs/score{ratio}"
            f"  (best of {repeats(n)})"
        )
    if len(per_score) > 1:
        across = max(per_score) / min(per_score)
        print(f"  worst/best time per score across sizes: {across:.2f}× (old target, retired)")
        # Small sizes pay a fixed cost (query planning, a few collects); the marginal cost scales.
        slope, fixed = np.polyfit(np.array(sizes, float), np.array(seconds), 1)
        print(
            f"  fit time = fixed + marginal × n: fixed {fixed * 1e3:.0f} ms, marginal {slope * 1e6:.2f} µs/score"
        )

    obs = synthetic(args.bootstrap_size, seed=1)
    secs = timed(lambda: lag.run(obs, as_of=AS_OF, n_resamples=args.resamples, seed=0))
    print(
        f"bootstrap: {args.resamples:,} resamples on {obs.height:,} scores "
        f"({obs['benchmark_id'].n_unique()} benchmarks): {secs:.2f} s"
    )


if __name__ == "__main__":
    main()
