"""The analysis stage reads analysis.lag_observations once, with only the columns the estimators and
the switches read, in table order (issue 12 §7: memory at 10x and 100x)."""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest

from analysis import lag, lagrun

N_ROWS = 400_000  # several row groups, so a filtered scan runs in parallel
# 30 benchmarks, a read of 28 of them: DuckDB returned such a filtered read out of table order
BENCHMARKS = [f"b{j}" for j in range(30)]
WANTED = BENCHMARKS[:28]


@pytest.fixture(scope="module")
def con():
    con = duckdb.connect()
    con.execute("create schema analysis")
    con.execute(
        f"""create table analysis.lag_observations as
            select 'b' || (i % 30) as benchmark_id,
                   'model-' || (i % 997) as model_id,
                   'display ' || i as display_name,
                   'file-' || i as fetch_id,
                   case when i % 2 = 0 then 'open' else 'proprietary' end as side,
                   date '2024-01-01' + (i % 700)::int as release_date,
                   i % 50 = 0 as release_date_is_imputed,
                   i % 7 = 0 as is_derivative,
                   'MIT' as license_spdx,
                   'yes' as commercial_use,
                   i::double as score,
                   null::double as stderr,
                   null::double as ci_lower,
                   null::double as ci_upper,
                   true as higher_is_better,
                   0.0 as scale_min,
                   {N_ROWS}.0 as scale_max,
                   'score' as unit,
                   null::varchar as regime,
                   date '2026-01-01' as observed_on,
                   i % 5 = 0 as is_self_reported,
                   false as style_control,
                   '' as setting
            from range({N_ROWS}) t(i)"""
    )
    yield con
    con.close()


def test_load_reads_only_what_a_run_uses(con):
    loaded = lagrun.load_observations(con, WANTED)
    assert loaded.columns == [*lag.OBS_COLUMNS, *lagrun.SWITCH_COLUMNS]
    assert set(loaded["benchmark_id"].unique()) == set(WANTED)
    assert loaded.height == N_ROWS // 30 * 28 + min(N_ROWS % 30, 28)


def test_load_keeps_table_order(con):
    """Estimator ties follow row order: a filtered read must come back as the table holds it."""
    loaded = lagrun.load_observations(con, WANTED)
    assert loaded["score"].is_sorted()


def test_observations_from_a_loaded_frame_equal_a_fresh_read(con):
    sw = lagrun.Switches()
    loaded = lagrun.load_observations(con, WANTED)
    shared = lagrun.observations(con, sw, loaded, ["b3", "b7"])
    fresh = lagrun.observations(con, sw, None, ["b3", "b7"])
    assert set(shared["benchmark_id"].unique()) == {"b3", "b7"}
    assert shared.equals(fresh)
    assert shared.columns == list(lag.OBS_COLUMNS)  # the switches' columns are dropped
    # the default switches: no derivatives on the open side, no self-reported, no imputed dates
    scores = shared["score"].cast(int)
    assert not ((scores % 5 == 0) | (scores % 50 == 0)).any()
    open_scores = shared.filter(shared["side"] == "open")["score"].cast(int)
    assert not (open_scores % 7 == 0).any()
    assert shared["release_date"].min() >= dt.date(2024, 1, 1)
