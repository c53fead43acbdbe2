"""Run every benchmark, print their output, and write the ratios to bench/RESULTS.md.

python bench/run_all.py
"""

from __future__ import annotations

import datetime as dt
import platform
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHES = [
    "bench_startup.py",
    "bench_rebuild.py",
    "bench_refresh.py",
    "bench_report.py",
    "bench_analysis.py",
    "bench_scale.py",
    "bench_lag.py",
]


def main() -> int:
    sections, failed = [], 0
    for name in BENCHES:
        path = HERE / name
        if not path.exists():
            continue
        print(f"== {name}", flush=True)
        p = subprocess.run([sys.executable, str(path)], cwd=HERE, capture_output=True, text=True)
        print(p.stdout, end="")
        if p.returncode:
            failed += 1
            print(p.stderr, file=sys.stderr)
        sections.append((name, p.stdout.strip() or p.stderr.strip().splitlines()[-1:]))
    lines = [
        "# Benchmark results",
        "",
        f"Latest run: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, Python {platform.python_version()}, "
        f"{platform.machine()}, `python bench/run_all.py`. Each ratio is measured within one run.",
        "",
        "| benchmark | ratio | target | |",
        "| --- | --- | --- | --- |",
    ]
    for _, out in sections:
        for line in out if isinstance(out, list) else out.splitlines():
            if line.startswith("RESULT "):
                name, rest = line[7:].split(": ", 1)
                value, rest = rest.split(" (target ", 1)
                target, rest = rest.split(") ", 1)
                lines.append(f"| {name} | {value} | {target} | {rest} |")
    lines += ["", "## Output", ""]
    for name, out in sections:
        body = out if isinstance(out, str) else "\n".join(out)
        lines += [f"### {name}", "", "```", body, "```", ""]
    notes = HERE / "NOTES.md"
    if notes.exists():
        lines += [notes.read_text(encoding="utf-8")]
    (HERE / "RESULTS.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
