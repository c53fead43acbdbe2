"""LMArena's own `arena-catalog` repository: per-category Bradley-Terry ratings with 95% bounds.

Reads every version of `data/leaderboard-text.json` (and its style-controlled twin) from the
repository's history; yields one row per category per model key.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

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
