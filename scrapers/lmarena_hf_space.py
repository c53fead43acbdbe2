"""LMArena's Hugging Face Space: `leaderboard_table_YYYYMMDD.csv`, one model-metadata table per date.

Reads the Space `lmarena-ai/chatbot-arena-leaderboard` (listed with huggingface_hub, downloaded from
its `resolve/main/` URLs) and yields one row per model per file. The `elo_results_*.pkl` files beside
the CSVs are never downloaded: opengap does not unpickle downloaded data.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from scrapers import settings
from scrapers._http import Client
from scrapers._parse import read_csv, text_or_none, to_float, to_int
from scrapers._types import Fetched

NAME = "lmarena_hf_space"
TITLE = "LMArena Hugging Face Space (leaderboard_table CSVs)"
REPO_ID = "lmarena-ai/chatbot-arena-leaderboard"
HOMEPAGE = "https://huggingface.co/spaces/lmarena-ai/chatbot-arena-leaderboard"
ATTRIBUTION = "LMArena (formerly LMSYS Chatbot Arena), https://lmarena.ai; Apache-2.0 Space files"
TABLES = ("lmarena_hf_space_models",)
FILE_RE = re.compile(r"^leaderboard_table_(\d{4})(\d{2})(\d{2})\.csv$")

# Upstream column → staging column. Three schemas over time; every one maps here.
COLUMNS = {
    "key": "key",
    "Model": "model",
    "MT-bench (win rate %)": "mt_bench_win_rate_pct",
    "MT-bench (score)": "mt_bench_score",
    "Arena Elo rating": "arena_elo",
    "MMLU": "mmlu",
    "Knowledge cutoff date": "knowledge_cutoff",
    "License": "license",
    "Organization": "organization",
    "Link": "link",
}


def snapshot_date_for(filename: str) -> str | None:
    m = FILE_RE.match(filename.rsplit("/", 1)[-1])
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else None


def fetch(client: Client, store, **_) -> list[Fetched]:
    """List the Space's files; download each leaderboard table not yet in the raw store."""
    from huggingface_hub import HfApi

    endpoint = settings.base_url(NAME, "hf", settings.HF_ENDPOINT)
    api = HfApi(endpoint=endpoint, token=settings.hf_token() or False)
    files = api.list_repo_files(REPO_ID, repo_type="space")
    new = []
    for filename in sorted(files):
        if filename.endswith(".pkl") or not FILE_RE.match(filename):
            continue  # never download pickles
        if store.has_upstream_key(NAME, filename):
            continue
        url = f"{endpoint}/spaces/{REPO_ID}/resolve/main/{filename}"
        resp = client.get(url, ok_statuses=(200,))
        new.append(
            store.put_response(
                NAME,
                url,
                resp,
                snapshot_date=snapshot_date_for(filename),
                upstream_key=filename,
                filename=filename,
            )
        )
    return new


def parse(fetched: Fetched, data: bytes) -> Iterator[dict]:
    header, rows = read_csv(fetched, data, required=["Model", "License"])
    extra_cols = [h for h in header if h not in COLUMNS]
    for i, row in enumerate(rows, start=1):
        out = {staged: row.get(upstream) for upstream, staged in COLUMNS.items()}
        yield {
            "row_number": i,
            "key": text_or_none(out["key"]),
            "model": out["model"].strip(),
            "model_raw": out["model"],
            "mt_bench_win_rate_pct": to_float(out["mt_bench_win_rate_pct"]),
            "mt_bench_score": to_float(out["mt_bench_score"]),
            "arena_elo": to_int(out["arena_elo"]),
            "mmlu": to_float(out["mmlu"]),
            "knowledge_cutoff": text_or_none(out["knowledge_cutoff"]),
            "license": text_or_none(out["license"]),
            "organization": text_or_none(out["organization"]),
            "link": text_or_none(out["link"]),
            "extra": json.dumps({c: row[c] for c in extra_cols}) if extra_cols else None,
        }
