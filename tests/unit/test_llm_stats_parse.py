"""llm_stats.parse over hand-written model records (both repository layouts), its one-line errors,
and the std scores, benchmarks and claims in SQL."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import duckdb
import pytest

from scrapers import llm_stats
from scrapers._types import Fetched, SourceChangedError
from warehouse import db
from warehouse.build import _frame, parse_file

FIXTURES = Path(__file__).parents[1] / "fixtures" / "llm_stats"
FILES = sorted(p.relative_to(FIXTURES).as_posix() for p in FIXTURES.rglob("*.json"))
O3 = "models/openai/o3-2025-04-16/model.json"
MAVERICK = "data/organizations/meta/models/llama-4-maverick"
WHERE = "llm_stats: data/raw/llm_stats/abababababababab.json"
RAW = "https://raw.githubusercontent.com/JonathanChavezTamales/LLMStats/main"


def fetched(
    rel: str, data: bytes, *, filename: str | None = None, url: str | None = None
) -> Fetched:
    return Fetched(
        source=llm_stats.NAME,
        url=url or f"{RAW}/{rel}",
        fetched_at="2025-05-22T06:00:00.000000Z",
        sha256=hashlib.sha256(data).hexdigest(),
        path="llm_stats/abababababababab.json",
        bytes=len(data),
        snapshot_date="2025-05-22",
        filename=rel if filename is None else filename,
    )


def rows_of(rel: str, data: bytes | None = None, **kw) -> list[dict]:
    data = (FIXTURES / rel).read_bytes() if data is None else data
    return list(llm_stats.parse(fetched(rel, data, **kw), data))


def error_of(rel: str, data: bytes, **kw) -> str:
    with pytest.raises(SourceChangedError) as exc:
        rows_of(rel, data, **kw)
    return str(exc.value)


@pytest.mark.parametrize("rel", FILES)
def test_every_fixture_keeps_every_key(rel):
    doc = json.loads((FIXTURES / rel).read_text(encoding="utf-8"))
    rows = rows_of(rel)
    models = [r for r in rows if r["_table"] == "llm_stats_models"]
    scores = [r for r in rows if r["_table"] == "llm_stats_scores"]
    if isinstance(doc, list):
        assert (models, len(scores)) == ([], len(doc))
        entries = doc
    else:
        assert len(models) == 1
        extra = json.loads(models[0]["extra"] or "{}")
        assert set(extra) | (llm_stats.MODEL_KEYS & set(doc)) == set(doc)
        entries = doc.get("qualitative_metrics", [])
    assert len(scores) == len(entries)
    for row, entry in zip(scores, entries, strict=True):
        assert set(json.loads(row["extra"] or "{}")) | (llm_stats.SCORE_KEYS & set(entry)) == set(
            entry
        )


def test_old_layout_model_row_is_exact():
    model = rows_of(O3)[0]
    extra = json.loads(model.pop("extra"))
    assert model == {
        "_table": "llm_stats_models",
        "repo_path": O3,
        "layout": "models",
        "organization": "openai",
        "model_id": "o3-2025-04-16",
        "name": "o3",
        "release_date": "2025-04-16",
        "announcement_date": None,
        "license": "Proprietary",
        "license_id": None,
        "param_count": None,
        "input_context_size": 200000.0,
        "output_context_size": 100000.0,
        "knowledge_cutoff": "2024-05-31",
        "multimodal": True,
        "fine_tuned_from_model_id": None,
        "canonical_model_id": None,
        "weights_link": None,
        "training_tokens": None,
        "n_scores": 4,
    }
    assert extra["description"] == "OpenAI's most powerful reasoning model."
    assert extra["web_hydrated"] is False


def test_old_layout_score_rows_are_exact():
    gpqa = rows_of(O3)[1]
    assert gpqa == {
        "_table": "llm_stats_scores",
        "repo_path": O3,
        "organization": "openai",
        "model_id": "o3-2025-04-16",
        "model_name": "o3",
        "entry_number": 1,
        "dataset_name": "GPQA",
        "benchmark_key": None,
        "benchmark_slug": "gpqa",
        "score": 0.833,
        "score_unit": None,
        "is_self_reported": True,
        "analysis_method": "diamond accuracy (no tools)",
        "date_recorded": "2025-04-16",
        "recorded_date": "2025-04-16",
        "source_link": "https://openai.com/index/introducing-o3-and-o4-mini/",
        "extra": None,
    }


def test_quirks_month_only_dates_missing_flags_and_off_scale_scores_are_kept_as_published():
    rows = {r["entry_number"]: r for r in rows_of("models/qwen/qwen3-32b/model.json")[1:]}
    assert (rows[1]["dataset_name"], rows[1]["score"]) == ("CodeForces", 1977.0)
    assert (rows[2]["date_recorded"], rows[2]["recorded_date"]) == ("2025-04", None)
    assert rows[3]["is_self_reported"] is None
    assert [r["benchmark_slug"] for r in rows.values()] == [
        "codeforces",
        "humaneval_plus",
        "humaneval",
        "graphwalks_bfs_lt_128k",
        "graphwalks_bfs_gt_128k",
    ]


def test_successor_layout_model_and_benchmarks():
    model = rows_of(f"{MAVERICK}/model.json")[0]
    assert (model["repo_path"], model["layout"], model["organization"], model["model_id"]) == (
        f"{MAVERICK}/model.json",
        "organizations",
        "meta",
        "llama-4-maverick",
    )
    assert (model["license"], model["license_id"], model["announcement_date"]) == (
        None,
        "llama_4_community_license",
        "2025-04-05",
    )
    assert (
        model["weights_link"]
        == "https://huggingface.co/meta-llama/Llama-4-Maverick-17B-128E-Instruct"
    )
    scores = rows_of(f"{MAVERICK}/benchmarks.json")
    assert [
        (s["benchmark_key"], s["benchmark_slug"], s["score"], s["score_unit"]) for s in scores
    ] == [
        ("mmlu-pro", "mmlu_pro", 0.805, None),
        ("gpqa", "gpqa", 69.8, "percentage"),
    ]
    assert {(s["organization"], s["model_id"], s["model_name"]) for s in scores} == {
        ("meta", "llama-4-maverick", None)
    }


def test_organization_comes_from_the_url_when_the_record_has_only_a_file_name():
    model = rows_of(O3, filename="model.json")[0]
    assert (model["organization"], model["model_id"], model["repo_path"]) == (
        "openai",
        "o3-2025-04-16",
        O3,
    )


def test_slug_keeps_variants_apart():
    assert (
        llm_stats.slug("SWE-bench Verified")
        == llm_stats.slug("SWE-Bench Verified")
        == "swe_bench_verified"
    )
    assert llm_stats.slug("HumanEval+") == "humaneval_plus"
    assert llm_stats.slug("Graphwalks BFS >128k") == "graphwalks_bfs_gt_128k"
    assert llm_stats.slug("Translation en→Set1 COMET22") == "translation_en_to_set1_comet22"
    assert llm_stats.slug("Humanity's Last Exam") == "humanity_s_last_exam"


def test_git_blob_sha_is_gits():
    assert llm_stats.git_blob_sha(b"hello\n") == "ce013625030ba8dba906f756967f9e9ca394464a"


O3_BYTES = (FIXTURES / O3).read_bytes()
O3_DOC = json.loads(O3_BYTES)


def _o3(**changes) -> bytes:
    doc = {**O3_DOC, **changes}
    return json.dumps({k: v for k, v in doc.items() if v is not ...}).encode()


@pytest.mark.parametrize(
    ("rel", "data", "message"),
    [
        (O3, b"", f"{WHERE}: expected a JSON file, found an empty file"),
        (
            O3,
            b"<!DOCTYPE html><html><body>404: Not Found</body></html>",
            f"{WHERE}: expected a JSON file, found an HTML page (an error or login page served with status 200?)",
        ),
        (
            O3,
            O3_BYTES[:200],
            f"{WHERE}: expected valid JSON, found Expecting value at line 7 column 25 (truncated file?)",
        ),
        (
            O3,
            b"[1, 2]",
            f"{WHERE}: expected a JSON list only as .../organizations/<org>/models/<model>/benchmarks.json, "
            f"found a JSON list in {O3}",
        ),
        (
            O3,
            b'{"title": "o3"}',
            f"{WHERE}: expected a model record (a JSON object with a name), found keys [title]",
        ),
        (
            O3,
            _o3(license=...),
            f"{WHERE}: expected a model record with release_date and license (or license_id), found keys "
            "[api_ref_link, canonical_model_id, description, fine_tuned_from_model_id, input_context_size, "
            "knowledge_cutoff, multimodal, name, output_context_size, paper_link]",
        ),
        (
            O3,
            _o3(release_date="April 16, 2025"),
            f"{WHERE}: expected release_date as YYYY-MM-DD, found 'April 16, 2025' in the model record",
        ),
        (
            O3,
            _o3(qualitative_metrics={"GPQA": 0.833}),
            f"{WHERE}: expected qualitative_metrics as a JSON list, found a JSON dict",
        ),
        (
            O3,
            _o3(qualitative_metrics=["GPQA"]),
            f"{WHERE}: expected benchmark entries as JSON objects, found a JSON str at entry 1",
        ),
        (
            O3,
            _o3(qualitative_metrics=[{"score": 0.833}]),
            f"{WHERE}: expected a dataset_name (or benchmark_id) in every benchmark entry, found keys [score] at entry 1",
        ),
        (
            O3,
            _o3(qualitative_metrics=[{"dataset_name": "GPQA", "score": "83.3%"}]),
            f"{WHERE}: expected a numeric score, found '83.3%' at entry 1",
        ),
        (
            "benchmarks.json",
            b"[]",
            f"{WHERE}: expected a JSON list only as .../organizations/<org>/models/<model>/benchmarks.json, "
            "found a JSON list in benchmarks.json",
        ),
    ],
    ids=[
        "empty",
        "html",
        "truncated",
        "list-as-model",
        "not-a-model",
        "no-license",
        "bad-date",
        "metrics-dict",
        "entry-not-object",
        "entry-without-name",
        "string-score",
        "benchmarks-without-path",
    ],
)
def test_bad_input_raises_one_line(rel, data, message):
    url = "https://example.invalid/upload" if rel == "benchmarks.json" else None
    assert error_of(rel, data, url=url) == message


# -- the std adapter --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def std() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    db.create_schemas(con)
    for table in llm_stats.TABLES:
        db.run_sql_file(con, db.SQL_DIR / "staging" / f"{table}.sql")
    columns = {t: db.table_columns(con, "staging", t) for t in llm_stats.TABLES}
    for rel in FILES:
        data = (FIXTURES / rel).read_bytes()
        for table, rows in parse_file(llm_stats, fetched(rel, data), data).items():
            if rows:
                con.register("_in", _frame(rows, columns[table], table))
                con.execute(f"insert into staging.{table} by name select * from _in")
                con.unregister("_in")
    db.run_sql_file(con, db.SQL_DIR / "macros.sql")
    db.run_sql_dir(con, db.SQL_DIR / "std" / "tables")
    db.run_sql_file(con, db.SQL_DIR / "std" / "sources" / "llm_stats.sql")
    return con


def test_scores_are_fractions_with_setting_and_vendor_flag(std):
    got = std.sql(
        "select model_key, source_model_name, benchmark_id, round(score, 6), setting, is_self_reported, "
        "evaluated_on::varchar from std.scores order by all"
    ).fetchall()
    assert got == [
        (
            "deepseek-r1-zero",
            "DeepSeek-R1-Zero",
            "llm_stats:aime_2024",
            0.71,
            "Pass@1",
            False,
            "2025-01-20",
        ),
        (
            "deepseek-r1-zero",
            "DeepSeek-R1-Zero",
            "llm_stats:aime_2024",
            0.867,
            "Cons@64",
            False,
            "2025-01-20",
        ),
        (
            "deepseek-r1-zero",
            "DeepSeek-R1-Zero",
            "llm_stats:gpqa",
            0.733,
            "Pass@1 Diamond",
            False,
            "2025-01-20",
        ),
        # benchmarks.json has no name: the model.json's; a percentage becomes a fraction
        (
            "llama-4-maverick",
            "Llama 4 Maverick",
            "llm_stats:gpqa",
            0.698,
            "Diamond, 0-shot CoT",
            True,
            "2025-04-05",
        ),
        (
            "llama-4-maverick",
            "Llama 4 Maverick",
            "llm_stats:mmlu_pro",
            0.805,
            "0-shot CoT",
            True,
            "2025-04-05",
        ),
        (
            "o3-2025-04-16",
            "o3",
            "llm_stats:aider_polyglot",
            0.813,
            "accuracy (whole)",
            True,
            "2025-04-16",
        ),
        (
            "o3-2025-04-16",
            "o3",
            "llm_stats:gpqa",
            0.833,
            "diamond accuracy (no tools)",
            True,
            "2025-04-16",
        ),
        (
            "o3-2025-04-16",
            "o3",
            "llm_stats:humanity_s_last_exam",
            0.2032,
            "accuracy (no tools)",
            True,
            "2025-04-16",
        ),
        (
            "o3-2025-04-16",
            "o3",
            "llm_stats:swe_bench_verified",
            0.691,
            "accuracy",
            True,
            "2025-04-16",
        ),
        (
            "qwen3-32b",
            "Qwen3 32B",
            "llm_stats:graphwalks_bfs_gt_128k",
            0.19,
            "Score",
            True,
            "2025-04-29",
        ),
        (
            "qwen3-32b",
            "Qwen3 32B",
            "llm_stats:graphwalks_bfs_lt_128k",
            0.62,
            "Score",
            True,
            "2025-04-29",
        ),
        # no is_self_reported in the entry: a vendor claim
        ("qwen3-32b", "Qwen3 32B", "llm_stats:humaneval", 0.88, "pass@1", True, "2025-04-29"),
        ("qwen3-32b", "Qwen3 32B", "llm_stats:humaneval_plus", 0.85, "pass@1", True, None),
    ]  # CodeForces 1977 (an Elo) is not a fraction: staging only


def test_every_benchmark_is_declared_once_on_a_fraction_scale(std):
    got = std.sql(
        "select benchmark_id, name, task, unit, scale_min, scale_max, evaluation "
        "from std.benchmarks order by benchmark_id"
    ).fetchall()
    assert got == [
        (
            "llm_stats:aider_polyglot",
            "LLM Stats: Aider-Polyglot",
            "aider_polyglot",
            "fraction",
            0,
            1,
            "self_reported",
        ),
        (
            "llm_stats:aime_2024",
            "LLM Stats: AIME 2024",
            "aime_2024",
            "fraction",
            0,
            1,
            "independent",
        ),
        ("llm_stats:gpqa", "LLM Stats: GPQA", "gpqa", "fraction", 0, 1, "mixed"),
        (
            "llm_stats:graphwalks_bfs_gt_128k",
            "LLM Stats: Graphwalks BFS >128k",
            None,
            "fraction",
            0,
            1,
            "self_reported",
        ),
        (
            "llm_stats:graphwalks_bfs_lt_128k",
            "LLM Stats: Graphwalks BFS <128k",
            None,
            "fraction",
            0,
            1,
            "self_reported",
        ),
        (
            "llm_stats:humaneval",
            "LLM Stats: HumanEval",
            "humaneval",
            "fraction",
            0,
            1,
            "self_reported",
        ),
        (
            "llm_stats:humaneval_plus",
            "LLM Stats: HumanEval+",
            None,
            "fraction",
            0,
            1,
            "self_reported",
        ),
        (
            "llm_stats:humanity_s_last_exam",
            "LLM Stats: Humanity's Last Exam",
            "hle",
            "fraction",
            0,
            1,
            "self_reported",
        ),
        (
            "llm_stats:mmlu_pro",
            "LLM Stats: mmlu-pro",
            "mmlu_pro",
            "fraction",
            0,
            1,
            "self_reported",
        ),
        (
            "llm_stats:swe_bench_verified",
            "LLM Stats: SWE-Bench Verified",
            "swe_bench_verified",
            "fraction",
            0,
            1,
            "self_reported",
        ),
    ]


def test_claims_take_access_from_the_licence(std):
    got = std.sql(
        "select model_key, source_model_name, organization, license, access, hf_repo_id, "
        "release_date::varchar, announce_date::varchar, params_b from std.model_claims order by all"
    ).fetchall()
    assert got == [
        (
            "deepseek-r1-zero",
            "DeepSeek-R1-Zero",
            "deepseek",
            "MIT",
            "open",
            "deepseek-ai/DeepSeek-R1-Zero",
            "2025-01-20",
            None,
            671.0,
        ),
        (
            "gpt-4.1-2025-04-14",
            "GPT-4.1",
            "openai",
            "proprietary",
            "api",
            None,
            "2025-04-14",
            "2025-04-14",
            None,
        ),
        (
            "llama-4-maverick",
            "Llama 4 Maverick",
            "meta",
            "llama_4_community_license",
            "open",
            "meta-llama/Llama-4-Maverick-17B-128E-Instruct",
            "2025-04-05",
            "2025-04-05",
            400.0,
        ),
        (
            "mistral-small-2409",
            "Mistral Small",
            "mistral",
            "Mistral Research License",
            "open",
            "mistralai/Mistral-Small-Instruct-2409",
            "2024-09-17",
            None,
            22.0,
        ),
        ("o3-2025-04-16", "o3", "openai", "Proprietary", "api", None, "2025-04-16", None, None),
        ("qwen3-32b", "Qwen3 32B", "qwen", "Apache 2.0", "open", None, "2025-04-29", None, None),
    ]
