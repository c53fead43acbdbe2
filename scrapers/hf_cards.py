"""Hugging Face model cards: Hub metadata for every model repo the warehouse knows, one row per check.

Reads, for each Hub repo id that some source names (``std.model_claims.hf_repo_id`` in the current
warehouse), the Hub's model-info API response and the card's README.md front matter; yields one
``hf_cards_models`` row per model-info check (found or not) and one ``hf_cards_readmes`` row per card.

Why the model info is fetched with our Client rather than ``HfApi.model_info``: ``model_info``
returns a ``ModelInfo`` object that has already reshaped the response (datetimes parsed, card data
rebuilt by ``ModelCardData``, unknown keys folded into ``__dict__``), so no faithful raw file could be
stored, and it reads the body without our size cap or our retry/``Retry-After`` handling. We request
the exact URL ``HfApi.model_info(repo_id)`` requests (``GET {endpoint}/api/models/{repo_id}``, no
revision, no ``expand``) and keep the bytes as sent, so ``parse`` stays pure and re-runnable over
history. huggingface_hub still supplies the rules: repo ids are checked with its ``validate_repo_id``
and card front matter is located with its ``REGEX_YAML_BLOCK``; the unit tests check that every
fixture parses with ``huggingface_hub.hf_api.ModelInfo`` to the same values we extract.

Hub quirks this handles:
* Without a token the Hub answers 401 (``X-Error-Code: RepoNotFound``) for a repo that does not
  exist, 404 with one; both are recorded as status ``not_found``, neither fails the source.
* Gated repos (Llama) return their model info to anyone; only their files need an accepted licence,
  so their README answers 401/403 ``GatedRepo``: recorded as such.
* Renamed repos redirect to the new id: the response's ``id`` is kept beside the requested id.
* ``createdAt`` is never earlier than 2022-03-02T23:29:04Z (when the Hub began recording it): older
  repos all carry that floor, which is not a date (the std adapter drops it).
* The README is read at the commit the model info names (``resolve/<sha>/README.md``), so card and
  metadata describe the same revision and an unchanged card is never downloaded twice.

Every status that is not a fetch failure (404, gated, disabled) is stored as a small JSON record
``{"repo_id", "status", "error_code", "error_message"}`` so we know the repo was checked. The
``HF_TOKEN`` (when set) is sent only as a header: never stored, logged or put in a message.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from scrapers import settings
from scrapers._http import Client
from scrapers._parse import decode, load_json, where
from scrapers._types import (
    Fetched,
    FetchError,
    OpengapError,
    SourceChangedError,
    TransientFetchError,
)

NAME = "hf_cards"
TITLE = "Hugging Face Hub model cards (model info + card front matter)"
HOMEPAGE = "https://huggingface.co/models"
ATTRIBUTION = (
    "Hugging Face Hub model metadata, https://huggingface.co; each model card is its authors' own, "
    "under the repo's licence"
)
TABLES = ("hf_cards_models", "hf_cards_readmes")
NEEDS_WAREHOUSE = True  # the repos to read come from the warehouse built by the other sources

REFETCH_AFTER_DAYS = 30  # a repo checked more recently than this is not asked again
MAX_REPOS_PER_RUN = 500  # the rest wait for the next refresh (oldest checks go first)
MAX_CONSECUTIVE_FAILURES = 5  # the Hub is down or blocking us: stop asking
MODEL_INFO_MAX_BYTES = 16 * 1024 * 1024
README_MAX_BYTES = 8 * 1024 * 1024  # cards with inline base64 images run to megabytes
FRONT_MATTER_MAX_BYTES = 512 * 1024
# 4xx answers that describe the repo, not our request: stored as a status record
RECORDED_STATUSES = (401, 403, 404, 410, 451)

MODEL_INFO_FILE = "model_info.json"
README_FILE = "README.md"
STATUS_FILE = "status.json"

# The Hub's reserved first path segments: `huggingface.co/spaces/x` is not a model repo `spaces/x`
RESERVED_NAMESPACES = {
    "api", "blog", "chat", "collections", "datasets", "docs", "join", "learn", "login", "models",
    "new", "organizations", "papers", "posts", "pricing", "settings", "spaces", "tasks",
}  # fmt: skip
# Files that hold weights. Sibling names include folders ("original/consolidated.00.pth").
WEIGHT_FILE = re.compile(
    r"\.(safetensors|bin|gguf|ggml|pt|pth|ckpt|h5|msgpack|onnx|npz|nemo|tflite|llamafile)$", re.I
)
# Tensor dtypes that pack several low-bit weights per element (GPTQ/AWQ qweight in I32, bnb 4-bit
# in U8): the Hub's safetensors total then counts containers, not parameters.
PACKED_DTYPES = {"I32", "U32", "U8"}
RELATION_ORDER = ("adapter", "quantized", "merge", "finetune")
CREATED_AT_FLOOR = "2022-03-02 23:29:04"
_ERROR_CODE = re.compile(r"^[A-Za-z][A-Za-z0-9_]{0,63}$")
_SHA = re.compile(r"^[0-9a-f]{40}$")

# Top-level model-info keys parse maps to columns; every other key goes to `extra`.
KNOWN_KEYS = {
    "_id", "id", "modelId", "author", "sha", "createdAt", "lastModified", "private", "gated",
    "disabled", "downloads", "downloadsAllTime", "likes", "library_name", "pipeline_tag", "tags",
    "cardData", "siblings", "safetensors", "gguf", "baseModels",
}  # fmt: skip


def snapshot_date_for(filename: str) -> str | None:
    return None  # a card describes the Hub on the day it was read: pass --snapshot-date


# -- which repos ---------------------------------------------------------------------------------
def valid_repo_id(repo_id: Any) -> bool:
    """owner/name as the Hub accepts it (huggingface_hub's rules), and not a reserved path."""
    from huggingface_hub.utils import HFValidationError, validate_repo_id

    if not isinstance(repo_id, str) or repo_id.count("/") != 1:
        return False
    try:
        validate_repo_id(repo_id)
    except HFValidationError:
        return False
    return repo_id.split("/", 1)[0].lower() not in RESERVED_NAMESPACES


def warehouse_repo_ids(warehouse: Path | str | None) -> list[str]:
    """Distinct Hub repo ids the warehouse's sources name; none when there is no warehouse yet."""
    import duckdb

    if warehouse is None or not Path(warehouse).is_file():
        return []
    try:
        con = duckdb.connect(str(warehouse), read_only=True)
    except duckdb.Error as exc:
        raise TransientFetchError(
            f"{warehouse}: cannot open the warehouse to list Hub repos ({str(exc).splitlines()[0]})"
        ) from None
    try:
        rows = con.execute(
            "select distinct hf_repo_id from std.model_claims where hf_repo_id is not null"
        ).fetchall()
    except duckdb.CatalogException:
        return []  # a warehouse built before std.model_claims existed
    finally:
        con.close()
    return sorted({r[0] for r in rows})


def _last_checked(store) -> dict[str, str]:
    """repo id → fetched_at of its newest model-info check (found or not)."""
    last: dict[str, str] = {}
    for rec in store.records(NAME):
        key = rec.upstream_key or ""
        if key.startswith("model_info:"):
            repo = key.split(":", 1)[1]
            if rec.fetched_at > last.get(repo, ""):
                last[repo] = rec.fetched_at
    return last


def plan(
    repo_ids, last_checked: dict[str, str], *, now: dt.datetime, refetch_days: int, limit: int
) -> list[str]:
    """Valid repos not checked within refetch_days: never-checked first, then oldest, capped."""
    cutoff = (now - dt.timedelta(days=refetch_days)).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    due = [
        r
        for r in sorted(set(repo_ids))
        if valid_repo_id(r) and (refetch_days <= 0 or last_checked.get(r, "") < cutoff)
    ]
    due.sort(key=lambda r: (last_checked.get(r, ""), r))
    return due[: max(0, limit)]


# -- fetch ---------------------------------------------------------------------------------------
def fetch(
    client: Client,
    store,
    since: str | None = None,
    warehouse: Path | str | None = None,
    repo_ids=None,
    force: bool = False,
    refetch_days: int | None = None,
    max_repos: int | None = None,
    **_,
) -> list[Fetched]:
    """Check each due repo: its model info, then its README at the same commit if not yet stored."""
    # Load inputs
    endpoint = settings.base_url(NAME, "hf", settings.HF_ENDPOINT)
    token = settings.hf_token()
    headers = settings.hf_auth_headers()
    wanted = list(repo_ids) if repo_ids is not None else warehouse_repo_ids(warehouse)
    days = 0 if force else (REFETCH_AFTER_DAYS if refetch_days is None else refetch_days)
    limit = MAX_REPOS_PER_RUN if max_repos is None else max_repos
    now = dt.datetime.now(dt.UTC)
    due = plan(wanted, _last_checked(store), now=now, refetch_days=days, limit=limit)
    stored_keys = {r.upstream_key for r in store.records(NAME)}

    # Process
    new: list[Fetched] = []
    failures: list[OpengapError] = []
    consecutive = attempted = 0
    for repo_id in due:
        attempted += 1
        try:
            new.extend(_fetch_repo(client, store, endpoint, headers, token, repo_id, stored_keys))
            consecutive = 0
        except (TransientFetchError, FetchError) as exc:
            failures.append(exc)
            consecutive += 1
            if consecutive >= MAX_CONSECUTIVE_FAILURES:
                break

    # Save outputs: what was stored stays stored; the failures are reported as one
    if failures:
        msg = (
            f"{NAME}: {len(failures)} of {attempted} repos could not be read "
            f"(first: {_redact(str(failures[0]), token)})"
        )
        if attempted < len(due):
            msg += (
                f"; stopped after {MAX_CONSECUTIVE_FAILURES} failures in a row, "
                f"{len(due) - attempted} repos left for the next refresh"
            )
        msg += "; the others were stored, re-run `opengap refresh` to retry"
        transient = any(isinstance(e, TransientFetchError) for e in failures)
        raise (TransientFetchError if transient else FetchError)(msg)
    return new


def _fetch_repo(
    client: Client,
    store,
    endpoint: str,
    headers: dict[str, str],
    token: str | None,
    repo_id: str,
    stored_keys: set,
) -> list[Fetched]:
    today = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d")
    url = f"{endpoint}/api/models/{repo_id}"  # exactly what HfApi.model_info(repo_id) requests
    resp = client.get(
        url,
        headers=headers,
        max_bytes=MODEL_INFO_MAX_BYTES,
        ok_statuses=(200, *RECORDED_STATUSES),
    )
    _refuse_echoed_token(resp.content, token, url)
    key = f"model_info:{repo_id}"
    if resp.status != 200:
        rec = store.put(
            NAME,
            url,
            _status_record(repo_id, resp, token),
            http_status=resp.status,
            headers={"content-type": "application/json"},
            snapshot_date=today,
            upstream_key=key,
            filename=STATUS_FILE,
            extra={"repo_id": repo_id, "kind": "model_info"},
        )
        return [rec]
    extra = {"repo_id": repo_id, "kind": "model_info"}
    if resp.url.rstrip("/") != url:
        extra["redirected_to"] = _strip_query(resp.url)
    out = [
        store.put_response(
            NAME,
            url,
            resp,  # only content type, ETag and Last-Modified are kept from the headers
            snapshot_date=today,
            upstream_key=key,
            filename=MODEL_INFO_FILE,
            extra=extra,
        )
    ]
    # The card, at the commit this model info describes, when the repo has one
    try:
        info = json.loads(resp.content)
    except ValueError:
        return out  # parse reports the broken file; nothing more to fetch for it
    if not isinstance(info, dict):
        return out
    sha = info.get("sha") if isinstance(info.get("sha"), str) else None
    siblings = info.get("siblings")
    has_readme = isinstance(siblings, list) and any(
        isinstance(s, dict) and s.get("rfilename") == README_FILE for s in siblings
    )
    if not has_readme or not (sha and _SHA.match(sha)):
        return out
    # a renamed repo's card is read under its current id, once for the old and the new name
    hub_id = info.get("id") if valid_repo_id(info.get("id")) else repo_id
    readme_key = f"readme:{hub_id}@{sha}"
    if readme_key in stored_keys:
        return out
    readme_url = f"{endpoint}/{hub_id}/resolve/{sha}/{README_FILE}"
    r = client.get(
        readme_url,
        headers=headers,
        max_bytes=README_MAX_BYTES,
        ok_statuses=(200, *RECORDED_STATUSES),
    )
    _refuse_echoed_token(r.content, token, readme_url)
    rextra = {"repo_id": hub_id, "kind": "readme", "revision": sha}
    if r.status == 200:
        rec = store.put(
            NAME,
            readme_url,
            r.content,
            http_status=200,
            headers={"content-type": "text/markdown"},
            snapshot_date=today,
            upstream_key=readme_key,
            filename=README_FILE,
            extra=rextra,
        )
    else:
        rec = store.put(
            NAME,
            readme_url,
            _status_record(repo_id, r, token),
            http_status=r.status,
            headers={"content-type": "application/json"},
            snapshot_date=today,
            upstream_key=readme_key,
            filename=STATUS_FILE,
            extra=rextra,
        )
    stored_keys.add(readme_key)
    out.append(rec)
    return out


def _status_record(repo_id: str, resp, token: str | None) -> bytes:
    code = resp.header("X-Error-Code")
    message = resp.header("X-Error-Message")
    if message is None:
        try:
            body = json.loads(resp.content)
            message = body.get("error") if isinstance(body, dict) else None
        except ValueError:
            message = None
    record = {
        "repo_id": repo_id,
        "status": resp.status,
        "error_code": code if code and _ERROR_CODE.match(code) else None,
        "error_message": _redact(_printable(message, 300), token) if message else None,
    }
    return json.dumps(record, sort_keys=True).encode("utf-8")


def _refuse_echoed_token(body: bytes, token: str | None, url: str) -> None:
    if token and token.encode("utf-8") in body:
        raise FetchError(f"{_strip_query(url)}: the response repeats our credential; not stored")


def _redact(text: str, token: str | None) -> str:
    return text.replace(token, "***") if token else text


def _printable(value: Any, limit: int) -> str:
    s = "".join(ch if ch.isprintable() else " " for ch in str(value))
    return s[:limit]


def _strip_query(url: str) -> str:
    return url.split("?", 1)[0]


# -- parse ---------------------------------------------------------------------------------------
def parse(fetched: Fetched, data: bytes) -> Iterator[dict]:
    kind, repo_id, revision = _identify(fetched)
    if kind == "readme":
        yield _readme_row(fetched, data, repo_id, revision)
    else:
        yield _model_row(fetched, data, repo_id)


def _identify(fetched: Fetched) -> tuple[str, str | None, str | None]:
    """(kind, requested repo id, revision) from the fetch record, as fetch wrote them."""
    key = fetched.upstream_key or ""
    if key.startswith("model_info:"):
        return "model_info", key.split(":", 1)[1], None
    if key.startswith("readme:"):
        repo, _, rev = key.split(":", 1)[1].partition("@")
        return "readme", repo, rev or None
    # a manually ingested file: README.md by name, model info otherwise
    repo = fetched.extra.get("repo_id") if isinstance(fetched.extra, dict) else None
    if (fetched.filename or "").lower().endswith(".md"):
        return "readme", repo, None
    return "model_info", repo, None


def status_name(http_status: int | None, error_code: str | None) -> str:
    if http_status in (None, 200):
        return "ok"
    by_code = {
        "RepoNotFound": "not_found",
        "EntryNotFound": "not_found",
        "RevisionNotFound": "not_found",
        "GatedRepo": "gated",
        "DisabledRepo": "disabled",
        "RepoDisabled": "disabled",
    }
    if error_code in by_code:
        return by_code[error_code]
    return {
        404: "not_found",
        401: "unauthorized",
        403: "forbidden",
        410: "gone",
        451: "disabled",
    }.get(http_status, f"http_{http_status}")


def _status_fields(fetched: Fetched, data: bytes) -> dict[str, Any]:
    record = load_json(fetched, data)
    if not isinstance(record, dict) or not isinstance(record.get("status"), int):
        raise SourceChangedError(
            fetched.source,
            where(fetched),
            'a status record {"repo_id", "status", …}',
            f"a JSON {type(record).__name__} without an integer status",
        )
    code = _str(record.get("error_code"))
    return {
        "record_repo_id": _str(record.get("repo_id")),
        "status": status_name(record["status"], code),
        "http_status": record["status"],
        "error_code": code,
        "error_message": _str(record.get("error_message")),
    }


def _model_row(fetched: Fetched, data: bytes, repo_id: str | None) -> dict:
    if fetched.http_status not in (None, 200):
        st = _status_fields(fetched, data)
        row = {"_table": "hf_cards_models", **dict.fromkeys(MODEL_COLUMNS)}
        row.update({k: v for k, v in st.items() if k != "record_repo_id"})
        row["repo_id"] = repo_id or st["record_repo_id"]
        if not row["repo_id"]:
            raise SourceChangedError(
                fetched.source, where(fetched), "a repo id in the status record", "none"
            )
        return row

    info = load_json(fetched, data)
    if not isinstance(info, dict):
        raise SourceChangedError(
            fetched.source,
            where(fetched),
            "a JSON object (Hub model info)",
            f"a JSON {type(info).__name__}",
        )
    hub_id = _str(info.get("id"))
    if hub_id is None:
        raise SourceChangedError(
            fetched.source,
            where(fetched),
            "Hub model info with an `id`",
            f"keys [{', '.join(sorted(map(str, info))[:12])}]",
            "The Hub API response may have changed",
        )
    card = info.get("cardData")
    if card is not None and not isinstance(card, dict):
        raise SourceChangedError(
            fetched.source,
            where(fetched),
            "`cardData` as an object",
            f"a JSON {type(card).__name__}",
        )
    card = card or {}
    tags = [t for t in _list(info.get("tags")) if isinstance(t, str)]
    siblings = _list(info.get("siblings"))
    files = [s.get("rfilename") for s in siblings if isinstance(s, dict)]
    files = [f for f in files if isinstance(f, str)]
    base_models, relation = _base_models(card, tags)
    safetensors = info.get("safetensors") if isinstance(info.get("safetensors"), dict) else None
    st_params = safetensors.get("parameters") if safetensors else None
    st_params = st_params if isinstance(st_params, dict) else None
    gguf = info.get("gguf") if isinstance(info.get("gguf"), dict) else None
    gated = info.get("gated")
    license_, license_name, license_link = _license(card, tags)
    extra = {k: v for k, v in info.items() if k not in KNOWN_KEYS}
    for k in ("_id", "modelId", "baseModels"):  # kept, but no column of their own
        if k in info:
            extra[k] = info[k]

    row = {
        "_table": "hf_cards_models",
        "repo_id": repo_id or hub_id,
        "hub_id": hub_id,
        "status": "ok",
        "http_status": fetched.http_status,
        "error_code": None,
        "error_message": None,
        "author": _str(info.get("author")),
        "sha": _str(info.get("sha")),
        "created_at": _timestamp(info.get("createdAt")),
        "last_modified": _timestamp(info.get("lastModified")),
        "private": _bool(info.get("private")),
        "gated": gated if isinstance(gated, str) and gated else None,
        "is_gated": (bool(gated) if isinstance(gated, bool | str) else None),
        "disabled": _bool(info.get("disabled")),
        "license": license_,
        "license_name": license_name,
        "license_link": license_link,
        "base_model": base_models[0] if base_models else None,
        "base_models": _json(base_models) if base_models else None,
        "base_model_relation": relation,
        "pipeline_tag": _str(info.get("pipeline_tag")),
        "library_name": _str(info.get("library_name")),
        "downloads": _int(info.get("downloads")),
        "downloads_all_time": _int(info.get("downloadsAllTime")),
        "likes": _int(info.get("likes")),
        "safetensors_total": _int(safetensors.get("total")) if safetensors else None,
        "safetensors_parameters": _json(st_params) if st_params is not None else None,
        "safetensors_packed": (bool(PACKED_DTYPES & set(st_params)) if st_params else None),
        "gguf_total": _int(gguf.get("total")) if gguf else None,
        "gguf": _json(gguf) if gguf is not None else None,
        "weight_files": (
            sum(1 for f in files if WEIGHT_FILE.search(f)) if "siblings" in info else None
        ),
        "siblings": _json(siblings) if "siblings" in info else None,
        "tags": _json(tags) if "tags" in info else None,
        "card_data": _json(card) if info.get("cardData") is not None else None,
        "extra": _json(extra) if extra else None,
    }
    return row


MODEL_COLUMNS = (
    "repo_id", "hub_id", "status", "http_status", "error_code", "error_message", "author", "sha",
    "created_at", "last_modified", "private", "gated", "is_gated", "disabled", "license",
    "license_name", "license_link", "base_model", "base_models", "base_model_relation",
    "pipeline_tag", "library_name", "downloads", "downloads_all_time", "likes",
    "safetensors_total", "safetensors_parameters", "safetensors_packed", "gguf_total", "gguf",
    "weight_files", "siblings", "tags", "card_data", "extra",
)  # fmt: skip


def _base_models(card: dict, tags: list[str]) -> tuple[list[str], str | None]:
    """Base models and the relation to them.

    The Hub's `base_model:` tags come first: the Hub resolves them to the current repo id, while
    cards keep the id they were written with (Llama 3.1 cards still say `Meta-Llama-3.1-8B`). The
    card's own `base_model` (a string or a list) is the fallback, for bases the Hub cannot resolve.
    """
    relations: list[str] = []
    tagged: list[str] = []
    for tag in tags:
        parts = tag.split(":", 2)
        if parts[0] != "base_model" or len(parts) < 2:
            continue
        if len(parts) == 3:  # base_model:<relation>:<repo>
            relations.append(parts[1])
            target = parts[2]
        else:  # base_model:<repo>
            target = parts[1]
        if target and target not in tagged:
            tagged.append(target)
    declared = card.get("base_model")
    if isinstance(declared, str):
        declared = [declared]
    bases = tagged or [b.strip() for b in _list(declared) if isinstance(b, str) and b.strip()]
    # One repo can carry several relations (a merge of quantized models): the strongest wins
    ranked = sorted(
        set(relations),
        key=lambda r: (RELATION_ORDER.index(r) if r in RELATION_ORDER else len(RELATION_ORDER), r),
    )
    return bases, (ranked[0] if ranked else None)


def _license(card: dict, tags: list[str]) -> tuple[str | None, str | None, str | None]:
    lic = card.get("license")
    if isinstance(lic, list):  # a few cards list several; the first is the headline
        lic = next((x for x in lic if isinstance(x, str) and x.strip()), None)
    lic = _str(lic)
    if lic is None:
        lic = next((t.split(":", 1)[1] for t in tags if t.startswith("license:")), None) or None
    return lic, _str(card.get("license_name")), _str(card.get("license_link"))


def _readme_row(fetched: Fetched, data: bytes, repo_id: str | None, revision: str | None) -> dict:
    from huggingface_hub.repocard import REGEX_YAML_BLOCK

    if not repo_id:
        raise SourceChangedError(
            fetched.source,
            where(fetched),
            "a README fetched by opengap (repo id in its record)",
            "no repo id",
            "Ingest model cards with `opengap refresh --source hf_cards` instead",
        )
    row = {
        "_table": "hf_cards_readmes",
        "repo_id": repo_id,
        "revision": revision,
        "status": "ok",
        "http_status": fetched.http_status,
        "error_code": None,
        "readme_bytes": None,
        "has_front_matter": None,
        "front_matter": None,
        "front_matter_error": None,
    }
    if fetched.http_status not in (None, 200):
        st = _status_fields(fetched, data)
        row.update({k: st[k] for k in ("status", "http_status", "error_code")})
        return row
    row["readme_bytes"] = len(data)
    if not data.strip():
        row["has_front_matter"] = False
        return row
    # An author's card, not the Hub's API: a bad byte or bad YAML is the card's flaw, recorded
    # on the row; only an HTML page in place of a card means the upstream itself misbehaved.
    try:
        text = decode(fetched, data, "Markdown")
    except SourceChangedError as exc:
        if "HTML" in exc.found:
            raise
        row["front_matter_error"] = f"README is not UTF-8 ({exc.found})"
        return row
    m = REGEX_YAML_BLOCK.search(text)
    row["has_front_matter"] = bool(m)
    if not m:
        return row
    block = m.group(2)
    if len(block.encode("utf-8")) > FRONT_MATTER_MAX_BYTES:
        row["front_matter_error"] = f"front matter over {FRONT_MATTER_MAX_BYTES:,} bytes"
        return row
    try:
        meta = yaml.load(block, Loader=_NoAliasSafeLoader)  # noqa: S506 - a SafeLoader subclass
    except (yaml.YAMLError, RecursionError) as exc:
        row["front_matter_error"] = _printable(
            " ".join(str(exc).split()) or type(exc).__name__, 300
        )
        return row
    try:
        row["front_matter"] = _json(meta) if meta is not None else None
    except ValueError as exc:
        row["front_matter_error"] = str(exc)
    return row


class _NoAliasSafeLoader(yaml.SafeLoader):
    """safe_load without anchors/aliases: an alias bomb would expand without bound in JSON."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, "YAML aliases are not accepted in card front matter", event.start_mark
            )
        return super().compose_node(parent, index)


# -- value helpers -------------------------------------------------------------------------------
def _str(value: Any) -> str | None:
    if isinstance(value, str):
        s = value.strip()
        return s or None
    return None


def _bool(value: Any) -> bool | None:
    return value if isinstance(value, bool) else None


def _int(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not math.isfinite(value):
        return None
    n = int(value)
    return n if -(2**63) < n < 2**63 else None


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _timestamp(value: Any) -> str | None:
    """ISO 8601 from the Hub → naive UTC 'YYYY-MM-DD HH:MM:SS.ffffff'; anything else → None."""
    if not isinstance(value, str) or not re.match(r"^\d{4}-\d{2}-\d{2}T", value):
        return None
    try:
        when = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if when.tzinfo is not None:
        when = when.astimezone(dt.UTC).replace(tzinfo=None)
    return when.strftime("%Y-%m-%d %H:%M:%S.%f")


def _jsonable(value: Any, depth: int = 0) -> Any:
    """YAML/JSON values → plain JSON: dates as ISO text, keys as text, NaN/inf as null."""
    if depth > 64:
        raise ValueError("front matter nested deeper than 64 levels")
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {_key(k): _jsonable(v, depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v, depth + 1) for v in value]
    if isinstance(value, set):
        return sorted(str(v) for v in value)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def _key(key: Any) -> str:
    if isinstance(key, str):
        return key
    if isinstance(key, dt.date | dt.datetime):
        return key.isoformat()
    if isinstance(key, bool) or key is None:
        return json.dumps(key)
    return str(key)


def _json(value: Any) -> str:
    return json.dumps(_jsonable(value), ensure_ascii=False, allow_nan=False)
