"""Write the report: reports/<as-of>/index.html (self-contained) and index.md.

Every number shown is registered as a footnote naming the table and the row it comes from, so a
reader can re-run the query with `opengap sql`.
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from analysis.report import charts
from warehouse.safe_text import code_span_text
from warehouse.safe_text import markdown_text as _md

CSS = """
body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.6em;margin-bottom:.2em}h2{margin-top:1.8em;border-bottom:1px solid #ddd;padding-bottom:.2em}
table{border-collapse:collapse;font-size:.85em;margin:.6em 0;max-width:100%}td,th{border-bottom:1px solid #eee;padding:.25em .6em;text-align:left}
th{background:#f6f6f6}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.headline{font-size:1.25em;background:#f4f8f6;border-left:4px solid #1b9e77;padding:.6em 1em}
.chart{margin:1em 0}.chart svg{max-width:100%;height:auto}
sup a{text-decoration:none}.muted{color:#666;font-size:.85em}ol.notes{font-size:.8em;color:#444}
code{background:#f3f3f3;padding:0 .2em}
@media (max-width:640px){body{margin:.6em auto;padding:0 .5em}table{font-size:.68em}td,th{padding:.2em .25em;overflow-wrap:anywhere}td.num{white-space:nowrap;overflow-wrap:normal}.headline{font-size:1.05em}}
"""


@dataclass
class Notes:
    items: list[str] = field(default_factory=list)

    def ref(self, text: str) -> int:
        self.items.append(text)
        return len(self.items)

    def html(self, text: str) -> str:
        n = self.ref(text)
        return f'<sup><a href="#n{n}" id="r{n}">[{n}]</a></sup>'

    def md(self, text: str) -> str:
        n = self.ref(text)
        return f"[^{n}]"


@dataclass
class Section:
    title: str
    html: str
    md: str


def _table_exists(con: duckdb.DuckDBPyConnection, qualified: str) -> bool:
    # fetchall, not fetchone: DuckDB 2 refuses any relation on a connection that still holds a
    # partly fetched result, and the report runs relations on this connection next.
    schema, name = qualified.split(".")
    return bool(
        con.execute(
            "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
            [schema, name],
        ).fetchall()[0][0]
    )


def _esc(v) -> str:
    return html.escape("" if v is None else str(v))


def data_as_of(con: duckdb.DuckDBPyConnection) -> str:
    """The date the findings describe: the headline's measurement date, else the newest Arena
    snapshot. (Some sources date their files by the day they were fetched, which says nothing
    about what the data covers.)"""
    for table, sql in (
        (
            "analysis.lag_headline",
            "select max(as_of_date)::varchar from analysis.lag_headline where label = 'current'",
        ),
        ("analysis.arena_gap", "select max(snapshot_date)::varchar from analysis.arena_gap"),
    ):
        if _table_exists(con, table):
            got = con.execute(sql).fetchall()[0][0]
            if got:
                return got
    return con.execute(
        "select coalesce(max(snapshot_date)::varchar, 'unknown') from core.scores"
    ).fetchall()[0][0]


def sources_section(con: duckdb.DuckDBPyConnection, notes: Notes, today: dt.date) -> Section:
    rows = con.execute(
        """select source, count(*) as files, max(snapshot_date) as newest, max(fetched_at) as fetched
           from raw.fetches group by 1 order by 1"""
    ).fetchall()
    h = [
        "<table><tr><th>source</th><th>files</th><th>newest data</th><th>age (days)</th><th>last fetched</th></tr>"
    ]
    m = [
        "| source | files | newest data | age (days) | last fetched |",
        "| --- | --- | --- | --- | --- |",
    ]
    for source, files, newest, fetched in rows:
        age = (today - newest).days if newest else None
        ref = f"raw.fetches where source = '{source}'"
        h.append(
            f"<tr><td>{_esc(source)}</td><td class=num>{files}</td><td>{_esc(newest)}</td>"
            f"<td class=num>{_esc(age)}{notes.html(ref)}</td><td>{_esc(str(fetched)[:19])}</td></tr>"
        )
        m.append(f"| {_md(source)} | {files} | {newest} | {age} | {str(fetched)[:19]} |")
    h.append("</table>")
    return Section("Sources and the age of their data", "\n".join(h), "\n".join(m))


def arena_section(
    con: duckdb.DuckDBPyConnection, notes: Notes, as_of: str, chart_cache: Path | None = None
) -> Section | None:
    if not _table_exists(con, "analysis.arena_gap"):
        return None
    rows = con.execute(
        """select snapshot_date, source, top_proprietary, proprietary_score, top_open, open_score,
                  gap_points, proprietary_win_prob, gap_pct_of_proprietary, n_unknown_access
           from analysis.arena_gap order by snapshot_date, source"""
    ).fetchall()
    if not rows:
        return None
    svg = charts.cached(
        chart_cache,
        charts.arena_gap_chart,
        [r[0] for r in rows],
        [r[6] for r in rows],
        [r[7] for r in rows],
        "LMArena / LMSYS leaderboards (via opengap sources lmarena_*)",
        as_of,
    )
    h = [f'<div class="chart" data-chart="arena-gap">{svg}</div>']
    h.append(
        "<table><tr><th>snapshot</th><th>source</th><th>top proprietary</th><th>score</th><th>top open</th>"
        "<th>score</th><th>gap (pts)</th><th>P(prop. wins)</th><th>gap % (AI Index style)</th></tr>"
    )
    m = [
        "| snapshot | source | top proprietary | score | top open | score | gap (pts) | P(prop. wins) | gap % |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for d, src, tp, ps, to, os_, gap, win, pct, _unk in rows:
        ref = f"analysis.arena_gap where snapshot_date = '{d}' and source = '{src}'"
        n = notes.html(ref)
        h.append(
            f"<tr><td>{d}</td><td>{_esc(src)}</td><td>{_esc(tp)}</td><td class=num>{ps:.0f}</td>"
            f"<td>{_esc(to)}</td><td class=num>{os_:.0f}</td><td class=num>{gap:.0f}{n}</td>"
            f"<td class=num>{win:.1%}</td><td class=num>{pct:.2f}%</td></tr>"
        )
        m.append(
            f"| {d} | {_md(src)} | {_md(tp)} | {ps:.0f} | {_md(to)} | {os_:.0f} | {gap:.0f} "
            f"| {win:.1%} | {pct:.2f}% |"
        )
    h.append("</table>")
    h.append(
        '<p class="muted">Ratings drift between snapshots as the pool of models and votes changes, so '
        "the gap is only ever taken within one snapshot. The percentage gap divides by a rating whose "
        "zero is arbitrary; it is shown to compare with the Stanford AI Index, not as the lead number.</p>"
    )
    return Section("The Arena gap within each snapshot", "\n".join(h), "\n".join(m))


def write(
    con: duckdb.DuckDBPyConnection,
    out_dir: Path,
    sections: list[Section],
    notes: Notes,
    headline_html: str,
    headline_md: str,
    as_of: str,
) -> tuple[Path, Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    generated = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    body = [
        "<h1>opengap: how far open-weight models trail the proprietary frontier</h1>",
        f'<p class="muted">Data as of {as_of}. Generated {generated}. Every number links to a footnote '
        "naming the table and row it comes from (query it with <code>opengap sql</code>).</p>",
        f'<div class="headline">{headline_html}</div>',
    ]
    md = [
        "# opengap: how far open-weight models trail the proprietary frontier",
        "",
        f"Data as of {as_of}. Generated {generated}.",
        "",
        f"> {headline_md}",
        "",
    ]
    for s in sections:
        body += [f"<h2>{html.escape(s.title)}</h2>", s.html]
        md += [f"## {_md(s.title)}", "", s.md, ""]
    body.append('<h2>Notes</h2><ol class="notes">')
    for i, text in enumerate(notes.items, start=1):
        body.append(f'<li id="n{i}"><code>{html.escape(text)}</code> <a href="#r{i}">↩</a></li>')
    body.append("</ol>")
    md.append("## Notes")
    md.append("")
    for i, text in enumerate(notes.items, start=1):
        md.append(f"[^{i}]: `{code_span_text(text)}`")
    page = (
        "<!doctype html><html lang=en><head><meta charset=utf-8>"
        "<meta name=viewport content='width=device-width,initial-scale=1'>"
        f"<title>opengap report, data as of {html.escape(as_of)}</title><style>{CSS}</style></head><body>"
        + "\n".join(body)
        + "</body></html>\n"
    )
    html_path = out_dir / "index.html"
    md_path = out_dir / "index.md"
    html_path.write_text(page, encoding="utf-8")
    md_path.write_text("\n".join(md) + "\n", encoding="utf-8")
    return html_path, md_path


def _rows(con: duckdb.DuckDBPyConnection, sql: str, params=None) -> list[tuple]:
    return con.execute(sql, params or []).fetchall()


def index_section(con: duckdb.DuckDBPyConnection, notes: Notes) -> Section | None:
    """Each publisher's composite index side by side (analysis.index_lag), never pooled."""
    section = lag_table_section(con, notes, table="analysis.index_lag")
    if section is None:
        return None
    note = (
        '<p class="muted">Composite indices (Epoch Capabilities Index, Artificial Analysis\' '
        "Intelligence, Coding and Agentic indices) re-weight benchmarks that are also counted on "
        "their own, so they are shown beside the headline, never pooled into it; an index whose "
        "method changed is measured per methodology regime.</p>"
    )
    return Section("Composite indices, side by side", section.html + note, section.md)


def lag_table_section(
    con: duckdb.DuckDBPyConnection, notes: Notes, table: str = "analysis.lag_estimates"
) -> Section | None:
    if table not in ("analysis.lag_estimates", "analysis.index_lag"):
        raise ValueError(table)
    if not _table_exists(con, table):
        return None
    has_status = bool(
        _rows(
            con,
            "select count(*) from information_schema.columns where table_schema = 'analysis' "
            "and table_name = ? and column_name = 'headline_status'",
            [table.split(".")[1]],
        )[0][0]
    )
    status = (
        "coalesce(headline_status, ''), coalesce(headline_reason, '')" if has_status else "'', ''"
    )
    rows = _rows(
        con,
        f"""select benchmark_id, coalesce(regime, '') as regime, as_of_date, value, lo, hi,
                  n_open, n_proprietary, {status},
                  coalesce((select any_value(b.name) from core.benchmarks b
                            where b.benchmark_id = t.benchmark_id), benchmark_id) as name
           from {table} t where estimator = 'horizontal_lag'
           order by name, benchmark_id, regime""",
    )
    if not rows:
        return None
    h = [
        "<table><tr><th>benchmark</th><th>regime</th><th>measured at</th><th>lag (months)</th>"
        "<th>90% interval</th><th>models open/prop.</th><th>in the headline</th></tr>"
    ]
    m = [
        "| benchmark | regime | measured at | lag (months) | 90% interval | open/prop. | in the headline |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for b, reg, d, v, lo, hi, no, np_, st, why, name in rows:
        ref = (
            f"{table} where benchmark_id = '{b}' and regime is not distinct from "
            f"{('NULL' if not reg else repr(reg))} and estimator = 'horizontal_lag'"
        )
        # the reason already opens with the status ("counted: live (...)"): say it once
        cov = why if why.startswith(f"{st}:") else (f"{st}: {why}" if why else st)
        val = "–" if v is None else f"{v:.1f}"
        iv = "–" if lo is None else f"{lo:.1f} – {hi:.1f}"
        h.append(
            f'<tr><td title="{_esc(b)}">{_esc(name)}</td><td>{_esc(reg)}</td><td>{d}</td>'
            f"<td class=num>{val}{notes.html(ref)}</td>"
            f"<td class=num>{iv}</td><td class=num>{no}/{np_}</td><td>{_esc(cov)}</td></tr>"
        )
        m.append(f"| {_md(name)} | {_md(reg)} | {d} | {val} | {iv} | {no}/{np_} | {_md(cov)} |")
    h.append("</table>")
    h.append(
        '<p class="muted">Horizontal lag: at the common as-of date, the time since the '
        "proprietary frontier first reached the open frontier's level; an open model matches unless "
        "its score is significantly below (one-sided z-test at 5% on standard errors, or 95% "
        "interval overlap). Intervals: 90% bootstrap, resampling models and propagating score errors. "
        "A benchmark counts in the headline only while live (a model on each side released in the "
        "last 6 months), not saturated and with at least 5 models per side; the last column says why "
        "one does not. Method: analysis/LAG_METHOD.md.</p>"
    )
    return Section("Lag per benchmark", "\n".join(h), "\n".join(m))


def frontier_charts_section(
    con: duckdb.DuckDBPyConnection, as_of: str, limit: int = 16, chart_cache: Path | None = None
) -> Section | None:
    if not _table_exists(con, "analysis.frontier"):
        return None
    units = _rows(
        con,
        """select e.benchmark_id, e.regime, e.as_of_date, e.value, any_value(b.name), any_value(b.unit),
                  any_value(b.publisher)
           from analysis.lag_estimates e join core.benchmarks b using (benchmark_id)
           where e.estimator = 'horizontal_lag'
           group by all order by e.benchmark_id, e.regime limit ?""",
        [limit],
    )
    parts_h, parts_m = [], []
    for bench, regime, as_of_unit, lag_value, name, unit, publisher in units:
        pts = _rows(
            con,
            """select side, release_date, max(score) from analysis.lag_observations
               where benchmark_id = ? and regime is not distinct from ? and side is not null
                 and release_date is not null and not is_self_reported and not style_control
                 and not (side = 'open' and is_derivative)
               group by all order by all""",
            [bench, regime],
        )
        fr = _rows(
            con,
            """select side, release_date, score, model_id from analysis.frontier
               where benchmark_id = ? and regime is not distinct from ?
               order by release_date, side, score, model_id""",
            [bench, regime],
        )
        points = {"open": [], "proprietary": []}
        for side, d, s in pts:
            points[side].append((d, s))
        frontier = {"open": [], "proprietary": []}
        labels = []
        for side, d, s, model in fr:
            frontier[side].append((d, s))
            labels.append((d, s, model, side))
        # each side's newest frontier models first (they are the ones the lag is about), at most
        # five a side; charts._place_labels leaves out any that would collide with other text
        newest = {side: [lab for lab in labels[::-1] if lab[3] == side][:5] for side in frontier}
        labels = [lab for i in range(5) for side in frontier for lab in newest[side][i : i + 1]]
        for side in frontier:  # extend each step line to the measurement date
            if frontier[side]:
                frontier[side].append((as_of_unit, frontier[side][-1][1]))
        arrow = None
        if lag_value is not None and frontier["open"]:
            level = frontier["open"][-1][1]
            start = as_of_unit - dt.timedelta(days=int(lag_value * 30.4375))
            arrow = (start, as_of_unit, level, f"lag {lag_value:.1f} months")
        title = f"{name}{' — ' + regime if regime else ''}"
        svg = charts.cached(
            chart_cache,
            charts.frontier_chart,
            title,
            f"score ({unit})",
            points,
            frontier,
            labels,
            arrow,
            f"{publisher or bench} via opengap ({bench})",
            str(as_of_unit),
        )
        parts_h.append(
            f'<div class="chart" data-chart="frontier" data-benchmark="{_esc(bench)}">{svg}</div>'
        )
        parts_m.append(
            f"- {_md(title)}: lag {('–' if lag_value is None else f'{lag_value:.1f}')} months "
            f"at {as_of_unit}"
        )
    if not parts_h:
        return None
    return Section(
        "Frontiers: open and proprietary, per benchmark",
        "<p class='muted'>Every model is a point at its release date; the step lines are each side's "
        "running best (labelled where the frontier advanced); the arrow is the horizontal lag.</p>"
        + "\n".join(parts_h),
        "\n".join(parts_m),
    )


# The pooled median of fewer benchmarks than this is not drawn: with 2-4 benchmarks one board
# moves the median (2023's early months rest on four Arena-era boards).
HISTORY_MIN_BENCHMARKS = 5


def history_section(
    con: duckdb.DuckDBPyConnection, notes: Notes, as_of: str, chart_cache: Path | None = None
) -> Section | None:
    if not _table_exists(con, "analysis.lag_history"):
        return None
    rows = _rows(
        con,
        "select date, median_lag_months, lo, hi, n_benchmarks from analysis.lag_history order by date",
    )
    enough = HISTORY_MIN_BENCHMARKS
    first = next((i for i, r in enumerate(rows) if (r[4] or 0) >= enough), None)
    if first is None or len(rows) - first < 2:
        return None
    shown = rows[first:]
    nan = float("nan")

    def keep(r, v):  # a later month below the minimum is a gap in the line, not a point
        return v if (r[4] or 0) >= enough and v is not None else nan

    svg = charts.cached(
        chart_cache,
        charts.history_chart,
        "Median lag across benchmarks over time (months), with its 90% band",
        [r[0] for r in shown],
        [keep(r, r[1]) for r in shown],
        [keep(r, r[2] if r[2] is not None else r[1]) for r in shown],
        [keep(r, r[3] if r[3] is not None else r[1]) for r in shown],
        [int(r[4] or 0) for r in shown],
        "months behind the proprietary frontier",
        enough,
        "opengap analysis.lag_history (the headline's benchmarks counted each month)",
        as_of,
    )
    thin = sum(1 for r in shown if (r[4] or 0) < enough)
    ref = notes.html("analysis.lag_history order by date")
    drawn = (
        f"<p class='muted'>Drawn from {shown[0][0]}, the first month with at least {enough} "
        f"benchmarks counted ({first} earlier month{'s' if first != 1 else ''} rest on fewer"
        + (
            f"; {thin} later month{'s' if thin != 1 else ''} below {enough} are gaps"
            if thin
            else ""
        )
        + f"). The bars below give the number of benchmarks behind each month's median.{ref}</p>"
    )
    trend = _rows(con, "select statement from analysis.lag_trend where benchmark_id = 'all'")
    tref = notes.html("analysis.lag_trend where benchmark_id = 'all'")
    text = f"<p>{_esc(trend[0][0]) if trend else ''}{tref if trend else ''}</p>"
    md_drawn = (
        f"Chart drawn from {shown[0][0]}, the first month with at least {enough} benchmarks "
        f"counted ({first} earlier months rest on fewer)."
    )
    return Section(
        "The lag over time",
        f'<div class="chart" data-chart="lag-history">{svg}</div>{drawn}{text}',
        f"{md_drawn}\n\nTrend: {_md(trend[0][0]) if trend else 'n/a'}",
    )


def sensitivity_section(
    con: duckdb.DuckDBPyConnection, notes: Notes, as_of: str, chart_cache: Path | None = None
) -> Section | None:
    if not _table_exists(con, "analysis.sensitivity"):
        return None
    rows = _rows(
        con,
        "select switches, median_lag_months, lo, hi, n_benchmarks, note from analysis.sensitivity",
    )
    have = [r for r in rows if r[1] is not None]
    h, m = (
        [],
        [
            "| switches | median lag | 90% interval | benchmarks | note |",
            "| --- | --- | --- | --- | --- |",
        ],
    )
    if have:
        svg = charts.cached(
            chart_cache,
            charts.sensitivity_chart,
            [r[0] for r in have],
            [r[1] for r in have],
            [r[2] if r[2] is not None else r[1] for r in have],
            [r[3] if r[3] is not None else r[1] for r in have],
            "median lag across benchmarks (months)",
            "opengap analysis.sensitivity",
            as_of,
        )
        h.append(f'<div class="chart" data-chart="sensitivity">{svg}</div>')
    h.append(
        "<table><tr><th>switches</th><th>median lag (months)</th><th>90% interval</th><th>benchmarks</th><th>note</th></tr>"
    )
    for sw, v, lo, hi, n, note in rows:
        ref = notes.html(f"analysis.sensitivity where switches = '{sw}'")
        val = "–" if v is None else f"{v:.1f}"
        iv = "–" if lo is None else f"{lo:.1f} – {hi:.1f}"
        h.append(
            f"<tr><td>{_esc(sw)}</td><td class=num>{val}{ref}</td><td class=num>{iv}</td><td class=num>{n}</td><td>{_esc(note)}</td></tr>"
        )
        m.append(f"| {_md(sw)} | {val} | {iv} | {n} | {_md(note)} |")
    h.append("</table>")
    return Section("How much the answer depends on choices", "\n".join(h), "\n".join(m))


def published_section(con: duckdb.DuckDBPyConnection, notes: Notes) -> Section | None:
    if not _table_exists(con, "analysis.published_comparison"):
        return None
    rows = _rows(
        con,
        "select quantity, period, published, publisher, opengap_value, opengap_detail, note "
        "from analysis.published_comparison",
    )
    h = [
        "<table><tr><th>quantity</th><th>period</th><th>published</th><th>by</th><th>opengap</th><th>why they may differ</th></tr>"
    ]
    m = [
        "| quantity | period | published | by | opengap | why they may differ |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for q, period, pub, who, _v, detail, note in rows:
        ref = notes.html(
            f"analysis.published_comparison where quantity = '{q}' and period = '{period}'"
        )
        h.append(
            f"<tr><td>{_esc(q)}</td><td>{_esc(period)}</td><td>{_esc(pub)}</td><td>{_esc(who)}</td>"
            f"<td>{_esc(detail)}{ref}</td><td class=muted>{_esc(note)}</td></tr>"
        )
        m.append(
            f"| {_md(q)} | {_md(period)} | {_md(pub)} | {_md(who)} | {_md(detail)} | {_md(note)} |"
        )
    h.append("</table>")
    return Section("Beside published figures", "\n".join(h), "\n".join(m))


CAVEATS_HTML = """<ul>
<li><b>Open means open weights</b> (the registry's record per model, with sources): API-only members of open
families (Qwen Max, Mistral Large 2402) are proprietary; open releases of closed labs (gpt-oss, Gemma, Phi) are
open; announced-but-unreleased models are on neither side; fine-tunes and merges are left out by default.</li>
<li><b>Release dates</b> follow a stated rule (earliest public availability, weights or API); the sensitivity
table shows other rules.</li>
<li><b>Arena ratings drift</b>: gaps are taken within one snapshot, and a frontier is never drawn across a
methodology regime (online Elo → Bradley-Terry → reweighted).</li>
<li><b>Public benchmarks get contaminated</b> and hill-climbed; self-reported scores are excluded by default.</li>
<li><b>The released frontier is not the labs' internal frontier</b>: this measures diffusion to the public.</li>
<li><b>Forecasts are labelled as such</b>: a line through a lag path says little about the future.</li>
</ul>"""


def caveats_section() -> Section:
    md = (
        "- Open means open weights, per model, with sources; API-only members of open families are proprietary.\n"
        "- Release dates follow a stated rule; see the sensitivity table.\n"
        "- Arena ratings are compared within one snapshot and one methodology regime only.\n"
        "- Public benchmarks get contaminated; self-reported scores are excluded by default.\n"
        "- The released frontier is not the labs' internal frontier.\n"
        "- Forecasts are labelled as such."
    )
    return Section("What this does and does not say", CAVEATS_HTML, md)
