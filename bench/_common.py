"""Shared by the benchmarks: the capture set served from loopback, and a raw store built from it."""

from __future__ import annotations

import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.refresh_from_captures import serve  # noqa: E402
from tests.upstreams import SHARED_SOURCES, Upstream  # noqa: E402

# hf_cards reads the Hub for every repo the warehouse names (500 per run, one at a time, by design
# polite): it runs in the refresh's second phase, so the fetch benchmarks measure the others.
PHASE_ONE = [
    "lmarena_hf_space",
    "lmarena_arena_catalog",
    "lmarena_leaderboard_csv",
    "lmsys_blog_leaderboard_html",
    "epoch_benchmarking_hub",
    "epoch_ai_models",
    "livebench",
    "aider_leaderboards",
    "open_llm_leaderboard",
    "llm_stats",
]


def require_captures() -> None:
    if not SHARED_SOURCES.is_dir():
        sys.exit(f"bench: no captures at {SHARED_SOURCES}")


@contextmanager
def served(latency: float = 0.0, split_hosts: bool = True):
    """Every source's captures on 127.0.0.1, with os.environ pointing the live fetch code there.

    With ``split_hosts`` (the default) each upstream host (api.github.com, raw.githubusercontent.com,
    the Hub, each site) answers on a loopback port of its own, so the client's per-host limit of
    concurrent requests applies per upstream host as in production (one netloc per host), not to
    all sources together as it would on one 127.0.0.1:port. ``up.host_bases`` maps host → port."""
    require_captures()
    up: Upstream = serve()
    up.latency = latency
    if split_hosts:
        up.split_hosts()
    saved = dict(os.environ)
    os.environ.update(up.env)
    os.environ["OPENGAP_HTTP_BACKOFF"] = "0.05"
    try:
        yield up
    finally:
        os.environ.clear()
        os.environ.update(saved)
        up.stop()


@contextmanager
def timer():
    out = {}
    t = time.perf_counter()
    yield out
    out["s"] = time.perf_counter() - t


def ratio_line(name: str, value: float, target: str, ok: bool, detail: str = "") -> str:
    mark = "ok" if ok else "MISSED"
    shown = f"{value:,.0f} bytes" if target.endswith("bytes") else f"{value:.2f}x"
    return f"RESULT {name}: {shown} (target {target}) {mark}{' — ' + detail if detail else ''}"


def capture_warehouse() -> Path:
    """A warehouse built from every capture (the real code replaying them on loopback), kept in the
    temp folder so the benchmarks of one run share it; $OPENGAP_BENCH_DB names another."""
    import os
    import tempfile

    if os.environ.get("OPENGAP_BENCH_DB"):
        return Path(os.environ["OPENGAP_BENCH_DB"])
    import pipeline
    from warehouse.rawstore import RawStore

    data = Path(tempfile.gettempdir()) / "opengap-bench-captures"
    db = data / "opengap.duckdb"
    if not db.exists():
        store = RawStore(data / "raw")
        with served():
            pipeline.refresh(store, db)
    return db
