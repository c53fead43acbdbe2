"""Routes for SWE-bench's leaderboards file at its raw URL on the site repo's default branch (the newest capture)."""

from __future__ import annotations

from pathlib import Path

from tests.upstreams import Upstream

URL_PATH = "/raw.githubusercontent.com/SWE-bench/swe-bench.github.io/master/data/leaderboards.json"


def serve(up: Upstream, body: bytes, captured_on: str | None = None) -> None:
    """What the default branch holds now: a new body gets a new ETag, as GitHub's raw host gives."""
    up.file(URL_PATH, body, "text/plain; charset=utf-8", captured_on=captured_on)
    up.env["OPENGAP_SWE_BENCH_GITHUB_RAW_URL"] = f"{up.base}/raw.githubusercontent.com"


def captures(shared: Path) -> list[Path]:
    """The captured versions, oldest first (folders are named by commit date)."""
    return sorted((shared / "swe_bench").glob("*/leaderboards.json"))


def register(up: Upstream, shared: Path) -> None:
    files = captures(shared)
    if files:
        serve(up, files[-1].read_bytes(), captured_on=files[-1].parent.name)
