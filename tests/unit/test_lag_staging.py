"""lag.run builds its point estimates as a few batched lazy queries; these pin the shortcuts that
batching relies on against the general building blocks, and run's input checks."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analysis import lag
from analysis.lag import bootstrap, frontiers, horizontal, inputs, thresholds, vertical_gaps


def _with_reps(frame: pl.DataFrame, n_resamples: int) -> pl.DataFrame:
    """Every row of `frame` once per replicate id (the polars reference of the grid per rep)."""
    return frame.join(pl.DataFrame({"rep": np.arange(n_resamples, dtype=np.int32)}), how="cross")


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
    return horizontal._matched_path(frontiers._frontier(snaps, skeys), skeys, sgrid, stat=True)[
        "path"
    ]


COLS = ["gap_o", "o_s", "p_s", "o_score", "p_score", "o_model_id", "p_model_id"]


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_snapshot_path_shortcut_matches_the_general_path(seed):
    derived, _ = inputs._inputs(ratings(seed), AS_OF)
    snaps = inputs._snapshots(derived).collect()
    skeys = [*lag.UNIT_KEYS, "snap"]
    assert snaps.height > 0
    want = general_snapshot_path(snaps, skeys).select(*skeys, *COLS).sort(skeys)
    got = vertical_gaps._snapshot_path(frontiers._frontier(snaps, skeys), skeys)
    got = got.select(*skeys, *COLS).sort(skeys)
    assert want.height > 0
    assert_frame_equal(got, want, check_exact=True)


def test_snapshot_path_shortcut_matches_on_bootstrap_replicates():
    derived, _ = inputs._inputs(ratings(3), AS_OF)
    snaps = inputs._snapshots(derived).collect()
    skeys = [*lag.UNIT_KEYS, "snap"]
    reps = bootstrap._replicate(snaps, skeys, 7, seed=11)  # models drawn twice, perturbed scores
    rkeys = ["rep", *skeys]
    want = general_snapshot_path(reps, rkeys).select(*rkeys, *COLS).sort(rkeys)
    got = vertical_gaps._snapshot_path(frontiers._frontier(reps, rkeys), rkeys)
    got = got.select(*rkeys, *COLS).sort(rkeys)
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


def test_run_without_pooling_leaves_out_only_the_pooled_rows():
    obs = ratings(7).vstack(
        ratings(8).with_columns(
            unit=pl.lit("index"), benchmark_id=pl.lit("idx"), observed_on=pl.lit(AS_OF)
        )
    )
    pooled = lag.run(obs, as_of=AS_OF, n_resamples=20, seed=2)
    units_only = lag.run(obs, as_of=AS_OF, n_resamples=20, seed=2, pool=False)
    for name in ("frontier", "catch_up_events", "thresholds", "gap_series", "lag_estimates"):
        assert_frame_equal(getattr(pooled, name), getattr(units_only, name), check_exact=True)
    assert units_only.aggregate.is_empty() and pooled.aggregate.height > 0
    assert units_only.aggregate.columns == lag.OUTPUT_COLUMNS["aggregate"]
    per_unit = pooled.lag_trend.filter(pl.col("benchmark_id") != "all")
    assert pooled.lag_trend.height == per_unit.height + 1
    assert_frame_equal(units_only.lag_trend, per_unit, check_exact=True)


@pytest.mark.parametrize("flat_scores", [False, True])
@pytest.mark.parametrize("snapshots", [False, True])
def test_replicate_frontier_shortcut_matches_sorting_the_replicates(snapshots, flat_scores):
    """The numpy frontier of the bootstrap replicates gives _frontier's frame over the replicates:
    same rows, order and values, with ties on release days, models drawn twice and, with flat
    scores (no smoothing: every score on a side alike), ties broken by model_id."""
    obs = ratings(6)
    if flat_scores:
        obs = obs.with_columns(score=pl.lit(1000.0))
    derived, _ = inputs._inputs(obs, AS_OF)
    if snapshots:
        models, keys = inputs._snapshots(derived).collect(), [*lag.UNIT_KEYS, "snap"]
    else:
        models, keys = inputs._newest(derived).collect(), lag.UNIT_KEYS
    want = [
        frontiers._frontier(chunk, ["rep", *keys])
        for chunk in bootstrap._replicate_chunks(models, keys, 7, 11, 3)
    ]
    got = list(bootstrap._replicate_frontier_chunks(models, keys, 7, 11, 3))
    assert len(got) == len(want) == 3
    assert sum(f.height for f in want) > 0
    for g, w in zip(got, want, strict=True):
        assert_frame_equal(g, w, check_exact=True)
    few = list(bootstrap._replicate_frontier_chunks(models, keys, 7, 11, 3, columns=["se"]))
    for g, w in zip(few, want, strict=True):
        assert_frame_equal(g, w.select(g.columns), check_exact=True)
        assert {"se", "rep", "prev_s", *keys}.issubset(g.columns)


@pytest.mark.parametrize("stat", [True, False])
def test_replicate_path_matches_the_general_matched_path(stat):
    """The numpy path of the bootstrap replicates gives _matched_path's rows, order and values
    for the columns the intervals and the trend read; intervals only, stderr only and neither."""
    rng = np.random.default_rng(8)
    obs = ratings(8).with_columns(unit=pl.lit("percent"), observed_on=pl.lit(AS_OF))
    kind = pl.Series(rng.integers(0, 3, obs.height))
    half = pl.Series(rng.uniform(1, 30, obs.height))
    obs = obs.with_columns(
        stderr=pl.when(kind == 1).then(half / 2),
        ci_lower=pl.when(kind == 2).then(pl.col("score") - half),
        ci_upper=pl.when(kind == 2).then(pl.col("score") + half),
    )
    models, ref = inputs._prepare(obs, AS_OF, tolerance=2.0)
    keys = lag.UNIT_KEYS
    grid = horizontal._grid(models, keys, ref)
    # plus every release day, so dates fall on matched days (lag 0, `<=` against `<`)
    release_days = models.select(*keys, t=pl.col("release_day"), is_current=pl.lit(False))
    release_days = release_days.join(grid.select(keys).unique(), on=keys, how="semi")
    grid = pl.concat([grid, release_days]).unique([*keys, "t"], keep="first").sort([*keys, "t"])
    checked = 0
    for chunk in bootstrap._replicate_frontier_chunks(models, keys, 9, 5, 4):
        reps = chunk["rep"].unique().sort()
        want = horizontal._matched_path(
            chunk,
            ["rep", *keys],
            _with_reps(grid, 9).filter(pl.col("rep").is_in(reps.to_list())),
            stat,
        )["path"]
        got = horizontal._replicate_path(chunk, keys, grid, reps.to_numpy(), stat)
        cols = [*keys, "t", "is_current", "rep", "lag_days", "gap_o", "p_score"]
        assert_frame_equal(got, want.select(cols), check_exact=True)
        checked += want.filter(pl.col("lag_days").is_not_null()).height
    assert checked > 0


def test_seg_crossings_match_the_as_of_joins():
    """The numpy level crossings of the bootstrap give _crossings' rows, order and values, levels
    scored exactly by a frontier point (a tie reaches the level) included."""
    derived, ref = inputs._inputs(ratings(9).with_columns(observed_on=pl.lit(AS_OF)), AS_OF)
    models = inputs._newest(derived).collect()
    keys = lag.UNIT_KEYS
    chunk = next(bootstrap._replicate_frontier_chunks(models, keys, 6, 3, 6))
    units = chunk.select(keys).unique().sort(keys).with_row_index("_u")
    points = chunk.join(units, on=keys).with_columns(
        _seg=pl.col("rep").cast(pl.Int64) * units.height + pl.col("_u").cast(pl.Int64)
    )
    levels = pl.concat(
        [
            thresholds._levels(frontiers._frontier(models, keys), keys, 7)
            .join(units, on=keys)
            .join(points.select("_u", "_seg").unique(), on="_u")
            .select("_seg", "level"),
            points.select("_seg", level="s"),  # exactly a frontier score
        ]
    ).unique()
    ref_day = inputs._days(ref)
    want = thresholds._crossings(points, levels, ["_seg"], ref_day)
    got = thresholds._seg_crossings(
        points["_seg"].to_numpy(),
        (points["side"] == "open").to_numpy(),
        points["s"].to_numpy(),
        points["release_day"].to_numpy(),
        levels["_seg"].to_numpy(),
        levels["level"].to_numpy(),
        ref_day,
    )
    cols = ["_seg", "level", "p_release_day", "o_release_day", "lag_days", "censored_side"]
    assert want.filter(pl.col("censored_side").is_null()).height > 0
    assert_frame_equal(got.select(cols), want.select(cols), check_exact=True)
