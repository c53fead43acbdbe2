"""A warm `opengap report` reads the stored charts and draws none (issue 12 §7): the second report
over an unchanged warehouse never reaches matplotlib and writes the same page."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from analysis.report import charts
from cli import app


def _page(reports: Path) -> str:
    (page,) = reports.glob("*/index.html")
    # the generation time is the only thing allowed to differ
    return re.sub(r"Generated [0-9-]+ [0-9:]+ UTC", "Generated", page.read_text(encoding="utf-8"))


def test_warm_report_draws_no_chart(tmp_path, monkeypatch):
    snapshots = Path(__file__).resolve().parents[2] / "data" / "snapshots"
    latest = (snapshots / "latest").read_text().strip()
    db = tmp_path / "opengap.duckdb"
    r = CliRunner().invoke(app, ["load", str(snapshots / latest), "--db", str(db), "--quiet"])
    assert r.exit_code == 0, r.output
    reports = tmp_path / "reports"
    args = ["report", "--db", str(db), "--out", str(reports), "--quiet"]
    r = CliRunner().invoke(app, args)
    assert r.exit_code == 0, r.output
    cold = _page(reports)
    stored = sorted(p.name for p in (reports / ".chart-cache").glob("*.svg"))
    assert len(stored) >= 8

    def no_drawing():
        raise AssertionError("a warm report drew a chart")

    monkeypatch.setattr(charts, "_plt", no_drawing)
    r = CliRunner().invoke(app, args)
    assert r.exit_code == 0, r.output
    assert _page(reports) == cold
    assert sorted(p.name for p in (reports / ".chart-cache").glob("*.svg")) == stored
