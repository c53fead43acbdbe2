"""The data behind Epoch AI's report "How far behind are open models?" (November 2024), from its analysis repo.

Reads every version of `data/benchmarks_with_model_accessibility.csv` and `data/gsm1k_with_model_accessibility.csv`
in epoch-research/open-model-trends (dated by commit); yields one row per model per file with Epoch's own
Open/Closed label, release date, size, training compute and the benchmark scores it collected (BBH, GPQA, MMLU,
HELM MMLU, Scale SEAL, LMSys Arena Elo with its interval; GSM8k and GSM1k). Frozen since 2024-10-22.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from scrapers import _github
from scrapers._http import Client
from scrapers._parse import read_csv, score_float, text_or_none, where
from scrapers._types import Fetched, SourceChangedError

NAME = "epoch_open_model_trends"
TITLE = "Epoch AI: How far behind are open models? (Nov 2024 report data)"
HOMEPAGE = "https://epoch.ai/blog/open-models-report"
ATTRIBUTION = (
    "Epoch AI, 'How far behind are open models?' (November 2024), data in "
    "github.com/epoch-research/open-model-trends; no licence file in the repository"
)
TABLES = ("epoch_open_model_trends_models", "epoch_open_model_trends_gsm1k")
REPO = "epoch-research/open-model-trends"
MAIN = "data/benchmarks_with_model_accessibility.csv"
GSM1K = "data/gsm1k_with_model_accessibility.csv"
PATHS = (MAIN, GSM1K)
MAIN_REQUIRED = ["System", "Date", "Open/Closed", "BBH", "GPQA", "MMLU", "LMSys Elo"]
GSM1K_REQUIRED = ["System", "Date", "GSM8k", "GSM1k", "Open/Closed"]
# Epoch header → staging column
MAIN_SCORES = {
    "BBH": "bbh",
    "GPQA": "gpqa",
    "MMLU": "mmlu",
    "HELM MMLU": "helm_mmlu",
    "SEAL Coding": "seal_coding",
    "SEAL Instruction Following": "seal_instruction_following",
    "SEAL Math": "seal_math",
    "LMSys Elo": "lmsys_elo",
}
MAIN_NUMBERS = {
    "Model size (parameters)": "parameters",
    "Active Parameters": "active_parameters",
    "Dataset size": "dataset_size",
    "Training compute (FLOP)": "training_compute_flop",
}
MAIN_TEXT = {
    "Training compute notes": "training_compute_notes",
    "LMSys Elo Notes": "lmsys_elo_notes",
    "BBH Notes": "bbh_notes",
    "GPQA Notes": "gpqa_notes",
    "MMLU Notes": "mmlu_notes",
    "HELM MMLU Notes": "helm_mmlu_notes",
    "Trust notes": "trust_notes",
}
GSM1K_SCORES = {"GSM8k": "gsm8k", "GSM1k": "gsm1k"}
GSM1K_NUMBERS = {
    "Training compute (FLOP)": "training_compute_flop",
    "Speculative Compute": "speculative_compute_flop",
    "Active Parameters": "active_parameters",
}
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_CI = re.compile(r'^"*\s*\+\s*(\d+(?:\.\d+)?)\s*/\s*-\s*(\d+(?:\.\d+)?)\s*"*$')
LABELS = {"Open": "open", "Closed": "closed"}


def snapshot_date_for(filename: str) -> str | None:
    return None  # the file names carry no date: pass --snapshot-date


def fetch(client: Client, store, since: str | None = None, **_) -> list[Fetched]:
    return _github.fetch_histories(client, store, source=NAME, repo=REPO, paths=PATHS, since=since)


def _which(fetched: Fetched) -> str:
    for hint in (fetched.filename, fetched.url):
        for path in PATHS:
            if hint and hint.endswith(path.rsplit("/", 1)[-1]):
                return path
    raise SourceChangedError(
        NAME,
        where(fetched),
        "benchmarks_with_model_accessibility.csv or gsm1k_with_model_accessibility.csv",
        repr(fetched.filename),
    )


def _number(fetched: Fetched, column: str, value: str, row: int) -> float | None:
    s = value.strip().replace(",", "")  # '"176,000,000,000"' in Active Parameters
    if not s:
        return None
    if not _NUMBER.match(s):
        raise SourceChangedError(
            NAME, where(fetched), f"a number in '{column}'", f"{value!r} on row {row}"
        )
    return float(s)


def _date(fetched: Fetched, value: str, row: int) -> str | None:
    s = value.strip()
    if not s:
        return None
    if not _DATE.match(s):
        raise SourceChangedError(
            NAME, where(fetched), "'Date' as YYYY-MM-DD", f"{value!r} on row {row}"
        )
    return s


def _label(fetched: Fetched, value: str, row: int) -> str | None:
    s = value.strip()
    if not s:
        return None  # the 'Random chance' baseline row has none
    if s not in LABELS:
        raise SourceChangedError(
            NAME, where(fetched), "'Open/Closed' as Open or Closed", f"{value!r} on row {row}"
        )
    return LABELS[s]


def _ci(fetched: Fetched, value: str, row: int) -> tuple[float | None, float | None]:
    s = value.strip()
    if not s:
        return None, None
    m = _CI.match(s)  # '"+3/-4"': the quotes are part of the cell
    if not m:
        raise SourceChangedError(
            NAME, where(fetched), "'LMSys Elo 95% CI' as +a/-b", f"{value!r} on row {row}"
        )
    return float(m.group(1)), float(m.group(2))


def parse(fetched: Fetched, data: bytes) -> Iterator[dict]:
    path = _which(fetched)
    main = path == MAIN
    header, rows = read_csv(fetched, data, required=MAIN_REQUIRED if main else GSM1K_REQUIRED)
    scores = MAIN_SCORES if main else GSM1K_SCORES
    numbers = MAIN_NUMBERS if main else GSM1K_NUMBERS
    text = MAIN_TEXT if main else {}
    known = {"System", "Date", "Open/Closed", "LMSys Elo 95% CI", "Trust in benchmark results"}
    known |= set(scores) | set(numbers) | set(text)
    table = TABLES[0] if main else TABLES[1]
    for n, r in enumerate(rows, start=1):
        system = text_or_none(r["System"])
        if system is None:
            raise SourceChangedError(
                NAME, where(fetched), "a System name on every row", f"an empty one on row {n}"
            )
        out: dict = {
            "_table": table,
            "row_number": n,
            "system": system,
            "release_date": _date(fetched, r["Date"], n),
            "open_closed": _label(fetched, r["Open/Closed"], n),
        }
        for h, col in scores.items():
            out[col] = score_float(fetched, r.get(h), h, n) if h in r else None
        for h, col in numbers.items():
            out[col] = _number(fetched, h, r[h], n) if h in r else None
        for h, col in text.items():
            out[col] = text_or_none(r.get(h))
        if main:
            out["lmsys_elo_ci_plus"], out["lmsys_elo_ci_minus"] = _ci(
                fetched, r.get("LMSys Elo 95% CI", ""), n
            )
            trust = (r.get("Trust in benchmark results") or "").strip()
            if trust not in ("", "-1", "0", "1"):
                raise SourceChangedError(
                    NAME,
                    where(fetched),
                    "'Trust in benchmark results' as -1, 0 or 1",
                    f"{trust!r} on row {n}",
                )
            out["trust"] = int(trust) if trust else None
        extra = {h: v for h, v in r.items() if h not in known}
        out["extra"] = json.dumps(extra, sort_keys=True) if extra else None
        yield out
