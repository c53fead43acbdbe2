"""aider_leaderboards.parse over hand-written fixtures, the command-line parser, and the one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scrapers import aider_leaderboards as aider
from scrapers._types import Fetched, SourceChangedError

FIXTURES = Path(__file__).parents[1] / "fixtures" / "aider_leaderboards"
FILES = sorted(FIXTURES.glob("*.yml"))


def fetched(name: str, data: bytes = b"") -> Fetched:
    return Fetched(
        source="aider_leaderboards",
        url=f"https://raw.githubusercontent.com/Aider-AI/aider/abc/aider/website/_data/{name}",
        fetched_at="2025-12-01T00:00:00.000000Z",
        sha256="cd" * 32,
        path=f"aider_leaderboards/{name}",
        bytes=len(data),
        snapshot_date="2025-04-14",
        filename=name,
    )


def rows_of(name: str, data: bytes | None = None) -> list[dict]:
    data = (FIXTURES / name).read_bytes() if data is None else data
    return list(aider.parse(fetched(name, data), data))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_fixture_parses_one_row_per_run(path):
    rows = rows_of(path.name)
    assert len(rows) == path.read_text().count("- dirname:")
    assert {r["leaderboard"] for r in rows} == {path.name.split("_")[0]}
    assert [r["row_number"] for r in rows] == list(range(1, len(rows) + 1))


def test_polyglot_run_with_reasoning_effort_in_the_command():
    row = rows_of("polyglot_leaderboard.yml")[0]
    extra = json.loads(row.pop("extra"))
    assert row == {
        "leaderboard": "polyglot",
        "row_number": 1,
        "dirname": "2025-01-31-10-00-00--o3-mini-high-example",
        "model": "o3-mini (high)",
        "command": "aider --model o3-mini --reasoning-effort high",
        "model_arg": "o3-mini",
        "model_shortcut": None,
        "editor_model_arg": None,
        "cmd_reasoning_effort": "high",
        "cmd_thinking_tokens": None,
        "provider": None,
        "model_id": "o3-mini",
        "is_moving_alias": False,
        "editor_model": None,
        "run_date": "2025-01-31",
        "released": None,
        "pass_rate_1": 22.7,
        "pass_rate_2": 58.2,
        "percent_cases_well_formed": 94.2,
        "edit_format": "diff",
        "editor_edit_format": None,
        "reasoning_effort": None,
        "thinking_tokens": None,
        "total_cost": 17.5021,
        "test_cases": 225,
        "seconds_per_case": 45.9,
        "versions": "0.72.4.dev",
        "commit_hash": "2fb517b-dirty",
    }
    assert extra == {
        "error_outputs": 26, "exhausted_context_windows": 0, "indentation_errors": 0,
        "lazy_comments": 0, "num_malformed_responses": 24, "num_with_malformed_responses": 15,
        "pass_num_1": 51, "pass_num_2": 131, "syntax_errors": 0, "test_timeouts": 7,
        "total_tests": 225, "user_asks": 19,
    }  # fmt: skip


def test_architect_run_keeps_its_editor_and_router_path_is_stripped():
    row = rows_of("polyglot_leaderboard.yml")[1]
    assert (row["model"], row["model_arg"], row["provider"], row["model_id"]) == (
        "QwQ-32B + Qwen 2.5 Coder Instruct",
        "fireworks_ai/accounts/fireworks/models/qwq-32b",
        "fireworks_ai",
        "qwq-32b",
    )
    assert (row["edit_format"], row["editor_model"], row["editor_edit_format"]) == (
        "architect",
        "fireworks_ai/accounts/fireworks/models/qwen2p5-coder-32b-instruct",
        "editor-diff",
    )
    assert row["total_cost"] == 0.0


def test_comment_in_command_and_hf_style_id():
    rows = rows_of("polyglot_leaderboard.yml")
    assert (rows[2]["model_arg"], rows[2]["provider"], rows[2]["model_id"]) == (
        "openai/Qwen/Qwen2.5-Coder-32B-Instruct",
        "openai",
        "Qwen2.5-Coder-32B-Instruct",
    )
    assert rows[3]["cmd_thinking_tokens"] == "32k"
    assert rows[3]["model_id"] == "claude-3-7-sonnet-20250219"


def test_moving_ids_are_flagged_not_trusted():
    polyglot = rows_of("polyglot_leaderboard.yml")
    assert (polyglot[4]["model"], polyglot[4]["model_id"], polyglot[4]["is_moving_alias"]) == (
        "DeepSeek V3 (0324)",
        "deepseek-chat",
        True,
    )
    edit = rows_of("edit_leaderboard.yml")
    assert (edit[2]["model_id"], edit[2]["is_moving_alias"]) == ("chatgpt-4o-latest", True)


def test_edit_board_shortcut_flag_released_and_underscored_released():
    rows = rows_of("edit_leaderboard.yml")
    opus, qwen = rows[0], rows[1]
    assert (opus["model_arg"], opus["model_shortcut"], opus["model_id"]) == (None, "--opus", None)
    assert opus["released"] is None  # `_released` is Aider's switched-off key: kept in extra only
    assert json.loads(opus["extra"])["_released"] == "2024-02-29"
    assert (qwen["released"], qwen["run_date"], qwen["provider"], qwen["model_id"]) == (
        "2024-06-08",
        "2024-06-08",
        "together_ai",
        "Qwen2-72B-Instruct",
    )


def test_refactor_board_has_only_pass_rate_1():
    rows = rows_of("refactor_leaderboard.yml")
    assert [(r["model"], r["pass_rate_1"], r["pass_rate_2"]) for r in rows] == [
        ("claude-3-opus-20240229", 71.1, None),
        ("gpt-4o-2024-08-06", 58.4, None),
    ]


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("aider --model gemini/gemini-2.0-pro-exp-02-05", ("gemini/gemini-2.0-pro-exp-02-05", None)),
        ("aider --architect --model r1 --editor-model sonnet", ("r1", None)),
        ("OPENAI_API_BASE=https://api.cohere.ai/compatibility/v1 aider --model openai/command-a-03-2025-quality",
         ("openai/command-a-03-2025-quality", None)),
        ("aider --model=xai/grok-3-mini-beta --reasoning-effort=high", ("xai/grok-3-mini-beta", None)),
        ("aider -4", (None, "-4")),
        ("aider", (None, None)),
        ("(via glhf.chat)", (None, None)),
        ("aider --model 'unbalanced", ("'unbalanced", None)),
    ],
)  # fmt: skip
def test_parse_command(command, expected):
    out = aider.parse_command(command)
    assert (out["model_arg"], out["model_shortcut"]) == expected


@pytest.mark.parametrize(
    ("arg", "expected"),
    [
        ("openrouter/openai/o1", ("openrouter", "o1")),
        ("openrouter/openrouter/quasar-alpha", ("openrouter", "quasar-alpha")),
        ("ollama/qwen2.5-coder:32b", ("ollama", "qwen2.5-coder:32b")),
        ("openai/hf:Qwen/Qwen2.5-Coder-32B-Instruct", ("openai", "Qwen2.5-Coder-32B-Instruct")),
        ("bedrock/us.amazon.nova-pro-v1:0", ("bedrock", "us.amazon.nova-pro-v1:0")),
        ("gpt-4.1", (None, "gpt-4.1")),
        (None, (None, None)),
    ],
)
def test_split_model(arg, expected):
    assert aider.split_model(arg) == expected


NAME = "polyglot_leaderboard.yml"
WHERE = f"aider_leaderboards: data/raw/aider_leaderboards/{NAME}"
EXPECTED = "expected a YAML list of runs (mappings with 'model' and 'pass_rate_*')"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", f"{WHERE}: expected a YAML file, found an empty file"),
        (
            b"<html><head><title>Rate limited</title></head></html>",
            f"{WHERE}: expected a YAML file, found an HTML page (an error or login page served with status 200?)",
        ),
        (b"- dirname: x\n  model: m\n  pass_rate_2: [1.0\n", f"{WHERE}: expected valid YAML, found expected ',' or ']', but got '<stream end>' at line 4 column 1 (truncated file?)"),
        (b"models:\n  - gpt-4o\n", f"{WHERE}: {EXPECTED}, found a YAML dict"),
        (b"[]\n", f"{WHERE}: {EXPECTED}, found an empty list"),
        (b"- just a string\n", f"{WHERE}: {EXPECTED}, found a str as run 1"),
        (b"- model: m\n  pass_rate_2: 1.0\n- model: m2\n  score: 3\n", f"{WHERE}: {EXPECTED}, found run 2 without 'model' or 'pass_rate_*'"),
        (b"- name: m\n  pass_rate_2: 1.0\n", f"{WHERE}: {EXPECTED}, found run 1 without 'model' or 'pass_rate_*'"),
        (b"- model: m\n  pass_rate_2: 1.0\n  date: last tuesday\n", f"{WHERE}: expected run date as YYYY-MM-DD, found 'last tuesday' on run 1"),
        (
            b"- &a {model: m, pass_rate_2: 1, x: [*a, *a]}\n",
            f"{WHERE}: expected YAML without aliases, found YAML alias *a at line 1",
        ),
        (b"- !!python/object:os.system {model: m, pass_rate_2: 1}\n",
         f"{WHERE}: expected plain YAML data, found could not determine a constructor for the tag 'tag:yaml.org,2002:python/object:os.system' at line 1 column 3"),
    ],
    ids=["empty", "html", "truncated", "dict", "empty-list", "not-mapping", "missing-pass-rate",
         "renamed-model", "bad-date", "yaml-alias", "python-tag"],
)  # fmt: skip
def test_bad_input_raises_one_line(data, message):
    with pytest.raises(SourceChangedError) as exc:
        rows_of(NAME, data)
    assert str(exc.value) == message


def test_unknown_file_name_is_refused():
    data = (FIXTURES / NAME).read_bytes()
    with pytest.raises(SourceChangedError) as exc:
        list(aider.parse(fetched("leaderboard.yml", data), data))
    assert str(exc.value) == (
        "aider_leaderboards: data/raw/aider_leaderboards/leaderboard.yml: expected a file named "
        "{polyglot,edit,refactor}_leaderboard.yml, found 'leaderboard.yml'"
    )
