"""The LMArena text leaderboard as displayed, flattened to CSV by the `fboulnois/llm-leaderboard-csv` job.

Reads every version of `csv/lmsys.csv` (Gradio app era, to 2025-07) and `csv/lmarena_text.csv`
(lmarena.ai era) from the repository's history; yields one row per model per version with the
arena score, its asymmetric 95% interval and votes, organization, license and knowledge cutoff.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from scrapers import _github
from scrapers._http import Client
from scrapers._parse import read_csv, score_float, text_or_none, to_int
from scrapers._types import Fetched, SourceChangedError

NAME = "lmarena_leaderboard_csv"
TITLE = "LMArena text leaderboard table (CSV scrape)"
REPO = "fboulnois/llm-leaderboard-csv"
PATHS = ("csv/lmsys.csv", "csv/lmarena_text.csv")
HOMEPAGE = "https://lmarena.ai/leaderboard/text"
ATTRIBUTION = (
    "LMArena, https://lmarena.ai; table scraped by github.com/fboulnois/llm-leaderboard-csv"
)
TABLES = ("lmarena_leaderboard_csv_scores",)
REQUIRED = ["rank", "model", "arena_score", "95_pct_ci", "votes", "organization", "license"]
KNOWN = set(REQUIRED) | {"rank_stylectrl", "knowledge_cutoff", "url"}
_VERSION = re.compile(r"version (\d{4})\.(\d{2})\.(\d{2})")
_CI = re.compile(r"^\s*\+\s*(\d+(?:\.\d+)?)\s*/\s*-\s*(\d+(?:\.\d+)?)\s*$")


def snapshot_date_for(filename: str) -> str | None:
    return None  # the file name carries no date: pass --snapshot-date


def commit_snapshot_date(commit: dict) -> str | None:
    """The job's commit message names the leaderboard version: `auto: update csv outputs to version 2025.01.29`."""
    msg = (commit.get("commit") or {}).get("message") or ""
    m = _VERSION.search(msg)
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


def parse(fetched: Fetched, data: bytes) -> Iterator[dict]:
    header, rows = read_csv(fetched, data, required=REQUIRED)
    extra_cols = [h for h in header if h not in KNOWN]
    for i, row in enumerate(rows, start=1):
        ci = (row.get("95_pct_ci") or "").strip()
        m = _CI.match(ci)
        if ci and not m:
            raise SourceChangedError(
                NAME, fetched.display_path(), "95_pct_ci like '+4/-3'", f"{ci!r} on row {i}"
            )
        yield {
            "row_number": i,
            "rank": to_int(row["rank"]),
            "rank_stylectrl": to_int(row.get("rank_stylectrl")),
            "model": row["model"].strip(),
            "arena_score": score_float(fetched, row["arena_score"], "arena_score", i),
            "ci_plus": float(m.group(1)) if m else None,
            "ci_minus": float(m.group(2)) if m else None,
            "ci_raw": ci or None,
            "votes": to_int(row["votes"]),
            "organization": text_or_none(row["organization"]),
            "license": text_or_none(row["license"]),
            "knowledge_cutoff": text_or_none(row.get("knowledge_cutoff")),
            "url": text_or_none(row.get("url")),
            "extra": json.dumps({c: row[c] for c in extra_cols}) if extra_cols else None,
        }
