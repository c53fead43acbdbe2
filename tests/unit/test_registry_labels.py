"""The resolver against the labelled set: pairwise precision ≥ 0.995 and recall ≥ 0.97, printed.

tests/golden/registry_labels.csv holds (source, name as published, model_key[, the publishing file's
snapshot_date]) → the model it names (a group label, written by reading the names, never taken from
the resolver), or 'unmatched' where
the right answer is to leave the name out. It spans every source, and the hard cases of
/work/shared/DOMAIN.md and issue 13. The resolver is pure: it sees only these names, the LMArena
(display name, key) pairs among them, and data/registry/; no warehouse, no captures.

Pairwise, over every two labelled names (a group label need not be spelled as the resolver's id):
precision = pairs the resolver puts in one model that the labels put in one model / pairs it merges
recall    = pairs the labels put in one model that the resolver merges / pairs the labels merge
A name labelled 'unmatched' that the resolver matches is counted apart (a false match).
"""

from __future__ import annotations

import csv
import datetime as dt
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
    "artificial_analysis",
    "epoch_open_model_trends",
    "lmarena_elo_history",
    "lmarena_leaderboard_dataset",
    "swe_bench",
    "weirdml",
}
PRECISION, RECALL = 0.995, 0.97


def _labels() -> list[dict[str, str]]:
    with LABELS.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def _run(labels: list[dict[str, str]]) -> dict[tuple[str, str, str], str]:
    # snapshot_date, where given, is the date of the file that publishes the name (undated names
    # resolve as of it); a row without one is resolved as a name whose file date is unknown
    names = pl.DataFrame(
        [
            (
                r["source"],
                r["name"],
                r["model_key"] or None,
                dt.date.fromisoformat(r["snapshot_date"]) if r.get("snapshot_date") else None,
            )
            for r in labels
        ],
        schema={
            "source": pl.String,
            "source_model_name": pl.String,
            "model_key": pl.String,
            "snapshot_date": pl.Date,
        },
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
    assert len(labels) >= 1000
    assert {r["source"] for r in labels} >= SOURCES
    assert sum(r["expected_model_id"] == resolve.UNMATCHED for r in labels) >= 10
    groups: dict[str, set[str]] = {}
    for r in labels:
        if r["expected_model_id"] != resolve.UNMATCHED:
            groups.setdefault(r["expected_model_id"], set()).add(r["source"])
    assert sum(len(s) >= 2 for s in groups.values()) >= 300


def _pairs(assignment: dict[tuple[str, str, str], str]) -> set[frozenset]:
    members: dict[str, list[tuple[str, str, str]]] = {}
    for name, model in assignment.items():
        if model != resolve.UNMATCHED:
            members.setdefault(model, []).append(name)
    return {
        frozenset((a, b))
        for names in members.values()
        for i, a in enumerate(names)
        for b in names[i + 1 :]
    }


def pairwise(labels: list[dict[str, str]], got: dict) -> tuple[float, float, list[str]]:
    """Pairwise precision and recall of the resolver's clusters against the labelled groups."""
    expected = {(r["source"], r["name"], r["model_key"]): r["expected_model_id"] for r in labels}
    predicted = {k: got[k] for k in expected}
    true_pairs, got_pairs = _pairs(expected), _pairs(predicted)
    both = true_pairs & got_pairs
    errors = []
    for pair in sorted(got_pairs - true_pairs, key=sorted)[:60]:
        a, b = sorted(pair)
        errors.append(f"false merge: {a} + {b} → {predicted[a]}")
    for pair in sorted(true_pairs - got_pairs, key=sorted)[:200]:
        a, b = sorted(pair)
        errors.append(
            f"split: {a} → {predicted[a]} | {b} → {predicted[b]} (one model {expected[a]})"
        )
    for k, v in expected.items():
        if v == resolve.UNMATCHED and predicted[k] != resolve.UNMATCHED:
            errors.append(f"false match: {k} → {predicted[k]} (labelled unmatched)")
    precision = len(both) / len(got_pairs) if got_pairs else 1.0
    recall = len(both) / len(true_pairs) if true_pairs else 1.0
    return precision, recall, errors


def test_resolver_pairwise_precision_and_recall_on_the_labelled_set(capsys):
    labels = _labels()
    got = _run(labels)
    precision, recall, errors = pairwise(labels, got)
    false_matches = sum(e.startswith("false match") for e in errors)
    with capsys.disabled():
        print(
            f"\nregistry labelled set: {len(labels)} names, pairwise precision {precision:.4f}, "
            f"recall {recall:.4f}, {false_matches} name(s) labelled unmatched but matched"
        )
        for e in errors:
            print("  ", e)
    assert precision >= PRECISION, errors
    assert recall >= RECALL, errors
    assert false_matches <= 0.005 * len(labels), errors


def test_pairwise_metric_counts_false_merges_and_splits():
    labels = [
        {"source": "s", "name": n, "model_key": "", "expected_model_id": m}
        for n, m in [("a1", "A"), ("a2", "A"), ("a3", "A"), ("b1", "B"), ("u", "unmatched")]
    ]
    # a3 split off; b1 merged into A: predicted pairs a1-a2, a1-b1, a2-b1 (1 of 3 right);
    # true pairs a1-a2, a1-a3, a2-a3 (1 of 3 found)
    got = {("s", "a1", ""): "x", ("s", "a2", ""): "x", ("s", "a3", ""): "y", ("s", "b1", ""): "x"}
    got[("s", "u", "")] = "z"
    precision, recall, errors = pairwise(labels, got)
    assert (round(precision, 4), round(recall, 4)) == (0.3333, 0.3333)
    assert sum(e.startswith("false match") for e in errors) == 1


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
