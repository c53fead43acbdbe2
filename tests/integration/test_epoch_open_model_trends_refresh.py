"""epoch_open_model_trends: `opengap refresh` limited to this source against the loopback GitHub commits API and
raw host serving the real captures; per-file row counts from the captures and a few exact values."""

from __future__ import annotations

import csv
import hashlib
import io

import duckdb
import pytest
from typer.testing import CliRunner

from cli import app
from tests.conftest import apply_env
from tests.upstreams import epoch_open_model_trends as omt_upstream

SCORES = {
    "benchmarks_with_model_accessibility.csv": (
        "BBH", "GPQA", "MMLU", "HELM MMLU", "SEAL Coding", "SEAL Instruction Following", "SEAL Math", "LMSys Elo",
    ),
    "gsm1k_with_model_accessibility.csv": ("GSM8k", "GSM1k"),
}  # fmt: skip


@pytest.fixture
def served(upstream, shared_sources, monkeypatch, workdir):
    d = shared_sources / "epoch_open_model_trends"
    files = sorted(p for p in d.glob("*/*.csv") if p.name in SCORES)
    if not files:
        pytest.skip("no epoch_open_model_trends capture")
    omt_upstream.register(upstream, shared_sources)
    apply_env(monkeypatch, upstream)
    monkeypatch.setenv("OPENGAP_SOURCES", "epoch_open_model_trends")
    dates = omt_upstream.snapshot_dates(d)
    return workdir, files, {p: dates[f"{p.parent.name}/{p.name}"] for p in files}


def test_refresh_builds_epoch_open_model_trends(served):
    work, files, dates = served
    result = CliRunner().invoke(app, ["refresh", "--no-report", "--quiet"])
    assert result.exit_code == 0, result.output
    con = duckdb.connect(str(work / "data" / "opengap.duckdb"), read_only=True)
    try:
        for path in files:
            body = path.read_bytes()
            sha = hashlib.sha256(body).hexdigest()
            rows = list(csv.DictReader(io.StringIO(body.decode(), newline="")))
            table = "gsm1k" if "gsm1k" in path.name else "models"
            assert con.execute(
                f"select count(*), any_value(snapshot_date)::varchar "
                f"from staging.epoch_open_model_trends_{table} where sha256 = ?",
                [sha],
            ).fetchone() == (len(rows), dates[path])
            labelled = [r for r in rows if r["Open/Closed"].strip()]
            cells = sum(1 for r in labelled for h in SCORES[path.name] if r[h].strip())
            assert con.execute(
                "select count(*) from std.scores where source = 'epoch_open_model_trends' and sha256 = ?",
                [sha],
            ).fetchone() == (cells,)
        assert (
            con.execute(
                "select message from raw.load_errors where source = 'epoch_open_model_trends'"
            ).fetchall()
            == []
        )
        names = {p.name for p in files}
        if "benchmarks_with_model_accessibility.csv" in names:
            # values from PROVENANCE.md: the '"+3/-4"' interval, a baseline row left out of std
            assert con.execute(
                "select score, ci_lower, ci_upper from std.scores where source = 'epoch_open_model_trends' "
                "and benchmark_id = 'epoch_omt:lmsys_elo' and source_model_name = 'Claude 3.5 Sonnet'"
            ).fetchall() == [(1271.0, 1267.0, 1274.0)]
            assert con.execute(
                "select count(*) from std.scores where source_model_name = 'Random chance'"
            ).fetchone() == (0,)
            assert con.execute(
                "select access, release_date::varchar, params_b from std.model_claims "
                "where source = 'epoch_open_model_trends' and source_model_name = 'BLOOM-176B'"
            ).fetchall() == [("open", "2022-07-11", 176.0)]
        # no benchmark id shared with the epoch hub
        assert con.execute(
            "select count(*) from std.benchmarks where source = 'epoch_open_model_trends' "
            "and benchmark_id not like 'epoch_omt:%'"
        ).fetchone() == (0,)
    finally:
        con.close()
