"""Routes for lmarena_elo_history: the archive CSV's GitHub history, serving the capture in place."""

from __future__ import annotations

from pathlib import Path

from tests.upstreams import Upstream, provenance_commits

REPO = "nakasyou/lmarena-history"
PATH = "output/result.csv"
SOURCE = "lmarena_elo_history"


def versions(shared: Path) -> list[tuple[str, str, str, bytes]]:
    """Every captured version as (commit sha, ISO date, message, bytes), from PROVENANCE.md."""
    d = shared / SOURCE
    if not d.is_dir():
        return []
    commits = provenance_commits(d)
    out = []
    for f in sorted(d.glob("*/result.csv")):
        key = f"{f.parent.name}/{f.name}"
        if key in commits:
            sha, date = commits[key]
            out.append((sha, f"{date}T12:00:00Z", "Update data", f.read_bytes()))
    return out


def register(up: Upstream, shared: Path) -> list[tuple[str, str, str, bytes]]:
    """Every captured version as a commit of output/result.csv; returns those versions."""
    served = versions(shared)
    if served:
        up.github_history(REPO, PATH, served)
    up.github_env(SOURCE)
    return served
