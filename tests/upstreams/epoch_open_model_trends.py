"""Routes for epoch-research/open-model-trends: the commits API and raw files of its two data CSVs, each
version dated by the file's own last edit as PROVENANCE.md gives it."""

from __future__ import annotations

from pathlib import Path

from tests.upstreams import Upstream, provenance_commits

REPO = "epoch-research/open-model-trends"


def snapshot_dates(source_dir: Path) -> dict[str, str]:
    """Each captured file → the 'Snapshot date' PROVENANCE.md gives it (the file's last edit upstream)."""
    out: dict[str, str] = {}
    current = None
    for line in (source_dir / "PROVENANCE.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("### `"):
            current = line[5:].split("`")[0]
        elif current and line.startswith("- Snapshot date"):
            out[current] = line.split(":", 1)[1].strip()[:10]
    return out


def register(up: Upstream, shared: Path) -> None:
    d = shared / "epoch_open_model_trends"
    commits = provenance_commits(d)
    dates = snapshot_dates(d)
    for key, (sha, commit_date) in sorted(commits.items()):
        if not (d / key).is_file():
            continue
        name = key.rsplit("/", 1)[-1]
        date = dates.get(key) or commit_date
        up.github_history(
            REPO,
            f"data/{name}",
            [(sha, f"{date}T12:00:00Z", f"update {name}", (d / key).read_bytes())],
        )
    up.github_env("epoch_open_model_trends")
