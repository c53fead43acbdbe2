"""Every third-party module the project imports is a declared requirement, with bounds that exclude
untested major versions, and the installed (tested) version lies inside them.

The imports are read from the source with `ast` (no hand list): a module imported anywhere but not
declared works only where it happens to be installed already (rapidfuzz did, until a fresh install
of `opengap models unmatched` crashed)."""

from __future__ import annotations

import ast
import importlib.metadata as md
import re
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.version import Version

ROOT = Path(__file__).resolve().parent.parent
PACKAGED = ("cli.py", "analysis", "warehouse", "scrapers")  # what `pip install .` ships
DEV = ("tests", "bench", "scripts")  # run from a checkout with the `test` extra


def _canon(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pyproject() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def _requirements(extra: str | None = None) -> list[Requirement]:
    project = _pyproject()["project"]
    specs = project["dependencies"] if extra is None else project["optional-dependencies"][extra]
    return [Requirement(s) for s in specs]


def _files(roots: tuple[str, ...]) -> list[Path]:
    out = []
    for r in roots:
        p = ROOT / r
        out += [p] if p.is_file() else sorted(p.rglob("*.py"))
    return out


def _first_party() -> set[str]:
    # top-level modules and folders of .py files (scripts/ is a namespace package bench imports)
    names = {p.stem for p in ROOT.glob("*.py")}
    names |= {p.name for p in ROOT.iterdir() if p.is_dir() and any(p.glob("*.py"))}
    return names


def _third_party_imports(files: list[Path]) -> dict[str, set[str]]:
    """top-level module -> files importing it, leaving out the standard library, the project's own
    packages and sibling modules a script imports by its folder (bench/_common.py)."""
    own = _first_party()
    found: dict[str, set[str]] = {}
    for f in files:
        siblings = {p.stem for p in f.parent.glob("*.py")}
        for node in ast.walk(ast.parse(f.read_bytes(), filename=str(f))):
            if isinstance(node, ast.Import):
                mods = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                mods = [node.module]
            else:
                continue
            for m in mods:
                top = m.split(".")[0]
                if top in sys.stdlib_module_names or top in own or top in siblings:
                    continue
                found.setdefault(top, set()).add(str(f.relative_to(ROOT)))
    return found


def _undeclared(files: list[Path], declared: set[str]) -> list[str]:
    dists = md.packages_distributions()
    problems = []
    for mod, where in sorted(_third_party_imports(files).items()):
        owners = {_canon(d) for d in dists.get(mod, [])}
        if not owners:
            problems.append(f"{mod} (imported in {', '.join(sorted(where))}) is not installed")
        elif not owners & declared:
            problems.append(
                f"{mod} (imported in {', '.join(sorted(where))}) comes from "
                f"{', '.join(sorted(owners))}, not a declared requirement"
            )
    return problems


def test_the_import_walk_sees_known_third_party_imports():
    # guards the walk itself: these are imported today, inside functions as well as at the top
    found = _third_party_imports(_files(PACKAGED))
    assert {"duckdb", "polars", "typer", "rapidfuzz", "yaml", "bs4"} <= set(found)
    assert "warehouse" not in found and "json" not in found
    assert "warehouse/registry_cli.py" in found["rapidfuzz"]


def _optional_features() -> list[Requirement]:
    """Extras other than `test`: optional features a user installs by name (opengap[validate])."""
    extras = _pyproject()["project"]["optional-dependencies"]
    return [r for name in extras if name != "test" for r in _requirements(name)]


def test_every_import_of_the_installed_package_is_a_runtime_requirement():
    declared = {_canon(r.name) for r in _requirements() + _optional_features()}
    assert _undeclared(_files(PACKAGED), declared) == []


def test_every_import_of_tests_bench_and_scripts_is_declared_with_the_test_extra():
    declared = {_canon(r.name) for r in _requirements() + _requirements("test")}
    assert _undeclared(_files(DEV), declared) == []


@pytest.mark.parametrize("extra", [None, *_pyproject()["project"]["optional-dependencies"]])
def test_each_requirement_is_bounded_and_the_tested_version_is_inside(extra):
    problems = []
    for req in _requirements(extra):
        uppers = [s for s in req.specifier if s.operator in ("<", "<=", "~=", "==")]
        if not uppers:
            problems.append(f"{req}: no upper bound (an untested major version could install)")
        try:
            installed = Version(md.version(req.name))
        except md.PackageNotFoundError:
            problems.append(f"{req}: not installed here")
            continue
        if not req.specifier.contains(installed, prereleases=True):
            problems.append(f"{req}: the tested version {installed} is outside the bounds")
    assert problems == []
