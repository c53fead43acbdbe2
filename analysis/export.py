"""Publish and load snapshots: opengap's normalised tables as CSV with a manifest.

`data/snapshots/<YYYY-MM-DD>/` holds one CSV per table, and `manifest.json` with, per file, its
sha256, row count and column types, plus the fetch_ids the snapshot was built from. Scores carry
`fetch_id` only; the URL, time and checksum of every raw file are in `fetches.csv` (normalised, so
the snapshot stays small). Loading a snapshot rebuilds a warehouse that answers the same queries.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
from pathlib import Path

import duckdb

from analysis import build as analysis_build
from scrapers._types import OpengapError
from warehouse import db

FORMAT_VERSION = 1
# (table in the warehouse, file in the snapshot, columns left out because fetches.csv has them)
TABLES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("raw.fetches", "fetches.csv", ()),
    ("core.benchmarks", "benchmarks.csv", ()),
    ("core.models", "models.csv", ()),
    ("core.model_aliases", "model_aliases.csv", ()),
    ("core.scores", "scores.csv", ("source_url", "sha256", "fetched_at")),
)


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def export(db_path: Path, out: Path, overwrite: bool = False) -> dict:
    """Write the snapshot folder `out`. Refuses to replace an existing snapshot unless told."""
    out = Path(out)
    if out.exists() and any(out.iterdir()):
        if not overwrite:
            raise OpengapError(f"{out} already exists. Pass --overwrite to replace it.")
        shutil.rmtree(out)
    tmp = out.parent / f".{out.name}.partial"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    con = db.connect(db_path, read_only=True)
    try:
        files = {}
        for table, filename, dropped in TABLES:
            schema, name = table.split(".")
            columns = db.table_columns(con, schema, name)
            kept = [c for c in columns if c not in dropped]
            order = "order by all"
            con.execute(
                f"copy (select {', '.join(kept)} from {table} {order}) to '{tmp / filename}' "
                "(header, delimiter ',', quote '\"')"
            )
            rows = con.execute(f"select count(*) from {table}").fetchone()[0]
            files[filename] = {
                "table": table,
                "rows": rows,
                "sha256": _sha256(tmp / filename),
                "columns": {c: columns[c] for c in kept},
                "restored_columns": list(columns),
            }
        fetch_ids = [
            r[0] for r in con.execute("select fetch_id from raw.fetches order by 1").fetchall()
        ]
        as_of = con.execute("select max(snapshot_date)::varchar from core.scores").fetchone()[0]
    finally:
        con.close()
    manifest = {
        "format_version": FORMAT_VERSION,
        "created_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "data_as_of": as_of,
        "files": files,
        "fetch_ids": fetch_ids,
    }
    (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    os.replace(tmp, out)
    return manifest


def newest_snapshot(snapshots_dir: Path) -> Path | None:
    if not snapshots_dir.is_dir():
        return None
    dated = sorted(p for p in snapshots_dir.iterdir() if (p / "manifest.json").is_file())
    return dated[-1] if dated else None


def load(snapshot: Path, db_path: Path) -> dict:
    """Build a warehouse at db_path from a snapshot folder, verifying every file's checksum."""
    snapshot = Path(snapshot)
    manifest_path = snapshot / "manifest.json"
    if not manifest_path.is_file():
        raise OpengapError(f"{snapshot}: no manifest.json here; not an opengap snapshot.")
    manifest = json.loads(manifest_path.read_text())
    tmp = db_path.parent / f".{db_path.name}.loading-{os.getpid()}"
    tmp.unlink(missing_ok=True)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(tmp))
    try:
        db.create_schemas(con)
        for filename, meta in manifest["files"].items():
            path = snapshot / filename
            if not path.is_file():
                raise OpengapError(f"{path}: listed in the manifest but missing.")
            got = _sha256(path)
            if got != meta["sha256"]:
                raise OpengapError(
                    f"{path}: expected sha256 {meta['sha256'][:12]}…, got {got[:12]}…. "
                    "File edited or truncated?"
                )
            types = ", ".join(f"'{c}': '{t}'" for c, t in meta["columns"].items())
            con.execute(
                f"create table {meta['table']}_loaded as select * from read_csv('{path}', "
                f"header = true, columns = {{{types}}}, quote = '\"', escape = '\"', auto_detect = false)"
            )
        # restore the normalised-away provenance columns in their original order
        for meta in manifest["files"].values():
            table = meta["table"]
            restored = meta["restored_columns"]
            if set(restored) == set(meta["columns"]):
                select = ", ".join(restored)
                con.execute(f"create table {table} as select {select} from {table}_loaded")
            else:
                exprs = []
                for c in restored:
                    if c in meta["columns"]:
                        exprs.append(f"t.{c}")
                    else:
                        src = {"source_url": "url"}.get(c, c)
                        exprs.append(f"f.{src} as {c}")
                con.execute(
                    f"create table {table} as select {', '.join(exprs)} from {table}_loaded t "
                    "left join raw.fetches_loaded f using (fetch_id)"
                )
        for meta in manifest["files"].values():
            con.execute(f"drop table {meta['table']}_loaded")
        db.run_sql_dir(con, db.SQL_DIR / "raw")  # tables absent from snapshots (load_errors)
        analysis_build.build(con)
        con.execute("checkpoint")
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        raise
    con.close()
    os.replace(tmp, db_path)
    return manifest
