"""RawStore.listings: ETag-validated listing copies, written only on commit, never trusted blindly."""

from __future__ import annotations

import json

from scrapers._http import NoListingCache, full_url, listing_cache
from warehouse.rawstore import LISTINGS_FILE, ListingCache, RawStore

URL = "https://api.github.com/repos/o/r/commits?path=a.json&per_page=100"


def test_staged_copies_are_written_only_on_commit(tmp_path):
    store = RawStore(tmp_path)
    cache = store.listings("src")
    cache.stage(URL, 'W/"abc"', b'[{"sha": "1"}]', "https://api.github.com/next")
    assert cache.lookup(URL) is None  # staged, not kept yet
    assert not (tmp_path / "src" / LISTINGS_FILE).exists()
    cache.commit()
    again = store.listings("src")
    assert again.lookup(URL) == ('W/"abc"', b'[{"sha": "1"}]', "https://api.github.com/next")
    assert [p.name for p in (tmp_path / "src").iterdir()] == [LISTINGS_FILE]  # no temp file left
    assert store.records() == []  # not mistaken for a fetch record


def test_nothing_staged_writes_nothing_and_no_etag_is_not_kept(tmp_path):
    cache = ListingCache(tmp_path / LISTINGS_FILE)
    cache.stage(URL, None, b"[]")
    cache.stage(URL, "", b"[]")
    cache.stage(URL, '"e"', b"\xff\xfe not utf-8")
    cache.commit()
    assert not (tmp_path / LISTINGS_FILE).exists()


def test_damaged_files_and_entries_are_ignored(tmp_path):
    path = tmp_path / LISTINGS_FILE
    for text in ("", "{", "[]", '{"version": 2, "listings": {}}', '{"version": 1, "listings": []}'):
        path.write_text(text, encoding="utf-8")
        assert ListingCache(path).lookup(URL) is None
    good = ListingCache(path)
    good.stage(URL, '"e1"', b"[1]")
    good.stage("other", '"e2"', b"[2]")
    good.commit()
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["listings"][URL]["body"] = "[1, 2]"  # edited: its sha256 no longer matches
    doc["listings"]["other"]["etag"] = 5
    path.write_text(json.dumps(doc), encoding="utf-8")
    cache = ListingCache(path)
    assert cache.lookup(URL) is None and cache.lookup("other") is None
    path.unlink()
    assert ListingCache(path).lookup(URL) is None  # missing: fine


def test_a_body_or_url_holding_a_token_is_never_written(tmp_path, monkeypatch):
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_unit_SECRET_123")
    monkeypatch.setenv("HF_TOKEN", "hf_unit_SECRET_456")
    cache = ListingCache(tmp_path / LISTINGS_FILE)
    cache.stage(URL, '"e"', b'{"echo": "Bearer ghp_unit_SECRET_123"}')
    cache.stage(URL + "&t=hf_unit_SECRET_456", '"e"', b"[]")
    cache.stage("u", '"e"', b"[]", "https://x/?token=hf_unit_SECRET_456")
    cache.commit()
    assert not (tmp_path / LISTINGS_FILE).exists()


def test_forget_drops_a_copy(tmp_path):
    cache = ListingCache(tmp_path / LISTINGS_FILE)
    cache.stage(URL, '"e"', b"[]")
    cache.commit()
    cache.forget(URL)
    assert cache.lookup(URL) is None


def test_stores_without_listings_get_a_no_op_cache():
    cache = listing_cache(object(), "src")
    assert isinstance(cache, NoListingCache)
    cache.stage(URL, '"e"', b"[]")
    cache.commit()
    assert cache.lookup(URL) is None


def test_full_url_is_the_requested_url():
    base = "https://api.github.com/repos/o/r/commits"
    assert full_url(base, {"path": "a/b.yml", "per_page": 100}) == (
        base + "?path=a%2Fb.yml&per_page=100"
    )
    assert full_url(base, None) == base
