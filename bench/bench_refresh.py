"""Unchanged and parallel refresh against the loopback captures with 100 ms injected latency.

Unchanged: a second refresh with nothing new upstream must download 0 bytes (listings included: they
are asked with If-None-Match and answered 304) and take at most 10% of a cold refresh. Parallel: the
cold fetch across all sources must take at most 1.5× the slowest single source's fetch (the sources
overlap; their sum would mean they ran one after another). Each upstream host is served on its own
loopback port (_common.served), so the client's per-host limit applies per host as in production.
hf_cards is left out (see _common.PHASE_ONE).

    python bench/bench_refresh.py
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from _common import PHASE_ONE, ratio_line, served, timer

import pipeline
from scrapers._http import Client
from warehouse.rawstore import RawStore

LATENCY = 0.1
LISTINGS = ("/api.github.com/", "/hf/api/")  # GitHub API and Hub API: listings, not data files


def main() -> None:
    with served(latency=LATENCY) as up:
        hosts = dict(up.host_bases)
        # Parallel fetch: each source alone, then all together (fetch only, no build)
        single, requests = {}, {}
        for name in PHASE_ONE:
            store = RawStore(Path(tempfile.mkdtemp(prefix="og-single-")) / "raw")
            before = len(up.log)
            with timer() as t:
                res = pipeline.fetch_all(store, [name], Client())
            assert not res.fetch_errors, res.fetch_errors
            single[name] = t["s"]
            up.settle()
            requests[name] = len(up.log) - before
        store = RawStore(Path(tempfile.mkdtemp(prefix="og-all-")) / "raw")
        with timer() as t:
            res = pipeline.fetch_all(store, PHASE_ONE, Client())
        assert not res.fetch_errors, res.fetch_errors
        together = t["s"]
        slowest = max(single, key=single.get)

        # Unchanged refresh: cold (fetch + build), then again with nothing new
        data = Path(tempfile.mkdtemp(prefix="og-refresh-"))
        store = RawStore(data / "raw")
        with timer() as t:
            cold = pipeline.refresh(store, data / "opengap.duckdb", sources=PHASE_ONE)
        cold_s = t["s"]
        up.settle()
        up.log.clear()
        up.requests.clear()
        store = RawStore(data / "raw")
        with timer() as t:
            warm = pipeline.refresh(store, data / "opengap.duckdb", sources=PHASE_ONE)
        warm_s = t["s"]
        up.settle()
        log = list(up.log)

    print(f"latency per request: {LATENCY * 1000:.0f} ms")
    print(
        "upstream hosts, one loopback port each: "
        + ", ".join(f"{h} :{b.rsplit(':', 1)[1]}" for h, b in sorted(hosts.items()))
    )
    print(
        "single-source fetch: "
        + ", ".join(f"{k} {v:.2f}s ({requests[k]} req)" for k, v in sorted(single.items()))
    )
    print(
        f"all sources together: {together:.2f} s; slowest alone: {slowest} {single[slowest]:.2f} s; "
        f"sum of all: {sum(single.values()):.2f} s"
    )
    data_bytes = sum(n for p, st, n in log if st == 200 and not p.startswith(LISTINGS))
    listing_bytes = sum(n for p, st, n in log if st == 200 and p.startswith(LISTINGS))
    print(
        f"cold refresh: {cold_s:.2f} s, {cold.bytes_downloaded:,} bytes; "
        f"unchanged refresh: {warm_s:.2f} s, {warm.bytes_downloaded:,} bytes, "
        f"{len(log)} requests ({sum(1 for _, st, _ in log if st == 304)} answered 304): "
        f"data files {data_bytes:,} bytes, listings (GitHub/Hub API) {listing_bytes:,} bytes"
    )
    r = together / single[slowest]
    print(
        ratio_line(
            "parallel_fetch_vs_slowest_source", r, "≤1.5×", r <= 1.5, "one port per upstream host"
        )
    )
    print(ratio_line("unchanged_data_file_bytes", float(data_bytes), "0 bytes", data_bytes == 0))
    # what the client counted and what the upstream served: both must be 0
    unchanged = max(warm.bytes_downloaded, data_bytes + listing_bytes)
    print(
        ratio_line(
            "unchanged_bytes_incl_listings",
            float(unchanged),
            "0 bytes",
            unchanged == 0,
            "listings asked with If-None-Match"
            if listing_bytes == 0
            else f"listings returned {listing_bytes:,} bytes",
        )
    )
    r = warm_s / cold_s
    print(ratio_line("unchanged_vs_cold_refresh", r, "≤0.10×", r <= 0.10))


if __name__ == "__main__":
    main()
