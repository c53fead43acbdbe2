"""Shared types for every source: the record of one fetched file and the errors a source raises."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
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
        """A record as written by `to_json`; anything else raises ValueError saying what is wrong
        (a record is read on every build: one bad record must be one clear error, not a crash)."""
        raw = json.loads(text)
        if not isinstance(raw, dict):
            raise ValueError(f"expected a JSON object, found {type(raw).__name__}")
        known = {f.name for f in dataclasses.fields(cls)}
        rec = cls(**{k: v for k, v in raw.items() if k in known})
        rec.validate()
        return rec

    def validate(self) -> None:
        """Raise ValueError naming the first field that does not hold what a record holds."""
        for name in ("source", "url", "fetched_at", "sha256", "path"):
            if not isinstance(getattr(self, name), str) or not getattr(self, name):
                raise ValueError(f"field {name!r}: expected a non-empty string")
        if not _SHA256.fullmatch(self.sha256):
            raise ValueError("field 'sha256': expected 64 hex digits")
        if not _STAMP.fullmatch(self.fetched_at):
            raise ValueError(
                f"field 'fetched_at': expected YYYY-MM-DDTHH:MM:SS[.ffffff]Z, found {self.fetched_at!r:.40}"
            )
        if self.snapshot_date is not None:
            check_date(self.snapshot_date, "snapshot_date")
        if not isinstance(self.bytes, int) or self.bytes < 0:
            raise ValueError("field 'bytes': expected a non-negative integer")
        p = Path(self.path)
        if p.is_absolute() or ".." in p.parts or len(p.parts) != 2 or p.parts[0] != self.source:
            raise ValueError(f"field 'path': expected <source>/<file>, found {self.path!r:.80}")
        if not isinstance(self.extra, dict):
            raise ValueError("field 'extra': expected an object")

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


_SHA256 = re.compile(r"[0-9a-f]{64}")
_STAMP = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def check_date(value: object, what: str = "date") -> str:
    """`value` if it is a real calendar date written YYYY-MM-DD, else ValueError saying so."""
    if not isinstance(value, str) or not _DATE.fullmatch(value):
        raise ValueError(f"{what}: expected YYYY-MM-DD, found {str(value)!r:.40}")
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{what}: {value} is not a calendar date") from None
    return value


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
