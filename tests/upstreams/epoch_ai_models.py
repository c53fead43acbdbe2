"""Routes for Epoch AI's CSV exports at epoch.ai/data/<name>.csv, serving the captures in place."""

from __future__ import annotations

from pathlib import Path

from tests.upstreams import Upstream

# capture folder → export served at its live URL (one capture of each export)
CAPTURES = {
    "notable_ai_models.csv": "2024-12-24/notable_ai_models.csv",
    "all_ai_models.csv": "2025-04-23/all_ai_models.csv",
}


def register(up: Upstream, shared: Path) -> None:
    d = shared / "epoch_ai_models"
    for name, rel in CAPTURES.items():
        up.file(f"/epoch.ai/data/{name}", (d / rel).read_bytes(), "text/csv; charset=utf-8")
    up.env["OPENGAP_EPOCH_AI_MODELS_DATA_URL"] = f"{up.base}/epoch.ai/data"
