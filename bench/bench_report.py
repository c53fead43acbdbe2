"""A warm `opengap report` against `opengap sql "select 1"`, both timed as whole commands.

Warm: the warehouse is unchanged since the last report, so the report reads its tables and the
stored charts (reports/.chart-cache, keyed by a hash of each chart's input data) and draws nothing.
Target: at most 3x the bare command. The warehouse is the committed snapshot loaded as a fresh clone
would (or --db). Timed with farm-bench where installed (A and B in turn, ratio pair by pair,
median), else the same pairing here. A cold report (empty chart cache) is shown for scale.

    python bench/bench_report.py [--db PATH] [--runs 7]
"""

from __future__ import annotations

import argparse
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _common import ROOT, ratio_line

OPENGAP = str(Path(sys.executable).with_name("opengap"))
TARGET = 3.0


def _run(cmd: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True)
    return time.perf_counter() - t


def _paired(a: list[str], b: list[str], runs: int) -> tuple[float, float, float, str]:
    farm = shutil.which("farm-bench")
    if farm:
        p = subprocess.run(
            [
                farm,
                "-n",
                str(runs),
                "--warmup",
                "1",
                "--timeout",
                "600",
                "--vs",
                shlex.join(b),
                "--",
                *a,
            ],
            capture_output=True,
            text=True,
        )
        med = {}
        for line in p.stdout.splitlines():
            m = re.match(r"(A wall s|B wall s|A/B wall)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", line)
            if m:
                med[m.group(1)] = float(m.group(3))
        if len(med) == 3:
            return med["A wall s"], med["B wall s"], med["A/B wall"], "farm-bench, median"
        print(p.stdout + p.stderr, file=sys.stderr)
    _run(a), _run(b)
    pairs = [(_run(a), _run(b)) for _ in range(runs)]
    ratio = statistics.median(x / y for x, y in pairs)
    return (
        statistics.median(x for x, _ in pairs),
        statistics.median(y for _, y in pairs),
        ratio,
        "paired here, median",
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="opengap-bench-report-"))
    db = args.db
    if db is None:
        snapshots = ROOT / "data" / "snapshots"
        latest = (snapshots / "latest").read_text().strip()
        db = work / "opengap.duckdb"
        subprocess.run(
            [OPENGAP, "load", str(snapshots / latest), "--db", str(db), "--quiet"], check=True
        )
    out = work / "reports"
    report = [OPENGAP, "report", "--db", str(db), "--out", str(out), "--quiet"]
    select1 = [OPENGAP, "sql", "--db", str(db), "select 1"]

    cold = []
    for _ in range(2):
        shutil.rmtree(out / ".chart-cache", ignore_errors=True)
        cold.append(_run(report))
    warm, bare, ratio, how = _paired(report, select1, args.runs)
    n_charts = len(list((out / ".chart-cache").glob("*.svg")))
    print(f"warehouse: {db}")
    print(f"cold report (no stored charts, {n_charts} charts drawn): best of 2 {min(cold):.2f} s")
    print(f"warm report: {warm:.3f} s; opengap sql 'select 1': {bare:.3f} s ({how})")
    print(ratio_line("warm_report_vs_sql_select_1", ratio, f"≤{TARGET:g}×", ratio <= TARGET))
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
