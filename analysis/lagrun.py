"""Run the lag estimators on the warehouse under a set of analysis switches.

The switches (all in the CLI and recorded on every analysis row):
- open_def: 'any' (any open weights, the default), 'permissive' (open weights under a licence that
  allows commercial use without caps), 'with_derivatives' (any open weights, fine-tunes and merges
  of open bases included);
- release_rule: a rule from core.model_release_dates_by_rule (default 'earliest_public');
- self_reported: include vendor-reported scores (default: independent evaluations only);
- style_control: Arena ratings with style control instead of without;
- setting: 'best' (each model's best published run setting) or 'default' (runs with no setting only);
- as_of: only what was known on that date (scores observed on or before it, models released on or
  before it).
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import asdict, dataclass, replace

import duckdb
import polars as pl

from analysis import lag

OPEN_DEFS = ("any", "permissive", "with_derivatives")
SETTINGS = ("best", "default")
PERMISSIVE_SPDX = ("Apache-2.0", "MIT", "BSD-2-Clause", "BSD-3-Clause", "CC-BY-4.0", "OpenRAIL-M")


@dataclass(frozen=True)
class Switches:
    open_def: str = "any"
    release_rule: str = "earliest_public"
    self_reported: bool = False
    style_control: bool = False
    setting: str = "best"
    as_of: dt.date | None = None

    def label(self) -> str:
        base = Switches()
        diff = [
            f"{k}={v}" for k, v in asdict(self).items() if v != getattr(base, k) and k != "as_of"
        ]
        return ", ".join(diff) or "default"


def n_resamples_default() -> int:
    return int(os.environ.get("OPENGAP_BOOTSTRAP", "1000"))


def _has_column(con, table: str, column: str) -> bool:
    schema, name = table.split(".")
    return bool(
        con.execute(
            "select count(*) from information_schema.columns where table_schema = ? and table_name = ? "
            "and column_name = ?",
            [schema, name, column],
        ).fetchone()[0]
    )


def observations(con: duckdb.DuckDBPyConnection, sw: Switches) -> pl.DataFrame:
    """The observation frame for the estimators under the switches (lag.OBS_COLUMNS + context)."""
    obs = con.sql("select * from analysis.lag_observations").pl()
    if sw.release_rule != "earliest_public":
        rules = con.sql(
            "select model_id, date as rule_release_date from core.model_release_dates_by_rule "
            f"where rule = '{sw.release_rule}'"
        ).pl()
        obs = (
            obs.join(rules, on="model_id", how="left")
            .with_columns(release_date=pl.col("rule_release_date"))
            .drop("rule_release_date")
        )
    keep = pl.col("side").is_not_null() & pl.col("release_date").is_not_null()
    if sw.open_def != "with_derivatives":
        keep &= ~((pl.col("side") == "open") & pl.col("is_derivative"))
    if sw.open_def == "permissive":
        permissive = pl.col("license_spdx").is_in(PERMISSIVE_SPDX)
        if "commercial_use" in obs.columns:
            permissive |= (
                pl.col("commercial_use")
                .cast(pl.String)
                .str.to_lowercase()
                .is_in(["yes", "true", "unrestricted"])
            )
        keep &= (pl.col("side") != "open") | permissive
    if not sw.self_reported:
        keep &= ~pl.col("is_self_reported")
    keep &= pl.col("style_control") == sw.style_control
    if sw.setting == "default":
        keep &= pl.col("setting") == ""
    return obs.filter(keep)


def headline_benchmarks(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [
        r[0]
        for r in con.execute(
            "select benchmark_id from analysis.headline_benchmarks order by 1"
        ).fetchall()
    ]


def run(
    con: duckdb.DuckDBPyConnection,
    sw: Switches = Switches(),
    n_resamples: int | None = None,
    benchmarks: list[str] | None = None,
    seed: int = 0,
) -> tuple[lag.LagResults, pl.DataFrame]:
    """Estimators over `benchmarks` (default: the headline set). Returns results and the obs used."""
    n = n_resamples_default() if n_resamples is None else n_resamples
    obs = observations(con, sw)
    chosen = benchmarks if benchmarks is not None else headline_benchmarks(con)
    obs = obs.filter(pl.col("benchmark_id").is_in(chosen))
    both = obs.group_by("benchmark_id").agg(pl.col("side").n_unique().alias("n_sides"))
    obs = obs.join(both.filter(pl.col("n_sides") == 2).select("benchmark_id"), on="benchmark_id")
    if sw.as_of is not None:
        obs = lag.as_of(obs, sw.as_of)
    if obs.is_empty():
        raise ValueError(
            f"no benchmark has released open and proprietary models under switches ({sw.label()})"
            + (f" as of {sw.as_of}" if sw.as_of else "")
        )
    return lag.run(obs, as_of=sw.as_of, n_resamples=n, seed=seed), obs


def sensitivity_variants() -> list[Switches]:
    base = Switches()
    return [
        base,
        replace(base, open_def="permissive"),
        replace(base, open_def="with_derivatives"),
        replace(base, self_reported=True),
        replace(base, style_control=True),
        replace(base, setting="default"),
        replace(base, release_rule="weights"),
        replace(base, release_rule="announce"),
        replace(base, release_rule="first_leaderboard"),
    ]


def headline(results: lag.LagResults) -> dict | None:
    agg = results.aggregate.filter(
        (pl.col("estimator") == "horizontal_lag") & (pl.col("statistic") == "median")
    )
    return agg.to_dicts()[0] if agg.height else None
