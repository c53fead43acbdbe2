"""Release dates and openness on the real captures: the bundled snapshot (built from every capture by
scripts/refresh_from_captures.py) loaded into a warehouse, or the warehouse OPENGAP_REGISTRY_TEST_DB
(or OPENGAP_LAG_TEST_DB) names, e.g. one just rebuilt from the captures. The toy cases of each rule
are in tests/unit/test_release_dates.py."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb
import pytest


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    """The warehouse OPENGAP_REGISTRY_TEST_DB names, else one loaded from the bundled snapshot
    (built by scripts/refresh_from_captures.py from every capture, so it holds these cases)."""
    path = os.environ.get("OPENGAP_REGISTRY_TEST_DB") or os.environ.get("OPENGAP_LAG_TEST_DB")
    if not path or not Path(path).is_file():
        from analysis import export

        snap = export.newest_snapshot(Path(__file__).resolve().parents[2] / "data" / "snapshots")
        if snap is None:
            pytest.skip("no bundled snapshot under data/snapshots and no OPENGAP_REGISTRY_TEST_DB")
        path = str(tmp_path_factory.mktemp("bundled") / "w.duckdb")
        export.load(snap, Path(path))
    c = duckdb.connect(path, read_only=True)
    has = c.execute(
        "select count(*) from duckdb_columns() where schema_name = 'core' "
        "and table_name = 'model_release_dates' and column_name = 'is_chosen'"
    ).fetchone()[0]
    if not has:
        c.close()
        pytest.skip(f"{path} was built before the release-date choice columns: rebuild it")
    yield c
    c.close()


def _default(con, model_id: str) -> tuple:
    row = con.execute(
        "select date::varchar, kind, source, is_imputed from core.model_release_dates_by_rule "
        "where model_id = ? and rule = 'earliest_public'",
        [model_id],
    ).fetchone()
    assert row is not None, f"{model_id} has no release date row"
    return row


def _candidate(con, model_id: str, source: str) -> tuple:
    return con.execute(
        "select date::varchar, is_rejected, is_chosen, choice from core.model_release_dates "
        "where model_id = ? and source = ? order by date",
        [model_id, source],
    ).fetchall()


def test_one_wrong_date_no_longer_beats_the_others(con):
    # DeepSeek-V2.5: llm_stats gives DeepSeek-V2's May 2024; Epoch, AA and Aider September 2024
    date, kind, _, imputed = _default(con, "deepseek-v2-5")
    assert date.startswith("2024-09") and kind == "weights" and not imputed
    (may,) = [r for r in _candidate(con, "deepseek-v2-5", "llm_stats") if r[0] == "2024-05-08"]
    assert may[1] and not may[2] and may[3].startswith("rejected:")
    # gpt-3.5-turbo-0125 is the January 2024 checkpoint, not GPT-3.5 Turbo's March 2023 launch
    assert _default(con, "gpt-3-5-turbo-0125")[0] == "2024-01-25"
    # Qwen1.5-110B: April 2024, not the Qwen1.5 family's February date
    assert _default(con, "qwen1-5-110b-chat")[0].startswith("2024-04")


def test_curated_hosted_first_release_keeps_both_dates(con):
    # Phi-4: Azure on 2024-12-12, weights on the Hub 2025-01-08; the open side takes the weights
    assert _default(con, "phi-4")[:3] == ("2025-01-08", "weights", "curated")
    kinds = set(
        con.execute(
            "select kind, date::varchar from core.model_release_dates "
            "where model_id = 'phi-4' and source = 'curated'"
        ).fetchall()
    )
    assert kinds == {("api", "2024-12-12"), ("weights", "2025-01-08")}


def test_each_model_has_one_chosen_candidate_and_every_candidate_says_why(con):
    bad = con.execute(
        "select model_id from core.model_release_dates group by model_id "
        "having count(*) filter (where is_chosen) <> 1 limit 5"
    ).fetchall()
    assert bad == []
    assert con.execute(
        "select count(*) from core.model_release_dates where choice is null or choice = ''"
    ).fetchone() == (0,)
    # the default rule is the chosen candidate
    assert con.execute(
        "select count(*) from core.model_release_dates_by_rule r "
        "join core.model_release_dates d on d.model_id = r.model_id and d.is_chosen "
        "where r.rule = 'earliest_public' and (r.date <> d.date or r.source <> d.source)"
    ).fetchone() == (0,)


def test_an_imputed_date_never_stands_beside_a_sourced_one(con):
    assert con.execute(
        "select count(*) from core.model_release_dates_by_rule r "
        "where r.rule = 'earliest_public' and r.is_imputed and exists ("
        "  select 1 from core.model_release_dates d where d.model_id = r.model_id "
        "  and not d.is_imputed and not d.is_rejected)"
    ).fetchone() == (0,)
    # a LiveBench table date is never a candidate: it dates the question set, not the run
    assert con.execute(
        "select count(*) from core.model_release_dates where source = 'livebench'"
    ).fetchone() == (0,)
    # GLM-5 was added to LiveBench's 2026-01-08 table months later: that date is not its release
    rows = con.execute(
        "select date from core.model_release_dates where model_id = 'glm-5' and date < '2026-02-01'"
    ).fetchall()
    assert rows == []


def test_a_first_party_repo_or_open_licence_outranks_an_api_label(con):
    # Epoch lists Phi-4-mini as API access; its weights are microsoft/Phi-4-mini-instruct (MIT)
    row = con.execute(
        "select access_class, is_open_weights from core.models where model_id = 'phi-4-mini-instruct'"
    ).fetchone()
    assert row == ("open", True)
    # Phi-4-multimodal: no curated row, decided by the rule alone
    chosen = con.execute(
        "select value, source from core.model_facts where model_id = 'phi-4-multimodal-instruct' "
        "and fact = 'access' and is_chosen"
    ).fetchone()
    assert chosen[0] == "open" and chosen[1] != "curated"


@pytest.mark.parametrize(
    "model_id", ["deepseek-r1", "qwq-32b", "qwq-32b-preview", "deepseek-r1-0528"]
)
def test_first_party_releases_are_not_derivatives(con, model_id):
    row = con.execute(
        "select is_derivative, access_class from core.models where model_id = ?", [model_id]
    ).fetchone()
    assert row is not None, model_id
    assert row == (False, "open")


@pytest.mark.parametrize(
    "model_id", ["llama-3-1-nemotron-70b-instruct", "mlabonne/neuralbeagle14-7b", "openhermes-7b"]
)
def test_third_party_fine_tunes_stay_derivatives(con, model_id):
    row = con.execute(
        "select is_derivative from core.models where model_id = ?", [model_id]
    ).fetchone()
    if row is None:
        pytest.skip(f"{model_id} not in this warehouse")
    assert row == (True,)


def test_headline_top_10_models_have_known_access(con):
    # every model in the top 10 (best score) of a headline benchmark, and every one that stood
    # in the top 10 of one in any snapshot
    unknown = con.execute(
        """
        with best as (
            select s.benchmark_id, s.snapshot_date, s.model_id, max(s.score) as score
            from core.scores s join analysis.headline_benchmarks h using (benchmark_id)
            join core.benchmarks b using (benchmark_id)
            where coalesce(b.higher_is_better, true) and s.score is not null
            group by all
        ),
        ever as (
            select distinct model_id from best
            qualify row_number() over (partition by benchmark_id, snapshot_date
                                       order by score desc, model_id) <= 10
        )
        select e.model_id from ever e join core.models m using (model_id)
        where m.access_class = 'unknown'
        """
    ).fetchall()
    assert unknown == []
