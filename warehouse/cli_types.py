"""Parameter types shared by the command line (cli.py) and the models commands (registry_cli.py):
typer checks them before any work and answers a bad value with exit 2 and the valid values."""

from __future__ import annotations

import datetime as dt
import importlib.util
from enum import Enum

import typer

import scrapers

# every registered source whose module is present (scrapers.names() also applies OPENGAP_SOURCES,
# which limits a run, not what a name may be). An Enum, not a Literal: typer takes no list of
# Literal; members are str, `.value` is the key.
SourceName = Enum(
    "SourceName",
    {n: n for n, mod in scrapers.SOURCES.items() if importlib.util.find_spec(mod) is not None},
    type=str,
)


def iso_date(value: str | dt.date) -> dt.date:
    """typer `parser=` for YYYY-MM-DD options."""
    if isinstance(value, dt.date):
        return value
    from scrapers._types import check_date

    try:  # strictly YYYY-MM-DD (Python also reads 20250101 and 2025-W01-1: not accepted here)
        return dt.date.fromisoformat(check_date(value))
    except ValueError:
        raise typer.BadParameter(f"{value!r}: expected YYYY-MM-DD, e.g. 2025-01-01.") from None
