"""The command line: ingest with good and bad files, exit codes, read-only SQL, help on every command."""

from __future__ import annotations

import duckdb
import pytest
import typer
from typer.testing import CliRunner

from cli import app
from tests.helpers import FIXTURES, warehouse_checksums

runner = CliRunner()


def _checksums(db_path) -> dict[str, tuple[int, int]]:
    return warehouse_checksums(db_path, ("staging", "std", "core", "analysis"))


@pytest.fixture
def loaded(workdir):
    """A warehouse with the LMArena fixtures ingested."""
    files = sorted((FIXTURES / "lmarena_hf_space").glob("*.csv"))
    r = runner.invoke(app, ["ingest", "lmarena_hf_space", *map(str, files)])
    assert r.exit_code == 0, r.output
    r = runner.invoke(
        app,
        [
            "ingest",
            "lmarena_leaderboard_csv",
            str(FIXTURES / "lmarena_leaderboard_csv" / "lmsys.csv"),
            "--snapshot-date",
            "2024-07-07",
        ],
    )
    assert r.exit_code == 0, r.output
    return workdir / "data" / "opengap.duckdb"


def test_ingest_loads_through_the_parser_with_manual_provenance(loaded):
    con = duckdb.connect(str(loaded), read_only=True)
    origins = con.execute("select distinct origin from raw.fetches").fetchall()
    assert origins == [("manual",)]
    row = con.execute(
        "select score, votes from core.scores where source = 'lmarena_leaderboard_csv' "
        "and model_id = 'command-r-plus'"
    ).fetchone()
    assert row == (1190.0, 75864)
    # Command R and Command R+ stay two models
    n = con.execute(
        "select count(distinct model_id) from core.scores where model_id like 'command-r%'"
    ).fetchone()[0]
    assert n == 2
    gap = con.execute(
        "select top_proprietary, top_open, gap_points from analysis.arena_gap "
        "where snapshot_date = '2024-07-07'"
    ).fetchone()
    assert gap == ("GPT-4o-2024-05-13", "Llama-3-70b-Instruct", 81.0)


BAD_FILES = {
    "renamed.csv": (b"rank,name,elo,votes\n1,GPT-4,1287,5\n", "expected columns"),
    "html.csv": (
        b"<!DOCTYPE html><html><body>Just a moment...</body></html>",
        "found an HTML page",
    ),
    "empty.csv": (b"", "found an empty file"),
    "truncated.csv": (
        b"rank,model,arena_score,95_pct_ci,votes,organization,license\n1,GPT-4o,1287,+4/-3,558",
        "truncated or malformed file?",
    ),
    "latin1.csv": (
        b"rank,model,arena_score,95_pct_ci,votes,organization,license\n1,Caf\xe9,1,+1/-1,1,O,P\n",
        "expected UTF-8 text, found invalid byte 0xe9",
    ),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
def test_bad_file_one_line_error_warehouse_unchanged(loaded, tmp_path, name):
    before = _checksums(loaded)
    data, fragment = BAD_FILES[name]
    bad = tmp_path / name
    bad.write_bytes(data)
    good = tmp_path / "lmarena_text.csv"
    good.write_bytes((FIXTURES / "lmarena_leaderboard_csv" / "lmarena_text.csv").read_bytes())
    r = runner.invoke(
        app,
        ["ingest", "lmarena_leaderboard_csv", str(bad), str(good), "--snapshot-date", "2025-08-04"],
    )
    assert r.exit_code == 1
    errors = [line for line in r.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1
    assert errors[0].startswith("Error: lmarena_leaderboard_csv: data/raw/lmarena_leaderboard_csv/")
    assert fragment in errors[0]
    after = _checksums(loaded)
    # what was there before is untouched; the good file of the same run loaded
    con = duckdb.connect(str(loaded), read_only=True)
    assert con.execute(
        "select count(*) from core.scores where snapshot_date = '2025-08-04'"
    ).fetchone() == (3,)
    assert con.execute(
        "select count(*) from core.scores where snapshot_date = '2024-07-07'"
    ).fetchone() == (5,)
    con.close()
    assert after["staging.lmarena_hf_space_models"] == before["staging.lmarena_hf_space_models"]


def test_json_of_wrong_shape_named_in_error(workdir, tmp_path):
    bad = tmp_path / "leaderboard-text.json"
    bad.write_text('{"full": [1, 2, 3]}')
    r = runner.invoke(
        app, ["ingest", "lmarena_arena_catalog", str(bad), "--snapshot-date", "2025-03-07"]
    )
    assert r.exit_code == 1
    assert (
        "expected an object of model → rating per category, found a list under 'full'" in r.output
    )


def test_ingest_without_a_date_says_how_to_give_one(workdir):
    f = FIXTURES / "lmarena_leaderboard_csv" / "lmsys.csv"
    r = runner.invoke(app, ["ingest", "lmarena_leaderboard_csv", str(f)])
    assert r.exit_code == 1
    assert (
        "cannot tell which date this lmarena_leaderboard_csv file describes. Pass --snapshot-date"
        in r.output
    )


def test_bad_usage_exits_2(workdir):
    r = runner.invoke(app, ["ingest", "lmarena_hf_space", "x.csv", "--snapshot-date", "May 5"])
    assert r.exit_code == 2
    assert "expected YYYY-MM-DD" in r.output
    assert runner.invoke(app, ["refresh", "--no-such-flag"]).exit_code == 2


def test_unknown_source_is_named_with_the_valid_ones(workdir):
    r = runner.invoke(app, ["refresh", "--offline", "--source", "lmarenaa", "--no-report"])
    assert r.exit_code == 2
    assert "Invalid value for '--source' / '-s'" in r.output
    assert "'lmarenaa' is not one of 'lmarena_hf_space', 'lmarena_arena_catalog'" in r.output
    r = runner.invoke(app, ["ingest", "lmarenaa", "x.csv"])
    assert r.exit_code == 2
    assert "'lmarenaa' is not one of 'lmarena_hf_space'" in r.output


def test_sql_is_read_only(loaded):
    r = runner.invoke(app, ["sql", "delete from core.scores"])
    assert r.exit_code == 1
    assert "read-only" in r.output
    r = runner.invoke(app, ["sql", "select count(*) as n from core.models", "--csv"])
    assert r.exit_code == 0
    assert r.output.splitlines()[0] == "n"


def test_offline_rebuild_reproduces_the_warehouse(loaded):
    before = _checksums(loaded)
    r = runner.invoke(app, ["refresh", "--offline", "--no-report", "--quiet"])
    assert r.exit_code == 0, r.output
    assert _checksums(loaded) == before


def _commands(group: typer.Typer, prefix=()):
    import typer.main

    click_group = typer.main.get_command(group)
    stack = [(prefix, click_group)]
    while stack:
        path, cmd = stack.pop()
        subs = getattr(cmd, "commands", None)
        if subs:
            for name, sub in subs.items():
                stack.append(((*path, name), sub))
        else:
            yield path


@pytest.mark.parametrize("command", sorted(_commands(app)))
def test_every_command_has_help_with_an_example(command):
    r = runner.invoke(app, [*command, "--help"])
    assert r.exit_code == 0
    assert "Example: opengap" in r.output, f"`opengap {' '.join(command)} --help` shows no example"


def test_new_version_with_half_the_rows_is_rejected_and_old_data_kept(loaded, tmp_path):
    before = _checksums(loaded)
    shrunk = tmp_path / "lmsys.csv"
    lines = (FIXTURES / "lmarena_leaderboard_csv" / "lmsys.csv").read_text().splitlines()
    shrunk.write_text("\n".join(lines[:2]) + "\n")  # header + 1 of 5 rows
    r = runner.invoke(
        app,
        ["ingest", "lmarena_leaderboard_csv", str(shrunk), "--snapshot-date", "2024-07-14"],
    )
    assert r.exit_code == 1
    assert (
        "check failed: row count fell from 5 to 1 (more than half) since the previous version"
        in r.output
    )
    after = _checksums(loaded)
    for table in ("core.scores", "core.models", "staging.lmarena_leaderboard_csv_scores"):
        assert after[table] == before[table], table


def test_scores_outside_the_scale_reject_the_file(loaded, tmp_path):
    bad = tmp_path / "leaderboard_table_20240601.csv"
    bad.write_text(
        "key,Model,MT-bench (score),MMLU,Knowledge cutoff date,License,Organization,Link\n"
        "gpt-4o-2024-05-13,GPT-4o-2024-05-13,-,88.7,2023/10,Proprietary,OpenAI,https://openai.com\n"
    )
    r = runner.invoke(app, ["ingest", "lmarena_hf_space", str(bad)])
    assert r.exit_code == 1
    assert (
        "1 score(s) outside their benchmark's scale, e.g. GPT-4o-2024-05-13 = 88.7 on lmarena:mmlu (scale 0.0..1.0)"
        in r.output
    )


def test_refresh_without_network_prints_each_error_once_and_the_report(workdir, monkeypatch):
    # a closed loopback port: every fetch fails at once
    for key in ("GITHUB_API", "GITHUB_RAW"):
        monkeypatch.setenv(f"OPENGAP_LMARENA_LEADERBOARD_CSV_{key}_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("OPENGAP_HTTP_RETRIES", "0")
    r = runner.invoke(app, ["refresh", "--source", "lmarena_leaderboard_csv"])
    assert r.exit_code == 1, r.output
    errors = [line for line in r.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, errors
    assert errors[0].startswith("Error: lmarena_leaderboard_csv: http://127.0.0.1:9/")
    assert "LMArena text: top proprietary vs top open model" in r.output
    assert r.exception is None or isinstance(r.exception, SystemExit)


@pytest.fixture
def benchmark_ids(tmp_path):
    """A warehouse holding only the benchmark ids `lag` validates against."""
    path = tmp_path / "ids.duckdb"
    con = duckdb.connect(str(path))
    con.execute("create schema analysis")
    con.execute(
        "create table analysis.lag_observations as select * from (values "
        "('epoch:gpqa_diamond'), ('llm_stats:gpqa_diamond'), ('epoch:simpleqa_verified'), "
        "('aider:polyglot')) t(benchmark_id)"
    )
    con.close()
    return path


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["--estimator", "horizontal"],
            "Invalid value for '--estimator' / '-e': Value error, 'horizontal' is not one of "
            "'horizontal_lag', 'threshold_median_lag', 'trend_offset', 'vertical_gap', "
            "'win_probability', 'relative_gap_pct'.",
        ),
        (
            ["--open-def", "open"],
            "'open' is not one of 'any', 'permissive', 'with_derivatives'.",
        ),
        (
            ["--release-rule", "release"],
            "'release' is not one of 'earliest_public', 'weights', 'announce', "
            "'first_leaderboard', 'earliest_any'.",
        ),
        (["--setting", "high"], "'high' is not one of 'best', 'default'."),
        (["--resamples", "-5"], "Invalid value for '--resamples': Input should be greater than"),
        (
            ["--as-of", "2025-13-01"],
            "Invalid value for '--as-of': '2025-13-01': expected YYYY-MM-DD, e.g. 2025-01-01.",
        ),
        (["--as-of", "01/02/2025"], "'01/02/2025': expected YYYY-MM-DD"),
    ],
)
def test_lag_bad_switch_exits_2_with_the_valid_values(benchmark_ids, args, message):
    r = runner.invoke(app, ["lag", "--db", str(benchmark_ids), *args])
    assert r.exit_code == 2, r.output
    assert message in r.output
    assert r.output.count("Error:") == 1


def test_lag_unknown_benchmark_suggests_the_close_ids(benchmark_ids):
    r = runner.invoke(app, ["lag", "--db", str(benchmark_ids), "-b", "gpqa"])
    assert r.exit_code == 2, r.output
    assert (
        "Invalid value for '--benchmark': unknown benchmark 'gpqa'. Did you mean: "
        "epoch:gpqa_diamond, llm_stats:gpqa_diamond?" in r.output
    )
    r = runner.invoke(app, ["lag", "--db", str(benchmark_ids), "-b", "epoch:simpleqa_verifed"])
    assert r.exit_code == 2
    assert "Did you mean: epoch:simpleqa_verified?" in r.output
    # hostile text is only compared in Python, never reaches SQL, and the warehouse is intact
    r = runner.invoke(app, ["lag", "--db", str(benchmark_ids), "-b", "x'; drop schema analysis --"])
    assert r.exit_code == 2
    con = duckdb.connect(str(benchmark_ids), read_only=True)
    assert con.execute("select count(*) from analysis.lag_observations").fetchall() == [(4,)]
    con.close()


def test_lag_choices_are_what_the_analysis_knows():
    import typing

    import cli
    from analysis import lagrun

    assert typing.get_args(cli.OpenDef) == lagrun.OPEN_DEFS
    assert typing.get_args(cli.Setting) == lagrun.SETTINGS
    rules_sql = (
        FIXTURES.parent.parent / "warehouse/sql/core/model_release_dates_by_rule.sql"
    ).read_text()
    for rule in typing.get_args(cli.ReleaseRule):
        assert f"'{rule}'" in rules_sql, rule


def test_dates_are_checked_before_any_work(workdir):
    for args in (
        ["refresh", "--offline", "--since", "last week"],
        ["ingest", "lmarena_hf_space", "x.csv", "--snapshot-date", "2025-02-30"],
    ):
        r = runner.invoke(app, args)
        assert r.exit_code == 2, r.output
        assert "expected YYYY-MM-DD, e.g. 2025-01-01." in r.output
    assert not (workdir / "data" / "opengap.duckdb").exists()


def test_version():
    from importlib.metadata import version

    r = runner.invoke(app, ["--version"])
    assert r.exit_code == 0
    assert r.output == f"opengap {version('opengap')}\n"


@pytest.fixture
def tiny(tmp_path):
    path = tmp_path / "tiny.duckdb"
    con = duckdb.connect(str(path))
    con.execute("create schema analysis")
    con.execute("create table analysis.arena_gap as select 45 as gap_points")
    con.close()
    return path


def test_sql_query_may_start_with_a_comment(tiny):
    for query in (
        "-- the newest gap\nselect gap_points from analysis.arena_gap",
        "/* c */ select 45 as gap_points",
        "-- where x = 1, --csv\nselect 45 as gap_points",
    ):
        r = runner.invoke(app, ["sql", "--db", str(tiny), query, "--csv"])
        assert r.exit_code == 0, r.output
        assert r.output == "gap_points\n45\n"


def test_sql_reads_the_query_from_a_file_or_stdin(tiny, tmp_path):
    q = tmp_path / "q.sql"
    q.write_text("-- from a file\nselect gap_points + 1 as n from analysis.arena_gap\n")
    r = runner.invoke(app, ["sql", "--db", str(tiny), "-f", str(q), "--csv"])
    assert (r.exit_code, r.output) == (0, "n\n46\n")
    for args in (["-"], ["-f", "-"]):
        r = runner.invoke(app, ["sql", "--db", str(tiny), *args, "--csv"], input="select 2 as m\n")
        assert (r.exit_code, r.output) == (0, "m\n2\n"), r.output


def test_sql_without_a_query_or_with_an_unreadable_file_exits_2(tiny, tmp_path):
    r = runner.invoke(app, ["sql", "--db", str(tiny)])
    assert r.exit_code == 2
    assert "give the query as an argument, or --file FILE ('-' for stdin)" in r.output
    r = runner.invoke(app, ["sql", "--db", str(tiny), "-f", str(tmp_path / "missing.sql")])
    assert r.exit_code == 2
    assert "Invalid value for '--file': cannot read" in r.output
    assert "missing.sql" in r.output


@pytest.mark.parametrize(
    "args, message",
    [
        (["models", "unmatched", "--source", "lmarenaa"], "Invalid value for '--source' / '-s'"),
        (["models", "resolve", "lmarenaa", "GPT-4"], "Invalid value for 'source'"),
        (
            ["models", "conflicts", "--fact", "licence"],
            "'licence' is not one of 'access', 'license_spdx', 'commercial_use', 'is_derivative'.",
        ),
    ],
)
def test_models_commands_refuse_unknown_sources_and_facts(tiny, args, message):
    r = runner.invoke(app, [*args, "--db", str(tiny)])
    assert r.exit_code == 2, r.output
    assert message in r.output
    if "lmarenaa" in args:
        assert "'lmarenaa' is not one of 'lmarena_hf_space', 'lmarena_arena_catalog'" in r.output


def test_conflict_facts_are_the_ones_the_table_compares():
    import typing

    from warehouse import registry_cli

    hints = typing.get_type_hints(registry_cli.conflicts, include_extras=True)
    (choices,) = [a for a in typing.get_args(hints["fact"].__origin__) if a is not type(None)]
    sql = (FIXTURES.parent.parent / "warehouse/sql/core/model_fact_conflicts.sql").read_text()
    listed = "(" + ", ".join(f"'{f}'" for f in typing.get_args(choices)) + ")"
    assert f"where fact in {listed}" in sql


def test_help_loads_no_heavy_library():
    """`opengap --help` stays quick (bench/bench_startup.py): duckdb, polars and pyarrow are
    imported by the commands that use them, not by the app itself."""
    import subprocess
    import sys

    code = (
        "import sys, cli; "
        "print(sorted(m for m in ('duckdb', 'polars', 'pyarrow', 'matplotlib') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=FIXTURES.parents[1],
    )
    assert out.stdout.strip() == "[]"
