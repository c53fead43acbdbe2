"""Fetch every historical version of one file in a public GitHub repository.

Many leaderboards are published as files in a git repository and updated in place; their history is
the only record of past snapshots. This lists the commits that touched the file (GitHub REST API,
`GET /repos/{owner}/{repo}/commits?path=...`) and downloads the file at each commit not yet in the
raw store from raw.githubusercontent.com. Both hosts are settings, so tests serve them locally.

Each page of the commits list is asked with If-None-Match when the source's listing cache
(`RawStore.listings`) keeps a copy: an unchanged history costs one 304 per page (0 bytes, and not
counted against GitHub's rate limit) and the kept copy is read instead. Pages are validated one by
one rather than stopping at an unchanged page 1 (which, newest-first, would also be sound for
commits): one rule for every listing, the Hub's tree included, whose pages are not newest-first.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from scrapers import settings
from scrapers._http import Client, NoListingCache, get_listing, listing_cache
from scrapers._parse import json_listing
from scrapers._types import Fetched
from scrapers.settings import redact_secrets

# Caps for what a repository's history serves: a source with bigger files passes its own cap.
HISTORY_FILE_MAX_BYTES = 32 * 1024 * 1024  # the largest file kept in git history is 1.3 MB
LISTING_MAX_BYTES = 8 * 1024 * 1024  # a page of 100 commits is about 0.3 MB


def api_headers() -> dict[str, str]:
    headers = {"Accept": "application/vnd.github+json"}
    token = settings.github_token()
    if token:
        headers["Authorization"] = f"Bearer {token}"
    return headers


def _commits_page(url: str, body: bytes) -> list[dict[str, Any]]:
    return json_listing("github", url, body, "a JSON list of commits")


def list_commits(
    client: Client, api_base: str, repo: str, path: str, max_pages: int = 50, cache=None
) -> list[dict[str, Any]]:
    """The commits that touched `path`, newest first. With a listing cache (`RawStore.listings`),
    every page is asked with If-None-Match and an unchanged one is read from the cache (0 bytes);
    the caller commits the cache once it has stored everything the listing pointed at."""
    pages = get_listing(
        client,
        cache if cache is not None else NoListingCache(),
        f"{api_base}/repos/{repo}/commits",
        _commits_page,
        headers=api_headers(),
        params={"path": path, "per_page": 100},
        max_bytes=LISTING_MAX_BYTES,
        max_pages=max_pages,
    )
    return [c for page in pages for c in page]


def commit_date(commit: dict[str, Any]) -> str | None:
    c = commit.get("commit") or {}
    when = (c.get("committer") or {}).get("date") or (c.get("author") or {}).get("date")
    return when[:10] if when else None


def fetch_histories(
    client: Client,
    store,
    *,
    source: str,
    repo: str,
    paths: tuple[str, ...] | list[str],
    snapshot_date: Callable[[dict[str, Any]], str | None] = commit_date,
    since: str | None = None,
) -> list[Fetched]:
    """`fetch_history` for each of a source's files in one repo, at the source's GitHub base URLs
    (settings: ``OPENGAP_<SOURCE>_GITHUB_API_URL`` and ``..._GITHUB_RAW_URL``)."""
    api = settings.base_url(source, "github_api", settings.GITHUB_API)
    raw = settings.base_url(source, "github_raw", settings.GITHUB_RAW)
    new: list[Fetched] = []
    for path in paths:
        new += fetch_history(
            client,
            store,
            source=source,
            repo=repo,
            path=path,
            api_base=api,
            raw_base=raw,
            snapshot_date=snapshot_date,
            since=since,
        )
    return new


def fetch_history(
    client: Client,
    store,
    *,
    source: str,
    repo: str,
    path: str,
    api_base: str,
    raw_base: str,
    snapshot_date: Callable[[dict[str, Any]], str | None] = commit_date,
    since: str | None = None,
    max_bytes: int | None = None,
) -> list[Fetched]:
    """Download the file at every commit that touched it and is not yet stored (each at most
    ``max_bytes``, default HISTORY_FILE_MAX_BYTES: a bigger body is refused and nothing stored)."""
    new: list[Fetched] = []
    filename = path.rsplit("/", 1)[-1]
    cache = listing_cache(store, source)
    for commit in list_commits(client, api_base, repo, path, cache=cache):
        sha = commit.get("sha")
        if not sha:
            continue
        key = f"{repo}@{sha}:{path}"
        if store.has_upstream_key(source, key):
            continue
        date = snapshot_date(commit)
        if since and date and date < since:
            continue
        url = f"{raw_base}/{repo}/{sha}/{path}"
        resp = client.get(url, ok_statuses=(200,), max_bytes=max_bytes or HISTORY_FILE_MAX_BYTES)
        new.append(
            store.put_response(
                source,
                url,
                resp,
                snapshot_date=date,
                upstream_key=key,
                filename=filename,
                # a commit message can quote a token (ours, echoed): never written to the store
                extra=redact_secrets(
                    {"commit": sha, "message": (commit.get("commit") or {}).get("message")}
                ),
            )
        )
    cache.commit()  # every listed version is stored: the listing's ETag may be kept
    return new
