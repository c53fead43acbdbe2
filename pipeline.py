"""The top of the house: refresh, ingest and rebuild, each one atomic build of every layer.

Fetch what is new (sources in parallel), then rebuild: the warehouse layers (raw → staging → std →
core, `warehouse.build`), then the analysis tables, then the stable views, in one temporary file
swapped in with one rename. This module imports downward only: scrapers ← warehouse ← analysis ←
pipeline ← cli.
"""

from __future__ import annotations

import concurrent.futures as cf
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import scrapers
from scrapers._http import Client, read_local_file
from scrapers._types import Fetched, OpengapError
from warehouse import build as build_mod
from warehouse import db, lock
from warehouse.rawstore import RawStore, utcnow


def finish(con) -> None:
    """What a build adds above the warehouse layers: the analysis tables, then the views."""
    from analysis import build as analysis_build
    from analysis.export import create_views

    analysis_build.build(con)
    create_views(con)


def build(store: RawStore, db_path: Path, **kwargs) -> build_mod.BuildResult:
    """One atomic build of every layer (warehouse, analysis, views) from the raw store and the base."""
    kwargs.setdefault("finish", finish)
    return build_mod.build(store, Path(db_path), **kwargs)


@dataclass
class RefreshResult:
    fetched: dict[str, list[Fetched]] = field(default_factory=dict)
    fetch_errors: list[build_mod.LoadError] = field(default_factory=list)
    build: build_mod.BuildResult | None = None
    bytes_downloaded: int = 0
    rebuilt: bool = True
    # offline with an empty raw store: nothing to rebuild from, the warehouse kept as it is
    nothing_to_rebuild: bool = False
    # refused new files, moved out of the raw store (see RawStore.quarantine)
    quarantined: list[Fetched] = field(default_factory=list)

    @property
    def failed_sources(self) -> list[str]:
        failed = {e.source for e in self.fetch_errors}
        if self.build:
            failed |= {e.source for e in self.build.new_errors}
        return sorted(failed)


def fetch_all(
    store: RawStore,
    sources: Iterable[str],
    client: Client | None = None,
    on_done: Callable[[str, list[Fetched] | None, str | None], None] | None = None,
    since: str | None = None,
    warehouse: Path | None = None,
) -> RefreshResult:
    """Fetch each source in its own thread; a failing source never stops the others."""
    client = client or Client()
    result = RefreshResult()
    store.records()  # load the index once, before the threads share it

    def one(name: str) -> list[Fetched]:
        started = utcnow()
        try:
            got = scrapers.load(name).fetch(client, store, since=since, warehouse=warehouse)
        except Exception as exc:
            store.log_attempt(
                {
                    "source": name,
                    "started_at": started,
                    "finished_at": utcnow(),
                    "status": "failed",
                    "new_files": 0,
                    "error": str(exc).splitlines()[0] if str(exc) else type(exc).__name__,
                }
            )
            raise
        store.log_attempt(
            {
                "source": name,
                "started_at": started,
                "finished_at": utcnow(),
                "status": "ok",
                "new_files": len(got),
                "error": None,
            }
        )
        return got

    sources = list(sources)
    with cf.ThreadPoolExecutor(max_workers=max(1, min(8, len(sources)))) as pool:
        futures = {pool.submit(one, name): name for name in sources}
        for fut in cf.as_completed(futures):
            name = futures[fut]
            try:
                got = fut.result()
            except OpengapError as exc:
                msg = f"{name}: {exc}" if not str(exc).startswith(name) else str(exc)
                result.fetch_errors.append(
                    build_mod.LoadError(name, None, None, "fetch", msg, True)
                )
                if on_done:
                    on_done(name, None, msg)
                continue
            except Exception as exc:  # huggingface_hub and others raise their own types
                msg = f"{name}: fetch failed ({type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''})"
                result.fetch_errors.append(
                    build_mod.LoadError(name, None, None, "fetch", msg, True)
                )
                if on_done:
                    on_done(name, None, msg)
                continue
            result.fetched[name] = got
            if on_done:
                on_done(name, got, None)
    result.bytes_downloaded = client.bytes_downloaded
    return result


def refresh(
    store: RawStore,
    db_path: Path,
    *,
    sources: Iterable[str] | None = None,
    offline: bool = False,
    client: Client | None = None,
    on_fetched=None,
    progress=None,
    since: str | None = None,
    wait: float = 0.0,
    rebuild: bool = False,
) -> RefreshResult:
    """Fetch what is new, then rebuild the warehouse. With nothing new upstream (no new file, no
    failure) the warehouse is left as it is: nothing to rebuild. `rebuild=True` rebuilds anyway
    (after a parser fix, say); `offline=True` rebuilds from the raw store without fetching."""
    names = [str(getattr(n, "value", n)) for n in (sources or scrapers.names())]
    for n in names:
        if n not in scrapers.SOURCES:
            raise OpengapError(
                f"unknown source {n!r}. Known sources: {', '.join(scrapers.names())}"
            )
    # Sources that look up what to fetch in the warehouse (model cards for known Hub repos) run
    # after the first build, then the warehouse is rebuilt once more if they brought anything.
    first = [n for n in names if not getattr(scrapers.load(n), "NEEDS_WAREHOUSE", False)]
    second = [n for n in names if n not in first]
    client = client or Client()
    with lock.exclusive(Path(db_path), wait_seconds=wait):
        result = RefreshResult()
        if offline and not store.records() and not store.bad_records and Path(db_path).exists():
            # a warehouse loaded from a snapshot holds more than an empty store could rebuild
            result.rebuilt = False
            result.nothing_to_rebuild = True
            return result
        if not offline and first:
            result = fetch_all(store, first, client, on_done=on_fetched, since=since)
        new_ids = {r.fetch_id for recs in result.fetched.values() for r in recs}
        # nothing new (sources that failed keep their data): no rebuild, only the log is updated
        unchanged = not offline and not rebuild and not new_ids and Path(db_path).exists()
        if not unchanged:
            result.build = _build_or_quarantine(
                store,
                Path(db_path),
                result,
                new_fetch_ids=new_ids,
                fetch_errors=result.fetch_errors,
                progress=progress,
            )
        result.rebuilt = not unchanged
        if unchanged:
            _sync_fetch_log(store, Path(db_path))
        if not offline and second:
            later = fetch_all(
                store, second, client, on_done=on_fetched, since=since, warehouse=Path(db_path)
            )
            result.fetched.update(later.fetched)
            result.fetch_errors += later.fetch_errors
            more = {r.fetch_id for recs in later.fetched.values() for r in recs}
            if more:
                result.rebuilt = True
                result.build = _build_or_quarantine(
                    store,
                    Path(db_path),
                    result,
                    new_fetch_ids=more,
                    fetch_errors=result.fetch_errors,
                )
            elif later.fetch_errors:
                _sync_fetch_log(store, Path(db_path))
        result.bytes_downloaded = client.bytes_downloaded
    return result


def _build_or_quarantine(
    store: RawStore, db_path: Path, result: RefreshResult, **kwargs
) -> build_mod.BuildResult:
    """Build; then move every new file the build refused out of the raw store (a refused file
    changes nothing: neither the warehouse nor the store it is rebuilt from). A build that fails
    as a whole refuses all its new files: the previous warehouse stays, and the next refresh
    downloads them again."""
    new_ids = set(kwargs.get("new_fetch_ids") or ())
    try:
        built = build(store, db_path, **kwargs)
    except build_mod.StoreDamagedError:
        raise
    except BaseException as exc:
        if new_ids and isinstance(exc, Exception):
            reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            result.quarantined += [r for r in store.records() if r.fetch_id in new_ids]
            store.quarantine(new_ids, reason)
        raise
    refused = {}
    for e in built.errors:
        if e.fetch_id in new_ids and e.stage in ("parse", "check"):
            refused.setdefault(e.fetch_id, e.message)
    if refused:
        result.quarantined += [r for r in store.records() if r.fetch_id in refused]
        for fid, why in refused.items():
            store.quarantine({fid}, why)
    return built


def _sync_fetch_log(store: RawStore, db_path: Path) -> None:
    """Bring raw.fetch_log up to date with the raw store's log without a rebuild, so `opengap
    sources` shows this refresh's attempts. One transaction: a crash leaves the old log or the new."""
    import polars as pl

    attempts = store.attempts()
    if not attempts:
        return
    con = db.connect(db_path)
    try:
        if not con.execute(
            "select count(*) from duckdb_tables() where schema_name = 'raw' and table_name = 'fetch_log'"
        ).fetchall()[0][0]:
            return
        frame = pl.from_dicts(attempts, infer_schema_length=None)
        con.execute("begin transaction")
        con.execute("delete from raw.fetch_log")
        con.register("_attempts", frame)
        con.execute("insert into raw.fetch_log by name select * from _attempts")
        con.unregister("_attempts")
        con.execute("commit")
    finally:
        con.close()


def ingest(
    store: RawStore,
    db_path: Path,
    source: str,
    files: Iterable[Path],
    snapshot_date: str | None = None,
    wait: float = 0.0,
) -> tuple[list[Fetched], build_mod.BuildResult]:
    """Load files obtained by other means through the same parser, with provenance `manual`."""
    source = str(getattr(source, "value", source))  # a CLI choice (Enum) or its plain name
    if source not in scrapers.SOURCES:
        raise OpengapError(
            f"unknown source {source!r}. Known sources: {', '.join(scrapers.names())}"
        )
    module = scrapers.load(source)
    added: list[Fetched] = []
    with lock.exclusive(Path(db_path), wait_seconds=wait):
        for path in files:
            path = Path(path)
            if not path.is_file():
                raise OpengapError(f"{path}: no such file")
            date = snapshot_date or module.snapshot_date_for(path.name)
            if date is None:
                raise OpengapError(
                    f"{path}: cannot tell which date this {source} file describes. "
                    "Pass --snapshot-date YYYY-MM-DD."
                )
            # a regular file under the source's size cap, never /proc, a FIFO or a device
            data = read_local_file(path, getattr(module, "MAX_BYTES", None))
            added.append(
                store.put(
                    source,
                    path.resolve().as_uri(),
                    data,
                    http_status=None,
                    snapshot_date=date,
                    upstream_key=f"manual:{path.name}",
                    filename=path.name,
                    origin="manual",
                )
            )
        holder = RefreshResult()
        result = _build_or_quarantine(
            store, Path(db_path), holder, new_fetch_ids={r.fetch_id for r in added}
        )
    return added, result
