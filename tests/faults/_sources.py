"""For each source: how to publish a new version of one of its files on the loopback upstream.

`publish(up, shared, make)` finds the newest good bytes of one file the source reads, serves
`make(good)` as a new version the way the real upstream would show it (a new commit, a new file in
a Space, a changed file at the same URL with a new ETag) and returns the URL path of the new bytes,
where HTTP faults are injected. `future` says how a date in the future reaches this source.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tests.upstreams import Reply, Upstream
from tests.upstreams import artificial_analysis as aa_up
from tests.upstreams import epoch_benchmarking_hub as epoch_hub_up
from tests.upstreams import livebench as livebench_up
from tests.upstreams import llm_stats as llm_stats_up

Make = Callable[[bytes], bytes]


def today() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%d")


@dataclass
class Spec:
    name: str
    fmt: str
    cols: dict
    publish: Callable[[Upstream, Path, Make, str | None], str]
    # how a future date is injected: "content" (a date column), "published" (commit date, file
    # name or Last-Modified; publish() is called with the date) or None
    future: tuple[str, ...] = ("content",)
    since: str | None = None  # `refresh --since`: skip old versions, to keep the big sources fast


def _github_commit(repo: str, path: str, ctype: str = "text/plain"):
    """A new commit of `path` on top of the history the upstream module registered."""

    def publish(up: Upstream, shared: Path, make: Make, date: str | None) -> str:
        commits_path = f"/api.github.com/repos/{repo}/commits"
        old = up.routes[commits_path]
        listing = json.loads(old({"path": [path]}, {}).body)
        newest = listing[0]["sha"]
        good = up.routes[f"/raw.githubusercontent.com/{repo}/{newest}/{path}"]({}, {}).body
        body = make(good)
        sha = hashlib.sha1(b"fault" + body).hexdigest()
        when = f"{date or today()}T00:00:00Z"
        entry = {
            "sha": sha,
            "commit": {
                "message": "new version",
                "committer": {"date": when},
                "author": {"date": when},
            },
        }
        new_listing = json.dumps([entry, *listing]).encode()

        def commits(query, headers):
            if query.get("path", [None])[0] == path:
                return Reply(200, new_listing, {"Content-Type": "application/json"})
            return old(query, headers)

        up.routes[commits_path] = commits
        return up.file(f"/raw.githubusercontent.com/{repo}/{sha}/{path}", body, ctype)[
            len(up.base) :
        ]

    return publish


def _same_url(path: str, ctype: str):
    """The same URL now serving new bytes (so a new ETag: no 304)."""

    def publish(up: Upstream, shared: Path, make: Make, date: str | None) -> str:
        good = up.routes[path]({}, {}).body
        up.file(path, make(good), ctype)
        return path

    return publish


def _epoch_zip(up: Upstream, shared: Path, make: Make, date: str | None) -> str:
    good = up.routes[epoch_hub_up.ZIP_PATH]({}, {}).body
    last_modified = (
        dt.datetime.fromisoformat(date).strftime("%a, %d %b %Y 06:00:00 GMT")
        if date
        else dt.datetime.now(dt.UTC).strftime("%a, %d %b %Y %H:%M:%S GMT")
    )
    epoch_hub_up.serve_zip(up, make(good), last_modified=last_modified)
    return epoch_hub_up.ZIP_PATH


def _hf_space(up: Upstream, shared: Path, make: Make, date: str | None) -> str:
    d = shared / "lmarena_hf_space"
    files = {p.name: p.read_bytes() for p in sorted(d.glob("leaderboard_table_*.csv"))}
    newest = max(files)
    name = f"leaderboard_table_{(date or today()).replace('-', '')}.csv"
    files[name] = make(files[newest])
    up.hf_space("lmarena-ai/chatbot-arena-leaderboard", files)
    return f"/hf/spaces/lmarena-ai/chatbot-arena-leaderboard/resolve/main/{name}"


LIVEBENCH_FILE = "table_2025_11_25.csv"


def _livebench(up: Upstream, shared: Path, make: Make, date: str | None) -> str:
    files = livebench_up.newest(shared)
    files[LIVEBENCH_FILE] = make(files[LIVEBENCH_FILE])
    livebench_up.serve(up, files)
    return f"/livebench.ai/{LIVEBENCH_FILE}"


LLM_STATS_FILE = "models/qwen/qwen3-32b/model.json"


def _llm_stats(up: Upstream, shared: Path, make: Make, date: str | None) -> str:
    files = llm_stats_up.captures(shared)
    files[LLM_STATS_FILE] = make(files[LLM_STATS_FILE])
    llm_stats_up.github_tree(up, llm_stats_up.REPO, files)
    return f"/raw.githubusercontent.com/{llm_stats_up.REPO}/main/{LLM_STATS_FILE}"


def _aa_day(up: Upstream, shared: Path, make: Make, date: str | None) -> str:
    """A new day folder in the Artificial Analysis mirror (named by its date), made from the newest."""
    days = {
        p.parent.name: p.read_bytes() for p in (shared / "artificial_analysis").glob("*/llms.json")
    }
    day = date or today()
    days[day] = make(days[max(days)])
    aa_up.serve_days(up, days)
    return f"/raw.githubusercontent.com/{aa_up.REPO}/HEAD/data/{day}/llms.json"


SPECS = {
    s.name: s
    for s in [
        Spec(
            "aider_leaderboards",
            "yaml",
            {"model": "model", "score": "pass_rate_2", "date": "date"},
            _github_commit("Aider-AI/aider", "aider/website/_data/polyglot_leaderboard.yml"),
            future=("content", "published"),
        ),
        Spec(
            "lmarena_leaderboard_csv",
            "csv",
            {"model": "model", "score": "arena_score"},
            _github_commit("fboulnois/llm-leaderboard-csv", "csv/lmsys.csv"),
            future=("published",),
        ),
        Spec(
            "lmarena_arena_catalog",
            "json",
            {"score": "rating"},
            _github_commit("lmarena/arena-catalog", "data/leaderboard-text.json"),
            future=("published",),
        ),
        Spec(
            "open_llm_leaderboard",
            "csv",
            {"model": "fullname", "score": "ifeval", "date": "submission_date"},
            _github_commit("fboulnois/llm-leaderboard-csv", "csv/huggingface_v2.csv"),
            future=("content", "published"),
            since="2024-10-01",
        ),
        Spec(
            "lmarena_hf_space",
            "csv",
            {"model": "Model", "score": "MMLU"},
            _hf_space,
            future=("published",),
        ),
        Spec(
            "lmsys_blog_leaderboard_html",
            "html",
            {"model": "Model", "score": "Arena Elo Rating"},
            _same_url("/lmsys.org/blog/2023-06-22-leaderboard/", "text/html"),
            future=(),
        ),
        Spec(
            "epoch_ai_models",
            "csv",
            {"model": "Model", "score": "Parameters", "date": "Publication date"},
            _same_url("/epoch.ai/data/notable_ai_models.csv", "text/csv; charset=utf-8"),
        ),
        Spec(
            "epoch_benchmarking_hub",
            "zip",
            {
                "member": "gpqa_diamond.csv",
                "model": "Model version",
                "score": "mean_score",
                "date": "Started at",
            },
            _epoch_zip,
            future=("content", "published"),
        ),
        Spec(
            "livebench",
            "csv",
            {"model": "model", "score": "zebra_puzzle"},
            _livebench,
            future=(),
        ),
        Spec(
            "llm_stats",
            "json",
            {"model": "dataset_name", "score": "score", "date": "date_recorded"},
            _llm_stats,
        ),
        Spec(
            "artificial_analysis",
            "json",
            {"model": "name", "score": "gpqa", "date": "release_date"},
            _aa_day,
            future=("content", "published"),
        ),
        Spec(
            "swe_bench",
            "json",
            {"model": "folder", "score": "resolved", "date": "date"},
            _same_url(
                "/raw.githubusercontent.com/SWE-bench/swe-bench.github.io/master/data/leaderboards.json",
                "text/plain; charset=utf-8",
            ),
        ),
        Spec(
            "weirdml",
            "csv",
            {"model": "internal_model_name", "score": "avg_acc", "date": "release_date"},
            _same_url("/htihle.github.io/data/weirdml_data.csv", "text/csv; charset=utf-8"),
        ),
        Spec(
            "epoch_open_model_trends",
            "csv",
            {"model": "System", "score": "MMLU", "date": "Date"},
            _github_commit(
                "epoch-research/open-model-trends", "data/benchmarks_with_model_accessibility.csv"
            ),
            future=("content", "published"),
        ),
    ]
}
