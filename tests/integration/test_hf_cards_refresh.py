"""hf_cards end to end: the real fetch against the loopback Hub, then the warehouse build."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

import scrapers
from scrapers import hf_cards
from scrapers._http import Client
from scrapers._types import FetchError, TransientFetchError
from tests.conftest import apply_env
from tests.upstreams import Fault, Reply
from tests.upstreams import hf_cards as hub
from warehouse import build as build_mod
from warehouse.rawstore import RawStore

FIXTURE_REPOS = hub.repos()
RENAMED = "meta-llama/Meta-Llama-3.1-8B-Instruct"
LLAMA_SHA = "0e9e39f249a16976918f6564b8830bc894c89659"
TOKEN = "secret-test-token"


@pytest.fixture
def hf(upstream, workdir, monkeypatch):
    seen_auth = hub.register(upstream, None)
    apply_env(monkeypatch, upstream)
    store = RawStore(workdir / "data" / "raw")
    client = Client(backoff=0.01, max_retry_after=0.05)
    return upstream, store, client, seen_auth


def requested(up) -> list[str]:
    return [path for path, _, _ in up.log]


def build(store: RawStore, workdir: Path, monkeypatch) -> duckdb.DuckDBPyConnection:
    # only this source (and the one build.py always reads), so others' work in progress can't
    # break this test; the full-suite refresh test covers every source together
    monkeypatch.setattr(scrapers, "names", lambda: ["lmarena_hf_space", "hf_cards"])
    db = workdir / "data" / "opengap.duckdb"
    result = build_mod.build(store, db)
    assert [e.message for e in result.errors] == []
    return duckdb.connect(str(db), read_only=True)


def test_fetch_stores_model_info_readmes_and_status_records(hf):
    up, store, client, _ = hf
    got = hf_cards.fetch(client, store, repo_ids=[*FIXTURE_REPOS, RENAMED, "spaces/lmarena-ai"])
    keys = sorted(r.upstream_key for r in got)
    assert keys == sorted(
        [f"model_info:{r}" for r in [*FIXTURE_REPOS, RENAMED]]
        + [
            "readme:Qwen/Qwen2.5-72B-Instruct@495f39366efef23836d0cfae4fbe635880d2be31",
            "readme:bartowski/Meta-Llama-3.1-8B-Instruct-GGUF@bf5b95e96dac0462e2a09145ec66cae9a3f12067",
            "readme:hugging-quants/Meta-Llama-3.1-8B-Instruct-AWQ-INT4@e5ab1d4c6e4d9f1e9b7a2c3d4e5f6a7b8c9d0e1f",
            f"readme:meta-llama/Llama-3.1-8B-Instruct@{LLAMA_SHA}",
            "readme:mlabonne/Daredevil-8B@717953c83631cc9adf2dddccfff06739308f10f7",
            "readme:openai-community/gpt2@607a30d783dfa663caf39e06633721c8d4cfcd7e",
        ]
    )
    # the renamed repo's card is the same card: read once, under the current id
    assert (
        requested(up).count(f"/hf/meta-llama/Llama-3.1-8B-Instruct/resolve/{LLAMA_SHA}/README.md")
        == 1
    )
    assert not any("spaces" in p for p in requested(up))
    by_key = {r.upstream_key: r for r in got}
    missing = by_key["model_info:some-org/does-not-exist"]
    assert (missing.http_status, missing.filename) == (401, "status.json")
    assert json.loads(store.read(missing)) == {
        "error_code": "RepoNotFound",
        "error_message": "Repository not found",
        "repo_id": "some-org/does-not-exist",
        "status": 401,
    }
    gated = by_key[f"readme:meta-llama/Llama-3.1-8B-Instruct@{LLAMA_SHA}"]
    assert json.loads(store.read(gated))["error_code"] == "GatedRepo"
    renamed = by_key[f"model_info:{RENAMED}"]
    assert renamed.url.endswith(f"/hf/api/models/{RENAMED}")
    assert renamed.extra["redirected_to"].endswith(
        "/hf/api/models/meta-llama/Llama-3.1-8B-Instruct"
    )
    qwen = by_key["model_info:Qwen/Qwen2.5-72B-Instruct"]
    body = (hub.FIXTURES / "Qwen/Qwen2.5-72B-Instruct/model_info.json").read_bytes()
    assert store.read(qwen) == body  # the API bytes exactly as sent


def test_second_refresh_downloads_nothing_and_force_skips_unchanged_cards(hf):
    up, store, client, _ = hf
    first = hf_cards.fetch(client, store, repo_ids=FIXTURE_REPOS)
    assert len(first) == 7 + 6
    n = client.requests_made  # counted by the client: the server's log may lag its last reply
    assert n == 7 + 6
    assert hf_cards.fetch(client, store, repo_ids=FIXTURE_REPOS) == []
    assert client.requests_made == n
    forced = hf_cards.fetch(client, store, repo_ids=FIXTURE_REPOS, force=True)
    # model info asked again (7 requests), READMEs at the same commit not
    assert client.requests_made == n + 7
    assert {r.upstream_key for r in forced} <= {f"model_info:{r}" for r in FIXTURE_REPOS}


def test_cap_leaves_the_rest_for_the_next_refresh(hf):
    _, store, client, _ = hf
    first = hf_cards.fetch(client, store, repo_ids=FIXTURE_REPOS, max_repos=2)
    assert sorted(r.upstream_key for r in first if r.upstream_key.startswith("model_info:")) == [
        "model_info:Qwen/Qwen2.5-72B-Instruct",
        "model_info:bartowski/Meta-Llama-3.1-8B-Instruct-GGUF",
    ]
    second = hf_cards.fetch(client, store, repo_ids=FIXTURE_REPOS, max_repos=2)
    assert sorted(r.upstream_key for r in second if r.upstream_key.startswith("model_info:")) == [
        "model_info:hugging-quants/Meta-Llama-3.1-8B-Instruct-AWQ-INT4",
        "model_info:meta-llama/Llama-3.1-8B-Instruct",
    ]


def test_repo_ids_come_from_the_warehouse(hf, workdir):
    up, store, client, _ = hf
    db = workdir / "prev.duckdb"
    assert hf_cards.fetch(client, store, warehouse=db) == []  # no warehouse yet
    assert hf_cards.fetch(client, store, warehouse=None) == []
    con = duckdb.connect(str(db))
    con.execute("create schema std")
    con.execute("create table std.other (x int)")
    con.close()
    assert hf_cards.fetch(client, store, warehouse=db) == []  # no std.model_claims
    assert up.log == []
    con = duckdb.connect(str(db))
    con.execute("create table std.model_claims (source varchar, hf_repo_id varchar)")
    con.execute(
        "insert into std.model_claims values ('a', 'Qwen/Qwen2.5-72B-Instruct'), "
        "('b', 'Qwen/Qwen2.5-72B-Instruct'), ('c', null), ('d', 'spaces/lmarena-ai'), "
        "('e', 'datasets/x'), ('f', '../../etc')"
    )
    con.close()
    got = hf_cards.fetch(client, store, warehouse=db)
    assert [r.upstream_key for r in got] == [
        "model_info:Qwen/Qwen2.5-72B-Instruct",
        "readme:Qwen/Qwen2.5-72B-Instruct@495f39366efef23836d0cfae4fbe635880d2be31",
    ]


def test_token_is_sent_but_never_stored(hf, monkeypatch, workdir):
    up, store, client, seen_auth = hf
    monkeypatch.setenv("HF_TOKEN", TOKEN)
    # a hostile server echoing the credential back in its error message
    up.routes["/hf/api/models/evil/echo"] = lambda q, h: Reply(
        404, b"{}", {"X-Error-Code": "RepoNotFound", "X-Error-Message": f"bad {h['authorization']}"}
    )
    up.routes["/hf/api/models/evil/body"] = lambda q, h: Reply(
        200, json.dumps({"id": "evil/body", "note": h["authorization"]}).encode()
    )
    up.faults["/hf/api/models/openai-community/gpt2"] = Fault(statuses=[500] * 4)
    with pytest.raises(TransientFetchError) as err:
        hf_cards.fetch(client, store, repo_ids=[*FIXTURE_REPOS, "evil/echo", "evil/body"])
    assert str(err.value) == (
        "hf_cards: 2 of 9 repos could not be read (first: "
        f"{up.base}/hf/api/models/evil/body: the response repeats our credential; not stored); "
        "the others were stored, re-run `opengap refresh` to retry"
    )
    assert seen_auth and set(seen_auth) == {f"Bearer {TOKEN}"}
    stored = [p for p in (workdir / "data" / "raw").rglob("*") if p.is_file()]
    # 5 found + not-found + echo, 4 cards + 1 gated card (gpt2 failed): bytes + meta each
    assert len(stored) == 2 * (7 + 5)
    assert not any(TOKEN.encode() in p.read_bytes() for p in stored)
    echo = next(r for r in store.records("hf_cards") if r.upstream_key == "model_info:evil/echo")
    assert json.loads(store.read(echo))["error_message"] == "bad Bearer ***"


def test_one_failing_repo_does_not_lose_the_others(hf):
    up, store, client, _ = hf
    up.faults["/hf/api/models/Qwen/Qwen2.5-72B-Instruct"] = Fault(statuses=[503] * 4)
    with pytest.raises(TransientFetchError, match=r"^hf_cards: 1 of 7 repos could not be read"):
        hf_cards.fetch(client, store, repo_ids=FIXTURE_REPOS)
    assert (
        len([r for r in store.records("hf_cards") if r.upstream_key.startswith("model_info:")]) == 6
    )
    # the next refresh asks only for the one that failed
    got = hf_cards.fetch(client, store, repo_ids=FIXTURE_REPOS)
    assert [r.upstream_key for r in got] == [
        "model_info:Qwen/Qwen2.5-72B-Instruct",
        "readme:Qwen/Qwen2.5-72B-Instruct@495f39366efef23836d0cfae4fbe635880d2be31",
    ]


def test_oversized_readme_is_a_failure_not_a_truncated_card(hf, monkeypatch):
    up, store, client, _ = hf
    monkeypatch.setattr(hf_cards, "README_MAX_BYTES", 100)
    with pytest.raises(FetchError) as err:
        hf_cards.fetch(client, store, repo_ids=["Qwen/Qwen2.5-72B-Instruct"])
    assert not isinstance(err.value, TransientFetchError)  # a retry will not shrink it
    assert str(err.value) == (
        f"hf_cards: 1 of 1 repos could not be read (first: {up.base}/hf/Qwen/Qwen2.5-72B-Instruct/"
        "resolve/495f39366efef23836d0cfae4fbe635880d2be31/README.md: body of 1,029 bytes exceeds "
        "the cap of 100 bytes); the others were stored, re-run `opengap refresh` to retry"
    )
    assert [r.upstream_key for r in store.records("hf_cards")] == [
        "model_info:Qwen/Qwen2.5-72B-Instruct"
    ]


def test_a_hub_that_keeps_failing_is_left_alone(hf):
    up, store, client, _ = hf
    for repo in FIXTURE_REPOS:
        up.faults[f"/hf/api/models/{repo}"] = Fault(statuses=[503] * 4)
    with pytest.raises(TransientFetchError) as err:
        hf_cards.fetch(client, store, repo_ids=FIXTURE_REPOS)
    assert str(err.value) == (
        f"hf_cards: 5 of 5 repos could not be read (first: {up.base}/hf/api/models/"
        "Qwen/Qwen2.5-72B-Instruct: HTTP 503 after 4 attempts); stopped after 5 failures in a row, "
        "2 repos left for the next refresh; the others were stored, re-run `opengap refresh` to retry"
    )
    left = [len(up.faults[f"/hf/api/models/{repo}"].statuses) for repo in FIXTURE_REPOS]
    assert left == [0, 0, 0, 0, 0, 4, 4]  # four tries each for five repos, none for the last two


def test_build_loads_staging_and_model_claims(hf, workdir, monkeypatch):
    up, store, client, _ = hf
    hf_cards.fetch(client, store, repo_ids=[*FIXTURE_REPOS, RENAMED])
    con = build(store, workdir, monkeypatch)
    assert con.execute(
        "select status, count(*) from staging.hf_cards_models group by 1 order by 1"
    ).fetchall() == [
        ("not_found", 1),
        ("ok", 7),
    ]
    assert con.execute(
        "select status, count(*) from staging.hf_cards_readmes group by 1 order by 1"
    ).fetchall() == [
        ("gated", 1),
        ("ok", 5),
    ]
    assert con.execute(
        "select created_at, front_matter->>'$.license_name' from staging.hf_cards_models "
        "join staging.hf_cards_readmes using (repo_id) where repo_id = 'Qwen/Qwen2.5-72B-Instruct'"
    ).fetchone() == (__import__("datetime").datetime(2024, 9, 16, 11, 55, 40), "qwen")
    claims = con.execute(
        """select source_model_name, model_key, hf_repo_id, license, access, weights_date::varchar,
                  round(params_b, 3), base_model, is_derivative
           from std.model_claims where source = 'hf_cards' order by source_model_name"""
    ).fetchall()
    assert claims == [
        ("Qwen/Qwen2.5-72B-Instruct", "Qwen/Qwen2.5-72B-Instruct", "Qwen/Qwen2.5-72B-Instruct",
         "qwen", "open", "2024-09-16", 72.706, "Qwen/Qwen2.5-72B", False),
        ("bartowski/Meta-Llama-3.1-8B-Instruct-GGUF", "bartowski/Meta-Llama-3.1-8B-Instruct-GGUF",
         "bartowski/Meta-Llama-3.1-8B-Instruct-GGUF", "llama3.1", "open", "2024-07-23", 8.03,
         "meta-llama/Llama-3.1-8B-Instruct", True),
        # packed 4-bit tensors: the safetensors total (1.93B) is not a parameter count
        ("hugging-quants/Meta-Llama-3.1-8B-Instruct-AWQ-INT4",
         "hugging-quants/Meta-Llama-3.1-8B-Instruct-AWQ-INT4",
         "hugging-quants/Meta-Llama-3.1-8B-Instruct-AWQ-INT4", "llama3.1", "open", "2024-07-23",
         None, "meta-llama/Llama-3.1-8B-Instruct", True),
        # gated: still open weights (licence click-through); first-party fine-tune of its own base
        ("meta-llama/Llama-3.1-8B-Instruct", "meta-llama/Llama-3.1-8B-Instruct",
         "meta-llama/Llama-3.1-8B-Instruct", "llama3.1", "open", "2024-07-18", 8.03,
         "meta-llama/Llama-3.1-8B", False),
        # renamed: claimed under the published name, pointing at the current repo
        ("meta-llama/Meta-Llama-3.1-8B-Instruct", "meta-llama/Meta-Llama-3.1-8B-Instruct",
         "meta-llama/Llama-3.1-8B-Instruct", "llama3.1", "open", "2024-07-18", 8.03,
         "meta-llama/Llama-3.1-8B", False),
        ("mlabonne/Daredevil-8B", "mlabonne/Daredevil-8B", "mlabonne/Daredevil-8B", "other",
         "open", "2024-05-25", 8.03, "Hastagaras/llama-3-8b-okay", True),
        # created before the Hub recorded dates: no weights date; no base model: nothing claimed
        ("openai-community/gpt2", "openai-community/gpt2", "openai-community/gpt2", "mit", "open",
         None, 0.137, None, None),
    ]  # fmt: skip
    assert con.execute(
        "select count(*) from std.model_claims where source = 'hf_cards' "
        "and source_model_name = 'some-org/does-not-exist'"
    ).fetchone() == (0,)


def test_same_day_rechecks_make_one_claim_per_snapshot(hf, workdir, monkeypatch):
    up, store, client, _ = hf
    qwen = "Qwen/Qwen2.5-72B-Instruct"
    hf_cards.fetch(client, store, repo_ids=[qwen])
    # the same bytes the same day are one record; a changed count later that day is another
    assert (
        hf_cards.fetch(client, store, repo_ids=[qwen], force=True)[0].upstream_key
        == f"model_info:{qwen}"
    )
    assert len(store.records("hf_cards")) == 2
    info = json.loads((hub.FIXTURES / qwen / "model_info.json").read_bytes())
    info["downloads"] += 1
    up.json(f"/hf/api/models/{qwen}", info)
    hf_cards.fetch(client, store, repo_ids=[qwen], force=True)
    assert len(store.records("hf_cards")) == 3
    con = build(store, workdir, monkeypatch)
    assert con.execute("select count(*) from staging.hf_cards_models").fetchone() == (2,)
    assert con.execute(
        "select count(*), any_value(fetched_at) = max(fetched_at) from std.model_claims "
        "where source = 'hf_cards'"
    ).fetchone() == (1, True)
    assert con.execute(
        "select m.downloads from std.model_claims c join staging.hf_cards_models m using (fetch_id)"
    ).fetchone() == (info["downloads"],)


def test_refresh_reads_the_repos_other_sources_name(full_upstream, workdir, monkeypatch):
    """The pipeline wiring: hf_cards runs after the first build and checks every repo it names."""
    import pipeline

    monkeypatch.setattr(scrapers, "names", lambda: ["lmarena_hf_space", "hf_cards"])
    store = RawStore(workdir / "data" / "raw")
    db = workdir / "data" / "opengap.duckdb"
    client = Client(backoff=0.01, max_retry_after=0.05)
    result = pipeline.refresh(store, db, sources=["lmarena_hf_space", "hf_cards"], client=client)
    assert result.fetch_errors == [] and result.build.new_errors == []
    con = duckdb.connect(str(db), read_only=True)
    named = con.execute(
        "select count(distinct hf_repo_id) from std.model_claims "
        "where source = 'lmarena_hf_space' and hf_repo_id is not null"
    ).fetchone()[0]
    checked = con.execute(
        "select status, count(*) from staging.hf_cards_models group by 1"
    ).fetchall()
    con.close()
    # the captures' Arena links name 114 Hub repos; none is in our fixtures, so the loopback Hub
    # answers 404 for each: all checked, none a failure
    assert (named, checked) == (114, [("not_found", 114)])
    n = client.requests_made
    again = pipeline.refresh(store, db, sources=["hf_cards"], client=client)
    assert again.fetched == {"hf_cards": []} and client.requests_made == n
