"""Helpers every parser shares: strict decoding, header checks, and the one renaming rule.

Each helper raises SourceChangedError with the source, the file, what was expected and what was
found, so a bad upstream day produces one readable line instead of a traceback.
"""

from __future__ import annotations

import csv
import email.utils
import io
import json
import math
import re
from collections.abc import Iterable
from typing import Any

from scrapers._types import Fetched, SourceChangedError


def http_date(value: str | None) -> str | None:
    """The calendar date (YYYY-MM-DD) of an HTTP date header such as Last-Modified, or None."""
    if not value:
        return None
    try:
        return email.utils.parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError, IndexError):
        return None


def snapshot_date_of(resp, today: str) -> str:
    """The date a file of an undated live URL describes: the server's Last-Modified when it sends
    one (a mirror or a replay of a dated capture does), else the day it was fetched."""
    return http_date(resp.header("Last-Modified")) or today


_HTML_START = re.compile(rb"^\s*(<!doctype html|<html|<head|<body)", re.I)


def where(fetched: Fetched) -> str:
    return fetched.display_path()


def snake(name: str) -> str:
    """The one rule for upstream headers: lower case, non-alphanumerics to `_` (dlt's snake_case)."""
    s = re.sub(r"[^0-9a-zA-Z]+", "_", name.strip().lower()).strip("_")
    return s or "col"


def decode(fetched: Fetched, data: bytes, kind: str, allow_html: bool = False) -> str:
    """Bytes to text, refusing what is clearly not the expected kind of file."""
    if not data.strip():
        raise SourceChangedError(fetched.source, where(fetched), f"a {kind} file", "an empty file")
    if not allow_html and _HTML_START.match(data[:512]):
        raise SourceChangedError(
            fetched.source,
            where(fetched),
            f"a {kind} file",
            "an HTML page (an error or login page served with status 200?)",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceChangedError(
            fetched.source,
            where(fetched),
            "UTF-8 text",
            f"invalid byte 0x{data[exc.start]:02x} at offset {exc.start}",
        ) from None
    return text.removeprefix("\ufeff")


def load_json(fetched: Fetched, data: bytes) -> Any:
    text = decode(fetched, data, "JSON")
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise SourceChangedError(
            fetched.source,
            where(fetched),
            "valid JSON",
            f"{exc.msg} at line {exc.lineno} column {exc.colno} (truncated file?)",
        ) from None


def json_listing(
    source: str, url: str, body: bytes, expected: str, *, of_objects: bool = False
) -> list:
    """One page of a listing (GitHub API, Hub tree API) as a JSON list — of objects when asked —
    or SourceChangedError naming the URL, what was expected and what came instead."""
    try:
        value = json.loads(body)
    except ValueError:
        raise SourceChangedError(source, url, expected, "a body that is not JSON") from None
    if not isinstance(value, list) or (of_objects and not all(isinstance(e, dict) for e in value)):
        raise SourceChangedError(source, url, expected, f"a JSON {type(value).__name__}")
    return value


def read_csv(
    fetched: Fetched, data: bytes, required: Iterable[str], *, kind: str = "CSV"
) -> tuple[list[str], list[dict[str, str]]]:
    """Parse a CSV with a real parser; require some columns; refuse ragged (truncated) rows.
    Each row as a dict of header → cell (see `read_csv_rows` for the checks)."""
    header, rows = read_csv_rows(fetched, data, required, kind=kind)
    return header, [dict(zip(header, values, strict=True)) for values in rows]


def text_or_none(value: Any) -> str | None:
    if value is None:
        return None
    s = str(value).strip()
    return None if s in ("", "-", "N/A", "n/a", "nan", "NaN", "None") else s


_EXACT_INT = 2**53  # every int below this in size is exactly a float


def to_float(value: Any) -> float | None:
    # A float, a small int or a cell float() reads as it is are the hot path of every parser: the
    # same number as the text route below gives (str() then float() round-trips exactly), without it
    kind = type(value)
    if kind is float:
        return value if math.isfinite(value) else None
    if kind is str:
        try:
            f = float(value)
        except ValueError:
            pass  # '-', 'N/A', '12%', '1,234', …: the text route
        else:
            return f if math.isfinite(f) else None
    elif kind is int and -_EXACT_INT < value < _EXACT_INT:
        return float(value)
    s = text_or_none(value)
    if s is None:
        return None
    s = s.rstrip("%").replace(",", "")
    try:
        f = float(s)
    except ValueError:
        return None
    return None if math.isnan(f) or math.isinf(f) else f


def to_int(value: Any) -> int | None:
    f = to_float(value)
    return None if f is None else int(round(f))


# A literal NaN (or infinity) in a score column is corruption, never "missing".
#
# Census of the real captures (/work/shared/sources: every file of all ten sources, parsed with the
# upstream's own format): no upstream writes NaN, nan, .nan, Infinity or inf in any column. Missing
# scores are written as an empty cell (Epoch, LiveBench, the fboulnois CSVs), as '-' (the Arena
# Space tables, the LMSYS blog) or as an absent key (Aider's refactor board has no pass_rate_2);
# JSON null appears only in llm_stats' metadata fields, and the Arena catalog has no missing rating. A NaN in a score therefore means the file was made some other way (a broken
# export, a round-trip through a float column): the file is rejected with one line naming the column
# and row, and the warehouse keeps the previous version, instead of the row quietly losing its score.
# `to_float`/`text_or_none` still read 'nan' as missing for the descriptive columns (costs, compute,
# notes), where a lost value changes no gap. Should an upstream ever start writing NaN for a missing
# score, that source needs its own rule (e.g. a per-file check on the share of missing scores against
# the previous version in warehouse/checks.py), not a silent None here.
def nan_literal(value: Any) -> str | None:
    """How a NaN or infinite value was written ('NaN', '.nan', '-inf'), or None for anything else.

    Covers text cells (CSV, HTML) and the floats a JSON `NaN` or a YAML `.nan` load as."""
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        return ("Infinity" if value > 0 else "-Infinity") if math.isinf(value) else None
    if not isinstance(value, str):
        return None
    s = value.strip()
    if s.lower() in (".nan", ".inf", "+.inf", "-.inf"):  # YAML's spelling, kept as text
        return s
    try:
        f = float(s.rstrip("%").replace(",", ""))
    except ValueError:
        return None
    return s if math.isnan(f) or math.isinf(f) else None


def score_float(
    fetched: Fetched, value: Any, column: str, row: int | str, at: str = ""
) -> float | None:
    """A score cell: a number, or None where the upstream left it missing (empty, '-', null).

    A NaN or infinity raises SourceChangedError: "expected a number or empty, found NaN in column
    X on row N" (`at` adds where the row is, e.g. " of table 2")."""
    f = to_float(value)
    if f is None and value is not None:  # blank, '-', or not a number: only then look closer
        literal = nan_literal(value)
        if literal is not None:
            raise SourceChangedError(
                fetched.source,
                where(fetched),
                "a number or empty",
                f"{literal} in column {column} on row {row}{at}",
            )
    return f


def score_int(
    fetched: Fetched, value: Any, column: str, row: int | str, at: str = ""
) -> int | None:
    """`score_float`, rounded: for ratings published as whole numbers (Elo)."""
    f = score_float(fetched, value, column, row, at)
    return None if f is None else int(round(f))


def read_csv_rows(
    fetched: Fetched, data: bytes, required: Iterable[str], *, kind: str = "CSV"
) -> tuple[list[str], list[list[str]]]:
    """`read_csv`, with each data row as its list of cells instead of a dict (same checks, same
    errors, same rows kept): for parsers that convert whole columns at a time.

    A header may repeat a name; `dict(zip(header, row))` keeps the last cell under it, which is
    what `csv_column_index` points at."""
    text = decode(fetched, data, kind)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise SourceChangedError(
            fetched.source, where(fetched), "a header row", "an empty file"
        ) from None
    header = [h.strip() for h in header]
    missing = [c for c in required if c not in header]
    if missing:
        raise SourceChangedError(
            fetched.source,
            where(fetched),
            f"columns [{', '.join(required)}]",
            f"[{', '.join(header[:12])}{', …' if len(header) > 12 else ''}] (missing {', '.join(missing)})",
            "The upstream layout may have changed",
        )
    width = len(header)
    rows = []
    for lineno, values in enumerate(reader, start=2):
        if len(values) != width:
            if not values or all(not v.strip() for v in values):
                continue
            raise SourceChangedError(
                fetched.source,
                where(fetched),
                f"{width} fields per row",
                f"{len(values)} on data row {lineno - 1} (truncated or malformed file?)",
            )
        # a blank row (every cell empty or spaces); the first cell settles it for almost every row
        if not (values and values[0].strip()) and all(not v.strip() for v in values):
            continue
        rows.append(values)
    return header, rows


def csv_column_index(header: list[str]) -> dict[str, int]:
    """Each header name → the position of its cell in a row of `read_csv_rows` (the last, for a
    repeated name: the cell `read_csv`'s dict keeps)."""
    return {h: i for i, h in enumerate(header)}
