"""LMArena's own `arena-catalog` repository: per-category Bradley-Terry ratings with 95% bounds.

Reads every version of `data/leaderboard-text.json` (and its style-controlled twin) from the
repository's history; `parse` returns one frame with a row per category per model key.
"""

from __future__ import annotations

import math
import re

from scrapers import _github
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
    return _github.fetch_histories(
        client,
        store,
        source=NAME,
        repo=REPO,
        paths=PATHS,
        snapshot_date=commit_snapshot_date,
        since=since,
    )


def is_style_control(fetched: Fetched) -> bool:
    name = fetched.filename or fetched.url
    return "style-control" in name or "style_control" in name


def parse(fetched: Fetched, data: bytes) -> dict:
    """One polars frame for `lmarena_arena_catalog_ratings`: a row per category per model key,
    in the document's order. The first problem in that order (a category that is not an object, a
    model without `rating`, a NaN) fails the file with one line."""
    import polars as pl  # here: the CLI starts without polars

    doc = load_json(fetched, data)
    where = fetched.display_path()
    if not isinstance(doc, dict) or not doc:
        raise SourceChangedError(
            NAME, where, "an object of category → model → rating", f"a JSON {type(doc).__name__}"
        )
    categories: list[str] = []
    raw_keys: list[str] = []
    ratings: dict[str, list] = {"rating": [], "rating_q025": [], "rating_q975": []}
    for category, models in doc.items():
        if not isinstance(models, dict):
            raise SourceChangedError(
                NAME,
                where,
                "an object of model → rating per category",
                f"a {type(models).__name__} under {category!r}",
            )
        keys = list(models)
        vals_list = list(models.values())
        # Problems as (row, step, error): step 0 is the row's shape, then its three scores in
        # order; the smallest is the one a reader going row by row meets first.
        problems: list[tuple[int, int, SourceChangedError]] = []
        for n, vals in enumerate(vals_list, start=1):
            if not isinstance(vals, dict) or "rating" not in vals:
                found = f"{str(vals)[:60]!r} for {keys[n - 1]!r} in {category!r}"
                expected = "{rating, rating_q025, rating_q975} per model"
                problems.append((n, 0, SourceChangedError(NAME, where, expected, found)))
                vals_list = vals_list[: n - 1]  # the rows before it are read; it fails the file
                break
        for step, (name, out) in enumerate(ratings.items(), start=1):
            scores, problem = _scores(fetched, name, category, keys, vals_list, step)
            out += scores
            if problem:
                problems.append(problem)
        if problems:
            raise min(problems, key=lambda p: p[:2])[2]
        raw_keys += keys
        categories += [category] * len(keys)
    columns = {
        "category": categories,
        "model_key": [k.strip() for k in raw_keys],
        "model_key_raw": raw_keys,
        **ratings,
        "style_control": [is_style_control(fetched)] * len(raw_keys),
    }
    return {TABLES[0]: pl.DataFrame([pl.Series(k, v, strict=True) for k, v in columns.items()])}


def _scores(
    fetched: Fetched, name: str, category: str, keys: list[str], vals_list: list[dict], step: int
) -> tuple[list, tuple[int, int, SourceChangedError] | None]:
    """`score_float` of one score of every model of a category, and the first cell it refuses as
    (row, step, error). Finite floats are taken as they are (a float's text reads back as the
    same float: what `score_float` returns); every other value goes through `score_float`."""
    values = [vals.get(name) for vals in vals_list]
    if all(v.__class__ is float for v in values) and math.isfinite(sum(values)):
        return values, None
    out = []
    for n, v in enumerate(values, start=1):
        try:
            out.append(score_float(fetched, v, name, n, f" ({keys[n - 1]!r} in {category!r})"))
        except SourceChangedError as err:
            return out, (n, step, err)
    return out, None
