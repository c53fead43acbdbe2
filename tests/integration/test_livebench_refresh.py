"""livebench: the real fetch against the loopback site and contents API, then a full warehouse build."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from scrapers import livebench
from scrapers._http import Client
from scrapers._types import SourceChangedError
from tests.conftest import apply_env
from tests.upstreams import livebench as lb_upstream
from warehouse.build import build
from warehouse.rawstore import RawStore

FIXTURES = Path(__file__).parents[1] / "fixtures" / "livebench"
# per release (from PROVENANCE.md): models in the table, categories, std rows (category averages + global)
RELEASES = {
    "2024-06-24": (73, 6, 438 + 73),
    "2024-08-31": (59, 6, 354 + 59),
    "2024-11-25": (65, 6, 389 + 64),  # phi-3-small-8k-instruct has a blank 'connections' cell
    "2025-04-02": (63, 6, 378 + 63),
    "2025-05-30": (70, 7, 490 + 70),
    "2025-11-25": (65, 7, 455 + 65),
}
SCORED_CELLS = {
    "2024-06-24": 1241, "2024-08-31": 1062, "2024-11-25": 1169,
    "2025-04-02": 1134, "2025-05-30": 1400, "2025-11-25": 1300,
}  # fmt: skip


@pytest.fixture
def served(upstream, shared_sources, monkeypatch):
    files = lb_upstream.register(upstream, shared_sources)
    apply_env(monkeypatch, upstream)
    return files


def score(con, model: str, benchmark: str, date: str) -> float | None:
    row = con.execute(
        "select score from std.scores where source = 'livebench' and source_model_name = ? "
        "and benchmark_id = ? and snapshot_date = ?",
        [model, benchmark, date],
    ).fetchall()
    assert len(row) <= 1
    return row[0][0] if row else None


def test_refresh_builds_livebench_averages(served, upstream, workdir):
    store = RawStore(workdir / "raw")
    new = livebench.fetch(Client(retries=0), store)
    assert sorted(r.filename for r in new) == sorted(served)
    assert len(new) == 12
    requested = {path for path, _, _ in upstream.log}
    assert not any(name in p for name in lb_upstream.DECOYS for p in requested)
    rec = next(r for r in new if r.filename == "table_2024_11_25.csv")
    assert rec.snapshot_date == "2024-11-25"
    assert rec.url.endswith("/livebench.ai/table_2024_11_25.csv")
    assert (
        rec.upstream_key
        == f"table_2024_11_25.csv@{lb_upstream.blob_sha(served['table_2024_11_25.csv'])}"
    )

    result = build(store, workdir / "w.duckdb")
    assert [e.message for e in result.errors if e.source == "livebench"] == []
    con = duckdb.connect(str(workdir / "w.duckdb"), read_only=True)
    models = dict(con.execute(
        "select snapshot_date::varchar, count(*) from staging.livebench_models group by 1"
    ).fetchall())  # fmt: skip
    cats = dict(con.execute(
        "select snapshot_date::varchar, count(distinct category) from staging.livebench_categories group by 1"
    ).fetchall())  # fmt: skip
    cells = dict(con.execute(
        "select snapshot_date::varchar, count(*) from staging.livebench_scores group by 1"
    ).fetchall())  # fmt: skip
    std = dict(con.execute(
        "select snapshot_date::varchar, count(*) from std.scores where source = 'livebench' group by 1"
    ).fetchall())  # fmt: skip
    assert {d: (models[d], cats[d], std[d]) for d in RELEASES} == RELEASES
    assert cells == SCORED_CELLS
    assert con.execute(
        "select blank_tasks from staging.livebench_models where tasks_blank > 0"
    ).fetchall() == [("connections",)]

    # known values, checked by hand against the captured table and categories files
    g = "livebench:global_average"
    assert score(con, "claude-3-5-sonnet-20240620", g, "2024-06-24") == pytest.approx(61.15625)
    assert score(
        con, "claude-3-5-sonnet-20240620", "livebench:coding", "2024-06-24"
    ) == pytest.approx(63.2105)
    assert score(con, "claude-4-1-opus-20250805-thinking-32k", g, "2025-11-25") == pytest.approx(
        67.33383333
    )
    assert score(
        con, "deepseek-v3.2-exp-thinking", "livebench:agentic_coding", "2025-11-25"
    ) == pytest.approx(31.66666667)
    assert score(
        con, "phi-3-small-8k-instruct", "livebench:instruction_following", "2024-11-25"
    ) == pytest.approx(47.2)
    assert score(con, "phi-3-small-8k-instruct", "livebench:language", "2024-11-25") is None
    assert score(con, "phi-3-small-8k-instruct", g, "2024-11-25") is None
    bench = con.execute(
        "select benchmark_id, unit, scale_min, scale_max, evaluation, contamination from std.benchmarks "
        "where source = 'livebench' order by 1"
    ).fetchall()
    assert [b[0] for b in bench] == [
        "livebench:agentic_coding", "livebench:coding", "livebench:data_analysis",
        "livebench:global_average", "livebench:instruction_following", "livebench:language",
        "livebench:mathematics", "livebench:reasoning",
    ]  # fmt: skip
    assert {b[1:] for b in bench} == {("percent", 0.0, 100.0, "independent", "live")}
    con.close()

    # nothing new upstream: only the listing is requested
    before = len(upstream.log)
    assert livebench.fetch(Client(retries=0), RawStore(workdir / "raw")) == []
    assert [p for p, _, _ in upstream.log[before:]] == [lb_upstream.LISTING]


def test_site_serving_an_older_version_is_fetched_again(upstream, workdir, monkeypatch):
    files = {p.name: p.read_bytes() for p in FIXTURES.glob("*_2024_06_24.*")}
    lb_upstream.serve(upstream, files)
    apply_env(monkeypatch, upstream)
    # the repo lists a newer table than the site serves yet
    listing_route = upstream.routes[lb_upstream.LISTING]
    listing = json.loads(listing_route({}, {}).body)
    for entry in listing:
        if entry["name"] == "table_2024_06_24.csv":
            entry["sha"] = "f" * 40
    upstream.json(lb_upstream.LISTING, listing)
    store = RawStore(workdir / "raw")
    new = livebench.fetch(Client(retries=0), store)
    table = next(r for r in new if r.filename == "table_2024_06_24.csv")
    served_sha = lb_upstream.blob_sha(files["table_2024_06_24.csv"])
    assert table.upstream_key == f"table_2024_06_24.csv@{served_sha}"
    assert table.extra == {"listed_sha": "f" * 40, "served_sha": served_sha}
    # next run asks again for the listed version but records nothing new for the same old bytes
    before = len(upstream.log)
    assert livebench.fetch(Client(retries=0), RawStore(workdir / "raw")) == []
    assert [p for p, _, _ in upstream.log[before:]] == [
        lb_upstream.LISTING,
        "/livebench.ai/table_2024_06_24.csv",
    ]
    assert len(RawStore(workdir / "raw").records("livebench")) == 2


def test_since_skips_older_releases(served, workdir):
    new = livebench.fetch(Client(retries=0), RawStore(workdir / "raw"), since="2025-05-01")
    assert sorted(r.filename for r in new) == [
        "categories_2025_05_30.json", "categories_2025_11_25.json",
        "table_2025_05_30.csv", "table_2025_11_25.csv",
    ]  # fmt: skip


def test_listing_that_is_not_a_list_is_refused(upstream, workdir, monkeypatch):
    lb_upstream.serve(upstream, {})
    upstream.json(lb_upstream.LISTING, {"message": "API rate limit exceeded"})
    apply_env(monkeypatch, upstream)
    with pytest.raises(SourceChangedError) as exc:
        livebench.fetch(Client(retries=0), RawStore(workdir / "raw"))
    assert str(exc.value) == (
        f"livebench: {upstream.base}/api.github.com/repos/LiveBench/livebench.github.io/contents/public: "
        "expected a JSON list of files (GitHub contents API), found a JSON dict"
    )
