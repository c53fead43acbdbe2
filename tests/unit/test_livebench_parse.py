"""livebench.parse over hand-written fixtures, its one-line errors, and the std averages in SQL."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import duckdb
import polars as pl
import pytest

from scrapers import livebench
from scrapers._types import Fetched, SourceChangedError
from warehouse import db

FIXTURES = Path(__file__).parents[1] / "fixtures" / "livebench"
FILES = sorted(FIXTURES.glob("*_*.*"))


def fetched(name: str, data: bytes = b"") -> Fetched:
    return Fetched(
        source="livebench",
        url=f"https://livebench.ai/{name}",
        fetched_at="2025-12-01T00:00:00.000000Z",
        sha256=("ab" * 32),
        path=f"livebench/{name}",
        bytes=len(data),
        snapshot_date=livebench.snapshot_date_for(name),
        filename=name,
    )


def rows_of(name: str, data: bytes | None = None) -> list[dict]:
    data = (FIXTURES / name).read_bytes() if data is None else data
    return list(livebench.parse(fetched(name, data), data))


def error_of(name: str, data: bytes) -> str:
    with pytest.raises(SourceChangedError) as exc:
        rows_of(name, data)
    return str(exc.value)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_fixture_parses_to_known_tables(path):
    rows = rows_of(path.name)
    assert rows
    assert {r["_table"] for r in rows} <= set(livebench.TABLES)


def test_snapshot_date_comes_from_the_file_name():
    assert livebench.snapshot_date_for("table_2024_06_24.csv") == "2024-06-24"
    assert livebench.snapshot_date_for("categories_2025_11_25.json") == "2025-11-25"
    assert livebench.snapshot_date_for("table.csv") is None
    assert livebench.snapshot_date_for("categories_2025_12_25_bck.json") is None


def test_table_is_one_row_per_scored_cell_and_blank_cells_are_counted():
    rows = rows_of("table_2024_06_24.csv")
    scores = [r for r in rows if r["_table"] == "livebench_scores"]
    models = [r for r in rows if r["_table"] == "livebench_models"]
    assert len(scores) == 3 * 17 - 1  # one blank cell: not run, not a row
    assert scores[0] == {
        "_table": "livebench_scores",
        "model": "gpt-4o-2024-05-13",
        "task": "AMPS_Hard",
        "score": 50.0,
    }
    assert models[2] == {
        "_table": "livebench_models",
        "row_number": 3,
        "model": "phi-3-small-8k-instruct",
        "tasks_scored": 16,
        "tasks_blank": 1,
        "blank_tasks": "connections",
        "unplaced_cells": None,
    }
    assert not any(
        r["model"] == "phi-3-small-8k-instruct" and r["task"] == "connections" for r in scores
    )


def test_table_without_final_newline_keeps_its_last_row():
    rows = rows_of("table_2025_11_25.csv")
    last = [r for r in rows if r["_table"] == "livebench_scores"][-1]
    assert last == {
        "_table": "livebench_scores",
        "model": "example-model-20250901-thinking-32k",
        "task": "zebra_puzzle",
        "score": 60.0,
    }


def test_a_row_with_too_few_fields_mid_file_is_kept_without_scores():
    # LiveBench's in-place edits left one 21-field row under a 24-column header (2026-04-09)
    rows = rows_of("table_2026_01_08.csv")
    models = {r["model"]: r for r in rows if r["_table"] == "livebench_models"}
    assert list(models) == [
        "example-model-a-high",
        "example-model-ragged",
        "example-model-b",
        "example-model-c-thinking",
    ]
    ragged = models["example-model-ragged"]
    assert ragged == {
        "_table": "livebench_models",
        "row_number": 2,
        "model": "example-model-ragged",
        "tasks_scored": 0,
        "tasks_blank": 0,
        "blank_tasks": None,
        "unplaced_cells": json.dumps(["example-model-ragged"] + ["40.0"] * 20),
    }
    scores = [r for r in rows if r["_table"] == "livebench_scores"]
    assert not any(r["model"] == "example-model-ragged" for r in scores)
    assert len(scores) == 23 + 23 + 22  # the c model's javascript cell is blank
    assert models["example-model-c-thinking"]["blank_tasks"] == "javascript"
    assert {"task": "consecutive_events", "score": 90.0} in [
        {k: r[k] for k in ("task", "score")} for r in scores if r["model"] == "example-model-b"
    ]


def _with_rows(lines: list[str]) -> bytes:
    return ("model,typos,zebra_puzzle\n" + "\n".join(lines) + "\n").encode()


def test_a_ragged_last_row_or_many_ragged_rows_refuse_the_file():
    whole = [f"m{i},{i}.0,{i}.5" for i in range(40)]
    # one ragged row in forty, mid-file: kept (see above); the last row ragged: truncated
    assert rows_of(TABLE, _with_rows([*whole[:20], "odd,1.0", *whole[20:]]))
    assert error_of(TABLE, _with_rows([*whole, "m40,1.0"])) == (
        f"{WHERE}{TABLE}: expected 3 fields per row, found 2 on data row 41 (truncated or "
        "malformed file?)"
    )
    # three in forty-three (more than one in twenty): a malformed file, the first one named
    many = [*whole[:10], "x1,1.0", *whole[10:20], "x2,1.0,2.0,3.0", "x3", *whole[20:]]
    assert error_of(TABLE, _with_rows(many)) == (
        f"{WHERE}{TABLE}: expected 3 fields per row, found 2 on data row 11 (truncated or "
        "malformed file?)"
    )


def test_categories_are_one_row_per_task_with_slugs():
    rows = rows_of("categories_2025_11_25.json")
    assert len(rows) == 20
    assert rows[6] == {
        "_table": "livebench_categories",
        "category": "Agentic Coding",
        "category_slug": "agentic_coding",
        "position": 2,
        "task": "typescript",
    }
    assert {r["category_slug"] for r in rows} == {
        "reasoning", "coding", "agentic_coding", "mathematics", "data_analysis", "language",
        "instruction_following",
    }  # fmt: skip


TABLE = "table_2024_06_24.csv"
CATS = "categories_2024_06_24.json"
WHERE = "livebench: data/raw/livebench/"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        (TABLE, b"", f"{WHERE}{TABLE}: expected a CSV file, found an empty file"),
        (
            TABLE,
            b"<!DOCTYPE html><html><body>404</body></html>",
            f"{WHERE}{TABLE}: expected a CSV file, found an HTML page (an error or login page served with status 200?)",
        ),
        (
            TABLE,
            b"model,AMPS_Hard,LCB_generation\nm1,1.0,2.0\nm2,3.0",
            f"{WHERE}{TABLE}: expected 3 fields per row, found 2 on data row 2 (truncated or malformed file?)",
        ),
        (
            TABLE,
            b"name,AMPS_Hard\nm1,1.0\n",
            f"{WHERE}{TABLE}: expected columns [model], found [name, AMPS_Hard] (missing model). The upstream layout may have changed",
        ),
        (TABLE, b"model\nm1\n", f"{WHERE}{TABLE}: expected task columns after 'model', found only a 'model' column"),
        (TABLE, b"model,typos\nm1,n/a?\n", f"{WHERE}{TABLE}: expected task scores 0-100, found 'n/a?' for m1 / typos"),
        (TABLE, b"model,typos\nm1,0.87\nm2,187\n", f"{WHERE}{TABLE}: expected task scores 0-100, found '187' for m2 / typos"),
        (TABLE, b"model,typos\n,50\n", f"{WHERE}{TABLE}: expected a model id, found a blank one on row 1"),
        (
            TABLE,
            b"model,typos\nm1,50\nm2,40\nm1,45\n",
            f"{WHERE}{TABLE}: expected each model once, found 'm1' again on row 3",
        ),
        (CATS, b"", f"{WHERE}{CATS}: expected a JSON file, found an empty file"),
        (
            CATS,
            b'{\n    "Reasoning": [\n        "web_of_lies_v2",',
            f"{WHERE}{CATS}: expected valid JSON, found Expecting value at line 3 column 26 (truncated file?)",
        ),
        (
            CATS,
            b'["Reasoning", "Coding"]',
            f"{WHERE}{CATS}: expected a JSON object mapping each category to a list of task columns, found a JSON list",
        ),
        (
            CATS,
            b"{}",
            f"{WHERE}{CATS}: expected a JSON object mapping each category to a list of task columns, found an empty object",
        ),
        (
            CATS,
            b'{"Reasoning": "zebra_puzzle"}',
            f'{WHERE}{CATS}: expected a JSON object mapping each category to a list of task columns, found "zebra_puzzle" for \'Reasoning\'',
        ),
    ],
    ids=[
        "empty-table", "html-table", "truncated-table", "renamed-model-column", "no-task-columns",
        "non-numeric-score", "score-off-scale", "blank-model", "duplicate-model", "empty-categories",
        "truncated-categories", "categories-list", "categories-empty", "categories-not-lists",
    ],
)  # fmt: skip
def test_bad_input_raises_one_line(name, data, message):
    assert error_of(name, data) == message


# -- the std adapter: category and global averages -------------------------------------------


def std_scores(*names: str) -> pl.DataFrame:
    con = duckdb.connect()
    db.create_schemas(con)
    for table in livebench.TABLES:
        db.run_sql_file(con, db.SQL_DIR / "staging" / f"{table}.sql")
    for name in names:
        data = (FIXTURES / name).read_bytes()
        rec = fetched(name, data)
        rec = Fetched(**{**rec.__dict__, "sha256": hashlib.sha256(data).hexdigest()})
        by_table: dict[str, list[dict]] = {t: [] for t in livebench.TABLES}
        for row in livebench.parse(rec, data):
            by_table[row.pop("_table")].append({**row, **rec.provenance()})
        for table, rows in by_table.items():
            if rows:
                con.register("_in", pl.from_dicts(rows))
                con.execute(f"insert into staging.{table} by name select * from _in")
                con.unregister("_in")
    db.run_sql_dir(con, db.SQL_DIR / "std" / "tables")
    db.run_sql_file(con, db.SQL_DIR / "std" / "sources" / "livebench.sql")
    return con.sql(
        "select source_model_name, model_key, benchmark_id, snapshot_date::varchar as snapshot_date, "
        "round(score, 6) as score, setting from std.scores order by all"
    ).pl()


def test_averages_follow_livebench_and_skip_incomplete_categories():
    scores = std_scores(TABLE, CATS)
    got = {
        (r["source_model_name"], r["benchmark_id"]): r["score"]
        for r in scores.iter_rows(named=True)
    }
    assert got[("gpt-4o-2024-05-13", "livebench:language")] == 48.5
    assert got[("gpt-4o-2024-05-13", "livebench:instruction_following")] == 72.5
    assert got[("gpt-4o-2024-05-13", "livebench:global_average")] == round(331 / 6, 6)
    assert got[("qwen2-72b-instruct", "livebench:data_analysis")] == round(133 / 3, 6)
    # the blank 'connections' cell: no Language average and so no global average, other categories kept
    assert ("phi-3-small-8k-instruct", "livebench:language") not in got
    assert ("phi-3-small-8k-instruct", "livebench:global_average") not in got
    assert got[("phi-3-small-8k-instruct", "livebench:reasoning")] == 17.0
    assert scores.height == 3 * 7 - 2
    assert set(scores["snapshot_date"]) == {"2024-06-24"}
    assert set(scores["setting"]) == {""}
    assert (scores["source_model_name"] == scores["model_key"]).all()


def test_each_table_uses_its_own_releases_categories():
    scores = std_scores(TABLE, CATS, "table_2025_11_25.csv", "categories_2025_11_25.json")
    got = {
        (r["source_model_name"], r["benchmark_id"], r["snapshot_date"]): r["score"]
        for r in scores.iter_rows(named=True)
    }
    key = ("example-model-20250901-thinking-32k", "livebench:global_average", "2025-11-25")
    assert got[key] == round(464.6666666666667 / 7, 6)
    assert got[("example-model-20250901-base", "livebench:agentic_coding", "2025-11-25")] == 50.0
    assert not any(b == "livebench:agentic_coding" and d == "2024-06-24" for _, b, d in got)
    assert scores.height == (3 * 7 - 2) + 2 * 8


def test_a_table_without_its_categories_file_gets_no_averages():
    assert std_scores(TABLE).height == 0


def test_in_place_table_with_an_uncategorised_task_and_a_ragged_row():
    # consecutive_events was added to the 2026-01-08 table after its categories file: it is kept in
    # staging but counts in no average until a categories file lists it
    scores = std_scores("table_2026_01_08.csv", "categories_2026_01_08.json")
    got = {
        (r["source_model_name"], r["benchmark_id"]): r["score"]
        for r in scores.iter_rows(named=True)
    }
    assert got[("example-model-a-high", "livebench:data_analysis")] == 50.0
    assert got[("example-model-a-high", "livebench:global_average")] == 50.0
    assert got[("example-model-b", "livebench:data_analysis")] == 60.0
    assert got[("example-model-b", "livebench:global_average")] == 60.0
    assert not any(m == "example-model-ragged" for m, _ in got)
    assert ("example-model-c-thinking", "livebench:agentic_coding") not in got
    assert ("example-model-c-thinking", "livebench:global_average") not in got
    assert got[("example-model-c-thinking", "livebench:coding")] == 70.0
    assert set(scores["snapshot_date"]) == {"2026-01-08"}  # the release, not when a row was added
    assert scores.height == 8 + 8 + 6
