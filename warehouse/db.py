"""Connecting to the warehouse and running its SQL files."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import duckdb

from scrapers._types import OpengapError

SQL_DIR = Path(__file__).parent / "sql"
SCHEMAS = ("raw", "staging", "std", "core", "analysis")
REPO_ROOT = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    return Path(os.environ.get("OPENGAP_DATA", REPO_ROOT / "data"))


def default_db_path() -> Path:
    return Path(os.environ.get("OPENGAP_DB") or data_dir() / "opengap.duckdb")


def damaged_message(path: Path | str | None, first: str) -> str | None:
    """The one line for a warehouse file DuckDB finds damaged (a flipped or overwritten block),
    with the way out; None if ``first`` (an error's first line) says something else."""
    low = first.lower()
    if "corrupt" not in low and "not a valid duckdb" not in low:
        return None
    where = f"{path}: " if path else ""
    return (
        f"{where}the warehouse file is damaged ({first}). Rebuild it with "
        "`opengap refresh --offline --rebuild`, or build another with `opengap load <snapshot>`."
    )


def connect(path: Path | str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    path = Path(path)
    if read_only and not path.exists():
        raise OpengapError(
            f"{path}: no warehouse here. Run `opengap refresh` (or `opengap load`) first, or pass --db."
        )
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as exc:  # IOException, and a damaged file's "Corrupt database file"
        first = str(exc).splitlines()[0]
        raise OpengapError(
            damaged_message(path, first) or f"{path}: cannot open the warehouse ({first})."
        ) from None


# -- the sandbox `opengap sql` runs in -----------------------------------------------------------
SQL_TIMEOUT_S = 30.0  # OPENGAP_SQL_TIMEOUT: wall-clock seconds for one `opengap sql` session
SQL_MEMORY = "1GB"  # OPENGAP_SQL_MEMORY: DuckDB's memory_limit for it
SQL_MAX_ROWS = 1_000_000  # OPENGAP_SQL_MAX_ROWS: rows a result may bring into Python memory

# DuckDB's own locks: no file or network access beyond the warehouse opened at connect (COPY TO,
# EXPORT DATABASE, read_csv/read_text/read_blob/glob, ATTACH, remote URLs all refuse), no
# extension installed or loaded on demand, and no SET/RESET that could undo any of it.
SANDBOX_CONFIG = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "allow_community_extensions": False,
    "allow_unsigned_extensions": False,
    "threads": 1,
}


def sql_limits() -> tuple[float, str, int]:
    """Timeout (s), memory cap and row cap for `opengap sql`, from the environment or the defaults."""
    try:
        timeout = float(os.environ.get("OPENGAP_SQL_TIMEOUT") or SQL_TIMEOUT_S)
        max_rows = int(os.environ.get("OPENGAP_SQL_MAX_ROWS") or SQL_MAX_ROWS)
    except ValueError:
        raise OpengapError(
            "OPENGAP_SQL_TIMEOUT / OPENGAP_SQL_MAX_ROWS: expected a number, e.g. 30 and 1000000."
        ) from None
    if timeout <= 0 or max_rows <= 0:
        raise OpengapError("OPENGAP_SQL_TIMEOUT and OPENGAP_SQL_MAX_ROWS must be positive.")
    return timeout, os.environ.get("OPENGAP_SQL_MEMORY") or SQL_MEMORY, max_rows


class SandboxedConnection:
    """A read-only warehouse connection that can reach nothing else, interrupted at its deadline.

    DuckDB has no statement timeout: a watchdog thread interrupts the connection once
    ``timeout_s`` has passed, and again every 50 ms until it is closed (an interrupt arriving
    between two statements is otherwise lost, and a recursive CTE would run on).
    """

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        timeout_s: float,
        max_rows: int,
        path: Path | str | None = None,
    ) -> None:
        self._con = con
        self.path = path
        self.timeout_s = timeout_s
        self.max_rows = max_rows
        self.timed_out = False
        self._closed = threading.Event()
        self._watchdog = threading.Thread(target=self._watch, daemon=True)
        self._watchdog.start()

    def _watch(self) -> None:
        if self._closed.wait(self.timeout_s):
            return
        self.timed_out = True
        while not self._closed.wait(0.05):
            try:
                self._con.interrupt()
            except duckdb.Error:
                return

    def sql(self, query: str):
        return self._con.sql(query)

    def execute(self, query: str, parameters=None):
        return self._con.execute(query, parameters)

    def frame(self, query: str):
        """Run one query and return its result as a polars frame, at most ``max_rows`` rows.

        Raises OpengapError with one line for anything DuckDB refuses (a file, the network, a
        write, the memory cap, the deadline)."""
        import polars as pl

        if self.timed_out:
            raise OpengapError(self.explain(duckdb.InterruptException()))
        try:
            rel = self._con.sql(query)
            if rel is None:
                raise OpengapError(
                    "the statement returned no rows to show (opengap sql is read-only)."
                )
            reader = rel.to_arrow_reader(65536)
            batches, rows = [], 0
            for batch in reader:
                rows += batch.num_rows
                if rows > self.max_rows:
                    raise OpengapError(
                        f"the result has more than {self.max_rows:,} rows "
                        "(OPENGAP_SQL_MAX_ROWS). Add a LIMIT or an aggregate."
                    )
                batches.append(batch)
            import pyarrow as pa

            return pl.from_arrow(pa.Table.from_batches(batches, schema=reader.schema))
        except duckdb.Error as exc:
            raise OpengapError(self.explain(exc)) from None

    def explain(self, exc: BaseException) -> str:
        """One line for a DuckDB error raised in the sandbox."""
        msg = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        if isinstance(exc, duckdb.InterruptException) or self.timed_out:
            return (
                f"the query ran longer than {self.timeout_s:g} s and was stopped "
                "(OPENGAP_SQL_TIMEOUT sets the limit)."
            )
        if damaged := damaged_message(self.path, msg):
            return damaged
        if isinstance(exc, duckdb.OutOfMemoryException):
            return f"{msg} (OPENGAP_SQL_MEMORY sets the cap)."
        if isinstance(exc, duckdb.PermissionException) or "configuration has been locked" in msg:
            return f"opengap sql reads the warehouse and nothing else: {msg}"
        if "read-only" in msg.lower() or "read only" in msg.lower():
            return f"opengap sql is read-only: {msg}"
        return msg

    def close(self) -> None:
        self._closed.set()
        self._con.close()

    def __getattr__(self, name: str):
        return getattr(self._con, name)


def connect_sandboxed(
    path: Path | str,
    timeout_s: float | None = None,
    memory: str | None = None,
    max_rows: int | None = None,
) -> SandboxedConnection:
    """The warehouse at ``path``, read-only, for hostile SQL: nothing outside it is readable or
    writable, no extension or network, a memory cap and a deadline (defaults from sql_limits())."""
    env_timeout, env_memory, env_rows = sql_limits()
    path = Path(path)
    if not path.exists():
        raise OpengapError(
            f"{path}: no warehouse here. Run `opengap refresh` (or `opengap load`) first, or pass --db."
        )
    memory = memory or env_memory
    try:  # a bad cap is the setting's fault, not the warehouse's
        duckdb.connect(config={"memory_limit": memory}).close()
    except duckdb.Error as exc:
        raise OpengapError(f"OPENGAP_SQL_MEMORY {memory!r}: {str(exc).splitlines()[0]}") from None
    # lock_configuration last: every other setting is applied before SET is refused
    config = {**SANDBOX_CONFIG, "memory_limit": memory, "lock_configuration": True}
    try:
        con = duckdb.connect(str(path), read_only=True, config=config)
    except duckdb.Error as exc:
        first = str(exc).splitlines()[0]
        raise OpengapError(
            damaged_message(path, first) or f"{path}: cannot open the warehouse ({first})."
        ) from None
    return SandboxedConnection(con, timeout_s or env_timeout, max_rows or env_rows, path)


def create_schemas(con: duckdb.DuckDBPyConnection) -> None:
    for schema in SCHEMAS:
        con.execute(f"create schema if not exists {schema}")


def run_sql_file(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    try:
        con.execute(path.read_text(encoding="utf-8"))
    except duckdb.Error as exc:
        shown = path.relative_to(REPO_ROOT) if path.is_relative_to(REPO_ROOT) else path
        raise OpengapError(f"{shown}: {str(exc).splitlines()[0]}") from exc


def run_sql_dir(con: duckdb.DuckDBPyConnection, directory: Path) -> None:
    for path in sorted(directory.glob("*.sql")):
        run_sql_file(con, path)


def table_columns(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> dict[str, str]:
    rows = con.execute(
        "select column_name, data_type from information_schema.columns "
        "where table_schema = ? and table_name = ? order by ordinal_position",
        [schema, table],
    ).fetchall()
    return dict(rows)


def first(result) -> tuple | None:
    """The first row of an executed statement, or None, with the result read to its end: DuckDB 2
    refuses other work on a connection (register, sql) while a result is unfinished, and a
    fetchone() leaves it so."""
    rows = result.fetchall()
    return rows[0] if rows else None


def table_checksum(con: duckdb.DuckDBPyConnection, qualified: str) -> tuple[int, int]:
    """Row count and an order-independent hash of every row: equal tables give equal checksums."""
    return first(
        con.execute(
            f"select count(*), coalesce(sum(hash(t)::hugeint), 0)::varchar from {qualified} t"
        )
    )
