"""epoch_open_model_trends.parse over hand-written fixtures in the two CSVs' exact layout (CRLF, no final line
break, quoted thousands separators, '"+3/-4"' intervals), and its one-line errors."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from scrapers import epoch_open_model_trends as omt
from scrapers._types import Fetched, SourceChangedError

FIXTURES = Path(__file__).parents[1] / "fixtures" / "epoch_open_model_trends"
FILES = sorted(FIXTURES.glob("*.csv"))


def fetched(name: str, data: bytes = b"") -> Fetched:
    return Fetched(
        source="epoch_open_model_trends",
        url=f"https://raw.githubusercontent.com/{omt.REPO}/abc/data/{name}",
        fetched_at="2024-11-05T00:00:00.000000Z",
        sha256="34" * 32,
        path=f"epoch_open_model_trends/{name}",
        bytes=len(data),
        snapshot_date="2024-10-22",
        filename=name,
    )


def rows_of(name: str, data: bytes | None = None) -> list[dict]:
    data = (FIXTURES / name).read_bytes() if data is None else data
    return list(omt.parse(fetched(name, data), data))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_fixture_gives_one_row_per_line(path):
    assert path.read_bytes().count(b"\r\n") >= 1 and not path.read_bytes().endswith(b"\n")
    lines = list(csv.DictReader(io.StringIO(path.read_bytes().decode(), newline="")))
    rows = rows_of(path.name)
    assert [r["system"] for r in rows] == [r["System"] for r in lines]
    assert {r["_table"] for r in rows} == {
        "epoch_open_model_trends_gsm1k"
        if "gsm1k" in path.name
        else "epoch_open_model_trends_models"
    }


def test_main_table_row_with_interval_and_thousands_separators():
    rows = {r["system"]: r for r in rows_of("benchmarks_with_model_accessibility.csv")}
    assert rows["Claude 3.5 Sonnet"] == {
        "_table": "epoch_open_model_trends_models",
        "row_number": 2,
        "system": "Claude 3.5 Sonnet",
        "release_date": "2024-06-20",
        "open_closed": "closed",
        "bbh": 0.931,
        "gpqa": 0.562,
        "mmlu": 0.887,
        "helm_mmlu": 0.865,
        "seal_coding": 1176.0,
        "seal_instruction_following": 0.908,
        "seal_math": None,
        "lmsys_elo": 1271.0,
        "parameters": None,
        "active_parameters": None,
        "dataset_size": None,
        "training_compute_flop": None,
        "training_compute_notes": None,
        "lmsys_elo_notes": None,
        "bbh_notes": "3-shot",
        "gpqa_notes": "Epoch evaluation",
        "mmlu_notes": "5-shot",
        "helm_mmlu_notes": None,
        "trust_notes": None,
        "lmsys_elo_ci_plus": 3.0,
        "lmsys_elo_ci_minus": 4.0,
        "trust": 0,
        "extra": None,
    }
    assert rows["BLOOM-176B"]["active_parameters"] == 176e9
    assert rows["BLOOM-176B"]["training_compute_flop"] == 4.12e23
    assert rows["Llama 3.1 405B"]["trust"] == 1
    baseline = rows["Random chance"]
    assert (baseline["open_closed"], baseline["release_date"], baseline["bbh"]) == (
        None,
        None,
        0.25,
    )


def test_gsm1k_table():
    rows = {r["system"]: r for r in rows_of("gsm1k_with_model_accessibility.csv")}
    assert rows["Meta-Llama-3-8B"] == {
        "_table": "epoch_open_model_trends_gsm1k",
        "row_number": 2,
        "system": "Meta-Llama-3-8B",
        "release_date": "2024-04-18",
        "open_closed": "open",
        "gsm8k": 0.547,
        "gsm1k": 0.489,
        "training_compute_flop": 7.2e23,
        "speculative_compute_flop": None,
        "active_parameters": 8e9,
        "extra": None,
    }
    assert rows["claude-3-opus-20240229"]["speculative_compute_flop"] == 4e25
    assert rows["mistral-small-latest"]["release_date"] is None


MAIN = (FIXTURES / "benchmarks_with_model_accessibility.csv").read_bytes().decode()
HEAD, FIRST = MAIN.split("\r\n")[:2]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("other.csv", MAIN, "expected benchmarks_with_model_accessibility.csv or gsm1k_with_model_accessibility.csv, found 'other.csv'"),
        ("benchmarks_with_model_accessibility.csv", "System,Date\r\nx,2024-01-01", "(missing Open/Closed, BBH, GPQA, MMLU, LMSys Elo)"),
        ("benchmarks_with_model_accessibility.csv", f"{HEAD}\r\n{FIRST.replace(',Open,', ',Yes,')}",
         "expected 'Open/Closed' as Open or Closed, found 'Yes' on row 1"),
        ("benchmarks_with_model_accessibility.csv", f"{HEAD}\r\n{FIRST.replace('2022-07-11', '11/07/2022')}",
         "expected 'Date' as YYYY-MM-DD, found '11/07/2022' on row 1"),
        ("benchmarks_with_model_accessibility.csv", f"{HEAD}\r\n{FIRST.replace('0.4491', 'nan')}",
         "expected a number or empty, found nan in column BBH on row 1"),
        ("benchmarks_with_model_accessibility.csv", f"{HEAD}\r\n{FIRST.replace('4.12E+23', '4.12 x 10^23')}",
         "expected a number in 'Training compute (FLOP)', found '4.12 x 10^23' on row 1"),
        ("benchmarks_with_model_accessibility.csv", f"{HEAD}\r\n" + MAIN.split("\r\n")[2].replace('"""+3/-4"""', "3-4"),
         "expected 'LMSys Elo 95% CI' as +a/-b, found '3-4' on row 1"),
        ("benchmarks_with_model_accessibility.csv", f"{HEAD}\r\n{FIRST[:-2]}2,",
         "expected 'Trust in benchmark results' as -1, 0 or 1, found '2' on row 1"),
        ("gsm1k_with_model_accessibility.csv", "", "found an empty file"),
    ],
)  # fmt: skip
def test_bad_files_raise_one_line(name, data, message):
    with pytest.raises(SourceChangedError) as err:
        rows_of(name, data.encode())
    text = str(err.value)
    assert "\n" not in text
    assert text.startswith(f"epoch_open_model_trends: data/raw/epoch_open_model_trends/{name}: ")
    assert message in text
