"""Release dates and openness on hand-made models: the core SQL (model_facts, model_release_dates,
model_release_dates_by_rule, models) run on toy claims whose right answers are known by construction.

Each test is one rule of docs/registry.md: a curated date always wins; precedence with an outlier
guard (the date in the id is a floor; one source far from the agreement of the others is refused);
a leaderboard file's date is never a release date (LiveBench) and an imputed first-seen date is
flagged and never beats a sourced one; the open side is dated by its weights; a first-party Hub repo
or an open licence outranks an 'api' label; a lab's own release on its own base is no derivative."""

from __future__ import annotations

import datetime as dt

import duckdb
import polars as pl
import pytest

from warehouse import db

CORE = db.SQL_DIR / "core"
CLAIM_COLUMNS = {
    "source": "varchar",
    "source_model_name": "varchar",
    "model_key": "varchar",
    "snapshot_date": "date",
    "display_name": "varchar",
    "organization": "varchar",
    "country": "varchar",
    "license": "varchar",
    "access": "varchar",
    "hf_repo_id": "varchar",
    "url": "varchar",
    "release_date": "date",
    "announce_date": "date",
    "weights_date": "date",
    "params_b": "double",
    "base_model": "varchar",
    "is_derivative": "boolean",
    "knowledge_cutoff": "varchar",
    "source_url": "varchar",
    "fetched_at": "timestamp",
    "sha256": "varchar",
    "fetch_id": "varchar",
}
MODEL_COLUMNS = [
    "model_id",
    "access",
    "license",
    "release_date",
    "weights_date",
    "is_derivative",
    "base_model_id",
    "family",
    "reason",
]


def _d(s: str | None) -> dt.date | None:
    return dt.date.fromisoformat(s) if s else None


def build(claims: list[dict], curated: list[dict] = (), scores: list[tuple] = ()):
    """A warehouse with just enough of std and core for the registry SQL, then that SQL run."""
    con = duckdb.connect()
    con.execute("create schema std; create schema core")
    cols = ", ".join(f"{c} {t}" for c, t in CLAIM_COLUMNS.items())
    con.execute(f"create table std.model_claims ({cols})")
    con.execute(
        "create table core.model_aliases (source varchar, source_model_name varchar, "
        "model_key varchar, model_id varchar, method varchar, confidence double, "
        "evidence varchar, setting varchar)"
    )
    con.execute(
        "create table core.scores (model_id varchar, benchmark_id varchar, snapshot_date date, "
        "source varchar, score double)"
    )
    for c in claims:
        row = {k: None for k in CLAIM_COLUMNS}
        row.update(c)
        row["source_model_name"] = row["source_model_name"] or c["model_id"]
        for k in ("release_date", "announce_date", "weights_date", "snapshot_date"):
            row[k] = _d(row[k])
        row.pop("model_id", None)
        con.execute(
            f"insert into std.model_claims values ({', '.join('?' * len(CLAIM_COLUMNS))})",
            [row[k] for k in CLAIM_COLUMNS],
        )
        con.execute(
            "insert into core.model_aliases values (?, ?, null, ?, 'exact', 1.0, '', '')",
            [row["source"], row["source_model_name"], c["model_id"]],
        )
    for model_id, source, snapshot in scores:
        con.execute(
            "insert into core.scores values (?, 'b', ?, ?, 1.0)", [model_id, _d(snapshot), source]
        )
        con.execute(
            "insert into core.model_aliases values (?, ?, null, ?, 'exact', 1.0, '', '')",
            [source, model_id, model_id],
        )
    frames = {
        "registry_models": pl.DataFrame(
            [[str(r.get(c, "") or "") for c in MODEL_COLUMNS] for r in curated],
            schema={c: pl.String for c in MODEL_COLUMNS},
            orient="row",
        ),
        "registry_licenses": pl.DataFrame(
            [
                ["mit", "MIT", "yes", ""],
                ["apache-2.0", "Apache-2.0", "yes", ""],
                ["proprietary", "", "n/a", ""],
            ],
            schema={c: pl.String for c in ("license", "spdx", "commercial_use", "reason")},
            orient="row",
        ),
        "registry_hf_orgs": pl.DataFrame(
            [
                ["microsoft", "Microsoft", ""],
                ["deepseek-ai", "DeepSeek", ""],
                ["qwen", "Alibaba", ""],
            ],
            schema={c: pl.String for c in ("hf_owner", "organization", "reason")},
            orient="row",
        ),
    }
    for name, frame in frames.items():
        con.register(name, frame)
    for table in ("model_facts", "model_release_dates", "model_release_dates_by_rule", "models"):
        db.run_sql_file(con, CORE / f"{table}.sql")
    return con


def _dicts(cur) -> list[dict]:
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def candidates(con, model_id: str) -> list[dict]:
    return _dicts(
        con.execute(
            "select * from core.model_release_dates where model_id = ? order by date, source",
            [model_id],
        )
    )


def chosen(con, model_id: str, rule: str = "earliest_public") -> tuple:
    return con.execute(
        "select date::varchar, kind, source, is_imputed from core.model_release_dates_by_rule "
        "where model_id = ? and rule = ?",
        [model_id, rule],
    ).fetchone()


def model(con, model_id: str) -> dict:
    return _dicts(con.execute("select * from core.models where model_id = ?", [model_id]))[0]


def test_one_wrong_source_never_beats_the_agreement_of_the_others():
    # DeepSeek-V2.5's shape: llm_stats gives DeepSeek-V2's May date, three others September
    claims = [
        dict(model_id="m", source="llm_stats", access="open", release_date="2024-05-08"),
        dict(model_id="m", source="artificial_analysis", release_date="2024-09-06"),
        dict(model_id="m", source="epoch_benchmarking_hub", release_date="2024-09-06"),
        dict(model_id="m", source="aider_leaderboards", release_date="2024-09-05"),
    ]
    con = build(claims)
    assert chosen(con, "m") == ("2024-09-06", "weights", "epoch_benchmarking_hub", False)
    (wrong,) = [c for c in candidates(con, "m") if c["source"] == "llm_stats"]
    assert wrong["is_rejected"] and not wrong["is_chosen"]
    assert wrong["choice"].startswith("rejected: 121 days from 3 of 3 other sources")
    # every candidate is kept, each with why it was or was not chosen
    assert len(candidates(con, "m")) == 4
    assert all(c["choice"] for c in candidates(con, "m"))
    assert sum(c["is_chosen"] for c in candidates(con, "m")) == 1
    # the sensitivity rule 'earliest_any' still sees the outlier
    assert chosen(con, "m", "earliest_any")[0] == "2024-05-08"


def test_without_agreement_precedence_decides_not_the_earliest_date():
    # Qwen1.5-110B's shape: two sources, 80 days apart: no majority, so precedence (AA over Aider)
    claims = [
        dict(model_id="m", source="aider_leaderboards", access="open", release_date="2024-02-04"),
        dict(model_id="m", source="artificial_analysis", release_date="2024-04-25"),
    ]
    con = build(claims)
    assert chosen(con, "m")[:3] == ("2024-04-25", "weights", "artificial_analysis")
    assert not any(c["is_rejected"] for c in candidates(con, "m"))


def test_a_date_before_the_date_in_the_id_is_refused():
    claims = [
        dict(
            model_id="gpt-x-2024-01-25", source="llm_stats", access="api", release_date="2023-03-21"
        ),
    ]
    con = build(claims)
    assert chosen(con, "gpt-x-2024-01-25")[:3] == ("2024-01-25", "checkpoint", "model_id")
    (early,) = [c for c in candidates(con, "gpt-x-2024-01-25") if c["source"] == "llm_stats"]
    assert early["is_rejected"] and "earlier than the date in the model's id" in early["choice"]


def test_a_date_long_after_the_first_scored_appearance_is_refused():
    # Qwen2.5-14B-Instruct's shape: Epoch's hub says 2025-02-26, llm_stats 2024-09-19, and the Open
    # LLM Leaderboard scored it on 2024-10-29: the later date cannot be its release
    claims = [
        dict(
            model_id="m", source="epoch_benchmarking_hub", access="open", release_date="2025-02-26"
        ),
        dict(model_id="m", source="llm_stats", release_date="2024-09-19"),
    ]
    con = build(claims, scores=[("m", "open_llm_leaderboard", "2024-10-29")])
    assert chosen(con, "m")[:3] == ("2024-09-19", "weights", "llm_stats")
    (late,) = [c for c in candidates(con, "m") if c["source"] == "epoch_benchmarking_hub"]
    assert late["is_rejected"] and "after its first scored appearance" in late["choice"]
    # within 30 days of the first appearance a date stands (the leaderboard may list it early)
    con = build(claims[:1], scores=[("m", "open_llm_leaderboard", "2025-02-01")])
    assert chosen(con, "m")[:3] == ("2025-02-26", "weights", "epoch_benchmarking_hub")


def test_a_curated_date_always_wins_even_when_later():
    claims = [
        dict(model_id="m", source="artificial_analysis", access="open", release_date="2024-12-12"),
        dict(model_id="m", source="llm_stats", release_date="2024-12-12"),
        dict(model_id="m", source="epoch_benchmarking_hub", release_date="2024-12-12"),
    ]
    # Phi-4's shape: hosted (Azure) on 2024-12-12, weights on the Hub 2025-01-08
    curated = [dict(model_id="m", release_date="2024-12-12", weights_date="2025-01-08", reason="r")]
    con = build(claims, curated)
    assert chosen(con, "m")[:3] == ("2025-01-08", "weights", "curated")
    kinds = {(c["kind"], str(c["date"])) for c in candidates(con, "m") if c["source"] == "curated"}
    # both dates recorded: the hosted availability as 'api', the weights as 'weights'
    assert kinds == {("api", "2024-12-12"), ("weights", "2025-01-08")}
    assert model(con, "m")["weights_date"] == dt.date(2025, 1, 8)


def test_the_open_side_is_dated_by_its_weights_the_other_by_availability():
    claims = [
        dict(model_id="o", source="epoch_ai_models", access="open", announce_date="2024-03-01"),
        dict(model_id="o", source="hf_cards", weights_date="2024-03-20"),
        dict(model_id="p", source="epoch_ai_models", access="api", announce_date="2024-03-01"),
        dict(model_id="p", source="llm_stats", release_date="2024-03-20"),
    ]
    con = build(claims)
    assert chosen(con, "o")[:2] == ("2024-03-20", "weights")
    assert chosen(con, "o", "announce")[:2] == ("2024-03-01", "announce")
    assert chosen(con, "p")[:2] == ("2024-03-20", "api")


def test_leaderboard_dates_are_imputed_flagged_and_never_beat_a_sourced_date():
    claims = [dict(model_id="s", source="llm_stats", access="api", release_date="2024-06-01")]
    scores = [
        ("s", "lmarena_leaderboard_csv", "2024-05-20"),  # listed before its stated release
        ("u", "lmarena_leaderboard_csv", "2024-07-01"),  # no sourced date at all
        ("lb", "livebench", "2024-06-24"),  # LiveBench's table date: a question set, not a run
    ]
    con = build(claims, scores=scores)
    assert chosen(con, "s") == ("2024-06-01", "api", "llm_stats", False)
    assert chosen(con, "u") == ("2024-07-01", "first_leaderboard", "lmarena_leaderboard_csv", True)
    assert model(con, "u")["release_date_is_imputed"] is True
    assert model(con, "s")["release_date_is_imputed"] is False
    # LiveBench's file date gives no candidate at all
    assert candidates(con, "lb") == []
    assert model(con, "lb")["release_date_kind"] == "unknown"


def test_a_month_day_id_is_dated_in_the_year_of_its_first_arena_listing():
    scores = [("gemini-pro-api-0409-preview", "lmarena_leaderboard_csv", "2024-04-26")]
    con = build([], scores=scores)
    assert chosen(con, "gemini-pro-api-0409-preview")[:3] == (
        "2024-04-09",
        "checkpoint",
        "model_id",
    )


def test_a_first_party_repo_or_an_open_licence_outranks_an_api_label():
    claims = [
        # Phi-4-mini's shape: Epoch says API access; others give a microsoft/ repo and MIT
        dict(model_id="mini", source="epoch_ai_models", access="api", organization="Microsoft"),
        dict(model_id="mini", source="llm_stats", access="open", hf_repo_id="microsoft/Mini"),
        # an open licence alone
        dict(model_id="lic", source="epoch_ai_models", access="api"),
        dict(model_id="lic", source="artificial_analysis", access="open", license="MIT"),
        # a proprietary licence is no evidence: the database's label stands
        dict(model_id="prop", source="epoch_ai_models", access="api"),
        dict(model_id="prop", source="artificial_analysis", access="open", license="Proprietary"),
    ]
    con = build(claims)
    assert model(con, "mini")["access_class"] == "open"
    assert model(con, "lic")["access_class"] == "open"
    assert model(con, "prop")["access_class"] == "api"
    # a curated label still wins over everything
    con = build(claims, [dict(model_id="mini", access="api", reason="r")])
    assert model(con, "mini")["access_class"] == "api"


@pytest.mark.parametrize(
    ("model_id", "organization", "hf_repo_id", "base_model", "expected"),
    [
        ("r1", "DeepSeek", "deepseek-ai/R1", "DeepSeek-V3", False),  # the lab's own base
        ("qwq", "Alibaba", "Qwen/QwQ-32B", "Qwen2.5-Coder (32B)", False),  # via its Hub namespace
        ("distill", "DeepSeek", "deepseek-ai/Distill-Llama", "Llama-3.3-70B-Instruct", True),
        ("nemotron", "NVIDIA", "nvidia/Nemotron", "Llama-3.1-70B-Instruct", True),
        # a Hub owner in the base's repo id may be a mirror: only the name's word counts
        ("hermes", "Nous Research", "teknium/OpenHermes", "NousResearch/Llama-2-7b-hf", True),
    ],
)
def test_first_party_releases_are_never_derivatives(
    model_id, organization, hf_repo_id, base_model, expected
):
    claims = [
        dict(
            model_id=model_id,
            source="epoch_ai_models",
            access="open",
            organization=organization,
            hf_repo_id=hf_repo_id,
            base_model=base_model,
            is_derivative=True,
        )
    ]
    con = build(claims)
    assert model(con, model_id)["is_derivative"] is expected


def test_a_curated_derivative_stays_one():
    claims = [
        dict(
            model_id="w",
            source="epoch_ai_models",
            access="open",
            organization="Microsoft",
            base_model="Microsoft-base",
            is_derivative=True,
        )
    ]
    con = build(claims, [dict(model_id="w", is_derivative="true", reason="r")])
    assert model(con, "w")["is_derivative"] is True
    con = build(claims)
    assert model(con, "w")["is_derivative"] is False


def test_rules_read_a_snapshot_published_before_the_choice_columns():
    # an older snapshot's core.model_release_dates has no precedence/is_chosen: by_rule still builds
    con = duckdb.connect()
    con.execute("create schema core")
    con.execute(
        "create table core.model_release_dates as select * from (values "
        "('m', 'api', date '2024-02-01', 'llm_stats', 'e'), "
        "('m', 'first_leaderboard', date '2024-01-01', 'lmarena_hf_space', 'e')) "
        "t(model_id, kind, date, source, evidence)"
    )
    db.run_sql_file(con, CORE / "model_release_dates_by_rule.sql")
    assert con.execute(
        "select date::varchar, kind, is_imputed from core.model_release_dates_by_rule "
        "where rule = 'earliest_public'"
    ).fetchone() == ("2024-02-01", "api", False)


@pytest.mark.parametrize("first", ["lmarena_leaderboard_csv", "aider_leaderboards"])
def test_a_tie_on_the_first_leaderboard_date_is_broken_by_source_name(first):
    # two leaderboards score the model first on the same day: whichever row the engine meets first,
    # the chosen source is the first by name, under every rule that reports one
    other = ({"lmarena_leaderboard_csv", "aider_leaderboards"} - {first}).pop()
    scores = [("t", first, "2024-07-01"), ("t", other, "2024-07-01"), ("t", other, "2024-08-01")]
    con = build([], scores=scores)
    for rule in ("earliest_public", "first_leaderboard", "earliest_any"):
        assert chosen(con, "t", rule) == (
            "2024-07-01",
            "first_leaderboard",
            "aider_leaderboards",
            True,
        )
    (picked,) = [c for c in candidates(con, "t") if c["is_chosen"]]
    assert picked["source"] == "aider_leaderboards"
    # the imputed candidate row itself names the same source
    assert [c["source"] for c in candidates(con, "t")] == ["aider_leaderboards"]


@pytest.mark.parametrize("reverse", [False, True])
def test_earliest_any_takes_kind_and_source_from_one_candidate(reverse):
    # an API date and a weights date on one day from two sources, in either order: the first
    # candidate by (date, kind, source) gives both its kind and its source
    claims = [
        dict(model_id="e", source="llm_stats", access="api", release_date="2024-03-01"),
        dict(model_id="e", source="artificial_analysis", weights_date="2024-03-01"),
    ]
    con = build(claims[::-1] if reverse else claims)
    assert chosen(con, "e", "earliest_any")[:3] == ("2024-03-01", "api", "llm_stats")
