"""Unchanged and parallel refresh against the loopback captures with 100 ms injected latency.

Unchanged: a second refresh with nothing new upstream must download 0 bytes and take at most 10% of
a cold refresh. Parallel: the cold fetch across all sources must take at most 1.5× the slowest single
source's fetch (the sources overlap; their sum would mean they ran one after another).
hf_cards is left out (see _common.PHASE_ONE).

    python bench/bench_refresh.py
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from _common import PHASE_ONE, ratio_line, served, timer

from scrapers._http import Client
from warehouse import pipeline
from warehouse.rawstore import RawStore

LATENCY = 0.1


def main() -> None:
    with served(latency=LATENCY) as up:
        # Parallel fetch: each source alone, then all together (fetch only, no build)
        single = {}
        for name in PHASE_ONE:
            store = RawStore(Path(tempfile.mkdtemp(prefix="og-single-")) / "raw")
            with timer() as t:
                res = pipeline.fetch_all(store, [name], Client())
            assert not res.fetch_errors, res.fetch_errors
            single[name] = t["s"]
        store = RawStore(Path(tempfile.mkdtemp(prefix="og-all-")) / "raw")
        with timer() as t:
            res = pipeline.fetch_all(store, PHASE_ONE, Client())
        assert not res.fetch_errors, res.fetch_errors
        together = t["s"]
        # On loopback every upstream host is one netloc, so the client's 4-per-host limit caps all
        # sources together at 4 requests in flight; against the real sites each host has its own 4.
        store = RawStore(Path(tempfile.mkdtemp(prefix="og-hosts-")) / "raw")
        with timer() as t:
            pipeline.fetch_all(store, PHASE_ONE, Client(per_host=4 * len(PHASE_ONE)))
        together_hosts = t["s"]
        # On loopback every upstream host is one netloc, so the client's 4-per-host limit caps all
        # sources together at 4 requests in flight; with real hosts each has its own 4.
        store = RawStore(Path(tempfile.mkdtemp(prefix="og-all-")) / "raw")
        with timer() as t:
            pipeline.fetch_all(store, PHASE_ONE, Client(per_host=4 * len(PHASE_ONE)))
        together_hosts = t["s"]
        slowest = max(single, key=single.get)

        # Unchanged refresh: cold (fetch + build), then again with nothing new
        data = Path(tempfile.mkdtemp(prefix="og-refresh-"))
        store = RawStore(data / "raw")
        with timer() as t:
            cold = pipeline.refresh(store, data / "opengap.duckdb", sources=PHASE_ONE)
        cold_s = t["s"]
        up.log.clear()
        up.requests.clear()
        up.requests.clear()
        store = RawStore(data / "raw")
        with timer() as t:
            warm = pipeline.refresh(store, data / "opengap.duckdb", sources=PHASE_ONE)
        warm_s = t["s"]

    print(f"latency per request: {LATENCY * 1000:.0f} ms")
    print("single-source fetch: " + ", ".join(f"{k} {v:.2f}s" for k, v in sorted(single.items())))
    print(
        f"all sources together: {together:.2f} s; slowest alone: {slowest} {single[slowest]:.2f} s; "
        f"sum of all: {sum(single.values()):.2f} s"
    )
    listing = ("/api.github.com/", "/hf/api/")
    data_bytes = sum(n for p, st, n in up.log if st == 200 and not p.startswith(listing))
    listing_bytes = sum(n for p, st, n in up.log if st == 200 and p.startswith(listing))
    print(f"all sources together, one 4-request limit per upstream host: {together_hosts:.2f} s")
    print(
        f"cold refresh: {cold_s:.2f} s, {cold.bytes_downloaded:,} bytes; "
        f"unchanged refresh: {warm_s:.2f} s, {warm.bytes_downloaded:,} bytes, "
        f"{len(up.log)} requests ({sum(1 for _, st, _ in up.log if st == 304)} answered 304): "
        f"data files {data_bytes:,} bytes, listings (GitHub/Hub API) {listing_bytes:,} bytes"
    )
    r = together / single[slowest]
    print(ratio_line("parallel_fetch_vs_slowest_source", r, "≤1.5×", r <= 1.5))
    r = together_hosts / single[slowest]
    print(
        ratio_line(
            "parallel_fetch_per_host_limit", r, "≤1.5×", r <= 1.5, "one limit per upstream host"
        )
    )
    print(ratio_line("unchanged_data_file_bytes", float(data_bytes), "0 bytes", data_bytes == 0))
    print(
        ratio_line(
            "unchanged_bytes_incl_listings",
            float(warm.bytes_downloaded),
            "0 bytes",
            warm.bytes_downloaded == 0,
            "listings are requested without If-None-Match",
        )
    )
    r = warm_s / cold_s
    print(ratio_line("unchanged_vs_cold_refresh", r, "≤0.10×", r <= 0.10))


if __name__ == "__main__":
    main()
