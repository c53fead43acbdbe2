"""Shared types for every source: the record of one fetched file and the errors a source raises."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Fetched:
    """One file as it landed in the raw store: where it came from, when, and its checksum.

    `path` is relative to the raw store root (``data/raw``); the bytes are read by the caller and
    handed to the source's pure ``parse(fetched, data)``.
    """

    source: str
    url: str
    fetched_at: str  # UTC, ISO 8601 with Z
    sha256: str
    path: str
    bytes: int
    http_status: int | None = 200
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    snapshot_date: str | None = None  # YYYY-MM-DD the file describes
    upstream_key: str | None = None  # what identifies this version upstream (commit sha, file name)
    filename: str | None = None  # the upstream file name (e.g. leaderboard_table_20240527.csv)
    origin: str = "fetch"  # fetch | manual
    extra: dict[str, Any] = field(default_factory=dict)  # source-specific facts (commit message...)

    @property
    def fetch_id(self) -> str:
        stamp = self.fetched_at.replace("-", "").replace(":", "").split(".")[0].rstrip("Z") + "Z"
        return f"{self.source}:{stamp}_{self.sha256[:12]}"

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self), indent=2, sort_keys=True)

    @classmethod
    def from_json(cls, text: str) -> Fetched:
        raw = json.loads(text)
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in raw.items() if k in known})

    def provenance(self) -> dict[str, Any]:
        """Columns copied onto every staging row parsed from this file."""
        return {
            "source_url": self.url,
            "fetched_at": self.fetched_at,
            "sha256": self.sha256,
            "fetch_id": self.fetch_id,
            "snapshot_date": self.snapshot_date,
        }

    def display_path(self, root: Path | None = None) -> str:
        return str(root / self.path) if root else f"data/raw/{self.path}"


class OpengapError(Exception):
    """Base class: str(err) is the one-line message shown to the user."""


class SourceChangedError(OpengapError):
    """The upstream file is not what the parser expects; a retry will not help."""

    def __init__(self, source: str, file: str, expected: str, found: str, hint: str = ""):
        self.source, self.file, self.expected, self.found = source, file, expected, found
        msg = f"{source}: {file}: expected {expected}, found {found}"
        if hint:
            msg += f". {hint}"
        super().__init__(msg)


class TransientFetchError(OpengapError):
    """A network failure where a later retry may succeed (timeouts, 429, 5xx)."""


class FetchError(OpengapError):
    """A fetch that failed for good (4xx, body too large, not the expected kind of file)."""
