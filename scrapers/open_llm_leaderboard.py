"""Hugging Face Open LLM Leaderboard tables, v1 (2023-05 → 2024-06) and v2 (2024-06 → 2025-03).

Reads the scheduled CSV exports of `fboulnois/llm-leaderboard-csv` (`csv/huggingface.csv`, the v1
table; `csv/huggingface_v2.csv`, the v2 table) at every commit, and the 2023 table exports committed
by `dsdanielpark/open-llm-leaderboard-report` (`assets/YYYYMMDD/YYYYMMDD.csv`). `parse` returns one
frame per file with a row per leaderboard row: v1 and 2023 layouts for `open_llm_leaderboard_v1`,
v2 for `open_llm_leaderboard_v2`.

Registry regimes: v1 (ARC, HellaSwag, MMLU, TruthfulQA, then Winogrande and GSM8K from late 2023)
was retired on 2024-06-26 when v2 (IFEval, BBH, MATH lvl 5, GPQA, MuSR, MMLU-PRO, normalised scores)
replaced it; v2 was retired in 2025-03 (2025-03-21 is its final state). Every model is a Hub model:
this source describes the open side only, and is flooded with fine-tunes and merges.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re

from scrapers import _github, settings
from scrapers._http import Client, NoListingCache, get_listing, listing_cache
from scrapers._parse import (
    csv_column_index,
    json_listing,
    read_csv_rows,
    score_float,
    text_or_none,
    to_float,
    where,
)
from scrapers._types import Fetched, SourceChangedError

NAME = "open_llm_leaderboard"
TITLE = "Hugging Face Open LLM Leaderboard (v1, v2)"
HOMEPAGE = "https://huggingface.co/spaces/open-llm-leaderboard/open_llm_leaderboard"
ATTRIBUTION = (
    "Hugging Face Open LLM Leaderboard, https://huggingface.co/spaces/open-llm-leaderboard; "
    "tables scraped by github.com/fboulnois/llm-leaderboard-csv and "
    "github.com/dsdanielpark/open-llm-leaderboard-report"
)
TABLES = ("open_llm_leaderboard_v1", "open_llm_leaderboard_v2")

CSV_REPO = "fboulnois/llm-leaderboard-csv"
CSV_PATHS = ("csv/huggingface.csv", "csv/huggingface_v2.csv")
REPORT_REPO = "dsdanielpark/open-llm-leaderboard-report"
REPORT_DIR = "assets"  # one folder per table date: assets/20230619/20230619.csv

_VERSION = re.compile(r"version (\d{4})\.(\d{2})\.(\d{2})")
_DAY_DIR = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_REPORT_FILE = re.compile(r"^(\d{4})(\d{2})(\d{2})\.csv$")
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}")

# -- layouts ---------------------------------------------------------------------------------------
V1_SCORES = ("arc", "hellaswag", "mmlu", "truthfulqa", "winogrande", "gsm8k")
V1_REQUIRED = ["model", "average", *V1_SCORES, "precision", "fullname"]
V1_KNOWN = set(V1_REQUIRED) | {
    "t", "type", "architecture", "weight_type", "merged", "hub_license", "params_b",
    "hub_hearts", "available_on_the_hub", "model_sha", "flagged", "moe", "date", "url",
}  # fmt: skip
V2_SCORES = ("ifeval", "bbh", "math_lvl_5", "gpqa", "musr", "mmlupro")
V2_REQUIRED = ["model", "average", *V2_SCORES, "precision", "fullname"]
V2_KNOWN = (
    set(V2_REQUIRED)
    | {f"{s}_raw" for s in V2_SCORES}
    | {
        "t", "type", "architecture", "weight_type", "not_merged", "hub_license", "params_b",
        "hub_hearts", "available_on_the_hub", "model_sha", "flagged", "moe", "submission_date",
        "upload_to_hub_date", "chat_template", "maintainers_highlight", "generation",
        "base_model", "url",
    }
)  # fmt: skip
# dsdanielpark's 2023 exports: headers spelled 'ARC (25-shot)' early, 'ARC(25-shot)' later, so they
# are matched with spaces removed. Their `Parameters` is a derived 0-100 number, not a count.
Y2023_COLUMNS = {
    "Model": "model",
    "Average": "average",
    "ARC(25-shot)": "arc",
    "HellaSwag(10-shot)": "hellaswag",
    "MMLU(5-shot)": "mmlu",
    "TruthfulQA(0-shot)": "truthfulqa",
    "Winogrande(5-shot)": "winogrande",
    "GSM8K(5-shot)": "gsm8k",
    "Parameters": "parameters_derived",
    "URL": "url",
}
Y2023_REQUIRED = ["Model", "Average", "ARC(25-shot)", "HellaSwag(10-shot)", "MMLU(5-shot)", "TruthfulQA(0-shot)"]  # fmt: skip


def snapshot_date_for(filename: str) -> str | None:
    """dsdanielpark's files carry their table date (`20230619.csv`); fboulnois's carry none."""
    m = _REPORT_FILE.match(filename.rsplit("/", 1)[-1])
    return _iso_day(*m.groups()) if m else None


def _iso_day(y: str, m: str, d: str) -> str | None:
    try:
        return dt.date(int(y), int(m), int(d)).isoformat()
    except ValueError:
        return None


def commit_snapshot_date(commit: dict) -> str | None:
    """The export job names the leaderboard version: `auto: update csv outputs to version 2024.10.29`."""
    msg = (commit.get("commit") or {}).get("message") or ""
    m = _VERSION.search(msg)
    return (_iso_day(*m.groups()) if m else None) or _github.commit_date(commit)


# -- fetch -----------------------------------------------------------------------------------------
def fetch(client: Client, store, since: str | None = None, **_) -> list[Fetched]:
    api = settings.base_url(NAME, "github_api", settings.GITHUB_API)
    raw = settings.base_url(NAME, "github_raw", settings.GITHUB_RAW)
    new: list[Fetched] = []
    # Every listing is asked with If-None-Match when a copy is kept; the copies are written only
    # after every download below succeeded (an exception skips the commit).
    listings = listing_cache(store, NAME)
    for path in CSV_PATHS:
        for commit in _github.list_commits(client, api, CSV_REPO, path, cache=listings):
            date = commit_snapshot_date(commit)
            new += _download(client, store, raw, CSV_REPO, path, commit, date, since)
    new += _fetch_report_tables(client, store, api, raw, since, listings)
    listings.commit()
    return new


def _download(
    client: Client,
    store,
    raw: str,
    repo: str,
    path: str,
    commit: dict,
    date: str | None,
    since: str | None,
) -> list[Fetched]:
    """The file at one commit, unless stored already. The key is `owner/repo/path@sha`, so the
    warehouse's per-file checks compare each path's versions with each other (v1 never with v2)."""
    sha = commit.get("sha")  # checked: it becomes part of a URL path
    if not isinstance(sha, str) or not re.fullmatch(r"[0-9a-f]{40}", sha):
        return []
    key = f"{repo}/{path}@{sha}"
    if store.has_upstream_key(NAME, key) or (since and date and date < since):
        return []
    url = f"{raw}/{repo}/{sha}/{path}"
    resp = client.get(url, ok_statuses=(200,))
    return [
        store.put_response(
            NAME,
            url,
            resp,
            snapshot_date=date,
            upstream_key=key,
            filename=path.rsplit("/", 1)[-1],
            extra={"commit": sha, "message": (commit.get("commit") or {}).get("message")},
        )
    ]


def _report_listing(url: str, body: bytes) -> list:
    return json_listing(NAME, url, body, "a JSON list of directory entries")


def _fetch_report_tables(
    client: Client, store, api: str, raw: str, since: str | None, listings=None
) -> list[Fetched]:
    """dsdanielpark keeps one file per table date; the date is in the path, not the commit (the
    files were re-committed months later). Only each file's newest version is downloaded."""
    listings = listings if listings is not None else NoListingCache()
    url = f"{api}/repos/{REPORT_REPO}/contents/{REPORT_DIR}"
    listing = get_listing(client, listings, url, _report_listing, headers=_api_headers())[0]
    new: list[Fetched] = []
    for entry in listing:
        name = entry.get("name") if isinstance(entry, dict) else None
        m = _DAY_DIR.match(name or "")
        if not m or entry.get("type") != "dir":
            continue  # only dated folders; the name never reaches a path unchecked
        date = _iso_day(*m.groups())
        if date is None or (since and date < since):
            continue
        path = f"{REPORT_DIR}/{name}/{name}.csv"
        commits = [
            c
            for c in _github.list_commits(client, api, REPORT_REPO, path, cache=listings)
            if c.get("sha")
        ]
        if commits:  # a dated folder may hold no table
            newest = max(commits, key=lambda c: _github.commit_date(c) or "")
            new += _download(client, store, raw, REPORT_REPO, path, newest, date, since)
    return new


def _api_headers() -> dict[str, str]:
    return _github.api_headers()


# -- parse -----------------------------------------------------------------------------------------
def parse(fetched: Fetched, data: bytes) -> dict:
    """One polars frame for the file's table (`open_llm_leaderboard_v1` or `_v2`), a row per
    leaderboard row. Read a column at a time; a cell that is present but unreadable fails the file
    with one line naming the first such cell in row order (as a reader going row by row meets it)."""
    import polars as pl  # here: the CLI starts without polars

    header, values, layout = _read(fetched, data)
    c = _Cols(fetched, header, values)
    table, cols = {"v2": _columns_v2, "v1": _columns_v1}.get(layout, _columns_2023)(c, header)
    c.raise_first_problem()
    series = [
        pl.Series(k, [v.value] * c.n if isinstance(v, _Same) else v, strict=True)
        for k, v in cols.items()
    ]
    return {table: pl.DataFrame(series)}


def _read(fetched: Fetched, data: bytes) -> tuple[list[str], list[list[str]], str]:
    header, values = read_csv_rows(fetched, data, required=[])
    layout = _layout(fetched, header)
    if not values:
        raise SourceChangedError(NAME, where(fetched), "at least one data row", "only a header")
    if layout == "v2":
        _require(fetched, header, V2_REQUIRED)
    elif layout == "v1":
        _require(fetched, header, V1_REQUIRED)
    else:
        by_key = {h.replace(" ", ""): h for h in header}  # 'ARC (25-shot)' and 'ARC(25-shot)' alike
        _require(fetched, list(by_key), Y2023_REQUIRED, shown=header)
    return header, values, layout


def _layout(fetched: Fetched, header: list[str]) -> str:
    cols = set(header)
    if "fullname" in cols and cols & {"ifeval", "mmlupro", "math_lvl_5", "musr"}:
        return "v2"
    if "fullname" in cols and cols & {"arc", "hellaswag", "winogrande", "gsm8k"}:
        return "v1"
    if "Model" in cols and "Average" in cols:
        return "v1_2023"
    raise SourceChangedError(
        NAME,
        where(fetched),
        "an Open LLM Leaderboard table (v1, v2 or 2023 header)",
        f"[{', '.join(header[:8])}{', …' if len(header) > 8 else ''}]",
        "The upstream layout may have changed",
    )


def _require(
    fetched: Fetched, header: list[str], required: list[str], shown: list[str] | None = None
) -> None:
    missing = [c for c in required if c not in header]
    if missing:
        header = shown or header
        raise SourceChangedError(
            NAME,
            where(fetched),
            f"columns [{', '.join(required)}]",
            f"[{', '.join(header[:12])}{', …' if len(header) > 12 else ''}] (missing {', '.join(missing)})",
            "The upstream layout may have changed",
        )


def _base_repo(base: str | None, fullname: str) -> str | None:
    """The parent repo named by `base_model`: None when the column names the model itself (no
    `base_model` on its card), a merge of itself ('x/y (Merge)') or a removed parent ('Removed')."""
    if base is None:
        return None
    repo = base.removesuffix(" (Merge)").strip()
    if "/" not in repo or repo.lower() == fullname.strip().lower():
        return None
    return repo


# -- columns ---------------------------------------------------------------------------------------
_MISSING = frozenset(("", "-", "N/A", "n/a", "nan", "NaN", "None"))  # text_or_none's blanks
_BLANK_NUM = frozenset(("", "-", "N/A", "n/a", "None"))  # blanks `_number` reads as None
_FLAGS = {"": None, "TRUE": True, "FALSE": False}


def _number(fetched: Fetched, col: str, v: str, i: int) -> float | None:
    """One numeric cell: a finite number, None for a blank; a literal NaN or any other text fails."""
    try:
        f = float(v)
    except ValueError:
        pass
    else:
        if f - f == 0.0:  # finite (NaN and ±inf take the rule below)
            return f
    if text_or_none(v) is None:  # blank: None; a literal NaN fails the file
        return score_float(fetched, v, col, i)
    f = to_float(v)
    if f is None:
        raise _bad(fetched, col, v, i, "a number")
    return f


def _bad(fetched: Fetched, col: str, v: str, i: int, expected: str) -> SourceChangedError:
    return SourceChangedError(
        NAME, where(fetched), f"{expected} in column {col}", f"{v!r} on row {i}"
    )


class _Cols:
    """Typed columns of one CSV file. Every cell that is present but unreadable is a problem; each
    column read keeps its first one as (row, read step, error), and `raise_first_problem` raises
    the smallest: the columns are read in the order the fields of a row are, so that is the cell a
    reader going row by row (field by field) meets first."""

    def __init__(self, fetched: Fetched, header: list[str], values: list[list[str]]):
        self.fetched = fetched
        self.n = len(values)
        self.index = csv_column_index(header)
        self.cols = list(zip(*values, strict=True))
        self.step = 0
        self.problems: list[tuple[int, int, SourceChangedError]] = []

    def raise_first_problem(self) -> None:
        if self.problems:
            raise min(self.problems, key=lambda p: p[:2])[2]

    def _problem(self, i: int, err: SourceChangedError) -> None:
        self.problems.append((i, self.step, err))

    def raw(self, col: str) -> tuple[str, ...] | None:
        i = self.index.get(col)
        return None if i is None else self.cols[i]

    def text(self, col: str) -> list:
        cells = self.raw(col)
        if cells is None:
            return [None] * self.n
        missing = _MISSING
        return [None if (s := v.strip()) in missing else s for v in cells]

    def num(self, col: str) -> list:
        self.step += 1
        cells = self.raw(col)
        if cells is None:
            return [None] * self.n
        try:  # the common case, plain finite numbers: float() alone decides each cell
            out = list(map(float, cells))
        except ValueError:
            out = None
        if out is not None and (not out or math.isfinite(sum(out))):
            return out
        out = []
        blank = _BLANK_NUM
        for i, v in enumerate(cells, start=1):
            if v.strip() in blank:  # what `_number` reads as None, without its closer look
                out.append(None)
                continue
            try:
                out.append(_number(self.fetched, col, v, i))
            except SourceChangedError as err:
                self._problem(i, err)
                return out + [None] * (self.n - len(out))
        return out

    def int(self, col: str) -> list:
        out = self.num(col)
        for k, f in enumerate(out):
            if f is not None:
                if f != int(f):
                    self._problem(
                        k + 1, _bad(self.fetched, col, self.raw(col)[k], k + 1, "a whole number")
                    )
                    return out[:k] + [None] * (self.n - k)
                out[k] = int(f)
        return out

    def bool(self, col: str) -> list:
        self.step += 1
        cells = self.raw(col)
        if cells is None:
            return [None] * self.n
        flags = _FLAGS
        try:
            return [flags[v.strip()] for v in cells]
        except KeyError:
            pass
        out = []
        for i, v in enumerate(cells, start=1):
            if v.strip() not in flags:
                self._problem(i, _bad(self.fetched, col, v, i, "TRUE or FALSE"))
                return out + [None] * (self.n - len(out))
            out.append(flags[v.strip()])
        return out

    def day(self, col: str) -> list:
        """`YYYY-MM-DD…` cells as their date (`2024-05-05T10:00:00Z` → `2024-05-05`)."""
        self.step += 1
        out = self.text(col)
        seen: dict[str, bool] = {}
        for k, v in enumerate(out):
            if v is None:
                continue
            day = v[:10]
            ok = seen.get(day)
            if ok is None:
                ok = seen[day] = (
                    bool(_DAY.match(day)) and _iso_day(v[:4], v[5:7], v[8:10]) is not None
                )
            if not ok:
                bad = _bad(self.fetched, col, self.raw(col)[k], k + 1, "a date like 2024-05-05")
                self._problem(k + 1, bad)
                return out[:k] + [None] * (self.n - k)
            out[k] = day
        return out

    def model(self, col: str) -> tuple[str, ...]:
        """Model ids as published (std trims); an empty one fails the file."""
        self.step += 1
        cells = self.raw(col)
        for i, v in enumerate(cells, start=1):
            if not v.strip():
                found = f"an empty cell on row {i}"
                self._problem(
                    i,
                    SourceChangedError(
                        NAME, where(self.fetched), f"a model id in column {col}", found
                    ),
                )
                break
        return cells

    def extra(self, extra_cols: list[str]) -> list | None:
        """Every other column of a row as a JSON object (a repeated header: its first place, its
        last cell, as a dict of the row keeps them)."""
        if not extra_cols:
            return None
        names = list(dict.fromkeys(extra_cols))
        columns = [self.raw(c) for c in names]
        dumps = json.dumps
        return [
            dumps(dict(zip(names, cells, strict=True)), ensure_ascii=False)
            for cells in zip(*columns, strict=True)
        ]


def _negated(flags: list) -> list:
    return [None if f is None else not f for f in flags]


class _Same:
    """A column with one value on every row."""

    __slots__ = ("value",)

    def __init__(self, value):
        self.value = value


def _common_columns(c: _Cols) -> dict:
    """Columns v1 and v2 share. The leaderboard code inverts three flags under their display name:
    `merged` holds `not ('merge' in hub tags)`, `moe` holds `not (moe tag or 'moe' in the name)`,
    `flagged` holds `not_flagged` (in the 2024-06-19 v1 table 5748 of 7065 rows say merged=TRUE and
    Mixtral-architecture rows say moe=FALSE). The published values are kept; `is_*` say it plainly."""
    return {
        "type_symbol": c.text("t"),  # upstream column `t`: 🟢 🟩 🔶 💬 🤝 🌸 or '?'
        "type": c.text("type"),
        "architecture": c.text("architecture"),
        "weight_type": c.text("weight_type"),
        "precision": c.text("precision"),
        "hub_license": c.text("hub_license"),
        "params_b": c.num("params_b"),
        "hub_hearts": c.int("hub_hearts"),
        "available_on_the_hub": c.bool("available_on_the_hub"),
        "model_sha": c.text("model_sha"),
        "flagged": (flagged := c.bool("flagged")),
        "is_flagged": _negated(flagged),
        "moe": (moe := c.bool("moe")),
        "is_moe": _negated(moe),
        "url": c.text("url"),
    }


# Each layout's columns, read in the order of the row's fields (see `_Cols`).
def _columns_v1(c: _Cols, header: list[str]) -> tuple[str, dict]:
    # DROP sat in the v1 average from 2023-11 to 2023-12; a table carrying it averages 7 tasks
    n_tasks = len(V1_SCORES) + ("drop" in header)
    cols = {
        "row_number": range(1, c.n + 1),
        "layout": _Same("v1"),
        "model": c.model("model"),
        "fullname": c.model("fullname"),
        "average": c.num("average"),
        "average_tasks": _Same(n_tasks),
        **{s: c.num(s) for s in V1_SCORES},
        **_common_columns(c),
        "merged": (merged := c.bool("merged")),
        "is_merge": _negated(merged),
        "date": c.text("date"),  # ISO timestamp of the evaluation request, as published
        "submitted_on": c.day("date"),
        "parameters_derived": _Same(None),
        "extra": c.extra([h for h in header if h not in V1_KNOWN]) or _Same(None),
    }
    return "open_llm_leaderboard_v1", cols


_NONE_2023 = ("type_symbol", "type", "architecture", "weight_type", "precision", "hub_license",
              "params_b", "hub_hearts", "available_on_the_hub", "model_sha", "flagged",
              "is_flagged", "moe", "is_moe", "merged", "is_merge", "date", "submitted_on")  # fmt: skip


def _columns_2023(c: _Cols, header: list[str]) -> tuple[str, dict]:
    by_key = {h.replace(" ", ""): h for h in header}  # 'ARC (25-shot)' and 'ARC(25-shot)' alike
    col = {staged: by_key[k] for k, staged in Y2023_COLUMNS.items() if k in by_key}
    n_tasks = sum(s in col for s in V1_SCORES) + any(h.startswith("DROP") for h in header)
    none = _Same(None)
    cols = {
        "row_number": range(1, c.n + 1),
        "layout": _Same("v1_2023"),
        "model": c.model(col["model"]),
        "fullname": none,
        "average": c.num(col["average"]),
        "average_tasks": _Same(n_tasks),
        **{s: c.num(col[s]) if s in col else none for s in V1_SCORES},
        "parameters_derived": c.num(col["parameters_derived"])
        if "parameters_derived" in col
        else none,
        "url": c.text(col["url"]) if "url" in col else none,
        "extra": c.extra([h for h in header if h.replace(" ", "") not in Y2023_COLUMNS]) or none,
        **{k: none for k in _NONE_2023},
    }
    return "open_llm_leaderboard_v1", cols


def _columns_v2(c: _Cols, header: list[str]) -> tuple[str, dict]:
    fullname = c.model("fullname")  # read before `model`, as it always was
    base = c.text("base_model")
    cols = {
        "row_number": range(1, c.n + 1),
        "model": c.model("model"),
        "fullname": fullname,
        "average": c.num("average"),
        **{s: c.num(s) for s in V2_SCORES},
        **{f"{s}_raw": c.num(f"{s}_raw") for s in V2_SCORES},
        **_common_columns(c),
        "not_merged": (not_merged := c.bool("not_merged")),
        "is_merge": _negated(not_merged),
        "submission_date": c.day("submission_date"),
        "upload_to_hub_date": c.day("upload_to_hub_date"),
        "chat_template": c.bool("chat_template"),
        "maintainers_highlight": c.bool("maintainers_highlight"),
        "generation": c.int("generation"),
        "base_model": base,
        "base_model_repo": list(map(_base_repo, base, fullname)),
        "extra": c.extra([h for h in header if h not in V2_KNOWN]) or _Same(None),
    }
    return "open_llm_leaderboard_v2", cols
