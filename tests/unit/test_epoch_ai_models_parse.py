"""epoch_ai_models.parse over hand-written exports, its one-line errors, and the std claims in SQL."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from pathlib import Path

import duckdb
import pytest

from scrapers import epoch_ai_models as epoch
from scrapers._types import Fetched, SourceChangedError
from tests.helpers import rows_of as _rows_of
from warehouse import db
from warehouse.build import _frames, parse_file

FIXTURES = Path(__file__).parents[1] / "fixtures" / "epoch_ai_models"
FILES = sorted(FIXTURES.glob("*.csv"))
OLD_LAYOUT = [FIXTURES / "all_ai_models.csv", FIXTURES / "notable_ai_models.csv"]
NEW_LAYOUT = "notable_ai_models_2026-07-15.csv"  # Epoch's 47-column export of 2026-07
NOTABLE = (FIXTURES / "notable_ai_models.csv").read_bytes()
NOTABLE_2026 = (FIXTURES / NEW_LAYOUT).read_bytes()
WHERE = "epoch_ai_models: data/raw/epoch_ai_models/abababababababab.csv"


def fetched(name: str, data: bytes) -> Fetched:
    return Fetched(
        source=epoch.NAME,
        url=f"https://epoch.ai/data/{name}",
        fetched_at="2025-05-01T06:00:00.000000Z",
        sha256=hashlib.sha256(data).hexdigest(),
        path="epoch_ai_models/abababababababab.csv",
        bytes=len(data),
        snapshot_date="2025-05-01",
        filename=name,
    )


def rows_of(name: str, data: bytes | None = None) -> list[dict]:
    data = (FIXTURES / name).read_bytes() if data is None else data
    return _rows_of(epoch, epoch.parse(fetched(name, data), data))


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_fixture_is_one_row_per_model_with_every_column_kept(path):
    rows = rows_of(path.name)
    assert [r["row_number"] for r in rows] == [1, 2, 3, 4, 5, 6]
    header = path.read_text(encoding="utf-8").splitlines()[0].split(",")
    for r in rows:
        kept = set(json.loads(r["extra"])) | epoch.TYPED
        assert kept >= set(header)
        assert r["export"] == path.stem.split("_2")[0]


def test_notable_row_keeps_numbers_dates_and_multiline_notes():
    first = rows_of("notable_ai_models.csv")[0]
    extra = json.loads(first.pop("extra"))
    assert first == {
        "export": "notable_ai_models",
        "row_number": 1,
        "model": "Llama 3.3",
        "model_raw": "Llama 3.3",
        "publication_date": "2024-12-06",
        "last_modified": None,
        "domain": "Language",
        "organization": "Meta AI",
        "organization_categorization": "Industry",
        "country": "United States of America",
        "reference": "Meta Llama 3.3 multilingual large language model (LLM)",
        "link": "https://www.llama.com/docs/model-cards-and-prompt-formats/llama3_3/",
        "notability_criteria": "Training cost",
        "model_accessibility": "Open weights (restricted use)",
        "base_model": None,
        "confidence": "Confident",
        "parameters": 70_000_000_000.0,
        "training_compute_flop": 6.8649768e24,
        "open_model_weights": None,  # no such column before 2026
    }
    assert extra["Training compute notes"] == (
        "6ND = 6*70*10^9*15*10^12= 6.3e+24\n\nsqrt(7.48062e+24*6.3e+24) = 6.8649768e+24"
    )
    assert extra["Training dataset notes"] == '"A new mix of publicly available online data."'
    assert extra["Frontier model"] == "True"


def test_all_export_names_are_trimmed_but_kept_raw_and_blank_rows_stay():
    rows = {r["row_number"]: r for r in rows_of("all_ai_models.csv")}
    assert (rows[3]["model"], rows[3]["model_raw"]) == (
        "Tulu 3 (Tülu 3) 70B",
        " Tulu 3 (Tülu 3) 70B",
    )
    assert (rows[4]["model"], rows[4]["model_raw"]) == (
        "ALLaM\xa0adapted 70B",
        "ALLaM\xa0adapted 70B ",
    )
    assert (rows[6]["model"], rows[6]["model_raw"]) == (
        "Zephyr 141B-A39B",
        "Zephyr 141B-A39B\t\t\t\t",
    )
    assert rows[5]["model"] is None and rows[5]["last_modified"] == "2025-03-07 22:04:45"
    assert rows[1]["last_modified"] == "2025-03-11 19:27:29"
    assert rows[1]["domain"] is None and rows[1]["base_model"] == "EXAONE 3.5 2.4B"
    assert rows[6]["model_accessibility"] is None
    assert json.loads(rows[1]["extra"])["Finetune compute (FLOP)"] == "1.44e+21"


def test_2026_layout_is_read_by_header_with_its_renamed_and_new_columns():
    rows = rows_of(NEW_LAYOUT)
    first = rows[0]
    extra = json.loads(first.pop("extra"))
    assert first == {
        "export": "notable_ai_models",
        "row_number": 1,
        "model": "DeepSeek-V4-Pro",
        "model_raw": "DeepSeek-V4-Pro",
        "publication_date": "2026-04-24",
        "last_modified": None,
        "domain": "Language",
        "organization": "DeepSeek",
        "organization_categorization": "Industry",
        "country": "China",  # 'Country (of organization)' in this layout
        "reference": "DeepSeek-V4: Towards Highly Efficient Million-Token Context Intelligence",
        "link": "https://huggingface.co/deepseek-ai/DeepSeek-V4-Pro/blob/main/DeepSeek_V4.pdf",
        "notability_criteria": "Discretionary",
        "model_accessibility": "Open weights (unrestricted)",
        "base_model": None,
        "confidence": "Likely",
        "parameters": 1.6e12,
        "training_compute_flop": 9.702e24,
        "open_model_weights": True,
    }
    assert extra["Task"] == "Language modeling/generation,Question answering"
    assert extra["Training compute notes"].endswith("pre-training\n\npost-training not counted")
    assert "Open model weights?" not in extra and "Country (of organization)" not in extra
    by_name = {r["model"]: r for r in rows}
    assert {n: r["open_model_weights"] for n, r in by_name.items()} == {
        "DeepSeek-V4-Pro": True,
        "GPT-5.5": False,
        "Claude Mythos 5": False,
        "Qwen 3.7 Max": None,
        "Kaiju Small": False,
        "MAI-Image-2.5": False,
    }
    assert by_name["Kaiju Small"]["publication_date"] is None
    assert by_name["GPT-5.5"]["country"] == "United States of America"


def test_the_same_row_reads_the_same_in_either_column_order():
    # Epoch moved most columns in 2026: reorder the old export's columns and nothing changes
    table = list(csv.reader(io.StringIO(NOTABLE.decode("utf-8"), newline="")))
    order = sorted(range(len(table[0])), key=lambda i: table[0][i], reverse=True)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([[r[i] for i in order] for r in table])
    moved = rows_of("notable_ai_models.csv", out.getvalue().encode("utf-8"))
    plain = rows_of("notable_ai_models.csv")
    for a, b in zip(moved, plain, strict=True):
        assert {**a, "extra": json.loads(a["extra"])} == {**b, "extra": json.loads(b["extra"])}


def test_snapshot_date_comes_only_from_a_dated_file_name():
    assert epoch.snapshot_date_for("notable_ai_models_2024-12-24.csv") == "2024-12-24"
    assert epoch.snapshot_date_for("notable_ai_models.csv") is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", f"{WHERE}: expected a CSV file, found an empty file"),
        (
            b"<!DOCTYPE html><html><body>Just a moment...</body></html>",
            f"{WHERE}: expected a CSV file, found an HTML page (an error or login page served with status 200?)",
        ),
        (
            NOTABLE[: NOTABLE.index(b"6ND") + 10],
            f"{WHERE}: expected 41 fields per row, found 16 on data row 1 (truncated or malformed file?)",
        ),
        (
            NOTABLE.replace(b"Model accessibility", b"Accessibility", 1),
            f"{WHERE}: expected columns [Model, Domain, Organization, Publication date, Parameters, "
            "Training compute (FLOP), Model accessibility], found [Model, Domain, Organization, "
            "Organization categorization, Country (from Organization), Authors, Publication date, "
            "Reference, Link, Citations, Notability criteria, Notability criteria notes, …] "
            "(missing Model accessibility). The upstream layout may have changed",
        ),
        (
            NOTABLE.replace(b"2024-12-06", b"12/06/2024", 1),
            f"{WHERE}: expected 'Publication date' as YYYY-MM-DD, found '12/06/2024' on row 1",
        ),
        (
            NOTABLE.replace(b"2024-12-06", b"2024-02-30", 1),
            f"{WHERE}: expected a calendar date in 'Publication date', found '2024-02-30' on row 1",
        ),
        (
            NOTABLE.replace(b"70000000000.0", b"70B", 1),
            f"{WHERE}: expected a number in 'Parameters', found '70B' on row 1",
        ),
        (
            b"\xff\xfeM\x00o\x00",
            f"{WHERE}: expected UTF-8 text, found invalid byte 0xff at offset 0",
        ),
    ],
    ids=[
        "empty",
        "html",
        "truncated",
        "renamed-column",
        "bad-date",
        "no-such-day",
        "bad-number",
        "utf16",
    ],
)
def test_bad_input_raises_one_line(data, message):
    with pytest.raises(SourceChangedError) as exc:
        rows_of("notable_ai_models.csv", data)
    assert str(exc.value) == message


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            NOTABLE_2026.replace(b"Country (of organization)", b"Country", 1),
            f"{WHERE}: expected one of the columns [Country (from Organization), Country (of "
            "organization)] for country, found [Model, Organization, Publication date, Domain, Task, "
            "Parameters, Parameters notes, Training compute (FLOP), Training compute notes, "
            "Training dataset, Training dataset size (total), Dataset size notes, …] (none of them). "
            "The upstream layout may have changed; map the new header in "
            "scrapers/epoch_ai_models.py TEXT_COLUMNS",
        ),
        (
            NOTABLE_2026.replace(b",Yes\n", b",Y\n", 1),
            f"{WHERE}: expected 'Open model weights?' as Yes, No or empty, found 'Y' on row 1",
        ),
    ],
    ids=["unknown-country-header", "open-weights-not-yes-no"],
)
def test_2026_layout_bad_input_raises_one_line(data, message):
    with pytest.raises(SourceChangedError) as exc:
        rows_of(NEW_LAYOUT, data)
    assert str(exc.value) == message
    assert "\n" not in str(exc.value)


# -- the std adapter: language-model claims ---------------------------------------------------


def claims(files=OLD_LAYOUT, data: dict[str, bytes] | None = None) -> dict[str, dict]:
    con = duckdb.connect()
    db.create_schemas(con)
    for table in epoch.TABLES:
        db.run_sql_file(con, db.SQL_DIR / "staging" / f"{table}.sql")
    columns = {t: db.table_columns(con, "staging", t) for t in epoch.TABLES}
    for path in files:
        body = (data or {}).get(path.name) or path.read_bytes()
        for table, rows in parse_file(epoch, fetched(path.name, body), body).items():
            con.register("_in", _frames([rows], columns[table], table))
            con.execute(f"insert into staging.{table} by name select * from _in")
            con.unregister("_in")
    db.run_sql_file(con, db.SQL_DIR / "macros.sql")
    db.run_sql_dir(con, db.SQL_DIR / "std" / "tables")
    db.run_sql_file(con, db.SQL_DIR / "std" / "sources" / "epoch_ai_models.sql")
    frame = con.sql(
        "select source_model_name, model_key, organization, country, access, hf_repo_id, "
        "release_date::varchar as release_date, announce_date::varchar as announce_date, params_b, "
        "base_model, is_derivative, snapshot_date::varchar as snapshot_date from std.model_claims"
    ).pl()
    return {r["source_model_name"]: r for r in frame.iter_rows(named=True)}


def test_claims_are_language_models_only_with_access_from_accessibility():
    got = claims()
    # AlphaGo Zero (Games), EXAONE (no domain) and the blank row make no claim
    assert sorted(got) == [
        "ALLaM\xa0adapted 70B",
        "DeepSeek-V3",
        "GPT-4o",
        "Gopher (280B)",
        "Inflection-2",
        "Llama 2-34B",
        "Llama 3.3",
        "Tulu 3 (Tülu 3) 70B",
        "Zephyr 141B-A39B",
    ]
    assert {name: c["access"] for name, c in got.items()} == {
        "ALLaM\xa0adapted 70B": "open",
        "DeepSeek-V3": "open",
        "GPT-4o": "api",
        "Gopher (280B)": None,  # blank accessibility is unknown, never open
        "Inflection-2": "hosted",
        "Llama 2-34B": "unreleased",
        "Llama 3.3": "open",
        "Tulu 3 (Tülu 3) 70B": "open",
        "Zephyr 141B-A39B": None,
    }


def test_claims_carry_dates_params_and_organizations():
    got = claims()
    assert got["DeepSeek-V3"] == {
        "source_model_name": "DeepSeek-V3",
        "model_key": None,
        "organization": "DeepSeek",
        "country": "China",
        "access": "open",
        "hf_repo_id": None,
        "release_date": "2024-12-24",
        "announce_date": "2024-12-24",
        "params_b": 671.0,
        "base_model": None,
        "is_derivative": None,
        "snapshot_date": "2025-05-01",
    }
    # an unreleased model was announced, never released
    assert (got["Llama 2-34B"]["release_date"], got["Llama 2-34B"]["announce_date"]) == (
        None,
        "2023-07-18",
    )
    assert got["Gopher (280B)"]["organization"] == "Google DeepMind,Google"
    tulu = got["Tulu 3 (Tülu 3) 70B"]
    assert (tulu["hf_repo_id"], tulu["base_model"], tulu["is_derivative"]) == (
        "allenai/Llama-3.1-Tulu-3-70B",
        "Llama 3.1-70B",
        True,
    )
    assert got["GPT-4o"]["params_b"] is None


def test_2026_claims_take_access_from_accessibility_and_open_weights_only_as_a_fallback():
    got = claims([FIXTURES / NEW_LAYOUT])
    # MAI-Image-2.5 (image generation) makes no claim
    assert {n: (c["access"], c["country"], c["release_date"]) for n, c in got.items()} == {
        "DeepSeek-V4-Pro": ("open", "China", "2026-04-24"),
        "GPT-5.5": ("api", "United States of America", "2026-04-23"),
        "Claude Mythos 5": ("unreleased", "United States of America", None),
        "Qwen 3.7 Max": (None, "China", "2026-05-19"),  # both blank: unknown
        "Kaiju Small": ("hosted", "United States of America", None),  # no publication date
    }
    # 'Yes' with a blank accessibility still claims open; 'No' alone claims nothing (API, hosted
    # and unreleased all say No); accessibility wins where both are given
    rows = list(csv.reader(io.StringIO(NOTABLE_2026.decode("utf-8"), newline="")))
    header = rows[0]
    access, weights = header.index("Model accessibility"), header.index("Open model weights?")
    by_name = {r[0]: r for r in rows[1:]}
    by_name["Qwen 3.7 Max"][weights] = "Yes"
    by_name["GPT-5.5"][access] = ""
    by_name["Claude Mythos 5"][weights] = "Yes"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    got = claims([FIXTURES / NEW_LAYOUT], {NEW_LAYOUT: out.getvalue().encode("utf-8")})
    assert got["Qwen 3.7 Max"]["access"] == "open"
    assert got["GPT-5.5"]["access"] is None
    assert got["Claude Mythos 5"]["access"] == "unreleased"


def _notable_with(cells: dict[tuple[int, str], str]) -> bytes:
    """The notable fixture with cells replaced, keyed by (data row from 1, column)."""
    rows = list(csv.reader(io.StringIO(NOTABLE.decode("utf-8"), newline="")))
    for (i, col), value in cells.items():
        rows[i][rows[0].index(col)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode()


@pytest.mark.parametrize(
    ("cells", "found"),
    [
        # columns are read whole; the error is still the first bad cell in row order
        (
            {(3, "Publication date"): "soon", (2, "Training compute (FLOP)"): "lots"},
            "expected a number in 'Training compute (FLOP)', found 'lots' on row 2",
        ),
        # within a row, fields in the order a row is read: the date before the numbers
        (
            {(2, "Parameters"): "70B", (2, "Publication date"): "2024-02-30"},
            "expected a calendar date in 'Publication date', found '2024-02-30' on row 2",
        ),
    ],
    ids=["row-before-column", "date-before-number"],
)
def test_the_first_bad_cell_in_row_order_fails_the_file(cells, found):
    with pytest.raises(SourceChangedError) as exc:
        rows_of("notable_ai_models.csv", _notable_with(cells))
    assert str(exc.value) == f"{WHERE}: {found}"
