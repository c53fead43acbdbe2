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

CSS = """
body{font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;max-width:980px;margin:2em auto;padding:0 1em;color:#222;line-height:1.45}
h1{font-size:1.6em;margin-bottom:.2em}h2{margin-top:1.8em;border-bottom:1px solid #ddd;padding-bottom:.2em}
table{border-collapse:collapse;font-size:.85em;margin:.6em 0}td,th{border-bottom:1px solid #eee;padding:.25em .6em;text-align:left}
th{background:#f6f6f6}td.num{text-align:right;font-variant-numeric:tabular-nums}
.headline{font-size:1.25em;background:#f4f8f6;border-left:4px solid #1b9e77;padding:.6em 1em}
.chart{margin:1em 0}.chart svg{max-width:100%;height:auto}
sup a{text-decoration:none}.muted{color:#666;font-size:.85em}ol.notes{font-size:.8em;color:#444}
code{background:#f3f3f3;padding:0 .2em}
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
    schema, name = qualified.split(".")
    return bool(
        con.execute(
            "select count(*) from information_schema.tables where table_schema = ? and table_name = ?",
            [schema, name],
        ).fetchone()[0]
    )


def _esc(v) -> str:
    return html.escape("" if v is None else str(v))


def data_as_of(con: duckdb.DuckDBPyConnection) -> str:
    return con.execute(
        "select coalesce(max(snapshot_date)::varchar, 'unknown') from core.scores"
    ).fetchone()[0]


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
        m.append(f"| {source} | {files} | {newest} | {age} | {str(fetched)[:19]} |")
    h.append("</table>")
    return Section("Sources and the age of their data", "\n".join(h), "\n".join(m))


def arena_section(con: duckdb.DuckDBPyConnection, notes: Notes, as_of: str) -> Section | None:
    if not _table_exists(con, "analysis.arena_gap"):
        return None
    rows = con.execute(
        """select snapshot_date, source, top_proprietary, proprietary_score, top_open, open_score,
                  gap_points, proprietary_win_prob, gap_pct_of_proprietary, n_unknown_access
           from analysis.arena_gap order by snapshot_date, source"""
    ).fetchall()
    if not rows:
        return None
    svg = charts.arena_gap_chart(
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
            f"| {d} | {src} | {tp} | {ps:.0f} | {to} | {os_:.0f} | {gap:.0f} | {win:.1%} | {pct:.2f}% |"
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
        md += [f"## {s.title}", "", s.md, ""]
    body.append('<h2>Notes</h2><ol class="notes">')
    for i, text in enumerate(notes.items, start=1):
        body.append(f'<li id="n{i}"><code>{html.escape(text)}</code> <a href="#r{i}">↩</a></li>')
    body.append("</ol>")
    md.append("## Notes")
    md.append("")
    for i, text in enumerate(notes.items, start=1):
        md.append(f"[^{i}]: `{text}`")
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
