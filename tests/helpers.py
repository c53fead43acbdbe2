"""Small helpers for tests: a Fetched record for a fixture file, and parsing it."""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb

import scrapers
from scrapers._types import Fetched
from warehouse import db as wdb

FIXTURES = Path(__file__).parent / "fixtures"


def fetched_for(
    source: str, path: Path, snapshot_date: str | None = None, data: bytes | None = None
) -> Fetched:
    data = path.read_bytes() if data is None else data
    module = scrapers.load(source)
    return Fetched(
        source=source,
        url=f"https://example.test/{path.name}",
        fetched_at="2026-01-01T00:00:00.000000Z",
        sha256=hashlib.sha256(data).hexdigest(),
        path=f"{source}/{path.name}",
        bytes=len(data),
        snapshot_date=snapshot_date or module.snapshot_date_for(path.name) or "2026-01-01",
        filename=path.name,
    )


def parse_fixture(source: str, name: str, data: bytes | None = None) -> list[dict]:
    path = FIXTURES / source / name
    data = path.read_bytes() if data is None else data
    rec = fetched_for(source, path, data=data)
    module = scrapers.load(source)
    return rows_of(module, module.parse(rec, data))


def rows_of(module, parsed) -> list[dict]:
    """What a source's `parse` gave, as row dicts: the rows it yields, or the rows of the frame
    per staging table it returns (open_llm_leaderboard, epoch_ai_models, lmarena_arena_catalog,
    artificial_analysis), each with `_table` where the source has more than one table, as yielded
    rows carry it."""
    if not isinstance(parsed, dict):
        return list(parsed)
    many = len(module.TABLES) > 1
    return [
        {"_table": table, **row} if many else row
        for table, frame in parsed.items()
        for row in frame.to_dicts()
    ]


def warehouse_checksums(
    db_path: Path, schemas: tuple[str, ...] = ("staging", "std", "core")
) -> dict[str, tuple]:
    """Row count and an order-independent row hash of every table in `schemas` (raw.* records the
    attempt itself; analysis is derived): equal warehouses give equal dicts."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        tables = con.execute(
            "select table_schema || '.' || table_name from information_schema.tables "
            f"where table_schema in ({', '.join('?' * len(schemas))}) order by 1",
            list(schemas),
        ).fetchall()
        return {t: wdb.table_checksum(con, t) for (t,) in tables}
    finally:
        con.close()
