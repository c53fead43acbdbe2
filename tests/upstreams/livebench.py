"""Routes for LiveBench: the GitHub contents listing of the site repo's public/ folder, and the site files.

LiveBench edits a release's table in place, so the site serves one version of each file at a time.
The captures keep the versions of one table in `<release>_as_of_<commit date>/` folders and the
newest version of every file at the top level (PROVENANCE.md): `versions()` lists them oldest
first, `register()` serves the newest of each. Any other file or folder there is not served.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from tests.upstreams import Upstream

REPO = "LiveBench/livebench.github.io"
LISTING = f"/api.github.com/repos/{REPO}/contents/public"
# files the real folder also holds; the scraper must never request them
DECOYS = {
    "table.csv": b"model,typos\nold-model,1.0\n",
    "categories_2025_12_25_bck.json": b'{"Reasoning": ["zebra_puzzle"]}',
    "livebench.pdf": b"%PDF-1.4 not a table",
}


def blob_sha(data: bytes) -> str:
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def serve(up: Upstream, files: dict[str, bytes]) -> None:
    """Serve `files` at livebench.ai/<name> and list them (plus decoys) as GitHub's contents API does."""
    listing = []
    for name, body in sorted({**files, **DECOYS}.items()):
        listing.append(
            {
                "name": name,
                "path": f"public/{name}",
                "sha": blob_sha(body),
                "size": len(body),
                "type": "file",
                "download_url": f"https://raw.githubusercontent.com/{REPO}/main/public/{name}",
            }
        )
        content_type = "text/csv" if name.endswith(".csv") else "application/json"
        up.file(f"/livebench.ai/{name}", body, content_type)
    listing.append({"name": "images", "path": "public/images", "sha": "0" * 40, "size": 0,
                    "type": "dir", "download_url": None})  # fmt: skip
    up.json(LISTING, listing)
    up.env["OPENGAP_LIVEBENCH_GITHUB_API_URL"] = f"{up.base}/api.github.com"
    up.env["OPENGAP_LIVEBENCH_SITE_URL"] = f"{up.base}/livebench.ai"


_FILE = re.compile(r"^(table|categories)_\d{4}_\d{2}_\d{2}\.(csv|json)$")
_IN_PLACE = re.compile(r"^\d{4}-\d{2}-\d{2}_as_of_(\d{4}-\d{2}-\d{2})$")


def versions(shared: Path) -> dict[str, list[tuple[str | None, bytes]]]:
    """File name → its captured versions, oldest first, as (as-of date, bytes); the top-level copy
    (the newest, as of the capture's commit) last, with as-of None."""
    d = shared / "livebench"
    out: dict[str, list[tuple[str | None, bytes]]] = {}
    in_place = sorted(
        (m.group(1), p) for p in d.iterdir() if p.is_dir() and (m := _IN_PLACE.match(p.name))
    )
    for as_of, folder in in_place:
        for f in sorted(folder.iterdir()):
            if f.is_file() and _FILE.match(f.name):
                out.setdefault(f.name, []).append((as_of, f.read_bytes()))
    for f in sorted(d.iterdir()):
        if f.is_file() and _FILE.match(f.name):
            out.setdefault(f.name, []).append((None, f.read_bytes()))
    return out


def newest(shared: Path) -> dict[str, bytes]:
    """What the live site would serve: the newest captured version of each file."""
    return {name: vs[-1][1] for name, vs in versions(shared).items()}


def register(up: Upstream, shared: Path) -> dict[str, bytes]:
    files = newest(shared)
    serve(up, files)
    return files
