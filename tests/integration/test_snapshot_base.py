"""A warehouse loaded from a snapshot is a full starting point: refresh, ingest and offline rebuilds
add to it and never shrink it; refused files change nothing; a snapshot is untrusted input.

One small snapshot is exported once per module (from fixtures of two sources) and each test starts a
fresh data folder with it as the bundled snapshot, as a fresh clone has it."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from analysis import export
from cli import app
from scrapers._types import OpengapError
from tests.helpers import FIXTURES

runner = CliRunner()

HF_SPACE = sorted((FIXTURES / "lmarena_hf_space").glob("*.csv"))
LMSYS = FIXTURES / "lmarena_leaderboard_csv" / "lmsys.csv"
TEXT = FIXTURES / "lmarena_leaderboard_csv" / "lmarena_text.csv"
# every request fails at once: a machine with no network
OFFLINE_ENV = {
    "HTTP_PROXY": "http://127.0.0.1:9",
    "HTTPS_PROXY": "http://127.0.0.1:9",
    "NO_PROXY": "",
}


def _env(data: Path) -> dict[str, str]:
    return {
        "OPENGAP_DATA": str(data),
        "OPENGAP_DB": str(data / "opengap.duckdb"),
        "OPENGAP_HTTP_RETRIES": "0",
        "OPENGAP_HTTP_TIMEOUT": "2",
        "OPENGAP_SOURCES": "",
        **OFFLINE_ENV,
    }


def _run(args: list[str], data: Path):
    return runner.invoke(app, args, env=_env(data), catch_exceptions=False)


def _count(data: Path, sql: str) -> int:
    con = duckdb.connect(str(data / "opengap.duckdb"), read_only=True)
    try:
        return con.execute(sql).fetchall()[0][0]
    finally:
        con.close()


@pytest.fixture(scope="module")
def bundled(tmp_path_factory) -> Path:
    """A snapshot exported from a warehouse built from the LMArena Space fixtures."""
    data = tmp_path_factory.mktemp("publisher")
    r = _run(["ingest", "lmarena_hf_space", *map(str, HF_SPACE), "--quiet"], data)
    assert r.exit_code == 0, r.output
    out = tmp_path_factory.mktemp("snapshots") / "2026-01-10"
    export.export(data / "opengap.duckdb", out)
    return out


@pytest.fixture
def clone(tmp_path, bundled) -> Path:
    """A data folder as a fresh clone has it: the bundled snapshot, no warehouse, no raw store."""
    data = tmp_path / "data"
    shutil.copytree(bundled, data / "snapshots" / bundled.name)
    (data / "snapshots" / "latest").write_text(bundled.name + "\n")
    return data


def test_snapshot_carries_the_std_layer_and_loading_makes_it_the_base(clone, bundled):
    manifest = json.loads((bundled / "manifest.json").read_text())
    layer = {m["table"] for m in manifest["tables"].values() if m["table"].startswith("std.")}
    assert layer == {"std.scores", "std.model_claims", "std.benchmarks"}
    r = _run(["sql", "select count(*) from core.scores", "--csv"], clone)
    assert r.exit_code == 0, r.output
    assert (
        _count(clone, "select count(*) from base.std_scores")
        == _count(clone, "select count(*) from std.scores")
        > 0
    )
    assert _count(clone, "select count(*) from base.fetches") == len(HF_SPACE)


def test_fresh_clone_never_loses_the_bundled_data(clone):
    """report → refresh without network → refresh --offline → ingest → report."""
    r = _run(["report"], clone)
    assert r.exit_code == 0, r.output
    bundled_scores = _count(clone, "select count(*) from core.scores")
    assert bundled_scores > 0
    r = _run(["sources", "--csv"], clone)  # says what the bundled data holds
    assert r.exit_code == 0, r.output
    space = next(line for line in r.output.splitlines() if line.startswith("lmarena_hf_space,"))
    assert space.startswith("lmarena_hf_space,from snapshot 2026-01-10,")

    r = _run(["refresh", "--no-report"], clone)
    assert r.exit_code == 1  # every source failed: said so, exit 1
    assert "Traceback" not in r.output
    assert _count(clone, "select count(*) from core.scores") == bundled_scores

    r = _run(["refresh", "--offline", "--no-report"], clone)
    assert r.exit_code == 0, r.output
    assert "Nothing to rebuild from" in r.output
    assert _count(clone, "select count(*) from core.scores") == bundled_scores

    r = _run(
        ["ingest", "lmarena_leaderboard_csv", str(LMSYS), "--snapshot-date", "2024-07-07"], clone
    )
    assert r.exit_code == 0, r.output
    after = _count(clone, "select count(*) from core.scores")
    added = _count(
        clone, "select count(*) from core.scores where source = 'lmarena_leaderboard_csv'"
    )
    assert added > 0 and after == bundled_scores + added

    # an offline rebuild now has one file in the store: it keeps the snapshot's rows beside it
    r = _run(["refresh", "--offline", "--no-report"], clone)
    assert r.exit_code == 0, r.output
    assert _count(clone, "select count(*) from core.scores") == after

    r = _run(["report"], clone)
    assert r.exit_code == 0, r.output
    r = _run(["sources", "--csv"], clone)
    assert r.exit_code == 0, r.output
    space = next(line for line in r.output.splitlines() if line.startswith("lmarena_hf_space,"))
    assert space.startswith("lmarena_hf_space,failed,")  # its last fetch failed (no network) …
    assert (
        f",{len(HF_SPACE)},{len(HF_SPACE)}," in space
    )  # … and it still holds the snapshot's files


def test_a_file_the_snapshot_holds_is_not_counted_twice(clone):
    """Ingesting bytes the snapshot already holds supersedes the snapshot's copy of that file."""
    _run(["report"], clone)
    before = _count(clone, "select count(*) from core.scores")
    r = _run(["ingest", "lmarena_hf_space", str(HF_SPACE[0])], clone)
    assert r.exit_code == 0, r.output
    assert _count(clone, "select count(*) from core.scores") == before
    assert _count(clone, "select count(*) from raw.fetches") == len(HF_SPACE)


def test_a_refused_file_changes_neither_the_warehouse_nor_the_store(clone):
    _run(["report"], clone)
    before = _count(clone, "select count(*) from core.scores")
    bad = clone.parent / "lmarena_text.csv"
    bad.write_text("rank,name,elo\n1,x,1200\n")  # not the layout the parser knows
    r = _run(
        ["ingest", "lmarena_leaderboard_csv", str(bad), "--snapshot-date", "2025-01-01"], clone
    )
    assert r.exit_code == 1
    assert "lmarena_leaderboard_csv" in r.output and "refused file" in r.output
    assert _count(clone, "select count(*) from core.scores") == before
    raw = clone / "raw" / "lmarena_leaderboard_csv"
    assert not list(raw.glob("*.meta.json")) and not list(raw.glob("*.csv"))
    kept = list((clone / "rejected" / "lmarena_leaderboard_csv").iterdir())
    assert any(p.name.endswith(".meta.json") for p in kept)
    assert any(p.name.endswith(".reason.txt") for p in kept)
    # and the next offline rebuild does not meet it again
    r = _run(["refresh", "--offline", "--no-report"], clone)
    assert r.exit_code == 0, r.output


def test_a_source_subset_refreshes_those_and_keeps_the_rest(clone):
    _run(["report"], clone)
    _run(["ingest", "lmarena_leaderboard_csv", str(LMSYS), "--snapshot-date", "2024-07-07"], clone)
    before = _count(clone, "select count(*) from core.scores")
    env = {**_env(clone), "OPENGAP_SOURCES": "aider_leaderboards"}
    r = runner.invoke(app, ["refresh", "--offline", "--no-report"], env=env)
    assert r.exit_code == 0, r.output
    assert _count(clone, "select count(*) from core.scores") == before


def test_a_damaged_raw_file_stops_the_build_and_keeps_the_warehouse(clone):
    _run(["report"], clone)
    _run(["ingest", "lmarena_leaderboard_csv", str(LMSYS), "--snapshot-date", "2024-07-07"], clone)
    before = _count(clone, "select count(*) from core.scores")
    (stored,) = (clone / "raw" / "lmarena_leaderboard_csv").glob("*.csv")
    body = bytearray(stored.read_bytes())
    body[10] ^= 0xFF
    stored.write_bytes(bytes(body))
    r = _run(["refresh", "--offline", "--no-report"], clone)
    assert r.exit_code == 1
    assert str(stored.name) in r.output and "do not match sha256" in r.output
    assert "Traceback" not in r.output
    assert _count(clone, "select count(*) from core.scores") == before
    # ingesting the good bytes again repairs the store
    r = _run(
        ["ingest", "lmarena_leaderboard_csv", str(LMSYS), "--snapshot-date", "2024-07-07"], clone
    )
    assert r.exit_code == 0, r.output
    r = _run(["refresh", "--offline", "--no-report"], clone)
    assert r.exit_code == 0, r.output
    assert _count(clone, "select count(*) from core.scores") == before


def test_an_unreadable_fetch_record_is_one_error_not_a_crash(clone):
    _run(["report"], clone)
    _run(["ingest", "lmarena_leaderboard_csv", str(LMSYS), "--snapshot-date", "2024-07-07"], clone)
    _run(["ingest", "lmarena_leaderboard_csv", str(TEXT), "--snapshot-date", "2025-08-04"], clone)
    metas = sorted((clone / "raw" / "lmarena_leaderboard_csv").glob("*.meta.json"))
    record = json.loads(metas[0].read_text())
    record["snapshot_date"] = "20250101"  # what --snapshot-date once let through
    metas[0].write_text(json.dumps(record))
    r = _run(["refresh", "--offline", "--no-report"], clone)
    assert r.exit_code == 1
    assert "Traceback" not in r.output
    assert metas[0].name in r.output and "snapshot_date" in r.output
    # the other file and the snapshot's rows are still there
    assert (
        _count(clone, "select count(*) from core.scores where source = 'lmarena_leaderboard_csv'")
        > 0
    )
    assert _count(clone, "select count(*) from base.std_scores") > 0


def test_a_bad_snapshot_date_is_refused_at_the_door(clone):
    r = _run(
        ["ingest", "lmarena_leaderboard_csv", str(LMSYS), "--snapshot-date", "20250101"], clone
    )
    assert r.exit_code == 2
    assert not (clone / "raw").exists() or not list((clone / "raw").rglob("*.meta.json"))


def test_a_warehouse_without_its_snapshot_rows_refuses_a_rebuild(clone, bundled, tmp_path):
    """A CSV-only copy of a snapshot (its std_*.parquet gone) loads, but a rebuild would drop its
    rows: refused with one line, the warehouse kept."""
    copy = tmp_path / "csv-only"
    shutil.copytree(bundled, copy)
    for p in copy.glob("std_*.parquet"):
        p.unlink()
    db = clone / "opengap.duckdb"
    export.load(copy, db)
    before = _count(clone, "select count(*) from core.scores")
    r = _run(
        ["ingest", "lmarena_leaderboard_csv", str(LMSYS), "--snapshot-date", "2024-07-07"], clone
    )
    assert r.exit_code == 1
    assert "without its std layer" in r.output
    assert _count(clone, "select count(*) from core.scores") == before


@pytest.mark.parametrize(
    "attack",
    [
        ("table", "core.scores; copy (select 1) to '/tmp/opengap-pwned.csv'; --"),
        ("column", "x; copy (select 1) to '/tmp/opengap-pwned.csv'; --"),
        ("type", "VARCHAR); copy (select 1) to '/tmp/opengap-pwned.csv'; --"),
        ("file", "../../../../etc/passwd"),
    ],
)
def test_load_runs_nothing_written_in_the_manifest(bundled, tmp_path, attack):
    snap = tmp_path / "snap"
    shutil.copytree(bundled, snap)
    manifest = json.loads((snap / "manifest.json").read_text())
    where, payload = attack
    entry = manifest["tables"]["model_fact_conflicts"]
    if where == "table":
        entry["table"] = payload
    elif where == "column":
        entry["columns"][0][0] = payload
        entry["kept"][0] = payload
    elif where == "type":
        entry["columns"][0][1] = payload
    else:
        entry["files"] = {"csv": payload}
    (snap / "manifest.json").write_text(json.dumps(manifest))
    export.write_checksums(snap)  # the attacker certifies their own files
    pwned = Path("/tmp/opengap-pwned.csv")
    pwned.unlink(missing_ok=True)
    got = export.load(snap, tmp_path / "w.duckdb")
    assert not pwned.exists()
    assert any("model_fact_conflicts" in s or "core.scores;" in s for s in got["skipped"]), got[
        "skipped"
    ]
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    try:
        assert con.execute("select count(*) from core.scores").fetchall()[0][0] > 0
    finally:
        con.close()


def test_load_refuses_a_manifest_that_is_not_an_object(bundled, tmp_path):
    snap = tmp_path / "snap"
    shutil.copytree(bundled, snap)
    (snap / "manifest.json").write_text("[1, 2]")
    export.write_checksums(snap)
    with pytest.raises(OpengapError, match="format_version"):
        export.load(snap, tmp_path / "w.duckdb")


def test_load_takes_the_warehouse_lock(bundled, tmp_path):
    from warehouse import lock

    db = tmp_path / "w.duckdb"
    with lock.exclusive(db), pytest.raises(OpengapError):
        export.load(bundled, db)  # a refresh holds the warehouse: load waits its turn or says so
    assert not db.exists()
    export.load(bundled, db)
    assert db.exists()


BUNDLED = Path(__file__).resolve().parents[2] / "data" / "snapshots"
SHARED = Path(__file__).resolve().parents[3] / "shared" / "sources"


def test_the_bundled_snapshot_survives_a_fresh_clone_session(tmp_path):
    """The README's path on a fresh clone, with the real bundled snapshot and a real capture:
    report → refresh with no network → refresh --offline → ingest → report; the scores never fall
    below the bundled count and nothing crashes."""
    snap = export.newest_snapshot(BUNDLED)
    if snap is None:
        pytest.skip("no bundled snapshot under data/snapshots")
    capture = SHARED / "lmarena_leaderboard_csv" / "2024-10-29" / "lmsys.csv"
    if not capture.is_file():
        pytest.skip(f"real capture not present at {capture} (a fresh clone has none)")
    data = tmp_path / "data"
    shutil.copytree(snap, data / "snapshots" / snap.name)
    (data / "snapshots" / "latest").write_text(snap.name + "\n")

    r = _run(["report"], data)
    assert r.exit_code == 0, r.output
    bundled_scores = _count(data, "select count(*) from core.scores")
    manifest = json.loads((snap / "manifest.json").read_text())
    assert bundled_scores == manifest["tables"]["scores"]["rows"]

    r = _run(["refresh", "--no-report"], data)
    assert r.exit_code == 1 and "Traceback" not in r.output
    assert _count(data, "select count(*) from core.scores") == bundled_scores

    r = _run(["refresh", "--offline", "--no-report"], data)
    assert r.exit_code == 0 and "Nothing to rebuild from" in r.output
    assert _count(data, "select count(*) from core.scores") == bundled_scores

    # the bundled data holds this capture already (same bytes): the rebuild supersedes its copy
    r = _run(
        ["ingest", "lmarena_leaderboard_csv", str(capture), "--snapshot-date", "2024-10-29"], data
    )
    assert r.exit_code == 0, r.output
    assert _count(data, "select count(*) from core.scores") >= bundled_scores

    r = _run(["report"], data)
    assert r.exit_code == 0, r.output
    assert "Open-weight models trail" in r.output
