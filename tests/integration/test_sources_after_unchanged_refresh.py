"""A refresh that finds nothing new skips the rebuild but still records its attempts, so `opengap
sources` says when each source was last checked (and a failure in a later run still shows)."""

from __future__ import annotations

import duckdb
import pytest
from typer.testing import CliRunner

from cli import app
from tests.conftest import apply_env
from tests.upstreams import epoch_ai_models


@pytest.fixture
def served(upstream, shared_sources, monkeypatch, workdir):
    epoch_ai_models.register(upstream, shared_sources)
    apply_env(monkeypatch, upstream)
    return upstream, workdir


def _log_rows(work) -> list[tuple]:
    con = duckdb.connect(str(work / "data" / "opengap.duckdb"), read_only=True)
    try:
        return con.execute(
            "select status, finished_at from raw.fetch_log where source = 'epoch_ai_models' "
            "order by finished_at"
        ).fetchall()
    finally:
        con.close()


def _refresh():
    return CliRunner().invoke(app, ["refresh", "--no-report", "--source", "epoch_ai_models"])


def test_unchanged_refresh_records_its_attempt(served):
    up, work = served
    assert _refresh().exit_code == 0
    first = _log_rows(work)
    assert [s for s, _ in first] == ["ok"]

    result = _refresh()
    assert result.exit_code == 0, result.output
    assert "Nothing new upstream" in result.output
    second = _log_rows(work)
    assert [s for s, _ in second] == ["ok", "ok"]
    assert second[-1][1] > first[-1][1]
    lines = (work / "data" / "raw" / "fetch_log.jsonl").read_text().splitlines()
    assert len(lines) == len(second)

    out = CliRunner().invoke(app, ["sources", "--csv"])
    assert out.exit_code == 0, out.output
    header, *rows = out.output.strip().splitlines()
    row = dict(
        zip(
            header.split(","),
            next(r for r in rows if r.startswith("epoch_ai_models,")).split(","),
            strict=False,
        )
    )
    assert row["status"] == "ok"
    assert row["last_attempt_at"][:19] == second[-1][1].isoformat()[:19]
