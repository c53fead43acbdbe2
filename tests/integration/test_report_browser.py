"""The HTML report, rendered in a real browser (headless Chromium): the charts drew, nothing failed,
and a person can read them.

Builds a warehouse from the committed snapshot (what a fresh clone's `opengap report` does), writes
the report, then has Chromium render it: a screenshot that is not blank, the chart elements present
in the rendered DOM, no console errors; no two text boxes of a chart overlap and no legend covers
a plotting area (measured with getBoundingClientRect in the rendered page, at desktop and phone
widths); at a phone's width the page does not scroll sideways and every table fits.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from html import escape
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


# Measures the rendered page and writes the result as JSON into the DOM, for --dump-dom to return.
# Runs only in a copy of the report made by the test (the report itself has no script).
MEASURE_JS = """
<script>
(function () {
  function box(el) { var r = el.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }
  function hit(a, b, tol) {
    return Math.min(a[2], b[2]) - Math.max(a[0], b[0]) > tol &&
           Math.min(a[3], b[3]) - Math.max(a[1], b[1]) > tol;
  }
  var out = {charts: 0, texts: 0, overlaps: [], legend_over_axes: [], tables: []};
  document.querySelectorAll('div.chart').forEach(function (div, i) {
    out.charts += 1;
    var name = div.getAttribute('data-chart') + ':' + (div.getAttribute('data-benchmark') || i);
    var texts = Array.prototype.filter.call(div.querySelectorAll('svg text'), function (t) {
      return t.textContent.trim() !== '';
    });
    out.texts += texts.length;
    var boxes = texts.map(box);
    for (var a = 0; a < texts.length; a++) {
      for (var b = a + 1; b < texts.length; b++) {
        if (hit(boxes[a], boxes[b], 1)) {
          out.overlaps.push(name + ': "' + texts[a].textContent.trim() + '" / "' +
                            texts[b].textContent.trim() + '"');
        }
      }
    }
    var areas = [];
    div.querySelectorAll('svg g[id^="axes_"]').forEach(function (ax) {
      var patch = ax.querySelector(':scope > g[id^="patch_"]');
      if (patch) { areas.push(box(patch)); }
    });
    div.querySelectorAll('svg g[id^="legend_"]').forEach(function (leg) {
      var lb = box(leg);
      areas.forEach(function (ab) { if (hit(lb, ab, 1)) { out.legend_over_axes.push(name); } });
    });
  });
  document.querySelectorAll('table').forEach(function (t) {
    out.tables.push(Math.round(t.getBoundingClientRect().right));
  });
  out.viewport = window.innerWidth;
  out.scroll_width = document.documentElement.scrollWidth;
  var host = window.parent.document;  // the page itself, or the host of its phone-width frame
  var pre = host.createElement('pre');
  pre.id = 'og-measure';
  pre.textContent = JSON.stringify(out);
  host.body.appendChild(pre);
})();
</script>
"""


def _measure(report_html: Path, tmp_path: Path, width: int) -> dict:
    """Render a copy of the page with MEASURE_JS at `width` CSS pixels. Headless Chromium will not
    open a window narrower than 500 px, so the page is laid out in an iframe of that width (srcdoc:
    same origin as its host, so the script can hand its result to the host page)."""
    page = tmp_path / f"measure-{width}.html"
    html = report_html.read_text(encoding="utf-8").replace("</body>", MEASURE_JS + "</body>")
    page.write_text(
        "<!doctype html><html><body style='margin:0'>"
        f'<iframe style="border:0;width:{width}px;height:900px" srcdoc="{escape(html)}"></iframe>'
        "</body></html>",
        encoding="utf-8",
    )
    r = _chromium(["--window-size=1200,900", "--dump-dom", page.as_uri()], tmp_path / f"m{width}")
    found = re.search(r'<pre id="og-measure">(.*?)</pre>', r.stdout, re.S)
    assert found, r.stderr[-2000:]
    return json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))


@pytest.mark.parametrize("width", [1100, 390])
def test_chart_text_never_overlaps(report_html, tmp_path, width):
    got = _measure(report_html, tmp_path, width)
    assert got["charts"] >= 8 and got["texts"] >= 200, got  # the check saw the charts' text
    assert got["overlaps"] == [], got["overlaps"][:20]
    assert got["legend_over_axes"] == []


def test_tables_fit_a_phone(report_html, tmp_path):
    got = _measure(report_html, tmp_path, 390)
    assert got["viewport"] <= 400, got["viewport"]  # the phone width took effect
    assert got["tables"], "no tables measured"
    assert got["scroll_width"] <= got["viewport"], got
    assert max(got["tables"]) <= got["viewport"], got["tables"]


def test_overlap_check_catches_overlapping_text(tmp_path):
    """The measurement itself: two labels drawn on top of each other are reported."""
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100">'
        '<g id="axes_1"><g id="patch_1"><rect x="50" y="10" width="200" height="80"/></g>'
        '<text x="60" y="50" style="font-size:12px">GPT-4o (2024-05-13)</text>'
        '<text x="64" y="52" style="font-size:12px">Llama 3.1 405B</text></g>'
        '<g id="legend_1"><text x="100" y="40">legend</text></g></svg>'
    )
    page = tmp_path / "overlap.html"
    page.write_text(
        f'<!doctype html><html><body><div class="chart" data-chart="t">{svg}</div>'
        "<table><tr><td>x</td></tr></table></body></html>",
        encoding="utf-8",
    )
    got = _measure(page, tmp_path, 800)
    assert any("GPT-4o" in o and "Llama" in o for o in got["overlaps"]), got
    assert got["legend_over_axes"] == ["t:0"], got
