"""A real fetch of the LLMStats repository (git tree listing + raw files) from a loopback server, then a build."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from scrapers import llm_stats
from scrapers._http import Client
from scrapers._types import SourceChangedError
from tests.conftest import apply_env
from tests.upstreams import Reply
from tests.upstreams import llm_stats as llm_stats_upstream
from warehouse.build import build
from warehouse.rawstore import RawStore

FIXTURES = Path(__file__).parents[1] / "fixtures" / "llm_stats"
TREE = "/api.github.com/repos/JonathanChavezTamales/LLMStats/git/trees/main"
O3 = "models/openai/o3-2025-04-16/model.json"


def _client() -> Client:
    return Client(retries=0, backoff=0)


@pytest.fixture
def served(upstream, shared_sources, monkeypatch, workdir):
    llm_stats_upstream.register(upstream, shared_sources)
    apply_env(monkeypatch, upstream)
    return upstream, shared_sources, workdir


def test_fetch_then_build_loads_every_model_and_score(served):
    up, shared, work = served
    new = llm_stats.fetch(_client(), RawStore(work / "raw"))
    assert len(new) == 126  # PROVENANCE: 126 JSON files, one model each
    o3 = next(f for f in new if f.filename == O3)
    # the date the data describes: the capture's (sent as Last-Modified), not the replay's day
    assert (o3.snapshot_date, o3.extra["blob_sha"]) == (
        llm_stats_upstream.SNAPSHOT,
        o3.upstream_key.split("@")[1],
    )
    assert o3.url.endswith(f"/raw.githubusercontent.com/JonathanChavezTamales/LLMStats/main/{O3}")

    result = build(RawStore(work / "raw"), work / "w.duckdb")
    assert [e.message for e in result.errors if e.source == "llm_stats"] == []
    assert (result.rows_loaded["llm_stats_models"], result.rows_loaded["llm_stats_scores"]) == (
        126,
        1728,
    )
    con = duckdb.connect(str(work / "w.duckdb"), read_only=True)

    # one staging score row per qualitative_metrics entry, file by file
    root = shared / "llm_stats" / llm_stats_upstream.SNAPSHOT
    expected = {
        p.relative_to(root).as_posix(): len(json.loads(p.read_bytes())["qualitative_metrics"])
        for p in root.rglob("model.json")
    }
    got = dict(con.execute("select repo_path, n_scores from staging.llm_stats_models").fetchall())
    assert got == expected
    assert dict(
        con.execute(
            "select repo_path, count(*) from staging.llm_stats_scores group by 1"
        ).fetchall()
    ) == {k: v for k, v in expected.items() if v}

    # 11 entries off the 0-1 scale (MT-Bench 8.99, CodeForces 1977, EvalPlus 77.6, …) stay in staging
    assert con.execute("select count(*) from std.scores where source = 'llm_stats'").fetchone() == (
        1717,
    )
    assert con.execute(
        "select count(*) from std.scores where source = 'llm_stats' and not is_self_reported"
    ).fetchone() == (111,)
    assert con.execute(
        "select source_model_name, score, setting, is_self_reported, evaluated_on::varchar, snapshot_date::varchar "
        "from std.scores where model_key = 'o3-2025-04-16' and benchmark_id = 'llm_stats:gpqa'"
    ).fetchall() == [
        (
            "o3",
            0.833,
            "diamond accuracy (no tools)",
            True,
            "2025-04-16",
            llm_stats_upstream.SNAPSHOT,
        )
    ]
    # DeepSeek-R1-Zero lists AIME 2024 twice, told apart by the method
    assert con.execute(
        "select setting, score from std.scores where model_key = 'deepseek-r1-zero' "
        "and benchmark_id = 'llm_stats:aime_2024' order by setting"
    ).fetchall() == [("Cons@64", 0.867), ("Pass@1", 0.71)]
    assert con.execute(
        "select count(*) from core.scores where source = 'llm_stats'"
    ).fetchone() == (1717,)

    # claims: 46 Proprietary → api, every other licence → open
    assert dict(
        con.execute(
            "select access, count(*) from std.model_claims where source = 'llm_stats' group by 1"
        ).fetchall()
    ) == {"api": 46, "open": 80}
    assert con.execute(
        "select source_model_name, organization, license, access, release_date::varchar, params_b, hf_repo_id "
        "from std.model_claims where source = 'llm_stats' and model_key in ('deepseek-r1', 'o3-2025-04-16') "
        "order by model_key"
    ).fetchall() == [
        (
            "DeepSeek-R1",
            "deepseek",
            "MIT License",
            "open",
            "2025-01-20",
            671.0,
            "deepseek-ai/DeepSeek-R1",
        ),
        ("o3", "openai", "Proprietary", "api", "2025-04-16", None, None),
    ]
    assert con.execute(
        "select evaluation, count(*) from std.benchmarks where source = 'llm_stats' group by 1 order by 1"
    ).fetchall() == [("independent", 8), ("mixed", 29), ("self_reported", 258)]


def test_second_fetch_lists_the_tree_and_downloads_nothing(served):
    up, _, work = served
    assert len(llm_stats.fetch(_client(), RawStore(work / "raw"))) == 126
    again = _client()
    assert llm_stats.fetch(again, RawStore(work / "raw")) == []
    assert again.requests_made == 1  # the tree listing only


def test_a_changed_blob_is_the_only_download(served):
    up, shared, work = served
    llm_stats.fetch(_client(), RawStore(work / "raw"))
    files = llm_stats_upstream.captures(shared)
    doc = json.loads(files[O3])
    doc["knowledge_cutoff"] = "2024-06-01"
    files[O3] = json.dumps(doc, indent=2).encode()
    llm_stats_upstream.github_tree(up, llm_stats_upstream.REPO, files)
    again = _client()
    new = llm_stats.fetch(again, RawStore(work / "raw"))
    assert [f.filename for f in new] == [O3]
    assert again.requests_made == 2
    assert new[0].upstream_key == f"{O3}@{llm_stats_upstream.blob_sha(files[O3])}"


# -- fetch over the hand-written fixtures (no captures needed) --------------------------------


@pytest.fixture
def fixture_repo(upstream, monkeypatch, workdir):
    files = {
        p.relative_to(FIXTURES).as_posix(): p.read_bytes() for p in sorted(FIXTURES.rglob("*.json"))
    }
    # paths a hostile tree could list: never requested
    files["models/../../etc/model.json"] = b"{}"
    files["models/.hidden/x/model.json"] = b"{}"
    files["models/openai/o3/notes.json"] = b"{}"
    llm_stats_upstream.github_tree(upstream, llm_stats.REPO, files)
    upstream.github_env("llm_stats")
    apply_env(monkeypatch, upstream)
    return upstream, workdir


def test_fetch_takes_both_layouts_and_nothing_else(fixture_repo):
    up, work = fixture_repo
    new = llm_stats.fetch(_client(), RawStore(work / "raw"))
    assert sorted(f.filename for f in new) == sorted(
        p.relative_to(FIXTURES).as_posix() for p in FIXTURES.rglob("*.json")
    )
    assert not [
        path for path, _, _ in up.log if ".." in path or ".hidden" in path or "notes" in path
    ]
    result = build(RawStore(work / "raw"), work / "w.duckdb")
    assert [e.message for e in result.errors if e.source == "llm_stats"] == []
    assert (result.rows_loaded["llm_stats_models"], result.rows_loaded["llm_stats_scores"]) == (
        6,
        14,
    )


def test_a_truncated_tree_is_refused(fixture_repo):
    up, work = fixture_repo
    up.routes[TREE] = lambda q, h: Reply(
        200, json.dumps({"sha": "0" * 40, "tree": [], "truncated": True}).encode()
    )
    with pytest.raises(SourceChangedError) as exc:
        llm_stats.fetch(_client(), RawStore(work / "raw"))
    assert str(exc.value) == (
        f"llm_stats: {up.base}{TREE}: expected a complete tree listing, found truncated: true (the tree API's limit)"
    )


def test_a_tree_of_the_wrong_shape_is_refused(fixture_repo):
    up, work = fixture_repo
    up.routes[TREE] = lambda q, h: Reply(200, b'[{"path": "models"}]')
    with pytest.raises(SourceChangedError) as exc:
        llm_stats.fetch(_client(), RawStore(work / "raw"))
    assert (
        str(exc.value)
        == f'llm_stats: {up.base}{TREE}: expected a JSON object with a "tree" list, found a JSON list'
    )
