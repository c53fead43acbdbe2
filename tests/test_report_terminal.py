"""The terminal report on a warehouse without lag tables (what a refresh that fetched nothing
builds): it prints the Arena table instead of crashing on DuckDB 2's unfinished-result check."""

from __future__ import annotations

import io

import duckdb
from rich.console import Console

from analysis.report import terminal


def test_summary_then_arena_table_on_one_connection_without_lag_tables():
    con = duckdb.connect()
    con.execute("create schema analysis")
    con.execute(
        "create table analysis.arena_gap (snapshot_date date, source varchar, "
        "top_proprietary varchar, proprietary_score double, top_open varchar, open_score double, "
        "gap_points double, proprietary_win_prob double, n_proprietary integer, n_open integer, "
        "n_unknown_access integer)"
    )
    con.execute(
        "insert into analysis.arena_gap values ('2025-08-04', 'lmarena_leaderboard_csv', "
        "'Gemini-2.5-Pro', 1470, 'GLM-4.5', 1434, 36, 0.552, 121, 143, 1)"
    )
    buf = io.StringIO()
    console = Console(file=buf, width=200)
    # render_summary looks for analysis.lag_headline, finds none and returns; the table check must
    # not leave a half-fetched result behind for render's relation
    terminal.render_summary(con, console)
    terminal.render(con, console)
    out = buf.getvalue()
    assert "Gemini-2.5-Pro" in out and "GLM-4.5" in out and "55.2%" in out
