"""opengap publish: upload a snapshot to a Hugging Face dataset repo, against a loopback Hub.

The stand-in answers the routes huggingface_hub 2.4 calls for `create_repo` + `create_commit`:
POST /api/repos/create, POST /api/validate-yaml (README.md's metadata), POST
/api/datasets/<repo>/preupload/main (which answers "regular" for every file, so contents travel
base64-encoded inside the commit instead of through LFS/Xet storage), and POST
/api/datasets/<repo>/commit/main (NDJSON: a header line, then one line per file).
"""

from __future__ import annotations

import base64
import io
import json
import re

import polars as pl
import pytest
import yaml
from typer.testing import CliRunner
from werkzeug import Request, Response

from analysis import export
from cli import app
from tests.unit.test_export import build_fixture_warehouse

pytest.importorskip("pytest_httpserver")

runner = CliRunner()
REPO = "opengap-test/opengap"
TOKEN = "hf_loopbackSECRETtoken123"


class FakeHub:
    """Records what the client sent; `files` holds the committed bytes by path."""

    def __init__(self, server, refuse: int | None = None):
        self.server = server
        self.calls: list[tuple[str, str]] = []
        self.auth: set[str] = set()
        self.files: dict[str, bytes] = {}
        self.commits: list[dict] = []
        self.created = False
        self.refuse = refuse
        server.expect_request(re.compile(".*")).respond_with_handler(self.handle)

    def handle(self, request: Request) -> Response:
        self.calls.append((request.method, request.path))
        self.auth.add(request.headers.get("Authorization", ""))
        if self.refuse:
            return self._json({"error": f"refused (token {TOKEN[:3]}…)"}, self.refuse)
        path = request.path
        if path == "/api/repos/create" and request.method == "POST":
            body = request.get_json()
            assert body["type"] == "dataset"
            url = f"{self.server.url_for('')}datasets/{body['organization']}/{body['name']}"
            if self.created:
                return self._json(
                    {"error": "You already created this dataset repo", "url": url}, 409
                )
            self.created = True
            return self._json({"url": url, "name": f"{body['organization']}/{body['name']}"})
        if path == "/api/validate-yaml":
            meta = yaml.safe_load(request.get_json()["content"].split("---\n")[1])
            errors = [] if "configs" in meta else [{"message": "no configs"}]
            return self._json({"errors": errors, "warnings": []}, 400 if errors else 200)
        if path == f"/api/datasets/{REPO}/preupload/main":
            files = request.get_json()["files"]
            return self._json(
                {
                    "files": [
                        {"path": f["path"], "uploadMode": "regular", "shouldIgnore": False}
                        for f in files
                    ]
                }
            )
        if path == f"/api/datasets/{REPO}/commit/main":
            assert request.headers["Content-Type"] == "application/x-ndjson"
            lines = [json.loads(x) for x in request.get_data().splitlines() if x.strip()]
            self.commits.append(lines[0]["value"])
            for line in lines[1:]:
                assert line["key"] == "file", line  # inline, as preupload asked
                v = line["value"]
                assert v["encoding"] == "base64"
                self.files[v["path"]] = base64.b64decode(v["content"])
            oid = "a" * 40
            return self._json(
                {
                    "commitUrl": f"{self.server.url_for('')}datasets/{REPO}/commit/{oid}",
                    "commitOid": oid,
                }
            )
        return self._json({"error": f"not emulated: {request.method} {path}"}, 404)

    @staticmethod
    def _json(obj, status: int = 200) -> Response:
        return Response(json.dumps(obj), status=status, content_type="application/json")


@pytest.fixture(scope="module")
def snapshot(tmp_path_factory):
    warehouse = build_fixture_warehouse(tmp_path_factory.mktemp("data"))
    out = tmp_path_factory.mktemp("snapshots") / "2026-01-10"
    export.export(warehouse, out)
    return out


@pytest.fixture
def hub_env(httpserver, monkeypatch):
    monkeypatch.setenv("HF_ENDPOINT", httpserver.url_for("").rstrip("/"))
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    monkeypatch.setenv("HF_HUB_DISABLE_TELEMETRY", "1")
    return httpserver


def test_publish_uploads_every_file_and_the_card(snapshot, hub_env):
    hub = FakeHub(hub_env)
    r = runner.invoke(app, ["publish", "--repo", REPO, "--snapshot", str(snapshot)])
    assert r.exit_code == 0, r.output
    assert TOKEN not in r.output
    assert hub.auth == {f"Bearer {TOKEN}"}
    assert [c for c in hub.calls if c[1] != "/api/validate-yaml"] == [
        ("POST", "/api/repos/create"),
        ("POST", f"/api/datasets/{REPO}/preupload/main"),
        ("POST", f"/api/datasets/{REPO}/commit/main"),
    ]
    # every file, byte for byte, in one commit
    local = {p.name: p.read_bytes() for p in snapshot.iterdir()}
    assert hub.files == local
    assert hub.commits[0]["summary"].startswith("opengap snapshot 2026-01-10 (data as of ")
    # the card the Hub received: license, pretty_name, one config per table, each readable
    card = hub.files["README.md"].decode()
    meta = yaml.safe_load(card.split("---\n")[1])
    assert meta["license"] == "other" and "pretty_name" in meta
    manifest = json.loads(hub.files["manifest.json"])
    configs = {c["config_name"]: c["data_files"][0]["path"] for c in meta["configs"]}
    # one config per published table; the std layer (std_*.parquet, for rebuilding) ships too
    published = {n for n, m in manifest["tables"].items() if not m["table"].startswith("std.")}
    assert set(configs) == published
    scores = pl.read_parquet(io.BytesIO(hub.files[configs["scores"]]))
    assert scores.height == manifest["tables"]["scores"]["rows"]
    assert "Uploaded" in r.output and "/commit/" in r.output


def test_publishing_again_reuses_the_repo(snapshot, hub_env):
    hub = FakeHub(hub_env)
    for _ in range(2):
        r = runner.invoke(app, ["publish", "--repo", REPO, "--snapshot", str(snapshot), "-q"])
        assert r.exit_code == 0, r.output
    assert len(hub.commits) == 2


def test_dry_run_lists_files_and_card_and_sends_nothing(snapshot, hub_env, monkeypatch):
    monkeypatch.delenv("HF_TOKEN")
    hub = FakeHub(hub_env)
    r = runner.invoke(app, ["publish", "--repo", REPO, "--snapshot", str(snapshot), "--dry-run"])
    assert r.exit_code == 0, r.output
    assert hub.calls == []
    size = (snapshot / "scores.parquet").stat().st_size
    assert f"  scores.parquet\t{size:,} bytes" in r.output
    assert f"Would upload {snapshot} to datasets/{REPO}:" in r.output
    assert "config_name: scores" in r.output  # the card, front matter included


def test_no_token_says_how_to_get_one(snapshot, hub_env, monkeypatch):
    monkeypatch.delenv("HF_TOKEN")
    hub = FakeHub(hub_env)
    r = runner.invoke(app, ["publish", "--repo", REPO, "--snapshot", str(snapshot)])
    assert r.exit_code == 1
    assert r.output.startswith("Error: HF_TOKEN is not set.")
    assert hub.calls == []


def test_a_refused_upload_is_one_error_without_the_token(snapshot, hub_env):
    FakeHub(hub_env, refuse=403)
    r = runner.invoke(app, ["publish", "--repo", REPO, "--snapshot", str(snapshot)])
    assert r.exit_code == 1
    assert r.output.startswith("Error: Hugging Face Hub (")
    assert "HTTP 403" in r.output and f"write access to {REPO}" in r.output
    assert TOKEN not in r.output


def test_bad_repo_name_is_named(snapshot):
    r = runner.invoke(app, ["publish", "--repo", "no-slash", "--snapshot", str(snapshot)])
    assert r.exit_code == 1
    assert (
        r.output.strip() == "Error: --repo 'no-slash': expected OWNER/NAME, e.g. opengap/opengap."
    )
