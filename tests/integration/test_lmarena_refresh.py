"""A real `opengap refresh` of the four LMArena forms against a loopback server serving the captures."""

from __future__ import annotations

import csv
import json

import duckdb
import pytest
from typer.testing import CliRunner

from cli import app
from tests.conftest import apply_env
from tests.upstreams import lmarena

LMARENA = [
    "lmarena_hf_space",
    "lmarena_arena_catalog",
    "lmarena_leaderboard_csv",
    "lmsys_blog_leaderboard_html",
]


def _refresh(*extra: str):
    args = ["refresh", "--quiet"]
    for s in LMARENA:
        args += ["--source", s]
    return CliRunner().invoke(app, args + list(extra))


@pytest.fixture
def served(upstream, shared_sources, monkeypatch, workdir):
    lmarena.register(upstream, shared_sources)
    apply_env(monkeypatch, upstream)
    return upstream, shared_sources, workdir


def _count_csv_rows(path) -> int:
    with open(path, newline="", encoding="utf-8") as fh:
        return sum(1 for _ in csv.DictReader(fh))


def test_refresh_loads_every_capture_with_per_snapshot_counts(served):
    up, shared, work = served
    result = _refresh()
    assert result.exit_code == 0, result.output
    con = duckdb.connect(str(work / "data" / "opengap.duckdb"), read_only=True)

    # every LMArena Space table, one staging row per CSV row
    got = dict(
        con.execute(
            "select snapshot_date::varchar, count(*) from staging.lmarena_hf_space_models group by 1"
        ).fetchall()
    )
    expected = {
        f"{p.name[18:22]}-{p.name[22:24]}-{p.name[24:26]}": _count_csv_rows(p)
        for p in (shared / "lmarena_hf_space").glob("leaderboard_table_*.csv")
    }
    assert got == expected
    assert got["2025-05-05"] == 291  # PROVENANCE: Rows 291

    got = dict(
        con.execute(
            "select snapshot_date::varchar, count(*) from staging.lmarena_leaderboard_csv_scores group by 1"
        ).fetchall()
    )
    assert got == {
        "2024-07-07": 115,
        "2024-10-29": 155,
        "2025-01-29": 190,
        "2025-04-24": 191,
        "2025-07-18": 218,
        "2025-08-04": 266,
    }

    # arena-catalog: per captured file (plain or style-controlled twin, whichever a dated folder
    # holds), the overall category has one row per model key in the JSON, every category too
    served = lmarena.catalog_versions(shared)
    assert served, "no arena-catalog capture served"
    for path, versions in served.items():
        style = path.endswith("-style-control.json")
        for _, _, message, body in versions:
            doc = json.loads(body)
            day = message.rsplit(" ", 1)[-1]
            n, total = con.execute(
                "select count(*) filter (where category = 'full'), count(*) "
                "from staging.lmarena_arena_catalog_ratings "
                "where snapshot_date = ? and style_control = ?",
                [day, style],
            ).fetchone()
            assert (n, total) == (len(doc["full"]), sum(len(v) for v in doc.values())), path
    # a date with only the style-controlled file has style-controlled scores in std, and no others
    sc_only = {
        v[2] for v in served.get(lmarena.CATALOG_FILES["leaderboard-text-style-control.json"], [])
    }
    sc_only -= {v[2] for v in served.get(lmarena.CATALOG_FILES["leaderboard-text.json"], [])}
    for message in sc_only:
        got = con.execute(
            "select style_control, count(*) from std.scores "
            "where source = 'lmarena_arena_catalog' and snapshot_date = ? group by 1",
            [message.rsplit(" ", 1)[-1]],
        ).fetchall()
        assert [g[0] for g in got] == [True] and got[0][1] > 0

    got = dict(
        con.execute(
            "select snapshot_date::varchar, count(*) from staging.lmsys_blog_leaderboard_html_rows group by 1"
        ).fetchall()
    )
    assert got == {"2023-05-10": 13, "2023-06-22": 45}  # PROVENANCE row counts

    # exact values, with provenance on the row
    row = con.execute(
        "select score, ci_lower, ci_upper, votes, source_url, sha256 from core.scores "
        "where source = 'lmarena_leaderboard_csv' and snapshot_date = '2024-07-07' "
        "and source_model_name = 'GPT-4o-2024-05-13'"
    ).fetchone()
    assert row[:4] == (1287.0, 1284.0, 1291.0, 55826)
    assert row[4].endswith(
        "/fboulnois/llm-leaderboard-csv/65554a1d12eec090e7c448288fca54eedb46b428/csv/lmsys.csv"
    )
    assert len(row[5]) == 64

    # the pickle beside the Space tables was never requested
    assert not any(path.endswith(".pkl") for path, _, _ in up.log)
    con.close()


def test_report_prints_per_snapshot_table_and_sql_answers(served):
    _refresh("--no-report")
    result = CliRunner().invoke(app, ["report"])
    assert result.exit_code == 0, result.output
    assert "2024-07-07" in result.output and "GPT-4o-2024-05-13" in result.output
    result = CliRunner().invoke(
        app,
        [
            "sql",
            "select snapshot_date, top_proprietary, top_open, gap_points from analysis.arena_gap "
            "where source = 'lmarena_leaderboard_csv' order by 1 limit 1",
            "--csv",
        ],
    )
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert lines[0] == "snapshot_date,top_proprietary,top_open,gap_points"
    assert lines[1].startswith("2024-07-07,GPT-4o-2024-05-13,")


def test_second_refresh_downloads_nothing(served):
    up, _, _ = served
    assert _refresh("--no-report").exit_code == 0
    before = len(up.log)
    result = CliRunner().invoke(
        app, ["refresh", "--no-report"] + sum((["--source", s] for s in LMARENA), [])
    )
    assert result.exit_code == 0, result.output
    assert "Nothing new upstream: 0 files downloaded; warehouse unchanged." in result.output
    second = up.log[before:]
    assert second, "the second refresh still asks upstream what is new"
    assert sum(n for _, status, n in second if status == 200 and "/raw." in _) == 0
    assert all(status in (200, 304) for _, status, _ in second)
    # only listings and conditional requests: nothing but listings returned bodies
    downloaded = [
        p for p, status, n in second if status == 200 and ("resolve" in p or "/raw." in p)
    ]
    assert downloaded == []


def test_one_source_down_others_load_and_sources_shows_it(served):
    from tests.upstreams import Fault

    up, _, work = served
    assert _refresh("--no-report").exit_code == 0
    con = duckdb.connect(str(work / "data" / "opengap.duckdb"), read_only=True)
    blog_before = con.execute(
        "select count(*) from staging.lmsys_blog_leaderboard_html_rows"
    ).fetchone()
    con.close()
    # the blog host now resets every connection; the GitHub-hosted sources gain nothing new
    for post in ("2023-05-10-leaderboard", "2023-06-22-leaderboard"):
        up.faults[f"/lmsys.org/blog/{post}/"] = Fault(reset=True)
    result = _refresh("--no-report")
    assert result.exit_code == 1
    assert "Error: lmsys_blog_leaderboard_html: " in result.output
    con = duckdb.connect(str(work / "data" / "opengap.duckdb"), read_only=True)
    assert (
        con.execute("select count(*) from staging.lmsys_blog_leaderboard_html_rows").fetchone()
        == blog_before
    )
    assert con.execute("select count(*) from staging.lmarena_hf_space_models").fetchone()[0] == 914
    con.close()
    out = CliRunner().invoke(app, ["sources", "--csv"])
    assert out.exit_code == 0, out.output
    lines = {line.split(",")[0]: line for line in out.output.splitlines()[1:]}
    assert lines["lmsys_blog_leaderboard_html"].split(",")[1:3] == ["failed", "true"]
    assert lines["lmarena_hf_space"].split(",")[1:3] == ["ok", "false"]
