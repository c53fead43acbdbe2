"""Routes for Artificial Analysis' daily mirror: the GitHub contents listing of data/ and each day's raw llms.json."""

from __future__ import annotations

from pathlib import Path

from tests.upstreams import Upstream

REPO = "oolong-tea-2026/artificial-analysis-leaderboards"


def serve_days(up: Upstream, days: dict[str, bytes]) -> None:
    """Serve `data/<day>/llms.json` for each day, and the listing of data/ as the contents API gives it."""
    listing = [
        {"name": day, "path": f"data/{day}", "type": "dir", "sha": f"{i:040x}"}
        for i, day in enumerate(sorted(days))
    ]
    listing.append({"name": "README.md", "path": "data/README.md", "type": "file", "sha": "f" * 40})
    up.json(f"/api.github.com/repos/{REPO}/contents/data", listing)
    for day, body in days.items():
        up.file(f"/raw.githubusercontent.com/{REPO}/HEAD/data/{day}/llms.json", body, "text/plain")
    up.github_env("artificial_analysis")


def register(up: Upstream, shared: Path) -> None:
    d = shared / "artificial_analysis"
    serve_days(up, {p.parent.name: p.read_bytes() for p in sorted(d.glob("*/llms.json"))})
