"""The raw store: every downloaded or ingested file, kept once by content, with a record per fetch.

Layout under the root (``data/raw`` by default)::

    <source>/<sha256[:16]><ext>                          the bytes, written once, never edited
    <source>/<YYYYmmddTHHMMSSZ>_<sha12>.meta.json        one Fetched record per fetch of that file
    <source>/_listings.json                              ETag-validated copies of the source's
                                                         listings (see ListingCache)

The same bytes fetched twice (say the same leaderboard under a later commit) are stored once and
recorded twice, since the later record describes a later snapshot date.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

from scrapers import settings
from scrapers._types import Fetched, OpengapError, check_date

LISTINGS_FILE = "_listings.json"


def utcnow() -> str:
    return dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _ext(filename: str | None, content_type: str | None) -> str:
    if filename:
        m = re.search(r"(\.[A-Za-z0-9]{1,8})$", filename)
        if m:
            return m.group(1).lower()
    ct = (content_type or "").split(";")[0].strip()
    return {
        "text/csv": ".csv",
        "application/json": ".json",
        "text/html": ".html",
        "application/zip": ".zip",
        "text/yaml": ".yml",
    }.get(ct, ".bin")


class ListingCache:
    """One source's listing responses (GitHub API, Hub tree), each kept with the ETag that
    validated it, so the next refresh asks with ``If-None-Match`` and an unchanged listing costs a
    304 and 0 bytes: the caller reuses the kept body and decides what is new exactly as before.

    Copies are *staged* as they arrive and written by :meth:`commit`, which a source calls only
    once everything the listings pointed at was downloaded: a failure in between leaves the old
    copies (or none), so the next refresh sees the listing as changed and retries. The file is
    only ever a saving: a missing, unreadable or tampered one (each entry's body is checked
    against its sha256) is ignored and costs the full listing again, never data. No request
    header is stored, and an entry that contains a configured token is never written.
    """

    VERSION = 1

    def __init__(self, path: Path | None):
        self.path = path
        self._lock = threading.Lock()
        self._entries: dict[str, dict] = self._load()
        self._staged: dict[str, dict] = {}

    def _load(self) -> dict[str, dict]:
        if self.path is None:
            return {}
        try:
            doc = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError, UnicodeDecodeError):
            return {}  # missing or corrupt: ignored, the listings are simply asked for in full
        if not isinstance(doc, dict) or doc.get("version") != self.VERSION:
            return {}
        listings = doc.get("listings")
        if not isinstance(listings, dict):
            return {}
        return {k: e for k, e in listings.items() if isinstance(k, str) and _valid_entry(e)}

    def lookup(self, key: str) -> tuple[str, bytes, str | None] | None:
        """(etag, body, next page URL) kept for a listing URL, or None."""
        with self._lock:
            e = self._entries.get(key)
        return (e["etag"], e["body"].encode("utf-8"), e.get("next")) if e else None

    def stage(self, key: str, etag: str | None, body: bytes, next_url: str | None = None) -> None:
        """Keep a fresh listing body and its ETag, to be written by commit()."""
        if not etag:
            return
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return  # listings are JSON; anything else is just not kept
        secrets = [t for t in (settings.github_token(), settings.hf_token()) if t]
        if any(t in part for t in secrets for part in (key, etag, text, next_url or "")):
            return  # never write a credential to disk
        entry = {
            "etag": etag,
            "sha256": hashlib.sha256(text.encode("utf-8")).hexdigest(),
            "next": next_url,
            "stored_at": utcnow(),
            "body": text,
        }
        with self._lock:
            self._staged[key] = entry

    def forget(self, key: str) -> None:
        with self._lock:
            self._entries.pop(key, None)
            self._staged.pop(key, None)

    def commit(self) -> None:
        """Write the staged listings (call once everything they listed is stored)."""
        with self._lock:
            if not self._staged or self.path is None:
                self._staged.clear()
                return
            self._entries.update(self._staged)
            self._staged.clear()
            doc = {"version": self.VERSION, "listings": self._entries}
            data = json.dumps(doc, sort_keys=True, ensure_ascii=False).encode("utf-8")
        with contextlib.suppress(OSError):  # an unwritten cache only costs bytes next time
            _atomic_write(self.path, data)


def _valid_entry(e) -> bool:
    if not isinstance(e, dict):
        return False
    etag, body, nxt = e.get("etag"), e.get("body"), e.get("next")
    if not isinstance(etag, str) or not etag or not isinstance(body, str):
        return False
    if nxt is not None and not isinstance(nxt, str):
        return False
    return hashlib.sha256(body.encode("utf-8")).hexdigest() == e.get("sha256")


class RawStore:
    def __init__(self, root: Path | str):
        self.root = Path(root)
        self._records: list[Fetched] | None = None
        self._meta_paths: dict[str, Path] = {}
        self._intact: dict[str, str | None] = {}  # path → sha256 of its bytes, hashed once a run
        # records that could not be read: (source, meta file, one-line reason); each is reported
        # as a load error of that file by the build, never a crash of the whole build
        self.bad_records: list[tuple[str, Path, str]] = []

    @property
    def rejected_root(self) -> Path:
        """Where refused payloads go, for diagnosis: beside the store, never read by a build."""
        return self.root.parent / "rejected"

    # -- reading -------------------------------------------------------------------------------
    def records(self, source: str | None = None) -> list[Fetched]:
        if self._records is None:
            recs, bad = [], []
            if self.root.exists():
                for meta in sorted(self.root.glob("*/*.meta.json")):
                    try:
                        rec = Fetched.from_json(meta.read_text(encoding="utf-8"))
                        if rec.source != meta.parent.name:
                            raise ValueError(f"field 'source' is {rec.source!r:.40}")
                    except (OSError, ValueError, TypeError, UnicodeDecodeError) as exc:
                        why = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                        bad.append((meta.parent.name, meta, why))
                        continue
                    recs.append(rec)
                    self._meta_paths[rec.fetch_id] = meta
            self._records, self.bad_records = recs, bad
        return [r for r in self._records if source is None or r.source == source]

    def quarantine(self, fetch_ids: set[str], reason: str = "") -> list[Path]:
        """Move refused files out of the store (records and, when no other record shares them,
        bytes) into `rejected/<source>/`, so a rebuild never reads them again and the next refresh
        downloads them afresh. Returns where they went."""
        moved: list[Path] = []
        recs = [r for r in self.records() if r.fetch_id in fetch_ids]
        for rec in recs:
            dest = self.rejected_root / rec.source
            dest.mkdir(parents=True, exist_ok=True)
            meta = self._meta_paths.get(rec.fetch_id)
            data = self.root / rec.path
            shared = any(o.path == rec.path and o.fetch_id not in fetch_ids for o in self.records())
            if data.exists():
                target = dest / data.name
                if shared:
                    with contextlib.suppress(OSError):
                        target.write_bytes(data.read_bytes())
                else:
                    os.replace(data, target)
                moved.append(target)
            if meta is not None and meta.exists():
                os.replace(meta, dest / meta.name)
            if reason:
                with contextlib.suppress(OSError):
                    (dest / (Path(rec.path).name + ".reason.txt")).write_text(
                        settings.redact_secrets(reason) + "\n", encoding="utf-8"
                    )
        if self._records is not None:
            self._records = [r for r in self._records if r.fetch_id not in fetch_ids]
        return moved

    def intact(self, rec: Fetched) -> bool:
        """Whether the record's bytes are there and match its sha256 (checked once per store)."""
        cache = self._intact
        if rec.path not in cache:
            try:
                got = hashlib.sha256((self.root / rec.path).read_bytes()).hexdigest()
            except OSError:
                got = None
            cache[rec.path] = got
        return cache[rec.path] == rec.sha256

    def has_upstream_key(self, source: str, key: str) -> bool:
        """Whether that upstream version is stored, intact (a damaged or missing file is fetched
        again: its record alone does not count)."""
        return any(r.upstream_key == key and self.intact(r) for r in self.records(source))

    def latest_for_url(self, source: str, url: str) -> Fetched | None:
        """The newest intact fetch of url (its ETag makes the next request conditional; a damaged
        copy must not: a 304 would keep it damaged forever)."""
        urls = {url, settings.upstream_url(url)}  # recorded under its live URL, see put()
        recs = [r for r in self.records(source) if r.url in urls and r.origin == "fetch"]
        recs = [r for r in recs if self.intact(r)]
        return max(recs, key=lambda r: r.fetched_at) if recs else None

    def conditional_headers(self, source: str, url: str) -> dict[str, str]:
        last = self.latest_for_url(source, url)
        headers: dict[str, str] = {}
        if last and last.etag:
            headers["If-None-Match"] = last.etag
        if last and last.last_modified:
            headers["If-Modified-Since"] = last.last_modified
        return headers

    def read(self, fetched: Fetched, verify: bool = True) -> bytes:
        path = self.root / fetched.path
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise OpengapError(
                f"{path}: raw file missing (recorded by fetch {fetched.fetch_id}). "
                "Re-run `opengap refresh` to download it again."
            ) from None
        if verify and self._intact.get(fetched.path) != fetched.sha256:
            # (a file intact() already hashed in this run is not hashed a second time)
            got = hashlib.sha256(data).hexdigest()
            if got != fetched.sha256:
                raise OpengapError(
                    f"{path}: expected sha256 {fetched.sha256[:12]}…, got {got[:12]}…. "
                    "File edited or truncated? Delete it and re-run `opengap refresh`."
                )
        return data

    # -- writing -------------------------------------------------------------------------------
    def put(
        self,
        source: str,
        url: str,
        data: bytes,
        *,
        http_status: int | None = 200,
        headers: dict[str, str] | None = None,
        snapshot_date: str | None = None,
        upstream_key: str | None = None,
        filename: str | None = None,
        origin: str = "fetch",
        extra: dict | None = None,
        fetched_at: str | None = None,
    ) -> Fetched:
        # an upstream may echo a token back (a commit message, an error page): never stored
        url, headers, extra = (
            settings.redact_secrets(url),
            settings.redact_secrets(headers),
            settings.redact_secrets(extra),
        )
        headers = {k.lower(): v for k, v in (headers or {}).items()}
        if snapshot_date is not None:
            try:
                check_date(snapshot_date, "snapshot date")
            except ValueError as exc:
                raise OpengapError(f"{source}: {exc}") from None
        sha = hashlib.sha256(data).hexdigest()
        content_type = headers.get("content-type")
        for old in self.records(source):
            if (old.sha256, old.snapshot_date, old.upstream_key) == (
                sha,
                snapshot_date,
                upstream_key,
            ):
                if not self.intact(old):  # its bytes were damaged or lost: these are good
                    _atomic_write(self.root / old.path, data)
                    self._intact.pop(old.path, None)
                return old  # the same file for the same date: already stored and recorded
        rel = Path(source) / f"{sha[:16]}{_ext(filename, content_type)}"
        target = self.root / rel
        if not target.exists() or hashlib.sha256(target.read_bytes()).hexdigest() != sha:
            _atomic_write(target, data)
        self._intact.pop(rel.as_posix(), None)
        if settings.record_upstream_urls():
            served = url
            url = settings.upstream_url(url)
            if url != served:
                extra = {**(extra or {}), "served_by": "a replay of a capture of this URL"}
        rec = Fetched(
            source=source,
            url=url,
            fetched_at=fetched_at or utcnow(),
            sha256=sha,
            path=rel.as_posix(),
            bytes=len(data),
            http_status=http_status,
            content_type=content_type,
            etag=headers.get("etag"),
            last_modified=headers.get("last-modified"),
            snapshot_date=snapshot_date,
            upstream_key=upstream_key,
            filename=filename,
            origin=origin,
            extra=extra or {},
        )
        meta = self.root / source / f"{rec.fetch_id.split(':', 1)[1]}.meta.json"
        n = 1
        while meta.exists():  # two fetches of one file in the same second
            n += 1
            meta = self.root / source / f"{rec.fetch_id.split(':', 1)[1]}-{n}.meta.json"
        _atomic_write(meta, rec.to_json().encode("utf-8"))
        if self._records is not None:
            self._records.append(rec)
            self._meta_paths[rec.fetch_id] = meta
        return rec

    # -- the fetch log: every attempt, including failures ---------------------------------------
    @property
    def log_path(self) -> Path:
        return self.root / "fetch_log.jsonl"

    def log_attempt(self, entry: dict) -> None:
        import json
        import threading

        lock = self.__dict__.setdefault("_log_lock", threading.Lock())
        with lock:
            self.root.mkdir(parents=True, exist_ok=True)
            with open(self.log_path, "a", encoding="utf-8") as fh:
                fh.write(json.dumps(entry, sort_keys=True) + "\n")
                fh.flush()
                os.fsync(fh.fileno())

    def attempts(self) -> list[dict]:
        import json

        if not self.log_path.exists():
            return []
        out = []
        for line in self.log_path.read_text(encoding="utf-8").splitlines():
            try:
                out.append(json.loads(line))
            except ValueError:
                continue  # a line cut by a crash mid-write
        return out

    def listings(self, source: str) -> ListingCache:
        """The ETag-validated listing copies of one source (``<source>/_listings.json``)."""
        return ListingCache(self.root / source / LISTINGS_FILE)

    def put_response(self, source: str, url: str, resp, **kwargs) -> Fetched:
        """Store an HTTP response's body with its status and headers (ETag, Last-Modified, type)."""
        return self.put(
            source, url, resp.content, http_status=resp.status, headers=resp.headers, **kwargs
        )

    def iter_sources(self) -> Iterator[str]:
        if self.root.exists():
            for d in sorted(self.root.iterdir()):
                if d.is_dir() and not d.name.startswith("."):
                    yield d.name
