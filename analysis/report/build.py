"""Assemble the report from the warehouse: headline, per-benchmark lag, charts, sources, notes."""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

import duckdb

from analysis.report import charts
from analysis.report import html as rhtml
from warehouse.safe_text import markdown_text


def build(
    con: duckdb.DuckDBPyConnection, reports_dir: Path, today: dt.date | None = None
) -> tuple[Path, Path]:
    today = today or dt.datetime.now(dt.UTC).date()
    as_of = rhtml.data_as_of(con)
    notes = rhtml.Notes()
    sections: list[rhtml.Section] = []
    headline_html, headline_md = _headline(con, notes)
    # charts keyed by a hash of their input data: a report over unchanged tables draws none
    cache = reports_dir / ".chart-cache"
    for make in (
        lambda: rhtml.lag_table_section(con, notes),
        lambda: rhtml.index_section(con, notes),
        lambda: rhtml.history_section(con, notes, as_of, cache),
        lambda: rhtml.frontier_charts_section(con, as_of, chart_cache=cache),
        lambda: rhtml.arena_section(con, notes, as_of, cache),
        lambda: rhtml.sensitivity_section(con, notes, as_of, cache),
        lambda: rhtml.published_section(con, notes),
    ):
        section = make()
        if section:
            sections.append(section)
    sections.append(rhtml.caveats_section())
    sections.append(rhtml.sources_section(con, notes, today))
    charts.prune(cache)
    out_dir = reports_dir / as_of
    return rhtml.write(con, out_dir, sections, notes, headline_html, headline_md, as_of)


def _headline(con: duckdb.DuckDBPyConnection, notes: rhtml.Notes) -> tuple[str, str]:
    from analysis.report.terminal import headline_statement

    statement = headline_statement(con)
    if statement:
        # the same sentence as the terminal's; escaped for each format
        ref = notes.html("analysis.lag_headline where label = 'current'")
        return html.escape(statement) + ref, markdown_text(statement)
    row = con.execute(
        """select snapshot_date, source, top_proprietary, top_open, gap_points, proprietary_win_prob
           from analysis.arena_gap order by snapshot_date desc, source limit 1"""
    ).fetchall()
    row = row[0] if row else None
    if not row:
        return "No Arena snapshot with both sides yet.", "No Arena snapshot with both sides yet."
    d, src, tp, to, gap, win = row
    ref = f"analysis.arena_gap where snapshot_date = '{d}' and source = '{src}'"
    # model names are upstream text: escaped for the HTML page and for the Markdown twin
    text = (
        "In the newest Arena snapshot ({d}), the top proprietary model ({tp}) leads the top open "
        "model ({to}) by {gap:.0f} rating points: it would win {win:.0%} of head-to-head votes."
    )
    as_html = text.format(d=d, tp=html.escape(str(tp)), to=html.escape(str(to)), gap=gap, win=win)
    as_md = text.format(d=d, tp=markdown_text(tp), to=markdown_text(to), gap=gap, win=win)
    return as_html + notes.html(ref), as_md
