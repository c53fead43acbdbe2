"""The terminal report: the Arena gap per snapshot, computed only within each snapshot."""

from __future__ import annotations

import duckdb
import polars as pl

ARENA_GAP_COLUMNS = (
    "snapshot_date",
    "source",
    "top_proprietary",
    "proprietary_score",
    "top_open",
    "open_score",
    "gap_points",
    "proprietary_win_prob",
    "n_proprietary",
    "n_open",
    "n_unknown_access",
)


def arena_gap(con: duckdb.DuckDBPyConnection) -> pl.DataFrame:
    cols = ", ".join(ARENA_GAP_COLUMNS)
    return con.sql(f"select {cols} from analysis.arena_gap order by snapshot_date, source").pl()


def render(con: duckdb.DuckDBPyConnection, console) -> None:
    from rich.table import Table

    gaps = arena_gap(con)
    table = Table(
        title="LMArena text: top proprietary vs top open model, within each snapshot",
        caption=(
            "Gap in rating points and as the implied head-to-head win probability of the proprietary "
            "model (Elo logistic, 400-point scale). Ratings drift between snapshots: compare gaps, "
            "never ratings across dates. Models whose openness is unknown are left out (last column)."
        ),
    )
    for name, justify in [
        ("snapshot", "left"),
        ("source", "left"),
        ("top proprietary", "left"),
        ("score", "right"),
        ("top open", "left"),
        ("score", "right"),
        ("gap (pts)", "right"),
        ("P(prop. wins)", "right"),
        ("n prop/open/unknown", "right"),
    ]:
        table.add_column(name, justify=justify)
    for r in gaps.iter_rows(named=True):
        table.add_row(
            str(r["snapshot_date"]),
            r["source"],
            r["top_proprietary"],
            f"{r['proprietary_score']:.0f}",
            r["top_open"],
            f"{r['open_score']:.0f}",
            f"{r['gap_points']:.0f}",
            f"{r['proprietary_win_prob']:.1%}",
            f"{r['n_proprietary']}/{r['n_open']}/{r['n_unknown_access']}",
        )
    console.print(table)
