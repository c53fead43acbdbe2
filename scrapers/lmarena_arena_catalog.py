"""LMArena's own `arena-catalog` repository: per-category Bradley-Terry ratings with 95% bounds.

Reads every version of `data/leaderboard-text.json` (and its style-controlled twin) from the
repository's history; yields one row per category per model key.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from itertools import repeat

from scrapers import _github, settings
from scrapers._http import Client
from scrapers._parse import load_json, score_float
from scrapers._types import Fetched, SourceChangedError

NAME = "lmarena_arena_catalog"
TITLE = "LMArena arena-catalog ratings (JSON)"
REPO = "lmarena/arena-catalog"
PATHS = {"data/leaderboard-text.json": False, "data/leaderboard-text-style-control.json": True}
HOMEPAGE = "https://github.com/lmarena/arena-catalog"
ATTRIBUTION = "LMArena, https://lmarena.ai; github.com/lmarena/arena-catalog"
TABLES = ("lmarena_arena_catalog_ratings",)
_DATED = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def snapshot_date_for(filename: str) -> str | None:
    return None


def commit_snapshot_date(commit: dict) -> str | None:
    """Commit messages say `Update leaderboard data 2025-03-07`; else the commit date."""
    msg = (commit.get("commit") or {}).get("message") or ""
    m = _DATED.search(msg)
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else _github.commit_date(commit)


def fetch(client: Client, store, since: str | None = None, **_) -> list[Fetched]:
    api = settings.base_url(NAME, "github_api", settings.GITHUB_API)
    raw = settings.base_url(NAME, "github_raw", settings.GITHUB_RAW)
    new: list[Fetched] = []
    for path in PATHS:
        new += _github.fetch_history(
            client,
            store,
            source=NAME,
            repo=REPO,
            path=path,
            api_base=api,
            raw_base=raw,
            snapshot_date=commit_snapshot_date,
            since=since,
        )
    return new


def is_style_control(fetched: Fetched) -> bool:
    name = fetched.filename or fetched.url
    return "style-control" in name or "style_control" in name


def parse(fetched: Fetched, data: bytes) -> Iterator[dict]:
    doc = load_json(fetched, data)
    where = fetched.display_path()
    if not isinstance(doc, dict) or not doc:
        raise SourceChangedError(
            NAME, where, "an object of category → model → rating", f"a JSON {type(doc).__name__}"
        )
    style = is_style_control(fetched)
    # Whole columns at a time; a document with anything the column pass does not take as plainly
    # valid goes through the rules below, which yield the same rows or raise the error it always has.
    cols = _columns(doc, style)
    if cols is not None:
        keys = tuple(cols)
        columns = [repeat(v) if k == "style_control" else v for k, v in cols.items()]
        for cells in zip(*columns, strict=False):  # the row count comes from the list columns
            yield dict(zip(keys, cells, strict=True))
        return
    for category, models in doc.items():
        if not isinstance(models, dict):
            raise SourceChangedError(
                NAME,
                where,
                "an object of model → rating per category",
                f"a {type(models).__name__} under {category!r}",
            )
        for n, (key, vals) in enumerate(models.items(), start=1):
            if not isinstance(vals, dict) or "rating" not in vals:
                raise SourceChangedError(
                    NAME,
                    where,
                    "{rating, rating_q025, rating_q975} per model",
                    f"{str(vals)[:60]!r} for {key!r} in {category!r}",
                )
            at = f" ({key!r} in {category!r})"
            yield {
                "category": category,
                "model_key": key.strip(),
                "model_key_raw": key,
                "rating": score_float(fetched, vals.get("rating"), "rating", n, at),
                "rating_q025": score_float(fetched, vals.get("rating_q025"), "rating_q025", n, at),
                "rating_q975": score_float(fetched, vals.get("rating_q975"), "rating_q975", n, at),
                "style_control": style,
            }


def parse_frames(fetched: Fetched, data: bytes) -> dict | None:
    """What `parse` yields, as one polars frame for its table; None for a document only the
    row-by-row rules read (warehouse/build.py then calls `parse`). Raises as `parse`."""
    import polars as pl  # here: the CLI starts without polars

    doc = load_json(fetched, data)
    if not isinstance(doc, dict) or not doc:
        return None  # `parse` raises the error
    cols = _columns(doc, is_style_control(fetched))
    if cols is None:
        return None
    n = len(cols["category"])
    cols["style_control"] = [cols["style_control"]] * n
    return {TABLES[0]: pl.DataFrame([pl.Series(k, v, strict=True) for k, v in cols.items()])}


class _Slow(Exception):
    pass


def _columns(doc: dict, style: bool) -> dict | None:
    """The rows of a document as columns (`style_control` as its one value), or None when a part
    needs the row-by-row rules (anything but an object of objects with finite or null numbers)."""
    category_col: list[str] = []
    raw_keys: list[str] = []
    ratings: dict[str, list] = {"rating": [], "rating_q025": [], "rating_q975": []}
    try:
        for category, models in doc.items():
            if not isinstance(models, dict):
                raise _Slow
            vals_list = list(models.values())
            for vals in vals_list:
                if not isinstance(vals, dict) or "rating" not in vals:
                    raise _Slow
            for name, out in ratings.items():
                out += _scores([vals.get(name) for vals in vals_list])
            raw_keys += models
            category_col += [category] * len(vals_list)
    except _Slow:
        return None
    return {
        "category": category_col,
        "model_key": [k.strip() for k in raw_keys],
        "model_key_raw": raw_keys,
        **ratings,
        "style_control": style,
    }


def _scores(values: list) -> list:
    """`score_float` of each value, for finite numbers and nulls (floats as they are: a float's
    text reads back as the same float); anything else raises _Slow."""
    if all(v.__class__ is float for v in values) and math.isfinite(sum(values)):
        return values
    out = []
    for v in values:
        if v is None:
            out.append(None)
        elif v.__class__ is float and v - v == 0.0:
            out.append(v)
        elif v.__class__ is int and -(2**53) <= v <= 2**53:
            out.append(float(v))
        else:
            raise _Slow
    return out
