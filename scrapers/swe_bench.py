"""The SWE-bench leaderboards file (`data/leaderboards.json` of the swebench.com site repo): every board, every result.

Reads the file from the site repository's default branch (conditional GET on its ETag; the snapshot date is
the fetch date, since the file carries none) and yields one row per result per board (Verified, Lite, Test,
Multimodal, bash-only, …), keyed by board + `folder`, with the percent resolved, the submission date, the
`Model:` / `Org:` / `System:` tags split out and the site's open-weights / open-scaffold flags as published.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from typing import Any

from scrapers import settings
from scrapers._current import fetch_current
from scrapers._http import Client
from scrapers._parse import load_json, score_float, text_or_none, to_float, where
from scrapers._types import Fetched, SourceChangedError

NAME = "swe_bench"
TITLE = "SWE-bench leaderboards (swebench.com data file)"
HOMEPAGE = "https://www.swebench.com/"
ATTRIBUTION = (
    "SWE-bench leaderboards, https://www.swebench.com (github.com/SWE-bench/swe-bench.github.io, "
    "data/leaderboards.json), CC BY-NC 4.0: non-commercial use only, with attribution"
)
TABLES = ("swe_bench_results",)
REPO = "SWE-bench/swe-bench.github.io"
PATH = "data/leaderboards.json"
BRANCH = "master"
MAX_BYTES = 256 * 1024 * 1024  # 4.2 MB in 2025-12 (per-instance details), growing
EXPECTED = "a JSON object {'leaderboards': [{'name', 'results': [...]}, ...]}"
KNOWN = {
    "name", "resolved", "date", "folder", "os_model", "os_system", "checked", "tags", "site", "logs",
    "trajs", "cost", "instance_cost", "instance_calls", "mini-swe-agent_version", "warning",
}  # fmt: skip
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_HF = re.compile(r"^https?://(?:www\.)?huggingface\.co/([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)/?$")


def snapshot_date_for(filename: str) -> str | None:
    m = re.search(r"(\d{4}-\d{2}-\d{2})", filename)
    return m.group(1) if m else None


def fetch(client: Client, store, **_) -> list[Fetched]:
    base = settings.base_url(NAME, "github_raw", settings.GITHUB_RAW)
    got = fetch_current(
        client, store, NAME, f"{base}/{REPO}/{BRANCH}/{PATH}", "leaderboards.json", MAX_BYTES
    )
    return [got] if got else []


def model_tag_key(tag: str) -> str:
    """A `Model:` tag as an identifier: a Hugging Face URL becomes its repo id; others stay as written."""
    m = _HF.match(tag.strip())
    return m.group(1) if m else tag.strip()


def _bool(fetched: Fetched, value: Any, what: str, where_: str) -> bool | None:
    if value is None or isinstance(value, bool):
        return value
    raise SourceChangedError(
        NAME, where(fetched), f"'{what}' as true/false", f"{value!r} on {where_}"
    )


def _checked(fetched: Fetched, value: Any, at: str) -> bool | None:
    """`checked` is a boolean, or (2025-12, 8 results) text such as 'false (See README.md for info …)'."""
    if isinstance(value, str):
        word = value.strip().split(" ", 1)[0].lower()
        if word in ("true", "false"):
            return word == "true"
    return _bool(fetched, value, "checked", at)


def parse(fetched: Fetched, data: bytes) -> Iterator[dict]:
    # Load inputs
    doc = load_json(fetched, data)
    boards = doc.get("leaderboards") if isinstance(doc, dict) else None
    if not isinstance(boards, list) or not boards:
        found = (
            "an empty 'leaderboards' list"
            if isinstance(boards, list)
            else f"a JSON {type(doc).__name__}"
            + (f" with keys [{', '.join(sorted(doc)[:8])}]" if isinstance(doc, dict) else "")
        )
        raise SourceChangedError(NAME, where(fetched), EXPECTED, found)
    seen: set[tuple[str, str]] = set()
    for b, board in enumerate(boards, start=1):
        if (
            not isinstance(board, dict)
            or not text_or_none(board.get("name"))
            or not isinstance(board.get("results"), list)
        ):
            raise SourceChangedError(
                NAME, where(fetched), EXPECTED, f"board {b} without 'name' or 'results'"
            )
        for i, r in enumerate(board["results"], start=1):
            at = f"result {i} of board {board['name']}"
            if not isinstance(r, dict) or not text_or_none(r.get("folder")) or "resolved" not in r:
                raise SourceChangedError(
                    NAME,
                    where(fetched),
                    "results with 'folder' and 'resolved'",
                    f"{at} without them",
                )
            key = (str(board["name"]), str(r["folder"]))
            if key in seen:
                raise SourceChangedError(
                    NAME,
                    where(fetched),
                    "'folder' unique within a board",
                    f"{r['folder']!r} twice on {board['name']}",
                )
            seen.add(key)
    # Process
    for board in boards:
        name = str(board["name"]).strip()
        for i, r in enumerate(board["results"], start=1):
            at = f"result {i} of board {name}"
            tags = r.get("tags") or []
            if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
                raise SourceChangedError(
                    NAME, where(fetched), "'tags' as a list of strings", f"{tags!r} on {at}"
                )
            by_key: dict[str, list[str]] = {}
            for t in tags:
                k, sep, v = t.partition(":")
                if sep and v.strip():
                    by_key.setdefault(k.strip().lower(), []).append(v.strip())
            models = by_key.get("model", [])
            date = text_or_none(r.get("date"))
            if date is not None:
                try:
                    if not _DATE.match(date):
                        raise ValueError
                    dt.date.fromisoformat(date)
                except ValueError:
                    raise SourceChangedError(
                        NAME, where(fetched), "'date' as YYYY-MM-DD", f"{date!r} on {at}"
                    ) from None
            other = {k: v for k, v in r.items() if k not in KNOWN}
            yield {
                "board": name,
                "row_number": i,
                "folder": str(r["folder"]).strip(),
                "name": text_or_none(r.get("name")),
                "resolved": score_float(
                    fetched, r.get("resolved"), "resolved", i, f" of board {name}"
                ),
                "submitted_on": date,
                "os_model": _bool(fetched, r.get("os_model"), "os_model", at),
                "os_system": _bool(fetched, r.get("os_system"), "os_system", at),
                "checked": _checked(fetched, r.get("checked"), at),
                "checked_note": r["checked"] if isinstance(r.get("checked"), str) else None,
                "model_tags": json.dumps(models) if models else None,
                "model_count": len(models),
                "model_key": model_tag_key(models[0]) if len(models) == 1 else None,
                "org": "; ".join(by_key.get("org", [])) or None,
                "system": "; ".join(by_key.get("system", [])) or None,
                "tags": json.dumps(tags),
                "site": text_or_none(r.get("site")),
                "logs": text_or_none(r.get("logs")),
                "trajs": text_or_none(r.get("trajs")),
                "cost_usd": to_float(r.get("cost")),
                "instance_cost_usd": to_float(r.get("instance_cost")),
                "instance_calls": to_float(r.get("instance_calls")),
                "mini_swe_agent_version": text_or_none(r.get("mini-swe-agent_version")),
                "warning": text_or_none(r.get("warning")),
                "extra": json.dumps(other, sort_keys=True) if other else None,
            }
