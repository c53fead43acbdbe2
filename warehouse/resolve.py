"""Name resolution: map every (source, name as published) to one opengap model_id.

Foundation rules, in order (the model-registry work replaces these with curated data and lineage):
1. the source's own stable key (arena key) normalised;
2. a display name that LMArena's Space tables pair with exactly one arena key;
3. the normalised display name.
The normalisation is lower case with every run of non-alphanumerics turned into one '-'.
"""

from __future__ import annotations

import re

import polars as pl

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def normalise(name: str | None) -> str | None:
    if name is None:
        return None
    # '+' is part of a name (Command R+ is not Command R): spell it before dropping punctuation
    s = name.strip().lower().replace("+", " plus ")
    s = _NON_ALNUM.sub("-", s).strip("-")
    return s or None


def resolve(names: pl.DataFrame, bridges: pl.DataFrame) -> pl.DataFrame:
    """names: (source, source_model_name, model_key); bridges: (display_name, model_key) pairs.

    Returns core.model_aliases rows: source, source_model_name, model_key, model_id, method, confidence, evidence.
    """
    bridge_map: dict[str, set[str]] = {}
    for display, key in bridges.select("display_name", "model_key").iter_rows():
        nd, nk = normalise(display), normalise(key)
        if nd and nk:
            bridge_map.setdefault(nd, set()).add(nk)
    rows = []
    for source, name, key in names.select("source", "source_model_name", "model_key").iter_rows():
        nk = normalise(key)
        nn = normalise(name)
        if nk:
            rows.append((source, name, key, nk, "exact_key", 1.0, f"source key {key!r}"))
        elif nn in bridge_map and len(bridge_map[nn]) == 1:
            target = next(iter(bridge_map[nn]))
            method = "normalised" if target == nn else "rule"
            rows.append(
                (
                    source,
                    name,
                    key,
                    target,
                    method,
                    0.98,
                    f"LMArena Space pairs {name!r} with key {target!r}",
                )
            )
        elif nn:
            rows.append((source, name, key, nn, "normalised", 0.9, f"normalised name {nn!r}"))
    return pl.DataFrame(
        rows,
        schema={
            "source": pl.String,
            "source_model_name": pl.String,
            "model_key": pl.String,
            "model_id": pl.String,
            "method": pl.String,
            "confidence": pl.Float64,
            "evidence": pl.String,
        },
        orient="row",
    ).unique(subset=["source", "source_model_name", "model_key"], keep="first", maintain_order=True)
