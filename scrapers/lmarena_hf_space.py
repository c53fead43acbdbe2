"""LMArena's Hugging Face Space: `leaderboard_table_YYYYMMDD.csv`, one model-metadata table per date.

Reads the Space `lmarena-ai/chatbot-arena-leaderboard` (listed through the Hub's tree API as
huggingface_hub lists it, but conditionally; downloaded from its `resolve/main/` URLs) and yields one row per model per file. The `elo_results_*.pkl` files beside
the CSVs are never downloaded: opengap does not unpickle downloaded data.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from scrapers import settings
from scrapers._http import Client, NoListingCache, get_listing, listing_cache
from scrapers._parse import json_listing, read_csv, score_float, score_int, text_or_none
from scrapers._types import Fetched

NAME = "lmarena_hf_space"
TITLE = "LMArena Hugging Face Space (leaderboard_table CSVs)"
REPO_ID = "lmarena-ai/chatbot-arena-leaderboard"
HOMEPAGE = "https://huggingface.co/spaces/lmarena-ai/chatbot-arena-leaderboard"
ATTRIBUTION = "LMArena (formerly LMSYS Chatbot Arena), https://lmarena.ai; Apache-2.0 Space files"
TABLES = ("lmarena_hf_space_models",)
LISTING_MAX_BYTES = 8 * 1024 * 1024
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


def _tree_page(url: str, body: bytes) -> list[str]:
    """One page of the Hub's tree listing → the file paths on it (folders left out)."""
    expected = "a JSON list of tree entries (Hub tree API)"
    page = json_listing(NAME, url, body, expected, of_objects=True)
    return [e["path"] for e in page if e.get("type") == "file" and isinstance(e.get("path"), str)]


def list_files(client: Client, endpoint: str, cache=None) -> list[str]:
    """Every file path in the Space, as ``HfApi.list_repo_files(REPO_ID, repo_type="space")`` lists
    them: the same request (``GET {endpoint}/api/spaces/{repo}/tree/main?recursive=true``, pages
    followed by their Link header), made with our Client because huggingface_hub cannot send
    If-None-Match: with a kept copy (`cache`, RawStore.listings) an unchanged tree costs a 304."""
    headers = settings.hf_auth_headers()
    pages = get_listing(
        client,
        cache if cache is not None else NoListingCache(),
        f"{endpoint}/api/spaces/{REPO_ID}/tree/main",
        _tree_page,
        headers=headers,
        params={"recursive": "true", "expand": "false"},
        max_bytes=LISTING_MAX_BYTES,
        max_pages=100,
    )
    return [path for page in pages for path in page]


def fetch(client: Client, store, **_) -> list[Fetched]:
    """List the Space's files; download each leaderboard table not yet in the raw store."""
    endpoint = settings.base_url(NAME, "hf", settings.HF_ENDPOINT)
    listings = listing_cache(store, NAME)
    files = list_files(client, endpoint, listings)
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
    listings.commit()  # every listed table is stored: the tree's ETag may be kept
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
            "mt_bench_win_rate_pct": score_float(
                fetched, out["mt_bench_win_rate_pct"], "MT-bench (win rate %)", i
            ),
            "mt_bench_score": score_float(fetched, out["mt_bench_score"], "MT-bench (score)", i),
            "arena_elo": score_int(fetched, out["arena_elo"], "Arena Elo rating", i),
            "mmlu": score_float(fetched, out["mmlu"], "MMLU", i),
            "knowledge_cutoff": text_or_none(out["knowledge_cutoff"]),
            "license": text_or_none(out["license"]),
            "organization": text_or_none(out["organization"]),
            "link": text_or_none(out["link"]),
            "extra": json.dumps({c: row[c] for c in extra_cols}) if extra_cols else None,
        }
