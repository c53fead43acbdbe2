"""Assemble the report from the warehouse: headline, per-benchmark lag, charts, sources, notes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb

from analysis.report import html as rhtml


def build(
    con: duckdb.DuckDBPyConnection, reports_dir: Path, today: dt.date | None = None
) -> tuple[Path, Path]:
    today = today or dt.datetime.now(dt.UTC).date()
    as_of = rhtml.data_as_of(con)
    notes = rhtml.Notes()
    sections: list[rhtml.Section] = []
    headline_html, headline_md = _headline(con, notes)
    arena = rhtml.arena_section(con, notes, as_of)
    if arena:
        sections.append(arena)
    sections.append(rhtml.sources_section(con, notes, today))
    out_dir = reports_dir / as_of
    return rhtml.write(con, out_dir, sections, notes, headline_html, headline_md, as_of)


def _headline(con: duckdb.DuckDBPyConnection, notes: rhtml.Notes) -> tuple[str, str]:
    row = con.execute(
        """select snapshot_date, source, top_proprietary, top_open, gap_points, proprietary_win_prob
           from analysis.arena_gap order by snapshot_date desc, source limit 1"""
    ).fetchone()
    if not row:
        return "No Arena snapshot with both sides yet.", "No Arena snapshot with both sides yet."
    d, src, tp, to, gap, win = row
    ref = f"analysis.arena_gap where snapshot_date = '{d}' and source = '{src}'"
    text = (
        f"In the newest Arena snapshot ({d}), the top proprietary model ({tp}) leads the top open "
        f"model ({to}) by {gap:.0f} rating points: it would win {win:.0%} of head-to-head votes."
    )
    return text + notes.html(ref), text
