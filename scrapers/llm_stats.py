"""LLM Stats (llm-stats.com): one JSON record per model in a public GitHub repository.

Lists the repository tree once (GitHub git trees API) and downloads every per-model file whose blob
is not yet in the raw store; yields one models row per model.json (release and announcement dates,
licence, parameters, context) and one scores row per benchmark entry (mostly vendor-reported).
Reads both layouts: `models/<org>/<model>/model.json` (LLMStats, scores inside) and its successor's
`data/organizations/<org>/models/<model>/{model.json,benchmarks.json}` (llm-leaderboard).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from scrapers import _github, settings
from scrapers._http import Client, NoListingCache, get_listing, listing_cache
from scrapers._parse import load_json, snapshot_date_of, text_or_none, to_float
from scrapers._types import Fetched, SourceChangedError

NAME = "llm_stats"
TITLE = "LLM Stats (per-model JSON records)"
REPO = "JonathanChavezTamales/LLMStats"
BRANCH = "main"
HOMEPAGE = "https://llm-stats.com"
ATTRIBUTION = (
    "LLM Stats, https://llm-stats.com; data from github.com/JonathanChavezTamales/LLMStats"
)
TABLES = ("llm_stats_models", "llm_stats_scores")
TREE_MAX_BYTES = 32 * 1024 * 1024
FILE_MAX_BYTES = 2 * 1024 * 1024  # the largest model.json is 12 KB
WORKERS = 4

_PART = r"[A-Za-z0-9_][A-Za-z0-9_.\-]*"  # a folder name: no '..', no leading dot, no slash
# LLMStats: models/<org>/<model>/model.json (scores inside, under qualitative_metrics)
_OLD = re.compile(
    rf"(?:^|/)(?P<path>models/(?P<org>{_PART})/(?P<model>{_PART})/(?P<file>model\.json))$"
)
# llm-leaderboard: data/organizations/<org>/models/<model>/{model.json,benchmarks.json}
_NEW = re.compile(
    rf"(?:^|/)(?P<path>(?:data/)*organizations/(?P<org>{_PART})/models/(?P<model>{_PART})/"
    r"(?P<file>model\.json|benchmarks\.json))$"
)
_TREE_PATH = re.compile(
    rf"^(?:models/{_PART}/{_PART}/model\.json"
    rf"|(?:data/)+organizations/{_PART}/models/{_PART}/(?:model|benchmarks)\.json)$"
)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

# keys of an old-layout model.json / new-layout model.json that have a typed column
MODEL_KEYS = {
    "model_id",
    "organization_id",
    "name",
    "release_date",
    "announcement_date",
    "license",
    "license_id",
    "param_count",
    "input_context_size",
    "output_context_size",
    "knowledge_cutoff",
    "multimodal",
    "fine_tuned_from_model_id",
    "canonical_model_id",
    "weights_link",
    "source_weights_link",
    "training_tokens",
    "qualitative_metrics",
}
SCORE_KEYS = {
    "dataset_name",
    "benchmark_id",
    "score",
    "score_unit",
    "is_self_reported",
    "analysis_method",
    "date_recorded",
    "source_link",
}


def snapshot_date_for(filename: str) -> str | None:
    return None  # a model.json carries no snapshot date: pass --snapshot-date


def git_blob_sha(data: bytes) -> str:
    """The id git gives a file's content: sha1 of 'blob <size>\\0' + bytes (what the tree lists)."""
    return hashlib.sha1(b"blob %d\x00" % len(data) + data).hexdigest()


def list_tree(client: Client, api_base: str, cache=None) -> list[dict[str, Any]]:
    """Every per-model file in the repository tree: [{path, sha, size}], refusing odd paths.
    Asked with If-None-Match when `cache` (RawStore.listings) keeps a copy of the tree."""
    url = f"{api_base}/repos/{REPO}/git/trees/{BRANCH}"
    return get_listing(
        client,
        cache if cache is not None else NoListingCache(),
        url,
        lambda _url, body: _tree_entries(url, body),
        headers=_github.api_headers(),
        params={"recursive": "1"},
        max_bytes=TREE_MAX_BYTES,
    )[0]


def _tree_entries(url: str, body: bytes) -> list[dict[str, Any]]:
    try:
        tree = json.loads(body)
    except ValueError:
        raise SourceChangedError(
            NAME, url, "a JSON git tree", "a body that is not JSON (an error page?)"
        ) from None
    if not isinstance(tree, dict) or not isinstance(tree.get("tree"), list):
        found = f"a JSON {type(tree).__name__}" + (
            f" with keys [{', '.join(sorted(tree)[:8])}]" if isinstance(tree, dict) else ""
        )
        raise SourceChangedError(NAME, url, 'a JSON object with a "tree" list', found)
    if tree.get("truncated"):
        # a truncated listing would silently miss models; the repository is far below the limit
        raise SourceChangedError(
            NAME, url, "a complete tree listing", "truncated: true (the tree API's limit)"
        )
    entries = []
    for item in tree["tree"]:
        if not isinstance(item, dict) or item.get("type") != "blob":
            continue
        path, sha = item.get("path"), item.get("sha")
        if not isinstance(path, str) or not isinstance(sha, str) or not _TREE_PATH.match(path):
            continue
        if not re.fullmatch(r"[0-9a-f]{40}", sha):
            raise SourceChangedError(NAME, url, "40-hex blob shas", f"{sha!r} for {path}")
        entries.append({"path": path, "sha": sha, "size": item.get("size")})
    return entries


def fetch(client: Client, store, since: str | None = None, **_) -> list[Fetched]:
    api = settings.base_url(NAME, "github_api", settings.GITHUB_API)
    raw = settings.base_url(NAME, "github_raw", settings.GITHUB_RAW)
    today = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d")
    listings = listing_cache(store, NAME)
    todo = [
        e
        for e in list_tree(client, api, listings)
        if not store.has_upstream_key(NAME, f"{e['path']}@{e['sha']}")
    ]
    complete = True  # every listed blob stored: only then is the tree's ETag kept

    def download(entry: dict[str, Any]):
        url = f"{raw}/{REPO}/{BRANCH}/{entry['path']}"
        return url, client.get(url, ok_statuses=(200,), max_bytes=FILE_MAX_BYTES)

    new: list[Fetched] = []
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        for entry, (url, resp) in zip(todo, pool.map(download, todo), strict=True):
            # `main` may move between the listing and the download: key by what we actually got
            got = git_blob_sha(resp.content)
            extra = {"repo": REPO, "path": entry["path"], "blob_sha": got}
            if got != entry["sha"]:
                extra["listed_blob_sha"] = entry["sha"]
                complete = False
            new.append(
                store.put_response(
                    NAME,
                    url,
                    resp,
                    snapshot_date=snapshot_date_of(resp, today),
                    upstream_key=f"{entry['path']}@{got}",
                    filename=entry["path"],
                    extra=extra,
                )
            )
    if complete:
        listings.commit()
    return new


# -- parse ------------------------------------------------------------------------------------


def slug(name: str) -> str:
    """Benchmark slug from a free-text dataset name; keeps '+', '<', '>' apart ('HumanEval+')."""
    s = name.strip().lower()
    for sym, word in (("+", " plus "), ("<", " lt "), (">", " gt "), ("→", " to "), ("&", " and ")):
        s = s.replace(sym, word)
    return re.sub(r"[^0-9a-z]+", "_", s).strip("_") or "unnamed"


def _repo_path(fetched: Fetched) -> tuple[str | None, re.Match | None]:
    """The file's path in the repository: from the record (filename, extra, key), else the URL."""
    hints = [
        fetched.filename,
        (fetched.extra or {}).get("path"),
        (fetched.upstream_key or "").split("@")[0],
        fetched.url,
    ]
    for hint in hints:
        if not hint:
            continue
        for layout in (_NEW, _OLD):
            m = layout.search(hint)
            if m:
                return m.group("path"), m
    return None, None


def _date(fetched: Fetched, where_: str, key: str, value: Any) -> str | None:
    s = text_or_none(value)
    if s is None:
        return None
    s = s[:10] if re.match(r"^\d{4}-\d{2}-\d{2}T", s) else s
    if not _DATE.match(s):
        raise SourceChangedError(
            NAME, fetched.display_path(), f"{key} as YYYY-MM-DD", f"{value!r} in {where_}"
        )
    return s


def _bool(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _text(value: Any) -> str | None:
    return text_or_none(value) if isinstance(value, str) else None


def _model_row(fetched: Fetched, rec: dict, path: str | None, m: re.Match | None) -> dict:
    new_layout = (m is not None and m.re is _NEW) or "license_id" in rec
    folder_org = m.group("org") if m else None
    folder_model = m.group("model") if m else None
    extra = {k: v for k, v in rec.items() if k not in MODEL_KEYS}
    metrics = rec.get("qualitative_metrics")
    return {
        "_table": "llm_stats_models",
        "repo_path": path,
        "layout": "organizations" if new_layout else "models",
        "organization": folder_org or _text(rec.get("organization_id")),
        "model_id": _text(rec.get("model_id")) or folder_model,
        "name": _text(rec.get("name")),
        "release_date": _date(fetched, "the model record", "release_date", rec.get("release_date")),
        "announcement_date": _date(
            fetched, "the model record", "announcement_date", rec.get("announcement_date")
        ),
        "license": _text(rec.get("license")),
        "license_id": _text(rec.get("license_id")),
        "param_count": to_float(rec.get("param_count")),
        "input_context_size": to_float(rec.get("input_context_size")),
        "output_context_size": to_float(rec.get("output_context_size")),
        "knowledge_cutoff": _text(rec.get("knowledge_cutoff")),
        "multimodal": _bool(rec.get("multimodal")),
        "fine_tuned_from_model_id": _text(rec.get("fine_tuned_from_model_id")),
        "canonical_model_id": _text(rec.get("canonical_model_id")),
        "weights_link": _text(rec.get("weights_link")) or _text(rec.get("source_weights_link")),
        "training_tokens": to_float(rec.get("training_tokens")),
        "n_scores": len(metrics) if isinstance(metrics, list) else None,
        "extra": json.dumps(extra, ensure_ascii=False, sort_keys=True) if extra else None,
    }


def _score_rows(
    fetched: Fetched,
    entries: list,
    *,
    path: str | None,
    organization: str | None,
    model_id: str | None,
    model_name: str | None,
) -> Iterator[dict]:
    for i, e in enumerate(entries, start=1):
        if not isinstance(e, dict):
            raise SourceChangedError(
                NAME,
                fetched.display_path(),
                "benchmark entries as JSON objects",
                f"a JSON {type(e).__name__} at entry {i}",
            )
        name = _text(e.get("dataset_name")) or _text(e.get("benchmark_id"))
        if name is None:
            raise SourceChangedError(
                NAME,
                fetched.display_path(),
                "a dataset_name (or benchmark_id) in every benchmark entry",
                f"keys [{', '.join(sorted(e))}] at entry {i}",
            )
        raw_score = e.get("score")
        score = to_float(raw_score) if isinstance(raw_score, int | float) else None
        if raw_score is not None and (score is None or isinstance(raw_score, bool)):
            raise SourceChangedError(
                NAME, fetched.display_path(), "a numeric score", f"{raw_score!r} at entry {i}"
            )
        recorded = _text(e.get("date_recorded"))
        extra = {k: v for k, v in e.items() if k not in SCORE_KEYS}
        yield {
            "_table": "llm_stats_scores",
            "repo_path": path,
            "organization": organization,
            "model_id": model_id,
            "model_name": model_name,
            "entry_number": i,
            "dataset_name": e.get("dataset_name")
            if isinstance(e.get("dataset_name"), str)
            else None,
            "benchmark_key": _text(e.get("benchmark_id")),
            "benchmark_slug": slug(name),
            "score": score,
            "score_unit": _text(e.get("score_unit")),
            "is_self_reported": _bool(e.get("is_self_reported")),
            "analysis_method": _text(e.get("analysis_method")),
            "date_recorded": recorded,
            # 'YYYY-MM' (o1-pro) is a month, not a day: no evaluated_on date rather than a made-up day
            "recorded_date": recorded if recorded and _DATE.match(recorded) else None,
            "source_link": _text(e.get("source_link")),
            "extra": json.dumps(extra, ensure_ascii=False, sort_keys=True) if extra else None,
        }


def parse(fetched: Fetched, data: bytes) -> Iterator[dict]:
    doc = load_json(fetched, data)
    path, m = _repo_path(fetched)
    if isinstance(doc, list):
        # successor layout: benchmarks.json beside model.json; the model is named by its folder
        if m is None or m.group("file") != "benchmarks.json":
            raise SourceChangedError(
                NAME,
                fetched.display_path(),
                "a JSON list only as .../organizations/<org>/models/<model>/benchmarks.json",
                f"a JSON list in {fetched.filename or fetched.url}",
            )
        yield from _score_rows(
            fetched,
            doc,
            path=path,
            organization=m.group("org"),
            model_id=m.group("model"),
            model_name=None,
        )
        return
    if not isinstance(doc, dict) or not isinstance(doc.get("name"), str):
        found = (
            f"keys [{', '.join(sorted(doc)[:10])}]"
            if isinstance(doc, dict)
            else f"a JSON {type(doc).__name__}"
        )
        raise SourceChangedError(
            NAME, fetched.display_path(), "a model record (a JSON object with a name)", found
        )
    if "release_date" not in doc or not ("license" in doc or "license_id" in doc):
        raise SourceChangedError(
            NAME,
            fetched.display_path(),
            "a model record with release_date and license (or license_id)",
            f"keys [{', '.join(sorted(doc)[:10])}]",
        )
    metrics = doc.get("qualitative_metrics", [])
    if metrics is None:
        metrics = []
    if not isinstance(metrics, list):
        raise SourceChangedError(
            NAME,
            fetched.display_path(),
            "qualitative_metrics as a JSON list",
            f"a JSON {type(metrics).__name__}",
        )
    row = _model_row(fetched, doc, path, m)
    yield row
    yield from _score_rows(
        fetched,
        metrics,
        path=path,
        organization=row["organization"],
        model_id=row["model_id"],
        model_name=row["name"],
    )
