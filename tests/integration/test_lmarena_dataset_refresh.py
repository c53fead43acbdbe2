"""A real `opengap refresh` of lmarena_leaderboard_dataset and lmarena_elo_history against a loopback
server: the Hub dataset served one publish date at a time (as its `latest` files are rewritten in
place), the archive CSV as its GitHub history. Counts per file come from the captures."""

from __future__ import annotations

import csv
import hashlib
import io
import json

import duckdb
import pytest
from typer.testing import CliRunner

from cli import app
from tests.conftest import apply_env
from tests.upstreams import lmarena_elo_history as elo_up
from tests.upstreams import lmarena_leaderboard_dataset as dataset_up

SOURCES = ["lmarena_leaderboard_dataset", "lmarena_elo_history"]


def _refresh():
    args = ["refresh", "--quiet", "--no-report"]
    for s in SOURCES:
        args += ["--source", s]
    return CliRunner().invoke(app, args)


@pytest.fixture
def served(upstream, shared_sources, monkeypatch, workdir):
    dates = dataset_up.dates(shared_sources)
    if not dates or not (shared_sources / "lmarena_elo_history").is_dir():
        pytest.skip("captures of lmarena_leaderboard_dataset / lmarena_elo_history not present")
    dataset_up.serve(upstream, shared_sources, dates[0])
    upstream.hf_env("lmarena_leaderboard_dataset")
    elo_versions = elo_up.register(upstream, shared_sources)
    apply_env(monkeypatch, upstream)
    return upstream, shared_sources, workdir, dates, elo_versions


def test_every_publish_date_and_the_archive_load_with_per_file_counts(served):
    up, shared, work, dates, elo_versions = served
    for i, date in enumerate(dates):
        if i:
            dataset_up.serve(up, shared, date)  # LMArena publishes: `latest` rewritten in place
        result = _refresh()
        assert result.exit_code == 0, result.output
    db = work / "data" / "opengap.duckdb"
    con = duckdb.connect(str(db), read_only=True)

    # Load inputs: what each captured file holds
    expected_rows, expected_overall = {}, {}
    for date in dates:
        for subset, style in (("text", False), ("text_style_control", True)):
            rows = dataset_up.capture_rows(shared / dataset_up.SOURCE / date / f"{subset}.json")
            expected_rows[(date, style)] = len(rows)
            expected_overall[(date, style)] = sum(r["category"] == "overall" for r in rows)

    # one staging row per Parquet row, per publish date and subset (repeated rows kept)
    got = {
        (d, s): n
        for d, s, n in con.execute(
            "select snapshot_date::varchar, style_control, count(*) "
            "from staging.lmarena_leaderboard_dataset_ratings group by all"
        ).fetchall()
    }
    assert got == expected_rows
    if "2026-07-16" in dates:  # PROVENANCE: japanese repeats 36 models six times in text only
        assert got[("2026-07-16", False)] == 10069 and got[("2026-07-16", True)] == 9889
    # std.scores: the overall board is lmarena:text, one score per row, plain and style-controlled
    got = {
        (d, s): n
        for d, s, n in con.execute(
            "select snapshot_date::varchar, style_control, count(*) from std.scores "
            "where source = 'lmarena_leaderboard_dataset' and benchmark_id = 'lmarena:text' "
            "group by all"
        ).fetchall()
    }
    assert got == expected_overall
    benchmarks = {
        b
        for (b,) in con.execute(
            "select distinct benchmark_id from std.benchmarks "
            "where source = 'lmarena_leaderboard_dataset'"
        ).fetchall()
    }
    assert {"lmarena:text", "lmarena:text/coding", "lmarena:text/japanese"} <= benchmarks
    assert "lmarena:text/overall" not in benchmarks

    # exact values, with provenance naming the Hub file
    first = dates[0]
    doc = json.loads((shared / dataset_up.SOURCE / first / "text.json").read_text())
    top = next(r for r in doc["rows"] if r["category"] == "overall" and r["rank"] == 1)
    row = con.execute(
        "select score, ci_lower, ci_upper, votes, stderr, source_url from std.scores "
        "where source = 'lmarena_leaderboard_dataset' and benchmark_id = 'lmarena:text' "
        "and snapshot_date = ? and not style_control and source_model_name = ?",
        [first, top["model_name"]],
    ).fetchone()
    assert row[:4] == (top["rating"], top["rating_lower"], top["rating_upper"], top["vote_count"])
    assert row[4] == pytest.approx(top["variance"] ** 0.5)
    assert row[5].endswith(
        "/datasets/lmarena-ai/leaderboard-dataset/resolve/main/text/latest-00000-of-00001.parquet"
    )
    # licence and organization as claims, one per model and date; '' organization is no claim
    claims = con.execute(
        "select source_model_name, organization, license, access from std.model_claims "
        "where source = 'lmarena_leaderboard_dataset' and snapshot_date = ?",
        [first],
    ).fetchall()
    by_model = {c[0]: c[1:] for c in claims}
    assert len(by_model) == len(claims) == len({r["model_name"] for r in doc["rows"]})
    assert by_model[top["model_name"]] == (top["organization"], top["license"], "api")
    assert by_model["yi-lightning"][0] is None
    open_row = next(r for r in doc["rows"] if r["license"] == "MIT")
    assert by_model[open_row["model_name"]][1:] == ("MIT", "open")

    # the archive: one staging row per cell of each version, 0.0 cells not listed, never a score
    expected_cells = {}
    for _, _, _, body in elo_versions:
        table = list(csv.reader(io.StringIO(body.decode())))
        values = [float(v) for r in table[1:] for v in r[1:]]
        expected_cells[hashlib.sha256(body).hexdigest()] = (
            len(values),
            sum(v != 0 for v in values),
        )
    got = {
        sha: (n, listed)
        for sha, n, listed in con.execute(
            "select sha256, count(*), count(*) filter (where is_listed) "
            "from staging.lmarena_elo_history_ratings group by all"
        ).fetchall()
    }
    assert got == expected_cells
    assert con.execute(
        "select count(*) from std.scores where source = 'lmarena_elo_history' and score = 0"
    ).fetchone() == (0,)
    assert con.execute(
        "select count(*) from std.scores where source = 'lmarena_elo_history'"
    ).fetchone() == (sum(listed for _, listed in expected_cells.values()),)
    final = [v for v in elo_versions if v[0].startswith("22d6c6aa")]  # PROVENANCE: 2025-02-27
    if final:
        sha256 = hashlib.sha256(final[0][3]).hexdigest()
        # PROVENANCE: 98 dates x 227 models, 10419 of 22246 cells are 0.0
        assert got[sha256] == (98 * 227, 98 * 227 - 10419)
        scores = dict(
            ((b, d, m), s)
            for b, d, m, s in con.execute(
                "select benchmark_id, snapshot_date::varchar, source_model_name, score "
                "from std.scores where source = 'lmarena_elo_history' and sha256 = ?",
                [sha256],
            ).fetchall()
        )
        assert scores[("lmarena:text", "2023-05-08", "gpt-4")] == 1274.1856580388371
        # online Elo while the leaderboard showed Bradley-Terry: kept apart, with its own regime
        key = ("lmarena:text_online_elo", "2024-01-09", "gpt-4-0314")
        assert scores[key] == 1124.9989531849412
        assert ("lmarena:text", "2024-01-09", "gpt-4-0314") not in scores
        assert round(scores[("lmarena:text", "2024-06-29", "gpt-4-0314")], 1) == 1185.6
    regime = con.execute(
        "select regime from analysis.lag_observations where source = 'lmarena_elo_history' "
        "and benchmark_id = 'lmarena:text_online_elo' group by all"
    ).fetchall()
    assert regime == [("online_elo",)]

    # the per-file checks ran and rejected nothing; `opengap sources` lists both
    assert con.execute(
        "select count(*) from raw.load_errors where source in (?, ?)", SOURCES
    ).fetchone() == (0,)
    con.close()
    result = CliRunner().invoke(app, ["sources", "--csv"])
    assert result.exit_code == 0, result.output
    rows = {r["source"]: r for r in csv.DictReader(result.output.splitlines())}
    assert rows["lmarena_leaderboard_dataset"]["files"] == str(2 * len(dates))
    assert rows["lmarena_leaderboard_dataset"]["rows"] == str(sum(expected_rows.values()))
    assert rows["lmarena_leaderboard_dataset"]["newest_snapshot_date"] == dates[-1]
    assert rows["lmarena_elo_history"]["files"] == str(len(elo_versions))
    assert rows["lmarena_elo_history"]["rows"] == str(sum(n for n, _ in expected_cells.values()))
    assert int(rows["lmarena_elo_history"]["regimes"]) >= 1


def test_unchanged_dataset_downloads_nothing_and_a_new_date_only_its_files(served):
    up, shared, _, dates, _ = served
    assert _refresh().exit_code == 0
    before = len(up.log)
    result = CliRunner().invoke(
        app, ["refresh", "--no-report"] + sum((["--source", s] for s in SOURCES), [])
    )
    assert result.exit_code == 0, result.output
    assert "Nothing new upstream: 0 files downloaded; warehouse unchanged." in result.output
    second = up.log[before:]
    assert second and all(status in (200, 304) for _, status, _ in second)
    assert [
        p for p, status, _ in second if status == 200 and ("resolve" in p or "/raw." in p)
    ] == []
    if len(dates) > 1:
        dataset_up.serve(up, shared, dates[-1])
        before = len(up.log)
        assert _refresh().exit_code == 0
        got = sorted(p for p, status, _ in up.log[before:] if status == 200 and "resolve" in p)
        assert got == [
            f"/hf/datasets/lmarena-ai/leaderboard-dataset/resolve/main/{s}/latest-00000-of-00001.parquet"
            for s in ("text", "text_style_control")
        ]
        # the 50 MB `full` split beside it is never requested
        assert not any("full-" in p for p in up.requests)


def test_checks_reject_a_shrunken_or_future_version_and_keep_the_earlier_one(served):
    up, shared, work, dates, _ = served
    assert _refresh().exit_code == 0
    first = dates[0]
    rows = dataset_up.capture_rows(shared / dataset_up.SOURCE / first / "text.json")
    overall = [r for r in rows if r["category"] == "overall"]  # far fewer than half the rows
    # a version not yet stored (new bytes, so a new LFS oid), dated in the future
    later_style = dataset_up.parquet_bytes(
        dataset_up.capture_rows(shared / dataset_up.SOURCE / first / "text_style_control.json")[1:]
    )
    dataset_up.serve_files(
        up,
        {
            "text": (dataset_up.parquet_bytes(overall), "2026-08-01"),
            "text_style_control": (later_style, "2099-01-01"),  # a publish date in the future
        },
    )
    result = CliRunner().invoke(
        app, ["refresh", "--no-report"] + sum((["--source", s] for s in SOURCES), [])
    )
    assert result.exit_code == 1, result.output
    out = " ".join(result.output.split())
    assert f"check failed: row count fell from {len(rows)} to {len(overall)}" in out
    assert "check failed: snapshot date 2099-01-01 is in the future" in out
    con = duckdb.connect(str(work / "data" / "opengap.duckdb"), read_only=True)
    got = con.execute(
        "select snapshot_date::varchar, style_control, count(*) "
        "from staging.lmarena_leaderboard_dataset_ratings group by all order by all"
    ).fetchall()
    assert got == [(first, False, len(rows)), (first, True, len(rows))]
    con.close()


def test_a_cut_archive_version_is_rejected_and_the_full_one_kept(served):
    up, _, work, _, elo_versions = served
    assert _refresh().exit_code == 0
    con = duckdb.connect(str(work / "data" / "opengap.duckdb"), read_only=True)
    before = con.execute(
        "select count(*), max(rating_date)::varchar from staging.lmarena_elo_history_ratings"
    ).fetchone()
    con.close()
    newest = max(elo_versions, key=lambda v: v[1])
    cut = b"".join(newest[3].splitlines(keepends=True)[:11])  # header and the first ten dates
    new_commit = ("b" * 40, "2025-12-01T12:00:00Z", "Update data", cut)
    up.github_history(elo_up.REPO, elo_up.PATH, [*elo_versions, new_commit])
    result = _refresh()
    assert result.exit_code == 1, result.output
    out = " ".join(result.output.split())
    assert "lmarena_elo_history" in out and "check failed: row count fell" in out
    con = duckdb.connect(str(work / "data" / "opengap.duckdb"), read_only=True)
    after = con.execute(
        "select count(*), max(rating_date)::varchar from staging.lmarena_elo_history_ratings"
    ).fetchone()
    con.close()
    assert after == before and before[1] >= "2025-02-27"
