"""The analysis stage of a rebuild against a minimal numpy implementation of the same estimators on
the same observations (bench/minimal_lag.py). Target: at most 3x.

The stage (analysis.build.build on a copy of a warehouse built from every capture: the analysis
SQL, every lag.run of the default, year-earlier, index and sensitivity runs, pooling, the published
comparisons, the writes) is timed once with each lag.run call's observations, as-of date and
resample count recorded; the minimal implementation then runs on exactly those inputs, with the
same resample counts. Also printed: the share of the stage inside lag.run, and a profile.

    python bench/bench_analysis.py [--db PATH] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import io
import pstats
import shutil
import tempfile
import time
from pathlib import Path

import duckdb
import minimal_lag
from _common import capture_warehouse, ratio_line

from analysis import build, lag

TARGET = 3.0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--profile", action="store_true", help="print the stage's top functions")
    args = parser.parse_args()
    src = args.db or capture_warehouse()
    work = Path(tempfile.mkdtemp(prefix="opengap-bench-analysis-"))
    db = work / "w.duckdb"
    shutil.copyfile(src, db)

    # Process: the stage, recording each lag.run's inputs and time
    calls: list[tuple] = []
    original = lag.run

    def recording(obs, **kw):
        t0 = time.perf_counter()
        out = original(obs, **kw)
        calls.append((obs, kw["as_of"], kw.get("n_resamples", 1000), time.perf_counter() - t0))
        return out

    lag.run = recording
    con = duckdb.connect(str(db))
    prof = cProfile.Profile() if args.profile else None
    t0 = time.perf_counter()
    if prof:
        prof.enable()
    build.build(con)
    if prof:
        prof.disable()
    stage = time.perf_counter() - t0
    con.close()
    lag.run = original

    # Process: the minimal implementation on the same inputs
    t0 = time.perf_counter()
    for obs, as_of, n, _ in calls:
        minimal_lag.run(obs, as_of, n)
    minimal = time.perf_counter() - t0

    # Save outputs
    in_lag = sum(c[3] for c in calls)
    rows = sum(c[0].height for c in calls)
    print(f"warehouse: {src}")
    print(
        f"analysis stage: {stage:.2f} s, of which {len(calls)} lag.run calls {in_lag:.2f} s "
        f"({rows:,} observation rows in all; resamples {sorted({c[2] for c in calls})})"
    )
    print(f"minimal numpy implementation, same inputs and resamples: {minimal:.2f} s")
    print(f"lag.run alone vs minimal: {in_lag / minimal:.2f}x")
    if prof:
        buf = io.StringIO()
        pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(25)
        print(buf.getvalue())
    r = stage / minimal
    print(ratio_line("analysis_stage_vs_minimal_numpy", r, f"≤{TARGET:g}×", r <= TARGET))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
