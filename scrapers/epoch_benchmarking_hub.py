"""Epoch AI Benchmarking Hub: the `benchmark_data.zip` download (or one of its CSVs), every member loaded.

Reads the zip Epoch publishes at https://epoch.ai/data/benchmark_data.zip (conditional GET, so an
unchanged zip is downloaded once), or a single member CSV given to `opengap ingest`. Yields one row
per CSV row: the Epoch Capabilities Index with accessibility, Epoch's own runs (GPQA Diamond, MATH
level 5, FrontierMath, SWE-bench Verified, OTIS mock AIME, SimpleQA Verified), the external
leaderboards Epoch re-publishes (`*_external.csv`), the early-2025 long layout
(`benchmarks_runs.csv`, `model_versions.csv`, `organizations.csv`) and one row per zip member.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import email.utils
import hashlib
import io
import json
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator

from scrapers import settings
from scrapers._http import Client
from scrapers._parse import read_csv, score_float, snake, text_or_none, to_float, to_int
from scrapers._types import Fetched, SourceChangedError

NAME = "epoch_benchmarking_hub"
TITLE = "Epoch AI Benchmarking Hub (benchmark_data.zip)"
HOMEPAGE = "https://epoch.ai/benchmarks"
ATTRIBUTION = "Epoch AI, 'Data on AI Benchmarking', https://epoch.ai/benchmarks, CC BY 4.0"
TABLES = (
    "epoch_benchmarking_hub_members",
    "epoch_benchmarking_hub_eci",
    "epoch_benchmarking_hub_runs",
    "epoch_benchmarking_hub_external",
    "epoch_benchmarking_hub_model_versions",
    "epoch_benchmarking_hub_organizations",
)
DATA_URL = "https://epoch.ai/data"
ZIP_NAME = "benchmark_data.zip"

# Limits for a hostile archive: checked on the central directory BEFORE any member is inflated.
MAX_ZIP_BYTES = 64 * 1024 * 1024
MAX_MEMBERS = 500
MAX_MEMBER_BYTES = 32 * 1024 * 1024
MAX_TOTAL_BYTES = 128 * 1024 * 1024
MAX_RATIO = 200  # inflated/compressed; CSV compresses ~10x, a bomb ~1000x
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")

# Reasoning effort / thinking budget suffixes on Epoch's `Model version` ids
# (`gpt-5.4-2026-03-05_xhigh`, `claude-sonnet-4-6_32K`). Other underscores are part of the
# name (`phi-1_5`, `Qwen-1_8B`, `InternVL2_5-78B`, `video_chat2_mistral`), so only these split.
_SETTING = re.compile(
    r"^(?P<key>.+?)_(?P<setting>xhigh|high|medium|low|minimal|none|max|unknown|thinking|\d+[Kk])$"
)
_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})(?:$|[T ])")
_NAME_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")
_CI = re.compile(r"^=?\s*\+\s*(\d+(?:\.\d+)?)\s*/\s*-\s*(\d+(?:\.\d+)?)\s*$")
_SCORER = re.compile(r"^\s*([^:]+?)\s*:\s*(-?[\d.eE+-]+)\s*±\s*([\d.eE+-]+)\s*$")

# 2025 long layout: `task` as published → benchmark slug (the 2026 member file stem).
# FrontierMath-2025-02-28-Private is the set the 2026 `frontiermath.csv` reports (same scores).
TASKS = {
    "GPQA diamond": "gpqa_diamond",
    "MATH level 5": "math_level_5",
    "OTIS Mock AIME 2024-2025": "otis_mock_aime_2024_2025",
    "FrontierMath-2025-02-28-Private": "frontiermath",
    "FrontierMath-2025-02-28-Public": "frontiermath_public",
    "SWE-Bench verified": "swe_bench_verified",
}

# External leaderboards: file stem (without `_external`) → score column, upstream-name column.
EXTERNAL = {
    "aider_polyglot": ("Percent correct", None),
    "live_bench": ("Global average", "id"),  # LiveBench's own model name sits in `id`
    "mmlu": ("EM", "Name"),
    "webdev_arena": ("Arena Score", None),
    "arc_agi_2": ("Score", "Name"),
    "hle": ("Accuracy", "Name"),
}
_COMMON = (
    "Model version",
    "Release date",
    "Organization",
    "Country",
    "Training compute (FLOP)",
    "Training compute notes",
)
REQ_ECI = ["Model version", "ECI Score", "Release date", "Organization", "Model accessibility"]
REQ_ECI_SCORES = ["Model", "eci", "date"]
REQ_RUNS = ["Model version", "mean_score", "Best score (across scorers)", "Release date", "stderr"]
REQ_RUNS_LONG = ["id", "task", "model", "Best score (across scorers)", "Scores"]
REQ_MODEL_VERSIONS = ["id", "Model", "Version release date", "Hugging Face developer id"]
REQ_ORGS = ["Organization", "Country", "All ML Systems"]


def snapshot_date_for(filename: str) -> str | None:
    m = _NAME_DATE.search(filename)
    return m.group(1) if m else None


# -- fetch -------------------------------------------------------------------------------------
def fetch(client: Client, store, since: str | None = None, **_) -> list[Fetched]:
    url = f"{settings.base_url(NAME, 'data', DATA_URL)}/{ZIP_NAME}"
    resp = client.get(url, headers=store.conditional_headers(NAME, url), max_bytes=MAX_ZIP_BYTES)
    if resp.not_modified:
        return []
    if not resp.content.startswith(_ZIP_MAGIC):
        kind = "an HTML page" if resp.content.lstrip()[:1] == b"<" else "a file that is not a zip"
        raise SourceChangedError(NAME, url, "a zip archive", kind)
    sha = hashlib.sha256(resp.content).hexdigest()
    last = store.latest_for_url(NAME, url)
    if last and last.sha256 == sha:
        return []  # a server without ETag support sent the same bytes again
    date = _http_date(resp.header("Last-Modified")) or dt.datetime.now(dt.UTC).date().isoformat()
    if since and date < since:
        return []
    etag = resp.header("ETag")
    return [
        store.put_response(
            NAME,
            url,
            resp,
            snapshot_date=date,
            upstream_key=f"{ZIP_NAME}@{etag or sha[:16]}",
            filename=ZIP_NAME,
        )
    ]


def _http_date(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return email.utils.parsedate_to_datetime(value).date().isoformat()
    except (TypeError, ValueError):
        return None


# -- parse -------------------------------------------------------------------------------------
def parse(fetched: Fetched, data: bytes) -> Iterator[dict]:
    if data.startswith(_ZIP_MAGIC):
        yield from _parse_zip(fetched, data)
        return
    name = fetched.filename or fetched.path.rsplit("/", 1)[-1]
    rows = list(_parse_member(fetched, name, data, standalone=True))
    yield _member_row(name, rows[0]["_kind"] if rows else "unknown", len(data), len(rows) - 1)
    yield from rows[1:]


def _member_row(member: str, kind: str, size: int, n: int) -> dict:
    return {
        "_table": "epoch_benchmarking_hub_members",
        "member": member,
        "kind": kind,
        "bytes": size,
        "row_count": n,
    }


def _parse_zip(fetched: Fetched, data: bytes) -> Iterator[dict]:
    here = fetched.display_path()
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:
        raise SourceChangedError(
            NAME, here, "a complete zip archive", f"a truncated or corrupt zip ({exc})"
        ) from None
    # Check every member's name and declared size before inflating anything
    if len(infos) > MAX_MEMBERS:
        raise SourceChangedError(
            NAME, here, f"at most {MAX_MEMBERS} zip members", f"{len(infos)} (zip bomb?)"
        )
    total = 0
    for info in infos:
        _check_member_name(here, info.filename)
        if info.flag_bits & 0x1:
            raise SourceChangedError(
                NAME, here, "unencrypted zip members", f"{info.filename} is encrypted"
            )
        if info.file_size > MAX_MEMBER_BYTES or (
            info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1)
        ):
            raise SourceChangedError(
                NAME,
                here,
                f"members of at most {MAX_MEMBER_BYTES:,} bytes",
                f"{info.filename} of {info.file_size:,} bytes from {info.compress_size:,} (zip bomb?)",
            )
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise SourceChangedError(
            NAME,
            here,
            f"at most {MAX_TOTAL_BYTES:,} bytes uncompressed",
            f"{total:,} bytes (zip bomb?)",
        )
    # Load inputs
    members: dict[str, bytes] = {}
    for info in infos:
        if info.is_dir():
            continue
        try:
            with zf.open(info) as fh:
                body = fh.read(MAX_MEMBER_BYTES + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError) as exc:
            raise SourceChangedError(
                NAME,
                here,
                "a complete zip archive",
                f"member {info.filename} unreadable ({exc}) (truncated or corrupt zip?)",
            ) from None
        if len(body) > MAX_MEMBER_BYTES:
            raise SourceChangedError(
                NAME,
                here,
                f"members of at most {MAX_MEMBER_BYTES:,} bytes",
                f"{info.filename} larger than declared (zip bomb?)",
            )
        members[info.filename] = body
    # Process
    known = 0
    for member, body in members.items():
        base = posixpath.basename(member)
        if base.startswith(".") or member.startswith("__MACOSX/"):
            yield _member_row(member, "ignored", len(body), 0)
            continue
        if not base.lower().endswith(".csv"):
            yield _member_row(
                member, "readme" if base.lower().startswith("readme") else "other", len(body), 0
            )
            continue
        sub = dataclasses.replace(fetched, path=f"{fetched.path}::{member}")
        rows = list(_parse_member(sub, member, body, standalone=False))
        kind = rows[0]["_kind"] if rows else "unknown"
        known += kind != "unknown"
        yield _member_row(member, kind, len(body), len(rows) - 1 if rows else 0)
        yield from rows[1:]
    if not known:
        raise SourceChangedError(
            NAME,
            here,
            "Epoch benchmark CSVs in the zip (epoch_capabilities_index.csv, gpqa_diamond.csv, …)",
            f"[{', '.join(sorted(members)[:12])}]",
        )


def _check_member_name(here: str, name: str) -> None:
    parts = name.replace("\\", "/").split("/")
    if (
        name.startswith(("/", "\\"))
        or "\\" in name
        or re.match(r"^[A-Za-z]:", name)
        or ".." in parts
        or "\x00" in name
    ):
        raise SourceChangedError(
            NAME, here, "zip members with relative paths inside the archive", f"member {name!r}"
        )


RUN_FILES = (
    "gpqa_diamond",
    "math_level_5",
    "frontiermath",
    "frontiermath_tier_4",
    "swe_bench_verified",
    "otis_mock_aime_2024_2025",
    "simpleqa_verified",
)
_BY_NAME = {
    "epoch_capabilities_index": "eci",
    "eci_scores": "eci_scores",
    "benchmarks_runs": "runs_long",
    "model_versions": "model_versions",
    "organizations": "organizations",
    **{stem: "runs" for stem in RUN_FILES},
}


def _kind(stem: str, header: list[str]) -> str:
    """A known member name decides (so a renamed column fails loudly); else the header does."""
    if stem in _BY_NAME:
        return _BY_NAME[stem]
    if stem.endswith("_external"):
        return "external"
    h = set(header)
    if "ECI Score" in h:
        return "eci"
    if {"eci", "Model"} <= h:
        return "eci_scores"
    if header[:3] == ["id", "task", "model"]:
        return "runs_long"
    if "Version release date" in h:
        return "model_versions"
    if "All ML Systems" in h:
        return "organizations"
    if "mean_score" in h:
        return "runs"
    return "unknown"


def _parse_member(fetched: Fetched, member: str, data: bytes, standalone: bool) -> Iterator[dict]:
    """First yields {'_kind': kind}, then the rows."""
    stem = posixpath.basename(member).rsplit(".", 1)[0]
    parsed = read_csv(fetched, data, required=[])  # each member is parsed once, here
    header = parsed[0]
    kind = _kind(stem, header)
    if kind == "unknown" and standalone:
        raise SourceChangedError(
            NAME,
            fetched.display_path(),
            "an Epoch Benchmarking Hub zip or one of its CSVs (ECI, benchmark runs, "
            "*_external leaderboard, benchmarks_runs, model_versions, organizations)",
            f"a CSV with columns [{', '.join(header[:8])}{', …' if len(header) > 8 else ''}]",
        )
    if kind == "runs" and standalone and stem not in RUN_FILES:
        raise SourceChangedError(
            NAME,
            fetched.display_path(),
            f"a benchmark runs file named as in the zip ({', '.join(RUN_FILES)})",
            f"{posixpath.basename(member)!r}",
            "Rename the file so the benchmark is known",
        )
    yield {"_kind": kind}
    if kind == "unknown":
        return
    yield from _PARSERS[kind](fetched, member, stem, data, parsed)


# -- one parser per member kind ----------------------------------------------------------------
def split_setting(model_version: str | None) -> tuple[str | None, str]:
    """`claude-sonnet-4-6_32K ` → ('claude-sonnet-4-6', '32K'); the key is trimmed."""
    if model_version is None or not model_version.strip():
        return None, ""
    s = model_version.strip()
    m = _SETTING.match(s)
    return (m.group("key"), m.group("setting")) if m else (s, "")


def _raw(value: str | None) -> str | None:
    """A name as published: kept verbatim (trailing spaces included) unless blank."""
    return value if value is not None and value.strip() else None


def _date(fetched: Fetched, value: str | None, column: str, row: int) -> str | None:
    s = text_or_none(value)
    if s is None:
        return None
    m = _DATE.match(s)
    if not m:
        raise SourceChangedError(
            NAME, fetched.display_path(), f"{column} as YYYY-MM-DD", f"{s!r} on data row {row}"
        )
    return m.group(1)


def _timestamp(fetched: Fetched, value: str | None, column: str, row: int) -> str | None:
    s = text_or_none(value)
    if s is None:
        return None
    try:
        when = dt.datetime.fromisoformat(s.replace("Z", "+00:00"))
    except ValueError:
        raise SourceChangedError(
            NAME,
            fetched.display_path(),
            f"{column} as an ISO timestamp",
            f"{s!r} on data row {row}",
        ) from None
    if when.tzinfo is not None:
        when = when.astimezone(dt.UTC).replace(tzinfo=None)
    return when.isoformat(sep=" ")


def _extra(row: dict[str, str], used: set[str]) -> str | None:
    rest = {snake(k): v for k, v in row.items() if k not in used and text_or_none(v) is not None}
    return json.dumps(rest, ensure_ascii=False, sort_keys=True) if rest else None


_Parsed = tuple[list[str], list[dict[str, str]]]


def _read(fetched: Fetched, data: bytes, parsed: _Parsed, required: Iterable[str]) -> _Parsed:
    """`read_csv(fetched, data, required)` for a member `_parse_member` has read: its header and
    rows, or (a required column missing) read_csv's own error."""
    header, _ = parsed
    if any(c not in header for c in required):
        read_csv(fetched, data, required=required)  # raises
    return parsed


def _eci(fetched: Fetched, member: str, stem: str, data: bytes, parsed: _Parsed) -> Iterator[dict]:
    header, _ = _read(fetched, data, parsed, required=[])
    if "ECI Score" in header:
        _, rows = _read(fetched, data, parsed, required=REQ_ECI)
        cols = {
            "model_version": "Model version",
            "eci_score": "ECI Score",
            "release_date": "Release date",
            "country": "Country",
            "model_name": "Model name",
        }
    else:  # the newer `eci_scores.csv`: one row per model, with its interval
        _, rows = _read(fetched, data, parsed, required=REQ_ECI_SCORES)
        cols = {
            "model_version": "Model",
            "eci_score": "eci",
            "release_date": "date",
            "country": "Country (of organization)",
            "model_name": "Model",
        }
    used = set(cols.values()) | {
        "Organization",
        "Model accessibility",
        "Accessibility group",
        "Training compute (FLOP)",
        "Confidence",
        "Description",
        "Display name",
        "eci_ci_low",
        "eci_ci_high",
        "model_versions",
    }
    for i, row in enumerate(rows, start=1):
        version = _raw(row.get(cols["model_version"]))
        key, setting = split_setting(version)
        yield {
            "_table": "epoch_benchmarking_hub_eci",
            "member": member,
            "row_number": i,
            "model_version": version,
            "model_key": key,
            "setting": setting,
            "eci_score": score_float(fetched, row.get(cols["eci_score"]), cols["eci_score"], i),
            "eci_ci_low": score_float(fetched, row.get("eci_ci_low"), "eci_ci_low", i),
            "eci_ci_high": score_float(fetched, row.get("eci_ci_high"), "eci_ci_high", i),
            "release_date": _date(fetched, row.get(cols["release_date"]), cols["release_date"], i),
            "organization": text_or_none(row.get("Organization")),
            "country": text_or_none(row.get(cols["country"])),
            "model_accessibility": text_or_none(row.get("Model accessibility")),
            "accessibility_group": text_or_none(row.get("Accessibility group")),
            "training_compute_flop": to_float(row.get("Training compute (FLOP)")),
            "confidence": text_or_none(row.get("Confidence")),
            "model_name": text_or_none(row.get(cols["model_name"])),
            "description": text_or_none(row.get("Description")),
            "display_name": text_or_none(row.get("Display name")),
            "model_versions": text_or_none(row.get("model_versions")),
            "extra": _extra(row, used),
        }


_RUN_COLS = {
    "Model version",
    "mean_score",
    "Best score (across scorers)",
    "stderr",
    "Log viewer",
    "Logs",
    "Started at",
    "id",
    *_COMMON,
}


def _run_row(**kw) -> dict:
    row = {
        "_table": "epoch_benchmarking_hub_runs",
        "layout": None,
        "member": None,
        "benchmark": None,
        "task": None,
        "row_number": None,
        "run_id": None,
        "model_version": None,
        "model_key": None,
        "setting": "",
        "mean_score": None,
        "best_score": None,
        "stderr": None,
        "scores_raw": None,
        "scores": None,
        "release_date": None,
        "organization": None,
        "country": None,
        "training_compute_flop": None,
        "training_compute_notes": None,
        "log_viewer": None,
        "logs": None,
        "started_at": None,
        "extra": None,
    }
    row.update(kw)
    return row


def _runs(fetched: Fetched, member: str, stem: str, data: bytes, parsed: _Parsed) -> Iterator[dict]:
    _, rows = _read(fetched, data, parsed, required=REQ_RUNS)
    for i, row in enumerate(rows, start=1):
        version = _raw(row["Model version"])
        key, setting = split_setting(version)
        yield _run_row(
            layout="benchmark_files",
            member=member,
            benchmark=snake(stem),
            row_number=i,
            run_id=text_or_none(row.get("id")),
            model_version=version,
            model_key=key,
            setting=setting,
            mean_score=score_float(fetched, row["mean_score"], "mean_score", i),
            best_score=score_float(
                fetched, row["Best score (across scorers)"], "Best score (across scorers)", i
            ),
            stderr=score_float(fetched, row["stderr"], "stderr", i),
            release_date=_date(fetched, row["Release date"], "Release date", i),
            organization=text_or_none(row.get("Organization")),
            country=text_or_none(row.get("Country")),
            training_compute_flop=to_float(row.get("Training compute (FLOP)")),
            training_compute_notes=text_or_none(row.get("Training compute notes")),
            log_viewer=text_or_none(row.get("Log viewer")),
            logs=text_or_none(row.get("Logs")),
            started_at=_timestamp(fetched, row.get("Started at"), "Started at", i),
            extra=_extra(row, _RUN_COLS),
        )


def _scores(fetched: Fetched, value: str, row: int) -> list[dict]:
    """`normalized_string_match:0.1±0.01,sympy_equiv:0.1±0.01` → one dict per scorer."""
    out = []
    for part in (p for p in value.split(",") if p.strip()):
        m = _SCORER.match(part)
        if not m:
            raise SourceChangedError(
                NAME,
                fetched.display_path(),
                "Scores like 'choice:0.35±0.03'",
                f"{value!r} on data row {row}",
            )
        out.append({"scorer": m.group(1), "mean": float(m.group(2)), "stderr": float(m.group(3))})
    return out


def _runs_long(
    fetched: Fetched, member: str, stem: str, data: bytes, parsed: _Parsed
) -> Iterator[dict]:
    _, rows = _read(fetched, data, parsed, required=REQ_RUNS_LONG)
    used = {"id", "task", "model", "Best score (across scorers)", "Scores", "log viewer",
            "Log download"}  # fmt: skip
    for i, row in enumerate(rows, start=1):
        version = _raw(row["model"])
        key, setting = split_setting(version)
        task = row["task"].strip()
        scores_raw = text_or_none(row["Scores"])
        scores = _scores(fetched, scores_raw, i) if scores_raw else []
        best = score_float(
            fetched, row["Best score (across scorers)"], "Best score (across scorers)", i
        )
        # the published ± of the scorer that gave the best score (two decimals upstream)
        top = max((s["mean"] for s in scores), default=None)
        tops = [s for s in scores if s["mean"] == top]
        yield _run_row(
            layout="long",
            member=member,
            benchmark=TASKS.get(task) or snake(task),
            task=task,
            row_number=i,
            run_id=text_or_none(row["id"]),
            model_version=version,
            model_key=key,
            setting=setting,
            best_score=best,
            stderr=tops[0]["stderr"] if len(tops) == 1 else None,
            scores_raw=scores_raw,
            scores=json.dumps(scores) if scores else None,
            log_viewer=text_or_none(row.get("log viewer")),
            logs=text_or_none(row.get("Log download")),
            extra=_extra(row, used),
        )


def _external(
    fetched: Fetched, member: str, stem: str, data: bytes, parsed: _Parsed
) -> Iterator[dict]:
    bench = snake(stem.removesuffix("_external"))
    header, _ = _read(fetched, data, parsed, required=["Model version"])
    score_col, name_col = EXTERNAL.get(bench, (None, None))
    if score_col is None:  # a leaderboard Epoch added later: the score is the second column
        score_col = header[1] if len(header) > 1 else "score"
    _, rows = _read(fetched, data, parsed, required=["Model version", score_col, "Release date"])
    link_col = next((c for c in header if c.startswith("Source link")), None)
    used = {
        score_col,
        "id",
        "Name",
        "Source",
        "Notes",
        "Edit format",
        "Shots",
        "LiveBench Version",
        "Score 95% CI",
        "Votes",
        "Last updated",
        "Accuracy Standard Error",
        *_COMMON,
    }
    if link_col:
        used.add(link_col)
    for i, row in enumerate(rows, start=1):
        version = _raw(row["Model version"])
        key, effort = split_setting(version)
        ci = text_or_none(row.get("Score 95% CI"))
        m = _CI.match(ci) if ci else None
        if ci and not m:
            raise SourceChangedError(
                NAME,
                fetched.display_path(),
                "Score 95% CI like '=+11/-11'",
                f"{ci!r} on data row {i}",
            )
        edit_format = text_or_none(row.get("Edit format"))
        shots = to_int(row.get("Shots"))
        version_tag = text_or_none(row.get("LiveBench Version"))
        # MMLU numbers come from HELM and from papers, evaluated differently: the source is part of the run
        harness = text_or_none(row.get("Source")) if bench == "mmlu" else None
        shot = f"{shots}-shot" if shots is not None else None
        parts = [effort, edit_format, shot, version_tag, harness]
        yield {
            "_table": "epoch_benchmarking_hub_external",
            "member": member,
            "benchmark": bench,
            "row_number": i,
            "id": text_or_none(row.get("id")),
            "model_version": version,
            "model_key": key,
            "setting": ", ".join(p for p in parts if p),
            "upstream_name": text_or_none(row.get(name_col)) if name_col else None,
            "score_column": score_col,
            "score": score_float(fetched, row[score_col], score_col, i),
            "stderr": score_float(
                fetched, row.get("Accuracy Standard Error"), "Accuracy Standard Error", i
            ),
            "ci_plus": float(m.group(1)) if m else None,
            "ci_minus": float(m.group(2)) if m else None,
            "ci_raw": ci,
            "votes": to_int(row.get("Votes")),
            "edit_format": edit_format,
            "shots": shots,
            "benchmark_version": version_tag,
            "last_updated": _date(fetched, row.get("Last updated"), "Last updated", i),
            "release_date": _date(fetched, row["Release date"], "Release date", i),
            "organization": text_or_none(row.get("Organization")),
            "country": text_or_none(row.get("Country")),
            "training_compute_flop": to_float(row.get("Training compute (FLOP)")),
            "training_compute_notes": text_or_none(row.get("Training compute notes")),
            "source_name": text_or_none(row.get("Source")),
            "source_link": text_or_none(row.get(link_col)) if link_col else None,
            "notes": text_or_none(row.get("Notes")),
            "extra": _extra(row, used),
        }


def _model_versions(
    fetched: Fetched, member: str, stem: str, data: bytes, parsed: _Parsed
) -> Iterator[dict]:
    _, rows = _read(fetched, data, parsed, required=REQ_MODEL_VERSIONS)
    used = {"id", "Model", "Version release date", "Hugging Face developer id", "Link", "Notes",
            "benchmarks/runs", "Display name"}  # fmt: skip
    for i, row in enumerate(rows, start=1):
        version = _raw(row["id"])
        key, setting = split_setting(version)
        yield {
            "_table": "epoch_benchmarking_hub_model_versions",
            "member": member,
            "row_number": i,
            "id": version,
            "model_key": key,
            "setting": setting,
            "model": text_or_none(row["Model"]),
            "version_release_date": _date(
                fetched, row["Version release date"], "Version release date", i
            ),
            "hf_developer_id": text_or_none(row["Hugging Face developer id"]),
            "link": text_or_none(row.get("Link")),
            "notes": text_or_none(row.get("Notes")),
            "run_ids": text_or_none(row.get("benchmarks/runs")),
            "display_name": text_or_none(row.get("Display name")),
            "extra": _extra(row, used),
        }


def _organizations(
    fetched: Fetched, member: str, stem: str, data: bytes, parsed: _Parsed
) -> Iterator[dict]:
    _, rows = _read(fetched, data, parsed, required=REQ_ORGS)
    used = {"Organization", "Country", "Info", "Organization categorization", "All ML Systems"}
    for i, row in enumerate(rows, start=1):
        yield {
            "_table": "epoch_benchmarking_hub_organizations",
            "member": member,
            "row_number": i,
            "organization_raw": row["Organization"],
            "organization": text_or_none(row["Organization"]),
            "country": text_or_none(row["Country"]),
            "info": text_or_none(row.get("Info")),
            "categorization": text_or_none(row.get("Organization categorization")),
            "all_ml_systems": text_or_none(row["All ML Systems"]),
            "extra": _extra(row, used),
        }


_PARSERS = {
    "eci": _eci,
    "eci_scores": _eci,
    "runs": _runs,
    "runs_long": _runs_long,
    "external": _external,
    "model_versions": _model_versions,
    "organizations": _organizations,
}
