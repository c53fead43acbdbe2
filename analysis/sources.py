"""Source health: per source, the last success, the age of its data, its rows and its last error."""

from __future__ import annotations

import datetime as dt

import duckdb
import polars as pl

import scrapers
from warehouse import base, db

STALE_AFTER_DAYS = 14


def _from_base(con: duckdb.DuckDBPyConnection, source: str) -> tuple[int, int]:
    """(files, std rows) this warehouse holds for source from its base (a loaded snapshot)."""
    try:
        return db.first(
            con.execute(
                "with f as (select fetch_id from raw.fetches where source = $1 and fetch_id in "
                "(select fetch_id from base.fetches)) "
                "select (select count(*) from f), "
                "(select count(*) from std.scores where fetch_id in (select fetch_id from f)) + "
                "(select count(*) from std.model_claims where fetch_id in (select fetch_id from f))",
                [source],
            )
        )
    except duckdb.Error:  # a warehouse from before the base existed
        return 0, 0


def health(con: duckdb.DuckDBPyConnection, now: dt.datetime | None = None) -> pl.DataFrame:
    now = now or dt.datetime.now(dt.UTC).replace(tzinfo=None)
    rows = []
    staging = dict(
        con.execute(
            "select table_name, estimated_size from duckdb_tables() where schema_name = 'staging'"
        ).fetchall()
    )
    described = base.describe(con)
    snapshot = described["snapshot"] if described else None
    for name in scrapers.registered():
        module = scrapers.load(name)
        n_rows = 0
        for table in module.TABLES:
            if table in staging:
                n_rows += con.execute(f"select count(*) from staging.{table}").fetchall()[0][0]
        files, newest_data, last_file = db.first(
            con.execute(
                "select count(*), max(snapshot_date), max(fetched_at) from raw.fetches where source = ?",
                [name],
            )
        )
        last_ok, last_attempt, last_status, last_error = db.first(
            con.execute(
                """select max(finished_at) filter (where status = 'ok'),
                      max(finished_at),
                      arg_max(status, finished_at),
                      arg_max(error, finished_at)
               from raw.fetch_log where source = ?""",
                [name],
            )
        )
        load_error = db.first(
            con.execute(
                "select message from raw.load_errors where source = ? order by is_new desc, logged_at desc limit 1",
                [name],
            )
        )
        regimes = con.execute(
            "select count(*) from core.regimes r where exists (select 1 from core.scores s "
            "where s.source = ? and (s.benchmark_id = r.benchmark_id or (r.benchmark_id like '%*' "
            "and s.benchmark_id like replace(r.benchmark_id, '*', '%'))))",
            [name],
        ).fetchall()[0][0]
        # files and rows the warehouse holds from a loaded snapshot (its base), not from data/raw
        base_files, base_rows = _from_base(con, name)
        n_rows += base_rows
        age_days = (now - last_ok).days if last_ok else None
        stale = last_status == "failed" or (age_days is not None and age_days > STALE_AFTER_DAYS)
        if last_status == "failed":
            status = "failed"
        elif last_ok:
            status = "ok"
        elif base_files:
            status = f"from snapshot {snapshot}" if snapshot else "from snapshot"
        else:
            status = "never fetched"
        rows.append(
            {
                "source": name,
                "status": status,
                "stale": stale,
                "last_success_at": last_ok,
                "success_age_days": age_days,
                "last_attempt_at": last_attempt,
                "files": files,
                "snapshot_files": base_files,
                "rows": n_rows,
                "newest_snapshot_date": newest_data,
                "last_file_at": last_file,
                "last_error": last_error
                if last_status == "failed"
                else (load_error[0] if load_error else None),
                "regimes": regimes,
            }
        )
    return pl.DataFrame(rows, infer_schema_length=None)
