"""Live fetch of benchmark_data.zip against the loopback upstream (the 2026-03-09 capture zipped in
memory), then the warehouse build; and `opengap ingest` of the 2025 and 2026-02 single CSVs."""

from __future__ import annotations

import io
import time
import zipfile

import duckdb
import pytest

import pipeline
from scrapers import epoch_benchmarking_hub as epoch
from scrapers._http import Client
from scrapers._types import SourceChangedError, TransientFetchError
from tests.conftest import apply_env
from tests.upstreams import Fault
from tests.upstreams import epoch_benchmarking_hub as epoch_upstream
from warehouse import build
from warehouse.rawstore import RawStore

# Rows per member, from PROVENANCE.md
MEMBERS_2026_03_09 = {
    "README.md": ("readme", 0),
    "epoch_capabilities_index.csv": ("eci", 543),
    "gpqa_diamond.csv": ("runs", 152),
    "math_level_5.csv": ("runs", 108),
    "frontiermath.csv": ("runs", 83),
    "frontiermath_tier_4.csv": ("runs", 53),
    "swe_bench_verified.csv": ("runs", 24),
    "otis_mock_aime_2024_2025.csv": ("runs", 126),
    "simpleqa_verified.csv": ("runs", 34),
    "aider_polyglot_external.csv": ("external", 68),
    "live_bench_external.csv": ("external", 64),
    "mmlu_external.csv": ("external", 247),
    "webdev_arena_external.csv": ("external", 33),
    "arc_agi_2_external.csv": ("external", 102),
    "hle_external.csv": ("external", 41),
}


@pytest.fixture
def epoch_up(upstream, shared_sources, monkeypatch):
    epoch_upstream.register(upstream, shared_sources)
    apply_env(monkeypatch, upstream)
    return upstream


def _my_errors(result) -> list[str]:
    return [e.message for e in result.errors if e.source == epoch.NAME]


def _one(con, sql: str, *params):
    rows = con.execute(sql, list(params)).fetchall()
    assert len(rows) == 1, rows
    return rows[0]


def test_refresh_loads_every_member_and_second_fetch_downloads_nothing(epoch_up, workdir):
    store = RawStore(workdir / "raw")
    client = Client(retries=0)

    # Load inputs
    new = epoch.fetch(client, store)
    assert len(new) == 1
    rec = new[0]
    assert rec.snapshot_date == "2026-03-09"  # from Last-Modified
    assert rec.filename == "benchmark_data.zip"
    assert rec.url == f"{epoch_up.base}/epoch.ai/data/benchmark_data.zip"
    assert rec.upstream_key.startswith('benchmark_data.zip@"')
    assert client.bytes_downloaded == rec.bytes > 0

    # Process
    result = build.build(store, workdir / "w.duckdb")
    assert _my_errors(result) == []
    assert result.rows_loaded["epoch_benchmarking_hub_eci"] == 543
    assert result.rows_loaded["epoch_benchmarking_hub_runs"] == 580
    assert result.rows_loaded["epoch_benchmarking_hub_external"] == 555
    con = duckdb.connect(str(workdir / "w.duckdb"), read_only=True)
    members = {
        m: (k, n)
        for m, k, n in con.execute(
            "select member, kind, row_count from staging.epoch_benchmarking_hub_members"
        ).fetchall()
    }
    assert members == MEMBERS_2026_03_09
    per_member = dict(
        con.execute(
            "select member, count(*) from staging.epoch_benchmarking_hub_runs group by member "
            "union all select member, count(*) from staging.epoch_benchmarking_hub_external group by member "
            "union all select member, count(*) from staging.epoch_benchmarking_hub_eci group by member"
        ).fetchall()
    )
    assert per_member == {m: n for m, (k, n) in MEMBERS_2026_03_09.items() if n}

    # a known model's score on a known date, with its run date and stderr
    assert _one(
        con,
        "select score, stderr, evaluated_on::varchar, setting from std.scores "
        "where benchmark_id = 'epoch:gpqa_diamond' and source_model_name = 'glm-5' "
        "and snapshot_date = '2026-03-09'",
    ) == (0.8781725888324873, 0.02336331210092387, "2026-02-12", "")
    # effort suffix is a setting, not part of the model
    assert _one(
        con,
        "select source_model_name, score from std.scores where benchmark_id = 'epoch:frontiermath_tier_4' "
        "and model_key = 'claude-sonnet-4-6' and setting = '16K'",
    ) == ("claude-sonnet-4-6_16K", 0.083)
    assert _one(
        con,
        "select score, is_self_reported from std.scores where benchmark_id = 'epoch:aider_polyglot_external' "
        "and model_key = 'gpt-5-2025-08-07' and setting = 'high, diff'",
    ) == (88.0, False)
    assert _one(
        con,
        "select score, ci_lower, ci_upper, votes, evaluated_on::varchar from std.scores "
        "where benchmark_id = 'epoch:webdev_arena_external' and source_model_name = 'claude-opus-4-5-20251101_32K'",
    ) == (1512.0, 1501.0, 1523.0, 4564, "2026-01-05")
    assert _one(
        con,
        "select score, stderr from std.scores where benchmark_id = 'epoch:hle_external' "
        "and source_model_name = 'gemini-3-pro-preview'",
    ) == (0.37520000000000003, 0.019)
    assert _one(
        con,
        "select count(*) from std.scores where benchmark_id = 'epoch:eci' and snapshot_date = '2026-03-09'",
    ) == (283,)
    # the trailing space in 'Llama-2-70b-hf ' stays in staging only
    assert _one(
        con,
        "select model_version, model_key from staging.epoch_benchmarking_hub_eci "
        "where model_key = 'Llama-2-70b-hf'",
    ) == ("Llama-2-70b-hf ", "Llama-2-70b-hf")

    # accessibility → access; blank stays unknown
    access = dict(
        con.execute(
            "select source_model_name, access from std.model_claims "
            "where source = 'epoch_benchmarking_hub' and snapshot_date = '2026-03-09' and source_model_name in "
            "('kimi-k2.5', 'gpt-5.1-2025-11-13_high', 'claude-opus-4-6_120K') and release_date is not null "
            "and display_name is not null"
        ).fetchall()
    )
    assert access == {
        "kimi-k2.5": "open",
        "gpt-5.1-2025-11-13_high": "api",
        "claude-opus-4-6_120K": None,
    }
    counts = dict(
        con.execute(
            "select coalesce(model_accessibility, '(blank)'), count(*) from staging.epoch_benchmarking_hub_eci "
            "group by all"
        ).fetchall()
    )
    assert counts == {
        "API access": 202,
        "(blank)": 127,
        "Open weights (unrestricted)": 110,
        "Open weights (restricted use)": 77,
        "Open weights (non-commercial)": 16,
        "Unreleased": 8,
        "Hosted access (no API)": 3,
    }
    assert _one(
        con, "select access, release_date::varchar from core.models where model_id = 'kimi-k2-5'"
    ) == ("open", "2026-01-27")
    assert _one(
        con,
        "select publisher, evaluation, unit, scale_max from std.benchmarks "
        "where benchmark_id = 'epoch:aider_polyglot_external'",
    ) == ("Aider via Epoch", "independent", "percent", 100.0)
    con.close()

    # Save outputs: a second fetch is answered 304 and stores nothing
    before = len(store.records(epoch.NAME))
    client2 = Client(retries=0)
    assert epoch.fetch(client2, store) == []
    assert (client2.requests_made, client2.bytes_downloaded) == (1, 0)
    deadline = time.monotonic() + 5  # the server logs a reply just after sending it
    while len(epoch_up.log) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert epoch_up.log[-1] == ("/epoch.ai/data/benchmark_data.zip", 304, 0)
    assert len(RawStore(workdir / "raw").records(epoch.NAME)) == before


def test_server_without_etag_sending_the_same_zip_stores_nothing(
    upstream, shared_sources, monkeypatch, workdir
):
    body = epoch_upstream.build_zip(
        shared_sources / "epoch_benchmarking_hub" / "2026-03-09" / "benchmark_data"
    )
    upstream.routes[epoch_upstream.ZIP_PATH] = lambda q, h: epoch_upstream.Reply(200, body, {})
    upstream.env["OPENGAP_EPOCH_BENCHMARKING_HUB_DATA_URL"] = f"{upstream.base}/epoch.ai/data"
    apply_env(monkeypatch, upstream)
    store = RawStore(workdir / "raw")
    first = epoch.fetch(Client(retries=0), store)
    assert len(first) == 1 and first[0].etag is None
    assert first[0].upstream_key == f"benchmark_data.zip@{first[0].sha256[:16]}"
    assert epoch.fetch(Client(retries=0), store) == []
    assert len(store.records(epoch.NAME)) == 1


def test_html_page_instead_of_the_zip_is_refused(epoch_up, workdir):
    epoch_up.faults[epoch_upstream.ZIP_PATH] = Fault(
        body=b"<!doctype html><title>Just a moment...</title>"
    )
    store = RawStore(workdir / "raw")
    with pytest.raises(SourceChangedError) as exc:
        epoch.fetch(Client(retries=0), store)
    assert str(exc.value) == (
        f"epoch_benchmarking_hub: {epoch_up.base}/epoch.ai/data/benchmark_data.zip: "
        "expected a zip archive, found an HTML page"
    )
    assert store.records(epoch.NAME) == []


def test_truncated_download_is_not_stored(epoch_up, workdir):
    epoch_up.faults[epoch_upstream.ZIP_PATH] = Fault(truncate_to=1000)
    store = RawStore(workdir / "raw")
    with pytest.raises(TransientFetchError):
        epoch.fetch(Client(retries=0), store)
    assert store.records(epoch.NAME) == []


def test_ingest_single_csvs_and_the_2025_layout_as_one_zip(shared_sources, workdir):
    d = shared_sources / "epoch_benchmarking_hub"
    store = RawStore(workdir / "raw")
    db_path = workdir / "w.duckdb"
    # the 2026-02 ECI file and the three 2025 CSVs on their own
    pipeline.ingest(
        store,
        db_path,
        epoch.NAME,
        [d / "2026-02-22" / "epoch_capabilities_index.csv"],
        "2026-02-22",
    )
    singles = [
        d / "2025-05-01" / f
        for f in ("benchmarks_runs.csv", "model_versions.csv", "organizations.csv")
    ]
    pipeline.ingest(store, db_path, epoch.NAME, singles, "2025-05-01")
    # the same three CSVs as one zip: model metadata joins organizations within that zip
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for f in singles:
            zf.writestr(f.name, f.read_bytes())
    zipped = workdir / "benchmark_data_2025-05-02.zip"
    zipped.write_bytes(buf.getvalue())
    _, result = pipeline.ingest(store, db_path, epoch.NAME, [zipped])
    assert _my_errors(result) == []

    con = duckdb.connect(str(db_path), read_only=True)
    members = con.execute(
        "select snapshot_date::varchar, member, kind, row_count from staging.epoch_benchmarking_hub_members "
        "order by all"
    ).fetchall()
    assert members == [
        ("2025-05-01", "benchmarks_runs.csv", "runs_long", 336),
        ("2025-05-01", "model_versions.csv", "model_versions", 246),
        ("2025-05-01", "organizations.csv", "organizations", 1101),
        ("2025-05-02", "benchmarks_runs.csv", "runs_long", 336),
        ("2025-05-02", "model_versions.csv", "model_versions", 246),
        ("2025-05-02", "organizations.csv", "organizations", 1101),
        ("2026-02-22", "epoch_capabilities_index.csv", "eci", 513),
    ]
    by_bench = dict(
        con.execute(
            "select benchmark_id, count(*) from std.scores where snapshot_date = '2025-05-01' group by all"
        ).fetchall()
    )
    assert by_bench == {
        "epoch:gpqa_diamond": 100,
        "epoch:math_level_5": 92,
        "epoch:otis_mock_aime_2024_2025": 71,
        "epoch:frontiermath": 34,
        "epoch:frontiermath_public": 35,
        "epoch:swe_bench_verified": 4,
    }
    assert _one(
        con,
        "select score, stderr from std.scores where snapshot_date = '2025-05-01' "
        "and benchmark_id = 'epoch:gpqa_diamond' and source_model_name = 'claude-3-5-sonnet-20241022'",
    ) == (0.553030303030303, 0.03)
    assert _one(
        con,
        "select score from std.scores where snapshot_date = '2026-02-22' and benchmark_id = 'epoch:eci' "
        "and source_model_name = 'kimi-k2.5'",
    ) == (147.67944306914916,)
    claims = con.execute(
        "select snapshot_date::varchar, organization, country, access, hf_repo_id, release_date::varchar "
        "from std.model_claims where source_model_name = 'QwQ-32B' and snapshot_date < '2026-01-01' order by 1"
    ).fetchall()
    assert claims == [
        (
            "2025-05-01",
            None,
            None,
            "open",
            "Qwen/QwQ-32B",
            "2025-03-05",
        ),  # separate files: not joined
        ("2025-05-02", "Alibaba", "China", "open", "Qwen/QwQ-32B", "2025-03-05"),
    ]
    assert _one(
        con,
        "select organization, access from std.model_claims where source_model_name = 'claude-3-5-sonnet-20241022' "
        "and snapshot_date = '2025-05-02'",
    ) == ("Anthropic", None)
    con.close()
