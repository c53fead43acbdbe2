"""The analysis stage at 1x, 10x and 100x today's scores: time should grow at most linearly and
peak memory stay under 4 GB.

Synthetic copies: analysis.lag_observations of a warehouse built from every capture, repeated k
times with model ids suffixed '~i' (copy i of every model: same scores, same dates, same side), so
every benchmark has k times the models and k times the scores; core.model_release_dates_by_rule is
copied the same way (else the copies, having no date under the weights/announce/first_leaderboard
rules, would drop out of those three sensitivity runs, which would then run on 1x). Then the lag
part of the analysis stage (analysis.build.build_lag: every lag.run, pooling, headline, indices,
sensitivity, published comparisons; the last read the std layer, which is not copied, so they
stay at 1x) in a child process. Each child is watched: killed when its
resident memory passes --max-gb or its time passes --max-s (then the next size is not tried), so
the whole benchmark stays within about 10 minutes. Run with the bootstrap (1,000 resamples, as a
rebuild does) and without (OPENGAP_BOOTSTRAP=0).

    python bench/bench_scale.py [--db PATH] [--sizes 1 10 100] [--max-gb 8] [--max-s 300]
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import capture_warehouse, ratio_line

MEM_TARGET_GB = 4.0


def child(db: Path, k: int) -> None:
    import duckdb

    from analysis import build

    con = duckdb.connect(str(db))
    if k > 1:
        con.execute(
            """create or replace table analysis.lag_observations as
               select o.* replace (case when t.i = 0 then o.model_id
                                        else o.model_id || '~' || t.i end as model_id)
               from analysis.lag_observations o, range(?) t(i)""",
            [k],
        )
        con.execute(
            """create or replace table core.model_release_dates_by_rule as
               select r.* replace (case when t.i = 0 then r.model_id
                                        else r.model_id || '~' || t.i end as model_id)
               from core.model_release_dates_by_rule r, range(?) t(i)""",
            [k],
        )
    n = con.execute("select count(*) from analysis.lag_observations").fetchall()[0][0]
    t0 = time.perf_counter()
    build.build_lag(con)
    print(f"{n} {time.perf_counter() - t0:.3f}", flush=True)


def _rss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def watched(db: Path, k: int, bootstrap: int, max_gb: float, max_s: float) -> dict:
    env = dict(os.environ, OPENGAP_BOOTSTRAP=str(bootstrap))
    proc = subprocess.Popen(
        [sys.executable, __file__, "--child", str(k), "--db", str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    t0, peak_kb, killed = time.perf_counter(), 0, None
    while proc.poll() is None:
        peak_kb = max(peak_kb, _rss_kb(proc.pid))
        if peak_kb > max_gb * 1024**2:
            killed = f"killed at {peak_kb / 1024**2:.1f} GB resident"
        elif time.perf_counter() - t0 > max_s:
            killed = f"killed after {max_s:.0f} s"
        if killed:
            proc.kill()
            break
        time.sleep(0.05)
    out, err = proc.communicate()
    wall = time.perf_counter() - t0
    # the kernel's own peak for the finished child (ru_maxrss, KB), where it exited by itself
    res = {"k": k, "wall": wall, "peak_gb": peak_kb / 1024**2, "killed": killed}
    if not killed and proc.returncode == 0 and out.strip():
        rows, secs = out.split()[-2:]
        res.update(rows=int(rows), secs=float(secs))
    elif not killed:
        lines = [ln.strip() for ln in err.splitlines() if ln.strip() and ln.strip()[0] not in "^~"]
        res["killed"] = f"failed (exit {proc.returncode}): {' | '.join(lines[-2:])[:300]}"
    return res


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1, 10, 100])
    parser.add_argument("--max-gb", type=float, default=8.0)
    parser.add_argument("--max-s", type=float, default=300.0)
    parser.add_argument("--child", type=int, default=None)
    args = parser.parse_args()
    if args.child is not None:
        child(args.db, args.child)
        return
    src = args.db or capture_warehouse()
    work = Path(tempfile.mkdtemp(prefix="opengap-bench-scale-"))
    print(f"warehouse: {src}; child killed past {args.max_gb:g} GB resident or {args.max_s:g} s")
    for bootstrap in (0, 1000):
        results = []
        for k in args.sizes:
            db = work / f"w{k}.duckdb"
            db.with_name(db.name + ".wal").unlink(missing_ok=True)
            shutil.copyfile(src, db)
            r = watched(db, k, bootstrap, args.max_gb, args.max_s)
            for leftover in (db, db.with_name(db.name + ".wal")):  # a killed child leaves its WAL
                leftover.unlink(missing_ok=True)
            results.append(r)
            what = (
                f"{r['rows']:,} observations, build_lag {r['secs']:.1f} s"
                if "secs" in r
                else r["killed"]
            )
            print(
                f"  bootstrap {bootstrap:>4}, {k:>3}x: {what}; peak resident "
                f"{r['peak_gb']:.2f} GB (sampled every 50 ms)",
                flush=True,
            )
            if r["killed"]:
                break
        base = results[0]
        label = f"bootstrap {bootstrap}" if bootstrap else "no bootstrap"
        for r in results[1:]:
            if "secs" in r and "secs" in base:
                growth = (r["secs"] / base["secs"]) / r["k"]
                print(
                    ratio_line(
                        f"scale_time_{r['k']}x_over_linear ({label})",
                        growth,
                        "≤1×",
                        growth <= 1.0,
                        f"{r['secs']:.1f} s against {r['k']}× {base['secs']:.1f} s",
                    )
                )
            else:
                print(
                    f"RESULT scale_time_{r['k']}x_over_linear ({label}): n/a (target ≤1×) "
                    f"MISSED — {r['killed']}"
                )
        worst = max(r["peak_gb"] for r in results)
        biggest = max(r["k"] for r in results)
        ok = worst < MEM_TARGET_GB and all(not r["killed"] for r in results)
        killed = [r for r in results if r["killed"]]
        note = f"peak {worst:.2f} GB up to {biggest}×" + (
            f"; {killed[0]['k']}× {killed[0]['killed']}" if killed else ""
        )
        print(
            f"RESULT scale_peak_memory ({label}): {worst:.2f} GB (target <{MEM_TARGET_GB:g} GB) "
            f"{'ok' if ok else 'MISSED'} — {note}"
        )
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
