"""One file at a live URL, replaced in place upstream (no history to list, no date in its name):
Epoch's model exports, SWE-bench's leaderboards file, WeirdML's results table.

A conditional GET (the stored copy's ETag; none for a damaged copy, see RawStore.latest_for_url);
the version is the ETag, else the body's sha256; the file is dated by the server's Last-Modified,
else the day it was fetched."""

from __future__ import annotations

import datetime as dt
import hashlib

from scrapers._http import Client
from scrapers._parse import snapshot_date_of
from scrapers._types import Fetched


def fetch_current(
    client: Client, store, source: str, url: str, filename: str, max_bytes: int
) -> Fetched | None:
    """The file at url if it changed since the stored copy (None when the server says 304)."""
    resp = client.get(url, headers=store.conditional_headers(source, url), max_bytes=max_bytes)
    if resp.not_modified:
        return None
    today = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d")
    version = resp.header("ETag") or hashlib.sha256(resp.content).hexdigest()[:20]
    return store.put_response(
        source,
        url,
        resp,
        snapshot_date=snapshot_date_of(resp, today),
        upstream_key=f"{filename}@{version}",
        filename=filename,
    )
