"""`opengap models …` on a warehouse built from the LMArena fixtures: resolve, show, unmatched,
conflicts, and the registry tables every score joins to."""

from __future__ import annotations

import duckdb
import pytest
from typer.testing import CliRunner

from cli import app
from tests.helpers import FIXTURES

runner = CliRunner()


@pytest.fixture
def loaded(workdir):
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


def test_every_score_joins_one_model_with_access_class_and_release_date(loaded):
    con = duckdb.connect(str(loaded), read_only=True)
    orphans, no_access, no_date = con.execute(
        "select count(*) filter (where m.model_id is null), "
        "count(*) filter (where m.access_class is null), "
        "count(*) filter (where m.release_date is null and m.release_date_kind <> 'unknown') "
        "from core.scores s left join core.models m using (model_id)"
    ).fetchone()
    assert (orphans, no_access, no_date) == (0, 0, 0)
    rules = {
        r[0]
        for r in con.execute(
            "select distinct rule from core.model_release_dates_by_rule"
        ).fetchall()
    }
    assert {"earliest_public", "announce", "weights", "first_leaderboard", "earliest_any"} <= rules
    con.close()


def test_models_resolve_prints_model_method_and_setting(loaded):
    r = runner.invoke(
        app,
        [
            "models",
            "resolve",
            "lmarena_leaderboard_csv",
            "Command R+",
            "Meta-Llama-3.1-405B-Instruct-bf16",
            "--csv",
        ],
    )
    assert r.exit_code == 0, r.output
    lines = r.output.strip().splitlines()
    assert lines[0] == "source,source_model_name,model_id,method,confidence,setting,evidence"
    assert lines[1].startswith("lmarena_leaderboard_csv,Command R+,command-r-plus,")
    assert ",llama-3-1-405b-instruct," in lines[2] and ",bf16," in lines[2]


def test_models_show_lists_aliases_scores_and_facts(loaded):
    r = runner.invoke(app, ["models", "show", "Command R+"])
    assert r.exit_code == 0, r.output
    assert "command-r-plus" in r.output
    for section in ("aliases", "scores per benchmark", "release dates", "facts"):
        assert section in r.output


def test_models_show_unknown_name_says_what_to_try(loaded):
    r = runner.invoke(app, ["models", "show", "no-such-model"])
    assert r.exit_code == 1
    assert "no model or alias named 'no-such-model'" in r.output


def test_models_unmatched_and_conflicts_run(loaded):
    r = runner.invoke(app, ["models", "unmatched", "--csv"])
    assert r.exit_code == 0, r.output
    assert r.output.splitlines()[0] == "source,name,model_key,candidates,why"
    r = runner.invoke(app, ["models", "conflicts", "--csv"])
    assert r.exit_code == 0, r.output
    assert r.output.splitlines()[0].startswith("model_id,fact,chosen_value,chosen_source")
