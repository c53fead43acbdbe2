"""Routes for lmarena_leaderboard_dataset: the Hub's tree listing and resolve URLs of the dataset
`lmarena-ai/leaderboard-dataset`, serving Parquet files built from the captured rows.

The captures hold each `latest` Parquet file's rows as JSON (same ten columns, same order, same
types: `rank` float in `text`, integer in `text_style_control`; `vote_count` float). Each is turned
back into Parquet here, as the Hub serves it. The Hub keeps one `latest` file per subset, rewritten
in place, so one publish date is served at a time: `serve(up, shared, date)` switches the served
version (new LFS oid, new last commit "Update <subset> for <date>"), as a new upload would.
"""

from __future__ import annotations

import hashlib
import io
import json
from functools import lru_cache
from pathlib import Path

from tests.upstreams import Upstream

REPO_ID = "lmarena-ai/leaderboard-dataset"
SUBSETS = ("text", "text_style_control")
FILE = "latest-00000-of-00001.parquet"
SOURCE = "lmarena_leaderboard_dataset"


def dates(shared: Path) -> list[str]:
    """Publish dates whose folder holds both subsets, oldest first."""
    d = shared / SOURCE
    if not d.is_dir():
        return []
    return sorted(
        p.name
        for p in d.iterdir()
        if p.is_dir() and all((p / f"{s}.json").is_file() for s in SUBSETS)
    )


def capture_rows(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["rows"]


def parquet_bytes(rows: list[dict]) -> bytes:
    """The rows as the Hub's Parquet: columns in the rows' order, each typed as the values are."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    columns = list(rows[0])
    arrays = {}
    for c in columns:
        values = [r.get(c) for r in rows]
        kinds = {type(v) for v in values if v is not None}
        if kinds == {int}:
            arrays[c] = pa.array(values, pa.int64())
        elif kinds <= {int, float}:
            arrays[c] = pa.array(values, pa.float64())
        else:
            arrays[c] = pa.array(values, pa.string())
    buf = io.BytesIO()
    pq.write_table(pa.table(arrays), buf)
    return buf.getvalue()


@lru_cache(maxsize=16)
def _capture_parquet(path: str) -> bytes:
    return parquet_bytes(capture_rows(Path(path)))


def capture_parquet(shared: Path, date: str, subset: str) -> bytes:
    return _capture_parquet(str(shared / SOURCE / date / f"{subset}.json"))


def serve_files(up: Upstream, files: dict[str, tuple[bytes, str]]) -> None:
    """Serve subset → (Parquet bytes, publish date) at the Hub's tree and resolve paths."""
    for subset, (body, date) in files.items():
        sha = hashlib.sha256(body).hexdigest()
        commit = hashlib.sha1(f"{subset}{date}{sha}".encode()).hexdigest()
        tree = [
            {
                "type": "file",
                "oid": hashlib.sha1(body).hexdigest(),
                "size": len(body),
                "lfs": {"oid": sha, "size": len(body), "pointerSize": 134},
                "path": f"{subset}/{FILE}",
                "lastCommit": {
                    "id": commit,
                    "title": f"Update {subset} for {date}",
                    "date": f"{date}T18:00:00.000Z",
                },
            },
            {
                "type": "file",
                "oid": "0" * 40,
                "size": 50_000_000,
                "lfs": {"oid": "f" * 64, "size": 50_000_000, "pointerSize": 135},
                "path": f"{subset}/full-00000-of-00001.parquet",
                "lastCommit": {"id": commit, "title": f"Update {subset} for {date}"},
            },
        ]
        up.json(f"/hf/api/datasets/{REPO_ID}/tree/main/{subset}", tree)
        up.file(f"/hf/datasets/{REPO_ID}/resolve/main/{subset}/{FILE}", body)


def serve(up: Upstream, shared: Path, date: str) -> None:
    """Serve the captured publish date `date` as the dataset's current `latest` files."""
    serve_files(up, {s: (capture_parquet(shared, date, s), date) for s in SUBSETS})


def register(up: Upstream, shared: Path) -> None:
    """The newest captured publish date (a fresh clone without the captures serves nothing)."""
    available = dates(shared)
    if available:
        serve(up, shared, available[-1])
    up.hf_env(SOURCE)
