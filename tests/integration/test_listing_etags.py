"""Listings (GitHub commits/contents/trees API, the Hub's tree API) are asked with If-None-Match.

A refresh with nothing new upstream downloads 0 bytes, listings included; a changed listing (new
ETag) is still read in full and its new files fetched; a listing's ETag is kept only once everything
it pointed at was stored; a corrupt or tampered cache file only costs bytes.
"""

from __future__ import annotations

import hashlib
import json

import pytest

import pipeline
import scrapers
from scrapers import lmarena_arena_catalog as catalog
from scrapers._http import Client
from tests.upstreams import Fault, Upstream, conditional
from tests.upstreams import livebench as livebench_up
from tests.upstreams import llm_stats as llm_stats_up
from tests.upstreams import lmarena as lmarena_up
from warehouse.rawstore import LISTINGS_FILE, RawStore

SOURCES = [n for n in scrapers.names() if n != "hf_cards"]  # hf_cards needs a warehouse
CATALOG_REPO = "lmarena/arena-catalog"
CATALOG_PATH = "data/leaderboard-text.json"
CATALOG_COMMITS = f"/api.github.com/repos/{CATALOG_REPO}/commits"
NEW_SHA = "f" * 40
# every listing route the sources ask (a GitHub listing is one route whatever its ?path=)
LISTINGS = {
    "/api.github.com/repos/Aider-AI/aider/commits",
    CATALOG_COMMITS,
    "/api.github.com/repos/fboulnois/llm-leaderboard-csv/commits",
    "/api.github.com/repos/dsdanielpark/open-llm-leaderboard-report/commits",
    "/api.github.com/repos/dsdanielpark/open-llm-leaderboard-report/contents/assets",
    livebench_up.LISTING,
    f"/api.github.com/repos/{llm_stats_up.REPO}/git/trees/main",
    "/hf/api/spaces/lmarena-ai/chatbot-arena-leaderboard/tree/main",
}


def _is_listing(path: str) -> bool:
    """A listing route of any source, registered now or later (GitHub's API, the Hub's tree API),
    as against a data file (raw.githubusercontent.com, a Hub resolve URL, a site's file)."""
    return path.startswith("/api.github.com/") or (path.startswith("/hf/api/") and "/tree/" in path)


def _since(up: Upstream, before: int) -> list[tuple[str, int, int]]:
    """The replies logged since `before`, once the last one is logged."""
    up.settle()
    return up.log[before:]


def _fetch(store_root, sources=SOURCES) -> tuple[pipeline.RefreshResult, Client]:
    client = Client(retries=0)
    result = pipeline.fetch_all(RawStore(store_root), sources, client)
    return result, client


def _catalog_versions(shared) -> list[tuple[str, str, str, bytes]]:
    """The captured versions of data/leaderboard-text.json (the style-controlled twin aside)."""
    return lmarena_up.catalog_versions(shared).get(CATALOG_PATH, [])


def _add_catalog_commit(up: Upstream, shared) -> str:
    """A new commit of data/leaderboard-text.json upstream; returns its raw path."""
    versions = _catalog_versions(shared)
    newest = max(versions, key=lambda v: v[1])[3]
    new = (NEW_SHA, "2026-06-01T12:00:00Z", "Update leaderboard data 2026-06-01", newest + b"\n")
    up.github_history(CATALOG_REPO, CATALOG_PATH, [*versions, new])
    return f"/raw.githubusercontent.com/{CATALOG_REPO}/{NEW_SHA}/{CATALOG_PATH}"


def test_unchanged_refresh_downloads_zero_bytes_listings_included(full_upstream, workdir):
    up = full_upstream
    first, _ = _fetch(workdir / "raw")
    assert not first.fetch_errors, first.fetch_errors
    asked = {p for p, _, _ in _since(up, 0)}
    assert asked >= LISTINGS  # the list above is every listing the sources really ask
    for name in SOURCES:  # each source keeps its listings' copies in its own folder
        # sources reading one file by conditional GET keep no listing
        has_listing = name not in ("epoch_ai_models", "epoch_benchmarking_hub",
                                   "lmsys_blog_leaderboard_html", "swe_bench", "weirdml")  # fmt: skip
        assert (workdir / "raw" / name / LISTINGS_FILE).exists() == has_listing, name

    before = len(up.log)
    second, client = _fetch(workdir / "raw")
    assert not second.fetch_errors, second.fetch_errors
    assert second.fetched and all(v == [] for v in second.fetched.values())
    log = _since(up, before)
    assert log, "the second refresh still asks upstream what is new"
    assert sum(n for _, _, n in log) == 0  # listings included
    assert client.bytes_downloaded == 0
    assert {st for _, st, _ in log} == {304}
    assert {p for p, _, _ in log} >= LISTINGS  # every listing was asked again, conditionally


def test_new_commit_after_a_kept_listing_is_found(upstream, shared_sources, monkeypatch, workdir):
    lmarena_up.register_arena_catalog(upstream, shared_sources)
    for k, v in upstream.env.items():
        monkeypatch.setenv(k, v)
    store = RawStore(workdir / "raw")
    served = lmarena_up.catalog_versions(shared_sources)  # both files' histories
    assert len(catalog.fetch(Client(retries=0), store)) == sum(map(len, served.values()))
    assert catalog.fetch(Client(retries=0), RawStore(workdir / "raw")) == []

    raw_path = _add_catalog_commit(upstream, shared_sources)
    before = len(upstream.log)
    new = catalog.fetch(Client(retries=0), RawStore(workdir / "raw"))
    assert [r.upstream_key for r in new] == [f"{CATALOG_REPO}@{NEW_SHA}:{CATALOG_PATH}"]
    log = _since(upstream, before)
    assert (CATALOG_COMMITS, 200) in [(p, st) for p, st, _ in log]  # new ETag: listing read
    assert (raw_path, 200) in [(p, st) for p, st, _ in log]
    # …and the new listing is kept: the next refresh is all 304 again
    before = len(upstream.log)
    assert catalog.fetch(Client(retries=0), RawStore(workdir / "raw")) == []
    assert {st for _, st, _ in _since(upstream, before)} == {304}


def _new_livebench(up, shared):
    files = livebench_up.register(up, shared)
    body = files["table_2025_11_25.csv"]
    livebench_up.serve(up, {**files, "table_2026_06_01.csv": body})
    return "livebench", "/livebench.ai/table_2026_06_01.csv"


def _new_llm_stats(up, shared):
    files = llm_stats_up.captures(shared)
    path = "models/neworg/new-model/model.json"
    files[path] = b'{"model_id": "new-model", "name": "New Model"}\n'
    llm_stats_up.github_tree(up, llm_stats_up.REPO, files)
    return "llm_stats", f"/raw.githubusercontent.com/{llm_stats_up.REPO}/main/{path}"


def _new_hf_table(up, shared):
    files = {
        p.name: p.read_bytes()
        for p in sorted((shared / "lmarena_hf_space").glob("leaderboard_table_*.csv"))
    }
    files["leaderboard_table_20260601.csv"] = files[max(files)]
    up.hf_space("lmarena-ai/chatbot-arena-leaderboard", files)
    name = "leaderboard_table_20260601.csv"
    return (
        "lmarena_hf_space",
        f"/hf/spaces/lmarena-ai/chatbot-arena-leaderboard/resolve/main/{name}",
    )


def _new_report_table(up, shared):
    repo = "dsdanielpark/open-llm-leaderboard-report"
    listing_path = f"/api.github.com/repos/{repo}/contents/assets"
    listing = json.loads(up.routes[listing_path]({}, {}).body)
    listing.append({"name": "20231231", "path": "assets/20231231", "type": "dir"})
    up.json(listing_path, listing)
    body = next((shared / "open_llm_leaderboard" / "v1_2023").glob("*.csv")).read_bytes()
    path = "assets/20231231/20231231.csv"
    up.github_history(repo, path, [(NEW_SHA, "2026-06-01T12:00:00Z", "update report", body)])
    return "open_llm_leaderboard", f"/raw.githubusercontent.com/{repo}/{NEW_SHA}/{path}"


@pytest.mark.parametrize(
    "change", [_new_livebench, _new_llm_stats, _new_hf_table, _new_report_table]
)
def test_each_kind_of_listing_sees_a_new_file(change, full_upstream, shared_sources, workdir):
    up = full_upstream
    name = change.__name__  # for the failure message
    source = {"_new_livebench": "livebench", "_new_llm_stats": "llm_stats",
              "_new_hf_table": "lmarena_hf_space", "_new_report_table": "open_llm_leaderboard"}[name]  # fmt: skip
    first, _ = _fetch(workdir / "raw", [source])
    assert not first.fetch_errors, first.fetch_errors
    assert (workdir / "raw" / source / LISTINGS_FILE).exists()
    got_source, raw_path = change(up, shared_sources)
    assert got_source == source
    before = len(up.log)
    second, _ = _fetch(workdir / "raw", [source])
    assert not second.fetch_errors, second.fetch_errors
    assert len(second.fetched[source]) == 1, name
    assert (raw_path, 200) in [(p, st) for p, st, _ in _since(up, before)], name


def test_failed_download_keeps_the_old_etag_and_is_retried(
    upstream, shared_sources, monkeypatch, workdir
):
    lmarena_up.register_arena_catalog(upstream, shared_sources)
    for k, v in upstream.env.items():
        monkeypatch.setenv(k, v)
    cache_file = workdir / "raw" / catalog.NAME / LISTINGS_FILE
    catalog.fetch(Client(retries=0), RawStore(workdir / "raw"))
    kept = cache_file.read_bytes()

    # a new commit upstream whose file cannot be downloaded: the listing (200, new ETag) is read,
    # the download fails, and the new ETag is not kept
    raw_path = _add_catalog_commit(upstream, shared_sources)
    upstream.faults[raw_path] = Fault(statuses=[503])
    result = pipeline.fetch_all(RawStore(workdir / "raw"), [catalog.NAME], Client(retries=0))
    assert [e.source for e in result.fetch_errors] == [catalog.NAME]
    assert cache_file.read_bytes() == kept  # still the old listing's ETag

    # next refresh: the old ETag no longer matches → 200 → the file is fetched this time
    before = len(upstream.log)
    new = catalog.fetch(Client(retries=0), RawStore(workdir / "raw"))
    assert [r.extra["commit"] for r in new] == [NEW_SHA]
    log = [(p, st) for p, st, _ in _since(upstream, before)]
    assert (CATALOG_COMMITS, 200) in log and (raw_path, 200) in log
    assert cache_file.read_bytes() != kept


def test_failure_on_a_first_listing_keeps_no_etag(upstream, shared_sources, monkeypatch, workdir):
    lmarena_up.register_hf_space(upstream, shared_sources)
    for k, v in upstream.env.items():
        monkeypatch.setenv(k, v)
    space = "/hf/spaces/lmarena-ai/chatbot-arena-leaderboard/resolve/main/"
    first_table = next(
        p for p in sorted(upstream.routes) if p.startswith(space) and p.endswith(".csv")
    )
    upstream.faults[first_table] = Fault(statuses=[500])
    result = pipeline.fetch_all(RawStore(workdir / "raw"), ["lmarena_hf_space"], Client(retries=0))
    assert result.fetch_errors
    assert not (workdir / "raw" / "lmarena_hf_space" / LISTINGS_FILE).exists()
    before = len(upstream.log)
    result = pipeline.fetch_all(RawStore(workdir / "raw"), ["lmarena_hf_space"], Client(retries=0))
    assert not result.fetch_errors
    assert (first_table, 200) in [(p, st) for p, st, _ in _since(upstream, before)]


@pytest.mark.parametrize(
    "damage",
    [
        lambda text: "{ not json",  # cut by a crash or a disk error
        lambda text: "",
        lambda text: json.dumps({"version": 99, "listings": {}}),  # a format we do not know
        lambda text: json.dumps([1, 2, 3]),
        # bodies edited: each entry's sha256 no longer matches
        lambda text: text.replace('"body": "', '"body": " '),
    ],
    ids=["garbage", "empty", "version", "list", "tampered"],
)
def test_corrupt_cache_is_ignored_and_no_data_lost(damage, full_upstream, shared_sources, workdir):
    up = full_upstream
    first, _ = _fetch(workdir / "raw")
    assert not first.fetch_errors
    files = sorted((workdir / "raw").glob(f"*/{LISTINGS_FILE}"))
    assert len(files) >= 6
    for f in files:
        f.write_text(damage(f.read_text(encoding="utf-8")), encoding="utf-8")
    # something new upstream too, so the test shows the damaged cache hides nothing
    raw_path = _add_catalog_commit(up, shared_sources)
    before = len(up.log)
    second, _ = _fetch(workdir / "raw")
    assert not second.fetch_errors, second.fetch_errors
    assert [r.extra["commit"] for r in second.fetched[catalog.NAME]] == [NEW_SHA]
    assert all(v == [] for k, v in second.fetched.items() if k != catalog.NAME)
    log = _since(up, before)
    assert (raw_path, 200) in [(p, st) for p, st, _ in log]
    # the listings were asked for in full (the cost of a bad cache), data files not again
    assert {p for p, st, _ in log if st == 200} >= LISTINGS
    assert [p for p, st, _ in log if st == 200 and not _is_listing(p)] == [raw_path]
    # and the cache is whole again: a third refresh is all 304
    before = len(up.log)
    third, _ = _fetch(workdir / "raw")
    assert not third.fetch_errors
    assert {st for _, st, _ in _since(up, before)} == {304}


def test_kept_copy_that_no_longer_parses_is_asked_for_in_full(
    upstream, shared_sources, monkeypatch, workdir
):
    """A copy whose sha256 matches but that the source cannot read (say, written by another
    version): the 304 is not trusted, the listing is requested again without If-None-Match."""
    livebench_up.register(upstream, shared_sources)
    for k, v in upstream.env.items():
        monkeypatch.setenv(k, v)
    from scrapers import livebench

    livebench.fetch(Client(retries=0), RawStore(workdir / "raw"))
    f = workdir / "raw" / "livebench" / LISTINGS_FILE
    doc = json.loads(f.read_text(encoding="utf-8"))
    (entry,) = doc["listings"].values()
    entry["body"] = '{"not": "a list"}'
    entry["sha256"] = hashlib.sha256(entry["body"].encode()).hexdigest()
    f.write_text(json.dumps(doc), encoding="utf-8")
    before = len(upstream.log)
    assert livebench.fetch(Client(retries=0), RawStore(workdir / "raw")) == []
    listing_replies = [st for p, st, _ in _since(upstream, before) if p == livebench_up.LISTING]
    assert listing_replies == [304, 200]
    # repaired: the next refresh is a single 304
    before = len(upstream.log)
    assert livebench.fetch(Client(retries=0), RawStore(workdir / "raw")) == []
    assert [st for _, st, _ in _since(upstream, before)] == [304]


def test_tokens_never_reach_the_cache(full_upstream, workdir, monkeypatch):
    secret_gh, secret_hf = "ghp_LISTINGxSECRETx0123456789", "hf_LISTINGxSECRETx0123456789"
    monkeypatch.setenv("GITHUB_TOKEN", secret_gh)
    monkeypatch.setenv("HF_TOKEN", secret_hf)
    # an upstream that echoes the request's headers in a 200 listing: that copy is not kept
    full_upstream.routes[livebench_up.LISTING] = _echo
    result, _ = _fetch(workdir / "raw")
    assert not result.fetch_errors, result.fetch_errors
    files = list((workdir / "raw").glob(f"*/{LISTINGS_FILE}"))
    assert len(files) >= 6
    for f in files:
        data = f.read_bytes()
        assert secret_gh.encode() not in data and secret_hf.encode() not in data, f
    assert not (workdir / "raw" / "livebench" / LISTINGS_FILE).exists()


def _echo(query, headers):
    body = json.dumps([{"name": "echo", "type": "file", "sha": "0" * 40, "h": headers}]).encode()
    return conditional(headers, body, "application/json")
