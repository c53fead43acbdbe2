"""The HTML report, rendered in a real browser (headless Chromium): the charts drew, nothing failed.

Builds a warehouse from the committed snapshot (what a fresh clone's `opengap report` does), writes
the report, then has Chromium render it: a screenshot that is not blank, the chart elements present
in the rendered DOM, and no console errors.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli import app

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="chromium not installed (.ci/run installs Debian's chromium package)"
)


@pytest.fixture(scope="module")
def report_html(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("report")
    snapshots = Path(__file__).resolve().parents[2] / "data" / "snapshots"
    latest = (snapshots / "latest").read_text().strip()
    db = work / "opengap.duckdb"
    r = CliRunner().invoke(app, ["load", str(snapshots / latest), "--db", str(db), "--quiet"])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(
        app, ["report", "--db", str(db), "--out", str(work / "reports"), "--quiet"]
    )
    assert r.exit_code == 0, r.output
    pages = list((work / "reports").glob("*/index.html"))
    assert len(pages) == 1
    assert (pages[0].parent / "index.md").is_file()
    return pages[0]


def _chromium(args: list[str], profile: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_report_is_self_contained(report_html):
    html = report_html.read_text(encoding="utf-8")
    # opens offline: no external scripts, styles, images or fonts
    assert not re.search(r"<(script|link|img)[^>]*(src|href)=\"https?://", html)
    assert "<script" not in html
    for chart in ("frontier", "lag-history", "arena-gap", "sensitivity"):
        assert f'data-chart="{chart}"' in html, chart
    # every number links to a note naming the table it comes from
    assert html.count('<li id="n') >= 10
    assert "analysis.lag_headline where label = &#x27;current&#x27;" in html


def test_charts_render_in_chromium(report_html, tmp_path):
    shot = tmp_path / "shot.png"
    r = _chromium(
        ["--window-size=1100,3000", f"--screenshot={shot}", report_html.as_uri()], tmp_path / "p1"
    )
    assert shot.is_file(), r.stderr[-2000:]
    from matplotlib import image

    pixels = image.imread(str(shot))
    assert pixels.shape[0] >= 2000 and pixels.shape[1] >= 1000
    # not blank: many distinct colours and real variation across the page
    assert float(pixels[..., :3].std()) > 0.05
    assert len({tuple(p) for p in pixels[::7, ::7, :3].reshape(-1, 3).round(2).tolist()}) > 50

    r = _chromium(["--dump-dom", report_html.as_uri()], tmp_path / "p2")
    dom = r.stdout
    charts = re.findall(r'<div class="chart" data-chart="([a-z-]+)"', dom)
    assert charts.count("frontier") >= 5
    assert {"lag-history", "arena-gap", "sensitivity"} <= set(charts)
    assert dom.count("<svg") >= len(charts)
    # axis labels, legends and the data date are in the rendered SVG text
    for text in (
        "model release date",
        "open weights frontier",
        "proprietary frontier",
        "Data as of",
    ):
        assert text in dom, text


def test_no_console_errors(report_html, tmp_path):
    r = _chromium(
        ["--enable-logging=stderr", "--v=0", "--dump-dom", report_html.as_uri()], tmp_path / "p3"
    )
    console = [line for line in r.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    assert console == []
