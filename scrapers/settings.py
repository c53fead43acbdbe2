"""Where each source lives. Every live URL can be moved (tests point them at a loopback server).

A source's base URL is read at call time from ``OPENGAP_<SOURCE>_<KEY>_URL`` (upper case), e.g.
``OPENGAP_LMARENA_ARENA_CATALOG_GITHUB_API_URL``; the Hugging Face endpoint also honours ``HF_ENDPOINT``.
"""

from __future__ import annotations

import os

GITHUB_API = "https://api.github.com"
GITHUB_RAW = "https://raw.githubusercontent.com"
HF_ENDPOINT = "https://huggingface.co"


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
