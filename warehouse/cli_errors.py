"""One clear line, exit 1, for the failures a person can act on, instead of a traceback.

A damaged warehouse file (DuckDB: "Corrupt database file", "not a valid DuckDB database file"), a
full disk, a file name the file system refuses, a network failure while publishing: each is said
in one line with what to try. Programming errors still raise with their traceback, and
``OPENGAP_DEBUG=1`` shows the traceback for these too.
"""

from __future__ import annotations

import errno
import os
import sys

import typer
from typer.core import TyperGroup

from scrapers.settings import redact_secrets
from warehouse.safe_text import SafeConsole, terminal_text


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _shorten(name: object, limit: int = 120) -> str:
    text = str(name)
    return text if len(text) <= limit else f"{text[: limit - 1]}…"


def one_line(exc: BaseException) -> str | None:
    """The message for ``exc`` if it is one of the known environment failures, else None."""
    # duckdb only if a command loaded it: importing it here would slow `opengap --help` ~40 ms
    duckdb = sys.modules.get("duckdb")
    if duckdb is not None and isinstance(exc, duckdb.Error):
        from warehouse.db import damaged_message

        first = _first_line(exc)
        if damaged := damaged_message(None, first):
            return damaged
        if isinstance(exc, duckdb.IOException) and "space" in first.lower():
            return (
                f"no space left on the disk ({first}). Free some space and run the command again."
            )
        return f"DuckDB: {first}"
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        where = f"{_shorten(exc.filename)}: " if exc.filename else ""
        return f"{where}no space left on the device. Free some space and run the command again."
    if isinstance(exc, OSError) and exc.errno == errno.ENAMETOOLONG:
        longest = max((len(p.encode()) for p in str(exc.filename or "").split(os.sep)), default=0)
        return (
            f"{_shorten(exc.filename)}: file name too long (a name of {longest} bytes; most file "
            "systems allow 255 per name and 4,096 per path). Choose a shorter name."
        )
    if isinstance(exc, OSError) and exc.errno in (errno.EACCES, errno.EROFS, errno.EDQUOT):
        return (
            f"{_shorten(exc.filename)}: {exc.strerror}. Check the folder's permissions and space."
        )
    return None


class OneLineErrors(TyperGroup):
    """The app's command group: known environment failures become ``Error: …`` and exit 1."""

    def invoke(self, ctx: typer.Context):
        try:
            return super().invoke(ctx)
        # typer 0.29 vendors click: its exits and usage errors are typer's classes, not click's
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise
        except Exception as exc:
            message = one_line(exc)
            if message is None or os.environ.get("OPENGAP_DEBUG"):
                raise
            err = SafeConsole(stderr=True, soft_wrap=True)
            err.print(f"Error: {terminal_text(redact_secrets(message))}", highlight=False)
            raise typer.Exit(1) from None
