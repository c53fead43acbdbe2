"""Build the analysis schema from core. Each analysis.* table is one SQL file in analysis/sql/."""

from __future__ import annotations

from pathlib import Path

import duckdb

from warehouse import db

ANALYSIS_SQL = Path(__file__).parent / "sql"
ORDER = ("arena_gap",)


def build(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("create schema if not exists analysis")
    for name in ORDER:
        db.run_sql_file(con, ANALYSIS_SQL / f"{name}.sql")
