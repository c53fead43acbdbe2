"""Run the lag estimators on the warehouse under a set of analysis switches.

The switches (all in the CLI and recorded on every analysis row):
- open_def: 'any' (any open weights, the default), 'permissive' (open weights under a licence that
  allows commercial use without caps), 'with_derivatives' (any open weights, fine-tunes and merges
  of open bases included);
- release_rule: a rule from core.model_release_dates_by_rule (default 'earliest_public');
- self_reported: include vendor-reported scores (default: independent evaluations only);
- style_control: Arena ratings with style control instead of without;
- setting: 'best' (each model's best published run setting) or 'default' (runs with no setting only);
- match: 'significance' (the default: a proprietary frontier point counts as matched by an open
  model unless the open score is significantly below it) or 'point' (scores compared as they are);
  see analysis/LAG_METHOD.md. MATCH_TOLERANCE adds a margin per benchmark in its own units;
- as_of: only what was known on that date (scores observed on or before it, models released on or
  before it).
"""

from __future__ import annotations

import datetime as dt
import os
import warnings
from dataclasses import asdict, dataclass, replace

import duckdb
import numpy as np
import polars as pl

from analysis import fmt, lag
from warehouse import db

OPEN_DEFS = ("any", "permissive", "with_derivatives")
SETTINGS = ("best", "default")
MATCHES = lag.MATCHES
# Differences no larger than this never count against the open model, in the benchmark's units.
# One ECI point, as the IAPS open-source-gap tracker uses for the Epoch Capabilities Index.
MATCH_TOLERANCE = {"epoch:eci": 1.0}
PERMISSIVE_SPDX = ("Apache-2.0", "MIT", "BSD-2-Clause", "BSD-3-Clause", "CC-BY-4.0", "OpenRAIL-M")


@dataclass(frozen=True)
class Switches:
    open_def: str = "any"
    release_rule: str = "earliest_public"
    self_reported: bool = False
    style_control: bool = False
    setting: str = "best"
    as_of: dt.date | None = None
    match: str = lag.DEFAULT_MATCH
    # keep models dated only by their first leaderboard appearance (default: they set no step)
    imputed_dates: bool = False

    def label(self) -> str:
        base = Switches()
        diff = [
            f"{k}={v}" for k, v in asdict(self).items() if v != getattr(base, k) and k != "as_of"
        ]
        return ", ".join(diff) or "default"


def n_resamples_default() -> int:
    return int(os.environ.get("OPENGAP_BOOTSTRAP", "1000"))


# The columns of analysis.lag_observations a run reads: the estimators' (lag.OBS_COLUMNS) and the
# switches'. Names, provenance and the other context columns never reach an estimate, and reading
# them made every run hold the whole table (34 columns) in memory.
SWITCH_COLUMNS = (
    "release_date_is_imputed",
    "is_derivative",
    "license_spdx",
    "commercial_use",
    "is_self_reported",
    "style_control",
    "setting",
)


def load_observations(
    con: duckdb.DuckDBPyConnection, benchmarks: list[str] | None = None
) -> pl.DataFrame:
    """analysis.lag_observations as `observations` reads it: the columns a run uses, the rows of
    `benchmarks` (None: all), in table order. Load once and pass it to several `run`s."""
    have = db.table_columns(con, "analysis", "lag_observations")
    cols = [c for c in (*lag.OBS_COLUMNS, *SWITCH_COLUMNS) if c in have]
    sql = "select " + ", ".join(f'"{c}"' for c in cols) + " from analysis.lag_observations"
    if benchmarks is None:
        return con.sql(sql).pl()
    # A filtered scan comes back in any order; the estimators' ties are broken by row order, so
    # the rows keep the table's (rowid) order, as an unfiltered scan returns them
    return con.sql(
        sql + " where list_contains($benchmarks::varchar[], benchmark_id) order by rowid",
        params={"benchmarks": list(benchmarks)},
    ).pl()


def observations(
    con: duckdb.DuckDBPyConnection,
    sw: Switches,
    loaded: pl.DataFrame | None = None,
    benchmarks: list[str] | None = None,
) -> pl.DataFrame:
    """The observation frame for the estimators under the switches (lag.OBS_COLUMNS), from
    `loaded` (load_observations) or else read from the warehouse; only `benchmarks` (None: all)."""
    obs = load_observations(con, benchmarks) if loaded is None else loaded
    # The rows filtered before the release-rule join, the columns only the switches read dropped
    # after it: each run holds only what the estimators read.
    keep = pl.col("side").is_not_null()
    if benchmarks is not None:
        keep &= pl.col("benchmark_id").is_in(benchmarks)
    if (
        not sw.imputed_dates
        and sw.release_rule != "first_leaderboard"
        and "release_date_is_imputed" in obs.columns
    ):
        # a model dated only by when it first appeared on a leaderboard has no sourced date: it
        # would set (or close) a frontier step on a date no source gives (issue 13)
        keep &= ~pl.col("release_date_is_imputed")
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
    if sw.release_rule == "earliest_public":
        return obs.filter(keep & pl.col("release_date").is_not_null()).drop(
            SWITCH_COLUMNS, strict=False
        )
    # another release rule: its dates replace release_date, joined on the rows kept
    rules = con.sql(
        "select model_id, date as rule_release_date from core.model_release_dates_by_rule "
        "where rule = $rule",
        params={"rule": sw.release_rule},
    ).pl()
    obs = (
        obs.filter(keep)
        .drop(SWITCH_COLUMNS, strict=False)
        .join(rules, on="model_id", how="left")
        .with_columns(release_date=pl.col("rule_release_date"))
        .drop("rule_release_date")
    )
    return obs.filter(pl.col("release_date").is_not_null())


def headline_benchmarks(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [
        r[0]
        for r in con.execute(
            "select benchmark_id from analysis.headline_benchmarks order by 1"
        ).fetchall()
    ]


# The headline rule (analysis/LAG_METHOD.md, "Which benchmarks count"): a benchmark counts at an
# as-of date T only while it is live (each side has a model released in the LIVE_DAYS before T), not
# saturated (the proprietary best is more than SATURATION_HEADROOM of the scale's range from its
# best end) and scored on at least MIN_MODELS_PER_SIDE models per side.
LIVE_DAYS = 183
SATURATION_HEADROOM = 0.05
MIN_MODELS_PER_SIDE = 5
BOUNDED = ("fraction", "percent", "score")
STATUSES = ("counted", "not_headline", "stale", "saturated", "thin", "superseded")


def default_as_of(obs: pl.DataFrame) -> dt.date:
    """The common as-of date when none is given: the newest model release the observations hold,
    never after the newest file (what the data covers, not the day a file was fetched)."""
    return min(obs["release_date"].max(), obs["observed_on"].max())


def headline_status(
    obs: pl.DataFrame, as_of: dt.date, candidates: list[str] | None = None
) -> pl.DataFrame:
    """Per (benchmark_id, regime) of as-of truncated observations: the counts the headline rule
    reads, `headline_status` (one of STATUSES) and `headline_reason` (every rule it fails, or why
    it counts). `candidates`: the benchmark ids eligible for the headline (None: all)."""
    live_from = as_of - dt.timedelta(days=LIVE_DAYS)
    sign = pl.when(pl.col("higher_is_better")).then(1.0).otherwise(-1.0)
    if "scores_from_later_file" not in obs.columns:
        obs = obs.with_columns(
            scores_from_later_file=pl.lit(False), file_observed_on=pl.col("observed_on")
        )
    prop = pl.col("side") == "proprietary"
    units = obs.group_by("benchmark_id", "regime").agg(
        n_open=pl.col("model_id").filter(pl.col("side") == "open").n_unique().cast(pl.Int64),
        n_proprietary=pl.col("model_id").filter(prop).n_unique().cast(pl.Int64),
        newest_open_release_date=pl.col("release_date").filter(pl.col("side") == "open").max(),
        newest_proprietary_release_date=pl.col("release_date").filter(prop).max(),
        data_end_date=pl.col("release_date").max(),
        best_proprietary=(pl.col("score") * sign).filter(prop).max(),
        sign=sign.first(),
        unit=pl.col("unit").first(),
        scale_min=pl.col("scale_min").first(),
        scale_max=pl.col("scale_max").first(),
        scores_from_later_file=pl.col("scores_from_later_file").any(),
        scores_file_date=pl.col("file_observed_on").max(),
    )
    top = pl.when(pl.col("sign") > 0).then(pl.col("scale_max")).otherwise(-pl.col("scale_min"))
    headroom = (top - pl.col("best_proprietary")) / (pl.col("scale_max") - pl.col("scale_min"))
    bounded = (
        pl.col("unit").is_in(BOUNDED)
        & pl.col("scale_min").is_not_null()
        & pl.col("scale_max").is_not_null()
    )
    candidate = pl.col("benchmark_id").is_in(candidates) if candidates is not None else pl.lit(True)
    stale_open = pl.col("newest_open_release_date").fill_null(dt.date.min) < live_from
    stale_prop = pl.col("newest_proprietary_release_date").fill_null(dt.date.min) < live_from
    saturated = bounded & (headroom <= SATURATION_HEADROOM)
    thin = (pl.col("n_open") < MIN_MODELS_PER_SIDE) | (
        pl.col("n_proprietary") < MIN_MODELS_PER_SIDE
    )
    reasons = pl.concat_str(
        pl.when(~candidate).then(
            pl.lit(
                "not a headline benchmark (a category, a composite index, vendor-reported, "
                "or a second copy of a test)"
            )
        ),
        pl.when(stale_open).then(
            pl.format("stale: newest open model released {}", pl.col("newest_open_release_date"))
        ),
        pl.when(stale_prop).then(
            pl.format(
                "stale: newest proprietary model released {}",
                pl.col("newest_proprietary_release_date"),
            )
        ),
        pl.when(saturated).then(
            pl.format(
                "saturated: proprietary best {} is within {}% of the scale's best end",
                (pl.col("best_proprietary") * pl.col("sign")).round(3),
                pl.lit(round(SATURATION_HEADROOM * 100)),
            )
        ),
        pl.when(thin).then(
            pl.format(
                "thin: {} open / {} proprietary models (fewer than {} on a side)",
                "n_open",
                "n_proprietary",
                pl.lit(MIN_MODELS_PER_SIDE),
            )
        ),
        separator="; ",
        ignore_nulls=True,
    )
    status = (
        pl.when(~candidate)
        .then(pl.lit("not_headline"))
        .when(stale_open | stale_prop)
        .then(pl.lit("stale"))
        .when(saturated)
        .then(pl.lit("saturated"))
        .when(thin)
        .then(pl.lit("thin"))
        .otherwise(pl.lit("counted"))
    )
    units = units.with_columns(
        headline_status=status, headline_reason=reasons, headroom=headroom
    ).with_columns(
        headline_reason=pl.when(pl.col("headline_status") == "counted")
        .then(
            pl.format(
                "counted: live (newest open {}, newest proprietary {}), {} open / {} proprietary "
                "models",
                "newest_open_release_date",
                "newest_proprietary_release_date",
                "n_open",
                "n_proprietary",
            )
        )
        .otherwise(pl.col("headline_reason"))
    )
    # A benchmark votes once: of its counted regimes (LiveBench releases, Arena methods), the newest.
    units = units.sort(
        ["benchmark_id", "data_end_date", "n_open", "n_proprietary", "regime"],
        descending=[False, True, True, True, False],
        nulls_last=True,
    )
    rank = pl.int_range(1, pl.len() + 1).over("benchmark_id", "headline_status")
    units = units.with_columns(
        headline_status=pl.when((pl.col("headline_status") == "counted") & (rank > 1))
        .then(pl.lit("superseded"))
        .otherwise(pl.col("headline_status")),
        headline_reason=pl.when((pl.col("headline_status") == "counted") & (rank > 1))
        .then(pl.lit("superseded: a newer regime of this benchmark is counted"))
        .otherwise(pl.col("headline_reason")),
    )
    return units.drop("sign", "unit", "scale_min", "scale_max", "best_proprietary").sort(
        "benchmark_id", "regime", nulls_last=True
    )


def clusters(gap_series: pl.DataFrame, obs: pl.DataFrame) -> pl.DataFrame:
    """Per (benchmark_id, regime): the pair of model releases its current horizontal lag rests on
    (the open frontier model's release day | the matched model's release day). Benchmarks with the
    same pair measure the same two events, so the pooled interval draws them together."""
    released = obs.group_by("model_id").agg(open_release=pl.col("release_date").min())
    return (
        gap_series.filter(pl.col("is_current"))
        .select("benchmark_id", "regime", "open_model_id", "matched_release_date")
        .join(released, left_on="open_model_id", right_on="model_id", how="left")
        .select(
            "benchmark_id",
            "regime",
            cluster=pl.when(pl.col("matched_release_date").is_not_null())
            .then(
                pl.format(
                    "{}|{}",
                    pl.col("open_release").cast(pl.String),
                    pl.col("matched_release_date").cast(pl.String),
                )
            )
            .otherwise(None),
        )
    )


def run_observations(
    con: duckdb.DuckDBPyConnection,
    sw: Switches = Switches(),
    benchmarks: list[str] | None = None,
    loaded: pl.DataFrame | None = None,
) -> tuple[pl.DataFrame, dt.date, list[str]]:
    """What `run` estimates from: the observations under the switches at the as-of date (units
    with both sides only), the as-of date, and the headline candidates."""
    candidates = headline_benchmarks(con)
    chosen = benchmarks if benchmarks is not None else candidates
    obs = observations(con, sw, loaded, chosen)
    if obs.is_empty():
        raise ValueError(f"no observations under switches ({sw.label()})")
    when = sw.as_of if sw.as_of is not None else default_as_of(obs)
    # Sources that publish one current file (Epoch's hub) answer an as-of date from their earliest
    # later file, truncated by release date (scores_from_later_file says so).
    obs = lag.as_of_later_files(obs, when, every_unit=sw.as_of is None)
    if sw.as_of is None:
        # no date was asked for: T is where the data end, and the newest file is simply the data
        obs = obs.with_columns(scores_from_later_file=pl.lit(False))
    # units with both sides (a filter, not a join on the units: one copy of the rows fewer)
    obs = obs.filter(pl.col("side").n_unique().over("benchmark_id", "regime") == 2)
    if obs.is_empty():
        raise ValueError(
            f"no benchmark has released open and proprietary models under switches ({sw.label()})"
            f" as of {when}"
        )
    return obs, when, candidates


def run(
    con: duckdb.DuckDBPyConnection,
    sw: Switches = Switches(),
    n_resamples: int | None = None,
    benchmarks: list[str] | None = None,
    seed: int = 0,
    loaded: pl.DataFrame | None = None,
) -> tuple[lag.LagResults, pl.DataFrame]:
    """Estimators over `benchmarks` (default: the headline candidates), every one measured at one
    as-of date (`sw.as_of`, else default_as_of). lag_estimates carries each unit's headline status
    and reason; the aggregate pools the counted units only. Returns results and the obs used.
    `loaded`: load_observations' frame holding at least these benchmarks, shared by several runs
    (default: read them from the warehouse)."""
    n = n_resamples_default() if n_resamples is None else n_resamples
    obs, when, candidates = run_observations(con, sw, benchmarks, loaded)
    # pool=False: the aggregate and the pooled trend are computed below over the counted units
    part = lag.run(
        obs,
        as_of=when,
        match=sw.match,
        tolerance=MATCH_TOLERANCE,
        n_resamples=n,
        seed=seed,
        pool=False,
        min_models=MIN_MODELS_PER_SIDE,
        recent_days=0,
    )
    status = headline_status(obs, when, candidates)
    groups = clusters(part.gap_series, obs)
    cols = [
        "headline_status",
        "headline_reason",
        "data_end_date",
        "newest_proprietary_release_date",
        "scores_from_later_file",
        "scores_file_date",
    ]
    estimates = (
        part.lag_estimates.join(
            status.select("benchmark_id", "regime", *cols),
            on=["benchmark_id", "regime"],
            how="left",
            nulls_equal=True,
        )
        .join(groups, on=["benchmark_id", "regime"], how="left", nulls_equal=True)
        .with_columns(
            # measured at the common date although its newest scored model is older: the months
            # since count toward the lag as if nothing newer had been scored
            is_censored=pl.col("data_end_date") < pl.col("as_of_date"),
            note=pl.concat_str(
                pl.col("note"),
                pl.when(pl.col("scores_from_later_file")).then(
                    pl.format(
                        "scores of the models released by {} are taken from a later file ({})",
                        "as_of_date",
                        "scores_file_date",
                    )
                ),
                separator="; ",
                ignore_nulls=True,
            ),
        )
        # a fixed row order: the pooled bootstrap resamples rows, so order must not depend on hashing
        .sort("benchmark_id", "regime", "estimator", nulls_last=True)
    )
    counted = estimates.filter(pl.col("headline_status") == "counted")
    keep_units = counted.select("benchmark_id", "regime").unique()
    gap_series = part.gap_series.sort("benchmark_id", "regime", "date", nulls_last=True)
    counted_series = gap_series.join(
        keep_units, on=["benchmark_id", "regime"], how="semi", nulls_equal=True
    )
    results = lag.LagResults(
        frontier=part.frontier,
        catch_up_events=part.catch_up_events,
        thresholds=part.thresholds,
        gap_series=gap_series,
        lag_estimates=estimates,
        aggregate=lag.aggregate(
            counted, n_resamples=n, seed=seed, clusters=groups, replicates=part.replicates
        ),
        lag_trend=pl.concat(
            [
                part.lag_trend.filter(pl.col("benchmark_id") != "all"),
                pooled_trend(counted_series, n, seed),
            ],
            how="diagonal_relaxed",
        ),
        replicates=part.replicates,
    )
    return results, obs


def _lag_matrix(gap_series: pl.DataFrame) -> tuple[list, np.ndarray]:
    """Monthly horizontal lags as a months × (benchmark, regime) matrix (NaN where a unit has none),
    columns in a fixed order: the pooled bootstrap resamples columns, so order must not vary."""
    paths = gap_series.filter(~pl.col("is_current") & pl.col("lag_months").is_not_null()).select(
        unit=pl.concat_str([pl.col("benchmark_id"), pl.col("regime").fill_null("")], separator="|"),
        date=pl.col("date"),
        lag=pl.col("lag_months"),
    )
    if paths.is_empty():
        return [], np.empty((0, 0))
    wide = paths.pivot(on="unit", index="date", values="lag", aggregate_function="mean").sort(
        "date"
    )
    wide = wide.select("date", *sorted(c for c in wide.columns if c != "date"))
    return wide["date"].to_list(), wide.drop("date").to_numpy().astype(float)


def pooled_trend(
    gap_series: pl.DataFrame, n_resamples: int, seed: int, window_months: int = 24
) -> pl.DataFrame:
    """Is the lag shrinking? OLS slope (months of lag per year) of the monthly median lag across
    benchmarks over the last `window_months`, with a 90% interval from resampling benchmarks.
    Months count only when at least three benchmarks have a lag there. A parity date is given only
    where the slope is negative, and it is a forecast."""
    dates, m = _lag_matrix(gap_series)
    empty = {
        "benchmark_id": "all",
        "regime": None,
        "n_months": 0,
        "is_forecast": True,
        "statement": "not enough data: fewer than three benchmarks with a lag in most months",
    }
    if not dates:
        return pl.DataFrame([empty])
    end = dates[-1]
    start_idx = max(0, len(dates) - window_months - 1)
    t = np.array([(d - end).days / 365.25 for d in dates])[start_idx:]
    m = m[start_idx:]

    def slope_of(cols: np.ndarray) -> tuple[float, float]:
        sub = m[:, cols]
        ok = (~np.isnan(sub)).sum(axis=1) >= 3
        if ok.sum() < 6:
            return float("nan"), float("nan")
        med = np.nanmedian(sub[ok], axis=1)
        slope, intercept = np.polyfit(t[ok], med, 1)
        return float(slope), float(intercept)

    k = m.shape[1]
    slope, fitted = slope_of(np.arange(k))
    if np.isnan(slope):
        return pl.DataFrame([empty])
    rng = np.random.default_rng(seed)
    boots = (
        np.array([slope_of(rng.integers(0, k, k))[0] for _ in range(n_resamples)])
        if n_resamples
        else np.array([])
    )
    boots = boots[~np.isnan(boots)]
    lo, hi = (float(x) for x in np.quantile(boots, [0.05, 0.95])) if boots.size else (None, None)
    interval = f"90% interval {lo:+.1f} to {hi:+.1f}" if lo is not None else "no interval"
    parity = None
    if slope < 0 and fitted > 0 and (hi is None or hi < 0):
        parity = end + dt.timedelta(days=int(fitted / -slope * 365.25))
        statement = (
            f"forecast: at the fitted pace the lag would close around {parity:%Y-%m} "
            f"(the lag changed by {slope:+.1f} months per year, {interval})"
        )
    elif slope < 0:
        statement = (
            f"the lag changed by {slope:+.1f} months per year over the window ({interval}); the "
            "interval includes a lag that is not shrinking: no parity date is implied"
        )
    else:
        statement = (
            f"no parity in sight: the lag changed by {slope:+.1f} months per year over the window "
            f"({interval})"
        )
    return pl.DataFrame(
        [
            {
                "benchmark_id": "all",
                "regime": None,
                "as_of_date": end,
                "window_start_date": dates[start_idx],
                "n_months": len(t),
                "slope_months_per_year": slope,
                "slope_lo": lo,
                "slope_hi": hi,
                "fitted_lag_months": fitted,
                "parity_date": parity,
                "is_forecast": True,
                "statement": statement,
            }
        ]
    )


def sensitivity_variants() -> list[Switches]:
    base = Switches()
    return [
        base,
        replace(base, open_def="permissive"),
        replace(base, open_def="with_derivatives"),
        replace(base, self_reported=True),
        replace(base, style_control=True),
        replace(base, setting="default"),
        replace(base, match="point"),
        replace(base, release_rule="weights"),
        replace(base, release_rule="announce"),
        replace(base, release_rule="first_leaderboard"),
        replace(base, imputed_dates=True),
    ]


MATCH_RULES = {
    "significance": "an open model counts as matching a proprietary one unless its score is "
    "significantly below it (one-sided test at 5%, or overlapping 95% intervals; Epoch AI's rule)",
    "point": "an open model counts as matching a proprietary one when its score is at least as high",
}


def counted_benchmarks(results: lag.LagResults) -> list[str]:
    """The benchmarks (and regimes) the headline pools, by id."""
    est = results.lag_estimates.filter(
        (pl.col("estimator") == "horizontal_lag")
        & (pl.col("headline_status") == "counted")
        & pl.col("value").is_not_null()
    )
    return sorted(set(est["benchmark_id"].to_list()))


STALE_DATA_DAYS = 30


def n_stale_data(results: lag.LagResults) -> int:
    """Counted benchmarks whose newest scored model is more than STALE_DATA_DAYS older than the
    as-of date: the months since count toward their lag (censored, not re-dated)."""
    est = results.lag_estimates.filter(
        (pl.col("estimator") == "horizontal_lag")
        & (pl.col("headline_status") == "counted")
        & pl.col("value").is_not_null()
        & ((pl.col("as_of_date") - pl.col("data_end_date")).dt.total_days() > STALE_DATA_DAYS)
    )
    return est.height


def n_later_file(results: lag.LagResults) -> int:
    """Counted benchmarks whose scores come from a file published after the as-of date (sources
    that publish one current file; see lag.as_of_later_files)."""
    est = results.lag_estimates.filter(
        (pl.col("estimator") == "horizontal_lag")
        & (pl.col("headline_status") == "counted")
        & pl.col("value").is_not_null()
        & pl.col("scores_from_later_file").fill_null(False)
    )
    return est.height


def leave_one_cluster_out(results: lag.LagResults) -> tuple[float, float] | None:
    """The range of the headline median when any one cluster of counted benchmarks (those measured
    on the same pair of models) is left out: what one benchmark group more or less would do."""
    est = results.lag_estimates.filter(
        (pl.col("estimator") == "horizontal_lag")
        & (pl.col("headline_status") == "counted")
        & pl.col("value").is_not_null()
    ).with_columns(cluster=pl.coalesce("cluster", "benchmark_id"))
    groups = est["cluster"].unique().to_list()
    if len(groups) < 2:
        return None
    medians = [float(est.filter(pl.col("cluster") != g)["value"].median()) for g in sorted(groups)]
    return min(medians), max(medians)


def headline_sentence(now: dict, then: dict | None = None) -> str:
    """One sentence a journalist can quote (and the ones that qualify it), from lag_headline rows."""
    names = now.get("benchmarks") or ""
    n = now["n_benchmarks"]
    lower = " at least" if now.get("is_lower_bound") else ""
    text = (
        f"Open-weight models trail the proprietary frontier by a median of{lower} "
        f"{now['value']:.1f} months (90% interval {fmt(now['lo'])}–{fmt(now['hi'])}) as of "
        f"{now['as_of_date']}, across the {n} benchmarks live on that date ({names})"
    )
    if now.get("n_clusters") is not None and now["n_clusters"] < n:
        text += f", which rest on {now['n_clusters']} distinct pairs of models"
    text += (
        f"; {MATCH_RULES.get(now.get('match') or '', 'matching rule ' + str(now.get('match')))}."
    )
    if now.get("n_stale_data"):
        text += (
            f" {now['n_stale_data']} of the {n} have no model scored in the last "
            f"{STALE_DATA_DAYS} days before that date; for them the months since count toward the "
            "lag, so newer scores could shorten it."
        )
    if now.get("loo_lo") is not None:
        text += (
            f" Leaving out any one group of benchmarks would move the median to between "
            f"{now['loo_lo']:.1f} and {now['loo_hi']:.1f} months; the interval covers score noise "
            "within each benchmark and disagreement between them, not errors in release dates or "
            "open/proprietary labels."
        )
    if then is not None:
        later = (
            f", {then['n_later_file']} of them scored from files published later (sources that "
            "keep one current file), truncated to the models released by then"
            if then.get("n_later_file")
            else ""
        )
        text += (
            f" A year earlier ({then['as_of_date']}, the same rules) the median was "
            f"{then['value']:.1f} months over {then['n_benchmarks']} benchmarks{later}"
        )
        same = (then.get("benchmarks") or "") == names
        text += ", the same set." if same else f" ({then.get('set_change') or 'a different set'})."
    return text


def headline(results: lag.LagResults) -> dict | None:
    agg = results.aggregate.filter(
        (pl.col("estimator") == "horizontal_lag") & (pl.col("statistic") == "median")
    )
    return agg.to_dicts()[0] if agg.height else None


def pooled_history(gap_series: pl.DataFrame, n_resamples: int, seed: int = 0) -> pl.DataFrame:
    """The headline lag over time: per month, the median horizontal lag across benchmarks (each
    benchmark × regime one vote, months with at least three), with a 90% band from resampling
    benchmarks."""
    dates, m = _lag_matrix(gap_series)
    schema = {
        "date": pl.Date,
        "median_lag_months": pl.Float64,
        "lo": pl.Float64,
        "hi": pl.Float64,
        "n_benchmarks": pl.Int64,
    }
    if not dates:
        return pl.DataFrame(schema=schema)
    counts = (~np.isnan(m)).sum(axis=1)
    ok = counts >= 3
    if not ok.any():
        return pl.DataFrame(schema=schema)
    med = np.full(len(m), np.nan)
    med[ok] = np.nanmedian(m[ok], axis=1)
    lo = np.full(len(m), np.nan)
    hi = np.full(len(m), np.nan)
    if n_resamples:
        rng = np.random.default_rng(seed)
        k = m.shape[1]
        idx = rng.integers(0, k, size=(n_resamples, k))
        with np.errstate(all="ignore"), warnings.catch_warnings():
            warnings.simplefilter("ignore")  # all-NaN months: nanmedian warns, the result is NaN
            boots = np.nanmedian(m[:, idx], axis=2)  # months × resamples
        lo[ok] = np.nanquantile(boots[ok], 0.05, axis=1)
        hi[ok] = np.nanquantile(boots[ok], 0.95, axis=1)
    return pl.DataFrame(
        {
            "date": pl.Series(dates, dtype=pl.Date),
            "median_lag_months": med,
            "lo": lo,
            "hi": hi,
            "n_benchmarks": counts.astype("int64"),
        },
        schema=schema,
    ).filter(pl.col("n_benchmarks") >= 3)
