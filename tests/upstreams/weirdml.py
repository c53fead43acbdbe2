"""Routes for WeirdML's results table at htihle.github.io/data/weirdml_data.csv (the newest capture by default)."""

from __future__ import annotations

from pathlib import Path

from tests.upstreams import Upstream

URL_PATH = "/htihle.github.io/data/weirdml_data.csv"


def serve(up: Upstream, body: bytes, captured_on: str | None = None) -> None:
    """What the site serves now: the file is rewritten in place, each body with its own ETag."""
    up.file(URL_PATH, body, "text/csv; charset=utf-8", captured_on=captured_on)
    up.env["OPENGAP_WEIRDML_SITE_URL"] = f"{up.base}/htihle.github.io"


def captures(shared: Path) -> list[Path]:
    """The captured versions, oldest first (folders are named by commit date)."""
    return sorted((shared / "weirdml").glob("*/weirdml_data.csv"))


def register(up: Upstream, shared: Path) -> None:
    files = captures(shared)
    if files:
        serve(up, files[-1].read_bytes(), captured_on=files[-1].parent.name)
