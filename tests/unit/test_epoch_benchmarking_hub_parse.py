"""Parse every Epoch Benchmarking Hub fixture (single CSVs and zips built from them), and every bad input."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from scrapers import epoch_benchmarking_hub as epoch
from scrapers._types import Fetched, SourceChangedError

FIXTURES = Path(__file__).parents[1] / "fixtures" / "epoch_benchmarking_hub"
ROWS = {  # rows per fixture file, and the member kind it is read as
    "epoch_capabilities_index.csv": (8, "eci"),
    "eci_scores.csv": (3, "eci_scores"),
    "gpqa_diamond.csv": (3, "runs"),
    "aider_polyglot_external.csv": (3, "external"),
    "webdev_arena_external.csv": (2, "external"),
    "mmlu_external.csv": (3, "external"),
    "hle_external.csv": (2, "external"),
    "benchmarks_runs.csv": (5, "runs_long"),
    "model_versions.csv": (4, "model_versions"),
    "organizations.csv": (4, "organizations"),
}


def fetched(filename: str = "benchmark_data.zip", path: str | None = None) -> Fetched:
    return Fetched(
        source=epoch.NAME,
        url="https://epoch.ai/data/benchmark_data.zip",
        fetched_at="2026-03-09T06:00:00Z",
        sha256="0" * 64,
        path=path or f"epoch_benchmarking_hub/{filename}",
        bytes=0,
        snapshot_date="2026-03-09",
        filename=filename,
    )


def parse_file(name: str, data: bytes | None = None) -> list[dict]:
    body = (FIXTURES / name).read_bytes() if data is None else data
    return list(epoch.parse(fetched(name), body))


def make_zip(members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression) as zf:
        for name, body in members.items():
            zf.writestr(name, body)
    return buf.getvalue()


def table(rows: list[dict], name: str) -> list[dict]:
    return [r for r in rows if r["_table"] == f"epoch_benchmarking_hub_{name}"]


def error(name: str, data: bytes, filename: str | None = None) -> str:
    with pytest.raises(SourceChangedError) as exc:
        list(epoch.parse(fetched(filename or name), data))
    return str(exc.value)


# -- every fixture -----------------------------------------------------------------------------
def test_every_fixture_is_listed():
    assert sorted(p.name for p in FIXTURES.glob("*.csv")) == sorted(ROWS)


@pytest.mark.parametrize("name", sorted(ROWS))
def test_fixture_parses_to_exact_row_count(name):
    rows = parse_file(name)
    n, kind = ROWS[name]
    assert rows[0] == {
        "_table": "epoch_benchmarking_hub_members",
        "member": name,
        "kind": kind,
        "bytes": len((FIXTURES / name).read_bytes()),
        "row_count": n,
    }
    assert len(rows) == n + 1
    assert len({r["_table"] for r in rows[1:]}) == 1


@pytest.mark.parametrize(
    "version, key, setting",
    [
        ("gpt-5.4-2026-03-05_xhigh", "gpt-5.4-2026-03-05", "xhigh"),
        ("claude-sonnet-4-6_32K", "claude-sonnet-4-6", "32K"),
        ("gemini-2.5-flash-preview-09-2025_16k", "gemini-2.5-flash-preview-09-2025", "16k"),
        ("o3-2025-04-16_high", "o3-2025-04-16", "high"),
        ("DeepSeek-V3.1_thinking", "DeepSeek-V3.1", "thinking"),
        ("gpt-5.2-2025-12-11_unknown", "gpt-5.2-2025-12-11", "unknown"),
        ("Llama-2-70b-hf ", "Llama-2-70b-hf", ""),
        ("phi-1_5", "phi-1_5", ""),
        ("Qwen-1_8B", "Qwen-1_8B", ""),
        ("InternVL2_5-78B", "InternVL2_5-78B", ""),
        ("video_chat2_mistral", "video_chat2_mistral", ""),
        ("", None, ""),
    ],
)
def test_split_setting_keeps_effort_out_of_the_key(version, key, setting):
    assert epoch.split_setting(version) == (key, setting)


# -- exact rows --------------------------------------------------------------------------------
def test_eci_rows():
    rows = table(parse_file("epoch_capabilities_index.csv"), "eci")
    by = {r["model_version"]: r for r in rows}
    assert by["kimi-k2.5"] == {
        "_table": "epoch_benchmarking_hub_eci",
        "member": "epoch_capabilities_index.csv",
        "row_number": 3,
        "model_version": "kimi-k2.5",
        "model_key": "kimi-k2.5",
        "setting": "",
        "eci_score": 147.67944306914916,
        "eci_ci_low": None,
        "eci_ci_high": None,
        "release_date": "2026-01-27",
        "organization": "Moonshot",
        "country": "China",
        "model_accessibility": "Open weights (restricted use)",
        "accessibility_group": None,
        "training_compute_flop": None,
        "confidence": "Unverified",
        "model_name": "Kimi K2.5",
        "description": None,
        "display_name": "Kimi K2.5",
        "model_versions": None,
        "extra": None,
    }
    codex = by["gpt-5.3-codex_high"]
    assert (codex["eci_score"], codex["model_key"], codex["setting"]) == (
        None,
        "gpt-5.3-codex",
        "high",
    )
    assert codex["model_name"] == "GPT-5.3 Codex"  # published with a trailing newline in quotes
    llama = by["Llama-2-70b-hf "]  # trailing space kept in staging, trimmed in the key
    assert (llama["model_key"], llama["training_compute_flop"]) == ("Llama-2-70b-hf", 8.1e23)
    oss = by["gpt-oss-120b_high"]
    assert (
        oss["description"]
        == "Open-weight reasoning model, Apache 2.0.\nReleased with a model card."
    )
    assert by["llama-2-34b"]["model_accessibility"] == "Unreleased"
    assert by["llama-2-34b"]["release_date"] is None
    assert by["claude-opus-4-6_120K"]["model_accessibility"] is None  # blank is unknown, not open


def test_eci_scores_layout_keeps_interval_and_group():
    rows = table(parse_file("eci_scores.csv"), "eci")
    assert [
        (r["model_version"], r["eci_score"], r["eci_ci_low"], r["eci_ci_high"]) for r in rows
    ] == [
        ("Claude Opus 4.6", 152.65, 150.1, 155.2),
        ("Kimi K2.5", 147.68, 145.0, 150.3),
        ("Mystery Model", 130.0, None, None),
    ]
    kimi = rows[1]
    assert kimi["accessibility_group"] == "Open weights"
    assert kimi["country"] == "China"
    assert kimi["release_date"] == "2026-01-27"
    assert rows[0]["model_versions"] == "claude-opus-4-6,claude-opus-4-6_120K"


def test_epoch_run_rows():
    rows = table(parse_file("gpqa_diamond.csv"), "runs")
    glm = rows[0]
    assert glm["benchmark"] == "gpqa_diamond"
    assert glm["layout"] == "benchmark_files"
    assert (glm["mean_score"], glm["stderr"]) == (0.8781725888324873, 0.02336331210092387)
    assert glm["started_at"] == "2026-02-12 17:19:26.257000"
    assert glm["run_id"] == "n4hyz75SVpwPEisKVVjvNg"
    gpt5 = rows[1]
    assert (gpt5["model_key"], gpt5["setting"]) == ("gpt-5-2025-08-07", "high")
    assert (gpt5["mean_score"], gpt5["best_score"]) == (0.8547979797979798, 0.8611111111111112)
    assert gpt5["training_compute_notes"].startswith("Likely around 6e25")
    assert "\n\nhttps://docs.google.com/document/d/example" in gpt5["training_compute_notes"]
    assert rows[2]["started_at"] is None


def test_long_layout_rows():
    rows = table(parse_file("benchmarks_runs.csv"), "runs")
    assert [
        (r["benchmark"], r["model_key"], r["setting"], r["best_score"], r["stderr"]) for r in rows
    ] == [
        ("gpqa_diamond", "claude-2.0", "", 0.3465909090909091, 0.03),
        ("math_level_5", "claude-2.0", "", 0.1172583081570997, 0.01),
        ("frontiermath", "o3-mini-2025-01-31", "high", 0.1103448275862069, 0.02),
        ("frontiermath_public", "o3-mini-2025-01-31", "high", 0.4, 0.16),
        ("gpqa_diamond", "QwQ-32B", "", 0.6401515151515151, 0.03),
    ]
    assert json.loads(rows[1]["scores"]) == [
        {"scorer": "normalized_string_match", "mean": 0.1, "stderr": 0.01},
        {"scorer": "sympy_equiv", "mean": 0.1, "stderr": 0.01},
        {"scorer": "model_graded_equiv", "mean": 0.12, "stderr": 0.01},
    ]
    assert rows[2]["task"] == "FrontierMath-2025-02-28-Private"
    assert rows[0]["mean_score"] is None and rows[0]["layout"] == "long"


def test_external_rows():
    aider = table(parse_file("aider_polyglot_external.csv"), "external")
    assert [(r["model_key"], r["setting"], r["score"]) for r in aider] == [
        ("gpt-5-2025-08-07", "high, diff", 88.0),
        ("gemini-2.5-pro-preview-06-05", "32K, diff-fenced", 83.1),
        (None, "architect", 78.2),
    ]
    assert aider[0]["score_column"] == "Percent correct"
    assert json.loads(aider[0]["extra"]) == {
        "cost": "0.13",
        "percent_using_correct_edit_format": "91.6",
    }
    assert aider[2]["notes"].startswith("Model version deliberately omitted")

    webdev = table(parse_file("webdev_arena_external.csv"), "external")
    opus = webdev[0]
    assert (opus["model_key"], opus["setting"], opus["score"], opus["votes"]) == (
        "claude-opus-4-5-20251101",
        "32K",
        1512.0,
        4564,
    )
    assert (opus["ci_plus"], opus["ci_minus"], opus["ci_raw"], opus["last_updated"]) == (
        11.0,
        11.0,
        "=+11/-11",
        "2026-01-05",
    )
    assert (webdev[1]["ci_plus"], webdev[1]["ci_minus"]) == (20.0, 19.0)
    assert opus["source_link"] == "https://web.lmarena.ai/leaderboard"

    mmlu = table(parse_file("mmlu_external.csv"), "external")
    assert [(r["model_version"], r["upstream_name"], r["setting"], r["score"]) for r in mmlu] == [
        ("amazon.nova-pro-v1:0", "Amazon Nova Pro", "5-shot, Stanford CRFM Leaderboard", 0.82),
        (None, "AquilaChat2 34B", "0-shot, Yi: Open Foundation Models by 01.AI", 0.652),
        (
            "Llama-2-70b-hf ",
            "Llama 2 70B",
            "5-shot, Llama 2: Open Foundation and Fine-Tuned Chat Models",
            0.689,
        ),
    ]
    assert mmlu[0]["training_compute_notes"] == '"probably just below 1e25"'

    hle = table(parse_file("hle_external.csv"), "external")
    assert [(r["model_key"], r["setting"], r["score"], r["stderr"]) for r in hle] == [
        ("gemini-3-pro-preview", "", 0.37520000000000003, 0.019),
        ("gpt-5-pro-2025-10-06", "unknown", 0.3164, 0.0182),
    ]
    assert json.loads(hle[0]["extra"]) == {"calibration_error": "57"}


def test_model_versions_and_organizations_rows():
    versions = table(parse_file("model_versions.csv"), "model_versions")
    assert versions[0] == {
        "_table": "epoch_benchmarking_hub_model_versions",
        "member": "model_versions.csv",
        "row_number": 1,
        "id": "QwQ-32B",
        "model_key": "QwQ-32B",
        "setting": "",
        "model": "QwQ-32B",
        "version_release_date": "2025-03-05",
        "hf_developer_id": "Qwen",
        "link": "https://huggingface.co/Qwen/QwQ-32B",
        "notes": None,
        "run_ids": "QwQ32BgpqaRun000000000",
        "display_name": None,
        "extra": None,
    }
    assert (versions[2]["model_key"], versions[2]["setting"]) == ("o3-mini-2025-01-31", "high")
    assert versions[3]["version_release_date"] is None
    orgs = table(parse_file("organizations.csv"), "organizations")
    assert (orgs[0]["organization_raw"], orgs[0]["organization"]) == (
        " Hewlett Packard Enterprise",
        "Hewlett Packard Enterprise",
    )
    assert orgs[1]["all_ml_systems"] == "Qwen-7B,QwQ-32B,Qwen2.5-72B"


# -- zips --------------------------------------------------------------------------------------
def test_zip_of_every_fixture_in_a_folder():
    members = {f"benchmark_data/{p.name}": p.read_bytes() for p in sorted(FIXTURES.glob("*.csv"))}
    members["benchmark_data/README.md"] = b"## Licensing\nCC BY 4.0\n"
    members["benchmark_data/"] = b""
    rows = list(epoch.parse(fetched(), make_zip(members)))
    listed = {r["member"]: (r["kind"], r["row_count"]) for r in table(rows, "members")}
    assert listed == {
        **{f"benchmark_data/{n}": (kind, n_rows) for n, (n_rows, kind) in ROWS.items()},
        "benchmark_data/README.md": ("readme", 0),
    }
    assert len(rows) == len(listed) + sum(n for n, _ in ROWS.values())
    gpqa = [r for r in table(rows, "runs") if r["member"] == "benchmark_data/gpqa_diamond.csv"]
    assert [(r["benchmark"], r["model_version"]) for r in gpqa] == [
        ("gpqa_diamond", "glm-5"),
        ("gpqa_diamond", "gpt-5-2025-08-07_high"),
        ("gpqa_diamond", "claude-2.0"),
    ]


def test_zip_with_an_unknown_csv_lists_it_and_loads_the_rest():
    rows = list(
        epoch.parse(
            fetched(),
            make_zip(
                {
                    "hle_external.csv": (FIXTURES / "hle_external.csv").read_bytes(),
                    "eci_benchmarks.csv": b"benchmark,weight\ngpqa,1.0\n",
                }
            ),
        )
    )
    assert [(r["member"], r["kind"], r["row_count"]) for r in table(rows, "members")] == [
        ("hle_external.csv", "external", 2),
        ("eci_benchmarks.csv", "unknown", 0),
    ]


def test_stored_zip_member_is_read_too():
    data = make_zip(
        {"hle_external.csv": (FIXTURES / "hle_external.csv").read_bytes()}, zipfile.ZIP_STORED
    )
    assert len(table(list(epoch.parse(fetched(), data)), "external")) == 2


# -- bad input: exact one-line errors ----------------------------------------------------------
ZIP_WHERE = "epoch_benchmarking_hub: data/raw/epoch_benchmarking_hub/benchmark_data.zip"


def test_empty_file():
    assert error("gpqa_diamond.csv", b"") == (
        "epoch_benchmarking_hub: data/raw/epoch_benchmarking_hub/gpqa_diamond.csv: "
        "expected a CSV file, found an empty file"
    )


def test_html_page_with_status_200():
    assert error(
        "benchmark_data.zip", b"<!DOCTYPE html><html><body>Just a moment...</body></html>"
    ) == (
        f"{ZIP_WHERE}: expected a CSV file, found an HTML page (an error or login page served with status 200?)"
    )


def test_truncated_csv():
    body = (FIXTURES / "webdev_arena_external.csv").read_bytes()
    cut = body[: body.index(b"glm-4.7") + 30]
    assert error("webdev_arena_external.csv", cut) == (
        "epoch_benchmarking_hub: data/raw/epoch_benchmarking_hub/webdev_arena_external.csv: "
        "expected 14 fields per row, found 4 on data row 2 (truncated or malformed file?)"
    )


def test_renamed_score_column_in_a_known_member():
    body = (FIXTURES / "gpqa_diamond.csv").read_bytes().replace(b"mean_score", b"score", 1)
    assert error("gpqa_diamond.csv", body) == (
        "epoch_benchmarking_hub: data/raw/epoch_benchmarking_hub/gpqa_diamond.csv: "
        "expected columns [Model version, mean_score, Best score (across scorers), Release date, stderr], "
        "found [Model version, score, Best score (across scorers), Release date, Organization, Country, "
        "Training compute (FLOP), Training compute notes, stderr, Log viewer, Logs, Started at, …] "
        "(missing mean_score). The upstream layout may have changed"
    )


def test_renamed_external_score_column():
    body = (FIXTURES / "hle_external.csv").read_bytes().replace(b"Accuracy,", b"Acc,", 1)
    assert "(missing Accuracy)" in error("hle_external.csv", body)


def test_renamed_column_inside_a_zip_names_the_member():
    body = (FIXTURES / "gpqa_diamond.csv").read_bytes().replace(b"mean_score", b"score", 1)
    msg = error("benchmark_data.zip", make_zip({"gpqa_diamond.csv": body}))
    assert msg.startswith(
        f"{ZIP_WHERE}::gpqa_diamond.csv: expected columns [Model version, mean_score"
    )


def test_unknown_csv_on_its_own():
    assert error("scores.csv", b"model,score\na,1\n") == (
        "epoch_benchmarking_hub: data/raw/epoch_benchmarking_hub/scores.csv: expected an Epoch "
        "Benchmarking Hub zip or one of its CSVs (ECI, benchmark runs, *_external leaderboard, "
        "benchmarks_runs, model_versions, organizations), found a CSV with columns [model, score]"
    )


def test_runs_file_under_an_unknown_name():
    body = (FIXTURES / "gpqa_diamond.csv").read_bytes()
    assert error("gpqa (1).csv", body) == (
        "epoch_benchmarking_hub: data/raw/epoch_benchmarking_hub/gpqa (1).csv: expected a benchmark "
        "runs file named as in the zip (gpqa_diamond, math_level_5, frontiermath, frontiermath_tier_4, "
        "swe_bench_verified, otis_mock_aime_2024_2025, simpleqa_verified), found 'gpqa (1).csv'. "
        "Rename the file so the benchmark is known"
    )


def test_bad_ci_and_bad_date():
    body = (FIXTURES / "webdev_arena_external.csv").read_bytes()
    assert error("webdev_arena_external.csv", body.replace(b"=+11/-11", b"11", 1)).endswith(
        "expected Score 95% CI like '=+11/-11', found '11' on data row 1"
    )
    assert error(
        "webdev_arena_external.csv", body.replace(b"2025-11-24", b"24/11/2025", 1)
    ).endswith(
        "webdev_arena_external.csv: expected Release date as YYYY-MM-DD, found '24/11/2025' on data row 1"
    )


def test_bad_scores_cell_in_long_layout():
    body = (
        (FIXTURES / "benchmarks_runs.csv")
        .read_bytes()
        .replace(b"choice:0.35\xc2\xb10.03", b"0.35", 1)
    )
    assert error("benchmarks_runs.csv", body).endswith(
        "expected Scores like 'choice:0.35±0.03', found '0.35' on data row 1"
    )


def test_truncated_zip():
    data = make_zip({"hle_external.csv": (FIXTURES / "hle_external.csv").read_bytes()})
    assert error("benchmark_data.zip", data[: len(data) // 2]) == (
        f"{ZIP_WHERE}: expected a complete zip archive, found a truncated or corrupt zip "
        "(File is not a zip file)"
    )


def test_corrupt_member_data():
    body = (FIXTURES / "gpqa_diamond.csv").read_bytes()
    data = bytearray(make_zip({"gpqa_diamond.csv": body}, zipfile.ZIP_STORED))
    at = data.index(b"glm-5")
    data[at : at + 5] = b"GLM-X"  # same length, CRC no longer matches
    assert error("benchmark_data.zip", bytes(data)) == (
        f"{ZIP_WHERE}: expected a complete zip archive, found member gpqa_diamond.csv unreadable "
        "(Bad CRC-32 for file 'gpqa_diamond.csv') (truncated or corrupt zip?)"
    )


@pytest.mark.parametrize(
    "name", ["../evil.csv", "/etc/gpqa_diamond.csv", "a/../../b.csv", "C:/x.csv", "a\\..\\b.csv"]
)
def test_zip_member_escaping_the_archive(name):
    assert error("benchmark_data.zip", make_zip({name: b"x"})) == (
        f"{ZIP_WHERE}: expected zip members with relative paths inside the archive, found member {name!r}"
    )


def test_zip_bomb_by_ratio():
    data = make_zip({"gpqa_diamond.csv": b"0" * (2 * 1024 * 1024)})
    msg = error("benchmark_data.zip", data)
    assert msg.startswith(
        f"{ZIP_WHERE}: expected members of at most 33,554,432 bytes, found gpqa_diamond.csv of 2,097,152 bytes from "
    )
    assert msg.endswith("(zip bomb?)")


def test_zip_member_over_the_size_cap(monkeypatch):
    monkeypatch.setattr(epoch, "MAX_MEMBER_BYTES", 100)
    data = make_zip(
        {"hle_external.csv": (FIXTURES / "hle_external.csv").read_bytes()}, zipfile.ZIP_STORED
    )
    msg = error("benchmark_data.zip", data)
    assert msg.startswith(
        f"{ZIP_WHERE}: expected members of at most 100 bytes, found hle_external.csv of "
    )


def test_zip_over_the_total_cap(monkeypatch):
    monkeypatch.setattr(epoch, "MAX_TOTAL_BYTES", 1000)
    members = {p.name: p.read_bytes() for p in sorted(FIXTURES.glob("*.csv"))}
    total = sum(len(b) for b in members.values())
    assert error("benchmark_data.zip", make_zip(members)) == (
        f"{ZIP_WHERE}: expected at most 1,000 bytes uncompressed, found {total:,} bytes (zip bomb?)"
    )


def test_zip_without_any_epoch_csv():
    assert error(
        "benchmark_data.zip", make_zip({"README.md": b"hello", "notes.csv": b"a,b\n1,2\n"})
    ) == (
        f"{ZIP_WHERE}: expected Epoch benchmark CSVs in the zip (epoch_capabilities_index.csv, "
        "gpqa_diamond.csv, …), found [README.md, notes.csv]"
    )


def test_encrypted_member_is_refused():
    data = bytearray(make_zip({"hle_external.csv": b"Model version\n"}, zipfile.ZIP_STORED))
    # set the encryption bit in the central directory entry (general purpose flag, offset 8)
    cd = data.rindex(b"PK\x01\x02")
    data[cd + 8] |= 0x1
    assert error("benchmark_data.zip", bytes(data)) == (
        f"{ZIP_WHERE}: expected unencrypted zip members, found hle_external.csv is encrypted"
    )


def test_snapshot_date_for():
    assert epoch.snapshot_date_for("benchmark_data_2026-03-09.zip") == "2026-03-09"
    assert epoch.snapshot_date_for("benchmark_data.zip") is None
