"""Rebuild the whole warehouse from the raw store, atomically.

Every refresh parses every raw file again (parsing is cheap and pure, so a parser fix applies to all
history), builds a new DuckDB file beside the old one and swaps it in with one rename. A crash or a
failure at any point leaves the previous warehouse untouched.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl

import scrapers
from analysis import build as analysis_build
from analysis.export import create_views
from scrapers._types import Fetched, OpengapError
from warehouse import checks, db, resolve
from warehouse.rawstore import RawStore

OVERRIDES = Path(__file__).parent / "overrides"
CORE_ORDER = (
    "model_aliases",
    "benchmarks",
    "scores",
    "score_collisions",
    "model_facts",
    "model_fact_conflicts",
    "model_release_dates",
    "model_release_dates_by_rule",
    "models",
    "regimes",
)

_POLARS = {
    "VARCHAR": pl.String,
    "JSON": pl.String,
    "DATE": pl.String,
    "TIMESTAMP": pl.String,
    "INTEGER": pl.Int64,
    "BIGINT": pl.Int64,
    "DOUBLE": pl.Float64,
    "BOOLEAN": pl.Boolean,
}
PROVENANCE = ("source_url", "fetched_at", "sha256", "fetch_id", "snapshot_date")


@dataclass
class LoadError:
    source: str
    fetch_id: str | None
    path: str | None
    stage: str
    message: str
    is_new: bool


@dataclass
class BuildResult:
    db_path: Path
    files_loaded: dict[str, int] = field(default_factory=dict)
    rows_loaded: dict[str, int] = field(default_factory=dict)
    errors: list[LoadError] = field(default_factory=list)

    @property
    def new_errors(self) -> list[LoadError]:
        return [e for e in self.errors if e.is_new]


def parse_file(module, rec: Fetched, data: bytes) -> dict[str, list[dict]]:
    """Run a source's pure parser over one file; rows grouped by staging table."""
    tables: dict[str, list[dict]] = {t: [] for t in module.TABLES}
    default = module.TABLES[0]
    prov = rec.provenance()
    for row in module.parse(rec, data):
        table = row.pop("_table", default)
        row.update(prov)
        tables[table].append(row)
    return tables


def _frame(rows: list[dict], columns: dict[str, str], table: str) -> pl.DataFrame:
    unknown = set().union(*(r.keys() for r in rows)) - set(columns) if rows else set()
    if unknown:
        raise OpengapError(
            f"staging.{table}: parser produced columns not in warehouse/sql/staging/{table}.sql: "
            f"{', '.join(sorted(unknown))}"
        )
    schema = {c: _POLARS.get(t.split("(")[0], pl.String) for c, t in columns.items()}
    return pl.from_dicts(rows, schema=schema, strict=False)


def _load_staging(
    con: duckdb.DuckDBPyConnection,
    store: RawStore,
    source: str,
    new_fetch_ids: set[str],
    result: BuildResult,
    advance: Callable[[], None] | None,
) -> None:
    module = scrapers.load(source)
    for table in module.TABLES:
        db.run_sql_file(con, db.SQL_DIR / "staging" / f"{table}.sql")
    columns = {t: db.table_columns(con, "staging", t) for t in module.TABLES}
    # one insert per table, not per file: DuckDB's per-statement cost dominated many small files
    pending: dict[str, list[pl.DataFrame]] = {t: [] for t in module.TABLES}
    by_fetch = {r.fetch_id: r for r in store.records(source)}
    for rec in store.records(source):
        is_new = rec.fetch_id in new_fetch_ids
        try:
            data = store.read(rec)
            parsed = parse_file(module, rec, data)
            frames = {t: _frame(rows, columns[t], t) for t, rows in parsed.items()}
        except OpengapError as exc:
            result.errors.append(
                LoadError(source, rec.fetch_id, rec.path, "parse", str(exc), is_new)
            )
            continue
        except Exception as exc:  # a parser bug on hostile input must not stop the other files
            msg = f"{source}: {rec.display_path()}: parser failed ({type(exc).__name__}: {exc})"
            result.errors.append(LoadError(source, rec.fetch_id, rec.path, "parse", msg, is_new))
            continue
        finally:
            if advance:
                advance()
        for table, frame in frames.items():
            if frame.height:
                pending[table].append(frame)
            result.rows_loaded[table] = result.rows_loaded.get(table, 0) + frame.height
        result.files_loaded[source] = result.files_loaded.get(source, 0) + 1
    failed: set[str] = set()
    for table, frames_of_table in pending.items():
        if not frames_of_table:
            continue
        try:
            _insert(con, table, pl.concat(frames_of_table, how="vertical_relaxed"))
        except duckdb.Error:
            # a value that does not fit its typed column (hostile input): find the file, drop it
            for frame in frames_of_table:
                try:
                    _insert(con, table, frame)
                except duckdb.Error as exc:
                    fid = frame["fetch_id"][0]
                    rec = by_fetch[fid]
                    failed.add(fid)
                    msg = (
                        f"{source}: {rec.display_path()}: expected values that fit "
                        f"staging.{table}, found {str(exc).splitlines()[0]}"
                    )
                    result.errors.append(
                        LoadError(source, fid, rec.path, "parse", msg, fid in new_fetch_ids)
                    )
    if failed:  # a file is loaded whole or not at all
        for table in module.TABLES:
            con.execute(
                f"delete from staging.{table} where fetch_id in (select unnest(?))",
                [sorted(failed)],
            )


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pl.DataFrame) -> None:
    con.register("_incoming", frame)
    try:
        con.execute(f"insert into staging.{table} by name select * from _incoming")
    finally:
        con.unregister("_incoming")


def _insert_fetches(con: duckdb.DuckDBPyConnection, records: Iterable[Fetched]) -> None:
    rows = [
        {
            "fetch_id": r.fetch_id,
            "source": r.source,
            "url": r.url,
            "fetched_at": r.fetched_at,
            "sha256": r.sha256,
            "path": r.path,
            "bytes": r.bytes,
            "http_status": r.http_status,
            "content_type": r.content_type,
            "etag": r.etag,
            "last_modified": r.last_modified,
            "snapshot_date": r.snapshot_date,
            "upstream_key": r.upstream_key,
            "filename": r.filename,
            "origin": r.origin,
            "extra": json.dumps(r.extra) if r.extra else None,
        }
        for r in records
    ]
    if rows:
        frame = pl.from_dicts(rows, infer_schema_length=None)
        con.register("_fetches", frame)
        con.execute("insert or ignore into raw.fetches by name select * from _fetches")
        con.unregister("_fetches")


def build(
    store: RawStore,
    db_path: Path,
    *,
    new_fetch_ids: Iterable[str] = (),
    fetch_errors: Iterable[LoadError] = (),
    progress: Callable[[str, int], Callable[[], None]] | None = None,
    analysis: bool = True,
) -> BuildResult:
    """Rebuild db_path from every file in the raw store. Returns what loaded and what failed."""
    # Load inputs
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = db_path.parent / f".{db_path.name}.building-{os.getpid()}"
    for stale in (tmp, tmp.with_name(tmp.name + ".wal")):
        stale.unlink(missing_ok=True)
    _remove_dead_builds(db_path)
    result = BuildResult(db_path=db_path, errors=list(fetch_errors))
    new_ids = set(new_fetch_ids)
    con = duckdb.connect(str(tmp))
    try:
        db.create_schemas(con)
        db.run_sql_dir(con, db.SQL_DIR / "raw")
        _insert_fetches(con, store.records())
        attempts = store.attempts()
        if attempts:
            con.register("_attempts", pl.from_dicts(attempts, infer_schema_length=None))
            con.execute("insert into raw.fetch_log by name select * from _attempts")
            con.unregister("_attempts")

        # Process: staging, one table per source form
        for source in scrapers.names():
            n = len(store.records(source))
            advance = progress(source, n) if progress else None
            try:
                _load_staging(con, store, source, new_ids, result, advance)
            except (OpengapError, ImportError, OSError) as exc:
                msg = f"{source}: cannot load staging ({type(exc).__name__}: {exc})"
                result.errors.append(LoadError(source, None, None, "staging", msg, True))

        # Process: std, every source in one shape
        db.run_sql_file(con, db.SQL_DIR / "macros.sql")
        db.run_sql_dir(con, db.SQL_DIR / "std" / "tables")
        for source in scrapers.names():
            adapter = db.SQL_DIR / "std" / "sources" / f"{source}.sql"
            if adapter.exists():
                # one transaction per source: a broken adapter drops that source, not the build
                con.execute("begin transaction")
                try:
                    db.run_sql_file(con, adapter)
                    con.execute("commit")
                except OpengapError as exc:
                    con.execute("rollback")
                    result.errors.append(
                        LoadError(source, None, str(adapter), "std", f"{source}: {exc}", True)
                    )

        # Process: per-file checks against the previous version of the same file
        _load_overrides(con)
        accepted = {
            r[0] for r in con.execute("select sha256 from std.override_accepted_changes").fetchall()
        }
        failed_ids = {e.fetch_id for e in result.errors if e.fetch_id}
        retired = {
            (src, bench): date
            for src, bench, date in con.execute(
                "select source, benchmark_id, absent_from::date from std.override_retired_benchmarks"
            ).fetchall()
        }
        rejected = checks.check_files(con, skip=failed_ids, accepted=accepted, retired=retired)
        checks.drop_rejected(con, [r.fetch_id for r in rejected])
        for r in rejected:
            result.errors.append(
                LoadError(r.source, r.fetch_id, r.path, "check", r.message, r.fetch_id in new_ids)
            )

        # Process: core
        checks.check_inputs(con)
        names = con.sql(
            "select distinct source, source_model_name, model_key from std.scores "
            "union select distinct source, source_model_name, model_key from std.model_claims"
        ).pl()
        bridges = con.sql(
            "select distinct model as display_name, key as model_key "
            "from staging.lmarena_hf_space_models where key is not null"
        ).pl()
        registry = resolve.load_registry()
        con.register("resolved_aliases", resolve.resolve(names, bridges, registry))
        frames = resolve.registry_frames()
        for frame_name, frame in frames.items():
            con.register(frame_name, frame)
        for table in CORE_ORDER:
            db.run_sql_file(con, db.SQL_DIR / "core" / f"{table}.sql")
        for frame_name in ("resolved_aliases", *frames):
            con.unregister(frame_name)
        checks.check_outputs(con)
        if analysis:  # bench/bench_rebuild.py times raw → core without it
            analysis_build.build(con)
        create_views(con)

        # Save outputs
        _record_errors(con, result.errors)
        con.execute("checkpoint")
    except BaseException:
        con.close()
        for stale in (tmp, tmp.with_name(tmp.name + ".wal")):
            stale.unlink(missing_ok=True)
        raise
    con.close()
    os.replace(tmp, db_path)
    return result


def _remove_dead_builds(db_path: Path) -> None:
    """Temp warehouses left by killed builds (.<name>.building-<pid>[.wal]) whose process is gone."""
    for path in db_path.parent.glob(f".{db_path.name}.building-*"):
        pid = path.name.rsplit("-", 1)[-1].removesuffix(".wal")
        if not pid.isdigit() or int(pid) == os.getpid():
            continue
        try:
            os.kill(int(pid), 0)
            continue  # still running (a build outside the lock): leave it alone
        except ProcessLookupError:
            pass
        except PermissionError:
            continue
        path.unlink(missing_ok=True)


def _load_overrides(con: duckdb.DuckDBPyConnection) -> None:
    """Hand-kept CSVs in warehouse/overrides/ become std.override_<name> (all text; typed in core)."""
    for path in sorted(OVERRIDES.glob("*.csv")):
        con.execute(
            f"create or replace table std.override_{path.stem} as "
            "select * from read_csv(?, header = true, all_varchar = true, auto_detect = true)",
            [str(path)],
        )


def _record_errors(con: duckdb.DuckDBPyConnection, errors: list[LoadError]) -> None:
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    for e in errors:
        con.execute(
            "insert into raw.load_errors values (?, ?, ?, ?, ?, ?, ?)",
            [e.fetch_id, e.source, e.path, e.stage, e.message, e.is_new, now],
        )
