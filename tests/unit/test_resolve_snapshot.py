"""Undated names resolve as of the file's snapshot date (issue 13): to the one dated checkpoint
released by then, unmatched where several could be meant or none was out yet. Names as the captures
in /work/shared/sources publish them; `opengap models resolve` gives the pipeline's answer."""

from __future__ import annotations

import csv
import datetime as dt
import io

import duckdb
import polars as pl
import pytest
from typer.testing import CliRunner

from cli import app
from warehouse import resolve

runner = CliRunner()

# LMArena's arena-catalog keys for the two Claude 3.5 Sonnet checkpoints, and the three GPT-4o ones
CHECKPOINTS = [
    ("lmarena_arena_catalog", "claude-3-5-sonnet-20240620", "claude-3-5-sonnet-20240620"),
    ("lmarena_arena_catalog", "claude-3-5-sonnet-20241022", "claude-3-5-sonnet-20241022"),
    ("lmarena_arena_catalog", "gpt-4o-2024-05-13", "gpt-4o-2024-05-13"),
    ("lmarena_arena_catalog", "gpt-4o-2024-08-06", "gpt-4o-2024-08-06"),
    ("lmarena_arena_catalog", "gpt-4o-2024-11-20", "gpt-4o-2024-11-20"),
    ("livebench", "mistral-small-2402", "mistral-small-2402"),
    ("livebench", "mistral-small-2409", "mistral-small-2409"),
]


def _resolve(rows: list[tuple]) -> dict[tuple[str, str], dict]:
    names = pl.DataFrame(
        [(*r, None) for r in CHECKPOINTS] + rows,
        schema={
            "source": pl.String,
            "source_model_name": pl.String,
            "model_key": pl.String,
            "snapshot_date": pl.Date,
        },
        orient="row",
    )
    out = resolve.resolve(names, None, resolve.load_registry())
    return {(r["source"], r["source_model_name"]): r for r in out.iter_rows(named=True)}


def _d(s: str) -> dt.date:
    return dt.date.fromisoformat(s)


def test_an_undated_name_is_the_one_checkpoint_released_by_the_files_date():
    # LMArena's leaderboard CSV of 2024-07-07 lists 'Claude 3.5 Sonnet': only 20240620 was out
    got = _resolve([("lmarena_leaderboard_csv", "Claude 3.5 Sonnet", None, _d("2024-07-07"))])
    row = got[("lmarena_leaderboard_csv", "Claude 3.5 Sonnet")]
    assert (row["model_id"], row["method"]) == ("claude-3-5-sonnet-20240620", "rule")
    assert "in a file of 2024-07-07" in row["evidence"] and "released by then" in row["evidence"]


def test_an_undated_name_stays_unmatched_where_several_checkpoints_could_be_meant():
    got = _resolve(
        [
            # Epoch's open-model-trends file (2024-10-22): 2024-05-13 and 2024-08-06 were both out
            ("epoch_open_model_trends", "GPT-4o", None, _d("2024-10-22")),
            # Aider's 2026 file: all three; the file's date is not when Aider ran it
            ("aider_leaderboards", "gpt-4o", None, _d("2026-05-22")),
            # the same Claude name in a file after the October upgrade
            ("lmarena_leaderboard_csv", "Claude 3.5 Sonnet", None, _d("2024-10-29")),
        ]
    )
    for key in [
        ("epoch_open_model_trends", "GPT-4o"),
        ("aider_leaderboards", "gpt-4o"),
        ("lmarena_leaderboard_csv", "Claude 3.5 Sonnet"),
    ]:
        assert got[key]["model_id"] is None and got[key]["method"] == "unmatched", got[key]
    assert "gpt-4o-20240806" in got[("epoch_open_model_trends", "GPT-4o")]["evidence"]
    assert "gpt-4o-20241120" not in got[("epoch_open_model_trends", "GPT-4o")]["evidence"]


def test_a_checkpoint_released_after_the_file_is_never_what_it_meant():
    # a file older than every known checkpoint: the name is one the registry does not know
    got = _resolve([("lmarena_leaderboard_csv", "Claude 3.5 Sonnet", None, _d("2024-06-01"))])
    row = got[("lmarena_leaderboard_csv", "Claude 3.5 Sonnet")]
    assert row["model_id"] is None and "no dated checkpoint was released by then" in row["evidence"]


def test_mistral_month_versions_count_by_month_and_the_files_own_month_is_unknown():
    # Epoch's open-model-trends 'mistral-small': 2402 alone by May 2024; 2402 and 2409 by October
    may = _resolve([("epoch_open_model_trends", "mistral-small", None, _d("2024-05-15"))])
    assert may[("epoch_open_model_trends", "mistral-small")]["model_id"] == "mistral-small-2402"
    october = _resolve([("epoch_open_model_trends", "mistral-small", None, _d("2024-10-10"))])
    assert october[("epoch_open_model_trends", "mistral-small")]["model_id"] is None
    # a file of September 2024 may or may not postdate the 2409 release: both could be meant
    september = _resolve([("epoch_open_model_trends", "mistral-small", None, _d("2024-09-30"))])
    assert september[("epoch_open_model_trends", "mistral-small")]["model_id"] is None


def test_without_a_snapshot_date_the_rule_is_as_before():
    got = _resolve([("lmarena_leaderboard_csv", "Claude 3.5 Sonnet", None, None)])
    row = got[("lmarena_leaderboard_csv", "Claude 3.5 Sonnet")]
    assert row["model_id"] is None and "claude-sonnet-3-5-20241022" in row["evidence"]


def test_month_day_checkpoints_without_a_year_keep_the_name_unmatched():
    # GPT-4's 0314 and 0613 carry no year: as of 2024-10-10 either could be meant (Epoch's file)
    names = [
        ("lmarena_arena_catalog", "gpt-4-0314", "gpt-4-0314", None),
        ("lmarena_arena_catalog", "gpt-4-0613", "gpt-4-0613", None),
        ("epoch_open_model_trends", "gpt-4", None, _d("2024-10-10")),
    ]
    got = _resolve(names)
    assert got[("epoch_open_model_trends", "gpt-4")]["model_id"] is None


@pytest.fixture
def warehouse(tmp_path):
    """std.scores and std.model_claims with the names and file dates the captures carry."""
    path = tmp_path / "w.duckdb"
    con = duckdb.connect(str(path))
    con.execute("create schema std")
    cols = "source varchar, source_model_name varchar, model_key varchar, snapshot_date date"
    con.execute(f"create table std.scores ({cols})")
    con.execute(f"create table std.model_claims ({cols})")
    rows = [
        (
            "lmarena_arena_catalog",
            "claude-3-5-sonnet-20240620",
            "claude-3-5-sonnet-20240620",
            "2025-03-07",
        ),
        (
            "lmarena_arena_catalog",
            "claude-3-5-sonnet-20241022",
            "claude-3-5-sonnet-20241022",
            "2025-03-07",
        ),
        ("lmarena_leaderboard_csv", "Claude 3.5 Sonnet", None, "2024-07-07"),
        ("epoch_open_model_trends", "Claude 3.5 Sonnet", None, "2024-10-22"),
        # LiveBench's table dates date a question set: never a name's file date
        ("livebench", "claude-3-5-sonnet-20240620", "claude-3-5-sonnet-20240620", "2024-06-24"),
    ]
    con.executemany("insert into std.scores values (?, ?, ?, ?)", rows)
    con.close()
    return path


def _cli(path, *args) -> list[dict]:
    r = runner.invoke(app, ["models", "resolve", *args, "--csv", "--db", str(path)])
    assert r.exit_code == 0, r.output
    return list(csv.DictReader(io.StringIO(r.stdout)))


def test_models_resolve_answers_as_the_pipeline_does(warehouse):
    con = duckdb.connect(str(warehouse), read_only=True)
    names = con.sql(resolve.NAMES_SQL).pl()
    con.close()
    assert names.filter(pl.col("source") == "livebench")["snapshot_date"].to_list() == [None]
    pipeline = resolve.resolve(names, None)
    for source, name, key, _ in pipeline.select(
        "source", "source_model_name", "model_key", "model_id"
    ).iter_rows():
        args = [source, name] + (["--key", key] if key else [])
        (row,) = _cli(warehouse, *args)
        expected = pipeline.filter(
            (pl.col("source") == source)
            & (pl.col("source_model_name") == name)
            & pl.col("model_key").eq_missing(key)
        ).row(0, named=True)
        assert row["model_id"] == (expected["model_id"] or resolve.UNMATCHED), (source, name)
        assert row["method"] == expected["method"]
    # the leaderboard CSV's name as of its own file, and as of a later one (--date)
    (row,) = _cli(warehouse, "lmarena_leaderboard_csv", "Claude 3.5 Sonnet")
    assert row["model_id"] == "claude-3-5-sonnet-20240620"
    (row,) = _cli(warehouse, "lmarena_leaderboard_csv", "Claude 3.5 Sonnet", "--date", "2024-11-01")
    assert row["model_id"] == resolve.UNMATCHED
