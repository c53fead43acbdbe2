"""Sanity checks run before and after the core build (owid/etl's sanity_check_* habit).

A failed check raises OpengapError naming the table and the offending keys; the build is then
abandoned and the previous warehouse stays in place.
"""

from __future__ import annotations

import duckdb

from scrapers._types import OpengapError


def _fail_if_rows(con: duckdb.DuckDBPyConnection, sql: str, what: str, limit: int = 5) -> None:
    rows = con.execute(sql).fetchmany(limit)
    if rows:
        shown = "; ".join(", ".join(str(v) for v in r) for r in rows)
        raise OpengapError(f"check failed: {what}: {shown}")


def check_inputs(con: duckdb.DuckDBPyConnection) -> None:
    _fail_if_rows(
        con,
        "select distinct s.benchmark_id from std.scores s "
        "anti join std.benchmarks b using (benchmark_id)",
        "std.scores rows whose benchmark no source declares (add it to the source's std SQL)",
    )
    _fail_if_rows(
        con,
        """select s.source, s.benchmark_id, s.source_model_name, s.score
           from std.scores s join std.benchmarks b using (benchmark_id)
           where (b.scale_min is not null and s.score < b.scale_min - 1e-9)
              or (b.scale_max is not null and s.score > b.scale_max + 1e-9)""",
        "scores outside their benchmark's scale (source, benchmark, model, score)",
    )


def check_outputs(con: duckdb.DuckDBPyConnection) -> None:
    _fail_if_rows(
        con,
        """select model_id, benchmark_id, snapshot_date, source, setting, style_control, count(*)
           from core.scores
           group by all having count(*) > 1""",
        "duplicate core.scores keys (model, benchmark, snapshot, source, setting, style)",
    )
    _fail_if_rows(
        con,
        "select model_id from core.models group by model_id having count(*) > 1",
        "duplicate core.models.model_id",
    )
    _fail_if_rows(
        con,
        "select source, source_model_name, model_key from core.model_aliases "
        "group by all having count(distinct model_id) > 1",
        "one published name resolves to two models",
    )
