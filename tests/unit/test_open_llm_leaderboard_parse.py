"""Parse the Open LLM Leaderboard tables (v1, v2, 2023 exports): exact rows and each bad input's error."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from scrapers import open_llm_leaderboard as oll
from scrapers._types import Fetched, SourceChangedError
from tests.helpers import rows_of

FIXTURES = Path(__file__).parents[1] / "fixtures" / "open_llm_leaderboard"
FILES = sorted(FIXTURES.glob("*.csv"))
WHERE = "data/raw/open_llm_leaderboard/abc.csv"


def _fetched(name: str = "abc.csv") -> Fetched:
    return Fetched(
        source=oll.NAME,
        url=f"https://raw.githubusercontent.com/x/y/0/{name}",
        fetched_at="2025-01-01T00:00:00Z",
        sha256="0" * 64,
        path="open_llm_leaderboard/abc.csv",
        bytes=0,
    )


def _rows(name: str) -> list[dict]:
    return rows_of(oll, oll.parse(_fetched(name), (FIXTURES / name).read_bytes()))


def _error(data: bytes) -> str:
    with pytest.raises(SourceChangedError) as exc:
        oll.parse(_fetched(), data)
    return str(exc.value)


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_fixture_parses_into_staging_columns(path):
    rows = rows_of(oll, oll.parse(_fetched(path.name), path.read_bytes()))
    assert len(rows) == path.read_bytes().count(b"\n") - 1
    assert [r["row_number"] for r in rows] == list(range(1, len(rows) + 1))
    table = rows[0]["_table"]
    ddl = (Path(oll.__file__).parents[1] / "warehouse/sql/staging" / f"{table}.sql").read_text()
    for row in rows:
        for key in row:
            assert key == "_table" or f"\n    {key} " in ddl, key


def test_v1_row_exact_and_inverted_flags_made_plain():
    rows = _rows("huggingface.csv")
    first = rows[0]
    assert first == {
        "_table": "open_llm_leaderboard_v1",
        "row_number": 1,
        "layout": "v1",
        "model": "paloalma/Le_Triomphant-ECE-TW3",
        "fullname": "paloalma/Le_Triomphant-ECE-TW3",
        "average": 81.31,
        "average_tasks": 6,
        "arc": 78.5,
        "hellaswag": 90.3,
        "mmlu": 77.81,
        "truthfulqa": 75.84,
        "winogrande": 85.56,
        "gsm8k": 79.83,
        "type_symbol": "🤝",
        "type": "🤝 base merges and moerges",
        "architecture": "LlamaForCausalLM",
        "weight_type": "Original",
        "precision": "bfloat16",
        "hub_license": "apache-2.0",
        "params_b": 72.0,
        "hub_hearts": 2,
        "available_on_the_hub": True,
        "model_sha": "aa4d9084fcfb69afff6b2bac5c1350bf29a159cb",
        "flagged": True,
        "is_flagged": False,
        "moe": True,
        "is_moe": False,
        "url": "https://huggingface.co/paloalma/Le_Triomphant-ECE-TW3",
        "merged": False,
        "is_merge": True,
        "date": "2024-05-05T12:22:44Z",
        "submitted_on": "2024-05-05",
        "parameters_derived": None,
        "extra": None,
    }
    mixtral = rows[3]
    assert (mixtral["model"], mixtral["moe"], mixtral["is_moe"]) == (
        "mistralai/Mixtral-8x7B-v0.1",
        False,
        True,
    )
    unknown = rows[5]  # `t` '?' with an empty `type`, an adapter, licence "" and 0 params
    assert (unknown["type_symbol"], unknown["type"], unknown["weight_type"]) == (
        "?",
        None,
        "Adapter",
    )
    assert (unknown["hub_license"], unknown["params_b"], unknown["is_flagged"]) == (None, 0.0, True)
    assert (rows[6]["model"], rows[6]["date"], rows[6]["submitted_on"]) == (
        "distilgpt2",
        None,
        None,
    )
    assert rows[1]["available_on_the_hub"] is False


def test_v2_row_exact_and_base_model_parent():
    rows = _rows("huggingface_v2.csv")
    assert rows[0] == {
        "_table": "open_llm_leaderboard_v2",
        "row_number": 1,
        "model": "dfurman/CalmeRys-78B-Orpo-v0.1",
        "fullname": "dfurman/CalmeRys-78B-Orpo-v0.1",
        "average": 50.78,
        "ifeval": 81.63,
        "bbh": 61.92,
        "math_lvl_5": 37.92,
        "gpqa": 20.02,
        "musr": 36.37,
        "mmlupro": 66.8,
        "ifeval_raw": 0.82,
        "bbh_raw": 0.73,
        "math_lvl_5_raw": 0.38,
        "gpqa_raw": 0.4,
        "musr_raw": 0.59,
        "mmlupro_raw": 0.7,
        "type_symbol": "💬",
        "type": "💬 chat models (RLHF, DPO, IFT, ...)",
        "architecture": "Qwen2ForCausalLM",
        "weight_type": "Original",
        "precision": "bfloat16",
        "not_merged": True,
        "is_merge": False,
        "hub_license": "mit",
        "params_b": 77.0,
        "hub_hearts": 27,
        "available_on_the_hub": True,
        "model_sha": "7988deb48419c3f56bb24c139c23e5c476ec03f8",
        "flagged": True,
        "is_flagged": False,
        "moe": True,
        "is_moe": False,
        "submission_date": "2024-09-24",
        "upload_to_hub_date": "2024-09-24",
        "chat_template": True,
        "maintainers_highlight": False,
        "generation": 1,
        "base_model": "dfurman/CalmeRys-78B-Orpo-v0.1 (Merge)",
        "base_model_repo": None,  # the model itself, marked as a merge
        "url": "https://huggingface.co/dfurman/CalmeRys-78B-Orpo-v0.1",
        "extra": None,
    }
    by_name = {r["fullname"]: r for r in rows}
    assert by_name["MaziyarPanahi/calme-2.4-rys-78b"]["base_model_repo"] == "dnhkng/RYS-XLarge"
    assert by_name["Qwen/Qwen2.5-72B-Instruct"]["base_model_repo"] == "Qwen/Qwen2.5-72B"
    assert by_name["Qwen/Qwen2.5-72B"]["base_model_repo"] is None
    ksu = by_name["KSU-HW-SEC/Llama3-70b-SVA-FT-500"]
    assert (ksu["base_model"], ksu["base_model_repo"], ksu["params_b"]) == ("Removed", None, -1.0)
    assert (ksu["upload_to_hub_date"], ksu["available_on_the_hub"]) == (None, False)
    assert by_name["Shreyash2010/Uma-4x4B-Instruct-v0.1"]["is_merge"] is True


def test_2023_tables_strip_the_bom_and_map_both_header_spellings():
    early = _rows("20230619.csv")  # 'ARC (25-shot)'
    late = _rows("20231031.csv")  # 'ARC(25-shot)'
    assert early[0]["model"] == "tiiuae/falcon-40b-instruct"  # not '\ufeffModel' → KeyError
    for row in (early[0], late[3]):
        assert {
            k: row[k] for k in ("model", "average", "arc", "hellaswag", "mmlu", "truthfulqa")
        } == {
            "model": "tiiuae/falcon-40b-instruct",
            "average": 63.2,
            "arc": 61.6,
            "hellaswag": 84.4,
            "mmlu": 54.1,
            "truthfulqa": 52.5,
        }
    assert (early[0]["layout"], early[0]["average_tasks"]) == ("v1_2023", 4)
    # `Parameters` is a derived number, never a parameter count
    assert (early[0]["parameters_derived"], early[0]["params_b"]) == (33.33333333333333, None)
    assert (early[0]["winogrande"], early[0]["gsm8k"], early[0]["fullname"]) == (None, None, None)
    assert early[0]["url"] == "https://huggingface.co/tiiuae/falcon-40b-instruct"
    # one repo listed twice (precision dropped by the export): both rows kept
    assert [r["average"] for r in late if r["model"] == "Riiid/sheep-duck-llama-2"] == [
        73.69,
        73.67,
    ]


def test_unknown_columns_go_to_extra():
    data = (FIXTURES / "huggingface_v2.csv").read_bytes()
    lines = data.decode().splitlines()
    lines[0] += ",official_providers"
    lines[1:] = [line + ",TRUE" for line in lines[1:]]
    rows = rows_of(oll, oll.parse(_fetched(), "\n".join(lines).encode()))
    assert json.loads(rows[0]["extra"]) == {"official_providers": "TRUE"}


def test_snapshot_dates():
    assert oll.snapshot_date_for("20230619.csv") == "2023-06-19"
    assert oll.snapshot_date_for("assets/20231031/20231031.csv") == "2023-10-31"
    assert oll.snapshot_date_for("20231399.csv") is None
    assert oll.snapshot_date_for("huggingface_v2.csv") is None
    commit = {
        "commit": {
            "message": "auto: update csv outputs to version 2024.10.29",
            "committer": {"date": "2024-10-30T06:00:00Z"},
        }
    }
    assert oll.commit_snapshot_date(commit) == "2024-10-29"
    commit["commit"]["message"] = "fix readme"
    assert oll.commit_snapshot_date(commit) == "2024-10-30"


V2_HEAD = (FIXTURES / "huggingface_v2.csv").read_bytes().split(b"\n", 1)[0]
V2_ROW = (FIXTURES / "huggingface_v2.csv").read_bytes().split(b"\n")[1]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", f"open_llm_leaderboard: {WHERE}: expected a CSV file, found an empty file"),
        (
            b"<!DOCTYPE html><html><body>Rate limited</body></html>",
            f"open_llm_leaderboard: {WHERE}: expected a CSV file, found an HTML page "
            "(an error or login page served with status 200?)",
        ),
        (
            V2_HEAD + b"\n" + V2_ROW[:200] + b"\n",
            f"open_llm_leaderboard: {WHERE}: expected 35 fields per row, "
            "found 24 on data row 1 (truncated or malformed file?)",
        ),
        (
            V2_HEAD.replace(b",ifeval,", b",ifeval_score,") + b"\n" + V2_ROW + b"\n",
            f"open_llm_leaderboard: {WHERE}: expected columns [model, average, ifeval, bbh, "
            "math_lvl_5, gpqa, musr, mmlupro, precision, fullname], found [t, model, average, "
            "ifeval_score, ifeval_raw, bbh, bbh_raw, math_lvl_5, math_lvl_5_raw, gpqa, gpqa_raw, "
            "musr, …] (missing ifeval). The upstream layout may have changed",
        ),
        (
            b'[{"model": "a/b", "average": 1}]',
            f"open_llm_leaderboard: {WHERE}: expected an Open LLM Leaderboard table (v1, v2 or "
            '2023 header), found [[{"model": "a/b", "average": 1}]]. The upstream layout may have changed',
        ),
        (
            V2_HEAD + b"\n",
            f"open_llm_leaderboard: {WHERE}: expected at least one data row, found only a header",
        ),
        (
            V2_HEAD + b"\n" + V2_ROW.replace(b",TRUE,mit,", b",yes,mit,") + b"\n",
            f"open_llm_leaderboard: {WHERE}: expected TRUE or FALSE in column not_merged, "
            "found 'yes' on row 1",
        ),
        (
            V2_HEAD + b"\n" + V2_ROW.replace(b",50.78,", b",n/a%x,") + b"\n",
            f"open_llm_leaderboard: {WHERE}: expected a number in column average, found 'n/a%x' on row 1",
        ),
        (
            V2_HEAD
            + b"\n"
            + V2_ROW.replace(b",2024-09-24,2024-09-24,", b",24/09/2024,2024-09-24,")
            + b"\n",
            f"open_llm_leaderboard: {WHERE}: expected a date like 2024-05-05 in column "
            "submission_date, found '24/09/2024' on row 1",
        ),
        (
            V2_HEAD
            + b"\n"
            + V2_ROW.replace(b",dfurman/CalmeRys-78B-Orpo-v0.1,1,", b", ,1,")
            + b"\n",
            f"open_llm_leaderboard: {WHERE}: expected a model id in column fullname, "
            "found an empty cell on row 1",
        ),
        (
            "\ufeffModel,Average,ARC (25-shot),HellaSwag (10-shot),MMLU (5-shot),URL\na/b,1,2,3,4,u\n".encode(),
            f"open_llm_leaderboard: {WHERE}: expected columns [Model, Average, ARC(25-shot), "
            "HellaSwag(10-shot), MMLU(5-shot), TruthfulQA(0-shot)], found [Model, Average, "
            "ARC (25-shot), HellaSwag (10-shot), MMLU (5-shot), URL] (missing TruthfulQA(0-shot)). "
            "The upstream layout may have changed",
        ),
    ],
    ids=[
        "empty",
        "html-200",
        "truncated",
        "renamed-column",
        "json-not-csv",
        "header-only",
        "bad-boolean",
        "bad-number",
        "bad-date",
        "empty-model",
        "2023-missing-column",
    ],
)
def test_bad_input_fails_with_one_line(data, message):
    got = _error(data)
    assert got == message
    assert "\n" not in got


def _v2_with(cells: dict[tuple[int, str], str]) -> bytes:
    """The v2 fixture with cells replaced, keyed by (data row from 1, column)."""
    text = (FIXTURES / "huggingface_v2.csv").read_text(encoding="utf-8")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    for (i, col), value in cells.items():
        rows[i][rows[0].index(col)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode()


@pytest.mark.parametrize(
    ("cells", "column", "found"),
    [
        # an earlier row wins over an earlier column: columns are read whole, the error is the
        # first bad cell in row order
        ({(2, "average"): "x", (1, "generation"): "1.5"}, "generation", "'1.5' on row 1"),
        (
            {(2, "ifeval"): "NaN", (1, "upload_to_hub_date"): "soon"},
            "upload_to_hub_date",
            "'soon' on row 1",
        ),
        # within a row, fields in the order a row is read: fullname before model in v2
        ({(1, "model"): " ", (1, "fullname"): ""}, "fullname", "an empty cell on row 1"),
        ({(1, "flagged"): "no", (1, "hub_hearts"): "2.5"}, "hub_hearts", "'2.5' on row 1"),
        ({(3, "bbh"): "NaN", (3, "average"): "?"}, "average", "'?' on row 3"),
    ],
    ids=["row-before-column", "nan-later-row", "fullname-first", "hearts-before-flag", "same-row"],
)
def test_the_first_bad_cell_in_row_order_fails_the_file(cells, column, found):
    got = _error(_v2_with(cells))
    assert f" in column {column}, found {found}" in got, got
    assert got.endswith(found)


def test_a_number_the_bulk_read_refuses_is_read_by_the_cell_rule():
    data = _v2_with({(1, "params_b"): "1,234", (2, "params_b"): "-"})
    rows = rows_of(oll, oll.parse(_fetched(), data))
    assert [r["params_b"] for r in rows[:2]] == [1234.0, None]
