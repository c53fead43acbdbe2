"""The one HTTP client every source uses.

Retries only what a retry can fix (429, 5xx, connection errors and timeouts), honours
``Retry-After``, caps the size of every body before reading it into memory, limits concurrent
requests per host, and never logs credentials.

Hostile servers: every download has an overall deadline (``OPENGAP_HTTP_DEADLINE``, 300 s, retries
and waits included), so a server dripping a byte every few seconds cannot hold a refresh and its
lock. Redirects are followed by hand: within the same origin (scheme, host, port) with the
request's headers; to another origin only when its host is a known file CDN of the upstreams
(``REDIRECT_HOSTS``, or ``OPENGAP_HTTP_REDIRECT_HOSTS``), and then without credentials; any other
redirect is refused, so an upstream cannot point us at an internal service and have its answer
stored under the upstream's URL. A listing's ``Link: rel="next"`` to another origin is refused.
"""

from __future__ import annotations

import email.utils
import os
import random
import re
import threading
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests
import urllib3

from scrapers._types import FetchError, TransientFetchError

USER_AGENT = "opengap/0.1 (+https://github.com/opengap/opengap; research dataset)"
RETRY_STATUS = {429, 500, 502, 503, 504}
DEFAULT_MAX_BYTES = (
    64 * 1024 * 1024
)  # no upstream file we read is near this; a bigger one is hostile
DEFAULT_DEADLINE_S = 300.0  # the slowest real download (Epoch's zip) takes seconds
MAX_REDIRECTS = 5
# Hosts the upstreams hand large files to (Hugging Face's LFS/Xet CDNs, GitHub's raw/objects hosts):
# a cross-origin redirect is followed only to these (or a subdomain), never with credentials.
REDIRECT_HOSTS = (
    "huggingface.co",
    "hf.co",
    "xethub.hf.co",
    "githubusercontent.com",
    "codeload.github.com",
)
CREDENTIAL_HEADERS = ("authorization", "cookie", "proxy-authorization")


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
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default


@dataclass
class Client:
    """Settings can be moved without code: OPENGAP_HTTP_TIMEOUT, OPENGAP_HTTP_RETRIES,
    OPENGAP_HTTP_BACKOFF, OPENGAP_HTTP_MAX_BYTES (a ceiling over every source's own per-call cap),
    OPENGAP_HTTP_DEADLINE (seconds for one download, all attempts included) and
    OPENGAP_HTTP_REDIRECT_HOSTS (comma-separated hosts a redirect may leave the origin for)."""

    timeout: float = field(default_factory=lambda: _env_float("OPENGAP_HTTP_TIMEOUT", 30.0))
    retries: int = field(default_factory=lambda: int(_env_float("OPENGAP_HTTP_RETRIES", 3)))
    backoff: float = field(default_factory=lambda: _env_float("OPENGAP_HTTP_BACKOFF", 1.0))
    max_retry_after: float = 60.0
    max_bytes: int = field(
        default_factory=lambda: int(_env_float("OPENGAP_HTTP_MAX_BYTES", DEFAULT_MAX_BYTES))
    )
    deadline: float = field(
        default_factory=lambda: _env_float("OPENGAP_HTTP_DEADLINE", DEFAULT_DEADLINE_S)
    )
    redirect_hosts: tuple[str, ...] = field(default_factory=lambda: _redirect_hosts())
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
        deadline = time.monotonic() + self.deadline
        attempt = 0
        while True:
            attempt += 1
            try:
                with self._host_locks[host]:
                    resp = self._get_following(url, headers or {}, params, limit, deadline)
            except (
                requests.ConnectionError,
                requests.Timeout,
                urllib3.exceptions.HTTPError,
            ) as exc:
                if attempt > self.retries:
                    raise TransientFetchError(
                        f"{_safe(url)}: {type(exc).__name__} after {attempt} attempts"
                    ) from None
                self._sleep(attempt, None, url, deadline)
                continue
            if resp.status in ok_statuses:
                return resp
            if resp.status in RETRY_STATUS:
                if attempt > self.retries:
                    raise TransientFetchError(
                        f"{_safe(url)}: HTTP {resp.status} after {attempt} attempts"
                    )
                self._sleep(attempt, resp.header("Retry-After"), url, deadline)
                continue
            raise FetchError(f"{_safe(url)}: HTTP {resp.status}")

    def _get_following(
        self, url: str, headers: dict, params: dict | None, limit: int, deadline: float
    ) -> Response:
        """One attempt: the GET and the redirects it leads to, under the rules in the module doc."""
        start = urlsplit(full_url(url, params))
        for _ in range(MAX_REDIRECTS + 1):
            resp = self._get_once(url, headers, params, limit, deadline)
            location = resp.header("Location")
            if resp.status not in (301, 302, 303, 307, 308) or not location:
                return resp
            target = urljoin(resp.url, location)
            parts = urlsplit(target)
            if parts.scheme not in ("http", "https"):
                raise FetchError(
                    f"{_safe(url)}: redirected to a {parts.scheme!r} URL; not followed"
                )
            if _origin(parts) != _origin(start):
                if not self.redirect_allowed(start, parts):
                    raise FetchError(
                        f"{_safe(url)}: redirected to another host ({_origin_text(parts)}); "
                        "not followed (OPENGAP_HTTP_REDIRECT_HOSTS lists the hosts allowed)"
                    )
                headers = without_credentials(headers)
            url, params = target, None
        raise FetchError(f"{_safe(url)}: more than {MAX_REDIRECTS} redirects")

    def redirect_allowed(self, start, target) -> bool:
        """A cross-origin redirect: to a known CDN host, never from https down to http."""
        if start.scheme == "https" and target.scheme != "https":
            return False
        host = (target.hostname or "").lower()
        return any(host == h or host.endswith("." + h) for h in self.redirect_hosts)

    def _get_once(
        self,
        url: str,
        headers: dict,
        params: dict | None,
        limit: int,
        deadline: float | None = None,
    ) -> Response:
        deadline = deadline if deadline is not None else time.monotonic() + self.deadline
        if time.monotonic() >= deadline:
            raise TransientFetchError(f"{_safe(url)}: {self._deadline_text()}")
        timeout = min(self.timeout, max(deadline - time.monotonic(), 0.1))
        with self.session.get(
            url,
            headers=headers,
            params=params,
            timeout=timeout,
            stream=True,
            allow_redirects=False,
        ) as r:
            declared = r.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > limit:
                raise FetchError(
                    f"{_safe(url)}: body of {int(declared):,} bytes exceeds the cap of {limit:,} bytes"
                )
            chunks, total = [], 0
            # decode_content=True inflates gzip; the cap applies to the inflated size (gzip bombs).
            # read1 returns what one receive brings (read(n) would wait for n bytes), so the
            # deadline is checked at least once per socket timeout however slowly bytes come.
            while True:
                if time.monotonic() >= deadline:
                    raise TransientFetchError(f"{_safe(url)}: {self._deadline_text()}")
                chunk = r.raw.read1(65536, decode_content=True)
                if not chunk:
                    break
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

    def _deadline_text(self) -> str:
        return (
            f"download not finished within {self.deadline:g} s (OPENGAP_HTTP_DEADLINE); "
            "nothing stored"
        )

    def _sleep(
        self,
        attempt: int,
        retry_after: str | None,
        url: str = "",
        deadline: float | None = None,
    ) -> None:
        delay = self.backoff * (2 ** (attempt - 1)) * (0.5 + random.random() / 2)
        if retry_after:
            parsed = _parse_retry_after(retry_after)
            if parsed is not None:
                delay = parsed
        delay = min(delay, self.max_retry_after)
        if deadline is not None and time.monotonic() + delay >= deadline:
            raise TransientFetchError(f"{_safe(url)}: {self._deadline_text()}")
        time.sleep(delay)


def _redirect_hosts() -> tuple[str, ...]:
    value = os.environ.get("OPENGAP_HTTP_REDIRECT_HOSTS")
    if value is None:
        return REDIRECT_HOSTS
    return tuple(h.strip().lower() for h in value.split(",") if h.strip())


def _origin(parts) -> tuple[str, str, int | None]:
    default = {"http": 80, "https": 443}.get(parts.scheme)
    return parts.scheme, (parts.hostname or "").lower(), parts.port or default


def _origin_text(parts) -> str:
    return f"{parts.scheme}://{parts.netloc.rsplit('@', 1)[-1]}"


def same_origin(a: str, b: str) -> bool:
    return _origin(urlsplit(a)) == _origin(urlsplit(b))


def without_credentials(headers: dict[str, str]) -> dict[str, str]:
    """The headers minus anything that authenticates (a token goes only to its own host)."""
    return {k: v for k, v in headers.items() if k.lower() not in CREDENTIAL_HEADERS}


# -- listings: conditional GETs against a ListingCache (warehouse.rawstore) ----------------------
_NEXT = re.compile(r'<([^>]+)>;\s*rel="next"')


class NoListingCache:
    """Stands in for a store without listing copies: every listing is asked for in full."""

    def lookup(self, key: str):
        return None

    def stage(self, *args, **kwargs) -> None:
        pass

    def forget(self, key: str) -> None:
        pass

    def commit(self) -> None:
        pass


def listing_cache(store, source: str):
    """The store's listing copies for a source (``RawStore.listings``), or a no-op stand-in."""
    make = getattr(store, "listings", None)
    return make(source) if callable(make) else NoListingCache()


def full_url(url: str, params: dict | None) -> str:
    """The URL a GET with these params requests: the key a listing copy is kept under."""
    if not params:
        return url
    return requests.Request("GET", url, params=params).prepare().url or url


def get_listing(
    client: Client,
    cache,
    url: str,
    parse: Callable[[str, bytes], Any],
    *,
    headers: dict[str, str] | None = None,
    params: dict | None = None,
    max_bytes: int | None = None,
    max_pages: int = 1,
) -> list[Any]:
    """GET a listing (and up to ``max_pages`` pages of it, following ``Link: rel="next"``), one
    parsed value per page: ``parse(page_url, body)`` raises on a body that is not a listing.

    Each page is its own cache entry (URL → ETag, body, next page URL) and is requested with
    ``If-None-Match`` when a copy is kept; a 304 reuses the copy (0 bytes), a 200 is parsed and its
    copy staged, written only when the source calls ``cache.commit()`` after its downloads. Pages
    are validated one by one rather than trusting page 1 alone, which is right whatever the order
    (GitHub's commits are newest-first, the Hub's tree is by path); an unchanged listing of n pages
    costs n requests answered 304. A copy that no longer parses is dropped and asked for in full.
    """
    headers = dict(headers or {})
    page_url: str | None = full_url(url, params)
    out: list[Any] = []
    pages = 0
    first = page_url
    while page_url and pages < max_pages:
        if not same_origin(first, page_url):
            # the next page would be asked with this listing's token: only of the token's own host
            raise FetchError(
                f"{_safe(first)}: the listing's next page is on another host "
                f"({_origin_text(urlsplit(page_url))}); not followed"
            )
        pages += 1
        value, next_url = _listing_page(client, cache, page_url, parse, headers, max_bytes)
        out.append(value)
        page_url = next_url
    return out


def _listing_page(client, cache, url, parse, headers, max_bytes) -> tuple[Any, str | None]:
    kept = cache.lookup(url)
    if kept:
        etag, body, next_url = kept
        resp = client.get(
            url,
            headers={**headers, "If-None-Match": etag},
            max_bytes=max_bytes,
            ok_statuses=(200, 304),
        )
        if resp.status == 304:
            try:
                return parse(url, body), next_url
            except Exception:
                cache.forget(url)  # a copy we cannot read: ask for the listing in full
                resp = client.get(url, headers=headers, max_bytes=max_bytes, ok_statuses=(200,))
    else:
        resp = client.get(url, headers=headers, max_bytes=max_bytes, ok_statuses=(200,))
    value = parse(url, resp.content)
    m = _NEXT.search(resp.header("Link") or "")
    next_url = urljoin(url, m.group(1)) if m else None
    cache.stage(url, resp.header("ETag"), resp.content, next_url)
    return value, next_url


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


# -- files obtained by other means (`opengap ingest`) -----------------------------------------
PSEUDO_FS = ("/proc", "/sys", "/dev")  # files there are generated on read: environ holds tokens


def read_local_file(path, max_bytes: int | None = None) -> bytes:
    """The bytes of a file a person hands to ``opengap ingest``, under the same cap as a download
    (``max_bytes``, a source's own cap, lowered by OPENGAP_HTTP_MAX_BYTES, else 64 MB).

    Refused with a one-line FetchError that names the file and never quotes its content: anything
    that is not a regular file (a FIFO would block, a device never ends), files under /proc, /sys
    and /dev (``/proc/self/environ`` is a "regular" file of size 0 holding this process's
    tokens), and a file over the cap, judged by its size before reading (a sparse 2 GB file) and
    again while reading (a file that grows)."""
    import stat
    from pathlib import Path

    ceiling = int(_env_float("OPENGAP_HTTP_MAX_BYTES", DEFAULT_MAX_BYTES))
    limit = min(max_bytes, ceiling) if max_bytes else ceiling
    path = Path(path)
    shown = str(path) if len(str(path)) <= 200 else str(path)[:199] + "…"
    resolved = path.resolve()
    if any(resolved == Path(p) or Path(p) in resolved.parents for p in PSEUDO_FS):
        raise FetchError(f"{shown}: a system file ({resolved.parts[1]}), not a saved upstream file")
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise FetchError(f"{shown}: cannot open ({exc.strerror})") from None
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise FetchError(f"{shown}: not a regular file")
    with os.fdopen(fd, "rb") as f:
        if info.st_size > limit:
            raise FetchError(
                f"{shown}: {info.st_size:,} bytes exceeds the cap of {limit:,} bytes for this source"
            )
        data = f.read(limit + 1)
    if len(data) > limit:
        raise FetchError(f"{shown}: more than the cap of {limit:,} bytes for this source")
    return data
