"""Build the analysis schema from core.

SQL tables (one file each in analysis/sql/): arena_gap, lag_observations, headline_benchmarks.
Then the lag estimators (analysis/lag/, run through analysis/lagrun.py) under the default
switches write:

  analysis.frontier            running best per benchmark × regime × side, with the model that set it
  analysis.catch_up_events     each open frontier advance and the proprietary model and date it matched
  analysis.thresholds          per score level: first proprietary and first open crossing (censored where open has not)
  analysis.gap_series          monthly horizontal lag and vertical gap per benchmark, with 90% intervals
  analysis.lag_estimates       benchmark × estimator × as-of: value, interval, counts, coverage flags
  analysis.lag_aggregate       pooled across the headline benchmarks: median and mean, interval, dispersion
  analysis.lag_trend           is the lag shrinking: slope (months per year), parity date or a plain statement
  analysis.lag_history         the pooled median lag per month with its 90% band
  analysis.lag_headline        the headline now and one year earlier (as-of re-runs), with the quotable sentence
  analysis.eci_lag             the Epoch Capabilities Index on its own (a composite: never pooled)
  analysis.index_lag           every publisher's composite index (ECI, Artificial Analysis' indices) side by side
  analysis.sensitivity         the headline lag under each analysis switch
  analysis.published_comparison  opengap's numbers beside published figures for the same quantity and period
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import replace
from pathlib import Path

import duckdb
import polars as pl

from warehouse import db

ANALYSIS_SQL = Path(__file__).parent / "sql"
ORDER = ("arena_gap", "lag_observations", "headline_benchmarks")
LAG_TABLES = ("frontier", "catch_up_events", "thresholds", "gap_series", "lag_estimates")
# composite indices reported on their own (analysis.index_lag), each in its own regimes
INDICES = ("epoch:eci", "aa:intelligence_index", "aa:coding_index", "aa:agentic_index")


# Descriptions of the columns the headline rule adds (issue 12 §2, §3, §5), set as warehouse
# comments so every export documents them (analysis.schema_docs reads `comment on column`).
COLUMN_DOCS = {
    "headline_status": "Whether this benchmark × regime counts in the headline at the as-of date: "
    "counted, stale (a side with no model released in the 6 months before it), saturated (the "
    "proprietary best within 5% of the scale's best end), thin (fewer than 5 models on a side), "
    "superseded (an older regime of a counted benchmark) or not_headline (not a candidate).",
    "headline_reason": "Every headline rule the unit fails, with the dates or counts; for a counted "
    "unit, why it counts.",
    "data_end_date": "Release date of the newest model scored on this unit (on or before as-of).",
    "newest_proprietary_release_date": "Release date of the newest proprietary model scored on "
    "this unit (on or before as-of).",
    "scores_from_later_file": "True when no file of this source was published on or before the "
    "as-of date, so the scores of the models released by then come from its earliest later file.",
    "scores_file_date": "Date of the newest file the unit's scores come from.",
    "cluster": "The pair of model releases the current horizontal lag rests on (open frontier "
    "model's release day | matched model's release day); units sharing it are one draw in the "
    "pooled interval.",
    "is_censored": "True when the unit's newest scored model predates the as-of date: it is measured "
    "at as-of anyway, and the months since count toward its lag (not re-dated).",
    "q25": "First quartile of the pooled per-benchmark values.",
    "q75": "Third quartile of the pooled per-benchmark values (iqr = q75 - q25).",
    "n_clusters": "Distinct clusters (pairs of model releases) among the pooled benchmarks.",
    "n_lower_bound": "Pooled values that are lower bounds (threshold medians not yet reached).",
    "is_lower_bound": "True when the value is a lower bound (for a pooled median: a lower bound "
    "lies at or below it).",
    "interval": "What the 90% interval resamples (clusters of benchmarks; within each, models and "
    "scores where the estimator has replicates).",
    "benchmarks": "The benchmark ids counted in this headline, comma-separated.",
    "n_stale_data": "Counted benchmarks with no model scored in the 30 days before the as-of date.",
    "n_later_file": "Counted benchmarks whose scores come from a file published after the as-of date.",
    "loo_lo": "Lowest headline median with any one cluster of benchmarks left out (months).",
    "loo_hi": "Highest headline median with any one cluster of benchmarks left out (months).",
    "set_change": "How this row's counted benchmarks differ from the current headline's (null: same).",
    "statement": "The headline sentence the reports print: as-of date, interval, benchmarks "
    "counted, matching rule, what would move it, the year-earlier comparison.",
}


def _write(con: duckdb.DuckDBPyConnection, name: str, frame: pl.DataFrame) -> None:
    # an all-null column has no type in polars; publish it as a number (every such column here is)
    frame = frame.with_columns(
        pl.col(c).cast(pl.Float64) for c, t in frame.schema.items() if t == pl.Null
    )
    con.register("_frame", frame)
    con.execute(f"create or replace table analysis.{name} as select * from _frame")
    con.unregister("_frame")
    for column in frame.columns:
        if column in COLUMN_DOCS:
            # the text is a constant of this module; quotes doubled for the SQL literal
            doc = COLUMN_DOCS[column].replace("'", "''")
            con.execute(f"comment on column analysis.{name}.{column} is '{doc}'")


def build(con: duckdb.DuckDBPyConnection, n_resamples: int | None = None) -> None:
    con.execute("create schema if not exists analysis")
    for name in ORDER:
        db.run_sql_file(con, ANALYSIS_SQL / f"{name}.sql")
    if os.environ.get("OPENGAP_SKIP_LAG"):
        return
    build_lag_safely(con, n_resamples)


def build_lag(con: duckdb.DuckDBPyConnection, n_resamples: int | None = None) -> None:
    from analysis import lagrun, published

    n = lagrun.n_resamples_default() if n_resamples is None else n_resamples
    n_side = max(0, min(n, 200))  # sensitivity and as-of re-runs: fewer resamples suffice
    default = lagrun.Switches()
    # DuckDB's allocator keeps the memory a query freed until its background threads purge it, and
    # they are off by default: after reading 100x today's observations it held 0.8 GB more for the
    # rest of the stage (issue 12 §7). Purging changes no result.
    con.execute("set allocator_background_threads = true")
    # Load inputs: the observations every run below reads, once (only the columns and benchmarks
    # the runs use); each run filters its own switches from this frame
    loaded = lagrun.load_observations(con, sorted({*lagrun.headline_benchmarks(con), *INDICES}))
    try:
        results, _obs = lagrun.run(con, default, n_resamples=n, loaded=loaded)
    except ValueError:
        return  # no benchmark with both sides yet (a small or young warehouse)
    # the default's observations are not held through the runs below: a sensitivity switch that
    # keeps as many rows is compared with them re-derived from `loaded`
    n_default_obs = _obs.height
    del _obs
    label = default.label()
    for name in LAG_TABLES:
        _write(con, name, getattr(results, name).with_columns(switches=pl.lit(label)))
    _write(con, "lag_aggregate", results.aggregate.with_columns(switches=pl.lit(label)))
    _write(con, "lag_trend", results.lag_trend.with_columns(switches=pl.lit(label)))
    counted = results.lag_estimates.filter(pl.col("headline_status") == "counted").select(
        "benchmark_id", "regime"
    )
    counted_series = results.gap_series.join(
        counted.unique(), on=["benchmark_id", "regime"], how="semi", nulls_equal=True
    )
    _write(con, "lag_history", lagrun.pooled_history(counted_series, n, seed=0))

    # Process: the headline now and one year earlier (the same rule applied to what the data said
    # then), with the sentence the report quotes
    now = lagrun.headline(results)
    rows = []
    if now:
        current = {"label": "current", **_pick(now), **_sets(results)}
        loo = lagrun.leave_one_cluster_out(results)
        current.update(loo_lo=loo[0] if loo else None, loo_hi=loo[1] if loo else None)
        rows.append(current)
        year_ago = now["as_of_date"] - dt.timedelta(days=365)
        try:
            then, _ = lagrun.run(
                con, replace(default, as_of=year_ago), n_resamples=n_side, loaded=loaded
            )
            h = lagrun.headline(then)
            if h:
                earlier = {"label": "one_year_earlier", **_pick(h), **_sets(then)}
                earlier["set_change"] = _set_change(then, results)
                rows.append(earlier)
        except ValueError:
            pass
        for row in rows:
            row["statement"] = (
                lagrun.headline_sentence(row, rows[1] if len(rows) > 1 else None)
                if row["label"] == "current"
                else lagrun.headline_sentence(row)
            )
    _write(
        con,
        "lag_headline",
        pl.DataFrame(rows, infer_schema_length=None) if rows else _empty_headline(),
    )

    # Process: the Epoch Capabilities Index on its own
    try:
        eci, _ = lagrun.run(
            con, default, n_resamples=n_side, benchmarks=["epoch:eci"], loaded=loaded
        )
        _write(con, "eci_lag", eci.lag_estimates)
    except ValueError:
        pass

    # Process: every independent publisher's composite index, side by side and never pooled (a
    # composite re-weights its members; pooling it with them would count them twice)
    indices = []
    for bench in INDICES:
        try:
            res, _ = lagrun.run(con, default, n_resamples=n_side, benchmarks=[bench], loaded=loaded)
        except ValueError:
            continue  # not in this warehouse, or one side has no model
        indices.append(res.lag_estimates)
    if indices:
        _write(con, "index_lag", pl.concat(indices, how="diagonal_relaxed"))

    # Process: sensitivity to every switch. The default row is the headline itself (same
    # resamples, so the two intervals agree); a switch that leaves the observations exactly as they
    # are repeats the default's numbers and says so, instead of a re-draw with fewer resamples.
    sens = []
    for sw in lagrun.sensitivity_variants():
        res = obs = None  # the previous switch's frames are freed before the next run
        note = None
        n_obs = 0
        if sw == default:
            h, n_obs = now, n_default_obs
        else:
            try:
                res, obs = lagrun.run(con, sw, n_resamples=n_side, loaded=loaded)
            except ValueError as exc:
                h, obs, note = None, None, str(exc)
            else:
                # same data and the same estimator (the matching rule changes the estimator)
                n_obs = obs.height
                same = sw.as_of == default.as_of and sw.match == default.match
                if (
                    same
                    and n_obs == n_default_obs
                    and obs.equals(lagrun.run_observations(con, default, loaded=loaded)[0])
                ):
                    h = now
                    note = "the same observations as the default: this switch changes nothing in the data held"
                else:
                    h = lagrun.headline(res)
        sens.append(
            {
                "switches": sw.label(),
                **{k: str(v) if v is not None else None for k, v in sw.__dict__.items()},
                "median_lag_months": h["value"] if h else None,
                "lo": h["lo"] if h else None,
                "hi": h["hi"] if h else None,
                "n_benchmarks": h["n_benchmarks"] if h else 0,
                "n_observations": n_obs,
                "note": note,
            }
        )
    sens.append(_one_vote_per_publisher(results))
    _write(con, "sensitivity", pl.DataFrame(sens, infer_schema_length=None))
    published.write(con)  # analysis/published.py: each figure on its publisher's definitions


def _one_vote_per_publisher(results, n_draws: int = 1000) -> dict:
    """The headline with each publisher weighted once, not once per board: the median over
    publishers of each publisher's median lag (one publisher can run many boards on the same
    models; Artificial Analysis publishes a dozen). The interval resamples publishers only."""
    import numpy as np

    from analysis import lagrun

    est = results.lag_estimates.filter(
        (pl.col("estimator") == "horizontal_lag")
        & (pl.col("headline_status") == "counted")
        & pl.col("value").is_not_null()
    )
    by_publisher = (
        est.with_columns(publisher=pl.col("benchmark_id").str.split(":").list.first())
        .group_by("publisher")
        .agg(pl.col("value").median())
        .sort("publisher")
    )
    values = by_publisher["value"].to_numpy()
    row = {
        "switches": "one vote per publisher",
        **{k: str(v) if v is not None else None for k, v in lagrun.Switches().__dict__.items()},
        "median_lag_months": None,
        "lo": None,
        "hi": None,
        "n_benchmarks": est.height,
        "n_observations": 0,
        "note": None,
    }
    if len(values) == 0:
        row["note"] = "no counted benchmark"
        return row
    rng = np.random.default_rng(0)
    draws = np.median(rng.choice(values, size=(n_draws, len(values)), replace=True), axis=1)
    row.update(
        median_lag_months=float(np.median(values)),
        lo=float(np.quantile(draws, 0.05)),
        hi=float(np.quantile(draws, 0.95)),
        note=(
            f"median of {len(values)} publishers' median lags ("
            + ", ".join(f"{p} {v:.1f}" for p, v in by_publisher.iter_rows())
            + "); interval resamples publishers only"
        ),
    )
    return row


def _pick(h: dict) -> dict:
    keys = (
        "as_of_date",
        "value",
        "lo",
        "hi",
        "n_benchmarks",
        "n_clusters",
        "iqr",
        "q25",
        "q75",
        "sd",
        "is_lower_bound",
        "match",
    )
    return {k: h.get(k) for k in keys}


def _sets(results) -> dict:
    from analysis import lagrun

    return {
        "benchmarks": ", ".join(lagrun.counted_benchmarks(results)),
        "n_stale_data": lagrun.n_stale_data(results),
        "n_later_file": lagrun.n_later_file(results),
    }


def _set_change(then, now) -> str | None:
    """How the benchmark set counted a year earlier differs from today's, in words."""
    from analysis import lagrun

    a, b = set(lagrun.counted_benchmarks(then)), set(lagrun.counted_benchmarks(now))
    if a == b:
        return None
    parts = [f"{len(a & b)} in both"]
    if a - b:
        parts.append(f"{len(a - b)} counted then only: {', '.join(sorted(a - b))}")
    if b - a:
        parts.append(f"{len(b - a)} counted now only")
    return "a different set of benchmarks: " + "; ".join(parts)


def _empty_headline() -> pl.DataFrame:
    return pl.DataFrame(
        schema={
            "label": pl.String,
            "as_of_date": pl.Date,
            "value": pl.Float64,
            "lo": pl.Float64,
            "hi": pl.Float64,
            "n_benchmarks": pl.Int64,
            "n_clusters": pl.Int64,
            "iqr": pl.Float64,
            "q25": pl.Float64,
            "q75": pl.Float64,
            "sd": pl.Float64,
            "is_lower_bound": pl.Boolean,
            "match": pl.String,
            "benchmarks": pl.String,
            "n_stale_data": pl.Int64,
            "n_later_file": pl.Int64,
            "loo_lo": pl.Float64,
            "loo_hi": pl.Float64,
            "set_change": pl.String,
            "statement": pl.String,
        }
    )


def build_lag_safely(con: duckdb.DuckDBPyConnection, n_resamples: int | None = None) -> str | None:
    """The lag tables, or the one-line reason they could not be built (recorded in
    analysis.build_errors, not raised: a refresh keeps its new data even if an estimator trips)."""
    con.execute("create or replace table analysis.build_errors (message varchar)")
    try:
        build_lag(con, n_resamples)
    except Exception as exc:  # noqa: BLE001 - reported in analysis.build_errors and by the CLI
        msg = f"analysis: lag estimators failed ({type(exc).__name__}: {exc})"
        con.execute("insert into analysis.build_errors values (?)", [msg])
        return msg
    return None
