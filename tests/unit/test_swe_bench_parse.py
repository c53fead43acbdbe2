"""swe_bench.parse over hand-written fixtures in the layout of both upstream versions, and its one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scrapers import swe_bench
from scrapers._types import Fetched, SourceChangedError

FIXTURES = Path(__file__).parents[1] / "fixtures" / "swe_bench"
FILES = sorted(FIXTURES.glob("*/leaderboards.json"))


def fetched(data: bytes = b"") -> Fetched:
    return Fetched(
        source="swe_bench",
        url=f"https://raw.githubusercontent.com/{swe_bench.REPO}/master/{swe_bench.PATH}",
        fetched_at="2025-12-10T00:00:00.000000Z",
        sha256="ef" * 32,
        path="swe_bench/leaderboards.json",
        bytes=len(data),
        snapshot_date="2025-12-10",
        filename="leaderboards.json",
    )


def rows_of(day: str, data: bytes | None = None) -> list[dict]:
    data = (FIXTURES / day / "leaderboards.json").read_bytes() if data is None else data
    return list(swe_bench.parse(fetched(data), data))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.parent.name)
def test_every_fixture_gives_one_row_per_result_keyed_by_board_and_folder(path):
    doc = json.loads(path.read_bytes())
    rows = rows_of(path.parent.name)
    assert [(r["board"], r["folder"]) for r in rows] == [
        (b["name"], r["folder"]) for b in doc["leaderboards"] for r in b["results"]
    ]


def test_bash_only_result_with_costs_and_per_instance_details_kept():
    rows = {(r["board"], r["folder"]): r for r in rows_of("2025-12-10")}
    row = dict(rows[("bash-only", "20251124_mini-v1.16.0_claude-opus-4-5-20251101")])
    extra = json.loads(row.pop("extra"))
    assert row == {
        "board": "bash-only",
        "row_number": 1,
        "folder": "20251124_mini-v1.16.0_claude-opus-4-5-20251101",
        "name": "Claude 4.5 Opus medium (20251101)",
        "resolved": 74.4,
        "submitted_on": "2025-11-24",
        "os_model": False,
        "os_system": True,
        "checked": True,
        "checked_note": None,
        "model_tags": '["claude-opus-4-5-20251101"]',
        "model_count": 1,
        "model_key": "claude-opus-4-5-20251101",
        "org": "Anthropic",
        "system": "Attempts - 1",
        "tags": '["Model: claude-opus-4-5-20251101", "Org: Anthropic", "System: Attempts - 1"]',
        "site": "https://example.org",
        "logs": "s3://swe-bench-experiments/bash-only/20251124_mini-v1.16.0_claude-opus-4-5-20251101/logs",
        "trajs": "s3://swe-bench-experiments/bash-only/20251124_mini-v1.16.0_claude-opus-4-5-20251101/trajs",
        "cost_usd": 360.6224985,
        "instance_cost_usd": 0.721244997,
        "instance_calls": 38.042,
        "mini_swe_agent_version": "1.16.0",
        "warning": None,
    }
    assert extra["per_instance_details"]["astropy__astropy-12907"]["resolved"] is True
    assert set(extra) == {"logo", "per_instance_details", "trajs_docent"}
    # a Hugging Face URL tag becomes its repo id; several Model tags: no single model
    assert rows[("bash-only", "20251001_mini-v1.13.3_glm-4.6")]["model_key"] == "zai-org/GLM-4.6"
    refact = rows[("Verified", "20250522_refact_agent")]
    assert (refact["model_count"], refact["model_key"]) == (2, None)
    # `checked` published as text, and the two same-named results told apart by folder
    entro = rows[("Verified", "20251020_entropo_r2e_qwen3coder30b")]
    assert (entro["checked"], entro["checked_note"]) == (
        False,
        "false (See README.md for info on how to get your results verified)",
    )
    assert rows[("Verified", "20251020_entropo_r2e_qwen3coder30b_tts")]["resolved"] == 63.4


def test_old_layout_without_bash_only_or_costs():
    rows = rows_of("2025-06-24")
    assert {r["board"] for r in rows} == {"Test", "Verified", "Lite"}
    assert all(
        r["cost_usd"] is None and r["extra"] == '{"logo": ["https://example.org/logo.png"]}'
        for r in rows
    )
    no_tag = next(r for r in rows if r["folder"] == "20241202_agentless-1.5")
    assert (no_tag["model_count"], no_tag["model_key"], no_tag["model_tags"]) == (0, None, None)


def _doc(**result) -> bytes:
    base = {"name": "S", "folder": "20250101_s", "resolved": 10.0, "date": "2025-01-01", "tags": []}
    return json.dumps(
        {"leaderboards": [{"name": "Lite", "results": [{**base, **result}]}]}
    ).encode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "expected a JSON file, found an empty file"),
        (b'{"leaderboards": [{"name": "Lite", "results": [', "expected valid JSON, found Expecting value"),
        (b'{"boards": []}', "found a JSON dict with keys [boards]"),
        (b'{"leaderboards": []}', "found an empty 'leaderboards' list"),
        (b'{"leaderboards": [{"name": "Lite"}]}', "found board 1 without 'name' or 'results'"),
        (_doc(folder=None), "expected results with 'folder' and 'resolved', found result 1 of board Lite without them"),
        (json.dumps({"leaderboards": [{"name": "Lite", "results": [
            {"folder": "a", "resolved": 1.0}, {"folder": "a", "resolved": 2.0}]}]}).encode(),
         "expected 'folder' unique within a board, found 'a' twice on Lite"),
        (_doc(resolved=float("nan")), "expected a number or empty, found NaN in column resolved on row 1 of board Lite"),
        (_doc(date="24/11/2025"), "expected 'date' as YYYY-MM-DD, found '24/11/2025' on result 1 of board Lite"),
        (_doc(os_model="yes"), "expected 'os_model' as true/false, found 'yes' on result 1 of board Lite"),
        (_doc(tags="Model: x"), "expected 'tags' as a list of strings, found 'Model: x' on result 1 of board Lite"),
    ],
)  # fmt: skip
def test_bad_files_raise_one_line(data, message):
    with pytest.raises(SourceChangedError) as err:
        rows_of("2025-12-10", data)
    text = str(err.value)
    assert "\n" not in text
    assert text.startswith("swe_bench: data/raw/swe_bench/leaderboards.json: ")
    assert message in text
