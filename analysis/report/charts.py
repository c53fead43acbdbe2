"""Charts drawn with matplotlib and embedded in the report as inline SVG (no network, no JS).

Each chart is cached as an SVG file keyed by a hash of its input data, the code in this module and
the matplotlib version (`cached`): a report over unchanged tables reads the stored SVGs and never
imports matplotlib. Text is laid out so that nothing collides: legends sit outside the plotting
area, the source line below everything else, and model labels are placed where they overlap no
other text (a label that fits nowhere is left out; the table beside the chart names every model).
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path

OPEN_COLOR = "#1b9e77"
PROP_COLOR = "#7570b3"
GAP_COLOR = "#d95f02"
COUNT_COLOR = "#888888"

_STYLE = {
    "figure.dpi": 100,
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "svg.fonttype": "none",  # text stays text in the SVG: searchable, selectable
    "svg.hashsalt": "opengap",  # stable element ids: the same data gives the same bytes
}
_PLT = None


def _plt():
    """matplotlib, imported on the first chart actually drawn (a warm report draws none)."""
    global _PLT
    if _PLT is None:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        plt.rcParams.update(_STYLE)
        _PLT = plt
    return _PLT


# Cache ------------------------------------------------------------------------------------------


def _code_version() -> str:
    try:
        mpl = metadata.version("matplotlib")
    except metadata.PackageNotFoundError:  # pragma: no cover
        mpl = "?"
    return hashlib.sha256(Path(__file__).read_bytes() + mpl.encode()).hexdigest()


_VERSION: str | None = None


def chart_key(kind: str, args: tuple, kwargs: dict) -> str:
    """sha256 of the chart kind, its input data (repr of dates, floats and strings is exact and
    stable) and the drawing code."""
    global _VERSION
    if _VERSION is None:
        _VERSION = _code_version()
    payload = repr((kind, args, sorted(kwargs.items()), _VERSION)).encode()
    return hashlib.sha256(payload).hexdigest()


def cached(cache_dir: Path | None, draw: Callable[..., str], *args, **kwargs) -> str:
    """draw(*args, **kwargs), or the SVG stored under the hash of its inputs in cache_dir."""
    if cache_dir is None:
        return draw(*args, **kwargs)
    key = chart_key(draw.__name__, args, kwargs)
    path = cache_dir / f"{draw.__name__}-{key[:32]}.svg"
    try:
        svg = path.read_text(encoding="utf-8")
        if svg.startswith("<svg") and svg.rstrip().endswith("</svg>"):
            os.utime(path)  # in use: kept by prune
            return svg
    except OSError:
        pass
    svg = draw(*args, **kwargs)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=cache_dir, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(svg)
        os.replace(tmp, path)  # atomic: a reader never sees half a chart
    except OSError:
        pass  # a read-only or full disk only costs the next report a redraw
    return svg


def prune(cache_dir: Path, max_age_days: float = 30.0) -> int:
    """Delete stored charts no report has used for max_age_days (and stray temp files)."""
    import time

    if not cache_dir.is_dir():
        return 0
    cutoff = time.time() - max_age_days * 86400
    removed = 0
    for path in cache_dir.iterdir():
        if path.suffix in (".svg", ".tmp") and path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


# Layout helpers ---------------------------------------------------------------------------------


def to_svg(fig, title: str) -> str:
    plt = _plt()
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Title": title, "Date": None})
    plt.close(fig)
    svg = buf.getvalue()
    start = svg.find("<svg")
    return svg[start:]


def _date_axis(ax) -> None:
    import matplotlib.dates as mdates

    locator = mdates.AutoDateLocator(minticks=3, maxticks=8)
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))


def _legend_above(ax, handles=None, ncol: int = 4):
    """Legend in one row between the title and the plot: never over the data."""
    kw = {} if handles is None else {"handles": handles, "labels": [h.get_label() for h in handles]}
    return ax.legend(
        loc="lower left",
        bbox_to_anchor=(0.0, 1.01),
        ncol=ncol,
        frameon=False,
        fontsize=7.5,
        borderaxespad=0.0,
        handlelength=1.6,
        columnspacing=1.2,
        **kw,
    )


def _title(ax, text: str, legend_rows: int = 1) -> None:
    # the legend row(s) sit right above the axes; the title goes above them
    ax.set_title(text, loc="left", pad=6 + 14 * legend_rows, fontsize=10)


def _footer(ax, sources: str, as_of: str) -> None:
    """The source line, below the x-axis label and tick labels (measured, not guessed)."""
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    boxes = [a.get_tightbbox(renderer) for a in fig.axes]
    bottom = min(b.y0 for b in boxes if b is not None)
    y = fig.transFigure.inverted().transform((0, bottom - 4))[1]
    fig.text(
        0.01,
        y,
        f"Source: {sources}. Data as of {as_of}. opengap.",
        fontsize=7,
        color="#555",
        va="top",
    )


def _overlaps(box, placed, pad: float = 2.0) -> bool:
    return any(
        box.x0 < o.x1 + pad and o.x0 < box.x1 + pad and box.y0 < o.y1 + pad and o.y0 < box.y1 + pad
        for o in placed
    )


def _inside(box, area) -> bool:
    return box.x0 >= area.x0 and box.x1 <= area.x1 and box.y0 >= area.y0 and box.y1 <= area.y1


# A white box behind a label keeps it readable where it crosses a frontier line or points.
_HALO = {"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.8}

# Offsets (points) tried in turn for a model label: right-above, right-below, left-above, ...
_LABEL_OFFSETS = [(4, 3), (4, -11), (-4, 3), (-4, -11), (4, 13), (4, -21), (-4, 13), (-4, -21)]


def _place_labels(ax, labels: list[tuple], taken: list) -> int:
    """Annotate each (x, y, text, color) where it collides with no placed text and stays inside the
    axes; labels earlier in the list win. Returns how many were left out."""
    renderer = ax.figure.canvas.get_renderer()
    area = ax.get_window_extent(renderer)
    dropped = 0
    for x, y, text, color in labels:
        for dx, dy in _LABEL_OFFSETS:
            ann = ax.annotate(
                text,
                (x, y),
                xytext=(dx, dy),
                textcoords="offset points",
                fontsize=6.5,
                color=color,
                ha="left" if dx > 0 else "right",
                annotation_clip=True,
                bbox=_HALO,
            )
            box = ann.get_window_extent(renderer)
            if _inside(box, area) and not _overlaps(box, taken):
                taken.append(box)
                break
            ann.remove()
        else:
            dropped += 1
    return dropped


def _text_boxes(fig) -> list:
    renderer = fig.canvas.get_renderer()
    out = []
    for ax in fig.axes:
        for t in [*ax.texts, ax.xaxis.label, ax.yaxis.label, ax.title]:
            if t.get_text():
                out.append(t.get_window_extent(renderer))
        leg = ax.get_legend()
        if leg is not None:
            out.append(leg.get_window_extent(renderer))
    return out


# Charts -----------------------------------------------------------------------------------------


def arena_gap_chart(
    dates: Sequence, gaps: Sequence[float], win: Sequence[float], sources: str, as_of: str
) -> str:
    plt = _plt()
    fig, ax = plt.subplots(figsize=(8, 3.6))
    (gap_line,) = ax.plot(
        dates, gaps, marker="o", ms=3, color=GAP_COLOR, label="gap, rating points (left axis)"
    )
    ax.set_ylabel("top proprietary − top open\n(rating points)")
    ax.set_xlabel("Arena snapshot date")
    ax2 = ax.twinx()
    (win_line,) = ax2.plot(
        dates,
        [w * 100 for w in win],
        marker="s",
        ms=3,
        ls="--",
        color=PROP_COLOR,
        label="P(proprietary wins), % (right axis)",
    )
    ax2.set_ylabel("implied head-to-head\nwin probability (%)")
    ax2.axhline(50, color="#999", lw=0.8, ls=":")
    ax2.spines["right"].set_visible(True)
    _legend_above(ax, [gap_line, win_line], ncol=2)
    _title(ax, "LMArena text: top proprietary vs top open model, within each snapshot")
    _date_axis(ax)
    fig.canvas.draw()
    _footer(ax, sources, as_of)
    return to_svg(fig, "Arena gap")


def frontier_chart(
    title: str,
    unit_label: str,
    points: dict[str, list[tuple]],
    frontier: dict[str, list[tuple]],
    labels: list[tuple],
    lag_arrow: tuple | None,
    sources: str,
    as_of: str,
) -> str:
    """points/frontier: side → [(date, score)], labels: [(date, score, text, side)] in order of
    priority (the first placed first), lag_arrow: (from_date, to_date, level, text) drawn
    horizontally at the open frontier level."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(8, 4.0))
    for side, color, name in (
        ("proprietary", PROP_COLOR, "proprietary"),
        ("open", OPEN_COLOR, "open weights"),
    ):
        pts = points.get(side) or []
        if pts:
            ax.scatter(
                [p[0] for p in pts],
                [p[1] for p in pts],
                s=10,
                alpha=0.35,
                color=color,
                label=f"{name} models",
            )
        fr = frontier.get(side) or []
        if fr:
            ax.step(
                [p[0] for p in fr],
                [p[1] for p in fr],
                where="post",
                color=color,
                lw=2,
                label=f"{name} frontier",
            )
    ax.set_xlabel("model release date")
    ax.set_ylabel(unit_label)
    _date_axis(ax)
    _legend_above(ax)
    _title(ax, title)
    ax.margins(x=0.04, y=0.12)  # room inside the axes for labels at the extremes
    fig.canvas.draw()
    taken = _text_boxes(fig)
    if lag_arrow:
        frm, to, level, text = lag_arrow
        ax.annotate(
            "",
            xy=(to, level),
            xytext=(frm, level),
            arrowprops={"arrowstyle": "<->", "color": GAP_COLOR, "lw": 1.5},
        )
        mid = frm + (to - frm) / 2
        renderer = fig.canvas.get_renderer()
        area = ax.get_window_extent(renderer)
        placed = None
        for dy, va in ((3, "bottom"), (-3, "top")):
            t = ax.annotate(
                text,
                (mid, level),
                xytext=(0, dy),
                textcoords="offset points",
                ha="center",
                va=va,
                color=GAP_COLOR,
                fontsize=8,
                fontweight="bold",
                bbox=_HALO,
            )
            box = t.get_window_extent(renderer)
            if _inside(box, area) and not _overlaps(box, taken):
                placed = box
                break
            t.remove()
        if placed is None:  # no room by the arrow: the lag goes into the title
            ax.set_title(f"{title} ({text})", loc="left", pad=20, fontsize=10)
        else:
            taken.append(placed)
    _place_labels(
        ax,
        [(d, s, text, OPEN_COLOR if side == "open" else PROP_COLOR) for d, s, text, side in labels],
        taken,
    )
    _footer(ax, sources, as_of)
    return to_svg(fig, title)


def history_chart(
    title: str, dates, mid, lo, hi, counts, ylabel: str, min_count: int, sources: str, as_of: str
) -> str:
    """The pooled lag over time with its 90% band, and below it how many benchmarks stand behind
    each month's median (a bar per month, the minimum drawn as a dashed line)."""
    plt = _plt()
    fig, (ax, axn) = plt.subplots(
        2, 1, figsize=(8, 4.4), sharex=True, gridspec_kw={"height_ratios": [3, 1], "hspace": 0.12}
    )
    band = ax.fill_between(dates, lo, hi, color=GAP_COLOR, alpha=0.2, label="90% interval")
    (line,) = ax.plot(dates, mid, color=GAP_COLOR, lw=2, label="median lag across benchmarks")
    ax.set_ylabel(ylabel)
    ax.axhline(0, color="#999", lw=0.8)
    _legend_above(ax, [line, band], ncol=2)
    _title(ax, title)
    width = 20  # days: one bar per month
    axn.bar(dates, counts, width=width, color=COUNT_COLOR)
    axn.axhline(min_count, color="#555", lw=0.8, ls="--")
    axn.set_ylabel("benchmarks")
    axn.set_ylim(0, max([*counts, min_count]) * 1.15)
    axn.set_xlabel("date (each point: the median over the benchmarks counted that month)")
    _date_axis(axn)
    fig.canvas.draw()
    _footer(axn, sources, as_of)
    return to_svg(fig, title)


def band_chart(title: str, dates, mid, lo, hi, ylabel: str, sources: str, as_of: str) -> str:
    plt = _plt()
    fig, ax = plt.subplots(figsize=(8, 3.4))
    band = ax.fill_between(dates, lo, hi, color=GAP_COLOR, alpha=0.2, label="90% interval")
    (line,) = ax.plot(dates, mid, color=GAP_COLOR, lw=2, label="median lag across benchmarks")
    ax.set_xlabel("date")
    ax.set_ylabel(ylabel)
    ax.axhline(0, color="#999", lw=0.8)
    _legend_above(ax, [line, band], ncol=2)
    _title(ax, title)
    _date_axis(ax)
    fig.canvas.draw()
    _footer(ax, sources, as_of)
    return to_svg(fig, title)


def sensitivity_chart(labels: list[str], mid, lo, hi, xlabel: str, sources: str, as_of: str) -> str:
    plt = _plt()
    fig, ax = plt.subplots(figsize=(8, 0.32 * len(labels) + 1.4))
    y = list(range(len(labels)))
    ax.errorbar(
        mid,
        y,
        xerr=[
            [m - low for m, low in zip(mid, lo, strict=True)],
            [h - m for m, h in zip(mid, hi, strict=True)],
        ],
        fmt="o",
        color=GAP_COLOR,
        ecolor="#999",
        capsize=3,
        label="headline lag, 90% interval",
    )
    ax.set_yticks(y, labels, fontsize=7.5)
    ax.set_ylim(len(labels) - 0.5, -0.5)
    ax.set_xlabel(xlabel)
    _legend_above(ax, ncol=1)
    _title(ax, "Sensitivity: the headline lag under each analysis choice")
    fig.canvas.draw()
    _footer(ax, sources, as_of)
    return to_svg(fig, "Sensitivity")
