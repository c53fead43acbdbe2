"""The four LMArena parsers over hand-written fixtures in each upstream's exact format."""

from __future__ import annotations

import pytest

from scrapers._types import SourceChangedError
from tests.helpers import FIXTURES, parse_fixture
from tests.upstreams import SHARED_SOURCES


def parse_fixture_path(source: str, path) -> list[dict]:
    """Parse a file outside tests/fixtures (a real capture) as the fixtures are parsed."""
    import scrapers
    from tests.helpers import fetched_for, rows_of

    data = path.read_bytes()
    module = scrapers.load(source)
    return rows_of(module, module.parse(fetched_for(source, path, data=data), data))


LMARENA_SOURCES = [
    "lmarena_hf_space",
    "lmarena_leaderboard_csv",
    "lmarena_arena_catalog",
    "lmsys_blog_leaderboard_html",
]


@pytest.mark.parametrize(
    "source,name",
    [(s, p.name) for s in LMARENA_SOURCES for p in sorted((FIXTURES / s).iterdir())],
)
def test_every_fixture_parses_to_rows_with_a_model(source, name):
    rows = parse_fixture(source, name)
    assert rows
    for row in rows:
        model = row.get("model") or row.get("model_key")
        assert model and model == model.strip()


def test_hf_space_2023_schema_has_elo_and_fraction_mmlu():
    rows = parse_fixture("lmarena_hf_space", "leaderboard_table_20230619.csv")
    assert [r["model"] for r in rows] == ["GPT-4", "Vicuna-33B", "Guanaco-33B"]
    gpt4 = rows[0]
    assert gpt4["arena_elo"] == 1227
    assert gpt4["mmlu"] == 0.864
    assert gpt4["mt_bench_win_rate_pct"] == 69.38
    assert gpt4["key"] is None and gpt4["organization"] is None
    assert rows[1]["arena_elo"] is None  # '-' means missing
    assert rows[1]["mt_bench_win_rate_pct"] is None


def test_hf_space_2024_schema_keeps_duplicates_and_keys():
    rows = parse_fixture("lmarena_hf_space", "leaderboard_table_20240527.csv")
    keys = [r["key"] for r in rows]
    assert keys.count("yi-34b-chat") == 2  # upstream repeats rows; staging keeps both
    gem = [r for r in rows if r["model"] == "Gemini-1.5-Pro-001"]
    assert {r["key"] for r in gem} == {"gemini-1.5-pro-api-0514", "gemini-1.5-pro-001"}
    assert rows[0]["knowledge_cutoff"] == "2023/10" and rows[0]["organization"] == "OpenAI"
    assert all(r["arena_elo"] is None for r in rows)


def test_leaderboard_csv_splits_asymmetric_interval():
    rows = parse_fixture("lmarena_leaderboard_csv", "lmsys.csv")
    first = rows[0]
    assert (first["model"], first["arena_score"], first["ci_plus"], first["ci_minus"]) == (
        "GPT-4o-2024-05-13",
        1287.0,
        4.0,
        3.0,
    )
    assert first["votes"] == 55826 and first["rank_stylectrl"] is None
    newer = parse_fixture("lmarena_leaderboard_csv", "lmarena_text.csv")
    assert newer[1]["rank_stylectrl"] == 5 and newer[1]["knowledge_cutoff"] is None
    assert newer[2]["license"] == "Apache 2.0"


def test_arena_catalog_rows_per_category():
    rows = parse_fixture("lmarena_arena_catalog", "leaderboard-text.json")
    assert len(rows) == 4
    full = {r["model_key"]: r for r in rows if r["category"] == "full"}
    assert full["gpt-4o-2024-05-13"]["rating_q025"] == 1281.9
    assert all(r["style_control"] is False for r in rows)


def test_arena_catalog_style_control_twin_is_the_same_shape_flagged():
    rows = parse_fixture("lmarena_arena_catalog", "leaderboard-text-style-control.json")
    assert [(r["category"], r["model_key"]) for r in rows] == [
        ("coding", "gpt-4o-2024-05-13"),
        ("full", "gpt-4o-2024-05-13"),
        ("full", "llama-3.1-405b-instruct-bf16"),
        ("hard_6", "llama-3.1-405b-instruct-bf16"),
    ]
    assert rows[2]["rating"] == 1254.0611252671818
    assert rows[2]["rating_q025"] == 1251.7060538860624
    assert all(r["style_control"] is True for r in rows)


def test_arena_catalog_style_control_scores_reach_std_flagged():
    import duckdb

    import scrapers
    from tests.helpers import fetched_for
    from warehouse import db
    from warehouse.build import _frames, parse_file

    module = scrapers.load("lmarena_arena_catalog")
    con = duckdb.connect()
    db.create_schemas(con)
    db.run_sql_file(con, db.SQL_DIR / "staging" / "lmarena_arena_catalog_ratings.sql")
    columns = db.table_columns(con, "staging", "lmarena_arena_catalog_ratings")
    for name in ("leaderboard-text.json", "leaderboard-text-style-control.json"):
        path = FIXTURES / "lmarena_arena_catalog" / name
        data = path.read_bytes()
        rec = fetched_for("lmarena_arena_catalog", path, snapshot_date="2025-04-24", data=data)
        for table, rows in parse_file(module, rec, data).items():
            con.register("_in", _frames([rows], columns, table))
            con.execute(f"insert into staging.{table} by name select * from _in")
            con.unregister("_in")
    db.run_sql_dir(con, db.SQL_DIR / "std" / "tables")
    db.run_sql_file(con, db.SQL_DIR / "std" / "sources" / "lmarena_arena_catalog.sql")
    got = con.execute(
        "select style_control, benchmark_id, source_model_name, score from std.scores "
        "where source_model_name = 'llama-3.1-405b-instruct-bf16' order by all"
    ).fetchall()
    assert got == [
        (False, "lmarena:text", "llama-3.1-405b-instruct-bf16", 1266.25),
        (True, "lmarena:text", "llama-3.1-405b-instruct-bf16", 1254.0611252671818),
        (True, "lmarena:text/hard_6", "llama-3.1-405b-instruct-bf16", 1262.0),
    ]


def _catalog_captures(name: str) -> list:
    root = SHARED_SOURCES / "lmarena_arena_catalog"
    return sorted(root.glob(f"*/{name}")) if root.is_dir() else []


@pytest.mark.parametrize(
    "path",
    _catalog_captures("leaderboard-text-style-control.json")
    or [pytest.param(None, marks=pytest.mark.skip(reason="no style-control capture present"))],
    ids=lambda p: p.parent.name if p else "none",
)
def test_real_style_control_capture_parses_every_rating_flagged(path):
    import json

    doc = json.loads(path.read_bytes())
    rows = parse_fixture_path("lmarena_arena_catalog", path)
    assert len(rows) == sum(len(v) for v in doc.values()) > 0
    assert all(r["style_control"] is True for r in rows)
    full = {r["model_key"]: r["rating"] for r in rows if r["category"] == "full"}
    assert full == {k.strip(): v["rating"] for k, v in doc["full"].items()}


def test_blog_tables_trim_names_and_keep_every_cell():
    rows = parse_fixture("lmsys_blog_leaderboard_html", "2023-06-22-leaderboard.md")
    t1 = [r for r in rows if r["table_id"] == "Table1"]
    assert [r["model"] for r in t1] == ["GPT-4", "Vicuna-33B", "Guanaco-33B"]
    assert t1[0]["model_raw"] == " GPT-4 "
    assert (t1[0]["elo_rating"], t1[0]["mmlu_pct"], t1[0]["license"]) == (1227, 86.4, "Proprietary")
    t2 = [r for r in rows if r["table_id"] == "Table2"]
    assert len(t2) == 1 and '"Average 1st Turn Score": "8.96"' in t2[0]["cells"]
    week2 = parse_fixture("lmsys_blog_leaderboard_html", "2023-05-10-leaderboard.md")
    assert week2[0]["model"] == "GPT-4" and week2[0]["rank"] == 1  # medal emoji dropped
    assert week2[1]["license"] == "Weights available; Non-commercial"


# -- bad input: one line naming source, file, expected and found ----------------------------------
BAD = [
    (
        "lmarena_leaderboard_csv",
        "lmsys.csv",
        b"rank,name,elo,votes\n1,GPT-4,1287,5\n",
        "lmarena_leaderboard_csv: data/raw/lmarena_leaderboard_csv/lmsys.csv: expected columns "
        "[rank, model, arena_score, 95_pct_ci, votes, organization, license], found [rank, name, elo, votes] "
        "(missing model, arena_score, 95_pct_ci, organization, license). The upstream layout may have changed",
    ),
    (
        "lmarena_hf_space",
        "leaderboard_table_20240527.csv",
        b"<!DOCTYPE html><html><body>Rate limited</body></html>",
        "lmarena_hf_space: data/raw/lmarena_hf_space/leaderboard_table_20240527.csv: expected a CSV file, "
        "found an HTML page (an error or login page served with status 200?)",
    ),
    (
        "lmarena_hf_space",
        "leaderboard_table_20240527.csv",
        b"",
        "lmarena_hf_space: data/raw/lmarena_hf_space/leaderboard_table_20240527.csv: expected a CSV file, "
        "found an empty file",
    ),
    (
        "lmarena_leaderboard_csv",
        "lmsys.csv",
        b"rank,model,arena_score,95_pct_ci,votes,organization,license\n1,GPT-4o,1287,+4/-3,55826,Open",
        "lmarena_leaderboard_csv: data/raw/lmarena_leaderboard_csv/lmsys.csv: expected 7 fields per row, "
        "found 6 on data row 1 (truncated or malformed file?)",
    ),
    (
        "lmarena_leaderboard_csv",
        "lmsys.csv",
        b"rank,model,arena_score,95_pct_ci,votes,organization,license\n1,GPT\xff,1287,+4/-3,5,O,P\n",
        "lmarena_leaderboard_csv: data/raw/lmarena_leaderboard_csv/lmsys.csv: expected UTF-8 text, "
        "found invalid byte 0xff at offset 65",
    ),
    (
        "lmarena_arena_catalog",
        "leaderboard-text.json",
        b'[{"model": "gpt-4o", "rating": 1285}]',
        "lmarena_arena_catalog: data/raw/lmarena_arena_catalog/leaderboard-text.json: expected an object "
        "of category → model → rating, found a JSON list",
    ),
    (
        "lmarena_arena_catalog",
        "leaderboard-text.json",
        b'{"full": {"gpt-4o": {"rating": 12',
        "lmarena_arena_catalog: data/raw/lmarena_arena_catalog/leaderboard-text.json: expected valid JSON, "
        "found Expecting ',' delimiter at line 1 column 34 (truncated file?)",
    ),
    (
        "lmsys_blog_leaderboard_html",
        "2023-06-22-leaderboard.md",
        b"<html><body><p>Page moved</p></body></html>",
        "lmsys_blog_leaderboard_html: data/raw/lmsys_blog_leaderboard_html/2023-06-22-leaderboard.md: "
        "expected at least one <table>, found no table in the page",
    ),
]


@pytest.mark.parametrize("source,name,data,message", BAD)
def test_bad_input_gives_one_line_error(source, name, data, message):
    with pytest.raises(SourceChangedError) as info:
        parse_fixture(source, name, data=data)
    assert str(info.value) == message
    assert "\n" not in str(info.value)


@pytest.mark.parametrize(
    ("models", "found"),
    [
        # scores are read a column at a time; the error is the first bad value in model order
        (
            {"a": {"rating": 1.0, "rating_q025": "NaN"}, "b": {"rating": float("nan")}},
            "NaN in column rating_q025 on row 1 ('a' in 'full')",
        ),
        ({"a": {"rating": float("inf")}, "b": ["no rating"]}, "Infinity in column rating on row 1"),
        ({"a": {"rating": 1.0}, "b": {"q": 1}, "c": {"rating": "NaN"}}, "{'q': 1}"),
    ],
    ids=["earlier-model-first", "score-before-a-later-shape", "shape-before-a-later-score"],
)
def test_arena_catalog_the_first_problem_in_model_order_fails_the_file(models, found):
    import json

    data = json.dumps({"full": models}).encode()  # json.dumps writes NaN and Infinity as such
    with pytest.raises(SourceChangedError) as exc:
        parse_fixture("lmarena_arena_catalog", "leaderboard-text.json", data=data)
    assert found in str(exc.value)
    assert "\n" not in str(exc.value)
