"""The headline rule on toy frames: which benchmarks count at an as-of date (live, not saturated, five
models a side), as-of for sources that publish one current file, the clustered two-level interval
of the pooled median, lower-bound medians, the smoothed bootstrap and the quotable sentence."""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl
import pytest

from analysis import lag, lagrun
from analysis.lag.pooled import _pooled_draws

AS_OF = dt.date(2026, 1, 1)


def _obs(rows: list[dict]) -> pl.DataFrame:
    base = {
        "stderr": None,
        "ci_lower": None,
        "ci_upper": None,
        "higher_is_better": True,
        "scale_min": 0.0,
        "scale_max": 1.0,
        "unit": "fraction",
        "regime": None,
        "observed_on": AS_OF,
    }
    return pl.DataFrame([{**base, **r} for r in rows], schema_overrides=lag.OBS_COLUMNS).cast(
        lag.OBS_COLUMNS
    )


def _board(bench: str, n_open: int, n_prop: int, newest_open_days: int, top: float, **kw):
    """n models a side, one a month up to `newest_open_days` (open) / 10 days (proprietary) before
    AS_OF, scores rising to `top` (proprietary) and a little lower (open)."""
    rows = []
    for side, n, newest, best in (
        ("open", n_open, newest_open_days, top - 0.1),
        ("proprietary", n_prop, 10, top),
    ):
        for i in range(n):
            rows.append(
                {
                    "benchmark_id": bench,
                    "model_id": f"{bench}-{side}-{i}",
                    "side": side,
                    "release_date": AS_OF - dt.timedelta(days=newest + 30 * (n - 1 - i)),
                    "score": best - 0.04 * (n - 1 - i),
                    **kw,
                }
            )
    return rows


def test_status_discriminates_live_stale_saturated_thin():
    obs = _obs(
        _board("live", 6, 6, 20, 0.6)
        + _board("stale", 6, 6, 300, 0.6)
        + _board("saturated", 6, 6, 20, 0.97)
        + _board("thin", 4, 6, 20, 0.6)
    )
    st = lagrun.headline_status(obs, AS_OF).select("benchmark_id", "headline_status")
    got = dict(st.iter_rows())
    assert got == {"live": "counted", "stale": "stale", "saturated": "saturated", "thin": "thin"}
    reasons = dict(
        lagrun.headline_status(obs, AS_OF).select("benchmark_id", "headline_reason").iter_rows()
    )
    assert "newest open model released" in reasons["stale"]
    assert "within 5%" in reasons["saturated"]
    assert "4 open / 6 proprietary" in reasons["thin"]


def test_saturation_reads_lower_is_better_scales_from_their_minimum():
    # an error rate where the proprietary best is 0.02: 2% from the scale's best end
    rows = _board("err", 6, 6, 20, 0.6)
    for r in rows:
        r["score"] = 1.0 - r["score"] if r["side"] == "open" else 0.02
        r["higher_is_better"] = False
    st = lagrun.headline_status(_obs(rows), AS_OF)
    assert st["headline_status"].to_list() == ["saturated"]


def test_a_benchmark_votes_once_with_its_newest_regime():
    old = _board("lb", 6, 6, 20, 0.6, regime="release_2025-06-01")
    new = _board("lb", 6, 6, 20, 0.6, regime="release_2025-11-25")
    for r in new:
        r["release_date"] += dt.timedelta(days=5)
    st = lagrun.headline_status(_obs(old + new), AS_OF)
    got = dict(st.select("regime", "headline_status").iter_rows())
    assert got == {"release_2025-11-25": "counted", "release_2025-06-01": "superseded"}


def test_not_a_candidate_is_never_counted():
    st = lagrun.headline_status(_obs(_board("eci", 6, 6, 20, 0.6)), AS_OF, candidates=["other"])
    assert st["headline_status"].to_list() == ["not_headline"]


def test_as_of_takes_the_earliest_later_file_truncated_by_release():
    before, after = AS_OF - dt.timedelta(days=400), AS_OF - dt.timedelta(days=100)
    rows = [
        # a one-file source: only a file from after the as-of date
        {
            "benchmark_id": "hub",
            "model_id": "a",
            "side": "open",
            "release_date": before,
            "score": 0.3,
            "observed_on": AS_OF,
        },
        {
            "benchmark_id": "hub",
            "model_id": "b",
            "side": "proprietary",
            "release_date": before,
            "score": 0.5,
            "observed_on": AS_OF,
        },
        {
            "benchmark_id": "hub",
            "model_id": "c",
            "side": "open",
            "release_date": AS_OF,
            "score": 0.9,
            "observed_on": AS_OF,
        },
        {
            "benchmark_id": "hub",
            "model_id": "a",
            "side": "open",
            "release_date": before,
            "score": 0.35,
            "observed_on": AS_OF + dt.timedelta(days=30),
        },
        # a source with a file on or before the as-of date: as_of() exactly
        {
            "benchmark_id": "board",
            "model_id": "a",
            "side": "open",
            "release_date": before,
            "score": 0.3,
            "observed_on": before,
        },
        {
            "benchmark_id": "board",
            "model_id": "b",
            "side": "proprietary",
            "release_date": before,
            "score": 0.5,
            "observed_on": AS_OF,
        },
    ]
    obs = _obs(rows)
    when = after
    got = lag.as_of_later_files(obs, when)
    hub = got.filter(pl.col("benchmark_id") == "hub").sort("model_id")
    # model c was released after the as-of date; the later of the two later files is not used
    assert hub["model_id"].to_list() == ["a", "b"]
    assert hub["score"].to_list() == [0.3, 0.5]
    assert hub["scores_from_later_file"].all()
    assert set(hub["observed_on"].to_list()) == {when}
    assert set(hub["file_observed_on"].to_list()) == {AS_OF}
    board = got.filter(pl.col("benchmark_id") == "board").drop(
        "file_observed_on", "scores_from_later_file"
    )
    expected = lag.as_of(obs, when).filter(pl.col("benchmark_id") == "board")
    assert board.equals(expected)
    # and the estimators run on it at that date
    res = lag.run(got, as_of=when, n_resamples=0)
    assert set(res.lag_estimates["as_of_date"].to_list()) == {when}


def _estimates(values: dict[str, float], lower: set[str] = frozenset(), estimator="horizontal_lag"):
    return pl.DataFrame(
        [
            {
                "benchmark_id": b,
                "regime": None,
                "as_of_date": AS_OF,
                "estimator": estimator,
                "value": v,
                "value_unit": "months",
                "is_lower_bound": b in lower,
                "n_open": 10,
                "n_proprietary": 10,
                "is_thin_coverage": False,
                "match": "point",
            }
            for b, v in values.items()
        ],
        schema_overrides={"regime": pl.String},
    )


def test_benchmarks_on_the_same_pair_of_models_are_one_draw():
    est = _estimates({"a": 6.0, "b": 6.0, "c": 6.0, "d": 1.0})
    same_pair = pl.DataFrame(
        {
            "benchmark_id": ["a", "b", "c", "d"],
            "regime": [None] * 4,
            "cluster": ["k|p", "k|p", "k|p", "x|y"],
        },
        schema_overrides={"regime": pl.String},
    )
    agg = lag.aggregate(est, n_resamples=400, seed=1, clusters=same_pair)
    med = agg.filter(pl.col("statistic") == "median").row(0, named=True)
    assert med["n_benchmarks"] == 4 and med["n_clusters"] == 2
    assert "clusters" in med["interval"]
    assert med["lo"] == pytest.approx(1.0) and med["hi"] == pytest.approx(6.0)
    # a cluster's benchmarks are drawn together: a draw holds all three or none of them, so the
    # median of a draw is 6 or 1, never the 3.5 of two 6s and two 1s that unit draws give
    rng = np.random.default_rng(0)
    v = np.array([6.0, 6.0, 6.0, 1.0])
    clustered, _ = _pooled_draws(v, np.array([0, 0, 0, 1]), None, 2000, rng)
    units, _ = _pooled_draws(v, np.arange(4), None, 2000, rng)
    assert set(np.unique(clustered)) == {1.0, 6.0}
    assert 3.5 in set(np.unique(units))
    plain = lag.aggregate(est, n_resamples=400, seed=1).filter(pl.col("statistic") == "median")
    assert plain["n_clusters"].item() == 4 and plain["interval"].item() == "resampling benchmarks"


def test_interval_carries_the_uncertainty_inside_each_benchmark():
    est = _estimates({"a": 5.0, "b": 5.0, "c": 5.0})
    between_only = lag.aggregate(est, n_resamples=300, seed=0)
    m = between_only.filter(pl.col("statistic") == "median").row(0, named=True)
    assert m["lo"] == m["hi"] == 5.0  # identical benchmarks: no disagreement between them
    rng = np.random.default_rng(0)
    reps = pl.DataFrame(
        {
            "rep": np.repeat(np.arange(300), 3),
            "benchmark_id": ["a", "b", "c"] * 300,
            "regime": [None] * 900,
            "estimator": ["horizontal_lag"] * 900,
            "value": 5.0 + rng.normal(0, 2, 900),
        },
        schema_overrides={"regime": pl.String},
    )
    both = lag.aggregate(est, n_resamples=300, seed=0, replicates=reps)
    m = both.filter(pl.col("statistic") == "median").row(0, named=True)
    assert m["lo"] < 5.0 < m["hi"]
    assert "within each" in m["interval"]


def test_a_median_resting_on_lower_bounds_is_a_lower_bound():
    est = _estimates({"a": 1.0, "b": 5.0, "c": 9.0}, lower={"a"}, estimator="threshold_median_lag")
    med = (
        lag.aggregate(est, n_resamples=0).filter(pl.col("statistic") == "median").row(0, named=True)
    )
    assert med["is_lower_bound"] and med["n_lower_bound"] == 1 and "lower bound" in med["note"]
    est = _estimates({"a": 1.0, "b": 5.0, "c": 9.0}, lower={"c"}, estimator="threshold_median_lag")
    med = (
        lag.aggregate(est, n_resamples=0).filter(pl.col("statistic") == "median").row(0, named=True)
    )
    assert not med["is_lower_bound"] and med["note"] is None


def test_a_frontier_lag_without_stated_errors_is_not_at_its_interval_end():
    # No stderr or interval anywhere, and the proprietary level was reached by three models on one
    # day. Resampling models alone can only drop the open leader (the lag grows) and almost never
    # all three proprietary ones, so the lag's point estimate would be its interval's lower end.
    rows = []
    start = dt.date(2024, 1, 1)
    for i in range(12):
        day = start + dt.timedelta(days=30 * i)
        rows.append(
            {
                "benchmark_id": "b",
                "model_id": f"p{i}",
                "side": "proprietary",
                "release_date": day,
                "score": 0.2 + 0.02 * i,
            }
        )
        rows.append(
            {
                "benchmark_id": "b",
                "model_id": f"o{i}",
                "side": "open",
                "release_date": day + dt.timedelta(days=180),
                "score": 0.2 + 0.02 * i,
            }
        )
    for k in range(3):
        rows.append(
            {
                "benchmark_id": "b",
                "model_id": f"tie{k}",
                "side": "proprietary",
                "release_date": start + dt.timedelta(days=400),
                "score": 0.5,
            }
        )
    rows.append(
        {
            "benchmark_id": "b",
            "model_id": "leader",
            "side": "open",
            "release_date": start + dt.timedelta(days=580),
            "score": 0.5,
        }
    )
    obs = _obs([{**r, "observed_on": dt.date(2026, 1, 1)} for r in rows])
    est = lag.run(obs, match="point", n_resamples=400, seed=3).lag_estimates
    h = est.filter(pl.col("estimator") == "horizontal_lag").row(0, named=True)
    assert h["lo"] < h["value"] < h["hi"]


def test_the_sentence_names_date_benchmarks_interval_rule_and_what_moves_it():
    now = {
        "as_of_date": AS_OF,
        "value": 5.8,
        "lo": 5.4,
        "hi": 8.5,
        "n_benchmarks": 3,
        "n_clusters": 2,
        "match": "significance",
        "benchmarks": "a, b, c",
        "loo_lo": 5.0,
        "loo_hi": 8.4,
        "is_lower_bound": False,
    }
    then = {
        **now,
        "as_of_date": dt.date(2025, 1, 1),
        "value": 4.2,
        "n_benchmarks": 2,
        "benchmarks": "a, b",
        "set_change": "a different set of benchmarks: 2 in both",
    }
    text = lagrun.headline_sentence(now, then)
    for part in (
        "Open-weight models trail the proprietary frontier by a median of 5.8 months",
        "as of 2026-01-01",
        "5.8 months",
        "5.4–8.5",
        "(a, b, c)",
        "2 distinct pairs",
        "significantly below",
        "between 5.0 and 8.4",
        "A year earlier (2025-01-01",
        "a different set of benchmarks",
    ):
        assert part in text, part
    assert "no model scored in the last 30 days" in lagrun.headline_sentence(
        {**now, "n_stale_data": 2}
    )
    assert "2 of them scored from files published later" in lagrun.headline_sentence(
        now, {**then, "n_later_file": 2}
    )
    assert "the same set" in lagrun.headline_sentence(now, {**then, "benchmarks": "a, b, c"})
    assert "at least 5.8" in lagrun.headline_sentence({**now, "is_lower_bound": True})


def test_the_lag_command_says_a_lower_bound_median_is_one():
    from dataclasses import replace

    from rich.console import Console

    from analysis.report import terminal

    obs = _obs(_board("live", 6, 6, 20, 0.6))
    res = lag.run(obs, n_resamples=0)
    est = _estimates({"a": 1.0, "b": 5.0, "c": 9.0}, lower={"a"}, estimator="threshold_median_lag")
    res = replace(res, aggregate=lag.aggregate(est, n_resamples=0))
    console = Console(record=True, width=400)
    terminal.render_lag(res, res.lag_estimates, lagrun.Switches(), console)
    text = console.export_text()
    assert "Threshold-crossing median across the 3 counted benchmarks: at least 5.0 months" in text
    assert "1 of 3 pooled values are lower bounds" in text


def test_the_default_as_of_also_reads_the_first_file_published_after_it():
    """With no --as-of, T is the newest release the data hold; a unit with older files still reads
    its first file published after T (truncated to models released by T), since that file describes
    T (LMArena's dataset of 2026-07-30 for models released by 2026-07-27). A file after that one,
    and the same unit under an explicit --as-of, are not read."""
    t = dt.date(2026, 7, 27)
    rows = [
        {"benchmark_id": "board", "model_id": "old", "side": "open",
         "release_date": dt.date(2025, 11, 1), "score": 0.3, "observed_on": dt.date(2025, 12, 11)},
        {"benchmark_id": "board", "model_id": "new", "side": "proprietary",
         "release_date": dt.date(2026, 7, 20), "score": 0.6, "observed_on": dt.date(2026, 7, 30)},
        {"benchmark_id": "board", "model_id": "too_new", "side": "open",
         "release_date": dt.date(2026, 7, 29), "score": 0.7, "observed_on": dt.date(2026, 7, 30)},
        {"benchmark_id": "board", "model_id": "later", "side": "open",
         "release_date": dt.date(2026, 7, 1), "score": 0.5, "observed_on": dt.date(2026, 8, 30)},
    ]  # fmt: skip
    obs = _obs(rows)
    default = lag.as_of_later_files(obs, t, every_unit=True)
    assert sorted(default["model_id"].to_list()) == ["new", "old"]
    assert default.filter(pl.col("model_id") == "new")["scores_from_later_file"].to_list() == [True]
    explicit = lag.as_of_later_files(obs, t)
    assert explicit["model_id"].to_list() == ["old"]


def _pooled_draws_one_by_one(v, labels, reps, R, rng):
    """The pooled draws as first written: one median and one mean per draw."""
    groups = [np.flatnonzero(labels == c) for c in np.unique(labels)]
    med, mean = np.empty(R), np.empty(R)
    for r in range(R):
        idx = np.concatenate([groups[g] for g in rng.integers(0, len(groups), len(groups))])
        x = v[idx]
        if reps is not None:
            rx = reps[r, idx]
            x = np.where(np.isnan(rx), x, rx)
        med[r], mean[r] = np.median(x), np.mean(x)
    return med, mean


@pytest.mark.parametrize("seed", range(40))
def test_pooled_draws_grouped_by_length_equal_one_by_one(seed):
    """Medians and means taken over all draws of one length at once are bit for bit those of one
    draw at a time (the same random draws; np.mean's pairwise sums over rows of one length)."""
    g = np.random.default_rng(seed)
    n, R = int(g.integers(1, 40)), int(g.integers(1, 300))
    v = g.normal(size=n) * 10 ** g.uniform(-3, 3)
    labels = g.integers(0, max(1, n // 2), n)
    reps = None
    if seed % 2:
        reps = g.normal(size=(R, n)) * 7
        reps[g.random((R, n)) < 0.3] = np.nan
    want = _pooled_draws_one_by_one(v, labels, reps, R, np.random.default_rng(seed + 1))
    got = _pooled_draws(v, labels, reps, R, np.random.default_rng(seed + 1))
    assert np.array_equal(got[0], want[0]) and np.array_equal(got[1], want[1])
