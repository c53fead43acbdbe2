"""Epoch AI 'Data on AI Models': the notable_ai_models.csv and all_ai_models.csv exports.

Reads each export (conditional GET on its ETag; the snapshot date is the fetch date, since the file
carries no export date); `parse` returns one frame per file, a row per model: organization,
country, publication date, parameters, training compute, model accessibility and (2026 layout)
`Open model weights?` typed, every other column in `extra`. Columns are matched by header, never
by position: Epoch reorders and renames them between exports.
"""

from __future__ import annotations

import datetime as dt
import json
import json.encoder
import re

from scrapers import settings
from scrapers._current import fetch_current
from scrapers._http import Client
from scrapers._parse import csv_column_index, read_csv_rows
from scrapers._types import Fetched, SourceChangedError

NAME = "epoch_ai_models"
TITLE = "Epoch AI: Data on AI Models (CSV exports)"
HOMEPAGE = "https://epoch.ai/data/ai-models"
ATTRIBUTION = "Epoch AI, 'Data on AI Models', https://epoch.ai/data/ai-models, CC BY 4.0"
TABLES = ("epoch_ai_models_models",)
BASE = "https://epoch.ai/data"
FILES = ("notable_ai_models.csv", "all_ai_models.csv")
MAX_BYTES = 64 * 1024 * 1024  # the 2025 all_ai_models export is 4 MB

# Column set and order differ between exports; these few are what std needs, the rest go to extra.
REQUIRED = [
    "Model",
    "Domain",
    "Organization",
    "Publication date",
    "Parameters",
    "Training compute (FLOP)",
    "Model accessibility",
]
# Staging column (typed) → the Epoch headers it is read from, the first one a file has; every other
# header is kept in `extra`. The 2026-07 export renamed `Country (from Organization)` to
# `Country (of organization)` (and moved most columns): a file needs one of the two.
TEXT_COLUMNS = {
    "domain": ("Domain",),
    "organization": ("Organization",),
    "organization_categorization": ("Organization categorization",),
    "country": ("Country (from Organization)", "Country (of organization)"),
    "reference": ("Reference",),
    "link": ("Link",),
    "notability_criteria": ("Notability criteria",),
    "model_accessibility": ("Model accessibility",),
    "base_model": ("Base model",),
    "confidence": ("Confidence",),
}
REQUIRED_ONE_OF = {"country": TEXT_COLUMNS["country"]}
NUMBER_COLUMNS = {
    "Parameters": "parameters",
    "Training compute (FLOP)": "training_compute_flop",
}
# 2026-07 on: `Yes` / `No` / empty, a coarser twin of `Model accessibility` (which stays the finer
# signal); a file without the column gives null.
OPEN_WEIGHTS = "Open model weights?"
_YES_NO = {"Yes": True, "No": False}
TYPED = {
    "Model",
    "Publication date",
    "Last modified",
    OPEN_WEIGHTS,
    *(h for headers in TEXT_COLUMNS.values() for h in headers),
    *NUMBER_COLUMNS,
}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_STAMP = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.\d+)?(?:Z|[+-]00:?00)?$")
_FILE_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def snapshot_date_for(filename: str) -> str | None:
    m = _FILE_DATE.search(filename)
    return m.group(1) if m else None


def fetch(client: Client, store, since: str | None = None, **_) -> list[Fetched]:
    base = settings.base_url(NAME, "data", BASE)
    new = (fetch_current(client, store, NAME, f"{base}/{f}", f, MAX_BYTES) for f in FILES)
    return [got for got in new if got]


def _export(fetched: Fetched) -> str | None:
    """Which export a file is (`notable_ai_models` or `all_ai_models`), from its name or URL."""
    for hint in (fetched.filename, fetched.url):
        for name in FILES:
            if hint and name.removesuffix(".csv") in hint:
                return name.removesuffix(".csv")
    return None


def _number(fetched: Fetched, column: str, value: str, row: int) -> float | None:
    s = value.strip().replace(",", "")
    if not s:
        return None
    if not _NUMBER.match(s):
        raise SourceChangedError(
            NAME, fetched.display_path(), f"a number in '{column}'", f"{value!r} on row {row}"
        )
    return float(s)


def _date(fetched: Fetched, column: str, value: str, row: int) -> str | None:
    s = value.strip()
    if not s:
        return None
    if not _DATE.match(s):
        raise SourceChangedError(
            NAME, fetched.display_path(), f"'{column}' as YYYY-MM-DD", f"{value!r} on row {row}"
        )
    try:
        dt.date.fromisoformat(s)
    except ValueError:
        raise SourceChangedError(
            NAME,
            fetched.display_path(),
            f"a calendar date in '{column}'",
            f"{value!r} on row {row}",
        ) from None
    return s


def _layout(fetched: Fetched, header: list[str]) -> dict[str, str | None]:
    """Each text field → the header it is read from in this file (None: the file lacks it). A file
    with none of a required field's headers is a layout this parser does not know: refused."""
    present = set(header)
    for key, names in REQUIRED_ONE_OF.items():
        if not present.intersection(names):
            shown = ", ".join(header[:12]) + (", …" if len(header) > 12 else "")
            raise SourceChangedError(
                NAME,
                fetched.display_path(),
                f"one of the columns [{', '.join(names)}] for {key}",
                f"[{shown}] (none of them)",
                "The upstream layout may have changed; map the new header in "
                "scrapers/epoch_ai_models.py TEXT_COLUMNS",
            )
    return {
        key: next((h for h in names if h in present), None) for key, names in TEXT_COLUMNS.items()
    }


def _extra_columns(header: list[str], layout: dict[str, str | None]) -> list[str]:
    """Headers not read into a typed column (a second spelling of a field the file also has
    under its first one stays here: nothing is dropped)."""
    typed = {"Model", "Publication date", "Last modified", OPEN_WEIGHTS, *NUMBER_COLUMNS}
    typed |= {h for h in layout.values() if h}
    return [h for h in header if h not in typed]


def _open_weights(fetched: Fetched, value: str | None, row: int) -> bool | None:
    s = (value or "").strip()
    if not s:
        return None
    if s not in _YES_NO:
        raise SourceChangedError(
            NAME,
            fetched.display_path(),
            f"'{OPEN_WEIGHTS}' as Yes, No or empty",
            f"{value!r} on row {row}",
        )
    return _YES_NO[s]


def _timestamp(fetched: Fetched, value: str | None, row: int) -> str | None:
    s = (value or "").strip()
    if not s:
        return None
    m = _STAMP.match(s)
    if not m:
        raise SourceChangedError(
            NAME,
            fetched.display_path(),
            "'Last modified' as an ISO timestamp in UTC",
            f"{value!r} on row {row}",
        )
    return f"{m.group(1)} {m.group(2)}"


def parse(fetched: Fetched, data: bytes) -> dict:
    """One polars frame for `epoch_ai_models_models`, a row per model. Read a column at a time; a
    cell that is present but unreadable fails the file with one line naming the first such cell in
    row order (as a reader going row by row, field by field, meets it)."""
    import polars as pl  # here: the CLI starts without polars

    header, values = read_csv_rows(fetched, data, required=REQUIRED)
    layout = _layout(fetched, header)
    index = csv_column_index(header)
    cells = list(zip(*values, strict=True)) if values else [()] * len(header)
    n = len(values)
    # (row, step, error): each checked column's first problem, the steps in the order of a row's
    # fields; the smallest is raised
    problems: list[tuple[int, int, SourceChangedError]] = []

    def raw(col: str):
        i = index.get(col)
        return None if i is None else cells[i]

    def text(col: str | None) -> list:
        col_cells = raw(col) if col else None
        if col_cells is None:
            return [None] * n
        missing = _MISSING
        return [None if (s := v.strip()) in missing else s for v in col_cells]

    def checked(col: str, rule) -> list:
        """`rule(value, row)` of every cell of a column (None for a column the file lacks)."""
        step = len(steps)
        steps.append(col)
        col_cells = raw(col)
        if col_cells is None:
            return [None] * n
        out = []
        for i, v in enumerate(col_cells, start=1):
            try:
                out.append(rule(v, i))
            except SourceChangedError as err:
                problems.append((i, step, err))
                return out + [None] * (n - len(out))
        return out

    steps: list[str] = []
    columns = {
        "export": [_export(fetched)] * n,
        "row_number": range(1, n + 1),
        # names carry stray spaces, tabs, newlines and no-break spaces; model_raw keeps them
        "model": text("Model"),
        "model_raw": raw("Model"),
        "publication_date": checked(
            "Publication date", lambda v, i: _date(fetched, "Publication date", v, i)
        ),
        "last_modified": checked("Last modified", lambda v, i: _timestamp(fetched, v, i)),
        **{key: text(col) for key, col in layout.items()},
        **{
            key: checked(col, lambda v, i, col=col: _number(fetched, col, v, i))
            for col, key in NUMBER_COLUMNS.items()
        },
        "open_model_weights": checked(OPEN_WEIGHTS, lambda v, i: _open_weights(fetched, v, i)),
        "extra": _extras(header, cells, _extra_columns(header, layout), n),
    }
    if problems:
        raise min(problems, key=lambda p: p[:2])[2]
    return {TABLES[0]: pl.DataFrame([pl.Series(k, v, strict=True) for k, v in columns.items()])}


_MISSING = frozenset(("", "-", "N/A", "n/a", "nan", "NaN", "None"))  # text_or_none's blanks


def _extras(header: list[str], cells: list, extra_cols: list[str], n: int) -> list[str]:
    """`json.dumps({c: row[c] for c in extra_cols}, ensure_ascii=False)` for every row, a column at
    a time: the same text (json.dumps writes a dict of strings as `{"k": "v", "k2": "v2"}`, each
    string by `encode_basestring`; a repeated header keeps its first place and its last cell)."""
    index = csv_column_index(header)
    names = list(dict.fromkeys(extra_cols))
    if not names:
        return ["{}"] * n
    encode = json.encoder.encode_basestring
    parts = []
    for name in names:
        prefix = encode(name) + ": "
        parts.append([prefix + encode(v) for v in cells[index[name]]])
    return ["{" + ", ".join(row) + "}" for row in zip(*parts, strict=True)]
