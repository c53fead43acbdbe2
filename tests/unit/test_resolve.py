"""The resolver's rules one at a time: settings split off, match keys, the undated-name guard, and
the fuzzy-proposal guard (rapidfuzz proposes, never merges)."""

from __future__ import annotations

import csv

import polars as pl
import pytest

from warehouse import resolve
from warehouse.registry_cli import candidates, proposal_conflicts


def _resolve(rows):
    names = pl.DataFrame(
        rows,
        schema={"source": pl.String, "source_model_name": pl.String, "model_key": pl.String},
        orient="row",
    )
    out = resolve.resolve(names, None, resolve.load_registry())
    return {(r["source"], r["source_model_name"]): r for r in out.iter_rows(named=True)}


@pytest.mark.parametrize(
    ("name", "base", "setting"),
    [
        ("o3-2025-04-16_high", "o3-2025-04-16", "high"),
        ("o3-2025-04-16-high", "o3-2025-04-16", "high"),
        ("claude-3-7-sonnet-20250219_32K", "claude-3-7-sonnet-20250219", "32k"),
        ("Claude 3.7 Sonnet (thinking-32k)", "Claude 3.7 Sonnet", "thinking-32k"),
        ("gpt-5.1-2025-11-13-nothinking", "gpt-5.1-2025-11-13", "nothinking"),
        ("claude-3-7-sonnet-20250219-base", "claude-3-7-sonnet-20250219", "no-thinking"),
        ("Meta-Llama-3.1-405B-Instruct-bf16", "Meta-Llama-3.1-405B-Instruct", "bf16"),
        ("qwen3-32b-thinking", "qwen3-32b", "thinking"),
        ("Qwen3-235B-A22B-no-thinking", "Qwen3-235B-A22B", "no-thinking"),
        # sizes and separate models are not settings
        ("mistral-medium", "mistral-medium", ""),
        ("phi-3-medium-4k-instruct", "phi-3-medium-4k-instruct", ""),
        ("kimi-k2-thinking", "kimi-k2-thinking", ""),
        ("qwen3-235b-a22b-thinking-2507", "qwen3-235b-a22b-thinking-2507", ""),
        ("gemini-2.0-flash-thinking-exp-01-21", "gemini-2.0-flash-thinking-exp-01-21", ""),
    ],
)
def test_run_settings_are_split_off_the_name(name, base, setting):
    assert resolve.split_setting(name) == (base, setting)


def test_match_key_unifies_spellings_but_keeps_plus_dates_and_sizes():
    mk = resolve.match_key
    assert mk("Claude 3.5 Sonnet (20240620)") == mk("claude-3-5-sonnet-20240620")
    assert mk("ChatGPT-4o-latest (2024-08-08)") == mk("chatgpt-4o-latest-20240808")
    assert mk("Meta-Llama-3.1-8B-Instruct") == mk("llama3.1-8b-instruct")
    assert mk("Command R+") != mk("Command R")
    assert mk("gpt-4o-2024-05-13") != mk("gpt-4o-2024-08-06")
    assert mk("Llama-3-8B-Instruct") != mk("Llama-3-70B-Instruct")
    assert mk("gemini-2.5-pro-preview-03-25") != mk("Gemini-2.5-Pro-Exp-03-25")


def test_trailing_spaces_and_vendor_renames_resolve_to_one_model():
    got = _resolve(
        [
            ("lmarena_arena_catalog", "deepseek-r1-0528", "deepseek-r1-0528"),
            ("lmarena_arena_catalog", "deepseek-r1", "deepseek-r1"),
            ("epoch_benchmarking_hub", "DeepSeek-R1-0528 ", None),
            ("lmarena_leaderboard_csv", "DeepSeek-R1-0528\n", None),
        ]
    )
    assert got[("epoch_benchmarking_hub", "DeepSeek-R1-0528 ")]["model_id"] == "deepseek-r1-0528"
    assert got[("lmarena_leaderboard_csv", "DeepSeek-R1-0528\n")]["model_id"] == "deepseek-r1-0528"


def test_undated_moving_alias_beside_dated_checkpoints_is_unmatched():
    got = _resolve(
        [
            ("lmarena_arena_catalog", "gpt-4o-2024-05-13", "gpt-4o-2024-05-13"),
            ("lmarena_arena_catalog", "gpt-4o-2024-08-06", "gpt-4o-2024-08-06"),
            ("aider_leaderboards", "gpt-4o", None),
        ]
    )
    row = got[("aider_leaderboards", "gpt-4o")]
    assert row["model_id"] is None and row["method"] == "unmatched"
    assert "gpt-4o-20240513" in row["evidence"]


def test_third_party_hub_repos_never_merge_with_the_original():
    got = _resolve(
        [
            (
                "open_llm_leaderboard",
                "meta-llama/Meta-Llama-3-8B-Instruct",
                "meta-llama/Meta-Llama-3-8B-Instruct",
            ),
            (
                "open_llm_leaderboard",
                "someone/Meta-Llama-3-8B-Instruct",
                "someone/Meta-Llama-3-8B-Instruct",
            ),
            ("lmarena_arena_catalog", "llama-3-8b-instruct", "llama-3-8b-instruct"),
        ]
    )
    assert (
        got[("open_llm_leaderboard", "meta-llama/Meta-Llama-3-8B-Instruct")]["model_id"]
        == "llama-3-8b-instruct"
    )
    assert got[("open_llm_leaderboard", "someone/Meta-Llama-3-8B-Instruct")]["model_id"] == (
        "someone/meta-llama-3-8b-instruct"
    )


def test_curated_rows_win_and_can_force_unmatched():
    got = _resolve(
        [
            ("aider_leaderboards", "DeepSeek R1 + claude-3-5-sonnet-20241022", None),
            ("aider_leaderboards", "Command R+ (08-24)", "command-r-plus-08-2024"),
        ]
    )
    assert (
        got[("aider_leaderboards", "DeepSeek R1 + claude-3-5-sonnet-20241022")]["model_id"] is None
    )
    assert got[("aider_leaderboards", "Command R+ (08-24)")]["model_id"] == "command-r-plus-08-2024"
    assert got[("aider_leaderboards", "Command R+ (08-24)")]["method"] == "curated"


@pytest.mark.parametrize(
    ("name", "candidate", "conflict"),
    [
        ("Grok-4.1-Thinking", "gpt-5-1-thinking", "family"),
        ("gpt-4o-2024-05-13", "gpt-4o-2024-08-06", "date"),
        ("Llama-3.1-70B-Instruct", "llama-3-1-405b-instruct", "size"),
        ("gemini-2.5-pro", "gemini-2-5-flash", "variant"),
        ("gpt-4.1-mini", "gpt-4-1", "variant"),
        ("Qwen2.5-72B-Instruct", "qwen2-72b-instruct", "version"),
        ("Llama-3-8B-Instruct", "llama-3-8b", "variant"),
    ],
)
def test_fuzzy_proposals_are_blocked_across_dates_sizes_versions_variants_families(
    name, candidate, conflict
):
    assert conflict in proposal_conflicts(name, candidate)


def test_fuzzy_candidates_rank_and_annotate():
    found = candidates("Grok-4.1-Thinking", ["gpt-5-1-thinking", "grok-4-1-thinking"], limit=2)
    assert found[0][0] == "grok-4-1-thinking" and found[0][2] == []
    assert "family" in found[1][2]


def test_every_curated_row_has_a_reason():
    for name in ("aliases.csv", "models.csv", "licenses.csv", "hf_orgs.csv"):
        path = resolve.REGISTRY / name
        with path.open(newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(line for line in f if not line.startswith("#")))
        assert rows, name
        assert all((r.get("reason") or "").strip() for r in rows), name
