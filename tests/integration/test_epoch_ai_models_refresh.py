"""A real fetch of Epoch AI's two CSV exports from a loopback server serving the captures, then a build."""

from __future__ import annotations

import csv
import re

import duckdb
import pytest

from scrapers import epoch_ai_models
from scrapers._http import Client
from tests.conftest import apply_env
from tests.upstreams import epoch_ai_models as epoch_upstream
from warehouse.build import build
from warehouse.rawstore import RawStore

FILES = ("notable_ai_models.csv", "all_ai_models.csv")
ROWS = {"notable_ai_models": 884, "all_ai_models": 2228}  # PROVENANCE: Rows 884 / 2228
# the captures the exact counts below describe (the old layout, both exports)
OLD = {
    "notable_ai_models.csv": "2024-12-24/notable_ai_models.csv",
    "all_ai_models.csv": "2025-04-23/all_ai_models.csv",
}
# Epoch's 47-column export of 2026-07 (columns moved and renamed, `Open model weights?` added)
NEW = {"notable_ai_models.csv": "2026-07-15/notable_ai_models.csv"}


@pytest.fixture
def served(upstream, shared_sources, monkeypatch, workdir):
    epoch_upstream.register(upstream, shared_sources, epoch_upstream.named(shared_sources, OLD))
    apply_env(monkeypatch, upstream)
    return upstream, workdir


def _csv_rows(path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return [r for r in csv.DictReader(fh) if any(v.strip() for v in r.values())]


def _access(accessibility: str, open_weights: str) -> str | None:
    """The std rule, restated: Model accessibility first, `Open model weights?` = Yes as fallback."""
    a = accessibility.strip()
    for prefix, access in (("Open weights", "open"), ("API access", "api"), ("Hosted access", "hosted"),
                           ("Unreleased", "unreleased")):  # fmt: skip
        if a.startswith(prefix):
            return access
    return "open" if not a and open_weights.strip() == "Yes" else None


def _fetch(root):
    return epoch_ai_models.fetch(Client(retries=0, backoff=0), RawStore(root))


def test_fetch_then_build_loads_every_row_and_language_claims(served):
    up, work = served
    # each file dated by its capture (sent as Last-Modified), not by the day it was replayed
    notable_day, all_day = (
        OLD[n].split("/")[0] for n in ("notable_ai_models.csv", "all_ai_models.csv")
    )
    new = _fetch(work / "raw")
    assert [(f.filename, f.snapshot_date, f.http_status) for f in new] == [
        ("notable_ai_models.csv", notable_day, 200),
        ("all_ai_models.csv", all_day, 200),
    ]
    assert all(f.etag for f in new)

    result = build(RawStore(work / "raw"), work / "w.duckdb")
    assert [e.message for e in result.errors if e.source == "epoch_ai_models"] == []
    assert result.rows_loaded["epoch_ai_models_models"] == sum(ROWS.values())
    con = duckdb.connect(str(work / "w.duckdb"), read_only=True)
    assert (
        dict(
            con.execute(
                "select export, count(*) from staging.epoch_ai_models_models group by 1"
            ).fetchall()
        )
        == ROWS
    )

    # claims: only rows whose Domain lists Language; blank accessibility stays unknown
    got = con.execute(
        "select s.export, c.access, count(*) from std.model_claims c "
        "join staging.epoch_ai_models_models s on s.fetch_id = c.fetch_id and s.model = c.source_model_name "
        "where c.source = 'epoch_ai_models' group by all order by all"
    ).fetchall()
    assert got == [
        ("all_ai_models", "api", 88),
        ("all_ai_models", "hosted", 35),
        ("all_ai_models", "open", 418),
        ("all_ai_models", "unreleased", 277),
        ("all_ai_models", None, 223),
        ("notable_ai_models", "api", 31),
        ("notable_ai_models", "hosted", 8),
        ("notable_ai_models", "open", 127),
        ("notable_ai_models", "unreleased", 120),
        ("notable_ai_models", None, 106),
    ]
    assert con.execute(
        "select count(*) from std.model_claims where source = 'epoch_ai_models'"
    ).fetchone() == (392 + 1041,)

    # known models
    def claim(name, export):
        return con.execute(
            "select c.organization, c.country, c.access, c.release_date::varchar, "
            "c.announce_date::varchar, c.params_b, c.snapshot_date::varchar "
            "from std.model_claims c join raw.fetches f using (fetch_id) "
            "where c.source = 'epoch_ai_models' and c.source_model_name = ? and f.filename = ?",
            [name, export],
        ).fetchall()

    assert claim("DeepSeek-V3", "all_ai_models.csv") == [
        ("DeepSeek", "China", "open", "2024-12-24", "2024-12-24", 671.0, all_day)
    ]
    assert claim("Llama 3.1-405B", "notable_ai_models.csv") == [
        (
            "Meta AI",
            "United States of America",
            "open",
            "2024-07-23",
            "2024-07-23",
            405.0,
            notable_day,
        )
    ]
    assert claim("GPT-4o", "notable_ai_models.csv") == [
        ("OpenAI", "United States of America", "api", "2024-05-13", "2024-05-13", None, notable_day)
    ]
    # announced 2024-12-20, not yet released when the 2025-04 export was taken
    assert claim("o3", "all_ai_models.csv") == [
        ("OpenAI", "United States of America", "unreleased", None, "2024-12-20", None, all_day)
    ]

    # quirks of the real export, kept in staging
    assert con.execute(
        "select count(*) from staging.epoch_ai_models_models where export = 'all_ai_models' and model is null"
    ).fetchone() == (3,)
    assert con.execute(
        "select model_raw from staging.epoch_ai_models_models where model = 'Tulu 3 (Tülu 3) 70B'"
    ).fetchall() == [(" Tulu 3 (Tülu 3) 70B",)]


def test_second_fetch_downloads_nothing(served):
    up, work = served
    assert len(_fetch(work / "raw")) == 2
    again = Client(retries=0, backoff=0)
    assert epoch_ai_models.fetch(again, RawStore(work / "raw")) == []
    # two conditional GETs answered 304 Not Modified: no body downloaded
    assert (again.requests_made, again.bytes_downloaded) == (2, 0)


def test_an_html_page_served_with_200_is_a_load_error_not_rows(served):
    from tests.upstreams import Fault

    up, work = served
    up.faults["/epoch.ai/data/notable_ai_models.csv"] = Fault(
        body=b"<!DOCTYPE html><html>Just a moment...</html>"
    )
    new = _fetch(work / "raw")
    result = build(RawStore(work / "raw"), work / "w.duckdb")
    bad = next(f for f in new if f.filename == "notable_ai_models.csv")
    assert [e.message for e in result.errors if e.source == "epoch_ai_models"] == [
        f"epoch_ai_models: data/raw/{bad.path}: expected a CSV file, found an HTML page "
        "(an error or login page served with status 200?)"
    ]
    assert result.rows_loaded["epoch_ai_models_models"] == ROWS["all_ai_models"]


def _claims_by_access(con, fetch_id: str) -> dict:
    return dict(
        con.execute(
            "select coalesce(access, '-'), count(*) from std.model_claims "
            "where source = 'epoch_ai_models' and fetch_id = ? group by 1",
            [fetch_id],
        ).fetchall()
    )


def test_newer_47_column_export_loads_by_header(upstream, shared_sources, monkeypatch, workdir):
    # the live site serves both exports: the newer notable one beside the older all_ai_models
    both = {"all_ai_models.csv": OLD["all_ai_models.csv"], **NEW}
    captures = epoch_upstream.named(shared_sources, both)
    epoch_upstream.register(upstream, shared_sources, captures)
    apply_env(monkeypatch, upstream)
    new = _fetch(workdir / "raw")
    assert [f.filename for f in new] == ["notable_ai_models.csv", "all_ai_models.csv"]
    result = build(RawStore(workdir / "raw"), workdir / "w.duckdb")
    assert [e.message for e in result.errors if e.source == "epoch_ai_models"] == []

    d = shared_sources / "epoch_ai_models"
    src = _csv_rows(d / NEW["notable_ai_models.csv"])
    assert len(src[0]) == 47 and "Open model weights?" in src[0]
    assert result.rows_loaded["epoch_ai_models_models"] == len(src) + len(
        _csv_rows(d / OLD["all_ai_models.csv"])
    )
    language = [
        r for r in src if r["Model"].strip() and re.search(r"(^|,)\s*Language\s*(,|$)", r["Domain"])
    ]
    expected: dict[str, int] = {}
    for r in language:
        key = _access(r["Model accessibility"], r["Open model weights?"]) or "-"
        expected[key] = expected.get(key, 0) + 1
    con = duckdb.connect(str(workdir / "w.duckdb"), read_only=True)
    assert _claims_by_access(con, new[0].fetch_id) == expected
    # every row's country and open-weights flag come through from their renamed / new columns
    got = con.execute(
        "select count(*) filter (where country is not null), "
        "count(*) filter (where open_model_weights), count(*) filter (where not open_model_weights) "
        "from staging.epoch_ai_models_models where export = 'notable_ai_models'"
    ).fetchone()
    assert got == (
        sum(1 for r in src if r["Country (of organization)"].strip()),
        sum(1 for r in src if r["Open model weights?"] == "Yes"),
        sum(1 for r in src if r["Open model weights?"] == "No"),
    )
    assert got[0] > 0 and got[1] > 0
    # a named model, checked against its row in the capture
    row = next(r for r in src if r["Model"] == "DeepSeek-V4-Pro")
    assert con.execute(
        "select organization, country, access, release_date::varchar, params_b from std.model_claims "
        "where source = 'epoch_ai_models' and source_model_name = 'DeepSeek-V4-Pro' and fetch_id = ?",
        [new[0].fetch_id],
    ).fetchall() == [
        (
            row["Organization"],
            row["Country (of organization)"],
            "open",
            row["Publication date"],
            float(row["Parameters"]) / 1e9,
        )
    ]
    con.close()


def test_export_replaced_in_place_by_the_newer_layout_keeps_both_versions(
    upstream, shared_sources, monkeypatch, workdir
):
    old = epoch_upstream.named(shared_sources, OLD)
    new = epoch_upstream.named(shared_sources, NEW)
    epoch_upstream.register(upstream, shared_sources, old)
    apply_env(monkeypatch, upstream)
    assert [f.filename for f in _fetch(workdir / "raw")] == list(FILES)
    epoch_upstream.serve(upstream, shared_sources, new)  # same URL, new bytes, new ETag
    second = _fetch(workdir / "raw")
    assert [f.filename for f in second] == ["notable_ai_models.csv"]  # all_ai_models: 304
    result = build(RawStore(workdir / "raw"), workdir / "w.duckdb")
    assert [e.message for e in result.errors if e.source == "epoch_ai_models"] == []
    con = duckdb.connect(str(workdir / "w.duckdb"), read_only=True)
    per_file = dict(
        con.execute(
            "select fetch_id = ?, count(*) from staging.epoch_ai_models_models "
            "where export = 'notable_ai_models' group by 1",
            [second[0].fetch_id],
        ).fetchall()
    )
    d = shared_sources / "epoch_ai_models"
    assert per_file == {
        False: len(_csv_rows(d / old["notable_ai_models.csv"])),
        True: len(_csv_rows(d / new["notable_ai_models.csv"])),
    }
    # the old layout's country column and the new one's both fill `country`
    assert con.execute(
        "select bool_and(n > 0) from (select count(country) as n "
        "from staging.epoch_ai_models_models where export = 'notable_ai_models' group by fetch_id)"
    ).fetchone() == (True,)
    con.close()


@pytest.mark.parametrize("damage", ["flipped byte", "deleted", "truncated"])
def test_a_damaged_stored_file_is_downloaded_again_not_kept_behind_a_304(served, damage):
    """A stored body that no longer matches its sha256 (a flipped byte, a deleted file, or a body cut
    short but recorded with the real ETag) never makes the next request conditional: the file is
    downloaded again and the store repaired, instead of a 304 keeping it damaged for good."""
    up, work = served
    assert len(_fetch(work / "raw")) == 2
    store = RawStore(work / "raw")
    rec = next(r for r in store.records() if r.filename == "notable_ai_models.csv")
    stored = work / "raw" / rec.path
    body = stored.read_bytes()
    if damage == "flipped byte":
        stored.write_bytes(body[:100] + bytes([body[100] ^ 0xFF]) + body[101:])
    elif damage == "deleted":
        stored.unlink()
    else:
        stored.write_bytes(body[: len(body) // 2])
    with pytest.raises(Exception, match="do not match sha256"):
        build(RawStore(work / "raw"), work / "w.duckdb")  # the build refuses, naming the file
    before = len(up.log)
    _fetch(work / "raw")
    asked = [(path, status) for path, status, _ in up.log[before:] if "notable" in path]
    assert asked and asked[-1][1] == 200, asked  # asked in full, not with If-None-Match
    assert stored.read_bytes() == body
    result = build(RawStore(work / "raw"), work / "w.duckdb")
    assert [e for e in result.errors if e.source == "epoch_ai_models"] == []
