"""The sources opengap reads. Each entry names a module with NAME, TABLES, fetch() and parse().

Source key = module = raw folder = staging prefix (`lmarena_hf_space` → `scrapers/lmarena_hf_space.py`
→ `data/raw/lmarena_hf_space/` → `staging.lmarena_hf_space_models`).
"""

from __future__ import annotations

import importlib
from types import ModuleType

SOURCES: dict[str, str] = {
    "lmarena_hf_space": "scrapers.lmarena_hf_space",
    "lmarena_arena_catalog": "scrapers.lmarena_arena_catalog",
    "lmarena_leaderboard_csv": "scrapers.lmarena_leaderboard_csv",
    "lmsys_blog_leaderboard_html": "scrapers.lmsys_blog_leaderboard_html",
}


def load(name: str) -> ModuleType:
    try:
        return importlib.import_module(SOURCES[name])
    except KeyError:
        raise KeyError(name) from None


def names() -> list[str]:
    return list(SOURCES)
