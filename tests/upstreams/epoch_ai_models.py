"""Routes for Epoch AI's CSV exports at epoch.ai/data/<name>.csv, serving the captures in place.

The live URL serves one version of each export at a time: by default the newest capture of each
(dated folders, newest last); a test that asserts on particular files names them and skips when
they are absent. Anything else in the capture folder is not served.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.upstreams import Upstream

FILES = ("notable_ai_models.csv", "all_ai_models.csv")
CONTENT_TYPE = "text/csv; charset=utf-8"


def newest(shared: Path) -> dict[str, str]:
    """Live file name → the newest capture of it, as `<date folder>/<name>`."""
    d = shared / "epoch_ai_models"
    out: dict[str, str] = {}
    for folder in sorted(p for p in d.iterdir() if p.is_dir()):
        for name in FILES:
            if (folder / name).is_file():
                out[name] = f"{folder.name}/{name}"
    return out


def named(shared: Path, captures: dict[str, str]) -> dict[str, str]:
    """`captures` as given, or a pytest skip naming the first one the capture folder lacks."""
    for rel in captures.values():
        if not (shared / "epoch_ai_models" / rel).is_file():
            pytest.skip(f"capture epoch_ai_models/{rel} not present in {shared}")
    return captures


def serve(up: Upstream, shared: Path, captures: dict[str, str]) -> None:
    """Serve each capture at its live URL (replacing what was served: a new ETag)."""
    d = shared / "epoch_ai_models"
    for name, rel in captures.items():
        folder = rel.split("/", 1)[0]  # the capture's date: sent as Last-Modified
        day = folder if len(folder) == 10 and folder[4] == "-" else None
        up.file(f"/epoch.ai/data/{name}", (d / rel).read_bytes(), CONTENT_TYPE, captured_on=day)
    up.env["OPENGAP_EPOCH_AI_MODELS_DATA_URL"] = f"{up.base}/epoch.ai/data"


def register(up: Upstream, shared: Path, captures: dict[str, str] | None = None) -> dict[str, str]:
    captures = newest(shared) if captures is None else captures
    serve(up, shared, captures)
    return captures
