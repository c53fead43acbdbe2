"""livebench: the real fetch against the loopback site and contents API, then a full warehouse build."""

from __future__ import annotations

import csv
import io
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
# per release (from PROVENANCE.md): models in the table, categories, std rows (category averages + global);
# releases captured later are served too and checked against their own files
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
    missing = [d for d in RELEASES if f"table_{d.replace('-', '_')}.csv" not in served]
    if missing:
        pytest.skip(f"LiveBench captures for {missing} not present")
    new = livebench.fetch(Client(retries=0), store)
    assert sorted(r.filename for r in new) == sorted(served)
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
    assert {d: cells[d] for d in SCORED_CELLS} == SCORED_CELLS
    # every served table, the known ones and any newer: one staging row per model and per cell
    for name, body in served.items():
        if name.startswith("table_"):
            date = livebench.snapshot_date_for(name)
            rows = [r for r in csv.reader(io.StringIO(body.decode("utf-8"))) if r][1:]
            assert models[date] == len(rows), name
            width = len(rows[0])
            assert cells[date] == sum(
                1 for r in rows if len(r) == width for c in r[1:] if c.strip()
            ), name
    assert con.execute(
        "select blank_tasks from staging.livebench_models where tasks_blank > 0 "
        "and snapshot_date in (select unnest(?::date[]))",
        [list(RELEASES)],
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
    upstream.settle()  # a reply is logged just after it is sent
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
    upstream.settle()  # a reply is logged just after it is sent
    assert [p for p, _, _ in upstream.log[before:]] == [
        lb_upstream.LISTING,
        "/livebench.ai/table_2024_06_24.csv",
    ]
    assert len(RawStore(workdir / "raw").records("livebench")) == 2


def test_since_skips_older_releases(served, workdir):
    if not {"table_2025_04_02.csv", "table_2025_05_30.csv"} <= set(served):
        pytest.skip("LiveBench captures of 2025-04-02 and 2025-05-30 not present")
    new = livebench.fetch(Client(retries=0), RawStore(workdir / "raw"), since="2025-05-01")
    expected = sorted(n for n in served if livebench.snapshot_date_for(n) >= "2025-05-01")
    assert sorted(r.filename for r in new) == expected
    assert {"table_2025_05_30.csv", "table_2025_11_25.csv"} <= set(expected)
    assert "table_2025_04_02.csv" in served and "table_2025_04_02.csv" not in expected


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


def test_in_place_versions_of_one_release_table_all_load(
    upstream, shared_sources, monkeypatch, workdir
):
    """LiveBench rewrites a release's table as it scores new models: each version the site served is
    fetched as it comes (a new blob sha) and kept; all of them load, dated by the release."""
    table = "table_2026_01_08.csv"
    all_versions = lb_upstream.versions(shared_sources)
    kept = all_versions.get(table, [])
    if len(kept) < 2:
        pytest.skip(f"fewer than two captured versions of livebench/{table}")
    first = {name: vs[0][1] for name, vs in all_versions.items()}
    lb_upstream.serve(upstream, first)
    apply_env(monkeypatch, upstream)
    store_root = workdir / "raw"
    fetched = livebench.fetch(Client(retries=0), RawStore(store_root))
    for _, body in kept[1:]:
        lb_upstream.serve(upstream, {**first, table: body})
        again = livebench.fetch(Client(retries=0), RawStore(store_root))
        assert [r.filename for r in again] == [table]  # only the table changed
        fetched += again
    versions = [r for r in fetched if r.filename == table]
    assert [r.upstream_key for r in versions] == [
        f"{table}@{lb_upstream.blob_sha(body)}" for _, body in kept
    ]
    assert {r.snapshot_date for r in versions} == {"2026-01-08"}  # the release, for every version

    result = build(RawStore(store_root), workdir / "w.duckdb")
    assert [e.message for e in result.errors if e.source == "livebench"] == []
    con = duckdb.connect(str(workdir / "w.duckdb"), read_only=True)
    for rec, (_, body) in zip(versions, kept, strict=True):
        rows = [r for r in csv.reader(io.StringIO(body.decode("utf-8"))) if r]
        width = len(rows[0])
        ragged = sorted(r[0] for r in rows[1:] if len(r) != width)
        got = con.execute(
            "select count(*), list(model order by model) filter (where unplaced_cells is not null) "
            "from staging.livebench_models where fetch_id = ?",
            [rec.fetch_id],
        ).fetchone()
        assert (got[0], got[1] or []) == (len(rows) - 1, ragged)
        # a model with every task scored has a global average from this version
        assert (
            con.execute(
                "select count(*) from std.scores where fetch_id = ? "
                "and benchmark_id = 'livebench:global_average'",
                [rec.fetch_id],
            ).fetchone()[0]
            > 0
        )
    # a model scored in several versions keeps one core row per benchmark (same scores: no collision)
    assert con.execute(
        "select count(*) from core.score_collisions where source = 'livebench' "
        "and snapshot_date = '2026-01-08'"
    ).fetchone() == (0,)
    # a task column the release's categories file does not list (added in place, with a later
    # categories file that is not captured) stays in staging and counts in no average
    listed = {t for (t,) in con.execute(
        "select distinct task from staging.livebench_categories where snapshot_date = '2026-01-08'"
    ).fetchall()}  # fmt: skip
    header = next(csv.reader(io.StringIO(kept[-1][1].decode("utf-8"))))
    extra = [t for t in header[1:] if t not in listed]
    for task in extra:
        assert (
            con.execute(
                "select count(*) from staging.livebench_scores where fetch_id = ? and task = ?",
                [versions[-1].fetch_id, task],
            ).fetchone()[0]
            > 0
        )
    con.close()
