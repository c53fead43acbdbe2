"""Sanity checks (owid/etl's sanity_check_* habit).

`check_files` runs per raw file after std is built: each file is compared with the previous
accepted file of its family (the same upstream file at an earlier date). A file whose rows fell by
more than half, whose benchmarks vanished, whose scores leave their benchmark's scale or whose
dates lie in the future is rejected: its rows leave staging and std, the source is reported failed
with the reason, and the warehouse keeps what the earlier files gave. Rejection is deterministic,
so an offline rebuild rejects the same files. A person can accept a real upstream change by adding
the file's sha256 to warehouse/overrides/accepted_changes.csv with a reason.

`check_inputs`/`check_outputs` guard the core build; a failure there abandons the build and the
previous warehouse stays in place.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import duckdb

from scrapers._types import OpengapError

ROW_DROP_LIMIT = 0.5


@dataclass
class Rejection:
    fetch_id: str
    source: str
    path: str
    message: str


_DATE_IN_NAME = re.compile(r"(?<![0-9])(19|20)[0-9]{2}[-_.]?[0-9]{2}[-_.]?[0-9]{2}(?![0-9])")


def family_of(source: str, filename: str | None, url: str, upstream_key: str | None) -> str:
    """Files of one family are versions of one upstream file: compared with each other over time.

    The identity is the file's path where the upstream key gives one (GitHub history keys
    `owner/repo@sha:path`; per-item keys `path@version`, whose names are kept whole: a date in
    `claude-3-5-sonnet-20240620` is part of the model's identity). Otherwise it is the file name with
    dates masked, so dated series (`leaderboard_table_20240527.csv`, `table_2024_06_24.csv`) form one
    family.
    """
    if upstream_key and "@" in upstream_key:
        head, _, tail = upstream_key.partition("@")
        if ":" in tail and "/" in head:  # GitHub history: owner/repo@sha:path
            return f"{source}/{tail.split(':', 1)[1]}"
        if "/" in head and ":" not in head:  # per-item: path@version; a date here is identity
            return f"{source}/{head}"  # (claude-3-5-sonnet-20240620 is not a version of -20241022)
    name = filename or url.rsplit("/", 1)[-1]
    return f"{source}/{_DATE_IN_NAME.sub('<date>', name)}"


def check_files(
    con: duckdb.DuckDBPyConnection,
    skip: set[str],
    accepted: set[str],
    retired: dict[tuple[str, str], dt.date] | None = None,
    today: dt.date | None = None,
) -> list[Rejection]:
    today = today or dt.datetime.now(dt.UTC).date()
    retired = retired or {}
    stats = con.execute(
        """
        with s as (
            select fetch_id, count(*) as n, list(distinct benchmark_id order by benchmark_id) as benches,
                   max(snapshot_date) as max_snapshot, max(evaluated_on) as max_evaluated
            from std.scores group by fetch_id
        ),
        c as (
            select fetch_id, count(*) as n,
                   count(*) filter (where params_b < 0) as n_negative_params,
                   max(greatest(release_date, announce_date, weights_date)) as max_claim_date,
                   arg_max(source_model_name, greatest(release_date, announce_date, weights_date))
                       as future_example
            from std.model_claims group by fetch_id
        ),
        oob as (
            select s.fetch_id, count(*) as n_out,
                   arg_min(s.source_model_name || ' = ' || s.score::varchar || ' on ' || s.benchmark_id
                           || ' (scale ' || coalesce(b.scale_min::varchar, '-inf') || '..'
                           || coalesce(b.scale_max::varchar, 'inf') || ')', s.source_model_name) as example
            from std.scores s
            join (select benchmark_id, min(scale_min) as scale_min, max(scale_max) as scale_max,
                         any_value(unit) as unit
                  from std.benchmarks group by 1) b using (benchmark_id)
            where isnan(s.score) or isinf(s.score)
               or (b.scale_min is not null and s.score < b.scale_min - 1e-9)
               or (b.scale_max is not null and s.score > b.scale_max + 1e-9)
               -- ratings have no scale, but no Arena/Elo rating has ever left 100..4000
               or (b.unit = 'elo' and (s.score < 100 or s.score > 4000))
            group by s.fetch_id
        )
        select f.fetch_id, f.source, f.path, f.filename, f.url, f.upstream_key, f.sha256,
               f.snapshot_date, f.fetched_at,
               coalesce(nullif(s.n, 0), c.n, 0) as n_rows, coalesce(s.benches, []) as benches,
               s.max_evaluated, coalesce(oob.n_out, 0) as n_out, oob.example,
               coalesce(c.n_negative_params, 0) as n_negative_params, c.max_claim_date,
               c.future_example
        from raw.fetches f
        left join s using (fetch_id)
        left join c using (fetch_id)
        left join oob using (fetch_id)
        order by f.source, f.snapshot_date nulls first, f.fetched_at
        """
    ).fetchall()
    rejections: list[Rejection] = []
    baseline: dict[str, tuple[int, set[str]]] = {}
    horizon = today + dt.timedelta(days=1)
    for (
        fetch_id,
        source,
        path,
        filename,
        url,
        upstream_key,
        sha256,
        snapshot_date,
        _fetched_at,
        n_rows,
        benches,
        max_evaluated,
        n_out,
        example,
        n_negative_params,
        max_claim_date,
        future_example,
    ) in stats:
        if fetch_id in skip:
            continue
        where = f"data/raw/{path}"
        reason = None
        if n_out:
            reason = f"{n_out} score(s) outside their benchmark's scale, e.g. {example}"
        elif snapshot_date and snapshot_date > horizon:
            reason = f"snapshot date {snapshot_date} is in the future"
        elif max_evaluated and max_evaluated > horizon:
            reason = f"run dates up to {max_evaluated} are in the future"
        elif max_claim_date and max_claim_date > horizon:
            reason = f"model dates up to {max_claim_date} are in the future (e.g. {future_example})"
        elif n_negative_params:
            reason = f"{n_negative_params} model(s) with a negative parameter count"
        fam = family_of(source, filename, url, upstream_key)
        prev = baseline.get(fam)
        if reason is None and prev and sha256 not in accepted:
            prev_rows, prev_benches = prev
            if n_rows < prev_rows * ROW_DROP_LIMIT:
                reason = (
                    f"row count fell from {prev_rows} to {n_rows} (more than half) since the previous "
                    "version"
                )
            else:
                vanished = sorted(
                    b
                    for b in prev_benches - set(benches)
                    if not (
                        (source, b) in retired
                        and snapshot_date is not None
                        and snapshot_date >= retired[(source, b)]
                    )
                )
                if vanished:
                    reason = (
                        f"benchmark(s) vanished since the previous version: {', '.join(vanished)}"
                    )
        if reason:
            rejections.append(
                Rejection(
                    fetch_id,
                    source,
                    path,
                    f"{source}: {where}: check failed: {reason}. Kept the earlier data; if the change "
                    "is real, add the file's sha256 to warehouse/overrides/accepted_changes.csv",
                )
            )
            continue
        if n_rows:
            baseline[fam] = (n_rows, set(benches))
    return rejections


def drop_rejected(con: duckdb.DuckDBPyConnection, fetch_ids: list[str]) -> None:
    if not fetch_ids:
        return
    tables = con.execute(
        "select table_schema || '.' || table_name from information_schema.columns "
        "where table_schema in ('staging', 'std') and column_name = 'fetch_id'"
    ).fetchall()
    for (table,) in tables:
        con.execute(f"delete from {table} where fetch_id in (select unnest(?))", [fetch_ids])


def _fail_if_rows(con: duckdb.DuckDBPyConnection, sql: str, what: str, limit: int = 5) -> None:
    rows = con.execute(sql).fetchall()[:limit]
    if rows:
        shown = "; ".join(", ".join(str(v) for v in r) for r in rows)
        raise OpengapError(f"check failed: {what}: {shown}")


def check_inputs(con: duckdb.DuckDBPyConnection) -> None:
    _fail_if_rows(
        con,
        "select distinct s.source, s.benchmark_id from std.scores s "
        "anti join std.benchmarks b using (benchmark_id)",
        "std.scores rows whose benchmark no source declares (declare it in the source's std SQL)",
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
