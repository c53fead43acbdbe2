"""artificial_analysis: `opengap refresh` limited to this source, against the loopback GitHub contents API and raw
host serving the real captures; per-file row counts from the captures and a few exact values."""

from __future__ import annotations

import csv
import json

import duckdb
import pytest
from typer.testing import CliRunner

from cli import app
from tests.conftest import apply_env
from tests.upstreams import REPO_ROOT
from tests.upstreams import artificial_analysis as aa_upstream

LICENSES = REPO_ROOT / "data" / "registry" / "licenses.csv"


@pytest.fixture
def served(upstream, shared_sources, monkeypatch, workdir):
    aa_upstream.register(upstream, shared_sources)
    apply_env(monkeypatch, upstream)
    monkeypatch.setenv("OPENGAP_SOURCES", "artificial_analysis")
    days = {
        p.parent.name: json.loads(p.read_bytes())
        for p in sorted((shared_sources / "artificial_analysis").glob("*/llms.json"))
    }
    return upstream, workdir, days


def _numbers(doc: dict) -> int:
    return sum(
        1
        for m in doc["models"]
        for k, v in m["evaluations"].items()
        if v is not None and not k.endswith("_is_estimated")
    )


def test_refresh_builds_artificial_analysis(served):
    up, work, days = served
    result = CliRunner().invoke(app, ["refresh", "--no-report", "--quiet"])
    assert result.exit_code == 0, result.output
    con = duckdb.connect(str(work / "data" / "opengap.duckdb"), read_only=True)
    try:
        assert dict(con.execute(
            "select snapshot_date::varchar, count(*) from staging.artificial_analysis_models group by 1"
        ).fetchall()) == {d: len(doc["models"]) for d, doc in days.items()}  # fmt: skip
        assert dict(con.execute(
            "select snapshot_date::varchar, count(*) from staging.artificial_analysis_scores group by 1"
        ).fetchall()) == {d: _numbers(doc) for d, doc in days.items()}  # fmt: skip
        assert con.execute(
            "select count(*) from raw.load_errors where source = 'artificial_analysis'"
        ).fetchone() == (0,)
        # every file's records reach std.model_claims; every published number of a declared metric std.scores
        assert dict(con.execute(
            "select snapshot_date::varchar, count(*) from std.model_claims "
            "where source = 'artificial_analysis' group by 1"
        ).fetchall()) == {d: len(doc["models"]) for d, doc in days.items()}  # fmt: skip

        q = (
            "select s.score, s.setting, s.model_key, r.regime from std.scores s "
            "left join core.regimes r on r.benchmark_id = s.benchmark_id "
            "and s.snapshot_date between r.valid_from and coalesce(r.valid_to, '9999-12-31') "
            "where s.source = 'artificial_analysis' and s.benchmark_id = ? "
            "and s.source_model_name = ? and s.snapshot_date = ?"
        )
        ii = "aa:intelligence_index"
        # the 2026-06-16 index break (PROVENANCE): same model, lower value, another regime
        expected = {
            "2026-06-10": (48.39, "aa_index_to_2026_06_15"),
            "2026-07-10": (39.55, "aa_index_from_2026_06_16"),
        }
        for day, (value, regime) in expected.items():
            if day in days:
                got = con.execute(q, [ii, "Gemini 3 Pro Preview (high)", day]).fetchall()
                assert [(round(s, 2), st, k, r) for s, st, k, r in got] == [
                    (value, "high", "gemini-3-pro", regime)
                ]
        # one test, three numbers: one task, so the headline takes at most one of them
        assert con.execute(
            "select list(distinct task) from std.benchmarks where benchmark_id like 'aa:omniscience%'"
        ).fetchone() == (["aa_omniscience"],)
        # per-benchmark fractions: no regime (they did not change at the break)
        regimes = con.execute(
            "select distinct r.regime from std.scores s left join core.regimes r using (benchmark_id) "
            "where s.source = 'artificial_analysis' and s.benchmark_id = 'aa:gpqa'"
        ).fetchall()
        assert regimes == [(None,)]

        claims = con.execute(
            "select snapshot_date::varchar, access, license, organization, country, "
            "release_date::varchar, hf_repo_id from std.model_claims "
            "where source = 'artificial_analysis' and source_model_name = 'gpt-oss-120b (high)'"
        ).fetchall()
        assert {c[1:] for c in claims} == {
            ("open", "Apache 2.0", "OpenAI", "US", "2025-08-05", "openai/gpt-oss-120b")
        }
        # the flag can change between days (PROVENANCE: minimax-m2-7 false on 04-10, true on 07-10)
        flags = dict(con.execute(
            "select snapshot_date::varchar, access from std.model_claims "
            "where source = 'artificial_analysis' and model_key = 'minimax-m2-7'"
        ).fetchall())  # fmt: skip
        for day, access in (("2026-04-10", "api"), ("2026-07-10", "open")):
            if day in days:
                assert flags[day] == access
        # licence spellings map to the registry (data/registry/licenses.csv), except those whose
        # terms could not be checked ('Other' says nothing)
        known = {
            r["license"].strip().lower()
            for r in csv.DictReader(line for line in LICENSES.open() if not line.startswith("#"))
        }
        published = con.execute(
            "select distinct license from std.model_claims "
            "where source = 'artificial_analysis' and license is not null"
        ).fetchall()
        unmapped = [(u,) for (u,) in published if u.strip().lower() not in known]
        assert {u for (u,) in unmapped} <= {
            "HyperCLOVA X SEED 32B Think Model License Agreement", "K Exaone",
            "MINIMAX COMMUNITY LICENSE", "OpenMDW", "Other", "Upstage Solar License",
        }  # fmt: skip
    finally:
        con.close()

    out = CliRunner().invoke(app, ["sources", "--csv"])
    assert out.exit_code == 0, out.output
    header, *rows = out.output.strip().splitlines()
    row = dict(
        zip(
            header.split(","),
            next(r for r in rows if r.startswith("artificial_analysis,")).split(","),
            strict=False,
        )
    )
    assert (
        row["status"] == "ok" and row["files"] == str(len(days)) and row["regimes"] == "6"
    )  # 3 indices x 2 sides of the break

    # nothing new upstream: one listing (304), no file downloaded
    before = len(up.log)
    assert CliRunner().invoke(app, ["refresh", "--no-report", "--quiet"]).exit_code == 0
    up.settle()
    assert [(p, s) for p, s, _ in up.log[before:]] == [
        (
            "/api.github.com/repos/oolong-tea-2026/artificial-analysis-leaderboards/contents/data",
            304,
        )
    ]


FIXTURES = REPO_ROOT / "tests" / "fixtures" / "artificial_analysis"


def test_fetch_reads_each_day_once_and_refuses_a_cut_listing(upstream, monkeypatch, workdir):
    """On the hand-written fixtures: --since skips older days, a stored day is not fetched again, and
    a listing of 1,000 entries (where the contents API stops) is refused rather than read short."""
    from scrapers import artificial_analysis as aa
    from scrapers._http import Client
    from scrapers._types import SourceChangedError
    from warehouse.rawstore import RawStore

    days = {p.parent.name: p.read_bytes() for p in sorted(FIXTURES.glob("*/llms.json"))}
    aa_upstream.serve_days(upstream, days)
    apply_env(monkeypatch, upstream)
    store = RawStore(workdir / "raw")
    newest = max(days)
    got = aa.fetch(Client(retries=0), store, since=newest)
    assert [(f.snapshot_date, f.upstream_key) for f in got] == [(newest, f"llms.json@{newest}")]
    got = aa.fetch(Client(retries=0), RawStore(workdir / "raw"))
    assert sorted(f.snapshot_date for f in got) == sorted(d for d in days if d != newest)
    assert aa.fetch(Client(retries=0), RawStore(workdir / "raw")) == []

    many = {f"2026-01-{i % 28 + 1:02d}x{i}": b"" for i in range(1000)}  # names only: never fetched
    upstream.json(
        f"/api.github.com/repos/{aa.REPO}/contents/data",
        [{"name": n, "path": f"data/{n}", "type": "dir"} for n in many],
    )
    with pytest.raises(SourceChangedError, match="fewer than 1000 entries in data/, found 1000"):
        aa.fetch(Client(retries=0), RawStore(workdir / "raw"))
