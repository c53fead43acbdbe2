"""Rebuild raw → core over the full capture set, against DuckDB alone reading the same raw files.

Both run in this process, warm (best of N). opengap's rebuild parses every raw file with the
source's pure parser, resolves names and loads staging/std/core (analysis excluded, reported
separately with its bootstrap). DuckDB alone runs read_csv_auto / read_json_auto over the raw
files it can read; zip, YAML and HTML files it cannot read are listed, not counted.

    python bench/bench_rebuild.py [--data DIR]   (DIR: a data dir already refreshed from captures)
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import duckdb
from _common import ROOT, ratio_line, served, timer  # noqa: F401

import pipeline
from warehouse import build as build_mod
from warehouse.rawstore import RawStore

REPEAT = 3


def capture_store(data: Path) -> RawStore:
    store = RawStore(data / "raw")
    if not store.records():
        with served():
            pipeline.refresh(store, data / "opengap.duckdb")
        store = RawStore(data / "raw")
    return store


def duckdb_alone(store: RawStore) -> tuple[float, int, int, dict[str, int]]:
    con = duckdb.connect()
    readable, skipped = [], {}
    for rec in store.records():
        path = store.root / rec.path
        ext = path.suffix.lower()
        if ext == ".csv":
            readable.append(f"select count(*) from read_csv_auto('{path}', ignore_errors=true)")
        elif ext == ".json":
            readable.append(
                f"select count(*) from read_json_auto('{path}', maximum_object_size=67108864)"
            )
        else:
            skipped[ext] = skipped.get(ext, 0) + 1
    best = float("inf")
    n_bytes = sum(
        (store.root / r.path).stat().st_size
        for r in store.records()
        if (store.root / r.path).suffix.lower() in (".csv", ".json")
    )
    for _ in range(REPEAT):
        with timer() as t:
            for q in readable:
                con.execute(q).fetchall()
        best = min(best, t["s"])
    return best, len(readable), n_bytes, skipped


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=None)
    args = parser.parse_args()
    data = args.data or Path(tempfile.mkdtemp(prefix="opengap-bench-"))
    store = capture_store(data)
    all_bytes = sum(r.bytes for r in store.records())

    # Process
    core = full = float("inf")
    for _ in range(REPEAT):
        store = RawStore(store.root)  # cold record index, as a refresh starts
        with timer() as t:
            build_mod.build(store, data / "bench-core.duckdb")
        core = min(core, t["s"])
    for _ in range(2):
        store = RawStore(store.root)
        with timer() as t:
            pipeline.build(store, data / "bench-full.duckdb")
        full = min(full, t["s"])
    alone, n_files, n_bytes, skipped = duckdb_alone(store)

    # Save outputs
    print(f"raw store: {len(store.records())} files, {all_bytes:,} bytes")
    print(f"opengap raw → core (parse, resolve, load; no analysis): {core:.2f} s")
    print(f"analysis stage (with bootstrap), full build minus core: {max(0.0, full - core):.2f} s")
    print(
        f"DuckDB alone, read_csv_auto/read_json_auto: {alone:.2f} s over {n_files} files "
        f"({n_bytes:,} bytes, {n_bytes / all_bytes:.0%} of the raw bytes); "
        f"not readable by DuckDB, not counted: {skipped}"
    )
    r = core / alone
    print(ratio_line("rebuild_vs_duckdb", r, "≤3×", r <= 3.0))


if __name__ == "__main__":
    main()
