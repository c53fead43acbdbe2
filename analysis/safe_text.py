"""Text from upstreams made safe for where it is shown: spreadsheets, Markdown, terminals.

Model names, column headers and error messages come from files and servers we do not control. Each
place that shows them to a person applies one rule here:

- CSV cells: a cell starting with ``=``, ``+``, ``-``, ``@``, tab or carriage return is a formula to
  Excel, LibreOffice and Google Sheets (``=HYPERLINK(...)`` runs on click). OWASP's CSV-injection rule:
  prefix a single quote. Numbers stay numbers (``-1.5`` is a value, not a formula).
- Markdown: raw HTML (``<script>``, ``<img onerror=...>``) passes through Markdown renderers, so
  ``<``, ``>`` and ``&`` are written as entities, and table pipes and newlines cannot break a row.
- Terminals: escape sequences (ESC, CSI, OSC: clear screen, retitle the window, hyperlinks, fake
  prompts) and other control characters are shown as ``\\xNN`` text, and rich markup in data is not
  interpreted (``SafeConsole`` defaults to ``markup=False``).
"""

from __future__ import annotations

import re

from rich.console import Console
from rich.segment import Segment

# -- spreadsheets ------------------------------------------------------------------------------
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def csv_cell(value: str) -> str:
    """A text cell a spreadsheet will not run: a leading ``= + - @`` (or tab, CR) gets a ``'``
    prefix, unless the whole cell is a plain number such as ``-1.5``."""
    if value and value.startswith(FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def neutralise_csv_frame(frame):
    """The polars frame with every text column passed through ``csv_cell`` (other types as they
    are). For the CSV writer only: Parquet and the warehouse keep the names as upstream wrote them.

    The one-line call for ``analysis.export._write_table``: ``frame = neutralise_csv_frame(frame)``
    right before ``frame.write_csv(...)``."""
    import polars as pl

    text = [c for c, t in frame.schema.items() if t == pl.String]
    if not text:
        return frame
    return frame.with_columns(
        pl.col(c).map_elements(csv_cell, return_dtype=pl.String, skip_nulls=True) for c in text
    )


# -- Markdown ----------------------------------------------------------------------------------
def markdown_text(value: object) -> str:
    """Data shown in Markdown (a table cell or a sentence): no raw HTML, no broken table row."""
    text = "" if value is None else str(value)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("|", "\\|").replace("\r", " ").replace("\n", " ")
    return terminal_text(text)


# -- terminals ---------------------------------------------------------------------------------
# C0 controls except tab and newline, DEL, and the C1 controls (U+009B is a one-character CSI)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def terminal_text(value: object) -> str:
    """The text with every control character shown as ``\\xNN``: nothing in it moves the cursor,
    clears the screen, sets a title or a hyperlink."""
    text = "" if value is None else str(value)
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


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
        clean = (
            seg if seg.control else Segment(terminal_text(seg.text), seg.style, seg.control)
            for seg in buffer
        )
        return super()._render_buffer(clean)
