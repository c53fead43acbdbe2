"""Fetch every historical version of one file in a public GitHub repository.

Many leaderboards are published as files in a git repository and updated in place; their history is
the only record of past snapshots. This lists the commits that touched the file (GitHub REST API,
`GET /repos/{owner}/{repo}/commits?path=...`) and downloads the file at each commit not yet in the
raw store from raw.githubusercontent.com. Both hosts are settings, so tests serve them locally.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from scrapers import settings
from scrapers._http import Client
from scrapers._types import Fetched, SourceChangedError

_NEXT = re.compile(r'<([^>]+)>;\s*rel="next"')


def list_commits(
    client: Client, api_base: str, repo: str, path: str, max_pages: int = 50
) -> list[dict[str, Any]]:
    headers = {"Accept": "application/vnd.github+json"}
    token = settings.github_token()
    if token:
        headers["Authorization"] = f"Bearer {token}"
    url: str | None = f"{api_base}/repos/{repo}/commits"
    params: dict | None = {"path": path, "per_page": 100}
    commits: list[dict[str, Any]] = []
    pages = 0
    while url and pages < max_pages:
        resp = client.get(url, headers=headers, params=params, ok_statuses=(200,))
        pages += 1
        try:
            import json

            page = json.loads(resp.content)
        except ValueError:
            raise SourceChangedError(
                "github", url, "a JSON list of commits", "a body that is not JSON"
            ) from None
        if not isinstance(page, list):
            raise SourceChangedError(
                "github", url, "a JSON list of commits", f"a JSON {type(page).__name__}"
            )
        commits.extend(page)
        m = _NEXT.search(resp.header("Link") or "")
        url, params = (m.group(1), None) if m else (None, None)
    return commits


def commit_date(commit: dict[str, Any]) -> str | None:
    c = commit.get("commit") or {}
    when = (c.get("committer") or {}).get("date") or (c.get("author") or {}).get("date")
    return when[:10] if when else None


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
) -> list[Fetched]:
    """Download the file at every commit that touched it and is not yet stored."""
    new: list[Fetched] = []
    filename = path.rsplit("/", 1)[-1]
    for commit in list_commits(client, api_base, repo, path):
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
        resp = client.get(url, ok_statuses=(200,))
        new.append(
            store.put_response(
                source,
                url,
                resp,
                snapshot_date=date,
                upstream_key=key,
                filename=filename,
                extra={"commit": sha, "message": (commit.get("commit") or {}).get("message")},
            )
        )
    return new
