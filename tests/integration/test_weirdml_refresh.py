"""weirdml: `opengap refresh` limited to this source against the loopback site, serving each captured version of
weirdml_data.csv in turn (rewritten in place upstream), then a version with merge-conflict markers, which is
refused while the warehouse keeps what the earlier versions gave."""

from __future__ import annotations

import csv
import hashlib
import io

import duckdb
import pytest
from typer.testing import CliRunner

from cli import app
from tests.conftest import apply_env
from tests.upstreams import weirdml as weirdml_upstream


@pytest.fixture
def served(upstream, shared_sources, monkeypatch, workdir):
    files = weirdml_upstream.captures(shared_sources)
    if not files:
        pytest.skip("no weirdml capture")
    monkeypatch.setenv("OPENGAP_SOURCES", "weirdml")
    return upstream, workdir, files, monkeypatch


def _refresh(up, monkeypatch, body: bytes):
    weirdml_upstream.serve(up, body)
    apply_env(monkeypatch, up)
    return CliRunner().invoke(app, ["refresh", "--no-report", "--quiet"])


def test_refresh_builds_weirdml(served):
    up, work, files, monkeypatch = served
    for path in files:  # each version the site served, oldest first
        result = _refresh(up, monkeypatch, path.read_bytes())
        assert result.exit_code == 0, result.output

    # a version published with unresolved merge-conflict markers: refused with one line
    newest = files[-1].read_bytes()
    lines = newest.decode().splitlines()
    broken = "\n".join(
        [lines[0], "<<<<<<< HEAD", *lines[1:3], "=======", lines[3], ">>>>>>> abc123"]
    )
    result = _refresh(up, monkeypatch, (broken + "\n").encode())
    assert result.exit_code == 1
    assert "git merge-conflict marker '<<<<<<<' on line 2" in result.output

    con = duckdb.connect(str(work / "data" / "opengap.duckdb"), read_only=True)
    try:
        for path in files:
            body = path.read_bytes()
            sha = hashlib.sha256(body).hexdigest()
            rows = list(csv.DictReader(io.StringIO(body.decode())))
            n_tasks = sum(1 for h in rows[0] if h.endswith("_acc") and h != "avg_acc")
            assert con.execute(
                "select count(*) from staging.weirdml_models where sha256 = ?", [sha]
            ).fetchone() == (len(rows),)
            assert con.execute(
                "select count(*) from staging.weirdml_task_scores where sha256 = ?", [sha]
            ).fetchone() == (len(rows) * n_tasks,)
            assert dict(con.execute(
                "select benchmark_id = 'weirdml:avg', count(*) from std.scores "
                "where source = 'weirdml' and sha256 = ? group by 1", [sha],
            ).fetchall()) == {True: len(rows), False: len(rows) * n_tasks}  # fmt: skip
            # one exact row per version: the file's first line, with its standard error
            first = rows[0]
            assert con.execute(
                "select score, stderr from std.scores where source = 'weirdml' and sha256 = ? "
                "and benchmark_id = 'weirdml:avg' and source_model_name = ?",
                [sha, first["display_name"]],
            ).fetchall() == [(float(first["avg_acc"]), float(first["avg_acc_standard_error"]))]
        # rows are edited in place: each version keeps its own numbers (PROVENANCE: o1-2024-12-17)
        versions = {p.parent.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in files}
        if {"2026-02-17", "2026-08-17"} <= set(versions):
            o1 = con.execute(
                "select sha256, model_key, setting, round(score, 4) from std.scores "
                "where source = 'weirdml' and benchmark_id = 'weirdml:avg' and source_model_name = 'o1 (high)'"
            ).fetchall()
            assert sorted(o1) == sorted([
                (versions["2026-02-17"], "o1-2024-12-17", "high", 0.4382),
                (versions["2026-08-17"], "openai/o1", "high", 0.4608),
            ])  # fmt: skip
        # the broken version left nothing behind
        assert con.execute(
            "select count(distinct sha256) from staging.weirdml_models"
        ).fetchone() == (len(files),)
    finally:
        con.close()
