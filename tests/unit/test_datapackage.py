"""datapackage.json: every column described, the package valid under frictionless, corruption caught;
README.md: a Hugging Face card with one config per table."""

from __future__ import annotations

import csv
import json
import shutil

import pytest
import yaml

from analysis import datapackage, export
from tests.unit.test_export import build_fixture_warehouse

pytest.importorskip("frictionless", reason="pip install frictionless (test extra)")


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    warehouse = build_fixture_warehouse(tmp_path_factory.mktemp("data"))
    out = tmp_path_factory.mktemp("snapshots") / "2026-01-10"
    manifest = export.export(warehouse, out)
    return out, manifest


def test_every_published_column_has_a_description(snapshot):
    out, manifest = snapshot
    assert manifest["undocumented"] == [], (
        "describe these columns in analysis/schema_docs.py (or a `-- comment` in their SQL file)"
    )
    dp = json.loads((out / "datapackage.json").read_text())
    for res in dp["resources"]:
        assert res["description"], res["name"]
        for field in res["schema"]["fields"]:
            assert field["description"].strip(), f"{res['name']}.{field['name']}"


def test_keys_hold_in_the_data(snapshot):
    _, manifest = snapshot
    assert manifest["warnings"] == []
    dp = json.loads((snapshot[0] / "datapackage.json").read_text())
    by_name = {r["name"]: r["schema"] for r in dp["resources"]}
    assert by_name["scores"]["primaryKey"][:3] == ["model_id", "benchmark_id", "snapshot_date"]
    assert {
        "fields": ["model_id"],
        "reference": {"resource": "models", "fields": ["model_id"]},
    } in (by_name["scores"]["foreignKeys"])
    score = next(f for f in by_name["scores"]["fields"] if f["name"] == "score")
    assert score["type"] == "number" and score["unit"] == "see benchmarks.unit"
    extra = next(f for f in by_name["fetches"]["fields"] if f["name"] == "extra")
    assert extra["type"] == "object"


def test_the_package_validates_with_frictionless(snapshot):
    out, _ = snapshot
    assert datapackage.validate(out / "datapackage.json") == []


def _rewrite(path, edit):
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    edit(rows)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        csv.writer(fh, lineterminator="\n").writerows(rows)


def _set(rows, column, value, row=1):
    rows[row][rows[0].index(column)] = value


CORRUPTIONS = {
    "text in a number column": (
        "scores.csv",
        lambda rows: _set(rows, "score", "n/a"),
        "type-error",
    ),
    "duplicate primary key": (
        "benchmarks.csv",
        lambda rows: rows.append(list(rows[1])),
        "primary-key",
    ),
    "score of an unknown model": (
        "scores.csv",
        lambda rows: _set(rows, "model_id", "no-such-model"),
        "foreign-key",
    ),
    "missing column": (
        "fetches.csv",
        lambda rows: [r.pop() for r in rows],
        "missing-label",
    ),
}


@pytest.mark.parametrize("case", sorted(CORRUPTIONS))
def test_a_corrupted_csv_fails_validation(snapshot, tmp_path, case):
    out, _ = snapshot
    filename, edit, expected = CORRUPTIONS[case]
    copy = tmp_path / "snap"
    shutil.copytree(out, copy)
    assert (copy / filename).is_file(), "fixture tables are small enough to stay plain CSV"
    _rewrite(copy / filename, edit)
    errors = datapackage.validate(copy / "datapackage.json")
    assert errors, case
    assert any(f": {expected}:" in e for e in errors), errors


def test_card_is_a_hub_dataset_card_with_one_config_per_table(snapshot):
    out, manifest = snapshot
    card = (out / "README.md").read_text()
    assert card.startswith("---\n")
    meta = yaml.safe_load(card.split("---\n")[1])
    assert meta["license"] == "other" and meta["license_name"]
    assert meta["pretty_name"]
    configs = {c["config_name"]: c for c in meta["configs"]}
    published = {n for n, m in manifest["tables"].items() if not m["table"].startswith("std.")}
    assert set(configs) == published
    assert configs["scores"]["data_files"] == [{"split": "train", "path": "scores.parquet"}]
    assert configs["scores"].get("default") is True
    for c in configs.values():
        assert (out / c["data_files"][0]["path"]).is_file()
    # attribution and licence of each upstream, the as-of date, and the newest snapshot per source
    assert "Epoch AI, 'Data on AI Benchmarking', https://epoch.ai/benchmarks, CC BY 4.0" in card
    assert "| CC-BY-4.0 |" in card
    assert f"data as of **{manifest['data_as_of']}**" in card
    assert "| [epoch_benchmarking_hub](https://epoch.ai/benchmarks) | 2025-11-01 |" in card


@pytest.mark.parametrize(
    ("licences", "expected"),
    [
        (["CC-BY-4.0", "Apache-2.0"], "cc-by-4.0"),
        (["Apache-2.0"], "apache-2.0"),
        (["CC-BY-4.0", None], "other"),
    ],
)
def test_package_licence_is_the_most_restrictive_known_or_other(licences, expected):
    sources = [{"source": f"s{i}", "spdx": spdx} for i, spdx in enumerate(licences)]
    got = datapackage.combined_license(sources)
    assert got["id"] == expected
    assert (got["reason"] is None) == (expected != "other")
