"""A literal NaN in a score column rejects the file; the upstream's own "missing" still reads as None.

No upstream opengap reads writes NaN for a missing score (a census of every real capture found none:
missing is an empty cell, '-', JSON null or an absent key), so a NaN means a broken export. The
fixtures under tests/fixtures/nan_scores/ are in each upstream's exact format, with the NaN spelled
the way that format carries it: `NaN` in CSV and HTML cells, a bare `NaN` token in JSON, `.nan` in YAML.
"""

from __future__ import annotations

import math

import pytest

import scrapers
from scrapers._parse import nan_literal, score_float, score_int
from scrapers._types import SourceChangedError
from tests.helpers import FIXTURES, fetched_for, rows_of

NAN_FIXTURES = FIXTURES / "nan_scores"

# source, file, the NaN as written, the upstream's own spelling of "missing" in its place,
# what the error must say was found, and how to read that row's score back
CASES = [
    (
        "aider_leaderboards",
        "polyglot_leaderboard.yml",
        b"  pass_rate_2: .nan\n",
        b"",  # Aider leaves a key out when a run has no value
        "NaN in column pass_rate_2 on row 2",
        lambda rows: rows[1]["pass_rate_2"],
    ),
    (
        "lmarena_leaderboard_csv",
        "lmsys.csv",
        b",NaN,",
        b",,",
        "NaN in column arena_score on row 2",
        lambda rows: rows[1]["arena_score"],
    ),
    (
        "lmarena_arena_catalog",
        "leaderboard-text.json",
        b'"rating": NaN',
        b'"rating": null',
        "NaN in column rating on row 2 ('llama-3.1-405b-instruct-bf16' in 'full')",
        lambda rows: rows[1]["rating"],
    ),
    (
        "lmarena_hf_space",
        "leaderboard_table_20240527.csv",
        b",NaN,",
        b",-,",  # the Space's tables write '-' for a missing score
        "NaN in column MMLU on row 3",
        lambda rows: rows[2]["mmlu"],
    ),
    (
        "lmsys_blog_leaderboard_html",
        "2023-06-22-leaderboard.md",
        b"<td>NaN</td>",
        b"<td>-</td>",  # the blog's tables write '-' too
        "NaN in column Arena Elo Rating on row 2 of table 1",
        lambda rows: rows[1]["elo_rating"],
    ),
    (
        "open_llm_leaderboard",
        "huggingface_v2.csv",
        b",NaN,",
        b",,",
        "NaN in column ifeval on row 2",
        lambda rows: rows[1]["ifeval"],
    ),
    (
        "epoch_benchmarking_hub",
        "gpqa_diamond.csv",
        b",NaN,",
        b",,",
        "NaN in column mean_score on row 2",
        lambda rows: [r for r in rows if r["_table"] == "epoch_benchmarking_hub_runs"][1][
            "mean_score"
        ],
    ),
]
IDS = [c[0] for c in CASES]


def _parse(source: str, name: str, data: bytes) -> list[dict]:
    rec = fetched_for(source, NAN_FIXTURES / source / name, data=data)
    module = scrapers.load(source)
    return rows_of(module, module.parse(rec, data))


@pytest.mark.parametrize(("source", "name", "nan", "missing", "found", "score"), CASES, ids=IDS)
def test_a_nan_score_rejects_the_file(source, name, nan, missing, found, score):
    data = (NAN_FIXTURES / source / name).read_bytes()
    assert data.count(nan) == 1, "the fixture holds exactly one NaN score"
    with pytest.raises(SourceChangedError) as exc:
        _parse(source, name, data)
    err = exc.value
    assert (err.source, err.expected, err.found) == (source, "a number or empty", found)
    assert str(err) == (
        f"{source}: data/raw/{source}/{name}: expected a number or empty, found {found}"
    )
    assert "\n" not in str(err)


@pytest.mark.parametrize(("source", "name", "nan", "missing", "found", "score"), CASES, ids=IDS)
def test_the_upstreams_own_missing_value_still_reads_as_missing(
    source, name, nan, missing, found, score
):
    data = (NAN_FIXTURES / source / name).read_bytes().replace(nan, missing)
    rows = _parse(source, name, data)
    assert score(rows) is None


def test_the_real_fixtures_of_these_sources_still_parse():
    """The ordinary fixtures (no NaN) of every source above parse as before."""
    for source, name, *_ in CASES:
        path = FIXTURES / source / name
        assert _parse_path(source, path)


def _parse_path(source, path):
    data = path.read_bytes()
    module = scrapers.load(source)
    return rows_of(module, module.parse(fetched_for(source, path, data=data), data))


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("NaN", "NaN"),
        ("nan", "nan"),
        (" NAN ", "NAN"),
        ("-nan", "-nan"),
        (".nan", ".nan"),
        ("inf", "inf"),
        ("-Infinity", "-Infinity"),
        ("-.inf", "-.inf"),
        ("1e999", "1e999"),  # overflows to infinity
        (float("nan"), "NaN"),  # JSON NaN, YAML .nan
        (float("inf"), "Infinity"),
        (float("-inf"), "-Infinity"),
    ],
)
def test_nan_literal_names_how_the_value_was_written(value, shown):
    assert nan_literal(value) == shown


@pytest.mark.parametrize(
    "value", [None, "", "-", "N/A", "None", "12.5", "69.38%", "1,234", "Nancy", 3, 1.5, True]
)
def test_nan_literal_is_none_for_everything_else(value):
    assert nan_literal(value) is None


def _rec():
    return fetched_for("lmarena_hf_space", FIXTURES / "lmarena_hf_space" / "x.csv", data=b"")


@pytest.mark.parametrize(
    ("value", "expected"),
    [(None, None), ("", None), (" - ", None), ("N/A", None), ("0.887", 0.887), ("69.38%", 69.38),
     ("1,234", 1234.0), (1287, 1287.0), (0.5, 0.5), ("not a number", None)],
)  # fmt: skip
def test_score_float_reads_numbers_and_missing_values(value, expected):
    assert score_float(_rec(), value, "MMLU", 1) == expected


@pytest.mark.parametrize("value", ["NaN", "nan", "Infinity", float("nan"), float("-inf")])
def test_score_float_rejects_nan_and_infinity(value):
    with pytest.raises(SourceChangedError) as exc:
        score_float(_rec(), value, "MMLU", 7, " of table 2")
    assert exc.value.expected == "a number or empty"
    assert exc.value.found.endswith(" in column MMLU on row 7 of table 2")


def test_score_int_rounds_and_rejects_nan():
    assert score_int(_rec(), "1226.6", "Arena Elo rating", 1) == 1227
    assert score_int(_rec(), "-", "Arena Elo rating", 1) is None
    with pytest.raises(SourceChangedError, match="found NaN in column Arena Elo rating on row 4"):
        score_int(_rec(), "NaN", "Arena Elo rating", 4)
    assert not math.isnan(score_int(_rec(), "1e3", "Arena Elo rating", 1))
