"""hf_cards parse: every fixture, exact rows, the Hub's quirks and each bad input's one-line error."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
import pytest
from huggingface_hub.hf_api import ModelInfo

from scrapers import hf_cards
from scrapers._types import Fetched, SourceChangedError

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "hf_cards"
SQL = Path(__file__).resolve().parents[2] / "warehouse" / "sql" / "staging"
MODEL_INFOS = sorted(FIXTURES.glob("*/*/model_info.json"))
READMES = sorted(FIXTURES.glob("*/*/README.md"))
PROVENANCE = {"source_url", "fetched_at", "sha256", "fetch_id", "snapshot_date"}


def repo_of(path: Path) -> str:
    return f"{path.parent.parent.name}/{path.parent.name}"


def model_info(repo: str, http_status: int | None = 200, path: str = "hf_cards/x.json") -> Fetched:
    return Fetched(
        source="hf_cards",
        url=f"https://huggingface.co/api/models/{repo}",
        fetched_at="2025-06-01T08:00:00.000000Z",
        sha256="0" * 64,
        path=path,
        bytes=0,
        http_status=http_status,
        snapshot_date="2025-06-01",
        upstream_key=f"model_info:{repo}",
        filename="model_info.json" if http_status == 200 else "status.json",
    )


def readme(repo: str, sha: str = "a" * 40, http_status: int | None = 200) -> Fetched:
    return Fetched(
        source="hf_cards",
        url=f"https://huggingface.co/{repo}/resolve/{sha}/README.md",
        fetched_at="2025-06-01T08:00:01.000000Z",
        sha256="0" * 64,
        path="hf_cards/x.md",
        bytes=0,
        http_status=http_status,
        snapshot_date="2025-06-01",
        upstream_key=f"readme:{repo}@{sha}",
        filename="README.md" if http_status == 200 else "status.json",
    )


def one(fetched: Fetched, data: bytes) -> dict:
    rows = list(hf_cards.parse(fetched, data))
    assert len(rows) == 1
    kind = "hf_cards_readmes" if fetched.upstream_key.startswith("readme:") else "hf_cards_models"
    assert rows[0].pop("_table") == kind
    return rows[0]


def ddl_columns(table: str) -> set[str]:
    con = duckdb.connect()
    con.execute("create schema staging")
    con.execute((SQL / f"{table}.sql").read_text())
    cols = {r[0] for r in con.execute(f"describe staging.{table}").fetchall()}
    return cols - PROVENANCE


def fixture_row(repo: str) -> dict:
    return one(model_info(repo), (FIXTURES / repo / "model_info.json").read_bytes())


# -- every fixture -------------------------------------------------------------------------------
@pytest.mark.parametrize("path", MODEL_INFOS, ids=repo_of)
def test_every_model_info_fixture_yields_one_row_with_exactly_the_staging_columns(path):
    row = one(model_info(repo_of(path)), path.read_bytes())
    assert set(row) == ddl_columns("hf_cards_models")
    assert row["status"] == "ok"
    assert row["repo_id"] == row["hub_id"] == repo_of(path)


@pytest.mark.parametrize("path", MODEL_INFOS, ids=repo_of)
def test_every_fixture_reads_the_same_through_huggingface_hub_model_info(path):
    """The fixtures are in the shape huggingface_hub parses, and we read the same values."""
    payload = json.loads(path.read_bytes())
    info = ModelInfo(**payload)
    row = one(model_info(repo_of(path)), path.read_bytes())
    assert row["hub_id"] == info.id
    assert row["sha"] == info.sha
    assert row["author"] == info.author
    created = info.created_at.astimezone(dt.UTC).replace(tzinfo=None)
    assert row["created_at"] == created.strftime("%Y-%m-%d %H:%M:%S.%f")
    assert row["safetensors_total"] == (info.safetensors.total if info.safetensors else None)
    assert row["gated"] == (info.gated or None)
    assert (row["library_name"], row["pipeline_tag"]) == (info.library_name, info.pipeline_tag)
    assert (row["downloads"], row["likes"]) == (info.downloads, info.likes)
    assert json.loads(row["tags"]) == info.tags
    assert len(json.loads(row["siblings"])) == len(info.siblings)


@pytest.mark.parametrize("path", READMES, ids=repo_of)
def test_every_readme_fixture_has_front_matter_equal_to_the_hubs_card_data(path):
    repo = repo_of(path)
    row = one(readme(repo), path.read_bytes())
    assert set(row) == ddl_columns("hf_cards_readmes")
    card = json.loads((FIXTURES / repo / "model_info.json").read_bytes())["cardData"]
    assert (row["status"], row["has_front_matter"], row["front_matter_error"]) == ("ok", True, None)
    assert json.loads(row["front_matter"]) == card
    assert row["readme_bytes"] == len(path.read_bytes())


# -- exact rows ----------------------------------------------------------------------------------
def test_gated_llama_instruct_row():
    row = fixture_row("meta-llama/Llama-3.1-8B-Instruct")
    assert {
        k: v for k, v in row.items() if k not in ("siblings", "tags", "card_data", "extra")
    } == {
        "repo_id": "meta-llama/Llama-3.1-8B-Instruct",
        "hub_id": "meta-llama/Llama-3.1-8B-Instruct",
        "status": "ok",
        "http_status": 200,
        "error_code": None,
        "error_message": None,
        "author": "meta-llama",
        "sha": "0e9e39f249a16976918f6564b8830bc894c89659",
        "created_at": "2024-07-18 08:56:00.000000",
        "last_modified": "2024-09-25 17:00:57.000000",
        "private": False,
        "gated": "manual",
        "is_gated": True,
        "disabled": False,
        "license": "llama3.1",
        "license_name": None,
        "license_link": None,
        # the card still says meta-llama/Meta-Llama-3.1-8B; the Hub's tag has the current id
        "base_model": "meta-llama/Llama-3.1-8B",
        "base_models": '["meta-llama/Llama-3.1-8B"]',
        "base_model_relation": "finetune",
        "pipeline_tag": "text-generation",
        "library_name": "transformers",
        "downloads": 5012233,
        "downloads_all_time": None,
        "likes": 4418,
        "safetensors_total": 8030261248,
        "safetensors_parameters": '{"BF16": 8030261248}',
        "safetensors_packed": False,
        "gguf_total": None,
        "gguf": None,
        "weight_files": 5,  # four safetensors shards and original/consolidated.00.pth
    }
    assert json.loads(row["card_data"])["base_model"] == "meta-llama/Meta-Llama-3.1-8B"
    assert json.loads(row["card_data"])["extra_gated_button_content"] == "Submit"
    extra = json.loads(row["extra"])
    assert sorted(extra) == [
        "_id", "config", "inference", "model-index", "modelId", "spaces", "transformersInfo",
        "usedStorage", "widgetData",
    ]  # fmt: skip
    assert extra["usedStorage"] == 32121112752
    assert extra["model-index"] is None


def test_other_licence_keeps_its_name_and_link():
    row = fixture_row("Qwen/Qwen2.5-72B-Instruct")
    assert (row["license"], row["license_name"], row["license_link"]) == (
        "other",
        "qwen",
        "https://huggingface.co/Qwen/Qwen2.5-72B-Instruct/blob/main/LICENSE",
    )
    assert (row["gated"], row["is_gated"]) == (None, False)
    assert (row["safetensors_total"], row["weight_files"]) == (72706203648, 37)
    assert (row["base_model"], row["base_model_relation"]) == ("Qwen/Qwen2.5-72B", "finetune")


def test_gguf_quantisation_has_gguf_total_and_no_library():
    row = fixture_row("bartowski/Meta-Llama-3.1-8B-Instruct-GGUF")
    assert row["base_model_relation"] == "quantized"
    assert row["base_model"] == "meta-llama/Llama-3.1-8B-Instruct"
    assert (row["safetensors_total"], row["gguf_total"]) == (None, 8030261312)
    assert json.loads(row["gguf"])["context_length"] == 131072
    assert (row["library_name"], row["weight_files"]) == (None, 5)


def test_merge_lists_every_base_and_the_merge_relation():
    row = fixture_row("mlabonne/Daredevil-8B")
    assert json.loads(row["base_models"]) == [
        "Hastagaras/llama-3-8b-okay",
        "mlabonne/ChimeraLlama-3-8B-v3",
        "nbeerbower/llama-3-stella-8B",
    ]
    assert (row["base_model"], row["base_model_relation"]) == (
        "Hastagaras/llama-3-8b-okay",
        "merge",
    )
    assert (row["license"], row["license_name"]) == ("other", None)


def test_awq_packed_int32_tensors_are_flagged():
    row = fixture_row("hugging-quants/Meta-Llama-3.1-8B-Instruct-AWQ-INT4")
    assert (row["safetensors_total"], row["safetensors_packed"]) == (1930170368, True)
    assert row["base_model_relation"] == "quantized"


def test_pre_2022_repo_keeps_the_hubs_created_at_floor_in_staging():
    row = fixture_row("openai-community/gpt2")
    assert row["created_at"] == "2022-03-02 23:29:04.000000"
    assert (row["base_model"], row["base_models"], row["base_model_relation"]) == (None, None, None)
    assert (row["license"], row["safetensors_total"], row["weight_files"]) == ("mit", 137022720, 10)


def test_redirected_repo_keeps_the_requested_id_beside_the_hubs_id():
    body = (FIXTURES / "meta-llama/Llama-3.1-8B-Instruct/model_info.json").read_bytes()
    row = one(model_info("meta-llama/Meta-Llama-3.1-8B-Instruct"), body)
    assert (row["repo_id"], row["hub_id"]) == (
        "meta-llama/Meta-Llama-3.1-8B-Instruct",
        "meta-llama/Llama-3.1-8B-Instruct",
    )


# -- status records ------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("record", "status"),
    [
        ({"status": 401, "error_code": "RepoNotFound"}, "not_found"),  # no token
        ({"status": 404, "error_code": "RepoNotFound"}, "not_found"),  # with a token
        ({"status": 404, "error_code": None}, "not_found"),
        ({"status": 401, "error_code": None}, "unauthorized"),
        ({"status": 403, "error_code": "GatedRepo"}, "gated"),
        ({"status": 451, "error_code": None}, "disabled"),
        ({"status": 410, "error_code": None}, "gone"),
        ({"status": 418, "error_code": None}, "http_418"),
    ],
)
def test_status_record_becomes_a_row_with_a_status(record, status):
    data = json.dumps({"repo_id": "some-org/does-not-exist", "error_message": "x", **record})
    row = one(model_info("some-org/does-not-exist", record["status"]), data.encode())
    assert set(row) == ddl_columns("hf_cards_models")
    assert (row["repo_id"], row["status"], row["http_status"]) == (
        "some-org/does-not-exist",
        status,
        record["status"],
    )
    assert (row["error_code"], row["error_message"]) == (record["error_code"], "x")
    assert row["hub_id"] is None and row["created_at"] is None and row["tags"] is None


def test_gated_readme_status_record():
    data = b'{"error_code": "GatedRepo", "error_message": "Access restricted", "repo_id": "meta-llama/Llama-3.1-8B-Instruct", "status": 401}'
    row = one(readme("meta-llama/Llama-3.1-8B-Instruct", http_status=401), data)
    assert row == {
        "repo_id": "meta-llama/Llama-3.1-8B-Instruct",
        "revision": "a" * 40,
        "status": "gated",
        "http_status": 401,
        "error_code": "GatedRepo",
        "readme_bytes": None,
        "has_front_matter": None,
        "front_matter": None,
        "front_matter_error": None,
    }


# -- card front matter quirks --------------------------------------------------------------------
def readme_row(text: str | bytes) -> dict:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return one(readme("acme/model"), data)


def test_readme_without_front_matter():
    row = readme_row("# A model\n\nNo metadata here.\n")
    assert (row["has_front_matter"], row["front_matter"], row["front_matter_error"]) == (
        False,
        None,
        None,
    )


def test_front_matter_dates_and_odd_keys_become_json():
    row = readme_row("---\nrelease: 2024-07-23\n2024: year key\nscore: .nan\nok: yes\n---\n# x\n")
    assert json.loads(row["front_matter"]) == {
        "release": "2024-07-23",
        "2024": "year key",
        "score": None,
        "ok": True,
    }


def test_front_matter_with_crlf_line_ends():
    row = readme_row("---\r\nlicense: apache-2.0\r\n---\r\n# x\r\n")
    assert json.loads(row["front_matter"]) == {"license": "apache-2.0"}


def test_bad_yaml_is_recorded_on_the_row_not_raised():
    row = readme_row("---\nlicense: [apache-2.0\n---\n")
    assert row["has_front_matter"] is True and row["front_matter"] is None
    assert row["front_matter_error"].startswith("while parsing a flow sequence")


def test_yaml_alias_bomb_is_refused():
    bomb = (
        "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n---\n"
    )
    row = readme_row(bomb)
    assert row["front_matter"] is None
    assert row["front_matter_error"].startswith(
        "YAML aliases are not accepted in card front matter"
    )


def test_python_object_tags_are_refused_by_the_safe_loader():
    row = readme_row("---\nx: !!python/object/apply:os.system ['true']\n---\n")
    assert row["front_matter"] is None
    assert "could not determine a constructor" in row["front_matter_error"]


def test_readme_that_is_not_utf8_is_recorded():
    row = readme_row(b"---\nlicense: mit\n---\n caf\xe9\n")
    assert row["front_matter_error"] == "README is not UTF-8 (invalid byte 0xe9 at offset 25)"
    assert row["front_matter"] is None


def test_empty_readme_has_no_front_matter():
    row = readme_row(b"")
    assert (row["readme_bytes"], row["has_front_matter"]) == (0, False)


# -- hostile or changed model info ---------------------------------------------------------------
def test_hostile_values_are_dropped_not_trusted():
    payload = {
        "id": "acme/model",
        "createdAt": "yesterday",
        "lastModified": "2024-07-18T10:56:00+02:00",
        "downloads": "12",
        "likes": 1e30,
        "private": "no",
        "gated": "manual",
        "tags": ["base_model:adapter:acme/base", "base_model:finetune:acme/base", 7],
        "cardData": {"license": ["apache-2.0", "mit"], "score": float("nan")},
        "safetensors": {"parameters": "lots", "total": 5},
        "siblings": [{"rfilename": "adapter_model.safetensors"}, "junk", {"rfilename": 3}],
        "newField": {"a": 1},
    }
    row = one(model_info("acme/model"), json.dumps(payload).encode())
    assert row["created_at"] is None
    assert row["last_modified"] == "2024-07-18 08:56:00.000000"  # converted to UTC
    assert (row["downloads"], row["likes"], row["private"]) == (None, None, None)
    assert row["tags"] == '["base_model:adapter:acme/base", "base_model:finetune:acme/base"]'
    assert (row["base_model"], row["base_model_relation"]) == ("acme/base", "adapter")
    assert row["license"] == "apache-2.0"
    assert row["card_data"] == '{"license": ["apache-2.0", "mit"], "score": null}'
    assert (row["safetensors_total"], row["safetensors_parameters"]) == (5, None)
    assert (row["weight_files"], row["extra"]) == (1, '{"newField": {"a": 1}}')


def test_licence_from_tag_when_the_card_has_none():
    payload = {"id": "acme/model", "tags": ["license:apache-2.0"], "cardData": None}
    row = one(model_info("acme/model"), json.dumps(payload).encode())
    assert (row["license"], row["card_data"]) == ("apache-2.0", None)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b"<!DOCTYPE html><html><body>Sign in</body></html>",
            "hf_cards: data/raw/hf_cards/x.json: expected a JSON file, found an HTML page "
            "(an error or login page served with status 200?)",
        ),
        (b"", "hf_cards: data/raw/hf_cards/x.json: expected a JSON file, found an empty file"),
        (
            b'{"id": "acme/model", "tags": [',
            "hf_cards: data/raw/hf_cards/x.json: expected valid JSON, found Expecting value "
            "at line 1 column 31 (truncated file?)",
        ),
        (
            b'[{"id": "acme/model"}]',
            "hf_cards: data/raw/hf_cards/x.json: expected a JSON object (Hub model info), "
            "found a JSON list",
        ),
        (
            b'{"error": "Repository not found"}',
            "hf_cards: data/raw/hf_cards/x.json: expected Hub model info with an `id`, "
            "found keys [error]. The Hub API response may have changed",
        ),
        (
            b'{"id": "acme/model", "cardData": "license: mit"}',
            "hf_cards: data/raw/hf_cards/x.json: expected `cardData` as an object, found a JSON str",
        ),
    ],
    ids=["html", "empty", "truncated", "list", "no-id", "card-not-object"],
)
def test_bad_model_info_raises_one_line(data, message):
    with pytest.raises(SourceChangedError) as err:
        list(hf_cards.parse(model_info("acme/model"), data))
    assert str(err.value) == message


def test_bad_status_record_raises_one_line():
    with pytest.raises(SourceChangedError) as err:
        list(hf_cards.parse(model_info("acme/model", 404), b'{"repo_id": "acme/model"}'))
    assert str(err.value) == (
        'hf_cards: data/raw/hf_cards/x.json: expected a status record {"repo_id", "status", …}, '
        "found a JSON dict without an integer status"
    )


def test_html_in_place_of_a_readme_raises():
    with pytest.raises(SourceChangedError) as err:
        list(hf_cards.parse(readme("acme/model"), b"<html><body>Login</body></html>"))
    assert str(err.value) == (
        "hf_cards: data/raw/hf_cards/x.md: expected a Markdown file, found an HTML page "
        "(an error or login page served with status 200?)"
    )


# -- which repos ---------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("repo_id", "ok"),
    [
        ("meta-llama/Llama-3.1-8B-Instruct", True),
        ("Qwen/Qwen2.5-72B-Instruct", True),
        ("gpt2", False),  # no namespace: a model name, not a repo id we trust
        ("spaces/lmarena-ai", False),  # hf_repo_from_url on a Space URL
        ("datasets/foo", False),
        ("a/b/c", False),
        ("../etc", False),
        ("acme/..", False),
        ("acme/x--y", False),
        ("acme/model.git", False),
        ("acme/model?x=1", False),
        ("acme/" + "x" * 100, False),
        (None, False),
    ],
)
def test_valid_repo_id(repo_id, ok):
    assert hf_cards.valid_repo_id(repo_id) is ok


def test_plan_skips_recent_checks_puts_unchecked_first_and_caps():
    now = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)
    last = {
        "a/recent": "2025-05-20T00:00:00.000000Z",  # 12 days ago
        "a/old": "2025-04-01T00:00:00.000000Z",
        "a/older": "2025-03-01T00:00:00.000000Z",
    }
    wanted = ["a/recent", "a/old", "a/older", "b/new", "a/new", "spaces/x", "a/new"]
    assert hf_cards.plan(wanted, last, now=now, refetch_days=30, limit=10) == [
        "a/new",
        "b/new",
        "a/older",
        "a/old",
    ]
    assert hf_cards.plan(wanted, last, now=now, refetch_days=30, limit=3) == [
        "a/new",
        "b/new",
        "a/older",
    ]
    assert hf_cards.plan(wanted, last, now=now, refetch_days=0, limit=10) == [
        "a/new",
        "b/new",
        "a/older",
        "a/old",
        "a/recent",
    ]


def test_snapshot_date_is_never_guessed_from_a_file_name():
    assert hf_cards.snapshot_date_for("model_info.json") is None
