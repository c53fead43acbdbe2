"""Routes for lmarena_elo_history: the archive CSV's GitHub history, serving the capture in place."""

from __future__ import annotations

from pathlib import Path

from tests.upstreams import Upstream, provenance_commits

REPO = "nakasyou/lmarena-history"
PATH = "output/result.csv"
SOURCE = "lmarena_elo_history"


def register(up: Upstream, shared: Path) -> list[Path]:
    """Every captured version as a commit of output/result.csv; returns the captured files."""
    d = shared / SOURCE
    files = sorted(d.glob("*/result.csv")) if d.is_dir() else []
    if files:
        commits = provenance_commits(d)
        versions = []
        for f in files:
            sha, date = commits[f"{f.parent.name}/{f.name}"]
            versions.append((sha, f"{date}T12:00:00Z", "Update data", f.read_bytes()))
        up.github_history(REPO, PATH, versions)
    up.github_env(SOURCE)
    return files
