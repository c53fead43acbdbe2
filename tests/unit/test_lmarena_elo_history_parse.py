"""lmarena_elo_history: the wide archive CSV, where 0.0 means "not listed", never a score."""

from __future__ import annotations

import pytest

from scrapers._types import SourceChangedError
from tests.helpers import FIXTURES, parse_fixture

SOURCE = "lmarena_elo_history"


@pytest.mark.parametrize("name", sorted(p.name for p in (FIXTURES / SOURCE).glob("*.csv")))
def test_every_fixture_parses_one_row_per_cell(name):
    text = (FIXTURES / SOURCE / name).read_text()
    lines = text.splitlines()
    rows = parse_fixture(SOURCE, name)
    assert len(rows) == (len(lines) - 1) * (len(lines[0].split(",")) - 1)


def test_zero_is_not_listed_and_never_a_score():
    rows = parse_fixture(SOURCE, "result.csv")
    by = {(r["rating_date"], r["model_key"]): r for r in rows}
    assert by[("2023-05-08", "gpt-4")] == {
        "rating_date": "2023-05-08",
        "column_number": 2,
        "model_key": "gpt-4",
        "model_key_raw": "gpt-4",
        "rating": 1274.1856580388371,
        "is_listed": True,
    }
    gone = by[("2023-12-06", "gpt-4")]
    assert gone["rating"] is None and gone["is_listed"] is False
    # a model can drop out and come back
    assert [
        by[(d, "vicuna-13b")]["is_listed"] for d in ("2023-05-08", "2023-12-06", "2024-06-29")
    ] == [
        True,
        False,
        True,
    ]
    assert [r["is_listed"] for r in rows if r["model_key"] == "llama-2-70b-chat"] == [
        False,
        True,
        False,
    ]
    assert sum(r["is_listed"] for r in rows) == 6


@pytest.mark.parametrize(
    "text,message",
    [
        (b"", "expected a CSV file, found an empty file"),
        (
            b"date,gpt-4\n20230508,1274.2\n",
            "expected a header of an empty cell, then one model key per column, found ['date', 'gpt-4']",
        ),
        (
            b",gpt-4,gpt-4\n20230508,1.0,2.0\n",
            "expected each model key once in the header, found gpt-4",
        ),
        (
            b",gpt-4\n2023-05-08,1274.2\n",
            "expected a date YYYYMMDD in the first column, found '2023-05-08' on row 1",
        ),
        (
            b",gpt-4\n20230508,NaN\n",
            "expected a number or empty, found NaN in column gpt-4 on row 1",
        ),
        (b",gpt-4\n20230508,-5.0\n", "expected a rating >= 0, found -5.0 in column gpt-4 on row 1"),
        (b",gpt-4,vicuna\n20230508,1274.2\n", "expected 3 fields per row, found 2 on data row 1"),
    ],
)
def test_bad_files_are_rejected_with_one_line(text, message):
    with pytest.raises(SourceChangedError) as err:
        parse_fixture(SOURCE, "result.csv", data=text)
    assert message in str(err.value)
