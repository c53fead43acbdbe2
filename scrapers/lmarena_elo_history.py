"""A community archive of the overall Arena rating at every published Elo-results date (2023-05 on).

Reads every version of `output/result.csv` in `nakasyou/lmarena-history` (built from the dated
`elo_results_YYYYMMDD.pkl` files of the LMArena Space, which opengap itself never unpickles) and
yields one row per (date, model key) cell of the wide table, listed or not.

Upstream quirks (PROVENANCE.md of the captures):
* Wide CSV: an empty first header cell, then one column per arena key; each row starts with the
  date as `YYYYMMDD`.
* `0.0` means "not on that date's leaderboard", never a score: kept as a row with no rating and
  `is_listed` false. A model can drop out and come back.
* Up to 2024-06-26 the archive carries the pickles' online Elo, not the Bradley-Terry rating the
  leaderboard displayed from 2023-12-07; from 2024-06-29 it carries the Bradley-Terry rating (see the
  std adapter and warehouse/overrides/regimes.csv).
"""

from __future__ import annotations

import datetime as dt
import re

from scrapers import _github
from scrapers._http import Client
from scrapers._parse import read_csv_rows, score_float, where
from scrapers._types import Fetched, SourceChangedError

NAME = "lmarena_elo_history"
TITLE = "LMArena rating history (community archive of the Elo-results files)"
REPO = "nakasyou/lmarena-history"
PATH = "output/result.csv"
HOMEPAGE = "https://github.com/nakasyou/lmarena-history"
ATTRIBUTION = (
    "nakasyou/lmarena-history (github.com/nakasyou/lmarena-history), derived from LMArena's "
    "elo_results files, https://lmarena.ai"
)
TABLES = ("lmarena_elo_history_ratings",)
_YYYYMMDD = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def snapshot_date_for(filename: str) -> str | None:
    return None  # the file covers many dates: pass --snapshot-date (its last date)


def fetch(client: Client, store, since: str | None = None, **_) -> list[Fetched]:
    """Every version of the CSV not yet stored, dated by its commit. Each row carries its own
    Elo-results date (std uses that); the commit date orders the versions, so a later commit that
    cuts the file short is compared with the one before it and refused (a date read from the
    content would order the cut file first and let it through)."""
    return _github.fetch_histories(client, store, source=NAME, repo=REPO, paths=[PATH], since=since)


def _date(fetched: Fetched, cell: str, row: int) -> str:
    m = _YYYYMMDD.match(cell.strip())
    try:
        if not m:
            raise ValueError
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        raise SourceChangedError(
            NAME, where(fetched), "a date YYYYMMDD in the first column", f"{cell!r} on row {row}"
        ) from None


# the frame `parse` returns, typed as warehouse/build.py types a staging table's rows
SCHEMA = {
    "rating_date": "String",
    "column_number": "Int64",
    "model_key": "String",
    "model_key_raw": "String",
    "rating": "Float64",
    "is_listed": "Boolean",
}


def parse(fetched: Fetched, data: bytes) -> dict:
    """One frame (`TABLES`' table), a row per (date, model key) cell, built a column at a time
    (the wide table has ~20,000 cells); cells are read, and bad ones raised, row by row."""
    header, rows = read_csv_rows(fetched, data, required=[])
    keys = header[1:]
    if header[:1] != [""] or not keys or any(not k for k in keys):
        raise SourceChangedError(
            NAME,
            where(fetched),
            "a header of an empty cell, then one model key per column",
            f"[{', '.join(repr(h) for h in header[:6])}{', …' if len(header) > 6 else ''}]",
        )
    repeated = sorted({k for k in keys if keys.count(k) > 1})
    if repeated:
        raise SourceChangedError(
            NAME, where(fetched), "each model key once in the header", f"{', '.join(repeated[:5])}"
        )
    stripped = [k.strip() for k in keys]
    numbers = list(range(2, len(keys) + 2))
    columns: dict[str, list] = {c: [] for c in SCHEMA}
    for n, values in enumerate(rows, start=1):
        date = _date(fetched, values[0], n)
        ratings = []
        for key, cell in zip(keys, values[1:], strict=True):
            rating = score_float(fetched, cell, key, n)
            if rating is not None and rating < 0:
                raise SourceChangedError(
                    NAME, where(fetched), "a rating >= 0", f"{cell} in column {key} on row {n}"
                )
            ratings.append(rating)
        listed = [bool(r) for r in ratings]  # 0.0: not on that date's leaderboard
        columns["rating_date"] += [date] * len(keys)
        columns["column_number"] += numbers
        columns["model_key"] += stripped
        columns["model_key_raw"] += keys
        columns["rating"] += [
            r if is_listed else None for r, is_listed in zip(ratings, listed, strict=True)
        ]
        columns["is_listed"] += listed
    import polars as pl  # here: the CLI starts without polars

    return {TABLES[0]: pl.DataFrame(columns, schema={c: getattr(pl, t) for c, t in SCHEMA.items()})}
