"""The 2023 LMSYS blog posts that published the Chatbot Arena leaderboard as HTML tables.

Reads each post (the rendered page, or the Jekyll Markdown it is built from: both hold the same
literal `<table>` elements) and yields one row per table row, every cell kept under its header.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from bs4 import BeautifulSoup

from scrapers import settings
from scrapers._http import Client
from scrapers._parse import decode, score_float, score_int, text_or_none, to_int
from scrapers._types import Fetched, SourceChangedError

NAME = "lmsys_blog_leaderboard_html"
TITLE = "LMSYS blog leaderboard posts (2023, HTML tables)"
HOMEPAGE = "https://lmsys.org/blog/"
ATTRIBUTION = "LMSYS Org blog, https://lmsys.org/blog (now blog.lmarena.ai)"
TABLES = ("lmsys_blog_leaderboard_html_rows",)
# The posts that carry HTML leaderboard tables; the 2023-12-07 post uses a Markdown pipe table.
POSTS = ("2023-05-10-leaderboard", "2023-06-22-leaderboard")
_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")
_MEDALS = re.compile(r"[\U0001F947\U0001F948\U0001F949]")

# Header text (lower case) → staging column
HEADERS = {
    "rank": "rank",
    "model": "model",
    "elo rating": "elo_rating",
    "arena elo rating": "elo_rating",
    "mt-bench (score)": "mt_bench_score",
    "mmlu": "mmlu_pct",
    "license": "license",
    "description": "description",
}


def snapshot_date_for(filename: str) -> str | None:
    m = _DATE.search(filename)
    return m.group(1) if m else None


def fetch(client: Client, store, **_) -> list[Fetched]:
    base = settings.base_url(NAME, "blog", "https://lmsys.org/blog")
    new = []
    for post in POSTS:
        url = f"{base}/{post}/"
        resp = client.get(url, headers=store.conditional_headers(NAME, url))
        if resp.not_modified:
            continue
        new.append(
            store.put_response(
                NAME,
                url,
                resp,
                snapshot_date=snapshot_date_for(post),
                upstream_key=f"{post}@{resp.header('ETag') or ''}",
                filename=f"{post}.html",
            )
        )
    return new


def _cell_text(cell) -> str:
    return " ".join(cell.get_text(" ", strip=True).split())


def parse(fetched: Fetched, data: bytes) -> Iterator[dict]:
    text = decode(fetched, data, "blog post", allow_html=True)
    soup = BeautifulSoup(text, "html.parser")
    tables = soup.find_all("table")
    if not tables:
        raise SourceChangedError(
            NAME, fetched.display_path(), "at least one <table>", "no table in the page"
        )
    found_model_table = False
    for t_index, table in enumerate(tables, start=1):
        header_row = next((tr for tr in table.find_all("tr") if tr.find("th")), None)
        if header_row is None:
            continue
        headers = [_cell_text(th) for th in header_row.find_all("th")]
        if "Model" not in headers:
            continue
        found_model_table = True
        for r_index, tr in enumerate(
            (tr for tr in table.find_all("tr") if tr.find("td") and not tr.find("th")), start=1
        ):
            cells = tr.find_all("td")
            if len(cells) != len(headers):
                raise SourceChangedError(
                    NAME,
                    fetched.display_path(),
                    f"{len(headers)} cells per row in table {t_index}",
                    f"{len(cells)} in row {r_index}",
                )
            values = {h: _cell_text(c) for h, c in zip(headers, cells, strict=True)}
            model_cell = cells[headers.index("Model")]
            link = model_cell.find("a")
            model_raw = link.get_text() if link else model_cell.get_text()
            row = {
                "table_index": t_index,
                "table_id": table.get("id"),
                "row_number": r_index,
                "model": _MEDALS.sub("", model_raw).strip(),
                "model_raw": model_raw,
                "link": link.get("href") if link else None,
                "rank": None,
                "elo_rating": None,
                "mt_bench_score": None,
                "mmlu_pct": None,
                "license": None,
                "description": None,
                "cells": json.dumps(values, ensure_ascii=False),
            }
            for h, v in values.items():
                col = HEADERS.get(h.lower())
                if col == "rank":
                    row[col] = to_int(v)
                elif col == "elo_rating":
                    row[col] = score_int(fetched, v, h, r_index, f" of table {t_index}")
                elif col in ("mt_bench_score", "mmlu_pct"):
                    row[col] = score_float(fetched, v, h, r_index, f" of table {t_index}")
                elif col in ("license", "description"):
                    row[col] = text_or_none(v)
            yield row
    if not found_model_table:
        raise SourceChangedError(
            NAME, fetched.display_path(), "a table with a 'Model' header", "none"
        )
