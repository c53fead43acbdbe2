"""The terminal report: the Arena gap per snapshot, computed only within each snapshot."""

from __future__ import annotations

import duckdb
import polars as pl

from analysis import fmt

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


def render_lag(results, estimates: pl.DataFrame, switches, console) -> None:
    from rich.table import Table

    head = results.aggregate.filter(
        (pl.col("estimator") == "horizontal_lag") & (pl.col("statistic") == "median")
    )
    if head.height:
        h = head.row(0, named=True)
        lower = "at least " if h.get("is_lower_bound") else ""
        console.print(
            f"Median lag across the {h['n_benchmarks']} counted benchmarks "
            f"({h.get('n_clusters', h['n_benchmarks'])} distinct model pairs): {lower}"
            f"{h['value']:.1f} months (90% interval {fmt(h['lo'])}–{fmt(h['hi'])}; middle half of "
            f"benchmarks {fmt(h.get('q25'))}–{fmt(h.get('q75'))}, IQR {fmt(h['iqr'])}) "
            f"— switches: {switches.label()}",
            highlight=False,
        )
    crossing = results.aggregate.filter(
        (pl.col("estimator") == "threshold_median_lag") & (pl.col("statistic") == "median")
    )
    if crossing.height:
        c = crossing.row(0, named=True)
        bound = (
            f"at least {c['value']:.1f} months ({c['note']})"
            if c.get("is_lower_bound")
            else f"{c['value']:.1f} months"
        )
        console.print(
            f"Threshold-crossing median across the {c['n_benchmarks']} counted benchmarks: {bound} "
            f"(90% interval {fmt(c['lo'])}–{fmt(c['hi'])})",
            highlight=False,
        )
    table = Table(title="Lag estimates per benchmark (90% bootstrap intervals)")
    for c in (
        "benchmark",
        "regime",
        "as of",
        "estimator",
        "value",
        "90% interval",
        "unit",
        "open/prop.",
        "headline",
        "note",
    ):
        table.add_column(c)
    for r in estimates.iter_rows(named=True):
        note = r.get("note") or ""
        if r.get("is_lower_bound"):
            note = ("lower bound; " + note).strip("; ")
        if r.get("is_thin_coverage"):
            note = (note + "; thin: " + (r.get("thin_reason") or "")).strip("; ")
        table.add_row(
            r["benchmark_id"],
            r["regime"] or "",
            str(r["as_of_date"]),
            r["estimator"],
            fmt(r["value"], ".2f"),
            f"{fmt(r['lo'], '.2f')} – {fmt(r['hi'], '.2f')}",
            r["value_unit"],
            f"{r['n_open']}/{r['n_proprietary']}",
            r.get("headline_status") or "",
            note,
        )
    console.print(table)
    trend = results.lag_trend.filter(pl.col("benchmark_id") == "all")
    if trend.height:
        console.print("Trend of the lag: " + trend.row(0, named=True)["statement"], highlight=False)


def headline_statement(con: duckdb.DuckDBPyConnection) -> str | None:
    """The quotable headline sentence (analysis.lag_headline.statement, written by the build with
    the as-of date, the benchmarks counted, the interval, what would move it and the matching
    rule), the same text in the terminal, Markdown and HTML reports. None without a headline."""
    from analysis.report.html import _table_exists

    if not _table_exists(con, "analysis.lag_headline"):
        return None
    has = con.execute(
        "select count(*) from information_schema.columns where table_schema = 'analysis' "
        "and table_name = 'lag_headline' and column_name = 'statement'"
    ).fetchall()[0][0]
    if not has:  # a warehouse built before the sentence existed: the numbers, plainly
        row = con.execute(
            "select as_of_date, value, lo, hi, n_benchmarks from analysis.lag_headline "
            "where label = 'current'"
        ).fetchall()
        if not row:
            return None
        d, v, lo, hi, n = row[0]
        return (
            f"Open-weight models trail the proprietary frontier by a median of {fmt(v)} months "
            f"(90% interval {fmt(lo)}–{fmt(hi)}) as of {d}, across {n} benchmarks."
        )
    row = con.execute(
        "select statement from analysis.lag_headline where label = 'current'"
    ).fetchall()
    return row[0][0] if row and row[0][0] else None


def render_summary(con: duckdb.DuckDBPyConnection, console) -> None:
    """The headline and the per-benchmark horizontal lags, when the lag tables exist."""
    from rich.table import Table

    from analysis.report.html import _table_exists

    if not _table_exists(con, "analysis.lag_headline"):
        return
    statement = headline_statement(con)
    if statement:
        console.print(statement, highlight=False)
    trend = con.execute(
        "select statement from analysis.lag_trend where benchmark_id = 'all'"
    ).fetchall()
    if trend:
        console.print("Trend: " + trend[0][0], highlight=False)
    table = Table(title="Horizontal lag per benchmark (months, 90% interval)")
    for c in (
        "benchmark",
        "regime",
        "measured at",
        "lag",
        "90% interval",
        "open/prop.",
        "headline",
    ):
        table.add_column(c)
    status = (
        "coalesce(headline_status, '')"
        if con.execute(
            "select count(*) from information_schema.columns where table_schema = 'analysis' "
            "and table_name = 'lag_estimates' and column_name = 'headline_status'"
        ).fetchall()[0][0]
        else "''"
    )
    for b, reg, d, v, lo, hi, no, np_, st in con.execute(
        f"""select benchmark_id, coalesce(regime, ''), as_of_date, value, lo, hi, n_open,
                  n_proprietary, {status}
           from analysis.lag_estimates where estimator = 'horizontal_lag' order by 1, 2"""
    ).fetchall():
        table.add_row(b, reg, str(d), fmt(v), f"{fmt(lo)} – {fmt(hi)}", f"{no}/{np_}", st)
    console.print(table)
    render_indices(con, console)


def render_indices(con: duckdb.DuckDBPyConnection, console) -> None:
    """Each publisher's composite index, side by side, never pooled (analysis.index_lag)."""
    from rich.table import Table

    from analysis.report.html import _table_exists

    if not _table_exists(con, "analysis.index_lag"):
        return
    rows = con.execute(
        """select benchmark_id, coalesce(regime, ''), as_of_date, value, lo, hi, n_open, n_proprietary
           from analysis.index_lag where estimator = 'horizontal_lag' order by 1, 2"""
    ).fetchall()
    if not rows:
        return
    table = Table(title="Composite indices, each on its own (months, 90% interval; never pooled)")
    for c in ("index", "regime", "measured at", "lag", "90% interval", "open/prop."):
        table.add_column(c)
    for b, reg, d, v, lo, hi, no, np_ in rows:
        table.add_row(b, reg, str(d), fmt(v), f"{fmt(lo)} – {fmt(hi)}", f"{no}/{np_}")
    console.print(table)
