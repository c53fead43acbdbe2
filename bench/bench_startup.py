"""Start-up: `opengap --help` against a bare `python -c "import typer"` (median of N runs each).

python bench/bench_startup.py
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import time

from _common import ROOT, ratio_line

N = 7


def median_run(cmd: list[str]) -> float:
    times = []
    for _ in range(N):
        t = time.perf_counter()
        subprocess.run(cmd, cwd=ROOT, check=True, capture_output=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    exe = shutil.which("opengap")
    cli = [exe, "--help"] if exe else [sys.executable, "-m", "cli", "--help"]
    bare = median_run([sys.executable, "-c", "import typer"])
    ours = median_run(cli)
    print(
        f"`{' '.join(cli[-2:] if not exe else ['opengap', '--help'])}`: {ours * 1000:.0f} ms; "
        f"`python -c 'import typer'`: {bare * 1000:.0f} ms"
    )
    r = ours / bare
    print(ratio_line("startup_vs_import_typer", r, "≤2×", r <= 2.0))


if __name__ == "__main__":
    main()
