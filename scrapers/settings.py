"""Where each source lives. Every live URL can be moved (tests point them at a loopback server).

A source's base URL is read at call time from ``OPENGAP_<SOURCE>_<KEY>_URL`` (upper case), e.g.
``OPENGAP_LMARENA_ARENA_CATALOG_GITHUB_API_URL``; the Hugging Face endpoint also honours ``HF_ENDPOINT``.
"""

from __future__ import annotations

import os

GITHUB_API = "https://api.github.com"
GITHUB_RAW = "https://raw.githubusercontent.com"
HF_ENDPOINT = "https://huggingface.co"
WEIRDML_SITE = "https://htihle.github.io"  # the WeirdML site (GitHub Pages of htihle/htihle.github.io)


def env_name(source: str, key: str) -> str:
    return f"OPENGAP_{source}_{key}_URL".upper()


def base_url(source: str, key: str, default: str) -> str:
    value = os.environ.get(env_name(source, key))
    if not value and key == "hf":
        value = os.environ.get("HF_ENDPOINT")
    return (value or default).rstrip("/")


def github_token() -> str | None:
    return os.environ.get("GITHUB_TOKEN") or None


def hf_token() -> str | None:
    return os.environ.get("HF_TOKEN") or None


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
    return _redact(value, secrets)


def _redact(value, secrets: list[str]):
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
        return {_redact(k, secrets): _redact(v, secrets) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(_redact(v, secrets) for v in value)
    return value
