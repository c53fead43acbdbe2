"""Failures of the environment are one line and exit 1, never a traceback (issue 14, item 9):
a damaged warehouse file, a full disk, a file name the file system refuses, a Hub that cannot be
reached while publishing."""

from __future__ import annotations

import errno
import socket
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from cli import app

HF_SECRET = "hf_PUBLISHxSECRETxPUBLISHx0123456789"
ROOT = Path(__file__).resolve().parent.parent


def _one_line_error(r, *needles: str) -> None:
    assert r.exit_code == 1, r.output
    assert r.exception is None or isinstance(r.exception, SystemExit), repr(r.exception)
    assert "Traceback" not in r.output
    lines = [line for line in r.output.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("Error: ")]
    assert len(errors) == 1, r.output
    for needle in needles:
        assert needle in errors[0], errors[0]


# -- a damaged warehouse -----------------------------------------------------------------------
@pytest.fixture(scope="module")
def good_warehouse(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("w") / "good.duckdb"
    con = duckdb.connect(str(path))
    con.execute("create table t as select range as a, 'model-' || range as b from range(200000)")
    con.close()
    return path


def _damaged(good: Path, tmp_path: Path, offset: int) -> Path:
    bad = tmp_path / "bad.duckdb"
    data = bytearray(good.read_bytes())
    data[offset : offset + 8] = b"\xde\xad\xbe\xef\x01\x02\x03\x04"
    bad.write_bytes(bytes(data))
    return bad


@pytest.mark.parametrize("where", ["header", "magic", "first block", "data block"])
def test_a_warehouse_with_8_bytes_overwritten_is_one_line(good_warehouse, tmp_path, where):
    size = good_warehouse.stat().st_size
    offset = {"header": 0, "magic": 8, "first block": 4096, "data block": size // 2}[where]
    bad = _damaged(good_warehouse, tmp_path, offset)
    for args in (["sql", "select count(*), sum(a), max(b) from t"], ["sources"], ["report"]):
        r = CliRunner().invoke(app, [*args, "--db", str(bad)])
        if r.exit_code == 0 and args[0] != "sql":  # it read nothing from the damaged block
            continue
        if args[0] == "sql":  # the only command this toy warehouse has all the tables for
            _one_line_error(r, "the warehouse file is damaged", "refresh --offline --rebuild")
        else:
            _one_line_error(r)


def test_a_damaged_warehouse_names_the_way_out(good_warehouse, tmp_path):
    bad = _damaged(good_warehouse, tmp_path, 4096)
    r = CliRunner().invoke(app, ["sql", "select count(*) from t", "--db", str(bad)])
    _one_line_error(r, str(bad), "Corrupt database file")


# -- the disk is full --------------------------------------------------------------------------
def test_a_full_disk_is_one_line(monkeypatch, tmp_path):
    from analysis import export

    def no_space(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "snap" / "x.csv"))

    monkeypatch.setattr(export, "export", no_space)
    r = CliRunner().invoke(app, ["export", "--out", str(tmp_path / "snap")])
    _one_line_error(r, "no space left on the device", "x.csv")


def test_duckdb_out_of_disk_is_one_line(monkeypatch, tmp_path):
    from analysis import export

    def no_space(*args, **kwargs):
        raise duckdb.IOException(
            'IO Error: Could not write file "/x/tmp.duckdb.wal": No space left on device'
        )

    monkeypatch.setattr(export, "export", no_space)
    r = CliRunner().invoke(app, ["export", "--out", str(tmp_path / "snap")])
    _one_line_error(r, "no space left")


# -- names the file system refuses ---------------------------------------------------------------
LONG = "n" * 300


@pytest.mark.parametrize(
    "args",
    [
        ["load", "{tmp}/" + LONG],
        ["export", "--out", "{tmp}/" + LONG],
        ["sql", "select 1", "--db", "{tmp}/" + LONG + ".duckdb"],
        ["ingest", "lmarena_leaderboard_csv", "{tmp}/" + LONG + ".csv"],
    ],
)
def test_an_over_long_file_name_is_one_line(tmp_path, monkeypatch, args):
    monkeypatch.setenv("OPENGAP_DATA", str(tmp_path / "data"))
    args = [a.format(tmp=tmp_path) for a in args]
    r = CliRunner().invoke(app, args)
    _one_line_error(r)
    assert len(r.output) < 600  # the name is shortened, not printed whole


# -- publishing without a reachable Hub ------------------------------------------------------------
@pytest.fixture
def snapshot() -> Path:
    """The snapshot committed with the repository (publish only reads it)."""
    from analysis import export

    snap = export.newest_snapshot(ROOT / "data" / "snapshots")
    if snap is None:
        pytest.skip("no committed snapshot under data/snapshots")
    return snap


def _closed_port() -> int:
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def test_publish_to_an_unreachable_hub_is_one_line(snapshot, monkeypatch):
    monkeypatch.setenv("HF_TOKEN", HF_SECRET)
    monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{_closed_port()}")
    monkeypatch.setenv("HF_HUB_ETAG_TIMEOUT", "2")
    r = CliRunner().invoke(app, ["publish", "--repo", "me/opengap", "--snapshot", str(snapshot)])
    _one_line_error(r, "could not be reached", "me/opengap")
    assert HF_SECRET not in r.output


def test_publish_to_a_hub_that_hangs_up_is_one_line(snapshot, monkeypatch):
    """A server that accepts the connection and closes it without answering."""
    import threading

    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    stop = threading.Event()

    def serve():
        srv.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = srv.accept()
            except OSError:
                continue
            conn.recv(65536)
            conn.close()

    threading.Thread(target=serve, daemon=True).start()
    try:
        monkeypatch.setenv("HF_TOKEN", HF_SECRET)
        monkeypatch.setenv("HF_ENDPOINT", f"http://127.0.0.1:{srv.getsockname()[1]}")
        r = CliRunner().invoke(
            app, ["publish", "--repo", "me/opengap", "--snapshot", str(snapshot)]
        )
    finally:
        stop.set()
        srv.close()
    _one_line_error(r, "me/opengap")
    assert HF_SECRET not in r.output
