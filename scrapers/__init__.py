"""The sources opengap reads. Each entry names a module with NAME, TABLES, fetch() and parse().

Source key = module = raw folder = staging prefix (`lmarena_hf_space` → `scrapers/lmarena_hf_space.py`
→ `data/raw/lmarena_hf_space/` → `staging.lmarena_hf_space_models`).
"""

from __future__ import annotations

import importlib
import importlib.util
import os
from types import ModuleType

SOURCES: dict[str, str] = {
    "lmarena_hf_space": "scrapers.lmarena_hf_space",
    "lmarena_arena_catalog": "scrapers.lmarena_arena_catalog",
    "lmarena_leaderboard_csv": "scrapers.lmarena_leaderboard_csv",
    "lmarena_leaderboard_dataset": "scrapers.lmarena_leaderboard_dataset",
    "lmarena_elo_history": "scrapers.lmarena_elo_history",
    "lmsys_blog_leaderboard_html": "scrapers.lmsys_blog_leaderboard_html",
    "epoch_benchmarking_hub": "scrapers.epoch_benchmarking_hub",
    "epoch_ai_models": "scrapers.epoch_ai_models",
    "livebench": "scrapers.livebench",
    "aider_leaderboards": "scrapers.aider_leaderboards",
    "open_llm_leaderboard": "scrapers.open_llm_leaderboard",
    "llm_stats": "scrapers.llm_stats",
    "hf_cards": "scrapers.hf_cards",
    "artificial_analysis": "scrapers.artificial_analysis",
    "swe_bench": "scrapers.swe_bench",
    "weirdml": "scrapers.weirdml",
    "epoch_open_model_trends": "scrapers.epoch_open_model_trends",
}


def load(name: str) -> ModuleType:
    try:
        return importlib.import_module(SOURCES[name])
    except KeyError:
        raise KeyError(name) from None


def registered() -> list[str]:
    """Every registered source whose module is present, whatever OPENGAP_SOURCES says: a build
    loads them all (a subset limits what is fetched, never what the warehouse keeps)."""
    return [n for n, mod in SOURCES.items() if importlib.util.find_spec(mod) is not None]


def names() -> list[str]:
    """Registered sources whose module is present (a source lands with its module).

    ``OPENGAP_SOURCES=a,b`` limits opengap to those sources (say, to leave one out while it is broken).
    """
    only = {s.strip() for s in os.environ.get("OPENGAP_SOURCES", "").split(",") if s.strip()}
    return [
        n
        for n, mod in SOURCES.items()
        if (not only or n in only) and importlib.util.find_spec(mod) is not None
    ]
