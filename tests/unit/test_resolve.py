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
    for name in ("aliases.csv", "models.csv", "licenses.csv", "hf_orgs.csv", "model_names.csv"):
        path = resolve.REGISTRY / name
        with path.open(newline="", encoding="utf-8") as f:
            rows = list(csv.DictReader(line for line in f if not line.startswith("#")))
        assert rows, name
        assert all((r.get("reason") or "").strip() for r in rows), name


# Issue 13: each class of names that split one checkpoint, with names as the captures in
# /work/shared/sources publish them (source, name, key). Each group must resolve to one model.
SAME_MODEL = {
    "run settings in parentheses": [
        ("aider_leaderboards", "o3-mini (high)", "o3-mini"),
        ("weirdml", "o3-mini (high)", "openai/o3-mini-high-2025-01-31"),
        ("lmarena_arena_catalog", "o3-mini-high", "o3-mini-high"),
        ("livebench", "o3-mini-2025-01-31-medium", "o3-mini-2025-01-31-medium"),
    ],
    "reasoning on and off of a hybrid model": [
        ("artificial_analysis", "Claude 3.7 Sonnet (Reasoning)", "claude-3-7-sonnet-thinking"),
        ("artificial_analysis", "Claude 3.7 Sonnet (Non-reasoning)", "claude-3-7-sonnet"),
        ("aider_leaderboards", "claude-3-7-sonnet-20250219 (no thinking)", None),
        ("lmarena_arena_catalog", "claude-3-7-sonnet-20250219", "claude-3-7-sonnet-20250219"),
    ],
    "effort and thinking budget together": [
        ("weirdml", "claude-opus-4.5 (high, 16k)", "claude-opus-4-5-20251101"),
        ("lmarena_arena_catalog", "claude-opus-4-5-20251101", "claude-opus-4-5-20251101"),
    ],
    "thinking budget on a hybrid model": [
        ("weirdml", "gemini-2.5-pro (thinking 16k)", "google/gemini-2.5-pro"),
        ("lmarena_arena_catalog", "gemini-2.5-pro", "gemini-2.5-pro"),
    ],
    "Together's -turbo serving": [
        ("livebench", "meta-llama-3.1-405b-instruct-turbo", "meta-llama-3.1-405b-instruct-turbo"),
        ("lmarena_arena_catalog", "llama-3.1-405b-instruct-fp8", "llama-3.1-405b-instruct-fp8"),
        ("weirdml", "llama-3.1-405b-instruct", "meta-llama/llama-3.1-405b-instruct"),
    ],
    "Ollama's bare size tag serves the instruct release": [
        ("aider_leaderboards", "ollama/qwen2.5-coder:32b", "qwen2.5-coder:32b"),
        ("aider_leaderboards", "Qwen2.5-Coder-32B-Instruct", "Qwen2.5-Coder-32B-Instruct"),
        ("artificial_analysis", "Qwen2.5 Coder Instruct 32B", "qwen2-5-coder-32b-instruct"),
        (
            "lmarena_leaderboard_dataset",
            "qwen2.5-coder-32b-instruct",
            "qwen2.5-coder-32b-instruct",
        ),
    ],
    "Fireworks' v3p2": [
        ("epoch_benchmarking_hub", "fireworks/deepseek-v3p2", "fireworks/deepseek-v3p2"),
        ("lmarena_arena_catalog", "deepseek-v3.2", "deepseek-v3.2"),
    ],
    "Mistral API names": [
        ("livebench", "open-mistral-nemo", "open-mistral-nemo"),
        ("epoch_benchmarking_hub", "Mistral-Nemo-Instruct-2407", "Mistral-Nemo-Instruct-2407"),
    ],
    "mistral-small-2501 is Mistral-Small-24B-Instruct-2501": [
        ("livebench", "mistral-small-2501", "mistral-small-2501"),
        (
            "lmarena_arena_catalog",
            "mistral-small-24b-instruct-2501",
            "mistral-small-24b-instruct-2501",
        ),
    ],
    "Codestral 25.01": [
        ("aider_leaderboards", "Codestral 25.01", None),
        ("epoch_benchmarking_hub", "codestral-2501", "codestral-2501"),
    ],
    "Qwen2.5-Max is qwen-max-2025-01-25": [
        ("aider_leaderboards", "qwen-max-2025-01-25", "qwen-max-2025-01-25"),
        ("lmarena_arena_catalog", "qwen2.5-max", "qwen2.5-max"),
    ],
    "Claude version before tier": [
        ("livebench", "claude-4-1-opus-20250805-base", "claude-4-1-opus-20250805-base"),
        ("lmarena_arena_catalog", "claude-opus-4-1-20250805", "claude-opus-4-1-20250805"),
    ],
    "gpt-4.1 = gpt-4-1": [
        ("artificial_analysis", "GPT-4.1", "gpt-4-1"),
        ("lmarena_arena_catalog", "gpt-4.1-2025-04-14", "gpt-4.1-2025-04-14"),
    ],
    "dates with and without dashes": [
        ("swe_bench", "gpt-4o-20241120", "gpt-4o-20241120"),
        ("aider_leaderboards", "gpt-4o-2024-11-20", "gpt-4o-2024-11-20"),
    ],
    "a month-day date (MMDD)": [
        ("epoch_open_model_trends", "GPT-4o-0806", None),
        ("lmarena_arena_catalog", "gpt-4o-2024-08-06", "gpt-4o-2024-08-06"),
    ],
    "a month-day date (MM-DD)": [
        ("weirdml", "grok-4-07-09", "x-ai/grok-4-07-09"),
        ("lmarena_arena_catalog", "grok-4-0709", "grok-4-0709"),
    ],
    "one update dated a day apart": [
        ("livebench", "chatgpt-4o-latest-2025-03-27", "chatgpt-4o-latest-2025-03-27"),
        ("lmarena_arena_catalog", "chatgpt-4o-latest-20250326", "chatgpt-4o-latest-20250326"),
    ],
    "a month-only date": [
        ("artificial_analysis", "GPT-4o (Aug '24)", "gpt-4o-2024-08-06"),
        ("lmarena_arena_catalog", "gpt-4o-2024-08-06", "gpt-4o-2024-08-06"),
    ],
    "a month-only date, DeepSeek": [
        ("epoch_ai_models", "DeepSeek-R1 (May 2025)", None),
        ("lmarena_arena_catalog", "deepseek-r1-0528", "deepseek-r1-0528"),
    ],
    "model-level names: Claude 2": [
        ("epoch_ai_models", "Claude 2", None),
        ("lmarena_arena_catalog", "claude-2.0", "claude-2.0"),
    ],
    "model-level names: Llama 3.3": [
        ("epoch_ai_models", "Llama 3.3", None),
        ("lmarena_arena_catalog", "llama-3.3-70b-instruct", "llama-3.3-70b-instruct"),
    ],
    "model-level names: Amazon Nova Pro": [
        ("epoch_ai_models", "Amazon Nova Pro", None),
        ("livebench", "amazon.nova-pro-v1:0", "amazon.nova-pro-v1:0"),
        ("lmarena_arena_catalog", "amazon-nova-pro-v1.0", "amazon-nova-pro-v1.0"),
    ],
    "model-level names: Gemini 2.0 Pro": [
        ("epoch_ai_models", "Gemini 2.0 Pro", None),
        ("lmarena_arena_catalog", "gemini-2.0-pro-exp-02-05", "gemini-2.0-pro-exp-02-05"),
    ],
    "model-level names: Qwen3-Max": [
        ("epoch_ai_models", "Qwen3-Max", None),
        ("lmarena_arena_catalog", "qwen3-max-2025-09-23", "qwen3-max-2025-09-23"),
    ],
    "undated names: gpt-5": [
        ("weirdml", "gpt-5 (high)", "gpt-5-2025-08-07"),
        ("swe_bench", "gpt-5-2025-08-07", "gpt-5-2025-08-07"),
    ],
    "undated names: grok-4": [
        ("artificial_analysis", "Grok 4", "grok-4"),
        ("lmarena_arena_catalog", "grok-4-0709", "grok-4-0709"),
    ],
    "undated names: kimi-k2-instruct": [
        ("livebench", "kimi-k2-instruct", "kimi-k2-instruct"),
        ("lmarena_arena_catalog", "kimi-k2-0711-preview", "kimi-k2-0711-preview"),
    ],
    "first-party Hub owner: Llama 2": [
        ("open_llm_leaderboard", "meta-llama/Llama-2-70b-hf", "meta-llama/Llama-2-70b-hf"),
        ("epoch_open_model_trends", "Llama-2-70b-hf", None),
    ],
    "first-party Hub owner: Command R": [
        (
            "open_llm_leaderboard",
            "CohereForAI/c4ai-command-r-v01",
            "CohereForAI/c4ai-command-r-v01",
        ),
        ("lmarena_arena_catalog", "command-r", "command-r"),
    ],
    "first-party Hub owner: Phi-4-mini": [
        ("artificial_analysis", "Phi-4 Mini Instruct", "phi-4-mini"),
        ("llm_stats", "Phi 4 Mini", "phi-4-mini"),
        ("epoch_ai_models", "Phi-4 Mini", None),
    ],
}
# Hard negatives: each pair must stay two models.
APART = {
    "an Ollama tag: the instruct release, never the base; a written quantisation stays its own": [
        ("aider_leaderboards", "ollama/qwen2.5-coder:32b", "qwen2.5-coder:32b"),
        ("epoch_benchmarking_hub", "Qwen2.5-Coder-32B", "Qwen2.5-Coder-32B"),
        ("aider_leaderboards", "ollama/qwen2.5:32b", "qwen2.5:32b"),
        ("open_llm_leaderboard", "Qwen/Qwen2.5-32B", "Qwen/Qwen2.5-32B"),
        ("aider_leaderboards", "ollama/qwen2.5:32b-instruct-q8_0", "qwen2.5:32b-instruct-q8_0"),
        (
            "aider_leaderboards",
            "ollama/wojtek/opencodeinterpreter:6.7b",
            "opencodeinterpreter:6.7b",
        ),
    ],
    "preview vs experimental vs GA": [
        ("epoch_benchmarking_hub", "gemini-2.5-pro-preview-03-25", "gemini-2.5-pro-preview-03-25"),
        ("lmarena_arena_catalog", "gemini-2.5-pro-exp-03-25", "gemini-2.5-pro-exp-03-25"),
        ("lmarena_arena_catalog", "gemini-2.5-pro", "gemini-2.5-pro"),
    ],
    "base vs instruct": [
        ("open_llm_leaderboard", "meta-llama/Meta-Llama-3-70B", "meta-llama/Meta-Llama-3-70B"),
        ("lmarena_arena_catalog", "llama-3-70b-instruct", "llama-3-70b-instruct"),
    ],
    "dated snapshots": [
        ("lmarena_arena_catalog", "gpt-4o-2024-05-13", "gpt-4o-2024-05-13"),
        ("lmarena_arena_catalog", "gpt-4o-2024-08-06", "gpt-4o-2024-08-06"),
        ("lmarena_arena_catalog", "chatgpt-4o-latest-20250129", "chatgpt-4o-latest-20250129"),
        ("lmarena_arena_catalog", "chatgpt-4o-latest-20250326", "chatgpt-4o-latest-20250326"),
    ],
    "sizes": [
        ("lmarena_arena_catalog", "qwen2.5-72b-instruct", "qwen2.5-72b-instruct"),
        ("epoch_benchmarking_hub", "qwen2.5-7b-instruct", None),
    ],
    "Qwen Max/Plus (API) vs open Qwen": [
        ("lmarena_arena_catalog", "qwen2.5-max", "qwen2.5-max"),
        ("lmarena_arena_catalog", "qwen-plus-0125", "qwen-plus-0125"),
        ("lmarena_arena_catalog", "qwen2.5-72b-instruct", "qwen2.5-72b-instruct"),
    ],
    "separate thinking models vs instruct": [
        ("artificial_analysis", "Qwen3 235B A22B 2507 (Reasoning)", "x"),
        ("artificial_analysis", "Qwen3 235B A22B 2507 Instruct", "y"),
        ("artificial_analysis", "Qwen3 235B A22B (Reasoning)", "z"),
    ],
    "third-party Hub repos": [
        ("open_llm_leaderboard", "TheBloke/Llama-2-70B-fp16", "TheBloke/Llama-2-70B-fp16"),
        ("open_llm_leaderboard", "meta-llama/Llama-2-70b-hf", "meta-llama/Llama-2-70b-hf"),
        (
            "open_llm_leaderboard",
            "Aratako/c4ai-command-r-v01-japanese-instruct",
            "Aratako/c4ai-command-r-v01-japanese-instruct",
        ),
        (
            "open_llm_leaderboard",
            "CohereForAI/c4ai-command-r-v01",
            "CohereForAI/c4ai-command-r-v01",
        ),
    ],
}


@pytest.mark.parametrize("case", sorted(SAME_MODEL))
def test_each_class_of_split_names_resolves_to_one_model(case):
    rows = SAME_MODEL[case]
    got = _resolve(rows)
    ids = {got[(s, n)]["model_id"] for s, n, _ in rows}
    assert len(ids) == 1 and None not in ids, {(s, n): got[(s, n)]["model_id"] for s, n, _ in rows}


@pytest.mark.parametrize("case", sorted(APART))
def test_hard_negatives_stay_apart(case):
    rows = APART[case]
    got = _resolve(rows)
    ids = [got[(s, n)]["model_id"] for s, n, _ in rows]
    assert None not in ids and len(set(ids)) == len(ids), ids


def test_undated_name_with_several_checkpoints_stays_unmatched_in_every_source():
    got = _resolve(
        [
            ("lmarena_arena_catalog", "grok-2-2024-08-13", "grok-2-2024-08-13"),
            ("lmarena_arena_catalog", "grok-2-1212", "grok-2-1212"),
            ("aider_leaderboards", "Grok-2", "grok-2"),
            ("weirdml", "grok-2-1212", "x-ai/grok-2-1212"),
        ]
    )
    row = got[("aider_leaderboards", "Grok-2")]
    assert row["model_id"] is None and row["method"] == "unmatched"
    assert got[("weirdml", "grok-2-1212")]["model_id"] == "grok-2-1212"


@pytest.mark.parametrize(
    ("name", "base", "setting"),
    [
        # Aider's newer run-setting spellings (not in the 2025-04 capture), and WeirdML's/AA's
        ("DeepSeek V3.1 (no think)", "DeepSeek V3.1", "no think"),
        ("gpt-oss-120b (default)", "gpt-oss-120b", "default"),
        ("Qwen3 32B (default think)", "Qwen3 32B", "default think"),
        ("DeepSeek V3 (Chat)", "DeepSeek V3", "chat"),
        ("claude-sonnet-4-20250514 (32k think)", "claude-sonnet-4-20250514", "32k think"),
        ("claude-opus-4.5 (high, 16k)", "claude-opus-4.5", "high, 16k"),
        (
            "Claude Opus 4.6 (Non-reasoning, High Effort)",
            "Claude Opus 4.6",
            "non-reasoning, high effort",
        ),
        (
            "claude-opus-4-6-thinking-auto-high-effort",
            "claude-opus-4-6",
            "thinking-auto;high-effort",
        ),
        ("claude-opus-5-max", "claude-opus-5", "max"),
        ("kimi-k3-max", "kimi-k3", "max"),
        ("meta-llama-3.1-70b-instruct-turbo", "meta-llama-3.1-70b-instruct", "served_by=together"),
        # not settings: a model's own words
        ("GPT-4o (ChatGPT)", "GPT-4o (ChatGPT)", ""),
        ("qwen3-max", "qwen3-max", ""),
        ("gpt-4-turbo", "gpt-4-turbo", ""),
        ("GPT-4.5 (Preview)", "GPT-4.5 (Preview)", ""),
    ],
)
def test_issue_13_setting_spellings(name, base, setting):
    assert resolve.split_setting(name) == (base, setting)


def test_match_key_dates_word_order_and_versions():
    mk = resolve.match_key
    assert mk("chatgpt-4o-latest-01-29-2025") == mk("chatgpt-4o-latest-20250129")
    assert mk("claude-4-1-opus-20250805") == mk("claude-opus-4-1-20250805")
    assert mk("gemini-pro-1.5-002") == mk("gemini-1.5-pro-002")
    assert mk("llama-v3p1-70b-instruct") == mk("Meta-Llama-3.1-70B-Instruct")
    assert mk("Mistral Small v24.09") == mk("mistral-small-2409")
    assert mk("Llama 3.1 Instruct 405B") == mk("llama-3.1-405b-instruct")
    assert mk("Qwen3 235B A22B 2507 Instruct") == mk("Qwen3-235B-A22B-Instruct-2507")
    assert mk("command-r-08-2024") != mk("command-r-0820-24")
    assert mk("gemini-2.5-pro-exp-03-25") != mk("gemini-2.5-pro-preview-03-25")


def test_an_ollama_bare_tag_is_the_instruct_release_served_by_ollama():
    got = _resolve(
        [
            ("aider_leaderboards", "ollama/qwen2.5-coder:32b", "qwen2.5-coder:32b"),
            ("aider_leaderboards", "ollama/codestral", "codestral"),
        ]
    )
    row = got[("aider_leaderboards", "ollama/qwen2.5-coder:32b")]
    assert (row["model_id"], row["setting"], row["method"]) == (
        "qwen2-5-coder-32b-instruct",
        "served_by=ollama",
        "rule",
    )
    # no size: which build Ollama's moving 'codestral' tag pulled is not written, so it stays apart
    assert got[("aider_leaderboards", "ollama/codestral")]["model_id"] == "ollama-codestral"
