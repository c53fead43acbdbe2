"""Security: nothing downloaded is executed or unpickled, and credentials never leave the process.

The token test sets HF_TOKEN and GITHUB_TOKEN to distinctive secrets, refreshes sources that send
them (GitHub API, Hugging Face Hub) against the loopback upstream, including error answers that
echo the request's URL and headers back, exports a snapshot, then looks for the secrets in every
file produced (raw store records, fetch log, warehouse, snapshot), in every text cell of the
warehouse, and in everything printed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import duckdb
from typer.testing import CliRunner

from cli import app
from tests.upstreams import Reply
from tests.upstreams import livebench as livebench_up
from tests.upstreams import lmarena as lmarena_up

ROOT = Path(__file__).resolve().parent.parent
HF_SECRET = "hf_SECRETxSECRETxSECRETx0123456789"
GH_SECRET = "ghp_SECRETySECRETySECRETy9876543210"

# Calls that run or unpickle what they are given. Downloaded bytes reach parse() only as data.
FORBIDDEN = re.compile(
    r"\bimport (pickle|marshal|shelve|dill|cloudpickle)\b|\bfrom (pickle|marshal|shelve) import"
    r"|\b(pickle|marshal|shelve|dill|joblib)\.(load|loads)\b"
    r"|(?<![\w.])(eval|exec)\("
    r"|\byaml\.(unsafe_load|load_all|full_load)\(|\byaml\.(Unsafe|Full)?Loader\b"
    r"|\btorch\.load\(|allow_pickle\s*=\s*True"
    r"|\bos\.system\(|\bsubprocess\.",
)


def _code_files() -> list[Path]:
    files = [ROOT / "cli.py"]
    for d in ("scrapers", "warehouse", "analysis"):
        files += sorted((ROOT / d).rglob("*.py"))
    return files


_YAML_LOAD = re.compile(r"\byaml\.load\((?P<args>[^)]*)\)")


def _safe_yaml_loader(path: Path, args: str) -> bool:
    """yaml.load(x, Loader=L) is allowed only where L builds objects with the safe constructor:
    yaml.SafeLoader, libyaml's yaml.CSafeLoader, or a subclass (not the Full/Unsafe constructors,
    which subclass the safe one and can build Python objects)."""
    m = re.search(r"Loader\s*=\s*([\w.]+)", args)
    if not m:
        return False
    import importlib

    import yaml

    module = importlib.import_module(".".join(path.relative_to(ROOT).with_suffix("").parts))
    obj = module
    for part in m.group(1).split("."):
        obj = yaml if part == "yaml" and obj is module else getattr(obj, part, None)
    safe, full = yaml.constructor.SafeConstructor, yaml.constructor.FullConstructor
    return isinstance(obj, type) and issubclass(obj, safe) and not issubclass(obj, full)


def test_nothing_downloaded_is_executed_or_unpickled():
    hits = []
    for path in _code_files():
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            loads = _YAML_LOAD.search(code)
            if FORBIDDEN.search(code) or (loads and not _safe_yaml_loader(path, loads["args"])):
                hits.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    assert not hits, "\n".join(hits)


def test_archives_are_read_in_memory_never_extracted():
    """Zip members are read by name into memory; nothing calls extract/extractall."""
    for path in _code_files():
        text = path.read_text(encoding="utf-8")
        if re.search(r"\b(zipfile|tarfile|shutil\.unpack_archive)\b", text):
            assert not re.search(r"\.extract(all)?\(|unpack_archive\(", text), (
                f"{path} extracts an archive to disk"
            )


def _echo(status: int):
    """An upstream error page that repeats the request back, as some proxies do."""

    def handler(query, headers):
        body = json.dumps({"error": "denied", "query": query, "headers": headers}).encode()
        return Reply(status, body, {"Content-Type": "application/json", "X-Echo": str(headers)})

    return handler


def test_tokens_never_leak(upstream, shared_sources, workdir, monkeypatch):
    lmarena_up.register(upstream, shared_sources)
    livebench_up.register(upstream, shared_sources)
    # error paths: the GitHub listing for LiveBench and one Space file answer by echoing the request
    upstream.routes[livebench_up.LISTING] = _echo(403)
    space = "/hf/spaces/lmarena-ai/chatbot-arena-leaderboard/resolve/main/"
    first_table = next(p for p in sorted(upstream.routes) if p.startswith(space))
    upstream.routes[first_table] = _echo(500)
    for k, v in upstream.env.items():
        monkeypatch.setenv(k, v)
    monkeypatch.setenv("HF_TOKEN", HF_SECRET)
    monkeypatch.setenv("GITHUB_TOKEN", GH_SECRET)
    monkeypatch.setenv("OPENGAP_HTTP_RETRIES", "1")
    monkeypatch.setenv("OPENGAP_HTTP_BACKOFF", "0.01")

    runner = CliRunner()
    printed = []
    r = runner.invoke(app, ["refresh"])
    printed.append(r.output)
    assert r.exit_code == 1, r.output  # the two echoing sources failed, the others loaded
    assert "livebench" in r.output and "HTTP 403" in r.output
    snap = workdir / "snapshot"
    for args in (["export", "--out", str(snap)], ["sources"], ["report"]):
        r = runner.invoke(app, args)
        printed.append(r.output)
        assert r.exit_code == 0, r.output

    # the tokens did reach the upstream (so the test proves something)
    # …and nowhere else:
    secrets = (HF_SECRET, GH_SECRET)
    for text in printed:
        for s in secrets:
            assert s not in text
    produced = [p for p in workdir.rglob("*") if p.is_file()]
    assert any(p.name.endswith(".meta.json") for p in produced)
    assert any(p.name == "fetch_log.jsonl" for p in produced)
    assert any(p.parent == snap for p in produced)
    for path in produced:
        data = path.read_bytes()
        for s in secrets:
            assert s.encode() not in data, f"{s[:6]}… found in {path}"
            assert s[4:20].encode() not in data, f"part of {s[:6]}… found in {path}"
    # DuckDB may compress strings on disk: look in every text cell too
    con = duckdb.connect(str(workdir / "data" / "opengap.duckdb"), read_only=True)
    cols = con.execute(
        "select table_schema, table_name, column_name from information_schema.columns "
        "where data_type in ('VARCHAR', 'JSON')"
    ).fetchall()
    for schema, table, col in cols:
        n = con.execute(
            f'select count(*) from {schema}."{table}" where contains("{col}", ?) or contains("{col}", ?)',
            [HF_SECRET[4:20], GH_SECRET[4:20]],
        ).fetchone()[0]
        assert n == 0, f"secret in {schema}.{table}.{col}"
    con.close()
