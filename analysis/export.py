"""Publish and load snapshots: every core and analysis table as CSV and Parquet, described.

`data/snapshots/<YYYY-MM-DD>/` holds, per table, `<name>.csv` (gzip-compressed as `.csv.gz` when
large) and `<name>.parquet`; `datapackage.json` (Frictionless Data Package: every field's type, unit,
description, and each table's keys); `README.md` (the data card, also the Hugging Face dataset
card); `manifest.json` (per file its sha256, size, rows; per table its columns; the fetch_ids the
snapshot was built from); and `CHECKSUMS` (sha256sum format, every other file). Provenance columns
that `fetches` already holds (`source_url`, `sha256`, `fetched_at`) are left out of tables that
carry `fetch_id`, and restored on load. `data/snapshots/latest` names the newest folder (a text
file, not a symlink, so it works on Windows). Loading a snapshot rebuilds a warehouse that answers
the same queries with the same results.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import json
import os
import re
import shutil
from pathlib import Path

import duckdb

from analysis import build as analysis_build
from analysis import datapackage, schema_docs
from analysis.datapackage import Published
from scrapers._types import OpengapError
from warehouse import base, db, lock
from warehouse.safe_text import csv_cell_undo_sql, csv_column_sql

FORMAT_VERSION = 3  # 3: the std layer ships too (a loaded warehouse can be rebuilt and added to)
EXPORTED_SCHEMAS = ("core", "analysis")
# Tables listed first, in this order; the rest of core and analysis follow alphabetically.
FIRST = ("raw.fetches", "core.benchmarks", "core.models", "core.model_aliases", "core.scores")
# Provenance columns restorable from raw.fetches by fetch_id: column -> raw.fetches column.
PROVENANCE = {"source_url": "url", "sha256": "sha256", "fetched_at": "fetched_at"}
GZIP_ABOVE = 256 * 1024  # bytes: larger CSVs are published as .csv.gz
CSV_TIMESTAMP = "%Y-%m-%dT%H:%M:%S.%fZ"
VIEWS_DIR = Path(__file__).parent / "sql" / "views"  # views over analysis tables live with them
LATEST = "latest"
_DATE_DIR = re.compile(r"\d{4}-\d{2}-\d{2}")


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def _is_nested(duck_type: str) -> bool:
    t = duck_type.upper()
    return t.endswith("]") or t.startswith(("STRUCT", "MAP", "LIST", "UNION"))


# -- what gets published ------------------------------------------------------------------------


# Tables rebuilt on load by their own SQL file from tables that are published: shipping them
# would double the snapshot's size for no information (load runs the SQL; see `load`).
DERIVED = {
    "analysis.lag_observations": Path(__file__).parent / "sql" / "lag_observations.sql",
    "analysis.headline_benchmarks": Path(__file__).parent / "sql" / "headline_benchmarks.sql",
    "core.model_release_dates_by_rule": db.SQL_DIR / "core" / "model_release_dates_by_rule.sql",
}


def discover(con: duckdb.DuckDBPyConnection) -> list[Published]:
    """raw.fetches plus every base table in core and analysis, whatever exists right now."""
    found = [
        f"{s}.{t}"
        for s, t in con.execute(
            "select table_schema, table_name from information_schema.tables "
            f"where table_schema in ({', '.join('?' * len(EXPORTED_SCHEMAS))}) "
            "and table_type = 'BASE TABLE'",
            list(EXPORTED_SCHEMAS),
        ).fetchall()
    ]
    found = [t for t in found if t not in DERIVED]
    tables = [t for t in FIRST if t == "raw.fetches" or t in found]
    tables += sorted(t for t in found if t not in FIRST)
    stems = [t.split(".")[1] for t in tables]
    published = []
    for table in tables:
        schema, stem = table.split(".")
        name = stem if stems.count(stem) == 1 else f"{schema}_{stem}"
        columns = db.table_columns(con, schema, stem)
        published.append(Published(table=table, name=name, columns=columns, kept=list(columns)))
    return published


def _plan(con: duckdb.DuckDBPyConnection, published: list[Published]) -> list[str]:
    """Decide dropped columns, keys (checked against the data) and JSON kinds. Returns warnings."""
    warnings = []
    by_table = {p.table: p for p in published}
    for pub in published:
        cols = pub.columns
        # Process: provenance restorable from fetches, only where it matches fetches exactly
        droppable = [c for c in PROVENANCE if c in cols]
        if pub.table != "raw.fetches" and "fetch_id" in cols and droppable:
            differs = " or ".join(f"t.{c} is distinct from f.{PROVENANCE[c]}" for c in droppable)
            n = con.execute(
                f"select count(*) from {pub.table} t left join raw.fetches f "
                f"on t.fetch_id = f.fetch_id where {differs}"
            ).fetchall()[0][0]
            if n == 0:
                pub.kept = [c for c in cols if c not in droppable]
        pub.rows = con.execute(f"select count(*) from {pub.table}").fetchall()[0][0]
        for c, t in cols.items():
            if t.upper() == "JSON":
                is_obj, is_arr = db.first(
                    con.execute(
                        f"select coalesce(bool_and(json_type({c}) = 'OBJECT'), true), "
                        f"coalesce(bool_and(json_type({c}) = 'ARRAY'), false) from {pub.table}"
                    )
                )
                pub.json_kinds[c] = "object" if is_obj else "array" if is_arr else "string"

        # Process: keys, declared then implied, each kept only if the data bear it out
        keys = schema_docs.KEYS.get(pub.table, {})
        pk = keys.get("primary_key", [])
        if pk and all(c in pub.kept for c in pk):
            # as a CSV reader sees it: empty string and null are one value
            cells = ", ".join(f"coalesce({c}::varchar, '')" for c in pk)
            dups = con.execute(
                f"select count(*) from (select {cells} from {pub.table} group by all "
                "having count(*) > 1)"
            ).fetchall()[0][0]
            if dups:
                warnings.append(
                    f"{pub.table}: primary key ({', '.join(pk)}) has {dups} duplicate value(s); "
                    "left out of datapackage.json."
                )
            else:
                pub.primary_key = pk
        elif pk:
            warnings.append(f"{pub.table}: primary key ({', '.join(pk)}) names missing columns.")
        candidates = [(fk, True) for fk in keys.get("foreign_keys", [])]
        declared_cols = {tuple(fk[0]) for fk, _ in candidates}
        for column, (ref_table, ref_col) in schema_docs.IMPLIED_FOREIGN_KEYS.items():
            if column in pub.kept and ref_table != pub.table and (column,) not in declared_cols:
                candidates.append((([column], ref_table, [ref_col]), False))
        for (fk_cols, ref_table, ref_cols), declared in candidates:
            if ref_table not in by_table or not all(c in pub.kept for c in fk_cols):
                if declared:
                    warnings.append(f"{pub.table}: foreign key {fk_cols} -> {ref_table} unusable.")
                continue
            on = " and ".join(f"t.{a} = r.{b}" for a, b in zip(fk_cols, ref_cols, strict=True))
            not_null = " and ".join(f"t.{a} is not null" for a in fk_cols)
            orphans = con.execute(
                f"select count(*) from {pub.table} t anti join {ref_table} r on {on} "
                f"where {not_null}"
            ).fetchall()[0][0]
            if orphans == 0:
                pub.foreign_keys.append((fk_cols, ref_table, ref_cols))
            elif declared:
                warnings.append(
                    f"{pub.table}: {orphans} row(s) with {', '.join(fk_cols)} not in {ref_table}; "
                    "foreign key left out of datapackage.json."
                )
    return warnings


def std_layer(con: duckdb.DuckDBPyConnection) -> list[Published]:
    """The std layer, shipped so that a warehouse loaded from the snapshot can be rebuilt and added
    to (`warehouse/base.py`): every score and claim in one shape, matched or not, with its fetch.
    Parquet only (it is for opengap to load, not the tables analysts read)."""
    have = {
        t
        for (t,) in con.execute(
            "select table_name from duckdb_tables() where schema_name = 'std'"
        ).fetchall()
    }
    layer = []
    for table in (t for t in base.TABLES.values() if t.startswith("std.")):
        stem = table.split(".")[1]
        if stem in have:
            columns = db.table_columns(con, "std", stem)
            layer.append(
                Published(table=table, name=f"std_{stem}", columns=columns, kept=list(columns))
            )
    return layer


def _write_parquet(con: duckdb.DuckDBPyConnection, pub: Published, folder: Path) -> None:
    path = folder / f"{pub.name}.parquet"
    con.execute(
        f"copy (select {', '.join(pub.kept)} from {pub.table} order by all) to '{path}' "
        "(format parquet, compression zstd, compression_level 19)"
    )
    pub.files["parquet"] = path.name


def _write_table(con: duckdb.DuckDBPyConnection, pub: Published, folder: Path) -> None:
    # text cells that a spreadsheet would run as a formula get a leading quote (OWASP); load()
    # takes it off again
    select_csv = ", ".join(
        f"to_json({c}) as {c}" if _is_nested(pub.columns[c]) else csv_column_sql(c, pub.columns[c])
        for c in pub.kept
    )
    query = f"select {{cols}} from {pub.table} order by all"
    csv_path = folder / f"{pub.name}.csv"
    con.execute(
        f"copy ({query.format(cols=select_csv)}) to '{csv_path}' "
        f"(header, delimiter ',', quote '\"', timestampformat '{CSV_TIMESTAMP}')"
    )
    if csv_path.stat().st_size > GZIP_ABOVE:
        gz_path = csv_path.with_name(csv_path.name + ".gz")
        # mtime=0 and no name in the header: the same CSV always gives the same bytes
        with (
            open(csv_path, "rb") as src,
            open(gz_path, "wb") as raw,
            gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=9) as gz,
        ):
            shutil.copyfileobj(src, gz)
        csv_path.unlink()
        csv_path = gz_path
    pub.files["csv"] = csv_path.name
    _write_parquet(con, pub, folder)


def _source_stats(con: duckdb.DuckDBPyConnection) -> dict[str, dict]:
    stats = {
        src: {
            "files": n,
            "newest_snapshot": newest,
            "last_fetched": (last or "")[:19].replace(" ", "T") + "Z" if last else None,
            "scores": 0,
        }
        for src, n, newest, last in con.execute(
            "select source, count(*), max(snapshot_date)::varchar, max(fetched_at)::varchar "
            "from raw.fetches group by source order by source"
        ).fetchall()
    }
    if con.execute(
        "select count(*) from information_schema.tables where table_schema = 'core' "
        "and table_name = 'scores'"
    ).fetchall()[0][0]:
        for src, n, newest in con.execute(
            "select source, count(*), max(snapshot_date)::varchar from core.scores group by source"
        ).fetchall():
            stats.setdefault(src, {"files": 0, "last_fetched": None})
            stats[src]["scores"] = n
            stats[src]["newest_snapshot"] = max(
                filter(None, [stats[src].get("newest_snapshot"), newest]), default=None
            )
    return stats


# -- export -------------------------------------------------------------------------------------


def _fit_budget(published: list[Published], folder: Path, max_bytes: int) -> None:
    """Keep a committed snapshot small: drop the Parquet twins of the largest tables until the data
    files fit in max_bytes. CSV stays for every table (it is the format opengap publishes first);
    `opengap export` without a budget writes both formats for every table."""

    def total() -> int:
        return sum(f.stat().st_size for f in folder.iterdir() if f.is_file())

    by_size = sorted(
        (p for p in published if "parquet" in p.files),
        key=lambda p: (folder / p.files["parquet"]).stat().st_size,
        reverse=True,
    )
    for pub in by_size:
        if total() <= max_bytes:
            break
        (folder / pub.files.pop("parquet")).unlink()


def export(db_path: Path, out: Path, overwrite: bool = False, max_bytes: int | None = None) -> dict:
    """Write the snapshot folder `out`. Refuses to replace an existing snapshot unless told.

    Returns the manifest, plus `undocumented` (columns with no description) and `warnings`."""
    out = Path(out)
    if out.exists() and (not out.is_dir() or any(out.iterdir())) and not overwrite:
        raise OpengapError(f"{out} already exists. Pass --overwrite to replace it.")
    tmp = out.parent / f".{out.name}.partial"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    created_at = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    name = out.name
    con = db.connect(db_path, read_only=True)
    try:
        # Load inputs
        published = discover(con)
        warnings = _plan(con, published)

        layer = std_layer(con)
        warnings += _plan(con, layer)

        # Process
        for pub in published:
            _write_table(con, pub, tmp)
        for pub in layer:
            _write_parquet(con, pub, tmp)
        if max_bytes:
            _fit_budget(published, tmp, max_bytes)
        fetch_ids = [
            r[0] for r in con.execute("select fetch_id from raw.fetches order by 1").fetchall()
        ]
        from analysis.report.html import data_as_of

        as_of = None
        if any(p.table == "core.scores" for p in published):
            # the findings' date, not the newest file date (some sources date files by fetch day)
            as_of = data_as_of(con)
        stats = _source_stats(con)
        sources = [datapackage.source_info(s) for s in sorted(stats)]
        dp, undocumented = datapackage.descriptor(
            con, published, name=name, created_at=created_at, data_as_of=as_of, sources=sources
        )
        card = datapackage.data_card(
            con,
            published,
            name=name,
            created_at=created_at,
            data_as_of=as_of,
            sources=sources,
            source_stats=stats,
        )
    except BaseException:
        con.close()
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    con.close()

    # Save outputs
    (tmp / "datapackage.json").write_text(json.dumps(dp, indent=2) + "\n", encoding="utf-8")
    (tmp / "README.md").write_text(card, encoding="utf-8")
    files = {}
    for pub in published + layer:
        for fmt, filename in pub.files.items():
            files[filename] = {"table": pub.table, "format": fmt, "rows": pub.rows}
    for extra in ("datapackage.json", "README.md"):
        files[extra] = {}
    for filename, meta in files.items():
        meta["sha256"] = _sha256(tmp / filename)
        meta["bytes"] = (tmp / filename).stat().st_size
    manifest = {
        "format_version": FORMAT_VERSION,
        "name": name,
        "created_at": created_at,
        "data_as_of": as_of,
        "tables": {
            p.name: {
                "table": p.table,
                "rows": p.rows,
                # pairs, not an object: sort_keys would reorder an object's columns
                "columns": [[c, t] for c, t in p.columns.items()],
                "kept": p.kept,
                "files": p.files,
            }
            for p in published + layer
        },
        "files": files,
        "sources": stats,
        "fetch_ids": fetch_ids,
    }
    (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    write_checksums(tmp)
    if out.exists():
        shutil.rmtree(out) if out.is_dir() else out.unlink()
    os.replace(tmp, out)
    _update_latest(out)
    manifest["undocumented"] = undocumented
    manifest["warnings"] = warnings
    return manifest


def write_checksums(folder: Path) -> None:
    lines = [
        f"{_sha256(p)}  {p.name}\n"
        for p in sorted(folder.iterdir())
        if p.is_file() and p.name != "CHECKSUMS"
    ]
    (folder / "CHECKSUMS").write_text("".join(lines), encoding="utf-8")


def verify_checksums(folder: Path) -> dict[str, str]:
    """Check every file CHECKSUMS lists that is present; return {file: sha256}. Raises on a mismatch."""
    path = folder / "CHECKSUMS"
    if not path.is_file():
        raise OpengapError(f"{folder}: no CHECKSUMS here; not an opengap snapshot (or truncated).")
    listed = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            sha, _, filename = line.partition("  ")
            listed[filename.lstrip("*")] = sha
    for filename, sha in listed.items():
        f = folder / filename
        if f.is_file():
            got = _sha256(f)
            if got != sha:
                raise OpengapError(
                    f"{f}: expected sha256 {sha[:12]}…, got {got[:12]}…. File edited or truncated?"
                )
    return listed


def _update_latest(out: Path) -> None:
    """Point `latest` at out when it is a dated folder at least as new as the current pointer."""
    if not _DATE_DIR.fullmatch(out.name):
        return
    pointer = out.parent / LATEST
    current = pointer.read_text(encoding="utf-8").strip() if pointer.is_file() else ""
    if not current or out.name >= current or not (out.parent / current).is_dir():
        pointer.write_text(out.name + "\n", encoding="utf-8")


def newest_snapshot(snapshots_dir: Path) -> Path | None:
    """The folder `latest` names, else the newest folder with a manifest.json."""
    if not snapshots_dir.is_dir():
        return None
    pointer = snapshots_dir / LATEST
    if pointer.is_file():
        named = snapshots_dir / pointer.read_text(encoding="utf-8").strip()
        if (named / "manifest.json").is_file():
            return named
    dated = sorted(
        p for p in snapshots_dir.iterdir() if p.is_dir() and (p / "manifest.json").is_file()
    )
    return dated[-1] if dated else None


# -- load ---------------------------------------------------------------------------------------


# A snapshot is untrusted input (it may come from anyone's Hub repo): nothing in manifest.json is
# ever pasted into SQL. Tables are the ones this opengap knows, identifiers and types must match
# strict patterns and are quoted, files are plain names inside the snapshot folder, passed as bound
# parameters. CHECKSUMS only prove the files are the ones the snapshot lists, not what they intend.
_IDENT = re.compile(r"[a-z_][a-z0-9_]{0,62}")
_TYPE = re.compile(
    r"(VARCHAR|BIGINT|INTEGER|SMALLINT|TINYINT|HUGEINT|DOUBLE|FLOAT|BOOLEAN|DATE|TIMESTAMP|JSON"
    r"|TIMESTAMP WITH TIME ZONE|DECIMAL\(\d{1,2}, ?\d{1,2}\))(\[\])?"
)
_FILE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,120}")


def known_tables() -> set[str]:
    """Tables a snapshot may load: every table this opengap documents, and the std layer."""
    return set(schema_docs.TABLES) | {t for t in base.TABLES.values() if t.startswith("std.")}


def _q(name: str) -> str:
    return '"' + name + '"'


def _checked_table(folder: Path, name: str, meta: object) -> tuple[str, dict, list, dict] | str:
    """(table, columns, kept, files) of a manifest entry, or the reason it is refused."""
    if not isinstance(meta, dict):
        return f"table entry {name!r:.60} is not an object"
    table = meta.get("table")
    if not isinstance(table, str) or table not in known_tables():
        return f"table {str(table)!r:.60} is not one this opengap knows"
    pairs, kept, files = meta.get("columns"), meta.get("kept"), meta.get("files")
    if not isinstance(pairs, list) or not isinstance(kept, list) or not isinstance(files, dict):
        return f"{table}: columns, kept and files must be a list, a list and an object"
    cols: dict[str, str] = {}
    for pair in pairs:
        if (
            not isinstance(pair, list)
            or len(pair) != 2
            or not all(isinstance(x, str) for x in pair)
            or not _IDENT.fullmatch(pair[0])
            or not _TYPE.fullmatch(pair[1].upper())
        ):
            return (
                f"{table}: column entry {str(pair)!r:.80} is not a (name, type) this opengap writes"
            )
        cols[pair[0]] = pair[1].upper()
    if not kept or not all(isinstance(c, str) and c in cols for c in kept):
        return f"{table}: kept columns must be among its columns"
    if any(c not in kept and c not in PROVENANCE for c in cols):
        return f"{table}: a column left out of the files must be restorable provenance"
    for fmt, fname in files.items():
        if (
            fmt not in ("csv", "parquet")
            or not isinstance(fname, str)
            or not _FILE.fullmatch(fname)
        ):
            return f"{table}: file {str(fname)!r:.80} is not a plain file name in the snapshot"
        if (folder / fname).resolve().parent != folder.resolve():
            return f"{table}: file {fname!r} lies outside the snapshot"
    return table, cols, kept, files


def _read_relation(
    con: duckdb.DuckDBPyConnection, folder: Path, table: str, cols: dict, kept: list, files: dict
):
    """A relation over the table's Parquet file when present, else its CSV, typed as exported."""
    parquet, csv = files.get("parquet"), files.get("csv")
    if parquet and (folder / parquet).is_file():
        rel = con.sql("select * from read_parquet($path)", params={"path": str(folder / parquet)})
        have = set(rel.columns)
        if not all(c in have for c in kept):
            raise OpengapError(f"{folder / parquet}: expected columns {kept}, found {rel.columns}")
        casts = ", ".join(f"cast({_q(c)} as {cols[c]}) as {_q(c)}" for c in kept)
        return rel.select(casts)
    if not csv or not (folder / csv).is_file():
        raise OpengapError(
            f"{folder}: table {table} has neither {parquet} nor {csv}. Snapshot incomplete?"
        )
    read_types = {c: "VARCHAR" if _is_nested(cols[c]) else cols[c] for c in kept}
    rel = con.sql(
        "select * from read_csv($path, header = true, columns = $cols, delim = ',', quote = '\"', "
        "escape = '\"', allow_quoted_nulls = false, timestampformat = $fmt, auto_detect = false)",
        params={"path": str(folder / csv), "cols": read_types, "fmt": CSV_TIMESTAMP},
    )
    if list(rel.columns) != kept:
        raise OpengapError(f"{folder / csv}: expected columns {kept}, found {rel.columns}")
    casts = ", ".join(
        f"cast(cast({_q(c)} as json) as {cols[c]}) as {_q(c)}"
        if _is_nested(cols[c])
        else f"{csv_cell_undo_sql(_q(c))} as {_q(c)}"
        if cols[c] == "VARCHAR"
        else _q(c)
        for c in kept
    )
    return rel.select(casts)


def load(snapshot: Path, db_path: Path, wait: float = 0.0) -> dict:
    """Build a warehouse at db_path from a snapshot folder, under the warehouse's lock (a refresh
    running beside it neither overwrites it nor is overwritten)."""
    with lock.exclusive(Path(db_path), wait_seconds=wait):
        return _load(snapshot, db_path)


def _load(snapshot: Path, db_path: Path) -> dict:
    """Build a warehouse at db_path from a snapshot folder, verifying every file's checksum.

    The snapshot's std layer (when it has one) becomes the warehouse's base: later refreshes and
    ingests add to it rather than replace it. Returns the manifest, with `skipped` (tables refused)."""
    snapshot = Path(snapshot)
    manifest_path = snapshot / "manifest.json"
    if not manifest_path.is_file():
        raise OpengapError(f"{snapshot}: no manifest.json here; not an opengap snapshot.")
    verify_checksums(snapshot)
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise OpengapError(f"{manifest_path}: not valid JSON ({exc}).") from None
    if not isinstance(manifest, dict) or manifest.get("format_version") != FORMAT_VERSION:
        found = manifest.get("format_version") if isinstance(manifest, dict) else None
        raise OpengapError(
            f"{manifest_path}: format_version {found!r:.20}, expected {FORMAT_VERSION}. Export it "
            "again with this opengap, or use the opengap that wrote it."
        )
    files_meta = manifest.get("files") if isinstance(manifest.get("files"), dict) else {}
    for filename, meta in files_meta.items():
        if not isinstance(filename, str) or not _FILE.fullmatch(filename):
            continue
        path = snapshot / filename
        if path.is_file() and (not isinstance(meta, dict) or _sha256(path) != meta.get("sha256")):
            raise OpengapError(
                f"{path}: its sha256 does not match the manifest. File edited or truncated?"
            )
    entries = manifest.get("tables") if isinstance(manifest.get("tables"), dict) else {}
    checked, skipped = {}, []
    for name, meta in entries.items():
        got = _checked_table(snapshot, str(name), meta)
        if isinstance(got, str):
            skipped.append(got)
        elif got[0] in checked:
            skipped.append(f"{got[0]}: listed twice")
        else:
            checked[got[0]] = got[1:]
    if "raw.fetches" not in checked:
        raise OpengapError(f"{manifest_path}: no raw.fetches table; not an opengap snapshot.")
    db_path = Path(db_path)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = db_path.parent / f".{db_path.name}.loading-{os.getpid()}"
    tmp.unlink(missing_ok=True)
    con = duckdb.connect(str(tmp))
    try:
        db.create_schemas(con)
        # fetches first: the other tables' provenance is restored from it
        order = sorted(checked, key=lambda t: t != "raw.fetches")
        for table in order:
            cols, kept, files = checked[table]
            if table.startswith("std.") and not any(
                (snapshot / f).is_file() for f in files.values()
            ):
                skipped.append(f"{table}: its file is absent (the warehouse cannot be rebuilt)")
                continue
            _read_relation(con, snapshot, table, cols, kept, files).create_view(
                "_snapshot_rows", replace=True
            )
            schema, stem = table.split(".")
            target = f"{_q(schema)}.{_q(stem)}"
            if kept == list(cols):
                con.execute(f"create table {target} as select * from _snapshot_rows")
                continue
            exprs = ", ".join(
                f"t.{_q(c)}"
                if c in kept
                else f"cast(f.{_q(PROVENANCE[c])} as {cols[c]}) as {_q(c)}"
                for c in cols
            )
            con.execute(
                f"create table {target} as select {exprs} from _snapshot_rows t "
                "left join raw.fetches f on t.fetch_id = f.fetch_id"
            )
        con.execute("drop view if exists _snapshot_rows")
        db.run_sql_dir(con, db.SQL_DIR / "raw")  # tables absent from snapshots (load_errors)
        db.run_sql_dir(con, db.SQL_DIR / "std" / "tables")  # empty when the snapshot has no std
        base.fill_from_std(
            con,
            {
                "name": snapshot.name,
                "data_as_of": manifest.get("data_as_of")
                if isinstance(manifest.get("data_as_of"), str)
                and _DATE_DIR.fullmatch(manifest["data_as_of"])
                else None,
                "format_version": FORMAT_VERSION,
            },
        )
        con.execute("create schema if not exists analysis")
        if not any(t.startswith("analysis.") for t in checked):
            analysis_build.build(con)
        else:
            for path in DERIVED.values():  # rebuilt from the published tables they derive from
                db.run_sql_file(con, path)
        views = create_views(con)
        con.execute("checkpoint")
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        raise
    con.close()
    os.replace(tmp, db_path)
    manifest["views"] = views
    manifest["skipped"] = skipped
    return manifest


# -- views for analysts -------------------------------------------------------------------------


def _requires(path: Path) -> list[str]:
    """Tables a view file names on its `-- requires: schema.table, …` line."""
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"--\s*requires:\s*(.+)", line.strip(), re.I)
        if m:
            return [t.strip() for t in m.group(1).split(",") if t.strip()]
    return []


def create_views(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """Create the stable views in analysis/sql/views/ (schema main: `select * from v_scores`).

    A view whose `-- requires:` tables do not exist yet is skipped; one whose SQL fails (say, a
    table it reads changed its columns) is reported, not raised, so one stale view never blocks a
    build or a load. Returns {"created": [...], "skipped": [...], "failed": ["name: error", ...]}."""
    existing = {
        f"{s}.{t}"
        for s, t in con.execute(
            "select table_schema, table_name from information_schema.tables"
        ).fetchall()
    }
    out: dict[str, list[str]] = {"created": [], "skipped": [], "failed": []}
    for path in sorted(VIEWS_DIR.glob("*.sql")):
        if not all(t in existing for t in _requires(path)):
            out["skipped"].append(path.stem)
            continue
        try:
            db.run_sql_file(con, path)
        except OpengapError as exc:
            out["failed"].append(str(exc))
            continue
        out["created"].append(path.stem)
        existing.add(f"main.{path.stem}")
    return out
