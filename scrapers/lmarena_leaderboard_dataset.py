"""LMArena's official leaderboard dataset on the Hugging Face Hub (`lmarena-ai/leaderboard-dataset`).

Reads the `latest` split of the `text` subset and of its style-controlled twin
`text_style_control` (`<subset>/latest-00000-of-00001.parquet`), each time LMArena publishes a new
leaderboard; yields one row per (category, model) per file: Bradley-Terry rating with its 95% bounds
and variance, rank, votes, organization and licence.

The Hub rewrites each `latest` file in place. Its tree listing (the request
``HfApi.list_repo_tree(REPO_ID, path_in_repo=<subset>, repo_type="dataset", expand=True)`` makes)
names each version by its LFS sha256 and the commit that wrote it ("Update text for 2026-07-30"):
a version not yet in the raw store is downloaded from the URL ``huggingface_hub.hf_hub_url`` builds,
dated by the publish date in that commit title. The `full` split (every past leaderboard, ~50 MB)
is not downloaded: the dated `latest` versions are kept in data/raw/ as they appear.

Upstream quirks (PROVENANCE.md of the captures):
* `rank` is a float in `text` and an integer in `text_style_control`; `vote_count` is a float.
* `organization` is an empty string for older models; spellings of `license` are not normalised.
* (category, model_name) is not unique: one `text` file repeats 36 models six times in `japanese`.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections.abc import Iterator

from scrapers import settings
from scrapers._http import Client, NoListingCache, get_listing, listing_cache
from scrapers._parse import json_listing, where
from scrapers._types import Fetched, SourceChangedError

NAME = "lmarena_leaderboard_dataset"
TITLE = "LMArena leaderboard dataset (Hugging Face Hub, Parquet)"
REPO_ID = "lmarena-ai/leaderboard-dataset"
HOMEPAGE = "https://huggingface.co/datasets/lmarena-ai/leaderboard-dataset"
ATTRIBUTION = "LMArena, https://lmarena.ai; huggingface.co/datasets/lmarena-ai/leaderboard-dataset"
TABLES = ("lmarena_leaderboard_dataset_ratings",)
# subset → style control; the other arenas (vision, webdev, search, …) are not text leaderboards
SUBSETS = {"text": False, "text_style_control": True}
LATEST = re.compile(r"^latest-\d{5}-of-\d{5}\.parquet$")
LISTING_MAX_BYTES = 1024 * 1024
_DATE = re.compile(r"(?<!\d)(20\d{2})-?(\d{2})-?(\d{2})(?!\d)")

REQUIRED = ("category", "model_name", "license", "rating")
TEXT_COLUMNS = ("category", "model_name", "organization", "license")
NUMBER_COLUMNS = ("rank", "rating", "rating_lower", "rating_upper", "variance", "vote_count")
KNOWN = {*TEXT_COLUMNS, *NUMBER_COLUMNS, "leaderboard_publish_date"}


def snapshot_date_for(filename: str) -> str | None:
    m = _DATE.search(filename.rsplit("/", 1)[-1])
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else None


# -- fetch ---------------------------------------------------------------------------------------
def _tree_page(url: str, body: bytes) -> list[dict]:
    expected = "a JSON list of tree entries (Hub tree API)"
    return json_listing(NAME, url, body, expected, of_objects=True)


def list_subset(client: Client, endpoint: str, subset: str, cache=None) -> list[dict]:
    """The files of one subset folder with their last commit, as ``HfApi.list_repo_tree(...,
    expand=True)`` requests them (``GET {endpoint}/api/datasets/{repo}/tree/main/{subset}``), asked
    with If-None-Match through our Client: an unchanged folder costs a 304."""
    headers = settings.hf_auth_headers()
    pages = get_listing(
        client,
        cache if cache is not None else NoListingCache(),
        f"{endpoint}/api/datasets/{REPO_ID}/tree/main/{subset}",
        _tree_page,
        headers=headers,
        params={"expand": "true"},
        max_bytes=LISTING_MAX_BYTES,
        max_pages=10,
    )
    return [e for page in pages for e in page if e.get("type") == "file"]


def entry_version(entry: dict) -> str | None:
    """What identifies one version of a file: its LFS sha256 (Parquet files are LFS), else its git oid."""
    lfs = entry.get("lfs") or {}
    version = lfs.get("oid") or lfs.get("sha256") or entry.get("oid")
    return version if isinstance(version, str) and version else None


def entry_snapshot_date(entry: dict) -> str | None:
    """The publish date in the commit title ("Update text for 2026-07-30"), else the commit's date."""
    commit = entry.get("lastCommit") or {}
    m = _DATE.search(str(commit.get("title") or ""))
    if m:
        return f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    when = commit.get("date")
    return when[:10] if isinstance(when, str) and len(when) >= 10 else None


def fetch(client: Client, store, since: str | None = None, **_) -> list[Fetched]:
    """List each text subset; download each `latest` Parquet version not yet in the raw store."""
    from huggingface_hub import hf_hub_url

    endpoint = settings.base_url(NAME, "hf", settings.HF_ENDPOINT)
    listings = listing_cache(store, NAME)
    new: list[Fetched] = []
    for subset in SUBSETS:
        entries = list_subset(client, endpoint, subset, listings)
        for entry in sorted(entries, key=lambda e: str(e.get("path"))):
            path = entry.get("path")
            if not isinstance(path, str) or not LATEST.match(path.rsplit("/", 1)[-1]):
                continue
            version = entry_version(entry)
            if version is None:
                continue
            key = f"{path}@{version}"
            if store.has_upstream_key(NAME, key):
                continue
            # no commit in the listing: `latest` is the leaderboard as published now
            date = entry_snapshot_date(entry) or dt.datetime.now(dt.UTC).date().isoformat()
            if since and date and date < since:
                continue
            url = hf_hub_url(REPO_ID, path, repo_type="dataset", endpoint=endpoint)
            resp = client.get(url, ok_statuses=(200,))
            commit = entry.get("lastCommit") or {}
            new.append(
                store.put_response(
                    NAME,
                    url,
                    resp,
                    snapshot_date=date,
                    upstream_key=key,
                    filename=path,
                    extra={"commit": commit.get("id"), "message": commit.get("title")},
                )
            )
    listings.commit()  # every listed version is stored: the listings' ETags may be kept
    return new


# -- parse ---------------------------------------------------------------------------------------
def is_style_control(fetched: Fetched) -> bool:
    name = fetched.filename or fetched.upstream_key or fetched.url
    return "style_control" in name or "style-control" in name


def _read_table(fetched: Fetched, data: bytes):
    import pyarrow as pa
    import pyarrow.parquet as pq

    if len(data) < 12 or data[:4] != b"PAR1" or data[-4:] != b"PAR1":
        if not data.strip():
            found = "an empty file"
        elif re.match(rb"^\s*(<!doctype html|<html|<head|<body)", data[:512], re.I):
            found = "an HTML page (an error or login page served with status 200?)"
        else:
            found = f"{len(data)} bytes starting {data[:16]!r}"
        raise SourceChangedError(NAME, where(fetched), "a Parquet file (PAR1 … PAR1)", found)
    try:
        return pq.read_table(io.BytesIO(data))
    except (pa.ArrowException, OSError, ValueError) as exc:
        msg = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        raise SourceChangedError(NAME, where(fetched), "a readable Parquet file", msg) from None


def _numbers(fetched: Fetched, table, name: str) -> list:
    """One numeric column as Python floats (None where null). A NaN or infinity rejects the file,
    as `score_float` does for text cells: no upstream writes NaN for a missing number."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if name not in table.column_names:
        return [None] * table.num_rows
    column = table.column(name)
    try:
        column = pc.cast(column, pa.float64())
    except (pa.ArrowException, ValueError):
        raise SourceChangedError(
            NAME, where(fetched), f"numbers in column {name}", f"type {column.type}"
        ) from None
    values = column.to_pylist()
    bad = pc.invert(pc.fill_null(pc.is_finite(column), True))
    if pc.any(bad).as_py():
        row = pc.index(bad, True).as_py()
        raise SourceChangedError(
            NAME,
            where(fetched),
            "a number or empty",
            f"{values[row]} in column {name} on row {row + 1}",
        )
    return values


def _texts(fetched: Fetched, table, name: str) -> list:
    import pyarrow as pa

    if name not in table.column_names:
        return [None] * table.num_rows
    column = table.column(name)
    if pa.types.is_dictionary(column.type) and pa.types.is_string(column.type.value_type):
        column = column.cast(pa.string())  # a categorical column (pandas writes these)
    if pa.types.is_null(column.type):
        return [None] * table.num_rows
    if not (pa.types.is_string(column.type) or pa.types.is_large_string(column.type)):
        raise SourceChangedError(
            NAME, where(fetched), f"text in column {name}", f"type {column.type}"
        )
    return column.to_pylist()


def _whole(value: float | None) -> int | None:
    return None if value is None else int(round(value))


def parse(fetched: Fetched, data: bytes) -> Iterator[dict]:
    table = _read_table(fetched, data)
    missing = [c for c in REQUIRED if c not in table.column_names]
    if missing:
        raise SourceChangedError(
            NAME,
            where(fetched),
            f"columns [{', '.join(REQUIRED)}]",
            f"[{', '.join(table.column_names[:12])}] (missing {', '.join(missing)})",
            "The dataset's layout may have changed",
        )
    if table.num_rows == 0:
        raise SourceChangedError(NAME, where(fetched), "leaderboard rows", "an empty table")
    style = is_style_control(fetched)
    texts = {c: _texts(fetched, table, c) for c in TEXT_COLUMNS}
    numbers = {c: _numbers(fetched, table, c) for c in NUMBER_COLUMNS}
    published = (
        [
            None if v is None else str(v)[:10]
            for v in table.column("leaderboard_publish_date").to_pylist()
        ]
        if "leaderboard_publish_date" in table.column_names
        else [None] * table.num_rows
    )
    extra_cols = [c for c in table.column_names if c not in KNOWN]
    extras = {c: table.column(c).to_pylist() for c in extra_cols}
    for i in range(table.num_rows):
        category, model = texts["category"][i], texts["model_name"][i]
        if not category or not category.strip() or not model or not model.strip():
            raise SourceChangedError(
                NAME,
                where(fetched),
                "a category and a model_name on every row",
                f"{category!r}, {model!r} on row {i + 1}",
            )
        organization, license_ = texts["organization"][i], texts["license"][i]
        yield {
            "row_number": i + 1,
            "category": category.strip(),
            "model_name": model.strip(),
            "model_name_raw": model,
            "organization": (organization or "").strip() or None,
            "license": (license_ or "").strip() or None,
            "rank": _whole(numbers["rank"][i]),
            "rating": numbers["rating"][i],
            "rating_lower": numbers["rating_lower"][i],
            "rating_upper": numbers["rating_upper"][i],
            "variance": numbers["variance"][i],
            "vote_count": _whole(numbers["vote_count"][i]),
            "style_control": style,
            "leaderboard_publish_date": published[i],
            "extra": (
                json.dumps({c: extras[c][i] for c in extra_cols}, default=str)
                if extra_cols
                else None
            ),
        }
