"""Describe a snapshot: `datapackage.json` (Frictionless Data Package + Table Schema) and the
`README.md` data card, which is also the Hugging Face dataset card (YAML front matter with one
`configs` entry per table pointing at its Parquet file).

Reads the warehouse (column types, comments, key checks) and analysis/schema_docs.py; yields
dicts and text. Writing files is analysis/export.py's job.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import yaml

from analysis import schema_docs

PROFILE = "data-package"
TITLE = "opengap: how far open-weight LLMs trail proprietary ones"
HOMEPAGE = "https://github.com/opengap/opengap"
# Licence of opengap's own contribution (identity resolution, derived tables, documentation).
OWN_LICENSE = "CC-BY-4.0"


@dataclass
class Published:
    """One warehouse table as it appears in a snapshot."""

    table: str  # schema.name in the warehouse
    name: str  # resource name, file stem, Hugging Face config name
    columns: dict[str, str]  # every column in the warehouse, name -> DuckDB type
    kept: list[str]  # columns written to the files (provenance restorable from fetches is dropped)
    rows: int = 0
    files: dict[str, str] = field(default_factory=dict)  # format ('csv', 'parquet') -> file name
    primary_key: list[str] = field(default_factory=list)
    foreign_keys: list[tuple[list[str], str, list[str]]] = field(default_factory=list)
    json_kinds: dict[str, str] = field(default_factory=dict)  # JSON column -> object | array


def frictionless_type(duck_type: str, json_kind: str | None = None) -> str:
    t = duck_type.upper()
    if t.endswith("[]") or t.startswith(("LIST", "ARRAY")):
        return "array"
    if t.startswith(("STRUCT", "MAP")):
        return "object"
    if t == "JSON":
        return json_kind or "string"
    if t in {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT"}:
        return "integer"
    if t in {"UINTEGER", "UBIGINT", "UHUGEINT"}:
        return "integer"
    if t in {"DOUBLE", "FLOAT", "REAL"} or t.startswith("DECIMAL"):
        return "number"
    if t == "BOOLEAN":
        return "boolean"
    if t == "DATE":
        return "date"
    if t.startswith("TIMESTAMP"):
        return "datetime"
    if t == "TIME":
        return "time"
    return "string"


def field_descriptor(
    con: duckdb.DuckDBPyConnection, pub: Published, column: str
) -> tuple[dict, bool]:
    """(Table Schema field, whether it has a description)."""
    description = schema_docs.describe(con, pub.table, column)
    out = {
        "name": column,
        "type": frictionless_type(pub.columns[column], pub.json_kinds.get(column)),
        "description": description or "",
    }
    unit = schema_docs.unit(pub.table, column)
    if unit:
        out["unit"] = unit
    if pub.columns[column].upper() == "TIMESTAMP":
        out["description"] = (out["description"] + " ISO 8601, UTC.").strip()
    return out, bool(description)


def resource(
    con: duckdb.DuckDBPyConnection, pub: Published, by_table: dict[str, Published]
) -> tuple[dict, list[str]]:
    """The Data Package resource for pub's CSV (the Parquet twin is listed in `parquet`).

    Returns the resource and the columns that have no description."""
    fields, undocumented = [], []
    for column in pub.kept:
        f, ok = field_descriptor(con, pub, column)
        fields.append(f)
        if not ok:
            undocumented.append(f"{pub.table}.{column}")
    schema: dict = {"fields": fields, "missingValues": [""]}
    if pub.primary_key:
        schema["primaryKey"] = pub.primary_key
    fks = []
    for cols, ref_table, ref_cols in pub.foreign_keys:
        ref = by_table[ref_table]
        fks.append(
            {
                "fields": cols,
                "reference": {"resource": "" if ref is pub else ref.name, "fields": ref_cols},
            }
        )
    if fks:
        schema["foreignKeys"] = fks
    csv = pub.files["csv"]
    res = {
        "name": pub.name,
        "title": pub.table,
        "description": schema_docs.describe_table(con, pub.table) or "",
        "path": csv,
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "dialect": {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "header": True},
        "schema": schema,
        "rows": pub.rows,
    }
    if csv.endswith(".gz"):
        res["compression"] = "gz"
    if "parquet" in pub.files:
        res["parquet"] = pub.files["parquet"]
    dropped = [c for c in pub.columns if c not in pub.kept]
    if dropped:
        res["description"] += (
            f" Left out of the file because fetches has them (join on fetch_id): {', '.join(dropped)}."
        )
    return res, undocumented


def source_info(name: str) -> dict:
    """Homepage, attribution and licence of one upstream, from its scraper module and schema_docs."""
    info = {"source": name, "homepage": None, "attribution": name, "spdx": None, "terms": ""}
    try:
        mod = importlib.import_module(f"scrapers.{name}")
        info["homepage"] = getattr(mod, "HOMEPAGE", None)
        info["attribution"] = getattr(mod, "ATTRIBUTION", name)
        info["summary"] = (mod.__doc__ or "").strip().splitlines()[0] if mod.__doc__ else ""
    except ImportError:
        pass
    info.update(schema_docs.SOURCES.get(name, {}))
    return info


def combined_license(sources: list[dict]) -> dict:
    """The Hub `license` for the whole package: the most restrictive licence when every source has
    a known permissive one, else 'other' with the reason."""
    spdx = {s["spdx"] for s in sources}
    if spdx and None not in spdx and spdx <= {"CC-BY-4.0", "Apache-2.0", "MIT"}:
        return {"id": "cc-by-4.0" if "CC-BY-4.0" in spdx else "apache-2.0", "reason": None}
    unknown = sorted(s["source"] for s in sources if s["spdx"] is None)
    return {
        "id": "other",
        "reason": "mixed upstream terms: "
        + (f"{', '.join(unknown)} state no data licence; " if unknown else "")
        + "see 'Sources and licences' — each table's rows carry their source.",
    }


def descriptor(
    con: duckdb.DuckDBPyConnection,
    published: list[Published],
    *,
    name: str,
    created_at: str,
    data_as_of: str | None,
    sources: list[dict],
) -> tuple[dict, list[str]]:
    """(datapackage.json as a dict, undocumented columns)."""
    by_table = {p.table: p for p in published}
    resources, undocumented = [], []
    for pub in published:
        res, missing = resource(con, pub, by_table)
        resources.append(res)
        undocumented += missing
    licenses = [
        {
            "name": OWN_LICENSE,
            "path": "https://creativecommons.org/licenses/by/4.0/",
            "title": "opengap's own tables and documentation",
        }
    ]
    dp = {
        "profile": PROFILE,
        "name": name,
        "title": TITLE,
        "description": "Scores of open-weight and proprietary language models from public "
        "leaderboards, harmonised to one model identity and one benchmark id, with the provenance "
        "of every number, and the analysis tables measuring how far open models trail. "
        "Parquet twins of every CSV are listed under each resource's `parquet`.",
        "homepage": HOMEPAGE,
        "version": name,
        "created": created_at,
        "data_as_of": data_as_of,
        "licenses": licenses,
        "sources": [
            {k: v for k, v in (("title", s["attribution"]), ("path", s["homepage"])) if v}
            | {"license": s["spdx"] or "not stated", "source": s["source"]}
            for s in sources
        ],
        "resources": resources,
    }
    return dp, undocumented


# -- the data card ----------------------------------------------------------------------------

METHOD = """\
Each source's files are downloaded as published and kept unchanged, with their URL, time and
sha256 (`fetches`). A parser per source reads each file into a typed table; one SQL step per
source brings them to one shape (`std`), and the `core` tables join them: every name a source uses
is resolved to one `model_id` (`model_aliases`, with method, confidence and evidence), every
benchmark is identified as its publisher scores it (`benchmark_id = '<publisher>:<slug>'`, so the
same test run by two publishers is never mixed), and every score keeps the `fetch_id` of the file it
came from. Where one source lists a model twice in one snapshot, the row with the most votes (then
the highest score) is kept and the pair is listed in `score_collisions`. Scores are as published,
in each benchmark's own unit (`benchmarks.unit`): they are not rescaled. Openness (`models.access`,
`is_open_weights`) comes from the sources' licence/access columns; where they disagree,
`has_access_conflict` is true. Methodology breaks of a source (`regimes`) are never bridged.
The `analysis` tables are computed from `core` by the SQL and Python in opengap's `analysis/`.

Every file is listed in `CHECKSUMS` (sha256sum format) and `manifest.json` (sha256, rows, the
fetch_ids the snapshot was built from); `datapackage.json` gives every column's type, unit and
meaning and each table's keys. CSV files larger than a few hundred kilobytes are gzip-compressed
(`.csv.gz`); polars, pandas, DuckDB and R read them directly. `scores` leaves out `source_url`,
`sha256` and `fetched_at` because `fetches` has them: join on `fetch_id`.

In the CSV files only, a text cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return
(and is not a number such as `-1.5`) is prefixed with a single quote `'`, so that a spreadsheet
shows an upstream name like `=HYPERLINK(...)` as text instead of running it as a formula (OWASP's
rule against CSV injection). Drop that one leading quote to get the name as published; the Parquet
files and the warehouse keep every name unchanged.
"""


def hub_front_matter(published: list[Published], license: dict, pretty_name: str) -> str:
    meta: dict = {"license": license["id"]}
    if license["id"] == "other":
        meta["license_name"] = "opengap-mixed-upstream"
        meta["license_link"] = "README.md"
    meta["pretty_name"] = pretty_name
    meta["language"] = ["en"]
    meta["tags"] = ["llm", "benchmarks", "leaderboard", "open-weights", "tabular"]
    meta["configs"] = [
        {
            "config_name": p.name,
            "data_files": [{"split": "train", "path": p.files["parquet"]}],
        }
        for p in published
        if "parquet" in p.files
    ]
    if meta["configs"]:
        meta["configs"][0]["default"] = True
        scores = [c for c in meta["configs"] if c["config_name"] == "scores"]
        if scores:
            meta["configs"][0].pop("default")
            scores[0]["default"] = True
    return "---\n" + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True) + "---\n"


def _load_example(published: list[Published]) -> str:
    """The card's loading line for a file this snapshot really holds: `export --max-mb` may have
    dropped a table's Parquet twin, leaving its (gzipped) CSV."""
    pub = next((p for p in published if p.name == "scores"), None) or next(
        (p for p in published if p.files), None
    )
    if pub is None:
        return "# this snapshot holds no tables"
    var = pub.name
    if "parquet" in pub.files:
        f = pub.files["parquet"]
        return f'{var} = pl.read_parquet("{f}")  # or "hf://datasets/OWNER/NAME/{f}"'
    f = pub.files["csv"]
    return (
        f'{var} = pl.read_csv("{f}", infer_schema_length=None)  # or "hf://datasets/OWNER/NAME/{f}"'
    )


def data_card(
    con: duckdb.DuckDBPyConnection,
    published: list[Published],
    *,
    name: str,
    created_at: str,
    data_as_of: str | None,
    sources: list[dict],
    source_stats: dict[str, dict],
) -> str:
    """README.md for the snapshot folder and the Hugging Face dataset repo."""
    license = combined_license(sources)
    lines = [hub_front_matter(published, license, TITLE), f"# {TITLE}", ""]
    lines += [
        f"Snapshot **{name}** of the opengap dataset: data as of **{data_as_of or 'unknown'}** "
        f"(the newest leaderboard snapshot in it), exported {created_at}.",
        "",
        "opengap tracks how many months open-weight language models trail the proprietary "
        f"frontier. Code and method: {HOMEPAGE}.",
        "",
        "## Tables",
        "",
        "| table | rows | files | what it holds |",
        "| --- | ---: | --- | --- |",
    ]
    for p in published:
        files = ", ".join(f"`{f}`" for f in p.files.values())
        doc = (schema_docs.describe_table(con, p.table) or "").replace("|", "\\|")
        lines.append(f"| `{p.name}` ({p.table}) | {p.rows:,} | {files} | {doc} |")
    lines += ["", "Keys and every column's type, unit and meaning: `datapackage.json`.", ""]
    for p in published:
        key = f" Key: ({', '.join(p.primary_key)})." if p.primary_key else ""
        lines += [f"### {p.name}", "", (schema_docs.describe_table(con, p.table) or "") + key, ""]
        for column in p.kept:
            doc = schema_docs.describe(con, p.table, column) or ""
            unit = schema_docs.unit(p.table, column)
            lines.append(
                f"- `{column}` ({p.columns[column].lower()}): {doc}"
                + (f" [{unit}]" if unit else "")
            )
        lines.append("")
    lines += ["## How the numbers were made", "", METHOD, "## Sources and licences", ""]
    lines += [
        "| source | newest snapshot | last fetched | files | scores | licence | attribution |",
        "| --- | --- | --- | ---: | ---: | --- | --- |",
    ]
    for s in sources:
        st = source_stats.get(s["source"], {})
        lines.append(
            f"| [{s['source']}]({s['homepage']}) | {st.get('newest_snapshot') or '-'} | "
            f"{st.get('last_fetched') or '-'} | {st.get('files', 0)} | {st.get('scores', 0):,} | "
            f"{s['spdx'] or 'not stated'} | {s['attribution']} |"
        )
    lines += [""]
    for s in sources:
        lines.append(f"- **{s['source']}**: {s['terms']}")
    lines += [
        "",
        "## Licence",
        "",
        f"opengap's own contribution (model identities, derived tables, documentation) is "
        f"{OWN_LICENSE}. Rows taken from an upstream stay under that upstream's terms (above): "
        "each row names its `source`. "
        + (
            f"The package as a whole is marked `{license['id']}`: {license['reason']}"
            if license["reason"]
            else f"The package as a whole is `{license['id']}`, the most restrictive of its sources."
        ),
        "",
        "Cite opengap and the upstream sources you use, e.g. Epoch AI data: "
        "\"Epoch AI, 'Data on AI Benchmarking', https://epoch.ai/benchmarks (CC BY 4.0)\".",
        "",
        "## Loading",
        "",
        "```python",
        "import polars as pl",
        _load_example(published),
        "```",
        "",
        "```sh",
        f"opengap load data/snapshots/{name}   # a DuckDB warehouse with views v_scores, v_models, …",
        "```",
        "",
    ]
    return "\n".join(lines)


def validate(path: Path) -> list[str]:
    """Validate every resource of datapackage.json with frictionless; return the errors as text."""
    from frictionless import Package, system

    with system.use_context(trusted=True):
        report = Package(str(path)).validate()
    errors = []
    for task in report.tasks:
        for e in task.errors:
            errors.append(f"{task.name}: {e.type}: {e.message}")
    errors += [f"package: {e.type}: {e.message}" for e in report.errors]
    return errors
