"""analysis/published.py: the IAPS tracker's definitions on hand-made models whose answers can be worked
out by hand, and the table's shape and column descriptions on an empty warehouse."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from analysis import published, schema_docs
from analysis.lag import DAYS_PER_MONTH
from analysis.published import (
    Entry,
    caught_up,
    crossing_median,
    epoch_label_is_open,
    group_frontier,
    threshold_crossings,
    trend_gap,
    window_average_lag,
)

D0 = dt.date(2024, 1, 1)


def e(name: str, day: int, score: float, is_open: bool, std: float | None = None) -> Entry:
    return Entry(name, D0 + dt.timedelta(days=day), score, std, is_open)


@pytest.mark.parametrize(
    ("label", "side"),
    [
        ("Open weights (unrestricted)", True),
        ("Open weights (non-commercial)", True),
        ("API access", False),
        ("Hosted access (no API)", False),
        ("Unreleased", None),
        ("", None),
        (None, None),
        ("  ", None),
    ],
)
def test_epoch_label_decides_the_side_and_blank_or_unreleased_is_left_out(label, side):
    assert epoch_label_is_open(label) is side


def test_frontier_keeps_ties_and_drops_a_lower_model_released_the_same_day():
    models = [
        e("p1", 0, 10, False),
        e("p2", 5, 10, False),  # same day as p3 but lower: same-day releases go highest first
        e("p3", 5, 12, False),
        e("p4", 7, 12, False),  # ties the record: kept
        e("p5", 9, 11, False),  # below the record
        e("o1", 3, 4, True),
    ]
    assert [m.model for m in group_frontier(models)] == ["p1", "o1", "p3", "p4"]


def test_caught_up_uses_the_z_test_where_there_is_a_standard_error_and_the_tolerance_otherwise():
    # z * sqrt(1 + 1) = 2.326: 2 below is within the noise, 3 below is not
    assert caught_up(e("o", 0, 50, True, 1.0), e("p", 0, 52, False, 1.0), tolerance=0)
    assert not caught_up(e("o", 0, 50, True, 1.0), e("p", 0, 53, False, 1.0), tolerance=0)
    # no standard error (the ECI), or none above zero: the tolerance decides
    assert caught_up(e("o", 0, 99, True), e("p", 0, 100, False), tolerance=1.0)
    assert not caught_up(e("o", 0, 98.9, True), e("p", 0, 100, False), tolerance=1.0)
    assert not caught_up(e("o", 0, 49, True, 0.0), e("p", 0, 50, False, 0.0), tolerance=0.5)


def test_window_average_is_the_mean_daily_time_since_the_newest_record_caught_up_with():
    frontier = group_frontier(
        [
            e("A", 0, 10, False),
            e("X", 30, 10, True),  # catches A on day 30
            e("B", 60, 20, False),  # never caught
            e("C", 90, 30, False),  # the last frontier record ends the window
        ]
    )
    w = window_average_lag(frontier, tolerance=0.0)
    # window day 30..90; every day the newest record X has caught up with is A (day 0)
    assert (w.window_start, w.window_end, w.n_days) == (
        D0 + dt.timedelta(30),
        D0 + dt.timedelta(90),
        61,
    )
    assert w.mean_months == pytest.approx(60 / DAYS_PER_MONTH)


def test_window_average_restarts_when_the_open_side_catches_a_newer_record():
    frontier = group_frontier(
        [e("A", 0, 10, False), e("X", 0, 10, True), e("B", 10, 20, False), e("Y", 20, 20, True)]
    )
    w = window_average_lag(frontier, tolerance=0.0)
    # days 0..9: A (lag 0..9); days 10..19: still A (10..19); day 20: Y caught B (lag 10)
    expected = (sum(range(0, 20)) + 10) / 21 / DAYS_PER_MONTH
    assert w.mean_months == pytest.approx(expected)


def test_threshold_crossings_keep_one_point_per_model_pair_at_its_highest_level():
    models = [
        e("c1", 0, 40, False),
        e("o1", 100, 45, True),
        e("c2", 50, 60, False),
        e("o2", 200, 62, True),
        e("c3", 300, 80, False),  # no open model reaches 70: still open
    ]
    pts = threshold_crossings(
        models, accepted=[35, 40, 50], levels=[35, 40, 45, 50, 55, 60, 65, 70]
    )
    by_level = {p.level: p for p in pts}
    assert 65.0 in by_level and by_level[70.0].open is None and not by_level[70.0].accepted
    accepted = [(p.level, p.proprietary.model, p.open.model) for p in pts if p.accepted]
    assert accepted == [(40.0, "c1", "o1"), (60.0, "c2", "o2")]
    assert [p.gap_months for p in pts if p.accepted] == [
        round(100 / DAYS_PER_MONTH, 1),
        round(150 / DAYS_PER_MONTH, 1),
    ]
    assert crossing_median(pts) == round((3.3 + 4.9) / 2, 1)


def test_threshold_validity_falls_back_to_the_tenth_percentile_of_scores():
    models = [e(f"c{i}", i, 10 * i, False) for i in range(1, 10)] + [e("o", 50, 95, True)]
    pts = threshold_crossings(models, levels=[5, 15, 85])
    # floor = 10th percentile of 10..90 and 95 = 18: level 5 and 15 are below it
    assert {p.level: p.valid for p in pts if p.open} == {5.0: False, 15.0: False, 85.0: True}


def test_trend_gap_recovers_a_known_offset_with_an_interval_around_it():
    closed = [e(f"c{i}", 30 * i, 100 + i, False) for i in range(13)]
    open_ = [e(f"o{i}", 30 * i + 183, 100 + i, True) for i in range(13)]
    t = trend_gap(group_frontier(closed + open_), n_boot=200)
    # the open line is the closed one 183 days later; evaluated at the newest record
    assert t.months == pytest.approx(183 / DAYS_PER_MONTH, abs=0.05)
    assert t.lo <= t.months <= t.hi and t.n_valid_resamples == 200


def test_trend_gap_needs_three_records_a_side_and_an_interval_needs_eight():
    few = [e("c1", 0, 1, False), e("c2", 30, 2, False), e("o1", 40, 1, True), e("o2", 70, 2, True)]
    assert trend_gap(few) is None
    some = [e(f"c{i}", 30 * i, i, False) for i in range(4)] + [
        e(f"o{i}", 30 * i + 10, i, True) for i in range(4)
    ]
    t = trend_gap(some)
    assert t is not None and t.lo is None and t.hi is None and t.n_valid_resamples == 0


def test_write_creates_the_table_with_every_column_described_on_an_empty_warehouse():
    con = duckdb.connect()
    con.execute("create schema std; create schema analysis")
    con.execute(
        "create table std.scores (source varchar, source_model_name varchar, benchmark_id varchar, "
        "snapshot_date date, score double, stderr double)"
    )
    con.execute(
        "create table std.model_claims (source varchar, source_model_name varchar, snapshot_date date, "
        "access varchar, release_date date)"
    )
    con.execute(
        "create table analysis.arena_gap (snapshot_date date, source varchar, top_proprietary varchar, "
        "top_open varchar, proprietary_score double, open_score double)"
    )
    published.write(con)
    table = "analysis.published_comparison"
    cols = [r[0] for r in con.execute(f"describe {table}").fetchall()]
    assert cols == list(published.COLUMNS)
    # no Epoch data: no IAPS or Epoch rows; the AI Index rows say there is no snapshot
    rows = con.execute(f"select publisher, agrees, why_not from {table}").fetchall()
    assert [r[0] for r in rows] == [published.AI_INDEX, published.AI_INDEX]
    assert all(not agrees and "no Arena snapshot" in why for _, agrees, why in rows)
    for c in cols:
        assert schema_docs.describe(con, table, c), c


def test_epoch_catch_ups_follow_its_notebook():
    models = [
        e("p1", 0, 1.00, False),
        e("o1", 100, 0.99, True),  # within 0.02 nats of p1: its match
        e("p2", 120, 1.01, False),  # within 0.02 of the open model matched so far: skipped
        e("o2", 140, 1.60, True),  # released before p3 reached its level: a negative lag
        e("p3", 150, 1.50, False),
        e("p4", 200, 2.00, False),  # no open model there yet: no lag
    ]
    got = [
        (c.proprietary.model, c.open.model, c.months)
        for c in published.epoch_catch_ups(models, "b")
    ]
    month = published.EPOCH_MONTH_DAYS
    assert got == [("p1", "o1", 100 / month), ("p3", "o2", -10 / month)]
