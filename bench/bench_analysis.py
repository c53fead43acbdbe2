"""The analysis stage of a rebuild against a minimal numpy implementation of the same estimators on
the same observations (bench/minimal_lag.py). Target: at most 3x.

The stage (analysis.build.build on a copy of a warehouse built from every capture: the analysis
SQL, every lag.run of the default, year-earlier, index and sensitivity runs, pooling, the published
comparisons, the writes) is timed once with each lag.run call's observations, as-of date and
resample count recorded; the minimal implementation then runs on exactly those inputs, with the
same resample counts, alternately, best of 2 rounds each. Also printed: the share of the stage inside lag.run, and a profile.

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
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    src = args.db or capture_warehouse()
    work = Path(tempfile.mkdtemp(prefix="opengap-bench-analysis-"))
    db = work / "w.duckdb"

    # Process: the stage (recording each lag.run's inputs and time) and the minimal implementation
    # on those inputs, alternately, best of --rounds each: on a shared machine the load moves
    # between two back-to-back measurements, and alternating exposes both to the same drift.
    original = lag.run
    stage = minimal = float("inf")
    profile_text = ""
    for round_ in range(args.rounds):
        calls: list[tuple] = []

        def recording(obs, calls=calls, **kw):
            t0 = time.perf_counter()
            out = original(obs, **kw)
            calls.append((obs, kw["as_of"], kw.get("n_resamples", 1000), time.perf_counter() - t0))
            return out

        shutil.copyfile(src, db)
        lag.run = recording
        con = duckdb.connect(str(db))
        prof = cProfile.Profile() if args.profile and round_ == 0 else None
        t0 = time.perf_counter()
        if prof:
            prof.enable()
        build.build(con)
        if prof:
            prof.disable()
            buf = io.StringIO()
            pstats.Stats(prof, stream=buf).sort_stats("cumulative").print_stats(25)
            profile_text = buf.getvalue()
        took = time.perf_counter() - t0
        con.close()
        lag.run = original
        if took < stage:
            stage, in_lag = took, sum(c[3] for c in calls)
        t0 = time.perf_counter()
        for obs, as_of, n, _ in calls:
            minimal_lag.run(obs, as_of, n)
        minimal = min(minimal, time.perf_counter() - t0)
        print(f"  round {round_ + 1}: stage {took:.2f} s, minimal {time.perf_counter() - t0:.2f} s")

    # Save outputs
    rows = sum(c[0].height for c in calls)
    print(f"warehouse: {src}")
    print(
        f"analysis stage (best): {stage:.2f} s, of which {len(calls)} lag.run calls {in_lag:.2f} s "
        f"({rows:,} observation rows in all; resamples {sorted({c[2] for c in calls})})"
    )
    print(f"minimal numpy implementation, same inputs and resamples (best): {minimal:.2f} s")
    print(f"lag.run alone vs minimal: {in_lag / minimal:.2f}x")
    if profile_text:
        print(profile_text)
    r = stage / minimal
    print(ratio_line("analysis_stage_vs_minimal_numpy", r, f"≤{TARGET:g}×", r <= TARGET))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
