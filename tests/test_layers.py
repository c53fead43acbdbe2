"""The house is one-way: scrapers ← warehouse ← analysis ← pipeline ← cli. No module imports a
layer above its own (read from the source with ast, every import, also those inside functions)."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LAYERS = ["scrapers", "warehouse", "analysis", "pipeline", "cli"]


def _layer(module: str) -> str | None:
    top = module.split(".")[0]
    return top if top in LAYERS else None


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(node.module)
    return found


def _files(layer: str) -> list[Path]:
    folder = ROOT / layer
    return sorted(folder.rglob("*.py")) if folder.is_dir() else [ROOT / f"{layer}.py"]


def test_no_module_imports_a_layer_above_its_own():
    upward = []
    for rank, layer in enumerate(LAYERS):
        for path in _files(layer):
            for module in _imports(path):
                target = _layer(module)
                if target and LAYERS.index(target) > rank:
                    upward.append(f"{path.relative_to(ROOT)} imports {module}")
    assert upward == []


def test_the_check_sees_an_upward_import(tmp_path):
    bad = tmp_path / "m.py"
    bad.write_text("def f():\n    from analysis import build\n")
    assert _imports(bad) == ["analysis"] and _layer("analysis.build") == "analysis"
