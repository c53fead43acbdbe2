"""Artificial Analysis' LLM leaderboard data: one record per model variant with indices, benchmark scores and openness.

Reads the daily `data/<YYYY-MM-DD>/llms.json` files of github.com/oolong-tea-2026/artificial-analysis-leaderboards
(the model data embedded in artificialanalysis.ai/leaderboards/models, re-serialised by that repo); yields one
row per model per day (creator, release date, open-weights flag and licence as published) and one row per
published evaluation number (Intelligence / Coding / Agentic Index, per-benchmark fractions).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from scrapers import settings
from scrapers._github import api_headers
from scrapers._http import Client, get_listing, listing_cache
from scrapers._parse import json_listing, load_json, score_float, text_or_none, where
from scrapers._types import Fetched, SourceChangedError

NAME = "artificial_analysis"
TITLE = "Artificial Analysis LLM leaderboard (model data, daily mirror)"
HOMEPAGE = "https://artificialanalysis.ai/leaderboards/models"
ATTRIBUTION = (
    "Artificial Analysis, https://artificialanalysis.ai (leaderboard page data, mirrored daily by "
    "github.com/oolong-tea-2026/artificial-analysis-leaderboards); no data licence stated"
)
TABLES = ("artificial_analysis_models", "artificial_analysis_scores")
REPO = "oolong-tea-2026/artificial-analysis-leaderboards"
FILE = "llms.json"
MAX_BYTES = 64 * 1024 * 1024  # the files grow from 2.5 MB (2026-04) to 3.8 MB (2026-07)
CONTENTS_LIMIT = 1000
EXPECTED = "a JSON object with a 'models' list of records with 'id', 'name' and 'evaluations'"
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# '(high)', '(Non-reasoning)', '(Adaptive Reasoning, Max Effort)': the run setting, not the model.
# A date or version in parentheses ("(Dec '24)", '(0613)', '(Preview)') is part of the model's name.
_SETTING = re.compile(
    r"\s*\(((?:(?:adaptive\s+)?(?:non-)?reasoning|xhigh|high|medium|low|minimal|max"
    r"|(?:xhigh|high|medium|low|max|minimal)\s+effort)"
    r"(?:\s*,\s*(?:(?:adaptive\s+)?(?:non-)?reasoning|(?:xhigh|high|medium|low|max|minimal)\s+effort))*)\)$",
    re.I,
)
MODEL_KEYS = {
    "id", "name", "short_name", "slug", "release_date", "reasoning_model", "deprecated",
    "creator", "evaluations", "open_weights", "capabilities",
}  # fmt: skip
OPEN_KEYS = {
    "is_open_weights", "commercial_allowed", "license_name", "license_url", "huggingface_url",
    "openrouter_api_id",
}  # fmt: skip
CAPABILITY_KEYS = {"total_parameters", "active_parameters", "context_window_tokens"}


def snapshot_date_for(filename: str) -> str | None:
    m = re.search(r"(\d{4}-\d{2}-\d{2})", filename)
    return m.group(1) if m else None


def _dirs_page(url: str, body: bytes) -> list[dict]:
    return json_listing(NAME, url, body, "a JSON list of directory entries", of_objects=True)


def fetch(client: Client, store, since: str | None = None, **_) -> list[Fetched]:
    """Every day's llms.json not yet stored: the repo keeps one folder per day, never rewritten."""
    api = settings.base_url(NAME, "github_api", settings.GITHUB_API)
    raw = settings.base_url(NAME, "github_raw", settings.GITHUB_RAW)
    listings = listing_cache(store, NAME)
    pages = get_listing(
        client, listings, f"{api}/repos/{REPO}/contents/data", _dirs_page, headers=api_headers()
    )
    entries = [e for page in pages for e in page]
    if len(entries) >= CONTENTS_LIMIT:  # the contents API lists at most 1,000 entries, silently
        raise SourceChangedError(
            NAME,
            f"{api}/repos/{REPO}/contents/data",
            f"fewer than {CONTENTS_LIMIT} entries in data/",
            f"{len(entries)} (the listing may be cut: list the folder through the git trees API)",
        )
    days = sorted(
        e["name"]
        for e in entries
        if e.get("type") == "dir" and isinstance(e.get("name"), str) and _DATE.match(e["name"])
    )
    new: list[Fetched] = []
    for day in days:
        key = f"{FILE}@{day}"  # one family (llms.json) compared day by day in warehouse/checks.py
        if store.has_upstream_key(NAME, key) or (since and day < since):
            continue
        url = f"{raw}/{REPO}/HEAD/data/{day}/{FILE}"
        resp = client.get(url, ok_statuses=(200,), max_bytes=MAX_BYTES)
        new.append(
            store.put_response(NAME, url, resp, snapshot_date=day, upstream_key=key, filename=FILE)
        )
    listings.commit()
    return new


def split_setting(name: str) -> tuple[str, str]:
    """'GPT-5.4 Pro (xhigh)' → ('GPT-5.4 Pro', 'xhigh'); "GPT-4o (Nov '24)" stays whole."""
    m = _SETTING.search(name)
    if not m:
        return name, ""
    parts = [p.strip().lower().replace(" ", "_") for p in m.group(1).split(",")]
    return name[: m.start()].rstrip(), ";".join(parts)


def _bool(fetched: Fetched, value: Any, what: str, i: int) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise SourceChangedError(
        NAME, where(fetched), f"{what} as true/false/null", f"{value!r} on model {i}"
    )


def _date(fetched: Fetched, value: Any, i: int) -> str | None:
    if value is None or value == "":
        return None
    s = str(value)
    if _DATE.match(s):
        try:
            return dt.date.fromisoformat(s).isoformat()
        except ValueError:
            pass
    raise SourceChangedError(
        NAME, where(fetched), "release_date as YYYY-MM-DD", f"{s!r} on model {i}"
    )


def _obj(fetched: Fetched, model: dict, key: str, i: int) -> dict:
    value = model.get(key)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise SourceChangedError(
            NAME, where(fetched), f"'{key}' as an object", f"a {type(value).__name__} on model {i}"
        )
    return value


def _number(fetched: Fetched, value: Any, column: str, i: int) -> float | None:
    if isinstance(value, bool) or not (value is None or isinstance(value, int | float)):
        raise SourceChangedError(
            NAME, where(fetched), f"a number or null in '{column}'", f"{value!r} on model {i}"
        )
    return score_float(fetched, value, column, i)


# the frames `parse` returns, typed as warehouse/build.py types a staging table's rows
MODEL_SCHEMA = {
    "row_number": "Int64",
    "model_uuid": "String",
    "name": "String",
    "base_name": "String",
    "setting": "String",
    "short_name": "String",
    "slug": "String",
    "release_date": "String",
    "reasoning_model": "Boolean",
    "deprecated": "Boolean",
    "creator_id": "String",
    "creator_name": "String",
    "creator_slug": "String",
    "creator_country": "String",
    "is_open_weights": "Boolean",
    "commercial_allowed": "Boolean",
    "license_name": "String",
    "license_url": "String",
    "huggingface_url": "String",
    "openrouter_api_id": "String",
    "intelligence_index_is_estimated": "Boolean",
    "total_parameters_b": "Float64",
    "active_parameters_b": "Float64",
    "context_window_tokens": "Float64",
    "extra": "String",
}
SCORE_SCHEMA = {"model_uuid": "String", "name": "String", "metric": "String", "score": "Float64"}


def parse(fetched: Fetched, data: bytes) -> dict:
    """One frame per staging table (`TABLES`): a row per model record, a row per published
    number. Built a column at a time (26,000 rows a file); each value is read, and each bad value
    raised, in the order of the record's fields."""
    # Load inputs
    doc = load_json(fetched, data)
    models = doc.get("models") if isinstance(doc, dict) else None
    if not isinstance(models, list) or not models:
        found = (
            "an empty 'models' list" if isinstance(models, list) else f"a JSON {type(doc).__name__}"
        )
        if isinstance(doc, dict) and models is None:
            found = f"an object with keys [{', '.join(sorted(doc)[:8])}]"
        raise SourceChangedError(NAME, where(fetched), EXPECTED, found)
    for i, m in enumerate(models, start=1):
        if (
            not isinstance(m, dict)
            or not text_or_none(m.get("id"))
            or not text_or_none(m.get("name"))
        ):
            raise SourceChangedError(
                NAME, where(fetched), EXPECTED, f"model {i} without 'id' or 'name'"
            )
        if not isinstance(m.get("evaluations"), dict):
            raise SourceChangedError(
                NAME, where(fetched), EXPECTED, f"model {i} without 'evaluations'"
            )
    # Process
    rows: dict[str, list] = {c: [] for c in MODEL_SCHEMA}
    scores: dict[str, list] = {c: [] for c in SCORE_SCHEMA}
    for i, m in enumerate(models, start=1):
        creator = _obj(fetched, m, "creator", i)
        ow = _obj(fetched, m, "open_weights", i)
        cap = _obj(fetched, m, "capabilities", i)
        ev = m["evaluations"]
        name = str(m["name"])
        model_id = str(m["id"]).strip()
        base, setting = split_setting(name.strip())
        extra = {k: v for k, v in m.items() if k not in MODEL_KEYS}
        extra.update({f"open_weights.{k}": v for k, v in ow.items() if k not in OPEN_KEYS})
        extra.update({f"capabilities.{k}": v for k, v in cap.items() if k not in CAPABILITY_KEYS})
        extra.update(
            {
                f"creator.{k}": v
                for k, v in creator.items()
                if k not in ("id", "name", "slug", "country")
            }
        )
        row = (
            ("row_number", i),
            ("model_uuid", model_id),
            ("name", name),
            ("base_name", base),
            ("setting", setting),
            ("short_name", text_or_none(m.get("short_name"))),
            ("slug", text_or_none(m.get("slug"))),
            ("release_date", _date(fetched, m.get("release_date"), i)),
            ("reasoning_model", _bool(fetched, m.get("reasoning_model"), "reasoning_model", i)),
            ("deprecated", _bool(fetched, m.get("deprecated"), "deprecated", i)),
            ("creator_id", text_or_none(creator.get("id"))),
            ("creator_name", text_or_none(creator.get("name"))),
            ("creator_slug", text_or_none(creator.get("slug"))),
            ("creator_country", text_or_none(creator.get("country"))),
            ("is_open_weights", _bool(fetched, ow.get("is_open_weights"), "is_open_weights", i)),
            (
                "commercial_allowed",
                _bool(fetched, ow.get("commercial_allowed"), "commercial_allowed", i),
            ),
            ("license_name", text_or_none(ow.get("license_name"))),
            ("license_url", text_or_none(ow.get("license_url"))),
            ("huggingface_url", text_or_none(ow.get("huggingface_url"))),
            ("openrouter_api_id", text_or_none(ow.get("openrouter_api_id"))),
            (
                "intelligence_index_is_estimated",
                _bool(
                    fetched,
                    ev.get("artificial_analysis_intelligence_index_is_estimated"),
                    "artificial_analysis_intelligence_index_is_estimated",
                    i,
                ),
            ),
            (
                "total_parameters_b",
                _number(fetched, cap.get("total_parameters"), "total_parameters", i),
            ),
            (
                "active_parameters_b",
                _number(fetched, cap.get("active_parameters"), "active_parameters", i),
            ),
            (
                "context_window_tokens",
                _number(fetched, cap.get("context_window_tokens"), "context_window_tokens", i),
            ),
            ("extra", json.dumps(extra, sort_keys=True) if extra else None),
        )
        for column, value in row:
            rows[column].append(value)
        for metric, value in ev.items():
            if metric.endswith("_is_estimated"):
                continue
            score = _number(fetched, value, f"evaluations.{metric}", i)
            if score is None:
                continue
            scores["model_uuid"].append(model_id)
            scores["name"].append(name)
            scores["metric"].append(metric)
            scores["score"].append(score)
    import polars as pl  # here: the CLI starts without polars

    return {
        "artificial_analysis_models": pl.DataFrame(
            rows, schema={c: getattr(pl, t) for c, t in MODEL_SCHEMA.items()}
        ),
        "artificial_analysis_scores": pl.DataFrame(
            scores, schema={c: getattr(pl, t) for c, t in SCORE_SCHEMA.items()}
        ),
    }
