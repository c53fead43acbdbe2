"""The base: rows a warehouse holds that its raw store cannot give back (a loaded snapshot's).

A published snapshot carries its std layer (every score and model claim in one shape, with the
fetch each came from). `opengap load` keeps those rows in the `base` schema beside the tables it
publishes, and every later build starts from them: a rebuild is the union of the base's rows and the
rows parsed from the local raw store, so a warehouse loaded from a snapshot is a full starting point
and a refresh, an ingest or an offline rebuild only ever adds to it.

The union, per file: a base file is superseded when the raw store holds the same bytes for the same
source (the local copy is parsed again, with its own provenance); otherwise its rows are kept with the
provenance the snapshot recorded (the upstream URL and the date the data describes). The per-file
checks then compare every file, base or local, with the previous version of the same upstream file,
exactly as for files fetched here.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from scrapers._types import Fetched, OpengapError
from warehouse import db

# base table → the table whose shape it has (and into which a build merges it)
TABLES = {
    "fetches": "raw.fetches",
    "std_scores": "std.scores",
    "std_model_claims": "std.model_claims",
    "std_benchmarks": "std.benchmarks",
}


def create(con: duckdb.DuckDBPyConnection) -> None:
    """Empty base tables, shaped like the tables they feed (raw and std must exist)."""
    con.execute("create schema if not exists base")
    for table, like in TABLES.items():
        con.execute(f"create table if not exists base.{table} as select * from {like} limit 0")
    con.execute(
        "create table if not exists base.info (snapshot varchar, data_as_of date, "
        "loaded_at timestamp, format_version integer)"
    )


def copy_from(con: duckdb.DuckDBPyConnection, previous: Path) -> bool:
    """Carry the base of the previous warehouse (if it has one) into this one. Returns whether it did.

    The previous file is opened read-only; a file that is not a readable DuckDB warehouse is an error
    (rebuilding without it would drop the snapshot's rows without a word)."""
    if not Path(previous).is_file():
        return False
    con.execute("attach ? as previous (read_only)", [str(previous)])
    try:
        have = {
            t
            for (t,) in con.execute(
                "select table_name from duckdb_tables() "
                "where database_name = 'previous' and schema_name = 'base'"
            ).fetchall()
        }
        for table in (*TABLES, "info"):
            if table in have:
                con.execute(f"insert into base.{table} by name select * from previous.base.{table}")
        return bool(have)
    finally:
        con.execute("detach previous")


def check_complete(con: duckdb.DuckDBPyConnection, previous: Path) -> None:
    """Refuse to rebuild over a warehouse whose base lists files but holds none of their rows (a
    snapshot loaded without its std layer: CSV-only copies, or an older format): the rebuild would
    silently drop everything the snapshot gave."""
    files, rows = con.execute(
        "select (select count(*) from base.fetches), "
        "(select count(*) from base.std_scores) + (select count(*) from base.std_model_claims)"
    ).fetchall()[0]
    if files and not rows:
        raise OpengapError(
            f"{previous}: this warehouse was loaded from a snapshot without its std layer "
            f"(std_*.parquet), so a rebuild would drop the {files} file(s) of data it holds. Load a "
            "complete snapshot (`opengap load DIR`), or move the warehouse away to rebuild from the "
            "raw store alone."
        )


def superseded(con: duckdb.DuckDBPyConnection, records: list[Fetched]) -> set[str]:
    """Base fetch_ids whose file the raw store holds too (same source, same bytes)."""
    local = {(r.source, r.sha256) for r in records}
    local_ids = {r.fetch_id for r in records}
    return {
        fid
        for fid, source, sha in con.execute(
            "select fetch_id, source, sha256 from base.fetches"
        ).fetchall()
        if (source, sha) in local or fid in local_ids
    }


def merge_fetches(con: duckdb.DuckDBPyConnection, drop: set[str]) -> None:
    """The base's file records into raw.fetches (all but the superseded)."""
    con.execute(
        "insert or ignore into raw.fetches by name select * from base.fetches "
        "where fetch_id not in (select unnest(?::varchar[]))",
        [sorted(drop)],
    )


def merge_std(con: duckdb.DuckDBPyConnection, drop: set[str], sources: list[str]) -> None:
    """The base's std rows into std, for the files that were not superseded.

    Only for `sources` (the ones this opengap knows and loads); a benchmark a local source already
    declared keeps the local declaration."""
    keep = (
        "fetch_id not in (select unnest(?::varchar[])) and source in (select unnest(?::varchar[]))"
    )
    args = [sorted(drop), list(sources)]
    con.execute(f"insert into std.scores by name select * from base.std_scores where {keep}", args)
    con.execute(
        f"insert into std.model_claims by name select * from base.std_model_claims where {keep}",
        args,
    )
    con.execute(
        "insert into std.benchmarks by name select * from base.std_benchmarks b "
        "where b.source in (select unnest(?::varchar[])) and not exists (select 1 from std.benchmarks s "
        "where s.benchmark_id = b.benchmark_id and s.source = b.source)",
        [list(sources)],
    )


def fill_from_std(con: duckdb.DuckDBPyConnection, info: dict) -> None:
    """After a snapshot load: the loaded std layer and file records become the base."""
    create(con)
    for table, like in TABLES.items():
        con.execute(f"delete from base.{table}")
        con.execute(f"insert into base.{table} by name select * from {like}")
    con.execute("delete from base.info")
    con.execute(
        "insert into base.info values (?, ?, now()::timestamp, ?)",
        [info.get("name"), info.get("data_as_of"), info.get("format_version")],
    )


def describe(con: duckdb.DuckDBPyConnection) -> dict | None:
    """{snapshot, data_as_of, files} of the base this warehouse carries, or None."""
    try:
        row = db.first(
            con.execute(
                "select i.snapshot, i.data_as_of::varchar, (select count(*) from base.fetches) "
                "from base.info i limit 1"
            )
        )
    except duckdb.Error:
        return None
    if not row:
        return None
    return {"snapshot": row[0], "data_as_of": row[1], "files": row[2]}
