"""Rebuild the warehouse's layers (raw → staging → std → core) from the raw store, atomically.

Every refresh parses every raw file again (parsing is cheap and pure, so a parser fix applies to all
history), builds a new DuckDB file beside the old one and swaps it in with one rename. A crash or a
failure at any point leaves the previous warehouse untouched. The rows of a loaded snapshot (the
`base` schema, see warehouse/base.py) are carried from the previous warehouse and merged into std,
so a rebuild only ever adds to what a snapshot gave. What sits above the warehouse (analysis, views)
is handed in by the caller as `finish` (the top-level `pipeline` module): this package imports
nothing above it.
"""

from __future__ import annotations

import datetime as dt
import gc
import json
import os
import sys
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import polars as pl

import scrapers
from scrapers import settings
from scrapers._types import Fetched, OpengapError
from warehouse import base, checks, db, resolve
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


class StoreDamagedError(OpengapError):
    """A raw file is missing or its bytes do not match its record: nothing is rebuilt."""


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


def parse_file(module, rec: Fetched, data: bytes) -> dict[str, list[dict] | pl.DataFrame]:
    """Run a source's pure parser over one file, per staging table: the rows `parse` yields, or
    the polars frame it returns for the table (open_llm_leaderboard, epoch_ai_models,
    lmarena_arena_catalog and artificial_analysis return one frame per table), provenance added."""
    parsed = module.parse(rec, data)
    if isinstance(parsed, dict):
        prov = [pl.lit(v, dtype=pl.String).alias(k) for k, v in rec.provenance().items()]
        return {t: parsed[t].with_columns(prov) if t in parsed else [] for t in module.TABLES}
    tables: dict[str, list[dict]] = {t: [] for t in module.TABLES}
    default = module.TABLES[0]
    prov = rec.provenance()
    for row in parsed:
        table = row.pop("_table", default)
        row.update(prov)
        tables[table].append(row)
    return tables


def _check_columns(rows, columns: dict[str, str], table: str) -> None:
    if isinstance(rows, pl.DataFrame):
        unknown = set(rows.columns) - set(columns)
    else:
        unknown = set().union(*map(dict.keys, rows)) - set(columns) if rows else set()
    if unknown:
        raise OpengapError(
            f"staging.{table}: parser produced columns not in warehouse/sql/staging/{table}.sql: "
            f"{', '.join(sorted(unknown))}"
        )


def _frame(rows: list[dict], columns: dict[str, str], table: str) -> pl.DataFrame:
    """The rows as a frame of the table's columns (`_parse_staging` has checked their names)."""
    schema = {c: _POLARS.get(t.split("(")[0], pl.String) for c, t in columns.items()}
    return pl.from_dicts(rows, schema=schema, strict=False)


def _frames(parts: list, columns: dict[str, str], table: str) -> pl.DataFrame:
    """One frame over the parts of a table, each a list of row dicts or a frame `parse` returned
    (cast to the columns' types, as `_frame` converts rows)."""
    if all(isinstance(p, list) for p in parts):
        return _frame([r for p in parts for r in p], columns, table)
    schema = {c: _POLARS.get(t.split("(")[0], pl.String) for c, t in columns.items()}
    frames = []
    for part in parts:
        if isinstance(part, list):
            frames.append(_frame(part, columns, table))
            continue
        frames.append(
            part.select(
                pl.col(c).cast(dtype) if c in part.columns else pl.lit(None, dtype=dtype).alias(c)
                for c, dtype in schema.items()
            )
        )
    return pl.concat(frames, how="vertical")


@dataclass
class _Staged:
    """One source's files parsed: frames per staging table, waiting for their insert."""

    source: str
    tables: tuple[str, ...]
    by_fetch: dict[str, Fetched]
    errors: list[LoadError]
    # per table: (frame over every file, [(fetch_id, offset, height) per file with rows])
    pending: dict[str, tuple[pl.DataFrame, list[tuple[str, int, int]]]]


def _prepare_staging(con: duckdb.DuckDBPyConnection, source: str) -> object:
    """The source's parser module, its staging tables created (`_staging_columns` reads them)."""
    module = scrapers.load(source)
    for table in module.TABLES:
        db.run_sql_file(con, db.SQL_DIR / "staging" / f"{table}.sql")
    return module


def _staging_columns(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, str]]:
    """Every staging table's columns and types (`db.table_columns` of each), in one query: a
    query per table cost a millisecond each on the build's critical path."""
    columns: dict[str, dict[str, str]] = {}
    for table, column, data_type in con.execute(
        "select table_name, column_name, data_type from information_schema.columns "
        "where table_schema = 'staging' order by table_name, ordinal_position"
    ).fetchall():
        columns.setdefault(table, {})[column] = data_type
    return columns


def _parse_staging(
    module,
    columns: dict[str, dict[str, str]],
    store: RawStore,
    source: str,
    new_fetch_ids: set[str],
    result: BuildResult,
    advance: Callable[[], None] | None,
) -> _Staged:
    """Parse every file of a source (pure Python, no DuckDB) into one frame per staging table."""
    records = store.records(source)
    by_fetch = {r.fetch_id: r for r in records}
    errors: list[LoadError] = []
    # parsed rows per file; frames are built once per table over every file (one polars conversion
    # and one DuckDB insert per table: per-file frames cost more than the parsing of small files)
    # (a table's rows from a file are row dicts, or one frame when the source's `parse` returns frames)
    parsed_files: list[tuple[Fetched, dict[str, list[dict] | pl.DataFrame]]] = []
    for rec in records:
        is_new = rec.fetch_id in new_fetch_ids
        try:
            data = store.read(rec)
            parsed = parse_file(module, rec, data)
            for t, rows in parsed.items():
                _check_columns(rows, columns[t], t)
        except OpengapError as exc:
            errors.append(LoadError(source, rec.fetch_id, rec.path, "parse", str(exc), is_new))
            continue
        except Exception as exc:  # a parser bug on hostile input must not stop the other files
            msg = f"{source}: {rec.display_path()}: parser failed ({type(exc).__name__}: {exc})"
            errors.append(LoadError(source, rec.fetch_id, rec.path, "parse", msg, is_new))
            continue
        finally:
            if advance:
                advance()
        parsed_files.append((rec, parsed))
    pending: dict[str, tuple[pl.DataFrame, list[tuple[str, int, int]]]] = {}
    try:
        for table in module.TABLES:
            parts: list = []
            spans: list[tuple[str, int, int]] = []
            offset = 0
            for rec, parsed in parsed_files:
                rows = parsed[table]
                if len(rows):
                    spans.append((rec.fetch_id, offset, len(rows)))
                    offset += len(rows)
                    parts.append(rows)
            if spans:
                pending[table] = (_frames(parts, columns[table], table), spans)
    except Exception:
        # a value polars cannot convert: convert file by file to find the file(s), as one file
        # failing must not stop the others
        pending = {}
        kept = []
        for rec, parsed in parsed_files:
            try:
                frames = {t: _frames([rows], columns[t], t) for t, rows in parsed.items()}
            except Exception as exc:
                msg = f"{source}: {rec.display_path()}: parser failed ({type(exc).__name__}: {exc})"
                is_new = rec.fetch_id in new_fetch_ids
                errors.append(LoadError(source, rec.fetch_id, rec.path, "parse", msg, is_new))
                continue
            kept.append((rec, frames))
        for table in module.TABLES:
            frames_of_table = [(rec.fetch_id, f[table]) for rec, f in kept if f[table].height]
            if frames_of_table:
                spans, offset = [], 0
                for fid, frame in frames_of_table:
                    spans.append((fid, offset, frame.height))
                    offset += frame.height
                combined = pl.concat([f for _, f in frames_of_table], how="vertical_relaxed")
                pending[table] = (combined, spans)
        ok_ids = {rec.fetch_id for rec, _ in kept}
        parsed_files = [(rec, parsed) for rec, parsed in parsed_files if rec.fetch_id in ok_ids]
        # errors in file order, as a file-by-file load reports them
        order = {r.fetch_id: i for i, r in enumerate(records)}
        errors.sort(key=lambda e: order.get(e.fetch_id, -1))
    for _rec, parsed in parsed_files:
        for table, rows in parsed.items():
            result.rows_loaded[table] = result.rows_loaded.get(table, 0) + len(rows)
        result.files_loaded[source] = result.files_loaded.get(source, 0) + 1
    return _Staged(source, tuple(module.TABLES), by_fetch, errors, pending)


def _insert_staging(
    con: duckdb.DuckDBPyConnection, staged: _Staged, new_fetch_ids: set[str]
) -> list[LoadError]:
    """Insert a parsed source: one statement per table; a file whose values do not fit is dropped."""
    errors: list[LoadError] = []
    failed: set[str] = set()
    source = staged.source
    for table, (frame, spans) in staged.pending.items():
        try:
            _insert(con, table, frame)
        except duckdb.Error:
            # a value that does not fit its typed column (hostile input): find the file, drop it
            for fid, offset, height in spans:
                try:
                    _insert(con, table, frame.slice(offset, height))
                except duckdb.Error as exc:
                    rec = staged.by_fetch[fid]
                    failed.add(fid)
                    msg = (
                        f"{source}: {rec.display_path()}: expected values that fit "
                        f"staging.{table}, found {str(exc).splitlines()[0]}"
                    )
                    errors.append(
                        LoadError(source, fid, rec.path, "parse", msg, fid in new_fetch_ids)
                    )
    if failed:  # a file is loaded whole or not at all
        for table in staged.tables:
            con.execute(
                f"delete from staging.{table} where fetch_id in (select unnest(?))",
                [sorted(failed)],
            )
    return errors


def _run_adapter(con: duckdb.DuckDBPyConnection, source: str) -> LoadError | None:
    """staging → std for one source, in one transaction: a broken adapter drops that source."""
    adapter = db.SQL_DIR / "std" / "sources" / f"{source}.sql"
    if not adapter.exists():
        return None
    con.execute("begin transaction")
    try:
        db.run_sql_file(con, adapter)
        con.execute("commit")
    except OpengapError as exc:
        con.execute("rollback")
        return LoadError(source, None, str(adapter), "std", f"{source}: {exc}", True)
    return None


def _load_sources(
    con: duckdb.DuckDBPyConnection,
    store: RawStore,
    new_fetch_ids: set[str],
    result: BuildResult,
    progress: Callable[[str, int], Callable[[], None]] | None,
) -> None:
    """staging and std for every source.

    Parsing is Python and DuckDB's inserts and std adapters barely use a second core, so they
    overlap: this thread parses source n+1 while one DB thread (its own cursor) inserts source n
    and another (its own cursor) runs the std adapter of the last source inserted; each DB thread
    keeps the source order (an adapter waits for its source's insert). The inserts write the WAL
    while an adapter runs: one DB thread doing both fell behind the parser. Every std adapter
    reads only its own source's staging tables and std rows, so running it as soon as its source
    is loaded gives what running all of them after all staging gives, and the errors are reported
    in the order a one-thread build reports them (staging by source, then std by source).
    """
    sources = scrapers.registered()
    # all DDL first, in this thread: no catalog change while the DB thread writes
    prepared: dict[str, object] = {}  # module, then (module, columns per table); or the error
    for source in sources:
        try:
            prepared[source] = _prepare_staging(con, source)
        except (OpengapError, ImportError, OSError) as exc:
            prepared[source] = exc
    typed = _staging_columns(con)
    for source, module in prepared.items():
        if not isinstance(module, Exception):
            prepared[source] = (module, {t: typed.get(t, {}) for t in module.TABLES})
    db.run_sql_file(con, db.SQL_DIR / "macros.sql")
    db.run_sql_dir(con, db.SQL_DIR / "std" / "tables")

    staging_errors: dict[str, list[LoadError]] = {s: [] for s in sources}
    insert_errors: dict[str, list[LoadError]] = {s: [] for s in sources}
    std_errors: dict[str, LoadError | None] = {}
    insert_cursor, std_cursor = con.cursor(), con.cursor()

    def insert(source: str, staged: _Staged | None) -> None:
        if staged is not None:
            insert_errors[source] = _insert_staging(insert_cursor, staged, new_fetch_ids)

    def adapt(source: str, inserted: Future) -> None:
        inserted.result()  # the source's staging rows are in (its insert's error, raised here)
        std_errors[source] = _run_adapter(std_cursor, source)

    # The DB threads need the GIL for a moment per statement (handing a frame to DuckDB) while this
    # thread parses pure Python: at the default 5 ms switch interval each such moment waited up to
    # 5 ms, and the DB threads fell ~0.2 s behind the parser; 1 ms keeps them level
    switch_interval = sys.getswitchinterval()
    sys.setswitchinterval(0.001)
    try:
        with (
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="opengap-insert") as inserter,
            ThreadPoolExecutor(max_workers=1, thread_name_prefix="opengap-std") as adapter,
        ):
            jobs = []
            for source in sources:
                n = len(store.records(source))
                advance = progress(source, n) if progress else None
                ready = prepared[source]
                staged = None
                if isinstance(ready, Exception):
                    msg = f"{source}: cannot load staging ({type(ready).__name__}: {ready})"
                    staging_errors[source].append(
                        LoadError(source, None, None, "staging", msg, True)
                    )
                else:
                    module, columns = ready
                    try:
                        staged = _parse_staging(
                            module, columns, store, source, new_fetch_ids, result, advance
                        )
                        staging_errors[source].extend(staged.errors)
                    except (OpengapError, ImportError, OSError) as exc:
                        msg = f"{source}: cannot load staging ({type(exc).__name__}: {exc})"
                        staging_errors[source].append(
                            LoadError(source, None, None, "staging", msg, True)
                        )
                jobs.append(adapter.submit(adapt, source, inserter.submit(insert, source, staged)))
            for job in jobs:
                job.result()  # a DB error the one-thread build would raise, raised here
    finally:
        sys.setswitchinterval(switch_interval)
        insert_cursor.close()
        std_cursor.close()
    for source in sources:
        result.errors.extend(staging_errors[source])
        result.errors.extend(insert_errors[source])
    for source in sources:
        if std_errors.get(source) is not None:
            result.errors.append(std_errors[source])


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
    finish: Callable[[duckdb.DuckDBPyConnection], None] | None = None,
) -> BuildResult:
    """Rebuild db_path from every file in the raw store plus the base the current warehouse at
    db_path carries. `finish(con)` runs last, inside the same atomic build (analysis and views).
    Returns what loaded and what failed."""
    # Load inputs
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = db_path.parent / f".{db_path.name}.building-{os.getpid()}"
    for stale in (tmp, tmp.with_name(tmp.name + ".wal")):
        stale.unlink(missing_ok=True)
    _remove_dead_builds(db_path)
    result = BuildResult(db_path=db_path, errors=list(fetch_errors))
    new_ids = set(new_fetch_ids)
    records = store.records()
    damaged = [r for r in records if not store.intact(r)]
    if damaged:
        first = damaged[0]
        more = f" (and {len(damaged) - 1} more)" if len(damaged) > 1 else ""
        hint = (
            "ingest it again"
            if first.origin == "manual"
            else "`opengap refresh` downloads it again"
        )
        raise StoreDamagedError(
            f"{first.display_path(store.root)}: missing, or its bytes do not match sha256 "
            f"{first.sha256[:12]}… recorded by fetch {first.fetch_id}{more}. The warehouse is kept as "
            f"it was; {hint}."
        )
    for source, meta, why in store.bad_records:
        result.errors.append(
            LoadError(
                source,
                None,
                str(meta),
                "record",
                f"{source}: {meta}: unreadable fetch record ({why}); its file is left out. "
                "Delete the record (or fetch the file again) to clear this.",
                True,
            )
        )
    collecting = gc.isenabled()
    con = duckdb.connect(str(tmp))
    try:
        # no checkpoint until the one at the end: a build is one new file, renamed in when whole,
        # so checkpoints along the way (a big commit checkpoints instead of writing the WAL) only
        # rewrite the same tables several times, on the commit path of the std adapters
        con.execute("set checkpoint_threshold = '1TB'")
        con.execute("set auto_checkpoint_skip_wal_threshold = 1099511627776")
        # nor an fsync per commit: the file is only renamed in after the final checkpoint, which
        # runs with fsync on (so the whole file is on disk before the rename)
        con.execute("set fsync_mode = 'none'")
        db.create_schemas(con)
        db.run_sql_dir(con, db.SQL_DIR / "raw")
        db.run_sql_dir(con, db.SQL_DIR / "std" / "tables")
        _insert_fetches(con, records)
        # the previous warehouse's base (a loaded snapshot's rows), less what the store holds too
        base.create(con)
        try:
            base.copy_from(con, db_path)
        except duckdb.Error as exc:
            raise OpengapError(
                f"{db_path}: cannot read the current warehouse to carry the snapshot rows it holds "
                f"({str(exc).splitlines()[0]}). It is left as it is: move it away, or run "
                "`opengap load` on a snapshot, then retry."
            ) from None
        base.check_complete(con, db_path)
        superseded = base.superseded(con, records)
        base.merge_fetches(con, superseded)
        attempts = store.attempts()
        if attempts:
            con.register("_attempts", pl.from_dicts(attempts, infer_schema_length=None))
            con.execute("insert into raw.fetch_log by name select * from _attempts")
            con.unregister("_attempts")

        # Process: staging, one table per source form, and std, every source in one shape
        # (no cyclic garbage collection from here to the core tables: parsing and resolving make
        # hundreds of thousands of objects and no cycles, and each full collection walked all of
        # them: ~0.15 s a build, on the critical path)
        gc.disable()
        _load_sources(con, store, new_ids, result, progress)

        base.merge_std(con, superseded, scrapers.registered())

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
        names = con.sql(resolve.NAMES_SQL).pl()
        bridges = con.sql(resolve.BRIDGES_SQL).pl()
        registry = resolve.load_registry()
        # staging and std are final here: write them to the file while the names resolve (Python)
        cursor = con.cursor()
        try:
            with ThreadPoolExecutor(max_workers=1, thread_name_prefix="opengap-db") as db_thread:
                written = db_thread.submit(cursor.execute, "checkpoint")
                aliases = resolve.resolve(names, bridges, registry)
                written.result()
        finally:
            cursor.close()
        con.register("resolved_aliases", aliases)
        frames = resolve.registry_frames()
        for frame_name, frame in frames.items():
            con.register(frame_name, frame)
        _run_core(con)
        for frame_name in ("resolved_aliases", *frames):
            con.unregister(frame_name)
        checks.check_outputs(con)
        if collecting:
            gc.enable()
        if finish is not None:  # analysis and views (bench/bench_rebuild.py times without them)
            finish(con)

        # Save outputs
        _record_errors(con, result.errors)
        con.execute("set fsync_mode = 'standard'")
        con.execute("checkpoint")
    except BaseException:
        con.close()
        for stale in (tmp, tmp.with_name(tmp.name + ".wal")):
            stale.unlink(missing_ok=True)
        raise
    finally:
        if collecting:
            gc.enable()
    con.close()
    os.replace(tmp, db_path)
    return result


# core.scores reads only std.scores and core.model_aliases: built on a second connection while this
# one builds the other tables it does not need (each statement is one row group, so DuckDB runs it
# on one core)
CORE_BESIDE = ("scores",)
CORE_AFTER = ("model_release_dates", "model_release_dates_by_rule", "models")


def _run_core(con: duckdb.DuckDBPyConnection) -> None:
    """Every core table, in CORE_ORDER's dependencies; the first failure in CORE_ORDER is raised."""
    db.run_sql_file(con, db.SQL_DIR / "core" / "model_aliases.sql")
    alongside = [t for t in CORE_ORDER if t not in ("model_aliases", *CORE_BESIDE, *CORE_AFTER)]
    failures: dict[str, BaseException] = {}
    cursor = con.cursor()
    try:

        def beside() -> None:
            for table in CORE_BESIDE:
                try:
                    db.run_sql_file(cursor, db.SQL_DIR / "core" / f"{table}.sql")
                except BaseException as exc:  # noqa: BLE001 — re-raised below, in order
                    failures[table] = exc
                    return

        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="opengap-core") as pool:
            job = pool.submit(beside)
            for table in alongside:
                try:
                    db.run_sql_file(con, db.SQL_DIR / "core" / f"{table}.sql")
                except BaseException as exc:  # noqa: BLE001 — re-raised below, in order
                    failures[table] = exc
                    break
            job.result()
    finally:
        cursor.close()
    for table in CORE_ORDER:
        if table in failures:
            raise failures[table]
    for table in CORE_AFTER:
        db.run_sql_file(con, db.SQL_DIR / "core" / f"{table}.sql")


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
    for e in errors:  # a message may quote an upstream that echoed a token: never stored
        con.execute(
            "insert into raw.load_errors values (?, ?, ?, ?, ?, ?, ?)",
            [
                e.fetch_id,
                e.source,
                e.path,
                e.stage,
                settings.redact_secrets(e.message),
                e.is_new,
                now,
            ],
        )
