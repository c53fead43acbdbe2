"""artificial_analysis.parse over hand-written fixtures in the mirror's llms.json layout, and its one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scrapers import artificial_analysis as aa
from scrapers._types import Fetched, SourceChangedError
from tests import helpers

FIXTURES = Path(__file__).parents[1] / "fixtures" / "artificial_analysis"
FILES = sorted(FIXTURES.glob("*/llms.json"))


def fetched(day: str, data: bytes = b"") -> Fetched:
    return Fetched(
        source="artificial_analysis",
        url=f"https://raw.githubusercontent.com/{aa.REPO}/HEAD/data/{day}/llms.json",
        fetched_at="2026-07-11T00:00:00.000000Z",
        sha256="ab" * 32,
        path="artificial_analysis/llms.json",
        bytes=len(data),
        snapshot_date=day,
        filename="llms.json",
    )


def rows_of(day: str, data: bytes | None = None) -> list[dict]:
    data = (FIXTURES / day / "llms.json").read_bytes() if data is None else data
    return helpers.rows_of(aa, aa.parse(fetched(day, data), data))


def table(rows: list[dict], name: str) -> list[dict]:
    return [{k: v for k, v in r.items() if k != "_table"} for r in rows if r["_table"] == name]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.parent.name)
def test_every_fixture_gives_one_model_row_per_record_and_one_score_per_number(path):
    doc = json.loads(path.read_bytes())
    rows = rows_of(path.parent.name)
    models = table(rows, "artificial_analysis_models")
    assert [m["model_uuid"] for m in models] == [m["id"] for m in doc["models"]]
    numbers = sum(
        1
        for m in doc["models"]
        for k, v in m["evaluations"].items()
        if v is not None and not k.endswith("_is_estimated")
    )
    assert len(table(rows, "artificial_analysis_scores")) == numbers


def test_open_model_record_keeps_flag_licence_and_setting():
    models = {m["slug"]: m for m in table(rows_of("2026-07-10"), "artificial_analysis_models")}
    row = models["gpt-oss-120b"]
    extra = json.loads(row.pop("extra"))
    assert row == {
        "row_number": 2,
        "model_uuid": "3d1b6e0a-7c4f-4b8e-9a1d-2f5e6c7b8a90",
        "name": "gpt-oss-120b (high)",
        "base_name": "gpt-oss-120b",
        "setting": "high",
        "short_name": "gpt-oss-120b",
        "slug": "gpt-oss-120b",
        "release_date": "2025-08-05",
        "reasoning_model": None,
        "deprecated": False,
        "creator_id": "e67e56e3-15cd-43db-b679-da4660a69f41",
        "creator_name": "OpenAI",
        "creator_slug": "openai",
        "creator_country": "us",
        "is_open_weights": True,
        "commercial_allowed": True,
        "license_name": "Apache 2.0",
        "license_url": "https://huggingface.co/openai/gpt-oss-120b/blob/main/LICENSE",
        "huggingface_url": "https://huggingface.co/openai/gpt-oss-120b",
        "openrouter_api_id": "openai/gpt-oss-120b",
        "intelligence_index_is_estimated": True,
        "total_parameters_b": 117.0,
        "active_parameters_b": 5.1,
        "context_window_tokens": 131072.0,
    }
    assert extra["pricing"]["price_1m_input_tokens"] == 0.15
    assert extra["capabilities.size_class"] == "medium"
    assert extra["creator.color"] == "#000000"
    assert "breakdowns" in extra and "speed" in extra
    # a closed model: flag false, licence null; a date in parentheses is part of the name
    assert models["gemini-3-pro"]["is_open_weights"] is False
    assert models["gemini-3-pro"]["license_name"] is None
    assert (models["gpt-4o-2024-11-20"]["base_name"], models["gpt-4o-2024-11-20"]["setting"]) == (
        "GPT-4o (Nov '24)",
        "",
    )
    assert models["gpt-4o-2024-11-20"]["release_date"] is None


def test_scores_carry_each_published_number():
    scores = {
        (s["name"], s["metric"]): s["score"]
        for s in table(rows_of("2026-06-10"), "artificial_analysis_scores")
    }
    assert scores[("gpt-oss-120B (high)", "artificial_analysis_intelligence_index")] == 33.27
    assert scores[("gpt-oss-120B (high)", "gpqa")] == 0.782
    assert scores[("gpt-oss-120B (high)", "aa_omniscience")] == -49.25
    assert ("Gemini 3 Pro Preview (high)", "artificial_analysis_coding_index") not in scores  # null


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("GPT-5.4 Pro (xhigh)", ("GPT-5.4 Pro", "xhigh")),
        ("DeepSeek V3.2 (Non-reasoning)", ("DeepSeek V3.2", "non-reasoning")),
        (
            "Claude Opus 4.7 (Adaptive Reasoning, Max Effort)",
            ("Claude Opus 4.7", "adaptive_reasoning;max_effort"),
        ),
        ("Grok 4.20 0309 (Reasoning)", ("Grok 4.20 0309", "reasoning")),
        ("Gemini 2.5 Pro Preview (May' 25)", ("Gemini 2.5 Pro Preview (May' 25)", "")),
        ("GPT-4 (0613)", ("GPT-4 (0613)", "")),
        ("Mercury 2", ("Mercury 2", "")),
    ],
)
def test_split_setting(name, expected):
    assert aa.split_setting(name) == expected


def _doc(**model) -> bytes:
    base = {"id": "u1", "name": "M", "evaluations": {"gpqa": 0.5}}
    return json.dumps({"meta": {}, "models": [{**base, **model}]}).encode()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "expected a JSON file, found an empty file"),
        (b'{"models": [', "expected valid JSON, found Expecting value at line 1 column 13 (truncated file?)"),
        (b'{"meta": {}, "data": []}', "expected a JSON object with a 'models' list of records with 'id', "
         "'name' and 'evaluations', found an object with keys [data, meta]"),
        (b'{"models": []}', "found an empty 'models' list"),
        (_doc(evaluations=None), "found model 1 without 'evaluations'"),
        (json.dumps({"models": [{"name": "M", "evaluations": {}}]}).encode(), "found model 1 without 'id' or 'name'"),
        (_doc(evaluations={"gpqa": "0.5"}), "expected a number or null in 'evaluations.gpqa', found '0.5' on model 1"),
        (b'{"models": [{"id": "u1", "name": "M", "evaluations": {"hle": NaN}}]}',
         "expected a number or empty, found NaN in column evaluations.hle on row 1"),
        (_doc(release_date="10/07/2026"), "expected release_date as YYYY-MM-DD, found '10/07/2026' on model 1"),
        (_doc(open_weights={"is_open_weights": "yes"}), "expected is_open_weights as true/false/null, found 'yes' on model 1"),
        (_doc(creator="OpenAI"), "expected 'creator' as an object, found a str on model 1"),
        (b"<!DOCTYPE html><html>rate limited</html>", "found an HTML page"),
    ],
)  # fmt: skip
def test_bad_files_raise_one_line(data, message):
    with pytest.raises(SourceChangedError) as err:
        rows_of("2026-07-10", data)
    text = str(err.value)
    assert "\n" not in text
    assert text.startswith("artificial_analysis: data/raw/artificial_analysis/llms.json: ")
    assert message in text
