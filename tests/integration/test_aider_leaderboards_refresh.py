"""aider_leaderboards: the real fetch against the loopback GitHub commits API and raw host, then a full build."""

from __future__ import annotations

import duckdb
import pytest

from scrapers import aider_leaderboards as aider
from scrapers._http import Client
from tests.conftest import apply_env
from tests.upstreams import aider_leaderboards as aider_upstream
from warehouse.build import build
from warehouse.rawstore import RawStore

# from PROVENANCE.md: runs per file (count of `- dirname:`) and the commit date each version carries
FILES = {
    "polyglot_leaderboard.yml": ("2025-04-14", 42),
    "edit_leaderboard.yml": ("2026-05-22", 98),
    "refactor_leaderboard.yml": ("2026-05-22", 14),
}


@pytest.fixture
def served(upstream, shared_sources, monkeypatch):
    aider_upstream.register(upstream, shared_sources)
    apply_env(monkeypatch, upstream)
    return upstream


def one(con, sql: str, params: list) -> tuple:
    rows = con.execute(sql, params).fetchall()
    assert len(rows) == 1, rows
    return rows[0]


def test_refresh_builds_aider_scores(served, workdir):
    store = RawStore(workdir / "raw")
    new = aider.fetch(Client(retries=0), store)
    assert {r.filename: r.snapshot_date for r in new} == {f: d for f, (d, _) in FILES.items()}
    assert next(r for r in new if r.filename == "polyglot_leaderboard.yml").upstream_key == (
        "aider/website/_data/polyglot_leaderboard.yml@119fbc995c95d60c55e6a4c18553bf3cdaadf370"
    )

    result = build(store, workdir / "w.duckdb")
    assert [e.message for e in result.errors if e.source == "aider_leaderboards"] == []
    con = duckdb.connect(str(workdir / "w.duckdb"), read_only=True)
    staged = dict(con.execute(
        "select leaderboard || '_leaderboard.yml', count(*) from staging.aider_leaderboards_runs group by 1"
    ).fetchall())  # fmt: skip
    assert staged == {f: n for f, (_, n) in FILES.items()}
    std = dict(con.execute(
        "select benchmark_id, count(*) from std.scores where source = 'aider_leaderboards' group by 1"
    ).fetchall())  # fmt: skip
    assert std == {"aider:polyglot": 42, "aider:edit": 98, "aider:refactor": 14}

    q = (
        "select model_key, score, setting, evaluated_on::varchar, snapshot_date::varchar from std.scores "
        "where source = 'aider_leaderboards' and benchmark_id = ? and source_model_name = ?"
    )
    assert one(con, q, ["aider:polyglot", "gpt-4.1"]) == (
        "gpt-4.1",
        52.4,
        "diff",
        "2025-04-14",
        "2025-04-14",
    )
    assert one(con, q, ["aider:polyglot", "o3-mini (high)"]) == (
        "o3-mini", 60.4, "diff;effort=high", "2025-01-31", "2025-04-14",
    )  # fmt: skip
    assert one(con, q, ["aider:polyglot", "claude-3-7-sonnet-20250219 (32k thinking tokens)"]) == (
        "claude-3-7-sonnet-20250219", 64.9, "diff;thinking=32k", "2025-02-24", "2025-04-14",
    )  # fmt: skip
    # an aider short name (r1) is no model id; the editor model is part of the setting
    assert one(con, q, ["aider:polyglot", "DeepSeek R1 + claude-3-5-sonnet-20241022"]) == (
        None, 64.0, "architect;editor=claude-3-5-sonnet-20241022;editor_format=editor-diff",
        "2025-01-23", "2025-04-14",
    )  # fmt: skip
    # refactor publishes one pass rate; `aider --opus` names no model id
    assert one(con, q, ["aider:refactor", "claude-3-opus-20240229"]) == (
        None, 72.3, "diff", "2024-05-04", "2026-05-22",
    )  # fmt: skip
    # deepseek-chat served three different models over time: the display name tells them apart
    assert con.execute(
        "select source_model_name, model_key from std.scores where source = 'aider_leaderboards' "
        "and benchmark_id = 'aider:polyglot' and source_model_name like 'DeepSeek%' order by 1"
    ).fetchall() == [
        ("DeepSeek Chat V2.5", None), ("DeepSeek Chat V3 (prev)", None), ("DeepSeek R1", None),
        ("DeepSeek R1 + claude-3-5-sonnet-20241022", None), ("DeepSeek V3 (0324)", None),
    ]  # fmt: skip
    # the same model and setting twice in one file: both kept in std (core keeps one)
    assert con.execute(
        "select count(*) from std.scores where source = 'aider_leaderboards' "
        "and benchmark_id = 'aider:polyglot' and model_key = 'Qwen2.5-Coder-32B-Instruct'"
    ).fetchone() == (2,)
    claims = con.execute(
        "select count(*), count(access) from std.model_claims where source = 'aider_leaderboards'"
    ).fetchone()
    assert claims == (30, 0)
    assert one(
        con,
        "select release_date::varchar from std.model_claims where source = 'aider_leaderboards' "
        "and source_model_name = ?",
        ["gpt-4-0314"],
    ) == ("2023-03-14",)
    con.close()

    # nothing new upstream: three commit listings, no file downloaded
    before = len(served.log)
    assert aider.fetch(Client(retries=0), RawStore(workdir / "raw")) == []
    assert [p for p, _, _ in served.log[before:]] == [
        "/api.github.com/repos/Aider-AI/aider/commits"
    ] * 3
