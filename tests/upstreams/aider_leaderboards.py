"""Routes for Aider's leaderboards: the commits API and raw files of aider/website/_data/*_leaderboard.yml."""

from __future__ import annotations

from pathlib import Path

from tests.upstreams import Upstream, provenance_commits

REPO = "Aider-AI/aider"
DATA = "aider/website/_data"


def register(up: Upstream, shared: Path) -> None:
    d = shared / "aider_leaderboards"
    commits = provenance_commits(d)
    by_path: dict[str, list] = {}
    for key, (sha, date) in sorted(commits.items()):
        if not (d / key).is_file():
            continue  # described in PROVENANCE.md but not in this copy of the captures
        name = key.rsplit("/", 1)[-1]
        body = (d / key).read_bytes()
        message = f"copy: update {name}"
        by_path.setdefault(f"{DATA}/{name}", []).append((sha, f"{date}T12:00:00Z", message, body))
    for path, versions in by_path.items():
        up.github_history(REPO, path, versions)
    up.github_env("aider_leaderboards")
