"""The one HTTP client every source uses.

Retries only what a retry can fix (429, 5xx, connection errors and timeouts), honours
``Retry-After``, caps the size of every body before reading it into memory, limits concurrent
requests per host, and never logs credentials.
"""

from __future__ import annotations

import email.utils
import random
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import requests
import urllib3

from scrapers._types import FetchError, TransientFetchError

USER_AGENT = "opengap/0.1 (+https://github.com/opengap/opengap; research dataset)"
RETRY_STATUS = {429, 500, 502, 503, 504}
DEFAULT_MAX_BYTES = (
    64 * 1024 * 1024
)  # no upstream file we read is near this; a bigger one is hostile


@dataclass
class Response:
    url: str
    status: int
    headers: dict[str, str]
    content: bytes

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    def header(self, name: str) -> str | None:
        for k, v in self.headers.items():
            if k.lower() == name.lower():
                return v
        return None


def _env_float(name: str, default: float) -> float:
    import os

    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default


@dataclass
class Client:
    """Settings can be moved without code: OPENGAP_HTTP_TIMEOUT, OPENGAP_HTTP_RETRIES,
    OPENGAP_HTTP_BACKOFF and OPENGAP_HTTP_MAX_BYTES (a ceiling over every source's own per-call cap)."""

    timeout: float = field(default_factory=lambda: _env_float("OPENGAP_HTTP_TIMEOUT", 30.0))
    retries: int = field(default_factory=lambda: int(_env_float("OPENGAP_HTTP_RETRIES", 3)))
    backoff: float = field(default_factory=lambda: _env_float("OPENGAP_HTTP_BACKOFF", 1.0))
    max_retry_after: float = 60.0
    max_bytes: int = field(
        default_factory=lambda: int(_env_float("OPENGAP_HTTP_MAX_BYTES", DEFAULT_MAX_BYTES))
    )
    per_host: int = 4
    session: requests.Session = field(default_factory=requests.Session)
    _host_locks: dict = field(default_factory=lambda: defaultdict(lambda: threading.Semaphore(4)))
    bytes_downloaded: int = 0
    requests_made: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.session.headers["User-Agent"] = USER_AGENT
        per_host = self.per_host
        self._host_locks = defaultdict(lambda: threading.Semaphore(per_host))

    def get(
        self,
        url: str,
        *,
        headers: dict[str, str] | None = None,
        params: dict | None = None,
        max_bytes: int | None = None,
        ok_statuses: tuple[int, ...] = (200, 304),
    ) -> Response:
        """GET with bounded retries. Raises TransientFetchError after the last retry, FetchError on 4xx."""
        # a source's cap can only lower the client's ceiling, never raise it
        limit = min(max_bytes, self.max_bytes) if max_bytes else self.max_bytes
        host = urlsplit(url).netloc
        attempt = 0
        while True:
            attempt += 1
            try:
                with self._host_locks[host]:
                    resp = self._get_once(url, headers or {}, params, limit)
            except (
                requests.ConnectionError,
                requests.Timeout,
                urllib3.exceptions.HTTPError,
            ) as exc:
                if attempt > self.retries:
                    raise TransientFetchError(
                        f"{_safe(url)}: {type(exc).__name__} after {attempt} attempts"
                    ) from None
                self._sleep(attempt, None)
                continue
            if resp.status in ok_statuses:
                return resp
            if resp.status in RETRY_STATUS:
                if attempt > self.retries:
                    raise TransientFetchError(
                        f"{_safe(url)}: HTTP {resp.status} after {attempt} attempts"
                    )
                self._sleep(attempt, resp.header("Retry-After"))
                continue
            raise FetchError(f"{_safe(url)}: HTTP {resp.status}")

    def _get_once(self, url: str, headers: dict, params: dict | None, limit: int) -> Response:
        with self.session.get(
            url, headers=headers, params=params, timeout=self.timeout, stream=True
        ) as r:
            declared = r.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > limit:
                raise FetchError(
                    f"{_safe(url)}: body of {int(declared):,} bytes exceeds the cap of {limit:,} bytes"
                )
            chunks, total = [], 0
            # decode_content=True inflates gzip; the cap applies to the inflated size (gzip bombs)
            for chunk in r.raw.stream(65536, decode_content=True):
                total += len(chunk)
                if total > limit:
                    raise FetchError(f"{_safe(url)}: body exceeds the cap of {limit:,} bytes")
                chunks.append(chunk)
            body = b"".join(chunks)
            cut_short = (
                declared
                and declared.isdigit()
                and "Content-Encoding" not in r.headers
                and len(body) < int(declared)
            )
            if cut_short:
                raise TransientFetchError(
                    f"{_safe(url)}: body cut short ({len(body):,} of {int(declared):,} bytes)"
                )
            with self._lock:
                self.requests_made += 1
                self.bytes_downloaded += len(body) if r.status_code != 304 else 0
            return Response(str(r.url), r.status_code, dict(r.headers), body)

    def _sleep(self, attempt: int, retry_after: str | None) -> None:
        delay = self.backoff * (2 ** (attempt - 1)) * (0.5 + random.random() / 2)
        if retry_after:
            parsed = _parse_retry_after(retry_after)
            if parsed is not None:
                delay = parsed
        time.sleep(min(delay, self.max_retry_after))


def _parse_retry_after(value: str) -> float | None:
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _safe(url: str) -> str:
    """A URL fit for an error message: no query string (tokens sometimes travel there)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}{parts.path}"
