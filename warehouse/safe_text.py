"""Text from upstreams made safe for where it is shown: spreadsheets, Markdown, terminals.

Model names, column headers and error messages come from files and servers we do not control. Each
place that shows them to a person applies one rule here:

- CSV cells: a cell starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return is a formula to
  Excel, LibreOffice and Google Sheets (``=HYPERLINK(...)`` runs on click). OWASP's CSV-injection rule:
  prefix a single quote. Numbers stay numbers (``-1.5`` is a value, not a formula). Only the CSV
  files: Parquet and the warehouse keep every name as upstream wrote it.
- Markdown: raw HTML (``<script>``, ``<img onerror=...>``) passes through Markdown renderers, so
  ``<``, ``>`` and ``&`` are written as entities, and table pipes and newlines cannot break a row.
- Terminals: escape sequences (ESC, CSI, OSC: clear screen, retitle the window, hyperlinks, fake
  prompts) and other control characters are shown as ``\\xNN`` text, and rich markup in data is not
  interpreted (``SafeConsole`` defaults to ``markup=False``); a token of this process
  (``HF_TOKEN``, ``GITHUB_TOKEN``) that a file or server echoes back prints as ``***``.
"""

from __future__ import annotations

import re

from rich.console import Console
from rich.segment import Segment

from scrapers.settings import redact_known, secret_values

# -- spreadsheets ------------------------------------------------------------------------------
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def csv_cell(value: str) -> str:
    """A text cell a spreadsheet will not run: a leading ``= + - @`` (or tab, CR) gets a ``'``
    prefix, unless the whole cell is a plain number such as ``-1.5``."""
    if value and value.startswith(FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


# the same rule in SQL, for the CSVs DuckDB writes with COPY
_FORMULA_SQL = r"^[=+\-@\t\r]"
_NUMBER_SQL = r"^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?$"
TEXT_TYPES = ("VARCHAR", "TEXT", "STRING")


def csv_column_sql(column: str, duck_type: str) -> str:
    """A select item for ``column`` in a CSV export: a text column passes through the
    ``csv_cell`` rule in SQL (and is named ``column`` again), any other type is selected as is.

    The one-line call for ``analysis.export._write_table``: build ``select_csv`` from
    ``csv_column_sql(c, pub.columns[c])`` where it now has the bare ``c``."""
    if duck_type.upper() not in TEXT_TYPES:
        return column
    return (
        f"case when regexp_matches({column}, '{_FORMULA_SQL}') "
        f"and not regexp_matches({column}, '{_NUMBER_SQL}') "
        f"then '''' || {column} else {column} end as {column}"
    )


def csv_cell_undo_sql(column: str) -> str:
    """The inverse of `csv_column_sql` for a text column read back from a published CSV: a leading
    quote before a formula character comes off."""
    return (
        f"case when regexp_matches({column}, '^''[=+\\-@\t\r]') then substr({column}, 2) "
        f"else {column} end"
    )


# -- Markdown ----------------------------------------------------------------------------------
def markdown_text(value: object) -> str:
    """Data shown in Markdown (a table cell or a sentence): no raw HTML, no broken table row."""
    text = "" if value is None else str(value)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("|", "\\|").replace("\r", " ").replace("\n", " ")
    return terminal_text(text)


def code_span_text(value: object) -> str:
    """Data inside a Markdown code span (`` `…` ``): HTML there is shown as text, so only a
    backtick or a line break could end the span early."""
    text = "" if value is None else str(value)
    return terminal_text(text.replace("`", "'").replace("\r", " ").replace("\n", " "))


# -- terminals ---------------------------------------------------------------------------------
# C0 controls except tab and newline, DEL, and the C1 controls (U+009B is a one-character CSI)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def terminal_text(value: object) -> str:
    """The text with every control character shown as ``\\xNN``: nothing in it moves the cursor,
    clears the screen, sets a title or a hyperlink."""
    text = "" if value is None else str(value)
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def write_stdout(text: str) -> None:
    """Write a result (CSV, a card) to stdout: byte for byte into a pipe or file, but with control
    characters shown as ``\\xNN`` and known tokens as ``***`` when stdout is a terminal."""
    import sys

    if sys.stdout.isatty():
        text = terminal_text(redact_known(text, secret_values()))
    sys.stdout.write(text)


class SafeConsole(Console):
    """A rich Console that never writes a control character it did not make itself.

    Markup is off by default (data with ``[link=…]`` or ``[bold]`` prints as written; pass
    ``markup=True`` for a literal you wrote). Every text segment is cleaned just before output,
    so tables, progress lines and error messages are all covered; rich's own styling (control
    segments and styles) is emitted as usual."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("markup", False)
        super().__init__(*args, **kwargs)

    def _render_buffer(self, buffer):  # rich's one place where segments become output text
        secrets = secret_values()
        clean = (
            seg
            if seg.control
            else Segment(terminal_text(redact_known(seg.text, secrets)), seg.style, seg.control)
            for seg in buffer
        )
        return super()._render_buffer(clean)
