"""Hand-computed toy cases for every estimator in analysis/lag.py."""

from __future__ import annotations

import datetime as dt
import math

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analysis import lag

D = dt.date
SEEN = D(2025, 1, 1)


def observations(
    rows, *, unit="fraction", hib=True, smin=0.0, smax=1.0, bench="b1", regime=None, seen=SEEN
):
    """rows: (model_id, side, release_date, score[, stderr[, ci_lower, ci_upper[, observed_on]]])."""
    out = []
    for r in rows:
        model, side, released, score, *rest = r
        stderr = rest[0] if len(rest) > 0 else None
        lo, hi = (rest[1], rest[2]) if len(rest) > 2 else (None, None)
        observed = rest[3] if len(rest) > 3 else seen
        out.append(
            {
                "benchmark_id": bench,
                "model_id": model,
                "side": side,
                "release_date": released,
                "score": score,
                "stderr": stderr,
                "ci_lower": lo,
                "ci_upper": hi,
                "higher_is_better": hib,
                "scale_min": smin,
                "scale_max": smax,
                "unit": unit,
                "regime": regime,
                "observed_on": observed,
            }
        )
    return pl.DataFrame(out, schema=lag.OBS_COLUMNS)


def days(a: dt.date, b: dt.date) -> int:
    return (a - b).days


# Three proprietary and three open models; open trails by about six months at each step.
BASIC = observations(
    [
        ("p1", "proprietary", D(2023, 1, 1), 0.5),
        ("p2", "proprietary", D(2023, 7, 1), 0.7),
        ("p3", "proprietary", D(2024, 1, 1), 0.9),
        ("o1", "open", D(2023, 6, 1), 0.4),
        ("o2", "open", D(2024, 1, 1), 0.7),
        ("o3", "open", D(2024, 7, 1), 0.8),
    ]
)


def current(frame: pl.DataFrame) -> dict:
    return frame.filter(pl.col("is_current")).row(0, named=True)


# --- frontier -------------------------------------------------------------------------------


def test_frontier_keeps_each_record_setter_with_its_model():
    f = lag.frontier(BASIC)
    assert f.columns == lag.OUTPUT_COLUMNS["frontier"]
    assert f.filter(pl.col("side") == "open")["model_id"].to_list() == ["o1", "o2", "o3"]
    assert f.filter(pl.col("side") == "proprietary")["previous_best_score"].to_list() == [
        None,
        0.5,
        0.7,
    ]


def test_frontier_ties_go_to_earliest_release_then_model_id():
    obs = observations(
        [
            ("b-late", "proprietary", D(2023, 3, 1), 0.6),  # same score, later: not a record
            ("a-early", "proprietary", D(2023, 1, 1), 0.6),
            ("z-same-day", "open", D(2023, 1, 1), 0.5),  # same day, same score: model_id decides
            ("a-same-day", "open", D(2023, 1, 1), 0.5),
            ("worse-same-day", "open", D(2023, 1, 1), 0.4),
            ("dominated", "open", D(2023, 5, 1), 0.45),
        ]
    )
    f = lag.frontier(obs)
    assert f["model_id"].to_list() == ["a-same-day", "a-early"]


def test_frontier_lower_is_better_keeps_the_minimum():
    obs = observations(
        [
            ("p1", "proprietary", D(2023, 1, 1), 30.0),
            ("p2", "proprietary", D(2023, 6, 1), 40.0),
            ("p3", "proprietary", D(2023, 9, 1), 20.0),
            ("o1", "open", D(2023, 2, 1), 35.0),
        ],
        unit="score",
        hib=False,
        smin=0.0,
        smax=100.0,
    )
    f = lag.frontier(obs).filter(pl.col("side") == "proprietary")
    assert f["model_id"].to_list() == ["p1", "p3"]
    assert f["score"].to_list() == [30.0, 20.0]


def test_frontier_never_crosses_regimes():
    a = observations([("p1", "proprietary", D(2023, 1, 1), 0.9)], regime="v1")
    b = observations([("p2", "proprietary", D(2023, 6, 1), 0.5)], regime="v2")
    f = lag.frontier(pl.concat([a, b]))
    assert sorted(f["model_id"].to_list()) == ["p1", "p2"]


def test_frontier_uses_the_newest_observation_of_a_model():
    obs = observations(
        [
            ("p1", "proprietary", D(2023, 1, 1), 0.9, None, None, None, D(2024, 1, 1)),
            ("p1", "proprietary", D(2023, 1, 1), 0.6, None, None, None, D(2024, 6, 1)),
        ]
    )
    assert lag.frontier(obs)["score"].to_list() == [0.6]


# --- horizontal lag and catch-up events -------------------------------------------------------


def test_catch_up_events_basic():
    e = lag.catch_up_events(BASIC)
    assert e.columns == lag.OUTPUT_COLUMNS["catch_up_events"]
    assert e["proprietary_model_id"].to_list() == ["p1", "p2", "p3"]  # p2 ties o2 at 0.7: a match
    assert e["lag_days"].to_list() == [
        days(D(2023, 6, 1), D(2023, 1, 1)),
        days(D(2024, 1, 1), D(2023, 7, 1)),
        days(D(2024, 7, 1), D(2024, 1, 1)),
    ]
    assert e["match_rule"].to_list() == ["point"] * 3
    assert not e["is_censored"].any()


def test_horizontal_lag_current_and_path():
    h = lag.horizontal_lag(BASIC)
    now = current(h)
    # Open frontier today is o3 (0.8); proprietary first reached 0.8 with p3 on 2024-01-01.
    assert now["lag_days"] == days(SEEN, D(2024, 1, 1))
    assert now["matched_model_id"] == "p3"
    assert now["lag_months"] == pytest.approx(366 / (365.25 / 12))
    by_date = dict(zip(h["date"], h["lag_days"], strict=True))
    assert min(by_date) == D(2023, 6, 1)  # first month start when both sides exist
    assert by_date[D(2023, 12, 1)] == days(D(2023, 12, 1), D(2023, 1, 1))  # still o1 vs p1
    assert by_date[D(2024, 1, 1)] == days(D(2024, 1, 1), D(2023, 7, 1))  # o2 matched by p2


def test_horizontal_lag_with_one_open_model():
    obs = observations(
        [
            ("p1", "proprietary", D(2023, 1, 1), 0.5),
            ("p2", "proprietary", D(2023, 6, 1), 0.7),
            ("o1", "open", D(2024, 1, 1), 0.6),
        ]
    )
    assert current(lag.horizontal_lag(obs))["lag_days"] == days(SEEN, D(2023, 6, 1))
    assert lag.catch_up_events(obs)["lag_days"].to_list() == [days(D(2024, 1, 1), D(2023, 6, 1))]


def test_open_ahead_gives_negative_lag_and_censored_event():
    obs = observations(
        [("p1", "proprietary", D(2023, 1, 1), 0.5), ("o1", "open", D(2023, 6, 1), 0.7)],
        seen=D(2023, 12, 1),
    )
    t = D(2024, 1, 1)
    h = current(lag.horizontal_lag(obs, as_of=t))
    # Proprietary never reached 0.7; open reached proprietary's 0.5 on 2023-06-01.
    assert h["lag_days"] == -days(t, D(2023, 6, 1))
    assert h["matched_model_id"] == "o1"
    e = lag.catch_up_events(obs, as_of=t).row(0, named=True)
    assert e["is_censored"] and e["proprietary_model_id"] is None
    assert e["lag_days"] == days(D(2023, 6, 1), t)  # upper bound: open ahead by at least this


def test_proprietary_catching_up_later_gives_negative_event_lag():
    obs = observations(
        [
            ("p1", "proprietary", D(2023, 1, 1), 0.5),
            ("o1", "open", D(2023, 6, 1), 0.7),
            ("p2", "proprietary", D(2023, 9, 1), 0.8),
        ],
        seen=D(2023, 12, 1),
    )
    t = D(2024, 1, 1)
    e = lag.catch_up_events(obs, as_of=t).row(0, named=True)
    assert e["lag_days"] == days(D(2023, 6, 1), D(2023, 9, 1))
    assert not e["is_censored"]
    assert current(lag.horizontal_lag(obs, as_of=t))["lag_days"] == days(t, D(2023, 9, 1))
    h = lag.horizontal_lag(obs, as_of=t, at=[D(2023, 8, 1)]).row(0, named=True)
    assert h["lag_days"] == -days(D(2023, 8, 1), D(2023, 6, 1))


def test_same_day_release_open_ahead_gives_zero_lag_that_shifting_open_does_not_move():
    # Regression (hypothesis): open o1 (0.7) and proprietary p1 (0.5) released the same day.
    # Proprietary never reaches 0.7, so open is ahead; open reached p1's 0.5 on day 0 itself, so the
    # mirror lag is -(t - day 0): 0 on the release day, a 0 that is open-ahead (matched model o1).
    day0 = D(2023, 1, 1)
    t = D(2023, 2, 1)
    later = D(2023, 1, 2)
    obs = observations([("o1", "open", day0, 0.7), ("p1", "proprietary", day0, 0.5)], seen=later)
    h = lag.horizontal_lag(obs, as_of=t, at=[day0, t])
    assert h["lag_days"].to_list() == [0, -31]
    assert h["matched_model_id"].to_list() == ["o1", "o1"]
    assert h["matched_release_date"].to_list() == [day0, day0]
    e = lag.catch_up_events(obs, as_of=t).row(0, named=True)
    assert e["is_censored"] and e["lag_days"] == -31  # open release - as-of
    # Open released one day later: the mirror lag at t + 1 is -(t + 1 - (day 0 + 1)), unchanged, not
    # lag + 1. The censored event bound does move by +1.
    shifted = observations(
        [("o1", "open", later, 0.7), ("p1", "proprietary", day0, 0.5)], seen=later
    )
    hs = lag.horizontal_lag(shifted, as_of=t, at=[later, t + dt.timedelta(days=1)])
    assert hs["lag_days"].to_list() == [0, -31]
    assert hs["matched_model_id"].to_list() == ["o1", "o1"]
    assert lag.catch_up_events(shifted, as_of=t)["lag_days"].to_list() == [-30]


# --- matching rule: the open model gets the benefit of the doubt --------------------------------
# se 0.01 on both sides: the one-sided 5% margin is 1.645 * sqrt(0.01² + 0.01²) = 0.02326.
MARGIN = lag.Z_ONE_SIDED * math.sqrt(2) * 0.01


def test_significance_proprietary_must_be_significantly_above_the_open_model():
    # o1 (0.70) trails. p2 (0.72) is above it by 0.02 < margin: o1 matches p2, so p2 does not count
    # as the proprietary frontier reaching o1's level; p3 (0.80) is significantly above. Point
    # matching takes p2 (0.72 >= 0.70). The old, reversed test took p1 (0.68, "not significantly
    # below" o1), the 0 %-reaches-4 % defect.
    obs = observations(
        [
            ("p1", "proprietary", D(2023, 1, 1), 0.68, 0.01),
            ("p2", "proprietary", D(2023, 6, 1), 0.72, 0.01),
            ("p3", "proprietary", D(2023, 9, 1), 0.80, 0.01),
            ("o1", "open", D(2024, 1, 1), 0.70, 0.01),
        ]
    )
    assert 0.02 < MARGIN < 0.10
    e = lag.catch_up_events(obs).row(0, named=True)
    assert (e["proprietary_model_id"], e["match_rule"]) == ("p3", "z_test")
    assert e["lag_days"] == days(D(2024, 1, 1), D(2023, 9, 1))  # 122
    p = lag.catch_up_events(obs, match="point").row(0, named=True)
    assert (p["proprietary_model_id"], p["match_rule"]) == ("p2", "point")
    assert p["lag_days"] == days(D(2024, 1, 1), D(2023, 6, 1))  # 214
    h = current(lag.horizontal_lag(obs))  # at SEEN, the newest observation
    assert (h["matched_model_id"], h["match_rule"]) == ("p3", "z_test")
    assert h["lag_days"] == days(SEEN, D(2023, 9, 1))


def test_significance_open_model_matches_a_proprietary_point_not_significantly_above_it():
    # Open-ahead direction: o1 (0.70, Jan) and p1 (0.72, Jun). Point: p1 reached o1's level, lag at
    # Aug 1 = Aug 1 - Jun 1 = 61 days. Significance: 0.02 < margin, so p1 has not reached o1; the
    # open frontier matched p1's level with o1 itself, lag = -(Aug 1 - Jan 1) = -212 days.
    obs = observations(
        [
            ("o1", "open", D(2023, 1, 1), 0.70, 0.01),
            ("p1", "proprietary", D(2023, 6, 1), 0.72, 0.01),
        ],
        seen=D(2023, 7, 1),
    )
    t = D(2023, 8, 1)
    sig = current(lag.horizontal_lag(obs, as_of=t))
    assert (sig["lag_days"], sig["matched_model_id"], sig["match_rule"]) == (-212, "o1", "z_test")
    pt = current(lag.horizontal_lag(obs, as_of=t, match="point"))
    assert (pt["lag_days"], pt["matched_model_id"], pt["match_rule"]) == (61, "p1", "point")


def test_a_significant_proprietary_lead_counts_in_both_modes():
    obs = observations(
        [
            ("p1", "proprietary", D(2023, 1, 1), 0.66, 0.005),
            ("p2", "proprietary", D(2023, 6, 1), 0.75, 0.005),
            ("o1", "open", D(2024, 1, 1), 0.60, 0.005),  # p1 is 0.06 above: > 1.645 * 0.00707
        ]
    )
    for match in ("significance", "point"):
        assert lag.catch_up_events(obs, match=match)["proprietary_model_id"].to_list() == ["p1"]


@pytest.mark.parametrize(("p2_lower", "expected"), [(1222.0, "p2"), (1205.0, None)])
def test_ci_overlap_where_only_rating_bounds_exist(p2_lower, expected):
    # Ratings with 95% bounds and no stderr: the proprietary point counts as reaching the open
    # level only when its interval lies wholly above the open model's (p2 lower > o1 upper 1210);
    # overlapping intervals mean the open model matches it. Point matching takes p1 (1205 >= 1200).
    obs = observations(
        [
            ("p1", "proprietary", D(2023, 1, 1), 1205.0, None, 1195.0, 1215.0),
            ("p2", "proprietary", D(2023, 6, 1), 1230.0, None, p2_lower, 1238.0),
            ("o1", "open", D(2024, 1, 1), 1200.0, None, 1190.0, 1210.0),
        ],
        unit="elo",
        smin=None,
        smax=None,
    )
    e = lag.catch_up_events(obs).row(0, named=True)
    assert e["proprietary_model_id"] == expected
    assert e["is_censored"] == (expected is None)
    if expected:
        assert e["match_rule"] == "ci_overlap"
    assert lag.catch_up_events(obs, match="point")["proprietary_model_id"].to_list() == ["p1"]


def test_tolerance_is_a_margin_in_benchmark_units_per_benchmark():
    rows = [
        ("p1", "proprietary", D(2023, 1, 1), 0.705),
        ("p2", "proprietary", D(2023, 6, 1), 0.75),
        ("o1", "open", D(2024, 1, 1), 0.70),
    ]
    obs = pl.concat([observations(rows, bench="b1"), observations(rows, bench="b2")])

    def matched(**kw):
        e = lag.catch_up_events(obs, match="point", **kw).sort("benchmark_id")
        return e["proprietary_model_id"].to_list()

    assert matched() == ["p1", "p1"]
    assert matched(tolerance=0.01) == ["p2", "p2"]  # 0.005 is within one tolerance of o1
    assert matched(tolerance={"b2": 0.01}) == ["p1", "p2"]
    est = lag.run(obs, tolerance={"b2": 0.01}, n_resamples=0).lag_estimates
    tol = est.group_by("benchmark_id").agg(pl.col("match_tolerance").unique()).sort("benchmark_id")
    assert tol["match_tolerance"].to_list() == [[0.0], [0.01]]
    assert set(est["match"]) == {"significance"}


def test_without_any_uncertainty_significance_is_point_matching_and_says_so():
    sig = lag.run(BASIC, n_resamples=0)
    pt = lag.run(BASIC, match="point", n_resamples=0)
    h = sig.lag_estimates.filter(pl.col("estimator") == "horizontal_lag").row(0, named=True)
    assert (h["match"], h["match_rule"]) == ("significance", "point")
    assert set(sig.catch_up_events["match_rule"]) == {"point"}
    assert_frame_equal(sig.gap_series, pt.gap_series)
    assert sig.aggregate["match"].unique().to_list() == ["significance"]
    assert pt.aggregate["match"].unique().to_list() == ["point"]


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"match": "stat"}, "match must be one of"),
        ({"tolerance": -1.0}, "tolerance must be a finite number >= 0"),
        ({"tolerance": {"b1": float("nan")}}, "tolerance must be a finite number >= 0"),
    ],
)
def test_bad_match_settings_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        lag.run(BASIC, n_resamples=0, **kwargs)


# --- threshold crossing -----------------------------------------------------------------------


def test_threshold_crossings_with_censoring():
    t = lag.threshold_crossings(BASIC, n_levels=4)
    assert t.columns == lag.OUTPUT_COLUMNS["thresholds"]
    # Levels from max(first open 0.4, first proprietary 0.5) = 0.5 to 0.9: 0.6, 0.7, 0.8, 0.9.
    assert t["level"].to_list() == pytest.approx([0.6, 0.7, 0.8, 0.9])
    assert t["proprietary_model_id"].to_list() == ["p2", "p2", "p3", "p3"]
    assert t["open_model_id"].to_list() == ["o2", "o2", "o3", None]
    assert t["censored_side"].to_list() == [None, None, None, "open"]
    assert t["lag_days"].to_list() == [184, 184, 182, days(SEEN, D(2024, 1, 1))]


def test_threshold_median_is_kaplan_meier():
    est = lag.threshold_lag(BASIC, n_levels=20).row(0, named=True)
    # Lags: 5 levels at 182 d, 10 at 184 d, 5 censored at 366 d. S drops to 0.25 at 184 d.
    assert est["value"] == pytest.approx(184 / (365.25 / 12))
    assert not est["is_lower_bound"]
    assert "5 censored" in est["note"]


def test_threshold_median_not_reached_is_a_lower_bound():
    obs = observations(
        [
            ("p1", "proprietary", D(2023, 1, 1), 0.5),
            ("p2", "proprietary", D(2023, 3, 1), 0.9),
            ("o1", "open", D(2023, 6, 1), 0.55),
        ]
    )
    est = lag.threshold_lag(obs, n_levels=4).row(0, named=True)
    assert est["is_lower_bound"]
    assert est["value"] == pytest.approx(days(SEEN, D(2023, 3, 1)) / (365.25 / 12))


def test_threshold_level_open_reached_first_is_censored_on_the_proprietary_side():
    obs = observations(
        [("p1", "proprietary", D(2023, 1, 1), 0.5), ("o1", "open", D(2023, 6, 1), 0.7)],
        seen=D(2023, 12, 1),
    )
    t = lag.threshold_crossings(obs, n_levels=2, as_of=D(2024, 1, 1))
    row = t.filter(pl.col("is_censored")).row(0, named=True)
    assert row["level"] == pytest.approx(0.7)
    assert row["censored_side"] == "proprietary"
    assert row["lag_days"] == days(D(2023, 6, 1), D(2024, 1, 1))


# --- trend offset -----------------------------------------------------------------------------


def _linear_sides(score_of_years, unit, smin, smax):
    rows = []
    for i, year in enumerate((2022, 2023, 2024)):
        released = D(year, 1, 1)
        y = (released - D(2022, 1, 1)).days / 365.25
        rows.append((f"p{i}", "proprietary", released, score_of_years(y)))
        # Open reaches each level exactly 365 days later.
        rows.append((f"o{i}", "open", released + dt.timedelta(days=365), score_of_years(y)))
    y = (D(2025, 1, 1) - D(2022, 1, 1)).days / 365.25
    rows.append(("p3", "proprietary", D(2025, 1, 1), score_of_years(y)))
    return observations(rows, unit=unit, smin=smin, smax=smax)


@pytest.mark.parametrize(
    ("fn", "unit", "smin", "smax"),
    [
        (lambda y: 100.0 + 10.0 * y, "index", None, None),
        (lambda y: 1 / (1 + math.exp(-(-1.0 + 0.8 * y))), "fraction", 0.0, 1.0),
    ],
)
def test_trend_offset_recovers_a_known_shift(fn, unit, smin, smax):
    obs = _linear_sides(fn, unit, smin, smax)
    est = lag.trend_offset(obs, as_of=D(2025, 1, 1), window_months=48).row(0, named=True)
    assert est["value"] == pytest.approx(365 / (365.25 / 12), rel=1e-6)
    assert est["note"] == "interpolated"


def test_trend_offset_flags_extrapolation():
    obs = _linear_sides(lambda y: 100.0 + 10.0 * y, "index", None, None)
    # Open far ahead of anything proprietary reached: the offset needs the proprietary line's future.
    obs = obs.with_columns(
        score=pl.when(pl.col("side") == "open").then(pl.col("score") + 50).otherwise("score")
    )
    est = lag.trend_offset(obs, as_of=D(2025, 1, 1), window_months=48).row(0, named=True)
    assert est["value"] < 0
    assert est["note"].startswith("extrapolated")


# --- vertical gap and Arena ratings -----------------------------------------------------------


def arena():
    rows = [
        # Snapshot of 2024-01-31
        ("gpt", "proprietary", D(2023, 3, 1), 1250.0, None, 1245.0, 1255.0, D(2024, 1, 31)),
        ("llama", "open", D(2023, 7, 1), 1200.0, None, 1195.0, 1205.0, D(2024, 1, 31)),
        # Snapshot of 2024-02-29: ratings drift; a strong open model appears only here.
        ("gpt", "proprietary", D(2023, 3, 1), 1260.0, None, 1255.0, 1265.0, D(2024, 2, 29)),
        ("llama", "open", D(2023, 7, 1), 1190.0, None, 1185.0, 1195.0, D(2024, 2, 29)),
        ("qwen", "open", D(2024, 2, 1), 1240.0, None, 1235.0, 1245.0, D(2024, 2, 29)),
    ]
    return observations(rows, unit="elo", smin=None, smax=None, bench="arena")


def test_elo_gap_within_one_snapshot_in_points_win_probability_and_percent():
    g = lag.run(arena(), as_of=D(2024, 3, 15), n_resamples=0).gap_series
    assert g.columns == lag.OUTPUT_COLUMNS["gap_series"]
    feb = g.filter(pl.col("date") == D(2024, 2, 1)).row(0, named=True)
    assert feb["snapshot_date"] == D(2024, 1, 31)
    assert feb["gap"] == 50.0
    assert feb["win_probability"] == pytest.approx(1 / (1 + 10 ** (-50 / 400)))
    assert feb["relative_gap_pct"] == pytest.approx(50 / 1250 * 100)
    now = current(g)
    assert now["snapshot_date"] == D(2024, 2, 29)
    assert now["gap"] == 20.0  # 1260 - 1240, never 1260 - 1200 across snapshots
    assert now["open_model_id"] == "qwen"


def test_non_rating_gap_has_no_win_probability():
    now = current(lag.run(BASIC, n_resamples=0).gap_series)
    assert now["gap"] == pytest.approx(0.1)
    assert now["win_probability"] is None
    assert now["relative_gap_pct"] == pytest.approx(0.1 / 0.9 * 100)


def test_lower_is_better_gap_is_positive_when_proprietary_leads():
    obs = observations(
        [("p1", "proprietary", D(2023, 1, 1), 20.0), ("o1", "open", D(2023, 2, 1), 30.0)],
        unit="score",
        hib=False,
        smin=0.0,
        smax=100.0,
    )
    assert current(lag.run(obs, n_resamples=0).gap_series)["gap"] == 10.0


# --- bootstrap, estimates, aggregate, trend ---------------------------------------------------


def test_bootstrap_is_seeded_and_brackets_the_estimate():
    obs = pl.concat(
        [
            BASIC,
            observations(
                [("p4", "proprietary", D(2023, 3, 1), 0.6), ("o4", "open", D(2024, 3, 1), 0.65)]
            ),
        ]
    )
    a = lag.run(obs, n_resamples=200, seed=7)
    b = lag.run(obs, n_resamples=200, seed=7)
    assert_frame_equal(a.lag_estimates, b.lag_estimates)
    assert_frame_equal(a.gap_series, b.gap_series)
    c = lag.run(obs, n_resamples=200, seed=8)
    assert not c.lag_estimates.equals(a.lag_estimates)
    est = a.lag_estimates
    assert est.columns == lag.OUTPUT_COLUMNS["lag_estimates"]
    h = est.filter(pl.col("estimator") == "horizontal_lag").row(0, named=True)
    assert h["lo"] <= h["value"] <= h["hi"]
    assert h["n_resamples"] == 200 and h["n_valid_resamples"] == 200


def test_bootstrap_perturbs_scores_by_their_stderr():
    rows = [
        ("p1", "proprietary", D(2023, 1, 1), 0.5, 0.05),
        ("o1", "open", D(2023, 6, 1), 0.4, 0.05),
    ]
    noisy = lag.run(observations(rows), n_resamples=300, seed=1).lag_estimates
    gap = noisy.filter(pl.col("estimator") == "vertical_gap").row(0, named=True)
    # One model a side: only the perturbation moves the gap; sd of the difference is 0.0707.
    assert gap["hi"] - gap["lo"] == pytest.approx(2 * 1.645 * 0.0707, rel=0.2)


def test_estimates_flag_thin_coverage():
    est = lag.run(BASIC, n_resamples=0, min_models=4).lag_estimates.row(0, named=True)
    assert est["is_thin_coverage"]
    assert "fewer than 4 models" in est["thin_reason"]
    assert (est["n_open"], est["n_proprietary"]) == (3, 3)
    recent = lag.run(
        BASIC.with_columns(observed_on=pl.lit(D(2024, 8, 1))), n_resamples=0
    ).lag_estimates.row(0, named=True)
    assert "newest open model under 90 days old" in recent["thin_reason"]


def test_aggregate_pools_benchmarks_one_regime_each():
    rows = []
    for bench, value in (("a", 2.0), ("b", 4.0), ("c", 12.0)):
        rows.append((bench, "r1", value, 10, 10))
    rows.append(("c", "r0", 100.0, 1, 1))  # the smaller regime of c does not vote
    est = pl.DataFrame(
        [
            {
                "benchmark_id": b,
                "regime": r,
                "as_of_date": SEEN,
                "estimator": "horizontal_lag",
                "value": v,
                "lo": None,
                "hi": None,
                "value_unit": "months",
                "is_lower_bound": False,
                "note": None,
                "n_open": n_o,
                "n_proprietary": n_p,
                "newest_open_release_date": None,
                "is_thin_coverage": b == "a",
                "thin_reason": None,
                "n_resamples": 0,
                "n_valid_resamples": 0,
            }
            for b, r, v, n_o, n_p in rows
        ]
    )
    agg = lag.aggregate(est, n_resamples=500, seed=0)
    assert agg.columns == lag.OUTPUT_COLUMNS["aggregate"]
    med = agg.filter(pl.col("statistic") == "median").row(0, named=True)
    mean = agg.filter(pl.col("statistic") == "mean").row(0, named=True)
    assert (med["value"], mean["value"]) == (4.0, 6.0)
    assert med["iqr"] == pytest.approx(5.0)
    assert med["n_benchmarks"] == 3 and med["n_thin_coverage"] == 1
    assert 2.0 <= med["lo"] <= med["value"] <= med["hi"] <= 12.0
    no_thin = lag.aggregate(est, n_resamples=0, exclude_thin=True)
    assert no_thin.filter(pl.col("statistic") == "median")["value"].item() == 8.0


def _lag_path_obs(shrinking: bool):
    """Open releases every quarter; proprietary releases make the lag shrink or grow."""
    rows = []
    for q in range(12):
        released = D(2022 + q // 4, 1 + 3 * (q % 4), 1)
        rows.append((f"o{q}", "open", released, float(q)))
        # The proprietary model reaching level q came out 12 months before (shrinking: 12 - q).
        back = (12 - q) if shrinking else (6 + q)
        p_released = D(released.year - (1 if back > released.month - 1 else 0), 1, 1)
        month = released.month - back
        year = released.year
        while month < 1:
            month += 12
            year -= 1
        p_released = D(year, month, 1)
        rows.append((f"p{q}", "proprietary", p_released, float(q)))
    return observations(rows, unit="index", smin=None, smax=None)


def test_lag_trend_shrinking_gives_a_forecast_parity_date():
    tr = lag.run(_lag_path_obs(True), as_of=D(2025, 1, 1), n_resamples=100).lag_trend
    assert tr.columns == lag.OUTPUT_COLUMNS["lag_trend"]
    row = tr.filter(pl.col("benchmark_id") == "b1").row(0, named=True)
    assert row["slope_months_per_year"] < 0
    assert row["parity_date"] is not None and row["parity_date"] > D(2025, 1, 1)
    assert row["is_forecast"] and row["statement"].startswith("forecast:")
    assert tr.filter(pl.col("benchmark_id") == "all").height == 1


def test_lag_trend_growing_says_no_parity_in_sight():
    tr = lag.run(_lag_path_obs(False), as_of=D(2025, 1, 1), n_resamples=50).lag_trend
    row = tr.filter(pl.col("benchmark_id") == "b1").row(0, named=True)
    assert row["slope_months_per_year"] > 0
    assert row["parity_date"] is None
    assert row["statement"].startswith("no parity in sight")


# --- as-of and input checks -------------------------------------------------------------------


def test_as_of_keeps_what_was_observed_and_released_by_then():
    obs = observations(
        [
            ("p1", "proprietary", D(2023, 1, 1), 0.5, None, None, None, D(2023, 2, 1)),
            ("p2", "proprietary", D(2023, 1, 1), 0.6, None, None, None, D(2023, 8, 1)),
            ("o1", "open", D(2023, 7, 1), 0.4, None, None, None, D(2023, 7, 1)),
        ]
    )
    assert lag.as_of(obs, D(2023, 7, 1))["model_id"].to_list() == ["p1", "o1"]
    assert lag.frontier(obs, as_of=D(2023, 6, 30))["model_id"].to_list() == ["p1"]


def test_missing_columns_are_named():
    with pytest.raises(ValueError, match=r"missing \['regime', 'observed_on'\]"):
        lag.frontier(BASIC.drop("regime", "observed_on"))


def test_unknown_side_is_rejected():
    with pytest.raises(ValueError, match="found \\['unreleased'\\]"):
        lag.frontier(BASIC.with_columns(side=pl.lit("unreleased")))
