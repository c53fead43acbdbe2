"""`opengap models …`: inspect the model registry (identity, openness facts, release dates).

Reads core.model_aliases, core.models, core.model_facts, core.model_release_dates and
core.model_fact_conflicts; `resolve` runs the pure resolver (warehouse/resolve.py) on names given on
the command line, among the names already in the warehouse when there is one.
"""

from __future__ import annotations

import re
import sys
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer
from rich.console import Console
from rich.table import Table

from warehouse.cli_types import SourceName
from warehouse.safe_text import SafeConsole, write_stdout

if TYPE_CHECKING:  # polars is imported lazily: `opengap --help` stays quick
    import polars as pl

models_app = typer.Typer(
    help="Inspect the model registry: aliases, unmatched names, facts and conflicts.\n\n"
    "Example: opengap models unmatched --source aider_leaderboards",
    no_args_is_help=True,
    rich_markup_mode=None,
)
err = SafeConsole(stderr=True, soft_wrap=True)  # no control characters or markup from data

DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="Warehouse file (default data/opengap.duckdb, or $OPENGAP_DB)."),
]
CsvOption = Annotated[bool, typer.Option("--csv", help="Output CSV.")]

# Tokens a fuzzy proposal must agree on: dates, sizes, versions, variants (see proposal_conflicts).
_DATE = re.compile(r"(?<![0-9])(20\d{2}-?\d{2}-?\d{2}|\d{2}-\d{2}|[01]\d[0-3]\d)(?![0-9])")
_SIZE = re.compile(r"(?<![0-9a-z.])(\d+(?:\.\d+)?x?\d*[bmk])(?![a-z])")
_VERSION = re.compile(r"(?<![0-9])(\d+(?:[.-]\d+)*)(?![0-9])")
_VARIANTS = (
    "mini",
    "pro",
    "flash",
    "lite",
    "nano",
    "instruct",
    "base",
    "chat",
    "plus",
    "max",
    "turbo",
    "preview",
    "exp",
    "thinking",
    "vision",
    "coder",
    "it",
    "air",
    "large",
    "small",
    "medium",
    "ultra",
    "opus",
    "sonnet",
    "haiku",
)


def _out() -> Console:
    return SafeConsole(file=sys.stdout, soft_wrap=True, width=None if sys.stdout.isatty() else 200)


def _fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"Error: {message}", markup=False, highlight=False)
    return typer.Exit(code)


def _connect(db: Path | None):
    from scrapers._types import OpengapError
    from warehouse import db as wdb

    path = Path(db) if db else wdb.default_db_path()
    try:
        return wdb.connect(path, read_only=True)
    except OpengapError as exc:
        raise _fail(str(exc)) from None


def _print(frame: pl.DataFrame, csv: bool, title: str | None = None) -> None:
    if csv:
        write_stdout(frame.write_csv())
        return
    table = Table(title=title, show_lines=False)
    for col in frame.columns:
        table.add_column(col, overflow="fold")
    for row in frame.iter_rows():
        table.add_row(*("" if v is None else str(v) for v in row))
    _out().print(table)


def _tokens(name: str) -> tuple[set[str], set[str], set[str], set[str], str]:
    s = name.strip().lower().replace("+", " plus ")
    s = re.sub(r"^[a-z0-9_.-]+/", "", s)
    dates = {re.sub(r"\D", "", d) for d in _DATE.findall(s)}
    sizes = set(_SIZE.findall(s))
    words = set(re.split(r"[^0-9a-z]+", s))
    rest = _DATE.sub(" ", _SIZE.sub(" ", s))
    versions = {v.replace("-", ".") for v in _VERSION.findall(rest)}
    variants = {v for v in _VARIANTS if v in words}
    family = re.split(r"[^a-z]+", s.strip("-_ "))[0] if s else ""
    return dates, sizes, versions, variants, family


def proposal_conflicts(name: str, candidate: str) -> list[str]:
    """Why a fuzzy candidate cannot be the same model: differing dates, sizes, versions, variants, family.

    rapidfuzz only proposes; a proposal with any conflict is shown as such and never merged.
    """
    a, b = _tokens(name), _tokens(candidate)
    out = []
    if a[0] != b[0]:
        out.append("date")
    if a[1] != b[1]:
        out.append("size")
    if a[2] != b[2]:
        out.append("version")
    if a[3] != b[3]:
        out.append("variant")
    if a[4] and b[4] and a[4] != b[4]:
        out.append("family")
    return out


def candidates(name: str, choices: list[str], limit: int = 3) -> list[tuple[str, float, list[str]]]:
    """Best rapidfuzz candidates for an unmatched name, each with its guard conflicts."""
    from rapidfuzz import fuzz, process

    from warehouse.resolve import normalise

    query = normalise(name) or ""
    found = process.extract(query, choices, scorer=fuzz.token_sort_ratio, limit=limit)
    return [(c, round(score, 1), proposal_conflicts(name, c)) for c, score, _ in found]


@models_app.command("unmatched")
def unmatched(
    source: Annotated[
        SourceName | None, typer.Option("--source", "-s", help="Only names from this source.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=0, help="Candidates per name.")] = 3,
    csv: CsvOption = False,
    db: DbOption = None,
) -> None:
    """List names no model claims, with the best fuzzy candidates (proposals only, never merged).

    Example: opengap models unmatched --source aider_leaderboards
    """
    import polars as pl

    con = _connect(db)
    try:
        where = "where model_id is null" + (" and source = ?" if source else "")
        names = con.execute(
            "select source, source_model_name, model_key, evidence from core.model_aliases "
            f"{where} order by source, source_model_name",
            [source.value] if source else [],
        ).fetchall()
        choices = [
            r[0]
            for r in con.execute(
                "select model_id from core.models where model_id not like '%/%' order by 1"
            ).fetchall()
        ]
    finally:
        con.close()
    rows = []
    for src, name, key, evidence in names:
        cands = candidates(name, choices, limit)
        rows.append(
            {
                "source": src,
                "name": name,
                "model_key": key,
                "candidates": "; ".join(
                    f"{c} ({s}{', blocked: ' + '/'.join(g) if g else ''})" for c, s, g in cands
                ),
                "why": evidence,
            }
        )
    frame = pl.DataFrame(
        rows,
        schema={c: pl.String for c in ("source", "name", "model_key", "candidates", "why")},
    )
    if not csv:
        err.print(f"{frame.height} unmatched name(s)", highlight=False)
    _print(frame, csv)


@models_app.command("show")
def show(
    name: Annotated[str, typer.Argument(help="A model_id or any name a source publishes.")],
    db: DbOption = None,
) -> None:
    """Show one model: its aliases, scores per benchmark, candidate dates and every fact with its source.

    Example: opengap models show gpt-4o-2024-05-13
    """
    con = _connect(db)
    try:
        ids = [
            r[0]
            for r in con.execute(
                "select distinct model_id from core.model_aliases "
                "where model_id is not null and (lower(model_id) = lower(?) "
                "or lower(trim(source_model_name)) = lower(trim(?)) or lower(model_key) = lower(?)) "
                "order by 1",
                [name, name, name],
            ).fetchall()
        ]
        if not ids:
            raise _fail(
                f"no model or alias named {name!r}. Try `opengap models resolve SOURCE {name!r}` "
                "or `opengap models unmatched`."
            )
        out = _out()
        for model_id in ids:
            model = con.sql(
                "select * from core.models where model_id = $id", params={"id": model_id}
            ).pl()
            out.print(model_id, style="bold", highlight=False)
            if model.height:
                rec = model.row(0, named=True)
                for k in (
                    "display_name",
                    "family",
                    "organization",
                    "access",
                    "is_open_weights",
                    "license",
                    "license_spdx",
                    "commercial_use",
                    "is_derivative",
                    "base_model_id",
                    "hf_repo_id",
                    "release_date",
                    "release_date_kind",
                    "release_date_source",
                    "weights_date",
                    "first_seen_date",
                    "last_seen_date",
                    "sources",
                ):
                    out.print(f"  {k}: {rec.get(k)}", highlight=False, markup=False)
            q = {
                "aliases": "select source, source_model_name, model_key, method, confidence, setting, "
                "evidence from core.model_aliases where model_id = $id order by source, source_model_name",
                "scores per benchmark": "select benchmark_id, count(*) as n_scores, "
                "min(snapshot_date) as first, max(snapshot_date) as last from core.scores "
                "where model_id = $id group by 1 order by 1",
                "release dates": "select kind, date, source, evidence from core.model_release_dates "
                "where model_id = $id order by date, kind",
                "release date by rule": "select rule, date, kind, source from "
                "core.model_release_dates_by_rule where model_id = $id order by rule",
                "facts": "select fact, value, source, snapshot_date, is_chosen from core.model_facts "
                "where model_id = $id order by fact, precedence, snapshot_date desc",
            }
            for title, sql in q.items():
                _print(con.sql(sql, params={"id": model_id}).pl(), False, title)
    finally:
        con.close()


@models_app.command("resolve")
def resolve_names(
    source: Annotated[
        SourceName, typer.Argument(help="The source that publishes the names, e.g. livebench.")
    ],
    names: Annotated[list[str], typer.Argument(help="Names exactly as the source publishes them.")],
    key: Annotated[
        str | None, typer.Option("--key", help="The source's own key for the (single) name.")
    ] = None,
    date: Annotated[
        datetime | None,
        typer.Option(
            "--date",
            formats=["%Y-%m-%d"],
            help="Snapshot date of the file that publishes the names: an undated name means a "
            "checkpoint released by then (default: the newest file in the warehouse with the name).",
        ),
    ] = None,
    csv: CsvOption = False,
    db: DbOption = None,
) -> None:
    """Resolve names as a source publishes them to models (or `unmatched`), with method and confidence.

    Example: opengap models resolve livebench o3-2025-04-16-high "claude-3-7-sonnet-thinking" --csv
    """
    import polars as pl

    from warehouse import db as wdb
    from warehouse import resolve

    path = Path(db) if db else wdb.default_db_path()
    context = bridges = None
    if path.exists():
        con = _connect(path)
        try:
            context = con.sql(resolve.NAMES_SQL).pl()
            bridges = con.sql(resolve.BRIDGES_SQL).pl()
        except Exception:  # an older or partial warehouse: resolve without context
            context = bridges = None
        finally:
            con.close()
    asked = pl.DataFrame(
        [(source.value, n, key if len(names) == 1 else None) for n in names],
        schema={"source": pl.String, "source_model_name": pl.String, "model_key": pl.String},
        orient="row",
    )
    # the pipeline resolves a name as of the newest file that publishes it: the same date here,
    # unless --date asks about another file
    on = ["source", "source_model_name", "model_key"]
    if date is not None:
        asked = asked.with_columns(pl.lit(date.date()).alias("snapshot_date"))
    elif context is not None:
        asked = asked.join(
            context.select(*on, "snapshot_date"), on=on, how="left", nulls_equal=True
        )
    else:
        asked = asked.with_columns(pl.lit(None, dtype=pl.Date).alias("snapshot_date"))
    frame = asked if context is None else pl.concat([asked, context.select(asked.columns)])
    out = resolve.resolve(frame, bridges)
    result = asked.drop("snapshot_date").join(out, on=on, how="left", nulls_equal=True)
    result = result.with_columns(pl.col("model_id").fill_null(resolve.UNMATCHED)).select(
        "source", "source_model_name", "model_id", "method", "confidence", "setting", "evidence"
    )
    _print(result, csv)


@models_app.command("conflicts")
def conflicts(
    fact: Annotated[
        Literal["access", "license_spdx", "commercial_use", "is_derivative"] | None,
        typer.Option("--fact", help="Only this fact (those core.model_fact_conflicts compares)."),
    ] = None,
    csv: CsvOption = False,
    db: DbOption = None,
) -> None:
    """List facts on which sources disagree, with the value chosen by precedence and every claim.

    Example: opengap models conflicts --fact access
    """
    con = _connect(db)
    try:
        frame = con.sql(
            "select * from core.model_fact_conflicts where $fact is null or fact = $fact "
            "order by fact, model_id",
            params={"fact": fact},
        ).pl()
    finally:
        con.close()
    if not csv:
        err.print(f"{frame.height} conflicting fact(s)", highlight=False)
    _print(frame, csv)


# A release date is sourced when a source states it (API, weights, announcement) or the vendor's own
# dated id carries it; 'first_leaderboard' is imputed from a leaderboard file's date (an upper bound).
SOURCED_DATE_KINDS = ("api", "weights", "announce", "checkpoint")
FRONTIER_TOP = 10

# Every published score with the model it resolved to: std.scores keeps the names no model claims
# (core.scores drops them); a warehouse loaded from a snapshot without std rows falls back to core.
_COVERAGE_SCORES = {
    "std": """
        select s.source, s.benchmark_id, s.score, a.model_id, {snapshot} as snapshot_date
        from std.scores s
        left join core.model_aliases a
          on a.source = s.source and a.source_model_name = s.source_model_name
         and a.model_key is not distinct from s.model_key
    """,
    "core": "select source, benchmark_id, score, model_id, {snapshot} as snapshot_date from core.scores",
}
# The frontier, shared by the coverage table and its --missing list: each model's best score per
# benchmark in the benchmark's direction; `top`, the top {top} of each benchmark on those bests;
# `ever`, whoever stood in the top {top} of a headline benchmark in any one snapshot.
_FRONTIER_CTES = """
scores as ({scores}),
best as (
    select s.benchmark_id, s.model_id,
           max(case when coalesce(b.higher_is_better, true) then s.score else -s.score end) as best
    from scores s left join core.benchmarks b using (benchmark_id)
    where s.model_id is not null and s.score is not null
    group by 1, 2
),
top as (
    select benchmark_id, model_id from best
    qualify row_number() over (partition by benchmark_id order by best desc, model_id) <= {top}
),
ever as (
    select distinct benchmark_id, model_id from (
        select s.benchmark_id, s.snapshot_date, s.model_id,
               max(case when coalesce(b.higher_is_better, true) then s.score else -s.score end) as best
        from scores s left join core.benchmarks b using (benchmark_id)
        where s.model_id is not null and s.score is not null
          and s.benchmark_id in (select benchmark_id from {headline})
        group by 1, 2, 3
    )
    qualify row_number() over (partition by benchmark_id, snapshot_date order by best desc, model_id) <= {top}
)"""
_COVERAGE_SQL = (
    "with"
    + _FRONTIER_CTES
    + """,
facts as (
    select s.*, m.access_class, m.release_date_kind
    from scores s left join core.models m using (model_id)
),
scoped as (
    select 'source' as scope, source, * exclude (source) from facts
    union all
    select 'frontier: top {top} of every benchmark', 'all', f.* exclude (source)
    from facts f join top t using (benchmark_id, model_id)
    union all
    select 'frontier: top {top} of headline benchmarks', 'all', f.* exclude (source)
    from facts f join top t using (benchmark_id, model_id)
    where f.benchmark_id in (select benchmark_id from {headline})
    union all
    select 'frontier: ever top {top} of headline benchmarks (any snapshot)', 'all', f.* exclude (source)
    from facts f join ever e using (benchmark_id, model_id)
)
select scope, source, count(*) as scores,
       round(100.0 * count(model_id) / count(*), 1) as resolved_pct,
       round(100.0 * count(*) filter (where access_class is not null and access_class <> 'unknown')
             / count(*), 1) as known_access_pct,
       round(100.0 * count(*) filter (where release_date_kind in {kinds}) / count(*), 1)
           as sourced_date_pct
from scoped
group by 1, 2
order by scope desc, source
"""
)
_MISSING_SQL = (
    "with"
    + _FRONTIER_CTES
    + """,
listed as (select * from top union select * from ever)
select t.model_id, m.access_class, m.release_date_kind,
       count(*) filter (where t.benchmark_id in (select benchmark_id from {headline}))
           as headline_benchmarks,
       count(*) as benchmarks
from listed t left join core.models m using (model_id)
where coalesce(m.access_class, 'unknown') = 'unknown'
   or coalesce(m.release_date_kind, 'unknown') not in {kinds}
group by 1, 2, 3
order by headline_benchmarks desc, benchmarks desc, t.model_id
"""
)


def _coverage_sql(con, template: str) -> str:
    def one(sql: str):
        return con.execute(sql).fetchall()[0][0]

    has_std = one(
        "select count(*) from duckdb_tables() where schema_name = 'std' and table_name = 'scores'"
    ) and one("select count(*) > 0 from std.scores")
    has_headline = one(
        "select count(*) from duckdb_tables() "
        "where schema_name = 'analysis' and table_name = 'headline_benchmarks'"
    )
    table = "std.scores" if has_std else "core.scores"
    schema, name = table.split(".")
    has_snapshot = one(
        "select count(*) from duckdb_columns() where schema_name = '"
        + schema
        + "' and table_name = '"
        + name
        + "' and column_name = 'snapshot_date'"
    )
    scores = _COVERAGE_SCORES["std" if has_std else "core"].format(
        snapshot=("s.snapshot_date" if has_std else "snapshot_date")
        if has_snapshot
        else "null::date"
    )
    return template.format(
        scores=scores,
        top=FRONTIER_TOP,
        headline="analysis.headline_benchmarks"
        if has_headline
        else "(select null::varchar as benchmark_id where false)",
        kinds="(" + ", ".join(f"'{k}'" for k in SOURCED_DATE_KINDS) + ")",
    )


@models_app.command("coverage")
def coverage(
    missing: Annotated[
        bool,
        typer.Option(
            "--missing",
            help=f"List the top-{FRONTIER_TOP} models that lack known access or a sourced date.",
        ),
    ] = False,
    csv: CsvOption = False,
    db: DbOption = None,
) -> None:
    """Per source and for the frontier rows: share of scores with a resolved model, known access and a sourced date.

    Frontier rows are the scores of the models in the top 10 of each benchmark (best score per model),
    and of every model that stood in the top 10 of a headline benchmark in any one snapshot.
    A sourced date is stated by a source or the vendor's dated id; a first-leaderboard date is imputed.

    Example: opengap models coverage --missing
    """
    con = _connect(db)
    try:
        sql = _coverage_sql(con, _MISSING_SQL if missing else _COVERAGE_SQL)
        frame = con.sql(sql).pl()
    finally:
        con.close()
    if missing and not csv:
        err.print(f"{frame.height} frontier model(s) lack known access or a sourced date")
    _print(frame, csv)
