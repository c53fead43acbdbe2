"""Epoch AI 'Data on AI Models': the notable_ai_models.csv and all_ai_models.csv exports.

Reads each export (conditional GET on its ETag; the snapshot date is the fetch date, since the file
carries no export date) and yields one row per model per file: organization, country, publication
date, parameters, training compute and model accessibility typed, every other column in `extra`.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator

from scrapers import settings
from scrapers._http import Client
from scrapers._parse import read_csv, text_or_none
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
# Epoch header → staging column (typed); every header not listed here is kept in `extra`.
TEXT_COLUMNS = {
    "Domain": "domain",
    "Organization": "organization",
    "Organization categorization": "organization_categorization",
    "Country (from Organization)": "country",
    "Reference": "reference",
    "Link": "link",
    "Notability criteria": "notability_criteria",
    "Model accessibility": "model_accessibility",
    "Base model": "base_model",
    "Confidence": "confidence",
}
NUMBER_COLUMNS = {
    "Parameters": "parameters",
    "Training compute (FLOP)": "training_compute_flop",
}
TYPED = {"Model", "Publication date", "Last modified", *TEXT_COLUMNS, *NUMBER_COLUMNS}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_STAMP = re.compile(r"^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2})(?:\.\d+)?(?:Z|[+-]00:?00)?$")
_FILE_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def snapshot_date_for(filename: str) -> str | None:
    m = _FILE_DATE.search(filename)
    return m.group(1) if m else None


def fetch(client: Client, store, since: str | None = None, **_) -> list[Fetched]:
    base = settings.base_url(NAME, "data", BASE)
    today = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d")
    new: list[Fetched] = []
    for filename in FILES:
        url = f"{base}/{filename}"
        resp = client.get(url, headers=store.conditional_headers(NAME, url), max_bytes=MAX_BYTES)
        if resp.not_modified:
            continue
        new.append(
            store.put_response(
                NAME,
                url,
                resp,
                snapshot_date=today,
                upstream_key=f"{filename}@{resp.header('ETag') or ''}",
                filename=filename,
            )
        )
    return new


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


def parse(fetched: Fetched, data: bytes) -> Iterator[dict]:
    header, rows = read_csv(fetched, data, required=REQUIRED)
    extra_cols = [h for h in header if h not in TYPED]
    export = _export(fetched)
    for i, row in enumerate(rows, start=1):
        # Names carry stray spaces, tabs, newlines and no-break spaces; model_raw keeps them.
        model_raw = row["Model"]
        out = {
            "export": export,
            "row_number": i,
            "model": text_or_none(model_raw),
            "model_raw": model_raw,
            "publication_date": _date(fetched, "Publication date", row["Publication date"], i),
            "last_modified": _timestamp(fetched, row.get("Last modified"), i),
        }
        for col, key in TEXT_COLUMNS.items():
            out[key] = text_or_none(row.get(col))
        for col, key in NUMBER_COLUMNS.items():
            out[key] = _number(fetched, col, row[col], i)
        out["extra"] = json.dumps({c: row[c] for c in extra_cols}, ensure_ascii=False)
        yield out
