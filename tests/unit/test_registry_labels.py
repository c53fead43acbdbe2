"""The resolver against the labelled set: precision ≥ 0.99 and recall ≥ 0.95, printed.

tests/golden/registry_labels.csv holds (source, name as published, model_key) → expected model_id,
or 'unmatched' where the right answer is to leave the name out. It spans every source, and the hard
cases of /work/shared/DOMAIN.md. The resolver is pure: it sees only these names, the LMArena
(display name, key) pairs among them, and data/registry/; no warehouse, no captures.

precision = correct model_ids / names the resolver matched
recall    = correct model_ids / names the labels say should match
"""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl
import pytest

from warehouse import resolve

LABELS = Path(__file__).resolve().parents[1] / "golden" / "registry_labels.csv"
SOURCES = {
    "lmarena_arena_catalog",
    "lmarena_hf_space",
    "lmarena_leaderboard_csv",
    "lmsys_blog_leaderboard_html",
    "epoch_benchmarking_hub",
    "epoch_ai_models",
    "livebench",
    "aider_leaderboards",
    "open_llm_leaderboard",
    "llm_stats",
    "hf_cards",
}


def _labels() -> list[dict[str, str]]:
    with LABELS.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _run(labels: list[dict[str, str]]) -> dict[tuple[str, str, str], str]:
    names = pl.DataFrame(
        [(r["source"], r["name"], r["model_key"] or None) for r in labels],
        schema={"source": pl.String, "source_model_name": pl.String, "model_key": pl.String},
        orient="row",
    )
    bridges = pl.DataFrame(
        [
            (r["name"], r["model_key"])
            for r in labels
            if r["source"] == "lmarena_hf_space" and r["model_key"]
        ],
        schema={"display_name": pl.String, "model_key": pl.String},
        orient="row",
    )
    out = resolve.resolve(names, bridges, resolve.load_registry())
    return {
        (r["source"], r["source_model_name"], r["model_key"] or ""): r["model_id"]
        or resolve.UNMATCHED
        for r in out.iter_rows(named=True)
    }


def test_labelled_set_spans_every_source_and_is_large_enough():
    labels = _labels()
    assert len(labels) >= 300
    assert {r["source"] for r in labels} >= SOURCES
    assert sum(r["expected_model_id"] == resolve.UNMATCHED for r in labels) >= 10


def test_resolver_precision_and_recall_on_the_labelled_set(capsys):
    labels = _labels()
    got = _run(labels)
    matched = correct = should_match = 0
    errors = []
    for r in labels:
        predicted = got[(r["source"], r["name"], r["model_key"])]
        expected = r["expected_model_id"]
        if expected != resolve.UNMATCHED:
            should_match += 1
        if predicted != resolve.UNMATCHED:
            matched += 1
            if predicted == expected:
                correct += 1
        if predicted != expected:
            errors.append(f"{r['source']}: {r['name']!r} → {predicted} (expected {expected})")
    precision = correct / matched
    recall = correct / should_match
    with capsys.disabled():
        print(
            f"\nregistry labelled set: {len(labels)} names, precision {precision:.4f} "
            f"({correct}/{matched}), recall {recall:.4f} ({correct}/{should_match})"
        )
        for e in errors:
            print("  miss:", e)
    assert precision >= 0.99, errors
    assert recall >= 0.95, errors


@pytest.mark.parametrize(
    ("source", "name", "key", "expected"),
    [
        ("lmarena_leaderboard_csv", "Command R+", None, "command-r-plus"),
        ("lmarena_leaderboard_csv", "Command R", None, "command-r"),
        ("livebench", "o3-2025-04-16-high", "o3-2025-04-16-high", "o3-2025-04-16"),
        ("epoch_benchmarking_hub", "o3-2025-04-16_high", "o3-2025-04-16", "o3-2025-04-16"),
    ],
)
def test_hard_cases_resolve_alone(source, name, key, expected):
    context = pl.DataFrame(
        [("lmarena_arena_catalog", k, k) for k in ("command-r", "command-r-plus", "o3-2025-04-16")],
        schema={"source": pl.String, "source_model_name": pl.String, "model_key": pl.String},
        orient="row",
    )
    assert resolve.resolve_one(source, name, key, context)["model_id"] == expected
