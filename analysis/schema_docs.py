"""What every published table and column means: the one place the data package's words come from.

`TABLES` describes each table, `COLUMNS` each column (keyed "schema.table.column", or "*.column" for a
column that means the same wherever it appears), `KEYS` the primary and foreign keys, and `SOURCES`
the licence terms of each upstream. A column missing here falls back to a `comment on column` in the
warehouse, then to the `-- comment` beside it in its SQL file (see `describe`); a published column
with no description at all fails tests/unit/test_datapackage.py.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import duckdb

from warehouse import db

REPO_ROOT = Path(__file__).resolve().parent.parent
SQL_ROOTS = (REPO_ROOT / "warehouse" / "sql", REPO_ROOT / "analysis" / "sql")

TABLES: dict[str, str] = {
    "raw.fetches": "One row per file opengap downloaded or was handed (`opengap ingest`): where it came "
    "from, when, its sha256 and size. Every score points at the file it was read from through fetch_id.",
    "core.benchmarks": "One row per benchmark as one publisher scores it (benchmark_id = "
    "'<publisher>:<slug>'), with its unit and scale. The same test run by two publishers is two "
    "benchmarks sharing a `task`, never mixed.",
    "core.models": "One row per model (model_id): who made it, its licence, whether its weights are "
    "open, and when opengap's sources first and last list it.",
    "core.model_aliases": "Every name a source publishes for a model, and the model_id it resolves "
    "to, with the method, confidence and evidence of the match (model_id empty when unmatched).",
    "core.model_facts": "Every claim any source makes about a model (access, licence, release "
    "date, parameters, …), one row per model × fact × value × source, with the precedence that "
    "decides which value core.models uses (is_chosen).",
    "core.model_fact_conflicts": "Facts on which sources disagree (access class, SPDX licence, "
    "commercial use, derivative status): the chosen value and every claim as value@source.",
    "core.model_release_dates": "Every candidate release date per model (API, weights, "
    "announcement, checkpoint id, first leaderboard appearance), with its source and evidence.",
    "core.model_release_dates_by_rule": "One release date per model under each release-date rule "
    "(earliest_public is the default core.models uses; announce, weights, first_leaderboard, "
    "earliest_any), so the analysis can switch rules.",
    "core.scores": "Every published score: one row per model × benchmark × leaderboard snapshot × "
    "source × run setting × style control, with the file it came from (fetch_id).",
    "core.regimes": "Methodology regimes of a source's benchmark (e.g. LMArena's move from online Elo "
    "to Bradley-Terry): scores are comparable within a regime, not across a break.",
    "core.score_collisions": "Keys where one source published two different rows resolving to one "
    "model in one snapshot; core.scores kept one (most votes, then highest score). For review.",
    "analysis.build_errors": "Why the lag estimators could not run in the last build (empty when they did).",
    "analysis.lag_observations": "Every score that could enter a lag estimate, with the columns each "
    "analysis switch filters on (side, derivative status, licence, release date, regime).",
    "analysis.headline_benchmarks": "Candidates for the headline lag: one per underlying test, "
    "independent evaluations with at least one released model on each side. Whether a candidate "
    "counts is decided per run at the as-of date (live, not saturated, at least 5 models per side: "
    "lag_estimates.headline_status).",
    "analysis.frontier": "Each side's running best score per benchmark × regime by release date, with "
    "the model that set it.",
    "analysis.catch_up_events": "Each open frontier advance and the first proprietary model whose "
    "score it matched, with the lag in days and months (censored when none matched).",
    "analysis.thresholds": "Per score level: when the proprietary side first reached it and when the "
    "open side did (right-censored where open has not yet).",
    "analysis.gap_series": "Monthly path per benchmark: horizontal lag, vertical gap and (Arena) win "
    "probability, with 90% bootstrap intervals.",
    "analysis.lag_estimates": "Benchmark × regime × estimator, measured at the common as-of date: "
    "value, 90% interval, model counts, censoring, and whether the benchmark counts in the headline "
    "(headline_status, headline_reason).",
    "analysis.lag_aggregate": "Per-benchmark estimates pooled across the headline benchmarks: median "
    "and mean with intervals from resampling benchmarks, and their dispersion.",
    "analysis.lag_trend": "Is the lag shrinking: slope in months per year with an interval, and a "
    "parity date (a forecast) or a plain statement that none is implied.",
    "analysis.lag_history": "The headline lag over time: per month, the median lag across benchmarks "
    "with a 90% band from resampling benchmarks.",
    "analysis.lag_headline": "The headline: the median lag at the as-of date and as the data stood "
    "one year earlier under the same rule, with the sentence a reader can quote (statement).",
    "analysis.index_lag": "Each publisher's composite index on its own, side by side (Epoch "
    "Capabilities Index; Artificial Analysis' Intelligence, Coding and Agentic indices, per "
    "methodology regime): lag estimates as in lag_estimates, never pooled with member benchmarks.",
    "analysis.eci_lag": "The Epoch Capabilities Index on its own (a composite, never pooled with "
    "its member benchmarks).",
    "analysis.sensitivity": "The headline median lag under each analysis switch (open definition, "
    "release-date rule, self-reported scores, style control, run setting).",
    "analysis.published_comparison": "Published figures (IAPS Open-Source-Gap tracker, Epoch AI's "
    "Nov 2024 analysis, Stanford AI Index 2025) beside opengap's value on the publisher's own "
    "definitions and inputs, with the difference and, where they differ, exactly why.",
    "analysis.arena_gap": "Per Arena snapshot (source × date): the top proprietary and the top open "
    "model by rating and the gap between them, in points, as a win probability and as a percentage.",
}

# Columns that mean the same in every table they appear in.
_COMMON: dict[str, str] = {
    "*.switches": "The analysis switches the row was computed under ('default' or the ones changed).",
    "*.message": "One-line error message naming the source, the file and the cause.",
    "*.task": "The underlying test a benchmark measures (e.g. gpqa_diamond), shared across publishers.",
    "*.kind": "arena_rating | accuracy | index | score.",
    "*.category": "Sub-leaderboard (e.g. coding) or empty for the overall board.",
    "*.evaluation": "independent | self_reported | mixed.",
    "*.contamination": "public | private | live: how exposed the test set is to training data.",
    "*.is_derivative": "true for fine-tunes, merges, distillations and quantisations of someone "
    "else's open model.",
    "*.license_spdx": "SPDX identifier of the licence, where one exists.",
    "*.commercial_use": "yes | restricted | no | n/a (proprietary).",
    "*.release_date_kind": "Which date the release-date rule picked: api, weights, announce, "
    "first_leaderboard, … or unknown.",
    "*.scale_min": "Lowest possible score (empty for unbounded ratings).",
    "*.scale_max": "Highest possible score (empty for unbounded ratings).",
    "*.label": "current | one_year_earlier.",
    "*.median_lag_months": "Median horizontal lag across benchmarks, months.",
    "*.started_at": "When the attempt started (UTC).",
    "*.finished_at": "When the attempt ended (UTC).",
    "*.new_files": "Files the attempt added to the raw store.",
    "*.error": "The attempt's one-line error, empty when it succeeded.",
    "*.path": "Raw file path relative to data/raw.",
    "*.logged_at": "When the error was recorded (UTC).",
    "*.quantity": "What is compared.",
    "*.period": "The date or month the published figure describes.",
    "*.published": "The published figure, as published.",
    "*.publisher": "Who published it, and where.",
    "*.opengap_value": "opengap's number for the same quantity and period.",
    "*.opengap_detail": "How opengap's number was obtained (snapshot, models, range).",
    "*.open_def": "Open definition: any | permissive | with_derivatives.",
    "*.release_rule": "Release-date rule from core.model_release_dates_by_rule.",
    "*.imputed_dates": "Whether models dated only by their first leaderboard appearance (no sourced "
    "release date) may set or close a frontier step (default false: they may not).",
    "*.release_date_is_imputed": "True when the model's release date is imputed from its first "
    "leaderboard appearance (no source gives one).",
    "*.self_reported": "true when vendor-reported scores were included.",
    "*.as_of": "Only data known on this date was used (empty: all data).",
    "*.n_observations": "Observations (scores) the estimate used.",
    "*.fetch_id": "Id of the raw file the row was read from (joins raw.fetches / fetches.csv).",
    "*.source": "opengap source key (scrapers/<source>.py) the row comes from, e.g. "
    "'lmarena_leaderboard_csv', 'epoch_benchmarking_hub'.",
    "*.model_id": "opengap's stable model id (joins core.models).",
    "*.benchmark_id": "Benchmark as one publisher scores it, '<publisher>:<slug>' (joins core.benchmarks).",
    "*.snapshot_date": "Date of the leaderboard version the number was observed in.",
    "*.sha256": "sha256 of the raw file the row was read from.",
    "*.source_url": "URL the raw file was downloaded from.",
    "*.fetched_at": "When the raw file was downloaded (UTC).",
    "*.setting": "Run setting as the source labels it (reasoning effort, thinking budget, edit "
    "format); '' is the source's default.",
    "*.style_control": "Arena ratings only: true for the style-controlled view, false for the "
    "default; empty for other benchmarks.",
    "*.source_model_name": "The model's name exactly as the source publishes it.",
    "*.model_key": "The source's own stable id for the model where it has one (Arena key, API id, "
    "Hugging Face repo).",
    "*.display_name": "Human-readable model name.",
    "*.organization": "Developer of the model, as published.",
    "*.license": "Licence as published by the source (free text).",
    "*.access": "open (weights downloadable) | api | hosted | unreleased; empty when unknown.",
    "*.is_open_weights": "true when the weights are downloadable, false when API/hosted only, "
    "empty when unknown.",
    "*.hf_repo_id": "owner/name of the model's Hugging Face Hub repo, where known.",
    "*.release_date": "Model release date, where a source gives one.",
    "*.score": "The published number, in the benchmark's unit (see benchmarks.unit).",
    "*.stderr": "Standard error of the score where the source publishes one, in the score's unit.",
    "*.ci_lower": "Lower bound of the published 95% confidence interval, in the score's unit.",
    "*.ci_upper": "Upper bound of the published 95% confidence interval, in the score's unit.",
    "*.votes": "Number of human votes behind an Arena rating.",
    "*.evaluated_on": "Date the evaluation was run, where the source says.",
    "*.is_self_reported": "true when the number comes from the model's developer rather than an "
    "independent evaluation.",
    "*.note": "Free-text explanation.",
    "*.url": "Web address.",
    "*.name": "Human-readable name.",
    "*.description": "Free-text description.",
}

# Columns of the lag analysis tables (analysis/lag.py OUTPUT_COLUMNS); a table-specific
# "analysis.<table>.<column>" entry in COLUMNS overrides these.
_LAG: dict[str, str] = {
    "*.regime": "Methodology regime of the benchmark (core.regimes); frontiers never cross a break.",
    "*.side": "open (open weights) | proprietary (API or hosted only).",
    "*.frontier_rank": "Order of the frontier advance on its side (1 = first).",
    "*.previous_best_score": "The side's best score before this advance, in the benchmark's unit.",
    "*.observed_on": "Snapshot date the score was observed in.",
    "*.as_of_date": "Date the estimate is computed for: only data known on that date is used.",
    "*.higher_is_better": "true when a higher score is better.",
    "*.unit": "Unit of the scores (see benchmarks.unit).",
    "*.open_model_id": "model_id of the open-weights model.",
    "*.open_release_date": "Release date of the open-weights model.",
    "*.open_score": "Score of the open-weights model, in the benchmark's unit.",
    "*.proprietary_model_id": "model_id of the proprietary model.",
    "*.proprietary_release_date": "Release date of the proprietary model.",
    "*.proprietary_score": "Score of the proprietary model, in the benchmark's unit.",
    "*.match_rule": "The rule that decided this pair's match (the open model gets the benefit of "
    "the doubt): z_test (one-sided 5% on the standard errors) | ci_overlap (95% intervals, where "
    "only bounds are given) | point (scores as they are: no uncertainty given, or match=point).",
    "*.match": "Matching setting the estimate was computed with: significance (an open model matches "
    "a proprietary point unless significantly below it; the default) | point.",
    "*.match_tolerance": "Difference, in the benchmark's units, that never counts against the open "
    "model when matching (1 ECI point for epoch:eci by default; else 0).",
    "*.lag_days": "Lag of the open side behind the proprietary side.",
    "*.lag_months": "Lag of the open side behind the proprietary side (days / 30.44).",
    "*.lag_months_lo": "Lower end of the lag's 90% bootstrap interval.",
    "*.lag_months_hi": "Upper end of the lag's 90% bootstrap interval.",
    "*.is_censored": "true when the open side has not matched yet: the lag is a lower bound.",
    "*.censored_side": "Side that has not reached the level yet (open | proprietary); empty when "
    "both have.",
    "*.level": "Score level of the threshold, in the benchmark's unit.",
    "*.proprietary_crossing_date": "Date the proprietary side first reached the level.",
    "*.open_crossing_date": "Date the open side first reached the level.",
    "*.date": "Date of the row.",
    "*.is_current": "true for the row at the as-of date.",
    "*.matched_model_id": "model_id of the proprietary model the open frontier matched.",
    "*.matched_release_date": "Release date of that proprietary model.",
    "*.gap": "Proprietary frontier minus open frontier, in the benchmark's unit.",
    "*.gap_lo": "Lower end of the gap's 90% bootstrap interval.",
    "*.gap_hi": "Upper end of the gap's 90% bootstrap interval.",
    "*.win_probability": "Implied probability the proprietary model wins head to head (ratings).",
    "*.win_probability_lo": "Lower end of its 90% bootstrap interval.",
    "*.win_probability_hi": "Upper end of its 90% bootstrap interval.",
    "*.relative_gap_pct": "Gap as a percentage of the proprietary score.",
    "*.relative_gap_pct_lo": "Lower end of its 90% bootstrap interval.",
    "*.relative_gap_pct_hi": "Upper end of its 90% bootstrap interval.",
    "*.estimator": "Which estimator: horizontal_lag | threshold_median_lag | trend_offset | "
    "vertical gap measures (see analysis/LAG_METHOD.md).",
    "*.statistic": "Pooling statistic across benchmarks (median | mean).",
    "*.value": "The estimate, in value_unit.",
    "*.lo": "Lower end of the 90% bootstrap interval, in value_unit.",
    "*.hi": "Upper end of the 90% bootstrap interval, in value_unit.",
    "*.value_unit": "Unit of value, lo and hi (months for lags; the benchmark's unit for gaps).",
    "*.is_lower_bound": "true when the estimate is censored: the true lag is at least value.",
    "*.n_open": "Open-weights models behind the estimate.",
    "*.n_proprietary": "Proprietary models behind the estimate.",
    "*.newest_open_release_date": "Release date of the newest open model used.",
    "*.is_thin_coverage": "true when too few models or stale data make the estimate fragile.",
    "*.thin_reason": "Why coverage is thin.",
    "*.n_resamples": "Bootstrap resamples drawn.",
    "*.n_valid_resamples": "Resamples that gave an estimate.",
    "*.iqr": "Interquartile range of the per-benchmark values (how much benchmarks disagree).",
    "*.sd": "Standard deviation of the per-benchmark values.",
    "*.n_benchmarks": "Benchmarks pooled.",
    "*.n_thin_coverage": "Pooled benchmarks with thin coverage.",
    "*.window_start_date": "First date of the window the trend is fitted over.",
    "*.n_months": "Months in the window.",
    "*.slope_months_per_year": "Change of the lag per year: negative when the gap is shrinking.",
    "*.slope_lo": "Lower end of the slope's 90% interval.",
    "*.slope_hi": "Upper end of the slope's 90% interval.",
    "*.fitted_lag_months": "Lag at the as-of date on the fitted trend.",
    "*.parity_date": "Date the trend reaches zero lag, where it does.",
    "*.parity_lo": "Early end of the parity date's 90% interval.",
    "*.parity_hi": "Late end of the parity date's 90% interval.",
    "*.is_forecast": "true when parity_date lies after the as-of date.",
    "*.statement": "The trend in words.",
}

COLUMNS: dict[str, str] = {
    **_COMMON,
    **_LAG,
    # raw.fetches
    "raw.fetches.url": "URL the file was downloaded from (or file:// for a manual ingest).",
    "raw.fetches.path": "Where the file sits in opengap's raw store, relative to data/raw/.",
    "raw.fetches.bytes": "File size.",
    "raw.fetches.sha256": "sha256 of the file's bytes.",
    "raw.fetches.http_status": "HTTP status of the download; empty for manual ingests.",
    "raw.fetches.content_type": "Content-Type header of the download.",
    "raw.fetches.etag": "ETag header of the download, used for conditional re-fetches.",
    "raw.fetches.last_modified": "Last-Modified header of the download.",
    "raw.fetches.snapshot_date": "Date the file describes (the leaderboard version it holds).",
    "raw.fetches.upstream_key": "What identifies this version upstream: a commit sha or a file name.",
    "raw.fetches.filename": "Name of the file upstream.",
    "raw.fetches.origin": "fetch (downloaded by opengap) | manual (handed over with opengap ingest).",
    "raw.fetches.extra": "Source-specific details of the download as a JSON object (e.g. the commit "
    "and its message).",
    # core.benchmarks
    "core.benchmarks.source": "opengap source that declared the benchmark.",
    "core.benchmarks.name": "Human name, e.g. 'LMArena text (overall)'.",
    "core.benchmarks.task": "The underlying test, e.g. 'arena_text', 'gpqa_diamond', 'mmlu': find "
    "one test scored by several publishers.",
    "core.benchmarks.publisher": "Who runs and publishes the evaluation, e.g. 'LMArena', 'Epoch AI'.",
    "core.benchmarks.kind": "arena_rating | accuracy | index | score.",
    "core.benchmarks.unit": "Unit of every score of this benchmark: elo | fraction | percent | index "
    "| score.",
    "core.benchmarks.scale_min": "Lowest possible score; empty when unbounded (ratings).",
    "core.benchmarks.scale_max": "Highest possible score; empty when unbounded (ratings).",
    "core.benchmarks.higher_is_better": "true when a higher score is better.",
    "core.benchmarks.evaluation": "independent | self_reported | mixed.",
    "core.benchmarks.contamination": "public | private | live test set; empty when unknown.",
    "core.benchmarks.category": "Sub-leaderboard ('coding', 'math', …); empty for the overall board.",
    "core.benchmarks.description": "What the benchmark measures, as its publisher describes it.",
    "core.benchmarks.url": "The benchmark's page.",
    # core.models
    "core.models.first_seen_date": "Earliest snapshot_date at which any source scores the model.",
    "core.models.last_seen_date": "Latest snapshot_date at which any source scores the model.",
    "core.models.sources": "Comma-separated source keys that score the model.",
    "core.models.has_access_conflict": "true when sources disagree on the model's access class.",
    "core.models.access_class": "access with the unknowns spelled out: open | api | hosted | "
    "unreleased | unknown.",
    "core.models.family": "Model family: curated, else the id without size, date and "
    "instruct/chat suffixes.",
    "core.models.is_derivative": "true for a fine-tune, merge, distillation or quantisation of "
    "someone else's open model.",
    "core.models.base_model_id": "model_id of the base model a derivative was made from, where known.",
    "core.models.base_model": "Base model as a source names it (often a Hugging Face repo id).",
    "core.models.license_spdx": "SPDX id of the licence, where one exists (data/registry/licenses.csv).",
    "core.models.commercial_use": "Commercial use under the licence: yes | restricted (custom "
    "terms, usage caps, acceptable-use policy) | no (non-commercial or research only) | n/a "
    "(proprietary, no weights), per data/registry/licenses.csv; empty when unknown.",
    "core.models.license_source": "Source whose licence claim was chosen.",
    "core.models.access_source": "Source whose access claim was chosen.",
    "core.models.weights_date": "Earliest date the weights were public, where known.",
    "core.models.params_b": "Parameter count, where a source gives one.",
    "core.models.release_date": "Release date under the default rule 'earliest_public' (see "
    "model_release_dates_by_rule); release_date_kind says what kind of date it is.",
    "core.models.release_date_kind": "Kind of date release_date is: api | weights | checkpoint | "
    "announce | first_leaderboard (an upper bound) | unknown.",
    "core.models.release_date_source": "Source of release_date.",
    "core.models.n_aliases": "Published names (aliases) that resolve to the model.",
    # core.model_facts, core.model_fact_conflicts
    "*.fact": "Which fact: display_name | organization | access | license | license_spdx | "
    "commercial_use | hf_repo_id | params_b | base_model | base_model_id | is_derivative | "
    "release_date | announce_date | weights_date | family.",
    "core.model_facts.value": "The claimed value, as text.",
    "core.model_facts.source": "Source making the claim ('curated' for data/registry/models.csv).",
    "core.model_facts.snapshot_date": "Newest snapshot in which the source made this claim.",
    "core.model_facts.precedence": "Rank of the source for this fact; the lowest wins.",
    "core.model_facts.is_chosen": "true for the value core.models uses.",
    "core.model_fact_conflicts.chosen_value": "The value core.models uses.",
    "core.model_fact_conflicts.chosen_source": "Source of the chosen value.",
    "core.model_fact_conflicts.n_values": "Distinct values claimed.",
    "core.model_fact_conflicts.claims": "Every claim as value@source, ' | '-separated.",
    # core.model_release_dates, core.model_release_dates_by_rule
    "core.model_release_dates.kind": "api (public API or app) | weights (public weights) | "
    "announce | checkpoint (date in a dated checkpoint id) | first_leaderboard (an upper bound).",
    "core.model_release_dates.date": "The candidate date.",
    "core.model_release_dates.source": "Where the date comes from (a source key, 'curated' or "
    "'model_id').",
    "core.model_release_dates.evidence": "What the date rests on.",
    "core.model_release_dates_by_rule.rule": "earliest_public (default) | announce | weights | "
    "first_leaderboard | earliest_any.",
    "core.model_release_dates_by_rule.date": "The model's release date under the rule.",
    "core.model_release_dates_by_rule.kind": "Kind of the date chosen (see "
    "model_release_dates.kind).",
    "core.model_release_dates_by_rule.source": "Where the chosen date comes from.",
    # core.model_aliases
    "core.model_aliases.model_id": "model_id the name resolves to; empty when unmatched.",
    "core.model_aliases.setting": "Run setting split off the published name ('high', 'thinking', "
    "'bf16'), added to the score's setting in core.scores; '' when none.",
    "core.model_aliases.method": "How the name was matched: exact | exact_key | normalised | rule | "
    "fuzzy | curated | unmatched.",
    "core.model_aliases.confidence": "Confidence of the match, 0 to 1.",
    "core.model_aliases.evidence": "What the match rests on (the rule, key or curated reason).",
    # core.regimes
    "core.regimes.benchmark_id": "Benchmark the regime covers; an id ending in '*' covers every id "
    "with that prefix.",
    "core.regimes.regime": "Name of the methodology regime.",
    "core.regimes.valid_from": "First date the regime applies.",
    "core.regimes.valid_to": "Last date the regime applies; empty while current.",
    "core.regimes.note": "What changed and where that is documented.",
    # core.score_collisions
    "core.score_collisions.n_rows": "Published rows that resolved to this key.",
    "core.score_collisions.n_scores": "Distinct scores among them.",
    "core.score_collisions.names": "The published names involved, ' | '-separated.",
    "core.score_collisions.min_score": "Lowest of the colliding scores, in the benchmark's unit.",
    "core.score_collisions.max_score": "Highest of the colliding scores, in the benchmark's unit.",
    # analysis.arena_gap
    "analysis.arena_gap.top_proprietary_model_id": "model_id of the best-rated proprietary model.",
    "analysis.arena_gap.top_proprietary": "Display name of the best-rated proprietary model.",
    "analysis.arena_gap.proprietary_score": "Its Arena rating.",
    "analysis.arena_gap.top_open_model_id": "model_id of the best-rated open-weights model.",
    "analysis.arena_gap.top_open": "Display name of the best-rated open-weights model.",
    "analysis.arena_gap.open_score": "Its Arena rating.",
    "analysis.arena_gap.gap_points": "proprietary_score minus open_score.",
    "analysis.arena_gap.proprietary_win_prob": "Implied probability that the top proprietary model "
    "beats the top open one head to head (Bradley-Terry, 400-point logistic scale).",
    "analysis.arena_gap.gap_pct_of_proprietary": "gap_points as a percentage of proprietary_score "
    "(as the Stanford AI Index reports it).",
    "analysis.arena_gap.intervals_overlap": "true when the two models' 95% intervals overlap.",
    "analysis.arena_gap.n_proprietary": "Proprietary models rated in the snapshot.",
    "analysis.arena_gap.n_open": "Open-weights models rated in the snapshot.",
    "analysis.arena_gap.n_unknown_access": "Models rated whose openness is unknown (counted, not "
    "ranked).",
    "analysis.arena_gap.proprietary_fetch_id": "fetch_id of the file the proprietary rating came from.",
    "analysis.arena_gap.open_fetch_id": "fetch_id of the file the open rating came from.",
}

UNITS: dict[str, str] = {
    "raw.fetches.bytes": "bytes",
    "*.votes": "votes",
    "*.lag_months_lo": "months",
    "*.lag_months_hi": "months",
    "*.slope_months_per_year": "months per year",
    "*.slope_lo": "months per year",
    "*.slope_hi": "months per year",
    "*.fitted_lag_months": "months",
    "*.relative_gap_pct": "percent",
    "*.relative_gap_pct_lo": "percent",
    "*.relative_gap_pct_hi": "percent",
    "*.win_probability": "probability (0-1)",
    "*.win_probability_lo": "probability (0-1)",
    "*.win_probability_hi": "probability (0-1)",
    "*.level": "see benchmarks.unit",
    "*.open_score": "see benchmarks.unit",
    "*.proprietary_score": "see benchmarks.unit",
    "*.gap": "see benchmarks.unit",
    "*.gap_lo": "see benchmarks.unit",
    "*.gap_hi": "see benchmarks.unit",
    "*.previous_best_score": "see benchmarks.unit",
    "*.score": "see benchmarks.unit",
    "*.stderr": "see benchmarks.unit",
    "*.ci_lower": "see benchmarks.unit",
    "*.ci_upper": "see benchmarks.unit",
    "*.min_score": "see benchmarks.unit",
    "*.max_score": "see benchmarks.unit",
    "core.benchmarks.scale_min": "see benchmarks.unit",
    "core.benchmarks.scale_max": "see benchmarks.unit",
    "core.model_aliases.confidence": "probability (0-1)",
    "analysis.arena_gap.proprietary_score": "Arena rating (Elo scale)",
    "analysis.arena_gap.open_score": "Arena rating (Elo scale)",
    "analysis.arena_gap.gap_points": "Arena rating points",
    "analysis.arena_gap.proprietary_win_prob": "probability (0-1)",
    "analysis.arena_gap.gap_pct_of_proprietary": "percent",
}
# Units by naming rule (STYLE.md: units in the name).
_UNIT_SUFFIXES = (
    ("_days", "days"),
    ("_months", "months"),
    ("_years", "years"),
    ("_pct", "percent"),
    ("_points", "rating points"),
    ("_prob", "probability (0-1)"),
    ("params_b", "billions of parameters"),
    ("_bytes", "bytes"),
)

# Keys: primary key columns, and foreign keys (columns, referenced table, referenced columns).
KEYS: dict[str, dict] = {
    "raw.fetches": {"primary_key": ["fetch_id"]},
    "core.benchmarks": {"primary_key": ["benchmark_id"]},
    "core.models": {"primary_key": ["model_id"]},
    "core.model_aliases": {
        "primary_key": ["source", "source_model_name", "model_key"],
        "foreign_keys": [(["model_id"], "core.models", ["model_id"])],
    },
    "core.scores": {
        "primary_key": [
            "model_id",
            "benchmark_id",
            "snapshot_date",
            "source",
            "setting",
            "style_control",
        ],
    },
    "core.model_facts": {
        "primary_key": ["model_id", "fact", "value", "source", "source_model_name"],
    },
    "core.model_fact_conflicts": {"primary_key": ["model_id", "fact"]},
    "core.model_release_dates": {"primary_key": ["model_id", "kind", "date", "source"]},
    "core.model_release_dates_by_rule": {"primary_key": ["model_id", "rule"]},
    "core.regimes": {"primary_key": ["source", "benchmark_id", "regime", "valid_from"]},
    "core.score_collisions": {
        "primary_key": [
            "model_id",
            "benchmark_id",
            "snapshot_date",
            "source",
            "setting",
            "style_control",
        ],
    },
    "analysis.arena_gap": {
        "primary_key": ["snapshot_date", "source"],
        "foreign_keys": [
            (["top_proprietary_model_id"], "core.models", ["model_id"]),
            (["top_open_model_id"], "core.models", ["model_id"]),
            (["proprietary_fetch_id"], "raw.fetches", ["fetch_id"]),
            (["open_fetch_id"], "raw.fetches", ["fetch_id"]),
        ],
    },
}
# Any published table with one of these columns gets the foreign key, where the data bear it out.
IMPLIED_FOREIGN_KEYS: dict[str, tuple[str, str]] = {
    "model_id": ("core.models", "model_id"),
    "benchmark_id": ("core.benchmarks", "benchmark_id"),
    "fetch_id": ("raw.fetches", "fetch_id"),
}

# Licence terms of each upstream. spdx is None where the upstream states no licence for its data.
SOURCES: dict[str, dict] = {
    "lmarena_hf_space": {
        "spdx": "Apache-2.0",
        "terms": "The Space's files are Apache-2.0; cite LMArena (Chiang et al., 2024, "
        "'Chatbot Arena: An Open Platform for Evaluating LLMs by Human Preference').",
    },
    "lmarena_arena_catalog": {
        "spdx": None,
        "terms": "Published by LMArena in github.com/lmarena/arena-catalog; no data licence "
        "stated. Ratings reproduced as facts with attribution; cite LMArena.",
    },
    "lmarena_leaderboard_csv": {
        "spdx": None,
        "terms": "The LMArena leaderboard as displayed on lmarena.ai (no data licence stated), "
        "captured by github.com/fboulnois/llm-leaderboard-csv. Cite LMArena.",
    },
    "lmarena_leaderboard_dataset": {
        "spdx": None,
        "terms": "LMArena's leaderboard dataset on the Hugging Face Hub "
        "(huggingface.co/datasets/lmarena-ai/leaderboard-dataset); no data licence stated in what "
        "opengap captured. Ratings reproduced as facts with attribution; cite LMArena.",
    },
    "lmarena_elo_history": {
        "spdx": None,
        "terms": "Community archive github.com/nakasyou/lmarena-history, derived from LMArena's "
        "elo_results files; no data licence stated for the CSV. Cite LMArena and the archive.",
    },
    "lmsys_blog_leaderboard_html": {
        "spdx": None,
        "terms": "Tables from the 2023 LMSYS Org blog posts; no licence stated. Cite LMSYS.",
    },
    "epoch_benchmarking_hub": {
        "spdx": "CC-BY-4.0",
        "terms": "CC BY 4.0: reuse with attribution to Epoch AI, 'Data on AI Benchmarking'.",
    },
    "epoch_ai_models": {
        "spdx": "CC-BY-4.0",
        "terms": "CC BY 4.0: reuse with attribution to Epoch AI, 'Data on AI Models'.",
    },
    "livebench": {
        "spdx": "Apache-2.0",
        "terms": "Apache-2.0 (LiveBench site repository); cite White et al., 2024, 'LiveBench'.",
    },
    "aider_leaderboards": {
        "spdx": "Apache-2.0",
        "terms": "Apache-2.0 (aider repository, website/_data).",
    },
    "open_llm_leaderboard": {
        "spdx": None,
        "terms": "Results published by Hugging Face's Open LLM Leaderboard; no data licence "
        "stated for the scraped tables. Cite the leaderboard (Fourrier et al., 2024).",
    },
    "llm_stats": {
        "spdx": None,
        "terms": "Records from github.com/JonathanChavezTamales/LLMStats (llm-stats.com); check "
        "the repository's licence before reuse. Many figures are developers' self-reports.",
    },
    "hf_cards": {
        "spdx": None,
        "terms": "Hugging Face Hub metadata; each model card is its authors' own, under the "
        "repository's licence.",
    },
    "artificial_analysis": {
        "spdx": None,
        "terms": "Model data of Artificial Analysis' public leaderboard (artificialanalysis.ai), "
        "captured by github.com/oolong-tea-2026/artificial-analysis-leaderboards; no data licence "
        "stated. Cite Artificial Analysis.",
    },
    "swe_bench": {
        "spdx": "CC-BY-NC-4.0",
        "terms": "CC BY-NC 4.0 (SWE-bench/swe-bench.github.io): non-commercial use only, with "
        "attribution to SWE-bench (Jimenez et al., 2024). Rows from this source must not be "
        "republished for commercial use.",
    },
    "weirdml": {
        "spdx": None,
        "terms": "WeirdML results by Håvard Tveit Ihle (htihle.github.io); the repository states no "
        "licence. Cite WeirdML.",
    },
    "epoch_open_model_trends": {
        "spdx": None,
        "terms": "Data of Epoch AI's report 'How far behind are open models?' (November 2024), "
        "github.com/epoch-research/open-model-trends; the repository has no licence file. Cite Epoch AI.",
    },
}


def _lookup(mapping: dict[str, str], table: str, column: str) -> str | None:
    return mapping.get(f"{table}.{column}") or mapping.get(f"*.{column}")


def unit(table: str, column: str) -> str | None:
    """Unit of a column, from UNITS or the naming rule; None where a unit means nothing."""
    found = _lookup(UNITS, table, column)
    if found:
        return found
    for suffix, name in _UNIT_SUFFIXES:
        if column.endswith(suffix):
            return name
    return None


@cache
def _sql_file_for(table: str) -> Path | None:
    pattern = re.compile(
        rf"create\s+(or\s+replace\s+)?table\s+(if\s+not\s+exists\s+)?{re.escape(table)}\b", re.I
    )
    for root in SQL_ROOTS:
        for path in sorted(root.rglob("*.sql")):
            if pattern.search(path.read_text(encoding="utf-8")):
                return path
    return None


_COLUMN_DEF = re.compile(r"^\s*(\w+)\s+[a-z]\w*[^-]*--\s*(.+)$", re.I)
_ALIASED = re.compile(r"\b(?:as\s+)?(\w+)\s*,?\s*--\s*(.+)$", re.I)


@cache
def sql_comments(table: str) -> tuple[str | None, dict[str, str]]:
    """(table comment, {column: comment}) from the table's SQL file: the opening `-- schema.table:`
    lines, and a `-- …` at the end of a column definition or select item."""
    path = _sql_file_for(table)
    if path is None:
        return None, {}
    lines = path.read_text(encoding="utf-8").splitlines()
    head = []
    for line in lines:
        if not line.startswith("--"):
            break
        head.append(line.lstrip("-").strip())
    table_doc = " ".join(head)
    table_doc = re.sub(rf"^{re.escape(table)}:\s*", "", table_doc) or None
    columns: dict[str, str] = {}
    for line in lines:
        if line.lstrip().startswith("--") or "--" not in line:
            continue
        m = _COLUMN_DEF.match(line) or _ALIASED.search(line)
        if m and m.group(1).lower() not in {"select", "from", "where", "and", "or", "create"}:
            columns.setdefault(m.group(1), m.group(2).strip())
    return table_doc, columns


def warehouse_comments(con: duckdb.DuckDBPyConnection, table: str) -> dict[str | None, str]:
    """`comment on table/column` set in the warehouse: {None: table comment, column: comment}."""
    schema, name = table.split(".")
    out: dict[str | None, str] = {}
    row = db.first(
        con.execute(
            "select comment from duckdb_tables() where schema_name = ? and table_name = ?",
            [schema, name],
        )
    )
    if row and row[0]:
        out[None] = row[0]
    for column, comment in con.execute(
        "select column_name, comment from duckdb_columns() "
        "where schema_name = ? and table_name = ? and comment is not null",
        [schema, name],
    ).fetchall():
        out[column] = comment
    return out


def describe_table(con: duckdb.DuckDBPyConnection, table: str) -> str | None:
    return TABLES.get(table) or warehouse_comments(con, table).get(None) or sql_comments(table)[0]


def describe(con: duckdb.DuckDBPyConnection, table: str, column: str) -> str | None:
    """A column's description: this module's table.column entry, then the warehouse comment, then
    the SQL file comment, then this module's *.column entry. None when nothing describes it."""
    return (
        COLUMNS.get(f"{table}.{column}")
        or warehouse_comments(con, table).get(column)
        or sql_comments(table)[1].get(column)
        or COLUMNS.get(f"*.{column}")
    )
