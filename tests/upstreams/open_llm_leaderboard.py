"""Routes for the Open LLM Leaderboard tables, serving the captures in shared/sources in place.

fboulnois/llm-leaderboard-csv: the commits API for csv/huggingface.csv and csv/huggingface_v2.csv
(chained with the LMArena paths of the same repository) and the raw file at each commit.
dsdanielpark/open-llm-leaderboard-report: the contents listing of `assets/` (dated folders plus the
kind of entries a live listing also holds), the commits API per table and the raw files.
"""

from __future__ import annotations

from pathlib import Path

from tests.upstreams import Upstream, provenance_commits

CSV_REPO = "fboulnois/llm-leaderboard-csv"
REPORT_REPO = "dsdanielpark/open-llm-leaderboard-report"


def register(up: Upstream, shared: Path) -> None:
    d = shared / "open_llm_leaderboard"
    commits = provenance_commits(d)
    by_path: dict[str, list] = {}
    for layout in ("v1", "v2"):
        for folder in sorted(p for p in (d / layout).iterdir() if p.is_dir()):
            for f in sorted(folder.glob("*.csv")):
                if f"{layout}/{folder.name}/{f.name}" not in commits:
                    continue  # not described in PROVENANCE.md: no commit to serve it under
                sha, date = commits[f"{layout}/{folder.name}/{f.name}"]
                msg = f"auto: update csv outputs to version {folder.name.replace('-', '.')}"
                by_path.setdefault(f"csv/{f.name}", []).append(
                    (sha, f"{date}T06:00:00Z", msg, f.read_bytes())
                )
    for path, versions in by_path.items():
        up.github_history(CSV_REPO, path, versions)

    listing = [
        {"name": "README.md", "path": "assets/README.md", "type": "file"},
        {"name": "images", "path": "assets/images", "type": "dir"},
        {"name": "20231115", "path": "assets/20231115", "type": "dir"},  # no table in it
    ]
    for f in sorted((d / "v1_2023").glob("*.csv")):
        if f"v1_2023/{f.name}" not in commits:
            continue
        sha, date = commits[f"v1_2023/{f.name}"]
        day = f.stem
        path = f"assets/{day}/{day}.csv"
        listing.append({"name": day, "path": f"assets/{day}", "type": "dir"})
        up.github_history(
            REPORT_REPO, path, [(sha, f"{date}T12:00:00Z", "update report", f.read_bytes())]
        )
    up.json(f"/api.github.com/repos/{REPORT_REPO}/contents/assets", listing)
    up.github_env("open_llm_leaderboard")
