"""Route for the Epoch Benchmarking Hub: `benchmark_data.zip` built in memory from the 2026-03-09 capture."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

from tests.upstreams import Reply, Upstream

ZIP_PATH = "/epoch.ai/data/benchmark_data.zip"
LAST_MODIFIED = "Mon, 09 Mar 2026 06:00:00 GMT"


def build_zip(folder: Path) -> bytes:
    """The capture folder zipped as Epoch ships it (members at the top level), byte-for-byte stable."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for f in sorted(folder.iterdir()):
            info = zipfile.ZipInfo(f.name, date_time=(2026, 3, 9, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, f.read_bytes())
    return buf.getvalue()


def serve_zip(up: Upstream, body: bytes, last_modified: str | None = LAST_MODIFIED) -> str:
    """Serve body at the live path with an ETag (304 on If-None-Match) and Last-Modified."""
    etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'

    def handler(query, headers):
        if headers.get("if-none-match") == etag:
            return Reply(304, b"", {"ETag": etag})
        extra = {"Last-Modified": last_modified} if last_modified else {}
        return Reply(200, body, {"Content-Type": "application/zip", "ETag": etag, **extra})

    up.routes[ZIP_PATH] = handler
    up.env["OPENGAP_EPOCH_BENCHMARKING_HUB_DATA_URL"] = f"{up.base}/epoch.ai/data"
    return up.base + ZIP_PATH


def register(up: Upstream, shared: Path) -> None:
    # the one capture of the whole zip (the 2026-04-23 folder holds only its ECI member); without
    # it nothing is served and a fetch of this source meets 404
    folder = shared / "epoch_benchmarking_hub" / "2026-03-09" / "benchmark_data"
    if folder.is_dir():
        serve_zip(up, build_zip(folder))
    up.env["OPENGAP_EPOCH_BENCHMARKING_HUB_DATA_URL"] = f"{up.base}/epoch.ai/data"  # never live
