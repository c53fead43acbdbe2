"""Chart cache (analysis/report/charts.py): a chart is drawn once per distinct input and read back
after; anything changed in the data is a new chart; a damaged stored chart is drawn again."""

from __future__ import annotations

import datetime as dt
import os
import time

from analysis.report import charts


def _counting(calls: list):
    def fake_chart(dates, values, as_of):
        calls.append(values)
        return f"<svg><text>{len(values)} {as_of}</text></svg>"

    return fake_chart


def test_same_data_is_drawn_once(tmp_path):
    calls: list = []
    draw = _counting(calls)
    d = [dt.date(2025, 1, 1), dt.date(2025, 2, 1)]
    first = charts.cached(tmp_path, draw, d, [1.0, 2.0], as_of="2025-02-01")
    second = charts.cached(tmp_path, draw, d, [1.0, 2.0], as_of="2025-02-01")
    assert first == second == "<svg><text>2 2025-02-01</text></svg>"
    assert len(calls) == 1
    assert len(list(tmp_path.glob("fake_chart-*.svg"))) == 1


def test_changed_data_is_a_new_chart(tmp_path):
    calls: list = []
    draw = _counting(calls)
    d = [dt.date(2025, 1, 1), dt.date(2025, 2, 1)]
    charts.cached(tmp_path, draw, d, [1.0, 2.0], as_of="2025-02-01")
    charts.cached(tmp_path, draw, d, [1.0, 2.0000001], as_of="2025-02-01")  # one value
    charts.cached(tmp_path, draw, d, [1.0, 2.0], as_of="2025-03-01")  # a keyword
    charts.cached(tmp_path, draw, [d[0], dt.date(2025, 2, 2)], [1.0, 2.0], as_of="2025-02-01")
    assert len(calls) == 4
    assert len(list(tmp_path.glob("*.svg"))) == 4


def test_damaged_stored_chart_is_redrawn(tmp_path):
    calls: list = []
    draw = _counting(calls)
    charts.cached(tmp_path, draw, [], [1.0], as_of="x")
    (stored,) = tmp_path.glob("*.svg")
    stored.write_text("<svg><text>half", encoding="utf-8")  # truncated write
    assert charts.cached(tmp_path, draw, [], [1.0], as_of="x") == "<svg><text>1 x</text></svg>"
    assert len(calls) == 2


def test_no_cache_dir_always_draws(tmp_path):
    calls: list = []
    draw = _counting(calls)
    charts.cached(None, draw, [], [1.0], as_of="x")
    charts.cached(None, draw, [], [1.0], as_of="x")
    assert len(calls) == 2
    assert list(tmp_path.iterdir()) == []


def test_prune_keeps_recent_charts(tmp_path):
    old, new = tmp_path / "a.svg", tmp_path / "b.svg"
    old.write_text("<svg></svg>")
    new.write_text("<svg></svg>")
    past = time.time() - 40 * 86400
    os.utime(old, (past, past))
    assert charts.prune(tmp_path) == 1
    assert [p.name for p in tmp_path.iterdir()] == ["b.svg"]


def test_real_chart_is_deterministic(tmp_path):
    """The same data gives byte-identical SVG (stable ids), so stored charts never churn."""
    args = (
        [dt.date(2025, 1, 1), dt.date(2025, 2, 1), dt.date(2025, 3, 1)],
        [3.0, 4.0, 5.0],
        [2.0, 3.0, 4.0],
        [4.0, 5.0, 6.0],
        "months",
        "test",
        "2025-03-01",
    )
    a = charts.band_chart("t", *args)
    b = charts.band_chart("t", *args)
    assert a == b and a.startswith("<svg")
