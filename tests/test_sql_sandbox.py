"""`opengap sql` reaches the warehouse and nothing else (issue 14, item 1).

Each test is one escape an attacker with a crafted query would try: write a file (COPY TO, EXPORT
DATABASE), read one (read_csv, read_text, read_blob, glob), attach another database, install or
load an extension, reach the network, undo the locks with SET/RESET, run forever, or take all
memory. Each must fail with one line, exit 1, and leave no trace outside the warehouse.
"""

from __future__ import annotations

import time
from pathlib import Path

import duckdb
import pytest
from pytest_httpserver import HTTPServer
from typer.testing import CliRunner

from cli import app

SECRET = "TOPSECRET_not_in_the_warehouse_0123456789"


@pytest.fixture
def warehouse(tmp_path: Path) -> Path:
    path = tmp_path / "w.duckdb"
    con = duckdb.connect(str(path))
    con.execute("create schema analysis")
    con.execute("create table analysis.models as select 'gpt-4o' as model_id, 1287 as rating")
    con.close()
    return path


@pytest.fixture
def secret_file(tmp_path: Path) -> Path:
    path = tmp_path / "secret.csv"
    path.write_text(f"token\n{SECRET}\n")
    return path


def _sql(db: Path, query: str, *extra: str):
    return CliRunner().invoke(app, ["sql", query, "--db", str(db), "--csv", *extra])


def test_the_warehouse_itself_is_readable(warehouse):
    r = _sql(warehouse, "select model_id, rating from analysis.models")
    assert r.exit_code == 0, r.output
    assert r.output.splitlines() == ["model_id,rating", "gpt-4o,1287"]


@pytest.mark.parametrize(
    "query",
    [
        "select * from read_csv('{secret}')",
        "select * from read_csv_auto('{secret}')",
        "select * from read_text('{secret}')",
        "select * from read_blob('{secret}')",
        "select * from '{secret}'",
        "select * from sniff_csv('{secret}')",
        "select * from glob('{dir}/*')",
        "select * from read_json_auto('{secret}')",
        "select * from read_blob('/proc/self/environ')",
    ],
)
def test_no_file_outside_the_warehouse_is_read(warehouse, secret_file, query):
    r = _sql(warehouse, query.format(secret=secret_file, dir=secret_file.parent))
    assert r.exit_code == 1, r.output
    assert SECRET not in r.output and "secret.csv" not in r.output.split("Error:")[0]
    assert "opengap sql reads the warehouse and nothing else" in r.output
    assert "Traceback" not in r.output


@pytest.mark.parametrize(
    "query",
    [
        "copy analysis.models to '{out}/stolen.csv'",
        "copy (select 1) to '{out}/evil.pth'",
        "export database '{out}/dump'",
        "attach '{out}/other.duckdb' as other",
    ],
)
def test_nothing_is_written_outside_the_warehouse(warehouse, tmp_path, query):
    out = tmp_path / "out"
    out.mkdir()
    r = _sql(warehouse, query.format(out=out))
    assert r.exit_code == 1, r.output
    assert list(out.iterdir()) == []
    assert "Traceback" not in r.output


def test_the_warehouse_itself_is_not_written(warehouse):
    r = _sql(warehouse, "create table analysis.evil as select 1")
    assert r.exit_code == 1
    assert "read-only" in r.output


@pytest.mark.parametrize(
    "query",
    [
        "install httpfs",
        "load httpfs",
        "set enable_external_access = true",
        "reset enable_external_access",
        "set memory_limit = '64GB'",
        "set allowed_directories = ['/']",
        "set autoinstall_known_extensions = true",
    ],
)
def test_no_extension_and_no_lock_undone(warehouse, query):
    r = _sql(warehouse, query)
    assert r.exit_code == 1, r.output
    assert "Traceback" not in r.output


def test_no_network(warehouse, httpserver: HTTPServer):
    httpserver.expect_request("/x.csv").respond_with_data("a\n1\n")
    r = _sql(warehouse, f"select * from read_csv('{httpserver.url_for('/x.csv')}')")
    assert r.exit_code == 1, r.output
    assert httpserver.log == []  # no request reached the server


def test_a_runaway_query_is_stopped_at_the_timeout(warehouse, monkeypatch):
    monkeypatch.setenv("OPENGAP_SQL_TIMEOUT", "1")
    start = time.monotonic()
    r = _sql(
        warehouse,
        "with recursive r(n) as (select 1 union all select n + 1 from r) select count(*) from r",
    )
    assert time.monotonic() - start < 20
    assert r.exit_code == 1, r.output
    assert "ran longer than 1 s" in r.output and "OPENGAP_SQL_TIMEOUT" in r.output


def test_memory_is_capped(warehouse, monkeypatch):
    monkeypatch.setenv("OPENGAP_SQL_MEMORY", "40MB")
    r = _sql(warehouse, "select count(distinct range::varchar || 'x') from range(20000000)")
    assert r.exit_code == 1, r.output
    assert "OPENGAP_SQL_MEMORY" in r.output


def test_rows_brought_into_memory_are_capped(warehouse, monkeypatch):
    monkeypatch.setenv("OPENGAP_SQL_MAX_ROWS", "1000")
    r = _sql(warehouse, "select * from range(5000)")
    assert r.exit_code == 1, r.output
    assert "more than 1,000 rows" in r.output
    assert _sql(warehouse, "select * from range(1000)").exit_code == 0


def test_bad_limits_are_one_line_errors(warehouse, monkeypatch):
    monkeypatch.setenv("OPENGAP_SQL_TIMEOUT", "soon")
    r = _sql(warehouse, "select 1")
    assert r.exit_code == 1
    assert "OPENGAP_SQL_TIMEOUT" in r.output and "Traceback" not in r.output


def test_a_bad_memory_cap_names_the_setting(warehouse, monkeypatch):
    monkeypatch.setenv("OPENGAP_SQL_MEMORY", "lots")
    r = _sql(warehouse, "select 1")
    assert r.exit_code == 1
    assert "OPENGAP_SQL_MEMORY 'lots'" in r.output and "Traceback" not in r.output
