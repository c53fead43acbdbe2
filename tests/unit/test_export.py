"""opengap export: CSV + Parquet of every core/analysis table, CHECKSUMS, manifest, latest pointer."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import duckdb
import polars as pl
import pytest
from typer.testing import CliRunner

from analysis import export, schema_docs
from cli import app
from tests.helpers import FIXTURES

runner = CliRunner()

# (source, fixture files, --snapshot-date): several sources, so the snapshot has JSON extras,
# nulls, run settings, style control, self-reported scores and more than one benchmark unit.
INGESTS = [
    ("lmarena_hf_space", sorted((FIXTURES / "lmarena_hf_space").glob("*.csv")), None),
    ("lmarena_leaderboard_csv", [FIXTURES / "lmarena_leaderboard_csv" / "lmsys.csv"], "2024-07-07"),
    (
        "lmarena_arena_catalog",
        [FIXTURES / "lmarena_arena_catalog" / "leaderboard-text.json"],
        "2025-06-01",
    ),
    (
        "epoch_benchmarking_hub",
        sorted((FIXTURES / "epoch_benchmarking_hub").glob("*.csv")),
        "2025-11-01",
    ),
    ("livebench", sorted((FIXTURES / "livebench").iterdir()), None),
    ("aider_leaderboards", sorted((FIXTURES / "aider_leaderboards").glob("*.yml")), "2025-10-01"),
    ("open_llm_leaderboard", [FIXTURES / "open_llm_leaderboard" / "20230619.csv"], "2023-06-19"),
    (
        "lmsys_blog_leaderboard_html",
        [FIXTURES / "lmsys_blog_leaderboard_html" / "2023-05-10-leaderboard.md"],
        None,
    ),
]


def env_for(data: Path) -> dict[str, str]:
    return {
        "OPENGAP_DATA": str(data),
        "OPENGAP_DB": str(data / "opengap.duckdb"),
        "HF_TOKEN": "",
    }


def build_fixture_warehouse(data: Path) -> Path:
    """A warehouse at data/opengap.duckdb built by ingesting the fixtures of several sources."""
    for source, files, date in INGESTS:
        args = ["ingest", source, *map(str, files), "--quiet"]
        if date:
            args += ["--snapshot-date", date]
        r = runner.invoke(app, args, env=env_for(data))
        assert r.exit_code == 0, f"{source}: {r.output}"
    return data / "opengap.duckdb"


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory) -> Path:
    return build_fixture_warehouse(tmp_path_factory.mktemp("data"))


@pytest.fixture(scope="module")
def snapshot(warehouse, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("snapshots") / "2026-01-10"
    export.export(warehouse, out)
    return out


def _tables(con) -> list[str]:
    return [
        f"{s}.{t}"
        for s, t in con.execute(
            "select table_schema, table_name from information_schema.tables "
            "where table_schema in ('core', 'analysis') and table_type = 'BASE TABLE' order by 1, 2"
        ).fetchall()
    ]


def test_every_core_and_analysis_table_has_csv_and_parquet(warehouse, snapshot):
    con = duckdb.connect(str(warehouse), read_only=True)
    # derived tables are rebuilt on load by their SQL file, not published
    tables = ["raw.fetches", *(t for t in _tables(con) if t not in export.DERIVED)]
    manifest = json.loads((snapshot / "manifest.json").read_text())
    published = {n: m for n, m in manifest["tables"].items() if not m["table"].startswith("std.")}
    assert sorted(m["table"] for m in published.values()) == sorted(tables)
    # the std layer (for rebuilding a loaded warehouse) ships as Parquet only
    layer = {m["table"]: m for m in manifest["tables"].values() if m["table"].startswith("std.")}
    assert sorted(layer) == ["std.benchmarks", "std.model_claims", "std.scores"]
    for meta in layer.values():
        assert list(meta["files"]) == ["parquet"]
        rows = con.execute(f"select count(*) from {meta['table']}").fetchall()[0][0]
        assert pl.read_parquet(snapshot / meta["files"]["parquet"]).height == meta["rows"] == rows
    for meta in published.values():
        rows = con.execute(f"select count(*) from {meta['table']}").fetchone()[0]
        assert meta["rows"] == rows
        parquet = pl.read_parquet(snapshot / meta["files"]["parquet"])
        csv = pl.read_csv(snapshot / meta["files"]["csv"], infer_schema_length=0)
        assert parquet.height == csv.height == rows, meta["table"]
        assert parquet.columns == csv.columns == meta["kept"]
    con.close()
    for name in ("datapackage.json", "README.md", "CHECKSUMS", "manifest.json"):
        assert (snapshot / name).is_file()


def test_scores_leave_out_provenance_that_fetches_holds(snapshot):
    manifest = json.loads((snapshot / "manifest.json").read_text())
    scores = manifest["tables"]["scores"]
    assert "fetch_id" in scores["kept"]
    for column in ("source_url", "sha256", "fetched_at"):
        assert column in dict(scores["columns"]) and column not in scores["kept"]
    header = pl.read_csv(snapshot / scores["files"]["csv"], n_rows=1).columns
    assert "source_url" not in header


def test_checksums_cover_every_other_file_in_sha256sum_format(snapshot):
    lines = (snapshot / "CHECKSUMS").read_text().splitlines()
    listed = {}
    for line in lines:
        sha, sep, name = line.partition("  ")
        assert sep and len(sha) == 64, line
        listed[name] = sha
    files = sorted(p.name for p in snapshot.iterdir() if p.name != "CHECKSUMS")
    assert sorted(listed) == files
    for name, sha in listed.items():
        assert hashlib.sha256((snapshot / name).read_bytes()).hexdigest() == sha


def test_manifest_lists_sha256_rows_and_fetch_ids(warehouse, snapshot):
    manifest = json.loads((snapshot / "manifest.json").read_text())
    con = duckdb.connect(str(warehouse), read_only=True)
    ids = [r[0] for r in con.execute("select fetch_id from raw.fetches order by 1").fetchall()]
    con.close()
    assert manifest["fetch_ids"] == ids
    assert manifest["format_version"] == export.FORMAT_VERSION
    meta = manifest["files"]["scores.parquet"]
    assert meta["sha256"] == hashlib.sha256((snapshot / "scores.parquet").read_bytes()).hexdigest()
    assert meta["rows"] == manifest["tables"]["scores"]["rows"] > 0


def test_a_table_added_later_is_exported_with_its_comments(warehouse, tmp_path):
    db = tmp_path / "w.duckdb"
    shutil.copy(warehouse, db)
    con = duckdb.connect(str(db))
    con.execute(
        "create table analysis.toy_lag as select 'lmarena:text' as benchmark_id, 30 as lag_days"
    )
    con.execute("comment on table analysis.toy_lag is 'A table another engineer added.'")
    con.execute("comment on column analysis.toy_lag.lag_days is 'Days the open side trails.'")
    con.close()
    manifest = export.export(db, tmp_path / "snap")
    assert manifest["undocumented"] == []
    dp = json.loads((tmp_path / "snap" / "datapackage.json").read_text())
    toy = next(r for r in dp["resources"] if r["name"] == "toy_lag")
    assert toy["description"] == "A table another engineer added."
    lag = next(f for f in toy["schema"]["fields"] if f["name"] == "lag_days")
    assert lag == {
        "name": "lag_days",
        "type": "integer",
        "description": "Days the open side trails.",
        "unit": "days",
    }
    assert toy["schema"]["foreignKeys"] == [
        {
            "fields": ["benchmark_id"],
            "reference": {"resource": "benchmarks", "fields": ["benchmark_id"]},
        }
    ]


def test_sql_file_comments_are_the_fallback_description():
    table_doc, columns = schema_docs.sql_comments("std.scores")
    assert table_doc.startswith("every score from every source in one shape")
    assert columns["source_model_name"] == "the name exactly as the source publishes it"
    assert columns["ci_lower"] == "95% bounds where published"


def test_export_to_an_existing_snapshot_refuses_without_overwrite(warehouse, tmp_path):
    out = tmp_path / "snapshots" / "2026-01-10"
    env = env_for(warehouse.parent) | {"OPENGAP_DB": str(warehouse)}
    r = runner.invoke(app, ["export", "--out", str(out), "-q"], env=env)
    assert r.exit_code == 0, r.output
    before = (out / "CHECKSUMS").read_bytes()
    r = runner.invoke(app, ["export", "--out", str(out), "-q"], env=env)
    assert r.exit_code == 1
    assert r.output.strip() == f"Error: {out} already exists. Pass --overwrite to replace it."
    assert (out / "CHECKSUMS").read_bytes() == before
    r = runner.invoke(app, ["export", "--out", str(out), "--overwrite", "-q"], env=env)
    assert r.exit_code == 0, r.output


def test_latest_pointer_names_the_newest_dated_snapshot(warehouse, tmp_path):
    snaps = tmp_path / "snapshots"
    export.export(warehouse, snaps / "2026-02-01")
    assert (snaps / "latest").read_text() == "2026-02-01\n"
    export.export(warehouse, snaps / "2026-01-15")  # a backfill does not move the pointer
    assert (snaps / "latest").read_text() == "2026-02-01\n"
    assert export.newest_snapshot(snaps) == snaps / "2026-02-01"
    (snaps / "latest").write_text("2026-01-15\n")
    assert export.newest_snapshot(snaps) == snaps / "2026-01-15"
    assert not (snaps / "latest").is_symlink()


def test_load_refuses_an_edited_file(snapshot, tmp_path):
    copy = tmp_path / "snap"
    shutil.copytree(snapshot, copy)
    with open(copy / "regimes.parquet", "ab") as fh:
        fh.write(b"x")
    r = runner.invoke(app, ["load", str(copy), "--db", str(tmp_path / "w.duckdb")])
    assert r.exit_code == 1
    assert r.output.startswith(f"Error: {copy / 'regimes.parquet'}: expected sha256 ")
    assert r.output.rstrip().endswith("File edited or truncated?")
    assert not (tmp_path / "w.duckdb").exists()


def test_large_csvs_are_gzipped_and_still_readable(warehouse, tmp_path, monkeypatch):
    monkeypatch.setattr(export, "GZIP_ABOVE", 1000)
    manifest = export.export(warehouse, tmp_path / "snap")
    scores = manifest["tables"]["scores"]["files"]["csv"]
    assert scores == "scores.csv.gz"
    frame = pl.read_csv(tmp_path / "snap" / scores)
    assert frame.height == manifest["tables"]["scores"]["rows"]
    con = duckdb.connect()
    n = con.execute(f"select count(*) from '{tmp_path / 'snap' / scores}'").fetchone()[0]
    assert n == frame.height
