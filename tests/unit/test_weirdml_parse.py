"""weirdml.parse over hand-written fixtures in weirdml_data.csv's exact layout, and its one-line errors
(including the merge-conflict file upstream once published)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from scrapers import weirdml
from scrapers._types import Fetched, SourceChangedError

FIXTURES = Path(__file__).parents[1] / "fixtures" / "weirdml"
FILES = sorted(FIXTURES.glob("weirdml_data_*.csv"))


def fetched(data: bytes = b"") -> Fetched:
    return Fetched(
        source="weirdml",
        url="https://htihle.github.io/data/weirdml_data.csv",
        fetched_at="2026-08-17T00:00:00.000000Z",
        sha256="12" * 32,
        path="weirdml/weirdml_data.csv",
        bytes=len(data),
        snapshot_date="2026-08-17",
        filename="weirdml_data.csv",
    )


def rows_of(name: str, data: bytes | None = None) -> list[dict]:
    data = (FIXTURES / name).read_bytes() if data is None else data
    return list(weirdml.parse(fetched(data), data))


def table(rows: list[dict], name: str) -> list[dict]:
    return [{k: v for k, v in r.items() if k != "_table"} for r in rows if r["_table"] == name]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_fixture_gives_one_row_per_line_and_one_score_per_task_cell(path):
    lines = list(csv.DictReader(io.StringIO(path.read_text())))
    rows = rows_of(path.name)
    models = table(rows, "weirdml_models")
    assert [m["internal_model_name"] for m in models] == [r["internal_model_name"] for r in lines]
    tasks = [h for h in lines[0] if h.endswith("_acc") and h != "avg_acc"]
    assert len(tasks) == 17
    assert len(table(rows, "weirdml_task_scores")) == 17 * len(lines)


def test_model_row_with_standard_error_and_release_date():
    models = {m["internal_model_name"]: m for m in table(rows_of(FILES[-1].name), "weirdml_models")}
    assert models["claude-fable-5:max"] == {
        "row_number": 1,
        "internal_model_name": "claude-fable-5:max",
        "display_name": "claude-fable-5 (max)",
        "base_name": "claude-fable-5",
        "setting": "max",
        "model_slug": "anthropic/claude-fable-5",
        "api_source": "OpenRouter",
        "avg_acc": 0.91945,
        "avg_acc_standard_error": 0.0024186536765080325,
        "cost_per_run_usd": 8.424409705882352,
        "mean_total_output_tokens": 22153.211764705884,
        "code_len_p10": 132.9,
        "code_len_p50": 217.5,
        "code_len_p90": 630.6999999999999,
        "exec_time_median_s": 84.2175,
        "release_date": "2026-06-09",
        "extra": None,
    }
    assert models["o1-2024-12-17"]["setting"] == ""
    assert models["deepseek-v4-pro:high_fireworks"]["setting"] == "high;16k"  # a quoted cell
    tasks = {
        (t["internal_model_name"], t["task"]): t["accuracy"]
        for t in table(rows_of(FILES[-1].name), "weirdml_task_scores")
    }
    assert tasks[("claude-fable-5:max", "shapes_easy")] == 0.9
    assert tasks[("claude-fable-5:max", "number_patterns")] == 0.9999


def test_in_place_edit_changes_a_row_between_versions():
    old = {m["internal_model_name"]: m for m in table(rows_of(FILES[0].name), "weirdml_models")}
    new = {m["internal_model_name"]: m for m in table(rows_of(FILES[-1].name), "weirdml_models")}
    assert (old["o1-2024-12-17"]["model_slug"], new["o1-2024-12-17"]["model_slug"]) == (
        "o1-2024-12-17",
        "openai/o1",
    )
    assert (
        old["claude-opus-4.6:or_adaptive"]["avg_acc"]
        != new["claude-opus-4.6:or_adaptive"]["avg_acc"]
    )


def test_older_layout_without_release_date_and_standard_error():
    text = (FIXTURES / FILES[0].name).read_text()
    keep = [0, 1, 2, 20]  # internal_model_name, display_name, model_slug, avg_acc
    lines = [
        ",".join(c for i, c in enumerate(line.split(",")) if i in keep)
        for line in text.splitlines()
    ]
    rows = table(rows_of("x.csv", ("\n".join(lines) + "\n").encode()), "weirdml_models")
    assert [(r["avg_acc"], r["avg_acc_standard_error"], r["release_date"]) for r in rows][0] == (
        0.8421,
        None,
        None,
    )


def test_unknown_column_kept_in_extra():
    text = FILES[-1].read_text().splitlines()
    data = "\n".join([text[0] + ",notes", *(line + ",x" for line in text[1:])]) + "\n"
    rows = table(rows_of("x.csv", data.encode()), "weirdml_models")
    assert json.loads(rows[0]["extra"]) == {"notes": "x"}


HEADER = FILES[-1].read_text().splitlines()[0]
LINE = FILES[-1].read_text().splitlines()[1]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ((FIXTURES / "bad_merge_conflict.csv").read_bytes(),
         "expected a CSV table, found a git merge-conflict marker '<<<<<<<' on line 3. "
         "Upstream published an unresolved merge; the earlier data is kept"),
        (b"", "expected a CSV file, found an empty file"),
        (b"model,score\nx,1\n", "(missing internal_model_name, display_name, model_slug, avg_acc)"),
        (f"{HEADER}\n{LINE}\n{LINE}\n".encode(),
         "expected a unique internal_model_name on every row, found 'claude-fable-5:max' repeated on row 2"),
        (f"{HEADER}\n{LINE.replace('0.91945', 'NaN')}\n".encode(),
         "expected a number or empty, found NaN in column avg_acc on row 1"),
        (f"{HEADER}\n{LINE.replace('2026-06-09', '09/06/2026')}\n".encode(),
         "expected release_date as YYYY-MM-DD, found '09/06/2026' on row 1"),
        (f"{HEADER}\n{LINE.rsplit(',', 3)[0]}\n".encode(), "expected 30 fields per row, found 27 on data row 1"),
    ],
)  # fmt: skip
def test_bad_files_raise_one_line(data, message):
    with pytest.raises(SourceChangedError) as err:
        rows_of("weirdml_data.csv", data)
    text = str(err.value)
    assert "\n" not in text
    assert text.startswith("weirdml: data/raw/weirdml/weirdml_data.csv: ")
    assert message in text
