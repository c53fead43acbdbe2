"""WeirdML (Håvard Tveit Ihle): the results table `data/weirdml_data.csv` behind htihle.github.io/weirdml.html.

Reads the table from the site (conditional GET on its ETag; the snapshot date is the fetch date: the file is
rewritten in place, rows edited as well as added); yields one row per model configuration (overall accuracy
with its standard error, cost, token and run-time statistics, release date, API route) and one row per task
accuracy. A file with unresolved git merge-conflict markers (published once upstream) is refused.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator

from scrapers import settings
from scrapers._current import fetch_current
from scrapers._http import Client
from scrapers._parse import (
    decode,
    read_csv_rows,
    score_float,
    text_or_none,
    to_float,
    where,
)
from scrapers._types import Fetched, SourceChangedError

NAME = "weirdml"
TITLE = "WeirdML benchmark results (htihle.github.io)"
HOMEPAGE = "https://htihle.github.io/weirdml.html"
ATTRIBUTION = (
    "WeirdML by Håvard Tveit Ihle, https://htihle.github.io/weirdml.html; no licence stated"
)
TABLES = ("weirdml_models", "weirdml_task_scores")
FILE = "data/weirdml_data.csv"
MAX_BYTES = 64 * 1024 * 1024  # 66 KB in 2026-08
# release_date (2025-08) and avg_acc_standard_error (2025-07) came later: optional
REQUIRED = ["internal_model_name", "display_name", "model_slug", "avg_acc"]
NUMBERS = {
    "avg_acc_standard_error": "avg_acc_standard_error",
    "cost_per_run_usd": "cost_per_run_usd",
    "mean_total_output_tokens": "mean_total_output_tokens",
    "code_len_p10": "code_len_p10",
    "code_len_p50": "code_len_p50",
    "code_len_p90": "code_len_p90",
    "exec_time_median_s": "exec_time_median_s",
}
TEXT = {
    "display_name",
    "model_slug",
    "API source",
    "internal_model_name",
    "release_date",
    "avg_acc",
}
_CONFLICT = re.compile(r"^(<{7}|={7}|>{7}|\|{7})(\s|$)", re.M)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_EFFORT = re.compile(r"\s*\(([^()]*)\)\s*$")


def snapshot_date_for(filename: str) -> str | None:
    m = re.search(r"(\d{4}-\d{2}-\d{2})", filename)
    return m.group(1) if m else None


def fetch(client: Client, store, **_) -> list[Fetched]:
    base = settings.base_url(NAME, "site", settings.WEIRDML_SITE)
    got = fetch_current(client, store, NAME, f"{base}/{FILE}", "weirdml_data.csv", MAX_BYTES)
    return [got] if got else []


def _date(fetched: Fetched, value: str, row: int) -> str | None:
    s = value.strip()
    if not s:
        return None
    if _DATE.match(s):
        try:
            return dt.date.fromisoformat(s).isoformat()
        except ValueError:
            pass
    raise SourceChangedError(
        NAME, where(fetched), "release_date as YYYY-MM-DD", f"{value!r} on row {row}"
    )


def parse(fetched: Fetched, data: bytes) -> Iterator[dict]:
    # Load inputs
    text = decode(fetched, data, "CSV")
    conflict = _CONFLICT.search(text)
    if conflict:
        line = text.count("\n", 0, conflict.start()) + 1
        raise SourceChangedError(
            NAME,
            where(fetched),
            "a CSV table",
            f"a git merge-conflict marker {conflict.group(1)!r} on line {line}",
            "Upstream published an unresolved merge; the earlier data is kept",
        )
    header, values = read_csv_rows(fetched, data, required=REQUIRED)
    col = {h: i for i, h in enumerate(header)}
    tasks = [h for h in header if h.endswith("_acc") and h != "avg_acc"]
    known = TEXT | set(NUMBERS) | set(tasks)
    # Process
    seen: set[str] = set()
    for n, cells in enumerate(values, start=1):
        internal = cells[col["internal_model_name"]].strip()
        if not internal or internal in seen:
            raise SourceChangedError(
                NAME,
                where(fetched),
                "a unique internal_model_name on every row",
                f"{'an empty' if not internal else repr(internal) + ' repeated'} on row {n}",
            )
        seen.add(internal)
        display = cells[col["display_name"]].strip()
        m = _EFFORT.search(display)
        extra = {h: cells[i] for h, i in col.items() if h not in known}
        yield {
            "_table": "weirdml_models",
            "row_number": n,
            "internal_model_name": internal,
            "display_name": display,
            "base_name": display[: m.start()].rstrip() if m else display,
            "setting": ";".join(p.strip() for p in m.group(1).split(",")) if m else "",
            "model_slug": text_or_none(cells[col["model_slug"]]),
            "api_source": text_or_none(cells[col["API source"]]) if "API source" in col else None,
            "avg_acc": score_float(fetched, cells[col["avg_acc"]], "avg_acc", n),
            "avg_acc_standard_error": score_float(
                fetched, cells[col["avg_acc_standard_error"]], "avg_acc_standard_error", n
            )
            if "avg_acc_standard_error" in col
            else None,
            **{
                column: to_float(cells[col[h]]) if h in col else None
                for h, column in NUMBERS.items()
                if column != "avg_acc_standard_error"
            },
            "release_date": _date(fetched, cells[col["release_date"]], n)
            if "release_date" in col
            else None,
            "extra": json.dumps(extra, sort_keys=True) if extra else None,
        }
        for task in tasks:
            score = score_float(fetched, cells[col[task]], task, n)
            if score is not None:
                yield {
                    "_table": "weirdml_task_scores",
                    "internal_model_name": internal,
                    "task": task.removesuffix("_acc"),
                    "accuracy": score,
                }
