"""The column-at-a-time parsers (open_llm_leaderboard, epoch_ai_models, lmarena_arena_catalog) keep
their old row-by-row rules as the fallback for any irregular file. The two paths must give the same
rows, and `parse_frames` (what staging loads) the same values as `parse`: checked here on the
fixtures and, where present, on every real capture, so a change to one path that is not made to the
other fails."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

import scrapers
from scrapers._types import SourceChangedError
from tests.helpers import FIXTURES, fetched_for
from tests.upstreams import SHARED_SOURCES

SOURCES = ("open_llm_leaderboard", "epoch_ai_models", "lmarena_arena_catalog")
SUFFIXES = {".csv", ".json"}


def _files(source: str) -> list[Path]:
    files = sorted(p for p in (FIXTURES / source).iterdir() if p.suffix in SUFFIXES)
    shared = SHARED_SOURCES / source
    if shared.is_dir():
        files += sorted(p for p in shared.rglob("*") if p.suffix in SUFFIXES)
    return files


CASES = [
    pytest.param(source, path, id=f"{source}-{path.parent.name}-{path.name}")
    for source in SOURCES
    for path in _files(source)
]


def _parse(module, path: Path) -> list[dict]:
    data = path.read_bytes()
    return list(module.parse(fetched_for(module.NAME, path, data=data), data))


@pytest.mark.parametrize("source,path", CASES)
def test_column_path_equals_row_path(source, path, monkeypatch):
    module = scrapers.load(source)
    fast = _parse(module, path)
    assert fast, "no rows: the comparison would prove nothing"
    monkeypatch.setattr(module, "_columns", lambda *a, **k: None)  # force the row-by-row rules
    slow = _parse(module, path)
    assert len(fast) == len(slow)
    for i, (a, b) in enumerate(zip(fast, slow, strict=True)):
        assert a == b, f"row {i}: {set(a.items()) ^ set(b.items())}"
        assert [type(v) for v in a.values()] == [type(v) for v in b.values()], f"row {i}"


@pytest.mark.parametrize("source,path", CASES)
def test_parse_frames_holds_what_parse_yields(source, path):
    module = scrapers.load(source)
    data = path.read_bytes()
    rows = list(module.parse(fetched_for(source, path, data=data), data))
    frames = module.parse_frames(fetched_for(source, path, data=data), data)
    assert frames is not None, "a regular file should take the column path"
    by_table: dict[str, list[dict]] = {}
    for row in rows:
        table = row.get("_table", module.TABLES[0])
        by_table.setdefault(table, []).append({k: v for k, v in row.items() if k != "_table"})
    assert set(frames) == set(by_table)
    for table, frame in frames.items():
        assert frame.to_dicts() == by_table[table], table


def test_an_irregular_cell_takes_the_row_path_and_raises_as_before():
    module = scrapers.load("open_llm_leaderboard")
    path = FIXTURES / "open_llm_leaderboard" / "huggingface_v2.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    rows[1][rows[0].index("ifeval")] = "NaN"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    data = out.getvalue().encode("utf-8")
    rec = fetched_for("open_llm_leaderboard", path, data=data)
    assert module.parse_frames(rec, data) is None  # left to `parse`, which staging then calls
    with pytest.raises(SourceChangedError, match="NaN"):
        list(module.parse(rec, data))
