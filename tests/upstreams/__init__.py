"""A loopback HTTP server that stands in for every upstream opengap reads.

One server on 127.0.0.1 serves several "hosts" under path prefixes:
``/api.github.com/…`` (the GitHub REST API), ``/raw.githubusercontent.com/…``, ``/hf/…`` (the
Hugging Face Hub API and resolve URLs) and ``/<host>/…`` for plain sites. Each source's test module
in this package has ``register(up, shared)`` adding the routes for its captures and the environment
overrides (``OPENGAP_<SOURCE>_<KEY>_URL``) that point the live fetch code here.

Faults can be injected per path (status codes, Retry-After, latency, truncated bodies, resets) and
every request is logged, so tests can assert what was downloaded. Every route carries an ETag and
answers a matching If-None-Match with 304, listings (GitHub API, Hub tree) as well as files.

``split_hosts()`` serves each of those hosts on a port of its own as well (same routes, same log)
and points ``env`` at them, so that the client's per-host limit applies per upstream host exactly
as in production, where each is its own netloc.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email.utils
import hashlib
import json
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

REPO_ROOT = Path(__file__).resolve().parents[2]
SHARED_SOURCES = REPO_ROOT.parent / "shared" / "sources"


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)


Handler = Callable[[dict[str, list[str]], dict[str, str]], Reply]


@dataclass
class Fault:
    """Injected misbehaviour for one path: a status sequence, latency, truncation or reset."""

    statuses: list[int] = field(default_factory=list)  # served in order before the real reply
    retry_after: str | None = None
    delay: float = 0.0
    truncate_to: int | None = None
    reset: bool = False
    body: bytes | None = None  # replace the body (e.g. an HTML error page with status 200)
    headers: dict[str, str] | None = None  # headers for the replaced body (e.g. Content-Encoding)


class Upstream:
    def __init__(self) -> None:
        self.routes: dict[str, Handler] = {}
        self.faults: dict[str, Fault] = {}
        self.log: list[tuple[str, int, int]] = []  # (path, status, bytes), once the reply is sent
        self.requests: list[str] = []  # every path as it arrives (a stalled or refused reply too)
        self.env: dict[str, str] = {}
        self.latency = 0.0
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._handler: type[BaseHTTPRequestHandler] | None = None
        self._extra: list[ThreadingHTTPServer] = []  # split_hosts(): one per upstream host
        self.host_bases: dict[str, str] = {}  # upstream host (first path segment) → its own base

    # -- lifecycle -----------------------------------------------------------------------------
    @property
    def base(self) -> str:
        assert self._server is not None
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> Upstream:
        upstream = self

        class _H(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # headers and body go out in separate writes: with Nagle's algorithm on, the body waits
            # for the client's delayed ACK (~40 ms per keep-alive request), a stall no real host adds
            disable_nagle_algorithm = True

            def log_message(self, *args):  # quiet
                pass

            def do_HEAD(self):
                self._serve(head=True)

            def do_GET(self):
                self._serve()

            def _serve(self, head: bool = False):
                parts = urlsplit(self.path)
                path, query = parts.path, parse_qs(parts.query)
                upstream.requests.append(path)
                if upstream.latency:
                    time.sleep(upstream.latency)
                fault = upstream.faults.get(path)
                if fault and fault.delay:
                    time.sleep(fault.delay)
                if fault and fault.reset:
                    with contextlib.suppress(OSError):
                        self.connection.shutdown(socket.SHUT_RDWR)
                    self.connection.close()
                    self.close_connection = True
                    upstream.log.append((path, 0, 0))
                    return
                if fault and fault.statuses:
                    status = fault.statuses.pop(0)
                    headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
                    self._send(Reply(status, b"upstream error", headers), path, head)
                    return
                handler = upstream.routes.get(path)
                if handler is None:
                    reply = Reply(
                        404, b'{"message": "Not Found"}', {"Content-Type": "application/json"}
                    )
                else:
                    reply = handler(query, {k.lower(): v for k, v in self.headers.items()})
                if fault and fault.body is not None:
                    headers = (
                        {"Content-Type": "text/html"} if fault.headers is None else fault.headers
                    )
                    reply = Reply(200, fault.body, headers)
                if fault and fault.truncate_to is not None:
                    full = len(reply.body)
                    self.send_response(reply.status)
                    for k, v in reply.headers.items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", str(full))
                    self.end_headers()
                    self.wfile.write(reply.body[: fault.truncate_to])
                    self.wfile.flush()
                    self.connection.close()
                    upstream.log.append((path, reply.status, fault.truncate_to))
                    return
                self._send(reply, path, head)

            def _send(self, reply: Reply, path: str, head: bool):
                self.send_response(reply.status)
                for k, v in reply.headers.items():
                    self.send_header(k, v)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                if not head:
                    self.wfile.write(reply.body)
                upstream.log.append((path, reply.status, 0 if head else len(reply.body)))

        self._handler = _H
        self._server = self._listen()
        return self

    def _listen(self) -> ThreadingHTTPServer:
        assert self._handler is not None
        server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler)
        server.daemon_threads = True
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        if self._thread is None:
            self._thread = thread
        return server

    def stop(self) -> None:
        for server in [self._server, *self._extra]:
            if server:
                server.shutdown()
                server.server_close()

    def split_hosts(self) -> dict[str, str]:
        """Give each upstream host named in ``env`` (``/api.github.com``, ``/raw.githubusercontent.com``,
        ``/hf``, ``/epoch.ai``…: the first path segment of each URL) a loopback port of its own and
        point ``env`` there. The path stays the same, so every port serves every route; what changes
        is the netloc, which is what the client's per-host limit is keyed on. Returns ``env``."""
        prefix = self.base + "/"
        for key, value in list(self.env.items()):
            if not value.startswith(prefix):
                continue
            host = value[len(prefix) :].split("/", 1)[0]
            if host not in self.host_bases:
                server = self._listen()
                self._extra.append(server)
                addr, port = server.server_address[:2]
                self.host_bases[host] = f"http://{addr}:{port}"
            self.env[key] = self.host_bases[host] + value[len(self.base) :]
        return self.env

    # -- routes --------------------------------------------------------------------------------
    def file(
        self,
        path: str,
        body: bytes,
        content_type: str = "application/octet-stream",
        captured_on: str | None = None,
    ) -> str:
        """Serve fixed bytes at path with an ETag, answering If-None-Match with 304. A capture's
        date (YYYY-MM-DD) goes out as Last-Modified, as a server of that dated version would send."""
        extra = {"Last-Modified": http_date(captured_on)} if captured_on else {}

        def handler(query, headers):
            reply = conditional(headers, body, content_type)
            reply.headers.update(extra)
            return reply

        self.routes[path] = handler
        return self.base + path

    def json(self, path: str, obj) -> str:
        return self.file(path, json.dumps(obj).encode(), "application/json")

    def github_history(
        self, repo: str, path: str, versions: list[tuple[str, str, str, bytes]]
    ) -> None:
        """Serve a file's history: versions = [(commit sha, ISO date, commit message, bytes)], newest first
        in the listing as GitHub does, and each version's raw bytes."""
        listing = [
            {
                "sha": sha,
                "commit": {
                    "message": message,
                    "committer": {"date": date},
                    "author": {"date": date},
                },
            }
            for sha, date, message, _ in sorted(versions, key=lambda v: v[1], reverse=True)
        ]
        commits_path = f"/api.github.com/repos/{repo}/commits"
        previous = self.routes.get(commits_path)

        listing_body = json.dumps(listing).encode()

        def commits(query, headers):
            # one ETag per listing (per ?path=), as GitHub's changes with the list's content
            if query.get("path", [None])[0] == path:
                return conditional(headers, listing_body, "application/json")
            if previous:
                return previous(query, headers)
            return conditional(headers, b"[]", "application/json")

        self.routes[commits_path] = commits
        for sha, _, _, body in versions:
            self.file(f"/raw.githubusercontent.com/{repo}/{sha}/{path}", body, "text/plain")

    def github_env(self, source: str) -> None:
        self.env[f"OPENGAP_{source.upper()}_GITHUB_API_URL"] = f"{self.base}/api.github.com"
        self.env[f"OPENGAP_{source.upper()}_GITHUB_RAW_URL"] = (
            f"{self.base}/raw.githubusercontent.com"
        )

    def hf_space(self, repo_id: str, files: dict[str, bytes]) -> None:
        """The two Hub routes huggingface_hub and opengap use for a Space: tree listing and resolve."""
        tree = [
            {"type": "file", "path": name, "size": len(body), "oid": hashlib.sha1(body).hexdigest()}
            for name, body in sorted(files.items())
        ]
        self.json(f"/hf/api/spaces/{repo_id}/tree/main", tree)
        for name, body in files.items():
            self.file(f"/hf/spaces/{repo_id}/resolve/main/{name}", body, "text/plain")

    def hf_env(self, source: str) -> None:
        self.env[f"OPENGAP_{source.upper()}_HF_URL"] = f"{self.base}/hf"

    def settle(self, timeout: float = 2.0) -> None:
        """Wait until every request that arrived has its reply logged: a reply is logged just
        after it is sent, so the client can have it before the log does."""
        deadline = time.monotonic() + timeout
        while len(self.log) < len(self.requests) and time.monotonic() < deadline:
            time.sleep(0.005)

    def bytes_served(self) -> int:
        return sum(n for _, status, n in self.log if status == 200)


def etag_for(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:20] + '"'


def http_date(day: str) -> str:
    """'2025-05-22' → 'Thu, 22 May 2025 00:00:00 GMT'."""
    stamp = dt.datetime.fromisoformat(day).replace(tzinfo=dt.UTC)
    return email.utils.format_datetime(stamp, usegmt=True)


def conditional(headers: dict[str, str], body: bytes, content_type: str) -> Reply:
    """A reply with an ETag for body: 304 (no body) when the request's If-None-Match names it."""
    etag = etag_for(body)
    if etag in [t.strip() for t in headers.get("if-none-match", "").split(",")]:
        return Reply(304, b"", {"ETag": etag})
    return Reply(200, body, {"Content-Type": content_type, "ETag": etag})


def provenance_commits(source_dir: Path) -> dict[str, tuple[str, str]]:
    """Map each captured file's snapshot folder → (commit sha, commit date) from its PROVENANCE.md."""
    text = (source_dir / "PROVENANCE.md").read_text(encoding="utf-8")
    out: dict[str, tuple[str, str]] = {}
    current = None
    for line in text.splitlines():
        if line.startswith("### `"):
            current = line[5:].split("`")[0]
        elif current and line.startswith("- Commit:"):
            sha = line.split("`")[1]
            date = line.split("commit date ")[1].rstrip(")") if "commit date" in line else ""
            out[current] = (sha, date)
    return out
