"""Connecting to the warehouse and running its SQL files."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from scrapers._types import OpengapError

SQL_DIR = Path(__file__).parent / "sql"
SCHEMAS = ("raw", "staging", "std", "core", "analysis")
REPO_ROOT = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    return Path(os.environ.get("OPENGAP_DATA", REPO_ROOT / "data"))


def default_db_path() -> Path:
    return Path(os.environ.get("OPENGAP_DB") or data_dir() / "opengap.duckdb")


def connect(path: Path | str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    path = Path(path)
    if read_only and not path.exists():
        raise OpengapError(
            f"{path}: no warehouse here. Run `opengap refresh` (or `opengap load`) first, or pass --db."
        )
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.IOException as exc:
        first = str(exc).splitlines()[0]
        raise OpengapError(f"{path}: cannot open the warehouse ({first}).") from None


def create_schemas(con: duckdb.DuckDBPyConnection) -> None:
    for schema in SCHEMAS:
        con.execute(f"create schema if not exists {schema}")


def run_sql_file(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    try:
        con.execute(path.read_text(encoding="utf-8"))
    except duckdb.Error as exc:
        shown = path.relative_to(REPO_ROOT) if path.is_relative_to(REPO_ROOT) else path
        raise OpengapError(f"{shown}: {str(exc).splitlines()[0]}") from exc


def run_sql_dir(con: duckdb.DuckDBPyConnection, directory: Path) -> None:
    for path in sorted(directory.glob("*.sql")):
        run_sql_file(con, path)


def table_columns(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> dict[str, str]:
    rows = con.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_schema = ? and table_name = ? order by ordinal_position",
        [schema, table],
    ).fetchall()
    return dict(rows)


def table_checksum(con: duckdb.DuckDBPyConnection, qualified: str) -> tuple[int, int]:
    """Row count and an order-independent hash of every row: equal tables give equal checksums."""
    return con.execute(
        f"select count(*), coalesce(sum(hash(t)::hugeint), 0)::varchar from {qualified} t"
    ).fetchone()
