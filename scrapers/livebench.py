"""LiveBench leaderboard tables as the livebench.ai site serves them, one pair of files per release.

Reads every `table_YYYY_MM_DD.csv` (wide: one row per model, one column per task, 0-100) and its
`categories_YYYY_MM_DD.json` (category → task columns) listed in the site repository's `public/`
folder; yields one row per model per scored task, one row per model (with blank-cell counts) and
one row per category task. Category and global averages are computed in the std adapter.

Tables are edited in place after their release (new models appended, task columns added): each
version is a file of its own in the raw store, dated by the release (question set) in its name,
not by when a model was scored.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterator

from scrapers import _github, settings
from scrapers._http import Client, NoListingCache, get_listing, listing_cache
from scrapers._parse import decode, json_listing, load_json, snake, to_float, where
from scrapers._types import Fetched, SourceChangedError

NAME = "livebench"
TITLE = "LiveBench leaderboard (per-release task tables)"
HOMEPAGE = "https://livebench.ai"
ATTRIBUTION = (
    "LiveBench, https://livebench.ai (github.com/LiveBench/livebench.github.io), Apache-2.0"
)
TABLES = ("livebench_scores", "livebench_models", "livebench_categories")
REPO = "LiveBench/livebench.github.io"
SITE = "https://livebench.ai"
LISTING_MAX_BYTES = 4 * 1024 * 1024
FILE_MAX_BYTES = 16 * 1024 * 1024
_FILE = re.compile(r"^(table|categories)_(\d{4})_(\d{2})_(\d{2})\.(csv|json)$")
# LiveBench labels instruction following 'IF'; spell it out in the benchmark slug
_SLUG = {"IF": "instruction_following"}


def snapshot_date_for(filename: str) -> str | None:
    """`table_2024_06_24.csv` → 2024-06-24: the release (question set) the table scores."""
    m = _FILE.match(filename.rsplit("/", 1)[-1])
    return f"{m.group(2)}-{m.group(3)}-{m.group(4)}" if m else None


def category_slug(category: str) -> str:
    return _SLUG.get(category.strip(), snake(category))


def git_blob_sha(data: bytes) -> str:
    """The sha GitHub's contents API lists for a file: sha1 of 'blob <size>\\0' + bytes."""
    return hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()


def _listing(client: Client, api: str, cache=None) -> list[dict]:
    """The contents listing of `public/`, asked with If-None-Match when `cache` keeps a copy."""

    def parse(url: str, body: bytes) -> list[dict]:
        return json_listing(
            NAME, url, body, "a JSON list of files (GitHub contents API)", of_objects=True
        )

    url = f"{api}/repos/{REPO}/contents/public"
    return get_listing(
        client,
        cache if cache is not None else NoListingCache(),
        url,
        parse,
        headers=_github.api_headers(),
        max_bytes=LISTING_MAX_BYTES,
    )[0]


def fetch(client: Client, store, since: str | None = None, **_) -> list[Fetched]:
    # Load inputs
    api = settings.base_url(NAME, "github_api", settings.GITHUB_API)
    site = settings.base_url(NAME, "site", SITE)
    new: list[Fetched] = []
    listings = listing_cache(store, NAME)
    complete = True  # every listed version stored: only then is the listing's ETag kept
    for entry in _listing(client, api, listings):
        name, sha = entry.get("name"), entry.get("sha")
        if entry.get("type") != "file" or not isinstance(name, str) or not isinstance(sha, str):
            continue
        if not _FILE.match(name):
            continue  # table.csv, cost_*.csv, *_bck.json, the PDF: not release tables
        date = snapshot_date_for(name)
        if since and date and date < since:
            continue
        key = f"{name}@{sha}"
        if store.has_upstream_key(NAME, key):
            continue
        # Process
        url = f"{site}/{name}"
        resp = client.get(url, ok_statuses=(200,), max_bytes=FILE_MAX_BYTES)
        got = git_blob_sha(resp.content)
        # The site deploys after the repo changes: if it still serves an older version, record it
        # under the sha it really has, so the listed version is downloaded again next time.
        complete = complete and got == sha
        if got != sha and store.has_upstream_key(NAME, f"{name}@{got}"):
            continue
        # Save outputs
        new.append(
            store.put_response(
                NAME,
                url,
                resp,
                snapshot_date=date,
                upstream_key=f"{name}@{got}",
                filename=name,
                extra={"listed_sha": sha, "served_sha": got},
            )
        )
    if complete:
        listings.commit()
    return new


def _kind(fetched: Fetched) -> str:
    name = (fetched.filename or fetched.path).rsplit("/", 1)[-1].lower()
    if name.startswith("categories") or name.endswith(".json"):
        return "categories"
    return "table"


def parse(fetched: Fetched, data: bytes) -> Iterator[dict]:
    if _kind(fetched) == "categories":
        yield from _parse_categories(fetched, data)
    else:
        yield from _parse_table(fetched, data)


def _read_table(fetched: Fetched, data: bytes) -> tuple[list[str], list[list[str]]]:
    """The header and the non-blank data rows, as `_parse.read_csv_rows` reads them, except that a
    few rows with the wrong number of fields inside an otherwise whole file are kept as they are.

    LiveBench's in-place edits can leave such a row: `table_2026_01_08.csv` as of 2026-04-09 has
    `nemotron-3-super-120b-a12b` with 21 fields under a 24-column header, mid-file. Which of its
    cells belong to which task cannot be told, so `_parse_table` reads no score from it. A short or
    long last row, or more than one such row in twenty, is a truncated or malformed file: refused."""
    text = decode(fetched, data, "CSV")
    records = list(csv.reader(io.StringIO(text, newline="")))
    header = [h.strip() for h in records[0]] if records else []
    if "model" not in header:
        shown = ", ".join(header[:12]) + (", …" if len(header) > 12 else "")
        raise SourceChangedError(
            NAME,
            where(fetched),
            "columns [model]",
            f"[{shown}] (missing model)",
            "The upstream layout may have changed",
        )
    width = len(header)
    body = [(n, v) for n, v in enumerate(records[1:], start=1) if any(c.strip() for c in v)]
    ragged = [(n, v) for n, v in body if len(v) != width]
    if ragged and (ragged[-1][0] == body[-1][0] or len(ragged) > max(1, len(body) // 20)):
        n, v = ragged[0]
        raise SourceChangedError(
            NAME,
            where(fetched),
            f"{width} fields per row",
            f"{len(v)} on data row {n} (truncated or malformed file?)",
        )
    return header, [v for _, v in body]


def _parse_table(fetched: Fetched, data: bytes) -> Iterator[dict]:
    header, rows = _read_table(fetched, data)
    tasks = [h for h in header if h != "model"]
    if not tasks:
        raise SourceChangedError(
            NAME, where(fetched), "task columns after 'model'", "only a 'model' column"
        )
    model_at = header.index("model")
    seen: set[str] = set()
    for i, values in enumerate(rows, start=1):
        unplaced = len(values) != len(header)
        row = {} if unplaced else dict(zip(header, values, strict=True))
        model = values[model_at] if model_at < len(values) else ""
        if not model.strip():
            raise SourceChangedError(NAME, where(fetched), "a model id", f"a blank one on row {i}")
        if model in seen:  # the averages join scores by model id: two rows would mix
            raise SourceChangedError(
                NAME, where(fetched), "each model once", f"{model!r} again on row {i}"
            )
        seen.add(model)
        if unplaced:  # its cells cannot be matched to tasks: kept as published, no score
            yield {
                "_table": "livebench_models",
                "row_number": i,
                "model": model,
                "tasks_scored": 0,
                "tasks_blank": 0,
                "blank_tasks": None,
                "unplaced_cells": json.dumps(values, ensure_ascii=False),
            }
            continue
        blank = []
        for task in tasks:
            cell = row[task]
            if not cell.strip():
                blank.append(task)  # not run on this task
                continue
            score = to_float(cell)
            if score is None or not 0 <= score <= 100:
                raise SourceChangedError(
                    NAME, where(fetched), "task scores 0-100", f"{cell!r} for {model} / {task}"
                )
            yield {"_table": "livebench_scores", "model": model, "task": task, "score": score}
        yield {
            "_table": "livebench_models",
            "row_number": i,
            "model": model,
            "tasks_scored": len(tasks) - len(blank),
            "tasks_blank": len(blank),
            "blank_tasks": ",".join(blank) or None,
            "unplaced_cells": None,
        }


def _parse_categories(fetched: Fetched, data: bytes) -> Iterator[dict]:
    obj = load_json(fetched, data)
    expected = "a JSON object mapping each category to a list of task columns"
    if not isinstance(obj, dict) or not obj:
        found = "an empty object" if isinstance(obj, dict) else f"a JSON {type(obj).__name__}"
        raise SourceChangedError(NAME, where(fetched), expected, found)
    for category, tasks in obj.items():
        if not isinstance(tasks, list) or not all(isinstance(t, str) and t for t in tasks):
            raise SourceChangedError(
                NAME, where(fetched), expected, f"{json.dumps(tasks)[:60]} for {category!r}"
            )
        for position, task in enumerate(tasks, start=1):
            yield {
                "_table": "livebench_categories",
                "category": category,
                "category_slug": category_slug(category),
                "position": position,
                "task": task,
            }
