"""lag.run builds its point estimates as a few batched lazy queries; these pin the shortcuts that
batching relies on against the general building blocks, and run's input checks."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analysis import lag

AS_OF = dt.date(2025, 7, 1)
EPOCH = dt.date(2023, 1, 1)


def ratings(seed: int, n_bench: int = 4, n_models: int = 30) -> pl.DataFrame:
    """Arena-style ratings: monthly snapshots re-rating overlapping model sets, with ties in
    release dates and in ratings, models rated before release dropped by the snapshot rule."""
    rng = np.random.default_rng(seed)
    rows = []
    for b in range(n_bench):
        for snap in range(5):
            observed = EPOCH + dt.timedelta(days=120 + 45 * snap + int(rng.integers(0, 3)))
            for m in rng.choice(n_models, size=n_models // 2, replace=False):
                released = EPOCH + dt.timedelta(days=int(rng.integers(0, 40)) * 7)
                rows.append(
                    {
                        "benchmark_id": f"arena{b}",
                        "model_id": f"m{m}",
                        "side": "open" if m % 3 == 0 else "proprietary",
                        "release_date": released,
                        "score": float(1000 + 10 * rng.integers(0, 8)),  # ties on purpose
                        "stderr": None,
                        "ci_lower": None,
                        "ci_upper": None,
                        "higher_is_better": True,
                        "scale_min": None,
                        "scale_max": None,
                        "unit": "elo",
                        "regime": None if b % 2 else "style",
                        "observed_on": observed,
                    }
                )
    return pl.DataFrame(rows, schema=lag.OBS_COLUMNS)


def general_snapshot_path(snaps: pl.DataFrame, skeys: list[str]) -> pl.DataFrame:
    """The snapshot path the long way: matching and as-of joins on a grid of snapshot dates."""
    sgrid = (
        snaps.group_by(skeys)
        .agg(n_sides=pl.col("side").n_unique())
        .filter(pl.col("n_sides") == 2)
        .select(*skeys, t=pl.col("snap"), is_current=pl.lit(False))
    )
    return lag._core(snaps, skeys, sgrid, None, 0, stat=True, window_days=None)["path"]


COLS = ["gap_o", "o_s", "p_s", "o_score", "p_score", "o_model_id", "p_model_id"]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_snapshot_path_shortcut_matches_the_general_path(seed):
    d, _ = lag._inputs(ratings(seed), AS_OF)
    snaps = lag._snapshots(d).collect()
    skeys = [*lag.UNIT_KEYS, "snap"]
    assert snaps.height > 0
    want = general_snapshot_path(snaps, skeys).select(*skeys, *COLS).sort(skeys)
    got = lag._snapshot_path(lag._frontier(snaps, skeys), skeys).select(*skeys, *COLS).sort(skeys)
    assert want.height > 0
    assert_frame_equal(got, want, check_exact=True)


def test_snapshot_path_shortcut_matches_on_bootstrap_replicates():
    d, _ = lag._inputs(ratings(3), AS_OF)
    snaps = lag._snapshots(d).collect()
    skeys = [*lag.UNIT_KEYS, "snap"]
    reps = lag._replicate(snaps, skeys, 7, seed=11)  # models drawn twice, perturbed scores
    rkeys = ["rep", *skeys]
    want = general_snapshot_path(reps, rkeys).select(*rkeys, *COLS).sort(rkeys)
    got = lag._snapshot_path(lag._frontier(reps, rkeys), rkeys).select(*rkeys, *COLS).sort(rkeys)
    assert_frame_equal(got, want, check_exact=True)


def test_run_tables_match_the_eager_building_blocks():
    obs = ratings(4).vstack(
        ratings(5).with_columns(
            unit=pl.lit("index"), benchmark_id=pl.lit("idx"), observed_on=pl.lit(AS_OF)
        )
    )
    res = lag.run(obs, as_of=AS_OF, n_resamples=0)
    assert_frame_equal(res.frontier, lag.frontier(obs, as_of=AS_OF), check_exact=True)
    assert_frame_equal(res.catch_up_events, lag.catch_up_events(obs, as_of=AS_OF), check_exact=True)
    assert_frame_equal(res.thresholds, lag.threshold_crossings(obs, as_of=AS_OF), check_exact=True)
    assert_frame_equal(
        res.aggregate, lag.aggregate(res.lag_estimates, n_resamples=0), check_exact=True
    )


def test_run_checks_its_input_like_the_single_estimators():
    obs = ratings(6)
    with pytest.raises(ValueError, match="found \\['unreleased'\\]"):
        lag.run(obs.with_columns(side=pl.lit("unreleased")), n_resamples=0)
    with pytest.raises(ValueError, match=r"missing \['regime'\]"):
        lag.run(obs.drop("regime"), n_resamples=0)
    with pytest.raises(ValueError, match="no observations"):
        lag.run(obs.clear(), n_resamples=0)
