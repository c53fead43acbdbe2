"""Files handed to `opengap ingest` (issue 14, items 6 and 8): a cap, no system files, no token
echoed to the terminal.

``scrapers._http.read_local_file`` is the reader ``pipeline.ingest`` is to call instead of
``path.read_bytes()``; the CLI tests at the end check what a person sees.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scrapers._http import read_local_file
from scrapers._types import FetchError

SECRET = "hf_INGESTxSECRETxINGESTx0123456789"
ROOT = Path(__file__).resolve().parent.parent


def test_a_normal_file_is_read_whole(tmp_path: Path):
    path = tmp_path / "board.csv"
    path.write_bytes(b"rank,model\n1,x\n")
    assert read_local_file(path) == b"rank,model\n1,x\n"


def test_a_sparse_file_over_the_cap_is_refused_before_reading(tmp_path: Path):
    path = tmp_path / "huge.csv"
    with open(path, "wb") as f:
        f.truncate(2 * 1024**3)  # 2 GB of nothing, no disk used
    start = time.monotonic()
    with pytest.raises(FetchError, match="exceeds the cap of 1,000 bytes"):
        read_local_file(path, max_bytes=1000)
    assert time.monotonic() - start < 1


def test_the_global_ceiling_lowers_a_source_cap(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("OPENGAP_HTTP_MAX_BYTES", "10")
    path = tmp_path / "board.csv"
    path.write_bytes(b"x" * 11)
    with pytest.raises(FetchError, match="cap of 10 bytes"):
        read_local_file(path, max_bytes=10_000)


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="no /proc on this system")
def test_proc_environ_is_refused_without_quoting_it(monkeypatch):
    monkeypatch.setenv("HF_TOKEN", SECRET)
    with pytest.raises(FetchError) as exc:
        read_local_file("/proc/self/environ")
    assert "system file" in str(exc.value) and SECRET not in str(exc.value)


def test_a_fifo_is_refused_without_blocking(tmp_path: Path):
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    with pytest.raises(FetchError, match="not a regular file"):
        read_local_file(fifo)


def test_a_directory_is_refused(tmp_path: Path):
    with pytest.raises(FetchError):
        read_local_file(tmp_path)


def _ingest_environ_in_a_child(tmp_path: Path) -> subprocess.CompletedProcess:
    """`opengap ingest … /proc/self/environ` in a process started with HF_TOKEN set: the file
    shows the environment a process started with, not what monkeypatch sets later."""
    # HF_TOKEN first: the parser's error quotes the file's first "columns"
    env = {"HF_TOKEN": SECRET, **{k: v for k, v in os.environ.items() if k != "HF_TOKEN"}}
    env["OPENGAP_DATA"] = str(tmp_path / "data")
    args = ["ingest", "lmarena_leaderboard_csv", "/proc/self/environ"]
    args += ["--snapshot-date", "2025-01-01", "--db", str(tmp_path / "w.duckdb")]
    return subprocess.run(
        [sys.executable, "-c", "import sys; from cli import app; app(sys.argv[1:])", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="no /proc on this system")
def test_ingesting_proc_environ_never_prints_a_token(tmp_path: Path):
    r = _ingest_environ_in_a_child(tmp_path)
    assert r.returncode == 1, r.stderr
    out = r.stdout + r.stderr
    assert "Error:" in out and "Traceback" not in out
    assert SECRET not in out and SECRET[3:20] not in out
    assert "HF_TOKEN=***" in out or "system file" in out  # echoed and masked, or refused
    assert "\x00" not in out


@pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="no /proc on this system")
def test_ingesting_proc_environ_stores_nothing(tmp_path: Path):
    _ingest_environ_in_a_child(tmp_path)
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert SECRET[3:20].encode() not in path.read_bytes(), path
