"""The real Open LLM Leaderboard fetch against a loopback GitHub serving the captures, then a build."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import duckdb
import pytest
import requests

import warehouse.build
from scrapers import open_llm_leaderboard as oll
from scrapers._http import Client
from tests.conftest import apply_env
from tests.upstreams import lmarena
from tests.upstreams import open_llm_leaderboard as upstream_oll
from warehouse.build import build
from warehouse.rawstore import RawStore

FIXTURES = Path(__file__).parents[1] / "fixtures" / "open_llm_leaderboard"
V1_COLS = ("arc", "hellaswag", "mmlu", "truthfulqa")
# dsdanielpark's 2023-10-31 export lists only the top 109 models (1291 on 2023-09-04): a real upstream
# change the per-file row-count check must be told about (warehouse/overrides/accepted_changes.csv)
ACCEPTED_20231031 = (
    "84217b5fbbf351478022db91b152cbc84451733c5683484acfa2d558c094e693,open_llm_leaderboard,"
    '"dsdanielpark 20231031.csv is a top-109 export; earlier exports list every model"\n'
)


@pytest.fixture
def overrides(tmp_path, monkeypatch) -> Path:
    """The repository's overrides plus the 2023-10-31 acceptance (a no-op once it is committed)."""
    d = tmp_path / "overrides"
    d.mkdir()
    for f in warehouse.build.OVERRIDES.glob("*.csv"):
        (d / f.name).write_bytes(f.read_bytes())
    accepted = d / "accepted_changes.csv"
    if ACCEPTED_20231031.split(",")[0] not in accepted.read_text():
        with accepted.open("a") as fh:
            fh.write(ACCEPTED_20231031)
    monkeypatch.setattr(warehouse.build, "OVERRIDES", d)
    return d


@pytest.fixture
def served(upstream, shared_sources, monkeypatch, workdir, overrides):
    upstream_oll.register(upstream, shared_sources)
    apply_env(monkeypatch, upstream)
    return upstream, shared_sources / "open_llm_leaderboard", workdir


def _q(con, sql: str, *params):
    return con.execute(sql, list(params)).fetchall()


def test_fetch_builds_every_capture_and_refetch_downloads_nothing(served):
    up, shared, work = served
    store = RawStore(work / "raw")
    new = oll.fetch(Client(retries=0, backoff=0), store)
    assert sorted((r.filename, r.snapshot_date) for r in new) == [
        ("20230619.csv", "2023-06-19"),
        ("20230904.csv", "2023-09-04"),
        ("20231031.csv", "2023-10-31"),
        ("huggingface.csv", "2024-06-19"),
        ("huggingface_v2.csv", "2024-10-29"),
    ]
    # the table date comes from the path, not the 2023-12-14 commit that re-committed them
    rec = next(r for r in new if r.filename == "20230619.csv")
    assert rec.upstream_key == (
        "dsdanielpark/open-llm-leaderboard-report/assets/20230619/20230619.csv"
        "@42a5fcd5bbde9bed98f434c495bd63ee8d95a878"
    )
    assert not any("20231115" in p and "raw.githubusercontent" in p for p, _, _ in up.log)

    result = build(store, work / "w.duckdb")
    assert result.errors == []
    con = duckdb.connect(str(work / "w.duckdb"), read_only=True)

    # Per-file row counts (PROVENANCE: Rows)
    assert dict(
        _q(
            con,
            "select snapshot_date::varchar, count(*) from staging.open_llm_leaderboard_v1 group by 1",
        )
    ) == {"2023-06-19": 142, "2023-09-04": 1291, "2023-10-31": 109, "2024-06-19": 7065}
    assert _q(
        con,
        "select snapshot_date::varchar, count(*) from staging.open_llm_leaderboard_v2 group by 1",
    ) == [("2024-10-29", 1709)]

    # std.scores: every score cell, once per file (the 2023 exports repeat some rows verbatim)
    got = dict(
        _q(
            con,
            "select split_part(benchmark_id, ':', 1) || '@' || snapshot_date, count(*) "
            "from std.scores where source = 'open_llm_leaderboard' group by 1",
        )
    )
    expected_2023 = {}
    for f in sorted((shared / "v1_2023").glob("*.csv")):
        rows = list(csv.reader(io.StringIO(f.read_text(encoding="utf-8-sig"))))[1:]
        cells = {(r[0], col, float(v)) for r in rows for col, v in zip(("average", *V1_COLS), r[1:6], strict=True)}  # fmt: skip
        expected_2023[f"open_llm_v1@{f.stem[:4]}-{f.stem[4:6]}-{f.stem[6:]}"] = len(cells)
    assert got == {
        **expected_2023,
        "open_llm_v1@2024-06-19": 7065 * 7,
        "open_llm_v2@2024-10-29": 1709 * 7,
    }
    assert expected_2023 == {
        "open_llm_v1@2023-06-19": 142 * 5,
        "open_llm_v1@2023-09-04": 6304,  # 27 rows repeated verbatim; 153 repo ids listed twice
        "open_llm_v1@2023-10-31": 527,
    }

    # Exact values: a known model's score on a known date, with its run setting
    assert _q(
        con,
        "select score, setting, evaluated_on::varchar from core.scores "
        "where source = 'open_llm_leaderboard' and model_key = 'meta-llama/Meta-Llama-3-70B-Instruct' "
        "and benchmark_id = 'open_llm_v1:mmlu'",
    ) == [(80.06, "float16", "2024-04-18")]
    assert _q(
        con,
        "select benchmark_id, score from std.scores where model_key = 'Qwen/Qwen2.5-72B-Instruct' "
        "and snapshot_date = '2024-10-29' and setting = 'bfloat16' order by 1",
    ) == [
        ("open_llm_v2:average", 38.21),
        ("open_llm_v2:bbh", 61.87),
        ("open_llm_v2:gpqa", 16.67),
        ("open_llm_v2:ifeval", 86.38),
        ("open_llm_v2:math_lvl5", 1.21),
        ("open_llm_v2:mmlu_pro", 51.4),
        ("open_llm_v2:musr", 11.74),
    ]
    # the 2023 average is a 4-task mean, kept apart from the 6-task one
    assert _q(
        con,
        "select benchmark_id, snapshot_date::varchar, score, setting from std.scores "
        "where model_key = 'tiiuae/falcon-40b-instruct' and benchmark_id like '%average%' order by 2",
    ) == [
        ("open_llm_v1:average_4", "2023-06-19", 63.2, ""),
        ("open_llm_v1:average_4", "2023-09-04", 63.47, ""),  # MMLU re-run: 54.1 → 55.4
        ("open_llm_v2:average", "2024-10-29", 10.41, "bfloat16"),
    ]

    # Claims
    claims = {
        r[0]: r[1:]
        for r in _q(
            con,
            "select model_key, access, license, params_b, base_model, is_derivative "
            "from std.model_claims where snapshot_date = '2024-10-29'",
        )
    }
    assert claims["Qwen/Qwen2.5-72B-Instruct"] == ("open", "other", 72.0, "Qwen/Qwen2.5-72B", False)
    assert claims["Qwen/Qwen2.5-Math-72B-Instruct"][3:] == ("Qwen/Qwen2.5-72B", False)
    assert claims["MaziyarPanahi/calme-2.1-qwen2.5-72b"][3:] == ("Qwen/Qwen2.5-72B", True)
    assert claims["KSU-HW-SEC/Llama3-70b-SVA-FT-500"] == (None, None, 70.0, None, True)
    assert claims["meta-llama/Meta-Llama-3-8B-Instruct"][3:] == (None, None)
    assert _q(
        con,
        "select count(*), count(*) filter (where is_derivative), count(*) filter (where access is null) "
        "from std.model_claims where snapshot_date = '2024-06-19'",
    ) == [(6748, 1914, 1936)]  # checked with polars over the capture: distinct claims
    assert _q(
        con,
        "select count(*) from std.model_claims where params_b is not null and snapshot_date < '2024-01-01'",
    ) == [(0,)]
    con.close()

    # a second fetch lists commits but downloads no file
    before = len(up.log)
    assert oll.fetch(Client(retries=0, backoff=0), store) == []
    assert not [p for p, _, _ in up.log[before:] if p.startswith("/raw.githubusercontent.com/")]


def test_fboulnois_listing_serves_lmarena_and_leaderboard_paths_side_by_side(
    upstream, shared_sources
):
    lmarena.register_leaderboard_csv(upstream, shared_sources)
    upstream_oll.register(upstream, shared_sources)
    url = f"{upstream.base}/api.github.com/repos/fboulnois/llm-leaderboard-csv/commits"
    shas = {
        path: [c["sha"] for c in requests.get(url, params={"path": path}, timeout=10).json()]
        for path in ("csv/lmsys.csv", "csv/huggingface.csv", "csv/huggingface_v2.csv")
    }
    assert shas["csv/huggingface.csv"] == ["3792cf00e845ff3a0a04e84ee6fcbbf8e287c439"]
    assert shas["csv/huggingface_v2.csv"] == ["50e56122227d0c42e919c10aee4b7ef578e137fd"]
    # the LMArena captures' five versions (one upstream commit updates every CSV at once)
    assert len(shas["csv/lmsys.csv"]) == 5
    assert "3792cf00e845ff3a0a04e84ee6fcbbf8e287c439" not in shas["csv/lmsys.csv"]


def test_listing_that_is_not_a_list_fails_with_one_line(upstream, monkeypatch, tmp_path):
    upstream.json(
        "/api.github.com/repos/dsdanielpark/open-llm-leaderboard-report/contents/assets",
        {"message": "x"},
    )
    upstream.github_env("open_llm_leaderboard")
    apply_env(monkeypatch, upstream)
    monkeypatch.setattr(oll, "CSV_PATHS", ())
    with pytest.raises(Exception) as exc:
        oll.fetch(Client(retries=0, backoff=0), RawStore(tmp_path / "raw"))
    assert str(exc.value) == (
        f"open_llm_leaderboard: {upstream.base}/api.github.com/repos/dsdanielpark/"
        "open-llm-leaderboard-report/contents/assets: expected a JSON list of directory entries, "
        "found a JSON dict"
    )


def _put(store: RawStore, name: str, data: bytes, date: str, key: str, at: str):
    return store.put(
        oll.NAME, f"https://raw.githubusercontent.com/x/{key}/{name}", data,
        snapshot_date=date, upstream_key=key, filename=name, fetched_at=at,
    )  # fmt: skip


def test_fixture_build_scores_per_snapshot_and_claims_derivation(tmp_path, overrides):
    store = RawStore(tmp_path / "raw")
    v2 = (FIXTURES / "huggingface_v2.csv").read_bytes()
    _put(store, "huggingface_v2.csv", v2, "2024-10-29", "a", "2025-01-01T00:00:00.000000Z")
    # a week later: one re-evaluation changes Qwen2.5-72B's MMLU-PRO, the rest is republished
    later = v2.replace(b",52.43,0.57,", b",55.2,0.6,")
    _put(store, "huggingface_v2.csv", later, "2024-11-05", "b", "2025-01-01T00:00:01.000000Z")
    _put(store, "huggingface.csv", (FIXTURES / "huggingface.csv").read_bytes(), "2024-06-19", "c", "2025-01-01T00:00:02.000000Z")  # fmt: skip
    _put(store, "20230619.csv", (FIXTURES / "20230619.csv").read_bytes(), "2023-06-19", "d", "2025-01-01T00:00:03.000000Z")  # fmt: skip
    _put(store, "20231031.csv", (FIXTURES / "20231031.csv").read_bytes(), "2023-10-31", "e", "2025-01-01T00:00:04.000000Z")  # fmt: skip
    result = build(store, tmp_path / "w.duckdb")
    assert result.errors == []
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)

    assert dict(
        _q(con, "select snapshot_date::varchar, count(*) from std.scores group by 1 order by 1")
    ) == {
        "2023-06-19": 3 * 5,
        "2023-10-31": 4 * 5 - 3,  # Riiid's two rows (two unlabelled runs) share 3 numbers
        "2024-06-19": 7 * 7,
        "2024-10-29": 8 * 7,
        "2024-11-05": 8 * 7,
    }
    # one repo listed twice with different numbers and no precision: both kept, core lists them
    assert _q(
        con,
        "select n_rows, n_scores, min_score, max_score from core.score_collisions "
        "where benchmark_id = 'open_llm_v1:average_4'",
    ) == [(2, 2, 73.67, 73.69)]
    assert _q(
        con,
        "select snapshot_date::varchar, score from std.scores where model_key = 'Qwen/Qwen2.5-72B' "
        "and benchmark_id = 'open_llm_v2:mmlu_pro' order by 1",
    ) == [("2024-10-29", 52.43), ("2024-11-05", 55.2)]
    assert _q(
        con,
        "select count(*) from std.scores where model_key = 'Qwen/Qwen2.5-72B-Instruct' "
        "and benchmark_id = 'open_llm_v2:ifeval'",
    ) == [(2,)]
    # one repo at two precisions: one model, two run settings
    assert _q(
        con,
        "select setting, score from core.scores where model_key = 'mistralai/Mixtral-8x7B-v0.1' "
        "and benchmark_id = 'open_llm_v1:average' order by 1",
    ) == [("bfloat16", 68.42), ("float16", 68.47)]
    assert _q(
        con,
        "select count(distinct model_id) from core.model_aliases where model_key = 'mistralai/Mixtral-8x7B-v0.1'",
    ) == [(1,)]

    claims = {
        r[0]: r[1:]
        for r in _q(
            con,
            "select model_key, access, license, params_b, base_model, is_derivative, "
            "min(snapshot_date)::varchar from std.model_claims group by all",
        )
    }
    assert claims == {
        # v2 (the same claims again on 2024-11-05)
        "dfurman/CalmeRys-78B-Orpo-v0.1": ("open", "mit", 77.0, None, True, "2024-10-29"),
        "MaziyarPanahi/calme-2.4-rys-78b": (
            "open",
            "mit",
            77.0,
            "dnhkng/RYS-XLarge",
            True,
            "2024-10-29",
        ),
        "Qwen/Qwen2.5-72B-Instruct": (
            "open",
            "other",
            72.71,
            "Qwen/Qwen2.5-72B",
            False,
            "2024-10-29",
        ),
        "Qwen/Qwen2.5-72B": ("open", "other", 72.71, None, False, "2024-10-29"),
        "Qwen/Qwen2.5-Math-72B-Instruct": (
            "open",
            "other",
            72.0,
            "Qwen/Qwen2.5-72B",
            False,
            "2024-10-29",
        ),
        "meta-llama/Meta-Llama-3-8B-Instruct": ("open", "llama3", 8.03, None, None, "2024-10-29"),
        "KSU-HW-SEC/Llama3-70b-SVA-FT-500": (None, None, None, None, True, "2024-10-29"),
        "Shreyash2010/Uma-4x4B-Instruct-v0.1": (
            "open",
            "apache-2.0",
            13.76,
            None,
            True,
            "2024-10-29",
        ),
        # v1
        "paloalma/Le_Triomphant-ECE-TW3": ("open", "apache-2.0", 72.0, None, True, "2024-06-19"),
        "SF-Foundation/Ein-70B-v2": (None, None, 72.0, None, None, "2024-06-19"),
        "meta-llama/Meta-Llama-3-70B-Instruct": ("open", "llama3", 70.0, None, None, "2024-06-19"),
        "mistralai/Mixtral-8x7B-v0.1": ("open", "apache-2.0", 46.7, None, False, "2024-06-19"),
        "rwitz2/go-bruins-v2.1.1": ("open", None, None, None, True, "2024-06-19"),
        "distilgpt2": ("open", "apache-2.0", 0.09, None, False, "2024-06-19"),
        # 2023: nothing known beyond the repo id; `Parameters` never becomes params_b
        "tiiuae/falcon-40b-instruct": ("open", None, None, None, None, "2023-06-19"),
        "timdettmers/guanaco-65b-merged": ("open", None, None, None, None, "2023-06-19"),
        "huggingface/llama-65b": ("open", None, None, None, None, "2023-06-19"),
        "ValiantLabs/ShiningValiant": ("open", None, None, None, None, "2023-10-31"),
        "Riiid/sheep-duck-llama-2": ("open", None, None, None, None, "2023-10-31"),
    }
    # one claim per model per file: Mixtral at two precisions, Riiid listed twice in 2023-10-31
    assert _q(con, "select count(*) from std.model_claims") == [(8 + 8 + 6 + 3 + 3,)]
    assert _q(con, "select count(*) from std.benchmarks where source = 'open_llm_leaderboard'") == [
        (16,)
    ]
    con.close()
    assert result.rows_loaded == {
        "open_llm_leaderboard_v1": 3 + 4 + 7,
        "open_llm_leaderboard_v2": 16,
    }
