"""Aider's LLM coding leaderboards (polyglot, code editing, refactoring) from the aider repository's history.

Reads every version of `aider/website/_data/{polyglot,edit,refactor}_leaderboard.yml` in Aider-AI/aider
(the data behind aider.chat/docs/leaderboards); yields one row per benchmark run with the model
display name, the model id parsed from the aider command, run date, pass rates and run settings.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shlex
from collections.abc import Iterator
from typing import Any

import yaml

from scrapers import _github, settings
from scrapers._http import Client, listing_cache
from scrapers._parse import decode, score_float, text_or_none, to_float, to_int, where
from scrapers._types import Fetched, SourceChangedError

NAME = "aider_leaderboards"
TITLE = "Aider LLM leaderboards (polyglot, code editing, refactoring)"
HOMEPAGE = "https://aider.chat/docs/leaderboards/"
ATTRIBUTION = "Aider, https://aider.chat (github.com/Aider-AI/aider, website/_data), Apache-2.0"
TABLES = ("aider_leaderboards_runs",)
REPO = "Aider-AI/aider"
LEADERBOARDS = ("polyglot", "edit", "refactor")
PATHS = tuple(f"aider/website/_data/{b}_leaderboard.yml" for b in LEADERBOARDS)
MAX_BYTES = 16 * 1024 * 1024  # the files are ~60 KB
EXPECTED = "a YAML list of runs (mappings with 'model' and 'pass_rate_*')"
KNOWN = {
    "dirname", "model", "command", "date", "released", "pass_rate_1", "pass_rate_2",
    "percent_cases_well_formed", "edit_format", "editor_model", "editor_edit_format",
    "reasoning_effort", "thinking_tokens", "total_cost", "test_cases", "seconds_per_case",
    "versions", "commit_hash",
}  # fmt: skip
# litellm provider prefixes aider passes through: the model is named after them
PROVIDERS = {
    "anthropic", "azure", "bedrock", "cerebras", "cohere", "cohere_chat", "deepinfra", "deepseek",
    "fireworks_ai", "gemini", "github", "groq", "huggingface", "hyperbolic", "lm_studio", "mistral",
    "nvidia_nim", "ollama", "ollama_chat", "openai", "openrouter", "perplexity", "replicate",
    "sambanova", "together_ai", "vertex_ai", "xai",
}  # fmt: skip
# aider's own short names (`--model sonnet`, `--model r1`) follow whatever aider version ran: not ids
ALIASES = {
    "3", "35-turbo", "35turbo", "4", "4-turbo", "4o", "deepseek", "flash", "gemini", "gemini-exp",
    "gemini-2.5-pro", "grok3", "haiku", "opus", "optimus", "quasar", "r1", "sonnet",
}  # fmt: skip
# ids that name whichever model the vendor serves today: the display name says which one ran
_MOVING = re.compile(r"(-latest$|^deepseek-(chat|coder|reasoner)$)")
# `aider --opus`, `aider -4`: shortcut switches whose model changed with aider's releases
_SHORTCUT = re.compile(
    r"^(-3|-4|--4o|--mini|--4-turbo|--gpt-4-turbo|--35turbo|--35-turbo|--opus|--sonnet|--haiku"
    r"|--deepseek|--o1-mini|--o1-preview)$"
)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def snapshot_date_for(filename: str) -> str | None:
    return None  # the file name carries no date: pass --snapshot-date


def leaderboard_for(filename: str | None) -> str | None:
    name = (filename or "").rsplit("/", 1)[-1]
    for board in LEADERBOARDS:
        if name.startswith(f"{board}_leaderboard"):
            return board
    return None


def fetch(client: Client, store, since: str | None = None, **_) -> list[Fetched]:
    """Every version of the three files not yet stored, dated by commit.

    Like `_github.fetch_history`, but keyed `<path>@<sha>` so that the warehouse's per-file checks
    compare each leaderboard with its own earlier versions (a `repo@sha:path` key puts all three
    files of the repository in one family, and the edit board would "lose" the polyglot benchmark).
    """
    api = settings.base_url(NAME, "github_api", settings.GITHUB_API)
    raw = settings.base_url(NAME, "github_raw", settings.GITHUB_RAW)
    new: list[Fetched] = []
    listings = listing_cache(store, NAME)  # commits lists asked with If-None-Match
    for path in PATHS:
        for commit in _github.list_commits(client, api, REPO, path, cache=listings):
            sha = commit.get("sha")
            if not isinstance(sha, str) or not re.fullmatch(r"[0-9a-f]{40}", sha):
                continue
            key = f"{path}@{sha}"
            if store.has_upstream_key(NAME, key):
                continue
            date = _github.commit_date(commit)
            if since and date and date < since:
                continue
            url = f"{raw}/{REPO}/{sha}/{path}"
            resp = client.get(url, ok_statuses=(200,), max_bytes=MAX_BYTES)
            message = (commit.get("commit") or {}).get("message")
            new.append(
                store.put_response(
                    NAME,
                    url,
                    resp,
                    snapshot_date=date,
                    upstream_key=key,
                    filename=path.rsplit("/", 1)[-1],
                    extra={"commit": sha, "message": message},
                )
            )
    listings.commit()  # every listed version is stored: the listings' ETags may be kept
    return new


class _NoAliasLoader(yaml.SafeLoader):
    """safe_load that refuses YAML anchors/aliases: a few aliases can expand to gigabytes."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.YAMLError(f"YAML alias *{event.anchor} at line {event.start_mark.line + 1}")
        return super().compose_node(parent, index)


_CSafeLoader = getattr(yaml, "CSafeLoader", None)  # libyaml: the same safe constructor, C parser


def _load_yaml_c(text: str) -> Any:
    """The document through libyaml when that gives what _NoAliasLoader gives, else _NO_FAST.

    libyaml parses ~10x faster; the constructor (what Python objects come out) is the same safe one.
    Anything the pure-Python loader would treat differently goes the slow way: a YAML alias, a
    character its reader refuses, any error (so messages stay the pure-Python loader's).
    """
    if _CSafeLoader is None or yaml.reader.Reader.NON_PRINTABLE.search(text):
        return _NO_FAST
    try:
        if "*" in text:  # an alias is written `*name`: without a `*` there is none to look for
            for event in yaml.parse(text, Loader=_CSafeLoader):
                if isinstance(event, yaml.AliasEvent):
                    return _NO_FAST
        return yaml.load(text, Loader=_CSafeLoader)  # noqa: S506 — libyaml's SafeLoader
    except yaml.YAMLError:
        return _NO_FAST


_NO_FAST = object()


def _load_yaml(fetched: Fetched, data: bytes) -> Any:
    text = decode(fetched, data, "YAML")
    fast = _load_yaml_c(text)
    if fast is not _NO_FAST:
        return fast
    try:
        return yaml.load(text, Loader=_NoAliasLoader)  # noqa: S506 — a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        at = f" at line {mark.line + 1} column {mark.column + 1}" if mark else ""
        if isinstance(exc, yaml.constructor.ConstructorError):  # !!python/object and friends
            raise SourceChangedError(
                NAME, where(fetched), "plain YAML data", f"{exc.problem}{at}"
            ) from None
        raise SourceChangedError(
            NAME, where(fetched), "valid YAML", f"{exc.problem}{at} (truncated file?)"
        ) from None
    except yaml.YAMLError as exc:
        raise SourceChangedError(NAME, where(fetched), "YAML without aliases", str(exc)) from None


def parse_command(command: str | None) -> dict[str, Any]:
    """What the aider command line says about the run: model, editor model, effort, thinking budget."""
    out: dict[str, Any] = dict.fromkeys(
        ("model_arg", "model_shortcut", "editor_model_arg", "cmd_reasoning_effort",
         "cmd_thinking_tokens"),
    )  # fmt: skip
    if not command:
        return out
    try:
        tokens = shlex.split(command, comments=True)  # `... # via hyperbolic` is a note
    except ValueError:
        tokens = command.split()
    flags = {
        "--model": "model_arg",
        "--editor-model": "editor_model_arg",
        "--reasoning-effort": "cmd_reasoning_effort",
        "--thinking-tokens": "cmd_thinking_tokens",
    }
    for i, tok in enumerate(tokens):
        name, eq, value = tok.partition("=")
        if name in flags and out[flags[name]] is None:
            if not eq:
                value = tokens[i + 1] if i + 1 < len(tokens) else ""
            out[flags[name]] = value or None
        elif _SHORTCUT.match(tok) and out["model_shortcut"] is None:
            out["model_shortcut"] = tok
    return out


def split_model(model_arg: str | None) -> tuple[str | None, str | None]:
    """`openrouter/x-ai/grok-3-beta` → ('openrouter', 'grok-3-beta'): the provider and the model id.

    The id is the last path segment: routers add their own org path (`openrouter/openai/o1`,
    `fireworks_ai/accounts/fireworks/models/qwq-32b`, `openai/hf:Qwen/Qwen2.5-Coder-32B-Instruct`).
    """
    if not model_arg:
        return None, None
    parts = model_arg.split("/")
    provider = parts[0] if len(parts) > 1 and parts[0] in PROVIDERS else None
    model_id = parts[-1].removeprefix("hf:").strip()
    return provider, model_id or None


def _date(fetched: Fetched, value: Any, what: str, i: int) -> str | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    s = str(value).strip()
    if _DATE.match(s):
        try:
            return dt.date.fromisoformat(s).isoformat()
        except ValueError:
            pass
    raise SourceChangedError(NAME, where(fetched), f"{what} as YYYY-MM-DD", f"{s!r} on run {i}")


def _json_default(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date | dt.datetime) else str(value)


def parse(fetched: Fetched, data: bytes) -> Iterator[dict]:
    # Load inputs
    runs = _load_yaml(fetched, data)
    if not isinstance(runs, list) or not runs:
        found = "an empty list" if isinstance(runs, list) else f"a YAML {type(runs).__name__}"
        raise SourceChangedError(NAME, where(fetched), EXPECTED, found)
    for i, run in enumerate(runs, start=1):
        if not isinstance(run, dict):
            raise SourceChangedError(
                NAME, where(fetched), EXPECTED, f"a {type(run).__name__} as run {i}"
            )
        if text_or_none(run.get("model")) is None or not any(
            str(k).startswith("pass_rate_") for k in run
        ):
            raise SourceChangedError(
                NAME, where(fetched), EXPECTED, f"run {i} without 'model' or 'pass_rate_*'"
            )
    board = leaderboard_for(fetched.filename or fetched.url)
    if board is None:
        raise SourceChangedError(
            NAME,
            where(fetched),
            "a file named {polyglot,edit,refactor}_leaderboard.yml",
            repr(fetched.filename),
        )
    # Process
    for i, run in enumerate(runs, start=1):
        command = text_or_none(run.get("command"))
        cmd = parse_command(command)
        provider, model_id = split_model(cmd["model_arg"])
        moving = model_id is not None and (
            model_id.lower() in ALIASES or bool(_MOVING.search(model_id.lower()))
        )
        other = {str(k): v for k, v in run.items() if k not in KNOWN}
        yield {
            "leaderboard": board,
            "row_number": i,
            "dirname": text_or_none(run.get("dirname")),
            "model": str(run["model"]),
            "command": command,
            **cmd,
            "provider": provider,
            "model_id": model_id,
            "is_moving_alias": moving,
            "editor_model": text_or_none(run.get("editor_model")),
            "run_date": _date(fetched, run.get("date"), "run date", i),
            "released": _date(fetched, run.get("released"), "released", i),
            "pass_rate_1": score_float(fetched, run.get("pass_rate_1"), "pass_rate_1", i),
            "pass_rate_2": score_float(fetched, run.get("pass_rate_2"), "pass_rate_2", i),
            "percent_cases_well_formed": to_float(run.get("percent_cases_well_formed")),
            "edit_format": text_or_none(run.get("edit_format")),
            "editor_edit_format": text_or_none(run.get("editor_edit_format")),
            "reasoning_effort": text_or_none(run.get("reasoning_effort")),
            "thinking_tokens": text_or_none(run.get("thinking_tokens")),
            "total_cost": to_float(run.get("total_cost")),
            "test_cases": to_int(run.get("test_cases")),
            "seconds_per_case": to_float(run.get("seconds_per_case")),
            "versions": text_or_none(run.get("versions")),
            "commit_hash": text_or_none(run.get("commit_hash")),
            "extra": json.dumps(other, default=_json_default, sort_keys=True) if other else None,
        }
