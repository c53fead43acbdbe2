"""Shared fixtures: the loopback upstream, temp data dirs, and the real captures (skipped when absent)."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from tests.upstreams import SHARED_SOURCES, Upstream

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(autouse=True)
def _small_bootstrap(monkeypatch):
    """Tests check the estimators' wiring, not their intervals: few resamples keep builds quick."""
    import os

    if "OPENGAP_BOOTSTRAP" not in os.environ:
        monkeypatch.setenv("OPENGAP_BOOTSTRAP", "20")


def pytest_addoption(parser):
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite tests/golden/* from the current output",
    )


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


@pytest.fixture
def shared_sources() -> Path:
    if not SHARED_SOURCES.is_dir():
        pytest.skip(f"real captures not present at {SHARED_SOURCES} (a fresh clone has none)")
    return SHARED_SOURCES


@pytest.fixture
def upstream(monkeypatch):
    up = Upstream().start()
    yield up
    up.stop()


def apply_env(monkeypatch, up: Upstream) -> None:
    for k, v in up.env.items():
        monkeypatch.setenv(k, v)


@pytest.fixture
def full_upstream(upstream, shared_sources, monkeypatch) -> Upstream:
    """Every source's captures served from loopback, with the env pointing every source at it."""
    for name in sorted(p.stem for p in (Path(__file__).parent / "upstreams").glob("*.py")):
        if name.startswith("_"):
            continue
        importlib.import_module(f"tests.upstreams.{name}").register(upstream, shared_sources)
    apply_env(monkeypatch, upstream)
    return upstream


@pytest.fixture
def workdir(tmp_path, monkeypatch) -> Path:
    """An isolated data dir: raw store and warehouse under tmp_path."""
    monkeypatch.setenv("OPENGAP_DATA", str(tmp_path / "data"))
    monkeypatch.setenv("OPENGAP_DB", str(tmp_path / "data" / "opengap.duckdb"))
    monkeypatch.delenv("HF_TOKEN", raising=False)
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    # fail fast against the loopback server: few, short retries
    monkeypatch.setenv("OPENGAP_HTTP_TIMEOUT", "5")
    monkeypatch.setenv("OPENGAP_HTTP_BACKOFF", "0.05")
    return tmp_path
