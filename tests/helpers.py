"""Small helpers for tests: a Fetched record for a fixture file, and parsing it."""

from __future__ import annotations

import hashlib
from pathlib import Path

import scrapers
from scrapers._types import Fetched

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
    return list(scrapers.load(source).parse(rec, data))
