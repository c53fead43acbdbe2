"""opengap: how far do open-weight language models trail proprietary ones?

The command line is kept thin: it parses flags, calls the pipeline, and prints. Results go to
stdout, progress and errors to stderr. Exit codes: 0 done; 1 failed (or some sources failed);
2 bad usage.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.console import Console

from warehouse.cli_errors import OneLineErrors
from warehouse.cli_types import SourceName
from warehouse.cli_types import iso_date as _iso_date
from warehouse.registry_cli import models_app
from warehouse.safe_text import SafeConsole, write_stdout

app = typer.Typer(
    help="opengap: track how many months open-weight LLMs trail the proprietary frontier.\n\n"
    "Example: opengap refresh && opengap report",
    no_args_is_help=True,
    cls=OneLineErrors,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(models_app, name="models")

# Choices for the lag switches, checked by typer before any work (exit 2, valid values listed);
# tests/test_cli.py checks they equal what analysis.lagrun and the warehouse know.
Estimator = Literal[
    "horizontal_lag",
    "threshold_median_lag",
    "trend_offset",
    "vertical_gap",
    "win_probability",
    "relative_gap_pct",
]
OpenDef = Literal["any", "permissive", "with_derivatives"]
ReleaseRule = Literal["earliest_public", "weights", "announce", "first_leaderboard", "earliest_any"]
Setting = Literal["best", "default"]
Match = Literal["significance", "point"]


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        sys.stdout.write(f"opengap {version('opengap')}\n")
        raise typer.Exit()


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    """opengap: track how many months open-weight LLMs trail the proprietary frontier.

    Example: opengap refresh && opengap report
    """


def _out() -> Console:
    """stdout console; tables keep their full width when piped or captured."""
    return SafeConsole(file=sys.stdout, soft_wrap=True, width=None if sys.stdout.isatty() else 200)


err = SafeConsole(stderr=True, soft_wrap=True)  # no control characters or markup from data

DbOption = Annotated[
    Path | None,
    typer.Option("--db", help="Warehouse file (default data/opengap.duckdb, or $OPENGAP_DB)."),
]
QuietOption = Annotated[bool, typer.Option("--quiet", "-q", help="No progress on stderr.")]


def _fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"Error: {message}", markup=False, highlight=False)
    return typer.Exit(code)


def _paths(db: Path | None):
    from warehouse import db as wdb
    from warehouse.rawstore import RawStore

    db_path = Path(db) if db else wdb.default_db_path()
    return db_path, RawStore(wdb.data_dir() / "raw")


def _ensure_warehouse(db_path: Path, quiet: bool, required: bool = True) -> None:
    """On a fresh clone with no warehouse, build it from the committed snapshot `latest` names.
    (`required=False`: with no snapshot either, a refresh or an ingest builds from the raw store.)"""
    if db_path.exists():
        return
    from analysis import export
    from warehouse import db as wdb

    snap = export.newest_snapshot(wdb.data_dir() / "snapshots")
    if snap is None and not required:
        return
    if snap is None:
        raise _fail(
            f"{db_path}: no warehouse and no snapshot under {wdb.data_dir() / 'snapshots'}. "
            "Run `opengap refresh` first."
        )
    if not quiet:
        err.print(f"No warehouse yet: loading the bundled snapshot {snap}", highlight=False)
    export.load(snap, db_path)


@app.command()
def refresh(
    source: Annotated[
        list[SourceName] | None,
        typer.Option("--source", "-s", help="Only these sources (repeatable). Default: all."),
    ] = None,
    offline: Annotated[
        bool, typer.Option("--offline", help="Rebuild from data/raw only, no network.")
    ] = False,
    since: Annotated[
        dt.date | None,
        typer.Option(
            "--since",
            parser=_iso_date,
            metavar="YYYY-MM-DD",
            help="For sources with history, skip versions before this date.",
        ),
    ] = None,
    wait: Annotated[
        float, typer.Option("--wait", help="Seconds to wait for another refresh to finish.")
    ] = 0.0,
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Rebuild the warehouse even if nothing new arrived.")
    ] = False,
    report: Annotated[bool, typer.Option("--report/--no-report", help="Print the report.")] = True,
    db: DbOption = None,
    quiet: QuietOption = False,
) -> None:
    """Fetch what is new upstream, rebuild the warehouse, print the headline report.

    Example: opengap refresh --source lmarena_leaderboard_csv --source lmarena_hf_space
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    import pipeline
    from scrapers._types import OpengapError

    source = [s.value for s in source] if source else None  # SourceName members -> keys
    db_path, store = _paths(db)
    _ensure_warehouse(db_path, quiet, required=False)  # start from the bundled snapshot
    progress = Progress(
        TextColumn("{task.description:<32}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[note]}"),
        console=err,
        disable=quiet,
        transient=False,
    )

    fetch_tasks = {}

    def on_fetched(name, got, error):
        # the error itself is printed once, after the run, with the others
        note = "failed" if error else (f"{len(got)} new file(s)" if got else "nothing new")
        progress.update(fetch_tasks[name], completed=1, note=note)

    def on_parse(name, n):
        task = progress.add_task(f"parse {name}", total=max(n, 1), note="")
        if n == 0:
            progress.update(task, completed=1, note="no files")
        return lambda: progress.advance(task)

    try:
        with progress:
            if not offline:
                from scrapers import names

                for name in source or names():
                    fetch_tasks[name] = progress.add_task(f"fetch {name}", total=1, note="…")
            result = pipeline.refresh(
                store,
                db_path,
                sources=source,
                offline=offline,
                on_fetched=on_fetched,
                progress=on_parse,
                since=since.isoformat() if since else None,
                wait=wait,
                rebuild=rebuild,
            )
    except OpengapError as exc:
        raise _fail(str(exc)) from None
    new = sum(len(v) for v in result.fetched.values())
    if not quiet:
        if result.nothing_to_rebuild:
            err.print(
                f"Nothing to rebuild from: {store.root} holds no files. The warehouse {db_path} "
                "is kept as it is.",
                highlight=False,
            )
        elif offline:
            err.print(
                f"Rebuilt {db_path} from the raw store (offline) and the snapshot rows it holds.",
                highlight=False,
            )
        elif new == 0 and not result.fetch_errors:
            err.print(
                "Nothing new upstream: 0 files downloaded"
                + ("; warehouse unchanged." if not result.rebuilt else "; warehouse rebuilt."),
                highlight=False,
            )
        else:
            err.print(
                f"{new} new file(s), {result.bytes_downloaded:,} bytes downloaded; warehouse {db_path}",
                highlight=False,
            )
    # the build re-reports the fetch errors it was handed: print each error once
    errors = {
        (e.source, e.fetch_id, e.message): e
        for e in result.fetch_errors + (result.build.errors if result.build else [])
    }.values()
    for e in errors:
        prefix = "Error" if e.is_new else "Warning (earlier file)"
        err.print(f"{prefix}: {e.message}", markup=False, highlight=False)
    _say_quarantined(result.quarantined, store, quiet)
    if report:
        _print_report(db_path)
    if result.failed_sources:
        raise typer.Exit(1)


def _say_quarantined(records, store, quiet: bool) -> None:
    if records and not quiet:
        where = sorted({str(store.rejected_root / r.source) for r in records})
        err.print(
            f"{len(records)} refused file(s) kept apart for diagnosis in {', '.join(where)}; "
            "the warehouse and the raw store are as they were.",
            markup=False,
            highlight=False,
        )


def _print_report(db_path: Path, reports_dir: Path | None = None, quiet: bool = False) -> None:
    from analysis.report import terminal as rep
    from warehouse import db as wdb

    con = wdb.connect(db_path, read_only=True)
    try:
        rep.render_summary(con, _out())
        rep.render(con, _out())
        if reports_dir is not None:
            from analysis.report import build as report_build

            html_path, md_path = report_build.build(con, reports_dir)
            if not quiet:
                err.print(f"Report written: {html_path} (and {md_path.name})", highlight=False)
    finally:
        con.close()


@app.command()
def report(
    out_dir: Annotated[
        Path | None,
        typer.Option(
            "--out", help="Folder for reports/<as-of>/index.html and index.md (default reports/)."
        ),
    ] = None,
    no_files: Annotated[
        bool, typer.Option("--no-files", help="Only print the summary; write no HTML or Markdown.")
    ] = False,
    db: DbOption = None,
    quiet: QuietOption = False,
) -> None:
    """The findings: median lag with its interval, per-benchmark lags, the Arena gap per snapshot;
    writes a self-contained HTML report (charts embedded) and a Markdown twin.

    Example: opengap report --out reports
    """
    from scrapers._types import OpengapError

    db_path, _ = _paths(db)
    try:
        _ensure_warehouse(db_path, quiet)
        _print_report(db_path, None if no_files else (out_dir or Path("reports")), quiet)
    except OpengapError as exc:
        raise _fail(str(exc)) from None


@app.command()
def lag(
    benchmark: Annotated[
        list[str] | None,
        typer.Option("--benchmark", "-b", help="Only these benchmark ids (repeatable)."),
    ] = None,
    estimator: Annotated[
        Estimator | None, typer.Option("--estimator", "-e", help="Only this estimator.")
    ] = None,
    as_of: Annotated[
        dt.date | None,
        typer.Option(
            "--as-of", parser=_iso_date, metavar="YYYY-MM-DD", help="Only what was known then."
        ),
    ] = None,
    open_def: Annotated[
        OpenDef, typer.Option("--open-def", help="Which models count as open.")
    ] = "any",
    release_rule: Annotated[
        ReleaseRule, typer.Option("--release-rule", help="Which date is a model's release.")
    ] = "earliest_public",
    self_reported: Annotated[
        bool,
        typer.Option("--self-reported/--independent-only", help="Include vendor-reported scores."),
    ] = False,
    style_control: Annotated[
        bool,
        typer.Option(
            "--style-control/--no-style-control", help="Arena ratings with style control."
        ),
    ] = False,
    setting: Annotated[Setting, typer.Option("--setting", help="Run setting per model.")] = "best",
    match: Annotated[
        Match,
        typer.Option(
            "--match",
            help="When an open model matches a proprietary frontier point: significance (not "
            "significantly below it, the default) or point (score at least as high).",
        ),
    ] = "significance",
    all_benchmarks: Annotated[
        bool,
        typer.Option(
            "--all-benchmarks", help="Every benchmark with both sides, not just the headline set."
        ),
    ] = False,
    resamples: Annotated[
        int, typer.Option("--resamples", min=0, help="Bootstrap resamples (0: no intervals).")
    ] = 1000,
    csv: Annotated[bool, typer.Option("--csv", help="Output CSV.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Output JSON.")] = False,
    db: DbOption = None,
    quiet: QuietOption = False,
) -> None:
    """Per-benchmark lag estimates with 90% intervals, and the pooled headline, under the switches.

    Example: opengap lag --as-of 2025-01-01 --open-def permissive --estimator horizontal_lag --csv
    """
    import polars as pl

    from analysis import lagrun
    from scrapers._types import OpengapError
    from warehouse import db as wdb

    sw = lagrun.Switches(
        open_def, release_rule, self_reported, style_control, setting, as_of, match=match
    )
    db_path, _ = _paths(db)
    try:
        _ensure_warehouse(db_path, quiet)
        con = wdb.connect(db_path, read_only=True)
    except OpengapError as exc:
        raise _fail(str(exc)) from None
    try:
        known = [
            r[0]
            for r in con.execute(
                "select distinct benchmark_id from analysis.lag_observations order by 1"
            ).fetchall()
        ]
        for b in benchmark or []:
            if b not in known:
                raise typer.BadParameter(_unknown_benchmark(b, known), param_hint="'--benchmark'")
        chosen = benchmark or (known if all_benchmarks else None)
        results, _obs = lagrun.run(con, sw, n_resamples=resamples, benchmarks=chosen)
    except ValueError as exc:
        raise _fail(str(exc)) from None
    finally:
        con.close()
    est = results.lag_estimates
    if estimator:
        est = est.filter(pl.col("estimator") == estimator)
    est = est.with_columns(switches=pl.lit(sw.label())).sort("benchmark_id", "regime", "estimator")
    if csv:
        write_stdout(est.write_csv())
        return
    if as_json:
        payload = {
            "switches": sw.label(),
            "estimates": est.to_dicts(),
            "aggregate": results.aggregate.to_dicts(),
            "trend": results.lag_trend.filter(pl.col("benchmark_id") == "all").to_dicts(),
        }
        sys.stdout.write(json.dumps(payload, default=str, indent=1) + "\n")
        return
    from analysis.report import terminal

    terminal.render_lag(results, est, sw, _out())


def _unknown_benchmark(name: str, known: list[str]) -> str:
    """Name the closest known benchmark ids: the same test under any publisher first
    (`gpqa` -> `epoch:gpqa_diamond`), then spelling neighbours."""
    import difflib

    low = name.lower()
    bare = {b: b.split(":", 1)[-1].lower() for b in known}
    close = [b for b in known if low in b.lower()]
    near = set(difflib.get_close_matches(low, sorted(set(bare.values())), n=5, cutoff=0.6))
    close += [b for b in known if bare[b] in near and b not in close]
    close += [b for b in difflib.get_close_matches(name, known, n=5, cutoff=0.6) if b not in close]
    more = f" (and {len(close) - 10} more)" if len(close) > 10 else ""
    hint = f" Did you mean: {', '.join(close[:10])}{more}?" if close else ""
    return (
        f"unknown benchmark {name!r}.{hint} Known benchmark ids: "
        '`opengap sql "select distinct benchmark_id from analysis.lag_observations"`.'
    )


@app.command(context_settings={"ignore_unknown_options": True})  # a query may start with `--`
def sql(
    query: Annotated[
        str | None,
        typer.Argument(help="A read-only SQL query; '-' reads it from stdin.", show_default=False),
    ] = None,
    file: Annotated[
        Path | None,
        typer.Option("--file", "-f", help="Read the query from this file ('-': stdin)."),
    ] = None,
    csv: Annotated[bool, typer.Option("--csv", help="Output CSV.")] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Output JSON (one array of objects).")
    ] = False,
    db: DbOption = None,
    quiet: QuietOption = False,
) -> None:
    """Run a read-only SQL query against the warehouse.

    Example: opengap sql "select * from analysis.arena_gap" --csv
    """
    from scrapers._types import OpengapError
    from warehouse import db as wdb

    query = _read_query(query, file)
    db_path, _ = _paths(db)
    try:
        _ensure_warehouse(db_path, quiet)
        con = wdb.connect_sandboxed(db_path)  # the warehouse and nothing else; timeout, memory cap
    except OpengapError as exc:
        raise _fail(str(exc)) from None
    try:
        frame = con.frame(query)
    except OpengapError as exc:
        raise _fail(str(exc)) from None
    finally:
        con.close()
    if csv:
        write_stdout(frame.write_csv())
    elif as_json:
        sys.stdout.write(json.dumps(frame.to_dicts(), default=str, indent=1) + "\n")
    else:
        from rich.table import Table

        table = Table()
        for c in frame.columns:
            table.add_column(c)
        for row in frame.iter_rows():
            table.add_row(*["" if v is None else str(v) for v in row])
        _out().print(table)


def _read_query(query: str | None, file: Path | None) -> str:
    if (query is None) == (file is None):
        raise typer.BadParameter(
            "give the query as an argument, or --file FILE ('-' for stdin), not both or neither.",
            param_hint="QUERY / --file",
        )
    if query is not None and query != "-":
        return query
    if query == "-" or str(file) == "-":
        return sys.stdin.read()
    try:
        return file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise typer.BadParameter(f"cannot read {file}: {exc}", param_hint="'--file'") from None


@app.command()
def ingest(
    source: Annotated[SourceName, typer.Argument(help="Source key, e.g. lmarena_leaderboard_csv.")],
    files: Annotated[list[Path], typer.Argument(help="Files saved by other means.")],
    snapshot_date: Annotated[
        dt.date | None,
        typer.Option(
            "--snapshot-date",
            parser=_iso_date,
            metavar="YYYY-MM-DD",
            help="Date the files describe.",
        ),
    ] = None,
    db: DbOption = None,
    quiet: QuietOption = False,
) -> None:
    """Load files you obtained yourself (saved page, archived copy) through the source's parser.

    Example: opengap ingest lmarena_leaderboard_csv ~/Downloads/lmarena_text.csv --snapshot-date 2025-08-04
    """
    import pipeline
    from scrapers._types import OpengapError

    db_path, store = _paths(db)
    _ensure_warehouse(db_path, quiet, required=False)  # add to the bundled data
    try:
        added, result = pipeline.ingest(
            store,
            db_path,
            source.value,
            files,
            snapshot_date.isoformat() if snapshot_date else None,
        )
    except OpengapError as exc:
        raise _fail(str(exc)) from None
    failed = result.new_errors
    for e in failed:
        err.print(f"Error: {e.message}", markup=False, highlight=False)
    ok = [r for r in added if r.fetch_id not in {e.fetch_id for e in failed}]
    _say_quarantined([r for r in added if r not in ok], store, quiet)
    if not quiet:
        for r in ok:
            err.print(
                f"Ingested {r.filename} as {r.fetch_id} (sha256 {r.sha256[:12]}…)", highlight=False
            )
    if failed:
        raise typer.Exit(1)


@app.command()
def export(
    out_dir: Annotated[
        Path | None,
        typer.Option("--out", help="Folder to write (default data/snapshots/<today>)."),
    ] = None,
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Replace an existing snapshot.")
    ] = False,
    max_mb: Annotated[
        float | None,
        typer.Option(
            "--max-mb",
            help="Size budget: drop Parquet twins of the largest tables until the snapshot fits (CSV stays).",
        ),
    ] = None,
    db: DbOption = None,
    quiet: QuietOption = False,
) -> None:
    """Write the published snapshot: CSV + Parquet of every core and analysis table, datapackage.json, README.md, CHECKSUMS.

    Example: opengap export --out data/snapshots/2026-11-26
    """
    from analysis import export as exp
    from scrapers._types import OpengapError
    from warehouse import db as wdb

    db_path, _ = _paths(db)
    target = out_dir or wdb.data_dir() / "snapshots" / dt.datetime.now(dt.UTC).date().isoformat()
    try:
        manifest = exp.export(
            db_path, target, overwrite=overwrite, max_bytes=int(max_mb * 1e6) if max_mb else None
        )
    except OpengapError as exc:
        raise _fail(str(exc)) from None
    total = 0
    for name, meta in sorted(manifest["files"].items()):
        total += meta["bytes"]
        rows = f"{meta['rows']} rows" if "rows" in meta else "-"
        sys.stdout.write(
            f"{target / name}\t{meta['bytes']:,} bytes\t{rows}\t{meta['sha256'][:12]}\n"
        )
    for warning in manifest["warnings"]:
        err.print(f"Warning: {warning}", markup=False, highlight=False)
    if manifest["undocumented"]:
        err.print(
            "Warning: no description for "
            + ", ".join(manifest["undocumented"])
            + ". Add them to analysis/schema_docs.py.",
            markup=False,
            highlight=False,
        )
    if not quiet:
        err.print(
            f"Wrote {target}: {len(manifest['files']) + 2} files, {total:,} bytes of data and "
            f"descriptions (data as of {manifest['data_as_of']}).",
            highlight=False,
        )


@app.command()
def load(
    snapshot: Annotated[Path, typer.Argument(help="A snapshot folder (with manifest.json).")],
    db: DbOption = None,
    quiet: QuietOption = False,
) -> None:
    """Build a warehouse from a published snapshot (Parquet, else CSV; CHECKSUMS verified).

    Example: opengap load data/snapshots/2026-12-05 --db /tmp/opengap.duckdb
    """
    from analysis import export as exp
    from scrapers._types import OpengapError

    db_path, _ = _paths(db)
    try:
        manifest = exp.load(snapshot, db_path)
    except OpengapError as exc:
        raise _fail(str(exc)) from None
    for failure in manifest["views"]["failed"]:
        err.print(f"Warning: view not created: {failure}", markup=False, highlight=False)
    for skipped in manifest.get("skipped", []):
        err.print(f"Warning: not loaded: {skipped}", markup=False, highlight=False)
    if not quiet:
        err.print(
            f"Loaded {snapshot} (data as of {manifest['data_as_of']}) into {db_path}",
            highlight=False,
        )


@app.command()
def publish(
    repo: Annotated[str, typer.Option("--repo", help="Hugging Face dataset repo, OWNER/NAME.")],
    snapshot: Annotated[
        Path | None,
        typer.Option(
            "--snapshot", help="Snapshot folder (default: the one data/snapshots/latest names)."
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the files and the card; upload nothing.")
    ] = False,
    private: Annotated[
        bool, typer.Option("--private", help="Create the repo private if it does not exist.")
    ] = False,
    quiet: QuietOption = False,
) -> None:
    """Upload a snapshot to a Hugging Face dataset repo (token from HF_TOKEN), card included.

    Example: opengap publish --repo opengap/opengap --dry-run
    """
    from analysis import export as exp
    from analysis import publish as pub
    from scrapers._types import OpengapError
    from warehouse import db as wdb

    folder = snapshot or exp.newest_snapshot(wdb.data_dir() / "snapshots")
    if folder is None:
        raise _fail(
            f"no snapshot under {wdb.data_dir() / 'snapshots'}. Run `opengap export` first, "
            "or pass --snapshot."
        )
    try:
        result = pub.publish(folder, repo, private=private, dry_run=dry_run)
    except OpengapError as exc:
        raise _fail(str(exc)) from None
    total = sum(u.bytes for u in result["uploads"])
    if dry_run:
        lines = [f"Would upload {folder} to datasets/{repo}:"]
        lines += [f"  {u.path_in_repo}\t{u.bytes:,} bytes" for u in result["uploads"]]
        lines += [f"  total\t{total:,} bytes in {len(result['uploads'])} files", ""]
        lines += ["Dataset card (README.md):", "", result["card"]]
        write_stdout("\n".join(lines))  # the card comes from the snapshot: untrusted
        return
    if not quiet:
        err.print(
            f"Uploaded {len(result['uploads'])} files ({total:,} bytes) from {folder}: "
            f"{result['commit_url']}",
            highlight=False,
        )


@app.command()
def sources(
    csv: Annotated[bool, typer.Option("--csv", help="Output CSV.")] = False,
    db: DbOption = None,
    quiet: QuietOption = False,
) -> None:
    """One line per source: last success, age, files, rows, last error, regime notes.

    Example: opengap sources
    """
    from analysis import sources as src
    from scrapers._types import OpengapError
    from warehouse import db as wdb

    db_path, _ = _paths(db)
    try:
        _ensure_warehouse(db_path, quiet)
        con = wdb.connect(db_path, read_only=True)
    except OpengapError as exc:
        raise _fail(str(exc)) from None
    try:
        frame = src.health(con)
    finally:
        con.close()
    if csv:
        write_stdout(frame.write_csv())
        return
    from rich.table import Table

    table = Table(title="Sources")
    for c in (
        "source",
        "status",
        "last success",
        "age (d)",
        "files",
        "rows",
        "newest data",
        "regimes",
        "last error",
    ):
        table.add_column(c)
    for r in frame.iter_rows(named=True):
        status = r["status"] + (" (stale)" if r["stale"] else "")
        table.add_row(
            r["source"],
            status,
            str(r["last_success_at"] or "-")[:19],
            "-" if r["success_age_days"] is None else str(r["success_age_days"]),
            str(r["files"])
            + (f" ({r['snapshot_files']} from snapshot)" if r.get("snapshot_files") else ""),
            str(r["rows"]),
            str(r["newest_snapshot_date"] or "-"),
            str(r["regimes"]),
            r["last_error"] or "",
        )
    _out().print(table)


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    app()
