"""`opengap models coverage` on a hand-built warehouse whose shares are known by construction."""

from __future__ import annotations

import csv
import io

import duckdb
import pytest
from typer.testing import CliRunner

from cli import app

runner = CliRunner()


@pytest.fixture
def warehouse(tmp_path):
    path = tmp_path / "w.duckdb"
    con = duckdb.connect(str(path))
    con.execute("create schema std; create schema core; create schema analysis")
    con.execute(
        "create table core.models (model_id varchar, access_class varchar, release_date_kind varchar)"
    )
    con.execute(
        "insert into core.models values "
        "('a', 'api', 'api'), ('b', 'open', 'first_leaderboard'), ('c', 'unknown', 'weights'), "
        "('d', 'open', 'checkpoint')"
    )
    con.execute(
        "create table core.model_aliases (source varchar, source_model_name varchar, "
        "model_key varchar, model_id varchar)"
    )
    con.execute(
        "insert into core.model_aliases values "
        "('s1', 'A', null, 'a'), ('s1', 'B', 'kb', 'b'), ('s1', 'X', null, null), "
        "('s2', 'C', null, 'c'), ('s2', 'D', null, 'd')"
    )
    con.execute(
        "create table std.scores (source varchar, source_model_name varchar, model_key varchar, "
        "benchmark_id varchar, score double)"
    )
    # s1: A, B (keyed), X (unresolved), and B under another key (no alias: unresolved)
    con.execute(
        "insert into std.scores values "
        "('s1', 'A', null, 'bench1', 90), ('s1', 'B', 'kb', 'bench1', 80), "
        "('s1', 'X', null, 'bench1', 99), ('s1', 'B', 'other', 'bench1', 70), "
        "('s2', 'C', null, 'bench2', 10), ('s2', 'D', null, 'bench2', 20)"
    )
    con.execute(
        "create table core.scores as select a.model_id, s.benchmark_id, s.source, s.score "
        "from std.scores s join core.model_aliases a using (source, source_model_name) "
        "where a.model_id is not null"
    )
    con.execute("create table core.benchmarks (benchmark_id varchar, higher_is_better boolean)")
    con.execute("insert into core.benchmarks values ('bench1', true), ('bench2', false)")
    con.execute("create table analysis.headline_benchmarks (benchmark_id varchar)")
    con.execute("insert into analysis.headline_benchmarks values ('bench2')")
    con.close()
    return path


def _rows(output: str) -> dict[tuple[str, str], dict[str, str]]:
    return {(r["scope"], r["source"]): r for r in csv.DictReader(io.StringIO(output))}


def test_coverage_shares_per_source_and_for_the_frontier(warehouse, monkeypatch):
    monkeypatch.setattr("warehouse.registry_cli.FRONTIER_TOP", 1)
    r = runner.invoke(app, ["models", "coverage", "--csv", "--db", str(warehouse)])
    assert r.exit_code == 0, r.output
    rows = _rows(r.stdout)
    s1 = rows[("source", "s1")]
    # 4 scores: A and B resolve (the second key of B does not); A has access and a sourced date,
    # B has access but only an imputed first-leaderboard date
    assert (s1["scores"], s1["resolved_pct"]) == ("4", "50.0")
    assert (s1["known_access_pct"], s1["sourced_date_pct"]) == ("50.0", "25.0")
    s2 = rows[("source", "s2")]
    # c: unknown access, weights date (sourced); d: open, date from its dated id (sourced)
    assert (s2["scores"], s2["resolved_pct"], s2["known_access_pct"], s2["sourced_date_pct"]) == (
        "2",
        "100.0",
        "50.0",
        "100.0",
    )
    # top 1: bench1's best resolved model is a (X is unresolved); bench2 is lower-is-better: c
    every = rows[("frontier: top 1 of every benchmark", "all")]
    assert (every["scores"], every["known_access_pct"], every["sourced_date_pct"]) == (
        "2",
        "50.0",
        "100.0",
    )
    headline = rows[("frontier: top 1 of headline benchmarks", "all")]
    assert (headline["scores"], headline["known_access_pct"]) == ("1", "0.0")


def test_coverage_missing_lists_frontier_models_without_access_or_sourced_date(
    warehouse, monkeypatch
):
    monkeypatch.setattr("warehouse.registry_cli.FRONTIER_TOP", 2)
    r = runner.invoke(app, ["models", "coverage", "--missing", "--csv", "--db", str(warehouse)])
    assert r.exit_code == 0, r.output
    missing = {row["model_id"]: row for row in csv.DictReader(io.StringIO(r.stdout))}
    # top 2: bench1 → a, b; bench2 → c, d. b has an imputed date, c unknown access
    assert set(missing) == {"b", "c"}
    assert missing["c"]["headline_benchmarks"] == "1"
    assert missing["b"]["release_date_kind"] == "first_leaderboard"


def test_coverage_falls_back_to_core_scores_without_std_rows(warehouse, monkeypatch):
    con = duckdb.connect(str(warehouse))
    con.execute("delete from std.scores")
    con.close()
    r = runner.invoke(app, ["models", "coverage", "--csv", "--db", str(warehouse)])
    assert r.exit_code == 0, r.output
    s1 = _rows(r.stdout)[("source", "s1")]
    assert (s1["scores"], s1["resolved_pct"]) == ("3", "100.0")  # core.scores as built here
