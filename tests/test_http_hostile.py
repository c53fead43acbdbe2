"""Hostile servers against the shared HTTP client (issue 14, items 3, 6 and 8).

Two loopback servers on different ports stand for the upstream and for a host it must not be able
to send us to (an internal service, another site). Credentials go only to the host they were
given for; redirects and ``Link: rel="next"`` leave the origin only as the client's rules allow;
a server dripping its body cannot hold a download past its deadline; nothing refused is stored;
a token an upstream echoes back is not written to the raw store.
"""

from __future__ import annotations

import gzip
import json
import socket
import threading
import time
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from scrapers import _github
from scrapers._http import Client, NoListingCache, get_listing
from scrapers._types import FetchError, TransientFetchError
from warehouse.rawstore import RawStore

TOKEN = "ghp_HOSTILExHOSTILExHOSTILEx0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}


@pytest.fixture
def other() -> HTTPServer:
    """A second loopback server on another port: the host nothing should reach."""
    server = HTTPServer(host="127.0.0.1", port=0)
    server.start()
    yield server
    server.clear()
    if server.is_running():
        server.stop()


def _client(**kw) -> Client:
    kw.setdefault("retries", 0)
    kw.setdefault("backoff", 0.01)
    return Client(**kw)


def _auth_seen(server: HTTPServer) -> list[str | None]:
    return [req.headers.get("Authorization") for req, _ in server.log]


# -- redirects ---------------------------------------------------------------------------------
def test_a_redirect_to_another_port_is_refused(httpserver, other):
    other.expect_request("/internal").respond_with_data("INTERNAL ADMIN PAGE")
    httpserver.expect_request("/file.csv").respond_with_data(
        "", status=302, headers={"Location": other.url_for("/internal")}
    )
    with pytest.raises(FetchError) as exc:
        _client().get(httpserver.url_for("/file.csv"), headers=AUTH)
    assert "redirected to another host" in str(exc.value)
    assert "INTERNAL" not in str(exc.value)
    assert other.log == []  # never asked, with or without the token


def test_a_redirect_to_a_file_url_is_refused(httpserver):
    httpserver.expect_request("/file.csv").respond_with_data(
        "", status=301, headers={"Location": "file:///etc/passwd"}
    )
    with pytest.raises(FetchError, match="not followed"):
        _client().get(httpserver.url_for("/file.csv"))


def test_a_redirect_within_the_origin_keeps_the_token(httpserver):
    httpserver.expect_request("/old").respond_with_data(
        "", status=307, headers={"Location": "/new"}
    )
    httpserver.expect_request("/new").respond_with_data("a,b\n1,2\n")
    resp = _client().get(httpserver.url_for("/old"), headers=AUTH)
    assert resp.content == b"a,b\n1,2\n"
    assert resp.url.endswith("/new")
    assert _auth_seen(httpserver) == [f"Bearer {TOKEN}", f"Bearer {TOKEN}"]


def test_a_redirect_to_an_allowed_cdn_host_drops_the_token(httpserver, other):
    # "localhost" stands for a file CDN (cdn-lfs.huggingface.co): another host, on the list
    other.expect_request("/blob").respond_with_data("payload")
    cdn = other.url_for("/blob").replace("127.0.0.1", "localhost")
    httpserver.expect_request("/resolve/main/x.parquet").respond_with_data(
        "", status=302, headers={"Location": cdn}
    )
    client = _client(redirect_hosts=("localhost",))
    resp = client.get(httpserver.url_for("/resolve/main/x.parquet"), headers=AUTH)
    assert resp.content == b"payload"
    assert _auth_seen(other) == [None]  # followed, without the credentials


def test_the_redirect_hosts_setting_is_read(monkeypatch):
    monkeypatch.setenv("OPENGAP_HTTP_REDIRECT_HOSTS", "cdn.example, files.example ")
    assert Client().redirect_hosts == ("cdn.example", "files.example")


# -- listings ----------------------------------------------------------------------------------
def _page(body: object, next_url: str | None = None):
    headers = {"Content-Type": "application/json"}
    if next_url:
        headers["Link"] = f'<{next_url}>; rel="next"'
    return Response(json.dumps(body), headers=headers)


def test_a_next_link_to_another_host_is_not_followed_with_the_token(httpserver, other):
    other.expect_request("/steal").respond_with_json([])
    httpserver.expect_request("/repos/o/r/commits").respond_with_response(
        _page([{"sha": "a"}], other.url_for("/steal"))
    )
    with pytest.raises(FetchError) as exc:
        get_listing(
            _client(),
            NoListingCache(),
            httpserver.url_for("/repos/o/r/commits"),
            lambda url, body: json.loads(body),
            headers=AUTH,
            max_pages=5,
        )
    assert "next page is on another host" in str(exc.value)
    assert other.log == []


def test_a_next_link_within_the_origin_is_followed(httpserver):
    httpserver.expect_request("/list", query_string="page=2").respond_with_response(_page([2]))
    httpserver.expect_request("/list").respond_with_response(
        _page([1], httpserver.url_for("/list") + "?page=2")
    )
    pages = get_listing(
        _client(),
        NoListingCache(),
        httpserver.url_for("/list"),
        lambda url, body: json.loads(body),
        headers=AUTH,
        max_pages=5,
    )
    assert pages == [[1], [2]]
    assert _auth_seen(httpserver) == [f"Bearer {TOKEN}"] * 2


# -- slow and big bodies -----------------------------------------------------------------------
class DripServer:
    """Answers every request with headers promising 1,000 bytes, then sends one byte per
    ``every`` seconds: each read finishes within any socket timeout, the body never does."""

    def __init__(self, every: float = 0.3) -> None:
        self.every = every
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.stop = threading.Event()
        self.conns: list[socket.socket] = []
        threading.Thread(target=self._serve, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.sock.getsockname()[1]}/data.csv"

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.conns.append(conn)
            threading.Thread(target=self._drip, args=(conn,), daemon=True).start()

    def _drip(self, conn: socket.socket) -> None:
        try:
            conn.recv(65536)
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n")
            while not self.stop.wait(self.every):
                conn.sendall(b"x")
        except OSError:
            pass

    def close(self) -> None:
        self.stop.set()
        self.sock.close()
        for c in self.conns:
            c.close()


@pytest.fixture
def drip():
    server = DripServer()
    yield server
    server.close()


def test_a_dripping_server_cannot_hold_a_download_past_its_deadline(drip):
    client = _client(timeout=5, deadline=1.5)
    start = time.monotonic()
    with pytest.raises(TransientFetchError) as exc:
        client.get(drip.url)
    assert time.monotonic() - start < 5
    assert "OPENGAP_HTTP_DEADLINE" in str(exc.value) and "nothing stored" in str(exc.value)


def test_the_deadline_covers_retries_and_their_waits(httpserver):
    httpserver.expect_request("/busy").respond_with_data(
        "", status=503, headers={"Retry-After": "30"}
    )
    client = _client(retries=5, deadline=1.0)
    start = time.monotonic()
    with pytest.raises(TransientFetchError, match="OPENGAP_HTTP_DEADLINE"):
        client.get(httpserver.url_for("/busy"))
    assert time.monotonic() - start < 5


def test_the_deadline_setting_is_read(monkeypatch):
    monkeypatch.setenv("OPENGAP_HTTP_DEADLINE", "7")
    assert Client().deadline == 7.0


def test_a_chunked_body_over_the_cap_is_refused(httpserver):
    def chunks():
        for _ in range(100):
            yield b"x" * 10_000

    httpserver.expect_request("/big").respond_with_response(Response(chunks()))
    with pytest.raises(FetchError, match="exceeds the cap of 50,000 bytes"):
        _client().get(httpserver.url_for("/big"), max_bytes=50_000)


def test_a_body_within_the_cap_arrives_whole(httpserver):
    httpserver.expect_request("/ok").respond_with_data("y" * 200_000)
    assert _client().get(httpserver.url_for("/ok")).content == b"y" * 200_000


def test_chunked_and_gzipped_bodies_arrive_whole(httpserver):
    """read1 returns one receive at a time: the pieces must still add up to the whole body."""
    parts = [(b"%05d" % i) * 2000 for i in range(50)]
    httpserver.expect_request("/chunked").respond_with_response(Response(iter(parts)))
    httpserver.expect_request("/gzip").respond_with_data(
        gzip.compress(b"abc" * 300_000), headers={"Content-Encoding": "gzip"}
    )
    client = _client()
    assert client.get(httpserver.url_for("/chunked")).content == b"".join(parts)
    assert client.get(httpserver.url_for("/gzip")).content == b"abc" * 300_000


# -- the raw store: nothing refused is stored, no echoed token is kept ---------------------------
def _github_upstream(httpserver: HTTPServer, message: str, raw_path: str, raw_handler) -> None:
    httpserver.expect_request("/api/repos/o/r/commits").respond_with_json(
        [
            {
                "sha": "abc123",
                "commit": {"message": message, "committer": {"date": "2025-01-02T00:00:00Z"}},
            }
        ]
    )
    raw_handler(httpserver.expect_request(raw_path))


def test_a_refused_download_stores_nothing(httpserver, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("OPENGAP_HTTP_REDIRECT_HOSTS", "")
    _github_upstream(
        httpserver,
        "update",
        "/raw/o/r/abc123/data.csv",
        lambda r: r.respond_with_data("", status=302, headers={"Location": "http://10.0.0.1/x"}),
    )
    store = RawStore(tmp_path / "raw")
    base = httpserver.url_for("")
    with pytest.raises(FetchError):
        _github.fetch_history(
            _client(),
            store,
            source="demo",
            repo="o/r",
            path="data.csv",
            api_base=base + "api",
            raw_base=base + "raw",
        )
    assert not list((tmp_path / "raw").rglob("*.meta.json"))
    assert not [p for p in (tmp_path / "raw").rglob("*") if p.is_file() and "data" in p.name]


def test_a_token_echoed_in_a_commit_message_is_not_stored(httpserver, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    _github_upstream(
        httpserver,
        f"debug: request had Authorization: Bearer {TOKEN}",
        "/raw/o/r/abc123/data.csv",
        lambda r: r.respond_with_data("a,b\n1,2\n"),
    )
    store = RawStore(tmp_path / "raw")
    base = httpserver.url_for("")
    got = _github.fetch_history(
        _client(),
        store,
        source="demo",
        repo="o/r",
        path="data.csv",
        api_base=base + "api",
        raw_base=base + "raw",
    )
    assert len(got) == 1
    assert _auth_seen(httpserver)[0] == f"Bearer {TOKEN}"  # the token did go to the API
    for path in (tmp_path / "raw").rglob("*"):
        if path.is_file():
            assert TOKEN.encode() not in path.read_bytes(), path
            assert TOKEN[4:20].encode() not in path.read_bytes(), path


def test_a_history_file_over_the_source_cap_stores_nothing(httpserver, tmp_path: Path):
    _github_upstream(
        httpserver,
        "update",
        "/raw/o/r/abc123/data.csv",
        lambda r: r.respond_with_data("x" * 5000),
    )
    store = RawStore(tmp_path / "raw")
    base = httpserver.url_for("")
    with pytest.raises(FetchError, match="exceeds the cap of 1,000 bytes"):
        _github.fetch_history(
            _client(),
            store,
            source="demo",
            repo="o/r",
            path="data.csv",
            api_base=base + "api",
            raw_base=base + "raw",
            max_bytes=1000,
        )
    assert not [p for p in (tmp_path / "raw").rglob("*") if p.is_file()]


def test_the_raw_store_never_writes_a_known_token(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    store = RawStore(tmp_path / "raw")
    store.put(
        "demo",
        f"http://127.0.0.1/file.csv?echo={TOKEN}",
        b"a,b\n1,2\n",
        headers={"ETag": f'"{TOKEN}"', "Content-Type": "text/csv"},
        snapshot_date="2025-01-02",
        upstream_key="demo:file.csv",
        filename="file.csv",
        extra={"message": f"Authorization: Bearer {TOKEN}"},
    )
    for path in (tmp_path / "raw").rglob("*"):
        if path.is_file():
            assert TOKEN[4:20].encode() not in path.read_bytes(), path
