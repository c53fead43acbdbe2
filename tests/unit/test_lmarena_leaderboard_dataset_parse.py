"""lmarena_leaderboard_dataset: the Parquet parser over hand-written fixtures in the Hub's layout."""

from __future__ import annotations

import io

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from scrapers import lmarena_leaderboard_dataset as mod
from scrapers._types import SourceChangedError
from tests.helpers import FIXTURES, parse_fixture
from tests.upstreams.lmarena_leaderboard_dataset import parquet_bytes

SOURCE = "lmarena_leaderboard_dataset"
TEXT = "text__latest-00000-of-00001.parquet"
STYLE = "text_style_control__latest-00000-of-00001.parquet"


@pytest.mark.parametrize("name", sorted(p.name for p in (FIXTURES / SOURCE).glob("*.parquet")))
def test_every_fixture_parses_with_trimmed_names_and_bounds(name):
    rows = parse_fixture(SOURCE, name)
    assert rows
    for row in rows:
        assert row["model_name"] == row["model_name"].strip() and row["category"]
        assert row["rating_lower"] < row["rating"] < row["rating_upper"]
        assert row["style_control"] is ("style_control" in name)


def test_text_file_rows_exactly():
    rows = parse_fixture(SOURCE, TEXT)
    assert len(rows) == 8
    top = [r for r in rows if r["category"] == "overall"][0]
    assert top == {
        "row_number": 5,
        "category": "overall",
        "model_name": "claude-opus-4-6-thinking",
        "model_name_raw": "claude-opus-4-6-thinking",
        "organization": "anthropic",
        "license": "Proprietary",
        "rank": 1,
        "rating": 1504.75,
        "rating_lower": 1504.75 - 3 * 1.96,
        "rating_upper": 1504.75 + 3 * 1.96,
        "variance": 9.0,
        "vote_count": 51769,
        "style_control": False,
        "leaderboard_publish_date": None,
        "extra": None,
    }
    yi = [r for r in rows if r["model_name"] == "yi-lightning"][0]
    assert yi["organization"] is None  # empty string upstream
    qwen = [r for r in rows if r["model_name"].startswith("qwen3")][0]
    assert qwen["license"] == "Apache 2.0"  # as published, not normalised


def test_repeated_category_model_rows_are_all_kept():
    rows = parse_fixture(SOURCE, TEXT)
    japanese = [r for r in rows if r["category"] == "japanese"]
    assert [(r["model_name"], r["rating"]) for r in japanese] == [
        ("glm-5", 1490.0),
        ("glm-5", 1488.0),
    ]


def test_style_control_file_has_integer_ranks_and_is_flagged():
    rows = parse_fixture(SOURCE, STYLE)
    assert all(r["style_control"] for r in rows)
    assert rows[0]["rank"] == 1 and rows[0]["rating"] == 1550.25


def _rows(**changes):
    row = {
        "category": "overall",
        "rank": 1.0,
        "model_name": " glm-5 ",
        "organization": "zai",
        "license": "MIT",
        "rating": 1466.5,
        "rating_lower": 1458.66,
        "rating_upper": 1474.34,
        "variance": 16.0,
        "vote_count": 20311.0,
    }
    row.update(changes)
    return [row]


def test_publish_date_column_and_unknown_columns_are_kept():
    data = parquet_bytes(_rows(leaderboard_publish_date="2026-07-30", battle_count=7))
    (row,) = parse_fixture(SOURCE, TEXT, data=data)
    assert row["leaderboard_publish_date"] == "2026-07-30"
    assert row["model_name"] == "glm-5" and row["model_name_raw"] == " glm-5 "
    assert row["extra"] == '{"battle_count": 7}'


def _table_bytes(columns: dict) -> bytes:
    buf = io.BytesIO()
    pq.write_table(pa.table(columns), buf)
    return buf.getvalue()


@pytest.mark.parametrize(
    "data,message",
    [
        (b"", "expected a Parquet file (PAR1 … PAR1), found an empty file"),
        (
            b"<!doctype html><html>rate limited</html>",
            "expected a Parquet file (PAR1 … PAR1), found an HTML page",
        ),
        (
            b"version https://git-lfs.github.com/spec/v1\noid sha256:ab\nsize 3\n",
            "expected a Parquet file (PAR1 … PAR1), found 64 bytes starting b'version https://'",
        ),
        (
            _table_bytes({"model_name": ["glm-5"], "rating": [1466.5]}),
            "expected columns [category, model_name, license, rating], found [model_name, rating] "
            "(missing category, license)",
        ),
        (
            parquet_bytes(_rows(rating=float("nan"))),
            "expected a number or empty, found nan in column rating on row 1",
        ),
        (
            parquet_bytes(_rows(model_name="")),
            "expected a category and a model_name on every row, found 'overall', '' on row 1",
        ),
        (
            parquet_bytes(_rows(rating="high")),
            "expected numbers in column rating, found type string",
        ),
    ],
)
def test_bad_files_are_rejected_with_one_line(data, message):
    with pytest.raises(SourceChangedError) as err:
        parse_fixture(SOURCE, TEXT, data=data)
    assert message in str(err.value)
    assert "\n" not in str(err.value)


def test_truncated_parquet_is_rejected():
    good = (FIXTURES / SOURCE / TEXT).read_bytes()
    cut = good[:200] + good[-8:]  # footer kept, data pages gone
    with pytest.raises(SourceChangedError, match="expected a readable Parquet file"):
        parse_fixture(SOURCE, TEXT, data=cut)


def test_tree_entries_give_version_and_publish_date():
    entry = {
        "type": "file",
        "oid": "a" * 40,
        "lfs": {"oid": "b" * 64, "size": 10},
        "path": "text/latest-00000-of-00001.parquet",
        "lastCommit": {
            "id": "c" * 40,
            "title": "Update text for 2026-07-30",
            "date": "2026-07-31T01:00:00Z",
        },
    }
    assert mod.entry_version(entry) == "b" * 64
    assert mod.entry_snapshot_date(entry) == "2026-07-30"
    entry["lastCommit"]["title"] = "Upload folder"
    assert mod.entry_snapshot_date(entry) == "2026-07-31"
    assert mod.snapshot_date_for("latest-00000-of-00001.parquet") is None
    assert mod.snapshot_date_for("text_2026-07-30.parquet") == "2026-07-30"
