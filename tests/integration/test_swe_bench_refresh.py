"""swe_bench: `opengap refresh` limited to this source against the loopback raw host, serving each captured
version of leaderboards.json in turn (the file is rewritten in place upstream); per-file row counts from the
captures and a few exact values."""

from __future__ import annotations

import hashlib
import json

import duckdb
import pytest
from typer.testing import CliRunner

from cli import app
from tests.conftest import apply_env
from tests.upstreams import swe_bench as swe_upstream


@pytest.fixture
def served(upstream, shared_sources, monkeypatch, workdir):
    files = swe_upstream.captures(shared_sources)
    if not files:
        pytest.skip("no swe_bench capture")
    monkeypatch.setenv("OPENGAP_SOURCES", "swe_bench")
    return upstream, workdir, files, monkeypatch


def _expected(body: bytes) -> tuple[int, dict[str, int]]:
    doc = json.loads(body)
    results = [(b["name"], r) for b in doc["leaderboards"] for r in b["results"]]
    single = {}
    for board, r in results:
        if sum(t.startswith("Model:") for t in r["tags"]) == 1:
            bid = "swebench:" + board.lower().replace("-", "_")
            single[bid] = single.get(bid, 0) + 1
    return len(results), single


def test_refresh_builds_swe_bench(served):
    up, work, files, monkeypatch = served
    for path in files:  # each version the default branch held, oldest first
        swe_upstream.serve(up, path.read_bytes())
        apply_env(monkeypatch, up)
        result = CliRunner().invoke(app, ["refresh", "--no-report", "--quiet"])
        assert result.exit_code == 0, result.output
    con = duckdb.connect(str(work / "data" / "opengap.duckdb"), read_only=True)
    try:
        for path in files:
            body = path.read_bytes()
            sha = hashlib.sha256(body).hexdigest()
            n_results, per_board = _expected(body)
            assert con.execute(
                "select count(*) from staging.swe_bench_results where sha256 = ?", [sha]
            ).fetchone() == (n_results,)
            assert (
                dict(
                    con.execute(
                        "select benchmark_id, count(*) from std.scores where source = 'swe_bench' "
                        "and sha256 = ? group by 1",
                        [sha],
                    ).fetchall()
                )  # fmt: skip
                == per_board
            )
        assert (
            con.execute("select message from raw.load_errors where source = 'swe_bench'").fetchall()
            == []
        )
        newest = hashlib.sha256(files[-1].read_bytes()).hexdigest()
        q = (
            "select score, setting, is_self_reported, evaluated_on::varchar from std.scores "
            "where source = 'swe_bench' and sha256 = ? and benchmark_id = ? and model_key = ?"
        )
        if files[-1].parent.name == "2025-12-10":  # values from that capture (PROVENANCE)
            assert con.execute(
                q, [newest, "swebench:bash_only", "claude-opus-4-5-20251101"]
            ).fetchall() == [
                (74.4, "system=20251124_mini-v1.16.0_claude-opus-4-5-20251101", False, "2025-11-24")
            ]
            # Llama 4 is flagged closed on the site: the claim is kept as published, ranked last
            assert con.execute(
                "select distinct access from std.model_claims where source = 'swe_bench' "
                "and sha256 = ? and source_model_name = 'llama-4-maverick-instruct'",
                [newest],
            ).fetchall() == [("api",)]
            # …and never the answer: with no other source, the model's access stays unknown
            assert con.execute(
                "select f.is_chosen, m.access from core.model_facts f join core.models m using (model_id) "
                "where f.source = 'swe_bench' and f.fact = 'access' "
                "and f.source_model_name = 'llama-4-maverick-instruct'"
            ).fetchall() == [(False, None)]
        # no access fact from swe_bench is ever chosen
        assert con.execute(
            "select count(*) from core.model_facts where source = 'swe_bench' and fact = 'access' and is_chosen"
        ).fetchone() == (0,)
        # results without exactly one Model tag never reach std
        assert con.execute(
            "select count(*) from staging.swe_bench_results r join std.scores s "
            "on s.fetch_id = r.fetch_id and s.setting = 'system=' || r.folder "
            "and s.benchmark_id = 'swebench:' || replace(lower(r.board), '-', '_') "
            "where r.model_count <> 1"
        ).fetchone() == (0,)
    finally:
        con.close()
