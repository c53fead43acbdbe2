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
        for f in folder.glob("*.csv"):
            sha, date = commits[f"{folder.name}/{f.name}"]
            msg = f"auto: update csv outputs to version {folder.name.replace('-', '.')}"
            by_path.setdefault(f"csv/{f.name}", []).append(
                (sha, f"{date}T06:00:00Z", msg, f.read_bytes())
            )
    for path, versions in by_path.items():
        up.github_history("fboulnois/llm-leaderboard-csv", path, versions)
    up.github_env("lmarena_leaderboard_csv")


def register_arena_catalog(up: Upstream, shared: Path) -> None:
    d = shared / "lmarena_arena_catalog"
    commits = provenance_commits(d)
    versions = []
    for folder in sorted(p for p in d.iterdir() if p.is_dir()):
        sha, date = commits[f"{folder.name}/leaderboard-text.json"]
        body = (folder / "leaderboard-text.json").read_bytes()
        versions.append((sha, f"{date}T12:00:00Z", f"Update leaderboard data {folder.name}", body))
    up.github_history("lmarena/arena-catalog", "data/leaderboard-text.json", versions)
    up.github_env("lmarena_arena_catalog")


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
