"""Every example runs: each command in the README's command table, each ```bash/```sh/```sql block of
README.md and docs/*.md, the `Example:` line of every command's --help, and the loading examples of
the published data card, against a warehouse loaded from the bundled snapshot, with its output
checked.

The examples are read from the documents (no hand list), so a new or changed example is tested as
it is written. Commands that would install packages, run this test suite or reach the network are
skipped with the reason, or pointed at the loopback upstream.
"""

from __future__ import annotations

import csv
import io
import re
import shlex
import shutil
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from cli import app

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
SNAPSHOTS = ROOT / "data" / "snapshots"

runner = CliRunner()

# What each command's output must contain (besides exit 0, no traceback, no "Error:"). An example
# of a command missing here fails until its expected output is stated.
EXPECT = {
    ("refresh",): "new file(s)",
    ("report",): "trail the proprietary frontier by a median of",
    ("lag",): "benchmark_id,regime,as_of_date,estimator,value,lo,hi",
    ("models", "unmatched"): "aider_leaderboards",
    ("models", "show"): "gpt-4o-2024-05-13",
    ("models", "resolve"): "source,source_model_name,model_id,method,confidence",
    ("models", "conflicts"): "access",
    ("models", "coverage"): "frontier model(s)",
    ("publish",): "Would upload",
    ("sql",): "snapshot_date,source,top_proprietary",
    ("sources",): "lmarena_leaderboard_csv",
    ("ingest",): "Ingested lmarena_text.csv",
    ("export",): "Wrote ",
    ("load",): "Loaded ",
}
# commands that change the warehouse or the data folder run in a private copy of the workspace
MUTATING = {"refresh", "ingest", "export", "load"}
SKIP = {
    "pip": "installs packages: the test environment is that install",
    "python -m pytest": "runs this test suite itself",
    "python scripts/refresh_from_captures.py": (
        "a full refresh over every real capture (minutes); tests/integration covers it"
    ),
}


# Load inputs: the examples as the documents state them


def fenced_blocks(path: Path) -> list[tuple[str, int, str]]:
    """(language, first line number, text) of each fenced block."""
    out, lang, start, body = [], None, 0, []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if lang is None and line.startswith("```"):
            lang, start, body = line[3:].strip(), n + 1, []
        elif lang is not None and line.startswith("```"):
            out.append((lang, start, "\n".join(body)))
            lang = None
        elif lang is not None:
            body.append(line)
    return out


def table_examples(path: Path) -> list[tuple[int, str]]:
    """The `example` column of the README's command table."""
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| `opengap") and len(cells) >= 3:
            m = re.fullmatch(r"`(opengap .+)`", cells[-1])
            if m:
                out.append((n, m.group(1)))
    return out


def shell_commands(text: str) -> list[list[str]]:
    """Each simple command of a shell block (split at && and ;), comments dropped."""
    commands = []
    for line in text.replace("\\\n", " ").splitlines():
        words = shlex.split(line, comments=True)
        current: list[str] = []
        for w in words:
            if w in ("&&", ";"):
                commands.append(current)
                current = []
            else:
                current.append(w)
        commands.append(current)
    return [c for c in commands if c]


def _skip_reason(argv: list[str]) -> str | None:
    if argv[:2] == ["opengap", "refresh"] and not {"--source", "-s", "--offline"} & set(argv):
        return (
            "a refresh of every source over the real captures (minutes); "
            "tests/integration covers it source by source"
        )
    text = " ".join(argv)
    for prefix, reason in SKIP.items():
        if text == prefix or text.startswith(prefix + " "):
            return reason
    return None


def _examples() -> list:
    params = []
    for path in DOCS:
        rel = path.relative_to(ROOT)
        if path.name == "README.md":
            for n, cmd in table_examples(path):
                argv = shlex.split(cmd)
                params.append(pytest.param("shell", argv, id=f"{rel}:{n}: {cmd}"))
        for lang, n, text in fenced_blocks(path):
            if lang in ("bash", "sh", "shell"):
                for argv in shell_commands(text):
                    params.append(pytest.param("shell", argv, id=f"{rel}:{n}: {' '.join(argv)}"))
            elif lang == "sql":
                params.append(pytest.param("sql", text, id=f"{rel}:{n}: sql"))
    return params


def _help_examples() -> list:
    """The `Example: opengap …` line of the app's and every command's --help."""
    import typer.main

    params = []
    stack = [((), typer.main.get_command(app))]
    while stack:
        path, cmd = stack.pop()
        for m in re.finditer(r"Example: (opengap .+)$", cmd.help or "", re.M):
            for argv in shell_commands(m.group(1)):
                label = " ".join(path) or "opengap"
                params.append(
                    pytest.param("shell", argv, id=f"--help of {label}: {' '.join(argv)}")
                )
        for name, sub in sorted(getattr(cmd, "commands", {}).items()):
            stack.append(((*path, name), sub))
    return params


EXAMPLES = _examples() + _help_examples()


# Process: one warehouse loaded from the bundled snapshot, shared by the read-only examples


def _newest_snapshot() -> Path:
    name = (SNAPSHOTS / "latest").read_text().strip()
    return SNAPSHOTS / name


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    """A folder laid out like a fresh clone's working copy (data/snapshots/ copied, so nothing an
    example writes lands in the repository), with the warehouse loaded from the bundled snapshot."""
    ws = tmp_path_factory.mktemp("examples")
    shutil.copytree(SNAPSHOTS, ws / "data" / "snapshots")
    with pytest.MonkeyPatch.context() as mp:
        _env(mp, ws)
        r = runner.invoke(app, ["load", str(_newest_snapshot()), "--quiet"])
        assert r.exit_code == 0, r.output
    return ws


def _env(mp: pytest.MonkeyPatch, ws: Path) -> None:
    mp.chdir(ws)
    mp.setenv("OPENGAP_DATA", str(ws / "data"))
    mp.setenv("OPENGAP_BOOTSTRAP", "20")
    for name in ("OPENGAP_DB", "OPENGAP_SOURCES", "HF_TOKEN", "GITHUB_TOKEN"):
        mp.delenv(name, raising=False)
    mp.setenv("OPENGAP_HTTP_TIMEOUT", "5")
    mp.setenv("OPENGAP_HTTP_BACKOFF", "0.05")


@pytest.fixture
def ws(workspace, tmp_path, monkeypatch, request):
    """The shared workspace, or a private copy of it for an example that writes."""
    kind, what = request.node.callspec.params["kind"], request.node.callspec.params["what"]
    target = workspace
    if kind == "shell" and len(what) > 1 and what[1] in MUTATING:
        target = tmp_path / "ws"
        shutil.copytree(workspace, target, symlinks=True)
    _env(monkeypatch, target)
    return target


def _expectation(args: list[str]) -> str:
    for key in sorted(EXPECT, key=len, reverse=True):
        if tuple(args[: len(key)]) == key:
            return EXPECT[key]
    raise AssertionError(f"no expected output stated for `opengap {' '.join(args)}`: add to EXPECT")


def _rows(path: Path) -> int:
    con_rows = 0
    if path.exists():
        import duckdb

        con = duckdb.connect(str(path), read_only=True)
        con_rows = con.execute("select count(*) from core.scores").fetchall()[0][0]
        con.close()
    return con_rows


def _python_blocks(card: Path) -> list[str]:
    return [text for lang, _, text in fenced_blocks(card) if lang == "python"]


def run_card_python(card: Path, monkeypatch) -> dict:
    """Run the card's python blocks in the snapshot folder (where a downloaded copy would be);
    every DataFrame they make must hold the rows the manifest lists for its file."""
    import json

    card = card.resolve()
    monkeypatch.chdir(card.parent)
    manifest = json.loads((card.parent / "manifest.json").read_text())
    blocks = _python_blocks(card)
    assert blocks, f"{card} has no python loading example"
    namespace: dict = {}
    for code in blocks:
        for fname in re.findall(r'pl\.read_\w+\("([^"]+)"', code):
            assert fname in manifest["files"], f"{card} loads {fname}, which the snapshot lacks"
        exec(compile(code, str(card), "exec"), namespace)
    frames = {k: v for k, v in namespace.items() if isinstance(v, pl.DataFrame)}
    assert frames
    for name, frame in frames.items():
        (entry,) = [m for f, m in manifest["files"].items() if f.startswith(f"{name}.")][:1]
        assert frame.height == entry["rows"] > 0, name
    return frames


# Check outputs


@pytest.mark.parametrize("kind, what", EXAMPLES)
def test_example_runs(kind, what, ws, request, monkeypatch):
    if kind == "sql":
        r = runner.invoke(app, ["sql", what, "--csv"])
        assert r.exit_code == 0, r.output
        rows = list(csv.reader(io.StringIO(r.stdout)))
        assert len(rows) >= 2, f"the example returns no rows on the bundled data:\n{what}"
        return
    argv = what
    reason = _skip_reason(argv)
    if reason:
        pytest.skip(reason)
    assert argv[0] == "opengap", f"an example runs something other than opengap: {argv}"
    args = argv[1:]
    # an absolute scratch path in an example (`--db /tmp/og.duckdb`) goes into this test's folder
    args = [str(ws / Path(a).name) if a.startswith("/tmp/") else a for a in args]
    expected = _expectation(args)
    scores_before = _rows(ws / "data" / "opengap.duckdb")
    if args[0] == "refresh" and "--offline" not in args:
        request.getfixturevalue("loopback_lmarena")
    if args[0] == "ingest":
        # the example's file (`lmarena_text.csv`, `~/Downloads/lmarena_text.csv`): the fixture of
        # that name, in the working folder
        for i, a in enumerate(args[2:], 2):
            if Path(a).suffix and not a.startswith("-"):
                src = ROOT / "tests" / "fixtures" / args[1] / Path(a).name
                assert src.exists(), f"no fixture {src} for the example's file {a}"
                shutil.copy(src, ws / src.name)
                args[i] = src.name
    if args[0] == "export" and "--out" not in args:
        # the default target is data/snapshots/<today>: on the day the bundled snapshot was made
        # that is the bundled folder itself, which export rightly refuses to overwrite
        import datetime as dt

        today = ws / "data" / "snapshots" / dt.datetime.now(dt.UTC).date().isoformat()
        if today.exists():
            today.rename(today.with_name(today.name + ".bundled"))
    if args[0] == "publish" and "--dry-run" not in args:
        pytest.skip("uploads to the Hugging Face Hub; tests/integration/test_publish.py runs it")
    r = runner.invoke(app, args)
    assert r.exit_code == 0, r.output
    assert "Traceback" not in r.output
    assert "Error:" not in r.output, r.output
    assert expected in r.output, f"`opengap {' '.join(args)}` printed:\n{r.output[:3000]}"
    # nothing an example does shrinks the bundled data
    assert _rows(ws / "data" / "opengap.duckdb") >= scores_before
    if args[0] == "export":
        folder = Path(re.search(r"^Wrote (.+?): \d+ files", r.output, re.M).group(1))
        run_card_python(folder / "README.md", monkeypatch)


@pytest.fixture
def loopback_lmarena(upstream, shared_sources, monkeypatch):
    """The LMArena leaderboard CSV history and the LMArena Space served on loopback (the refresh
    examples name those sources)."""
    from tests.upstreams.lmarena import register_hf_space, register_leaderboard_csv

    register_leaderboard_csv(upstream, shared_sources)
    register_hf_space(upstream, shared_sources)
    for k, v in upstream.env.items():
        monkeypatch.setenv(k, v)
    return upstream


def test_the_documents_hold_examples():
    """Guards the extraction: the README's table and docs/sql.md are read."""
    ids = [p.id for p in EXAMPLES]
    assert sum("README.md:" in i and ": opengap " in i for i in ids) >= 13
    assert sum(i.startswith("docs/sql.md") for i in ids) >= 10


@pytest.mark.parametrize(
    "card",
    [p / "README.md" for p in sorted(SNAPSHOTS.iterdir()) if (p / "README.md").is_file()],
    ids=lambda p: str(p.relative_to(ROOT)),
)
def test_published_data_card_examples_run(card, workspace, tmp_path, monkeypatch):
    run_card_python(card, monkeypatch)
    shells = [t for lang, _, t in fenced_blocks(card) if lang in ("sh", "bash")]
    assert shells
    ws = tmp_path / "ws"
    shutil.copytree(workspace, ws, symlinks=True)
    _env(monkeypatch, ws)
    for text in shells:
        for argv in shell_commands(text):
            assert argv[0] == "opengap"
            r = runner.invoke(app, [*argv[1:], "--db", str(tmp_path / "card.duckdb")])
            assert r.exit_code == 0, r.output
            assert _expectation(argv[1:]) in r.output
            assert _rows(tmp_path / "card.duckdb") > 0
