"""Routes for the four LMArena forms, serving the captures in shared/sources in place."""

from __future__ import annotations

from pathlib import Path

from tests.upstreams import Upstream, provenance_commits


def register_hf_space(up: Upstream, shared: Path) -> dict[str, int]:
    d = shared / "lmarena_hf_space"
    files = {p.name: p.read_bytes() for p in sorted(d.glob("leaderboard_table_*.csv"))}
    # a pickle beside the tables, as in the real Space: it must never be requested
    files["elo_results_20250505.pkl"] = b"\x80\x04 not to be unpickled"
    up.hf_space("lmarena-ai/chatbot-arena-leaderboard", files)
    up.hf_env("lmarena_hf_space")
    return {n: b.count(b"\n") for n, b in files.items() if n.endswith(".csv")}


def register_leaderboard_csv(up: Upstream, shared: Path) -> None:
    d = shared / "lmarena_leaderboard_csv"
    commits = provenance_commits(d)
    by_path: dict[str, list] = {}
    for folder in sorted(p for p in d.iterdir() if p.is_dir()):
        for f in sorted(folder.glob("*.csv")):
            if f"{folder.name}/{f.name}" not in commits:
                continue  # not described in PROVENANCE.md: no commit to serve it under
            sha, date = commits[f"{folder.name}/{f.name}"]
            msg = f"auto: update csv outputs to version {folder.name.replace('-', '.')}"
            by_path.setdefault(f"csv/{f.name}", []).append(
                (sha, f"{date}T06:00:00Z", msg, f.read_bytes())
            )
    for path, versions in by_path.items():
        up.github_history("fboulnois/llm-leaderboard-csv", path, versions)
    up.github_env("lmarena_leaderboard_csv")


CATALOG_REPO = "lmarena/arena-catalog"
# the files the live scraper reads, by their name in a capture folder → path in the repository
CATALOG_FILES = {
    "leaderboard-text.json": "data/leaderboard-text.json",
    "leaderboard-text-style-control.json": "data/leaderboard-text-style-control.json",
}


def catalog_versions(shared: Path) -> dict[str, list[tuple[str, str, str, bytes]]]:
    """Repository path → its captured versions [(commit sha, ISO date, message, bytes)]: each
    known file found in a dated folder and listed in PROVENANCE.md (a folder may hold one of the
    two files or both; anything else is not served)."""
    d = shared / "lmarena_arena_catalog"
    commits = provenance_commits(d)
    out: dict[str, list] = {}
    for folder in sorted(p for p in d.iterdir() if p.is_dir()):
        for name, path in CATALOG_FILES.items():
            f = folder / name
            if not f.is_file() or f"{folder.name}/{name}" not in commits:
                continue
            sha, date = commits[f"{folder.name}/{name}"]
            message = f"Update leaderboard data {folder.name}"
            out.setdefault(path, []).append((sha, f"{date}T12:00:00Z", message, f.read_bytes()))
    return out


def register_arena_catalog(up: Upstream, shared: Path) -> dict[str, list]:
    versions = catalog_versions(shared)
    for path, path_versions in versions.items():
        up.github_history(CATALOG_REPO, path, path_versions)
    up.github_env("lmarena_arena_catalog")
    return versions


def register_blog(up: Upstream, shared: Path) -> None:
    d = shared / "lmsys_blog_leaderboard_html"
    for f in d.glob("2023-*.md"):
        post = f.name[:10] + "-leaderboard"
        up.file(f"/lmsys.org/blog/{post}/", f.read_bytes(), "text/html")
    up.env["OPENGAP_LMSYS_BLOG_LEADERBOARD_HTML_BLOG_URL"] = f"{up.base}/lmsys.org/blog"


def register(up: Upstream, shared: Path) -> None:
    register_hf_space(up, shared)
    register_leaderboard_csv(up, shared)
    register_arena_catalog(up, shared)
    register_blog(up, shared)
