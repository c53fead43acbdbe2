"""Routes for LiveBench: the GitHub contents listing of the site repo's public/ folder, and the site files."""

from __future__ import annotations

import hashlib
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


def register(up: Upstream, shared: Path) -> dict[str, bytes]:
    d = shared / "livebench"
    files = {
        p.name: p.read_bytes() for p in sorted(d.glob("*_*.*")) if p.suffix in (".csv", ".json")
    }
    serve(up, files)
    return files
