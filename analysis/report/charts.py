"""Charts drawn with matplotlib and embedded in the report as inline SVG (no network, no JS)."""

from __future__ import annotations

import io
from collections.abc import Sequence

import matplotlib

matplotlib.use("Agg")
import matplotlib.dates as mdates  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402

OPEN_COLOR = "#1b9e77"
PROP_COLOR = "#7570b3"
GAP_COLOR = "#d95f02"

plt.rcParams.update(
    {
        "figure.dpi": 100,
        "font.size": 9,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "svg.fonttype": "none",  # text stays text in the SVG: searchable, selectable
    }
)


def to_svg(fig, title: str) -> str:
    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Title": title, "Date": None})
    plt.close(fig)
    svg = buf.getvalue()
    start = svg.find("<svg")
    return svg[start:]


def _footer(ax, sources: str, as_of: str) -> None:
    ax.figure.text(
        0.01, -0.02, f"Source: {sources}. Data as of {as_of}. opengap.", fontsize=7, color="#555"
    )


def arena_gap_chart(
    dates: Sequence, gaps: Sequence[float], win: Sequence[float], sources: str, as_of: str
) -> str:
    fig, ax = plt.subplots(figsize=(8, 3.4))
    ax.plot(dates, gaps, marker="o", color=GAP_COLOR, label="gap, rating points (left)")
    ax.set_ylabel("top proprietary − top open (rating points)")
    ax.set_xlabel("Arena snapshot date")
    ax2 = ax.twinx()
    ax2.plot(
        dates,
        [w * 100 for w in win],
        marker="s",
        ls="--",
        color=PROP_COLOR,
        label="P(proprietary wins), % (right)",
    )
    ax2.set_ylabel("implied head-to-head win probability (%)")
    ax2.axhline(50, color="#999", lw=0.8, ls=":")
    ax2.spines["right"].set_visible(True)
    lines = ax.get_lines() + ax2.get_lines()[:1]
    ax.legend(lines, [line.get_label() for line in lines], loc="upper right", frameon=False)
    ax.set_title(
        "LMArena text: gap between the top proprietary and the top open model, within each snapshot"
    )
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
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
    """points/frontier: side → [(date, score)], labels: [(date, score, text, side)],
    lag_arrow: (from_date, to_date, level, text) drawn horizontally at the open frontier level."""
    fig, ax = plt.subplots(figsize=(8, 3.8))
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
    for d, s, text, side in labels:
        ax.annotate(
            text,
            (d, s),
            fontsize=6.5,
            xytext=(3, 4),
            textcoords="offset points",
            color=OPEN_COLOR if side == "open" else PROP_COLOR,
        )
    if lag_arrow:
        frm, to, level, text = lag_arrow
        ax.annotate(
            "",
            xy=(to, level),
            xytext=(frm, level),
            arrowprops={"arrowstyle": "<->", "color": GAP_COLOR, "lw": 1.5},
        )
        ax.text(frm, level, f" {text}", color=GAP_COLOR, fontsize=8, va="bottom")
    ax.set_title(title)
    ax.set_xlabel("model release date")
    ax.set_ylabel(unit_label)
    ax.legend(loc="lower right", frameon=False, fontsize=7)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
    _footer(ax, sources, as_of)
    return to_svg(fig, title)


def band_chart(title: str, dates, mid, lo, hi, ylabel: str, sources: str, as_of: str) -> str:
    fig, ax = plt.subplots(figsize=(8, 3.2))
    ax.fill_between(dates, lo, hi, color=GAP_COLOR, alpha=0.2, label="90% interval")
    ax.plot(dates, mid, color=GAP_COLOR, lw=2, label="median lag across benchmarks")
    ax.set_title(title)
    ax.set_xlabel("date")
    ax.set_ylabel(ylabel)
    ax.axhline(0, color="#999", lw=0.8)
    ax.legend(loc="upper right", frameon=False)
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y-%m"))
    _footer(ax, sources, as_of)
    return to_svg(fig, title)


def sensitivity_chart(labels: list[str], mid, lo, hi, xlabel: str, sources: str, as_of: str) -> str:
    fig, ax = plt.subplots(figsize=(8, 0.45 * len(labels) + 1.2))
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
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    ax.set_title("Sensitivity: the headline lag under each analysis choice")
    ax.legend(loc="lower right", frameon=False)
    _footer(ax, sources, as_of)
    return to_svg(fig, "Sensitivity")
