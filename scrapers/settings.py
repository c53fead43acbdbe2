"""Where each source lives. Every live URL can be moved (tests point them at a loopback server).

A source's base URL is read at call time from ``OPENGAP_<SOURCE>_<KEY>_URL`` (upper case), e.g.
``OPENGAP_LMARENA_ARENA_CATALOG_GITHUB_API_URL``; the Hugging Face endpoint also honours ``HF_ENDPOINT``.
"""

from __future__ import annotations

import os

GITHUB_API = "https://api.github.com"
GITHUB_RAW = "https://raw.githubusercontent.com"
HF_ENDPOINT = "https://huggingface.co"
WEIRDML_SITE = (
    "https://htihle.github.io"  # the WeirdML site (GitHub Pages of htihle/htihle.github.io)
)


def env_name(source: str, key: str) -> str:
    return f"OPENGAP_{source}_{key}_URL".upper()


# moved base URL → the live one it stands for, as base_url() handed them out in this process
_MOVED: dict[str, str] = {}


def base_url(source: str, key: str, default: str) -> str:
    value = os.environ.get(env_name(source, key))
    if not value and key == "hf":
        value = os.environ.get("HF_ENDPOINT")
    if value and value.rstrip("/") != default.rstrip("/"):
        _MOVED[value.rstrip("/")] = default.rstrip("/")
    return (value or default).rstrip("/")


def upstream_url(url: str) -> str:
    """The live URL that `url` stands for when a base URL was moved (a mirror, a replay of
    captures on loopback): the longest moved base it starts with, replaced by the live base."""
    for moved in sorted(_MOVED, key=len, reverse=True):
        if url == moved or url.startswith(moved + "/") or url.startswith(moved + "?"):
            return _MOVED[moved] + url[len(moved) :]
    return url


def record_upstream_urls() -> bool:
    """OPENGAP_RECORD_UPSTREAM_URLS=1: record each file under the live URL it stands for, not the
    moved one that served it (how the bundled snapshot is built from replayed captures, so its
    provenance names the upstream a user would fetch, never a loopback address)."""
    return os.environ.get("OPENGAP_RECORD_UPSTREAM_URLS", "") in ("1", "true", "yes")


def github_token() -> str | None:
    return os.environ.get("GITHUB_TOKEN") or None


def hf_token() -> str | None:
    return os.environ.get("HF_TOKEN") or None


def hf_auth_headers() -> dict[str, str]:
    """The Authorization header for Hub requests when HF_TOKEN is set, else none."""
    token = hf_token()
    return {"Authorization": f"Bearer {token}"} if token else {}


# -- credentials never stored or printed --------------------------------------------------------
SECRET_ENV = ("HF_TOKEN", "GITHUB_TOKEN", "HUGGING_FACE_HUB_TOKEN", "GH_TOKEN")


def secret_values() -> list[str]:
    """The credentials set in this process (longest first, so one cannot hide part of another).
    Values under 8 characters are not tokens any upstream issues, and redacting them would
    mangle ordinary text."""
    found = {v for k in SECRET_ENV if len(v := os.environ.get(k, "").strip()) >= 8}
    return sorted(found, key=len, reverse=True)


def redact_secrets(value):
    """``value`` with every known token replaced by ``***``: strings, and the strings inside
    dicts, lists and tuples (a listing's commit message or an error page can echo a token back).
    Anything else is returned as it is."""
    secrets = secret_values()
    if not secrets:
        return value
    return redact_known(value, secrets)


def redact_known(value, secrets: list[str]):
    if isinstance(value, str):
        for s in secrets:
            if s in value:
                value = value.replace(s, "***")
        return value
    if isinstance(value, bytes):
        for s in secrets:
            value = value.replace(s.encode(), b"***")
        return value
    if isinstance(value, dict):
        return {redact_known(k, secrets): redact_known(v, secrets) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(redact_known(v, secrets) for v in value)
    return value
