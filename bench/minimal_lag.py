"""A minimal numpy implementation of opengap's lag estimators: the yardstick for the analysis stage.

What it computes, per unit (benchmark × regime), for the point estimate and each of R bootstrap
replicates (models resampled with replacement within each side, each drawn score perturbed by its
standard error, else by half the median spacing between neighbouring scores, as analysis/lag does):
- both frontiers (running best by release date, newest score per model, as-of truncation);
- the matched path on the same grid (month starts from the first month both sides have a model,
  plus the as-of date): the horizontal lag at each date, with the one-sided z-test matching rule
  (the open model given the benefit of the doubt; margin max(tolerance, z·√(se_o² + se_p²))) in
  both directions (open behind, open ahead), and the vertical gap;
- threshold crossings: for 20 levels, the first date each frontier reaches the level, and the
  median crossing lag over the levels (censored where open has not arrived);
- 90% percentile intervals of every path point and of the current lag; the pooled median across
  units per replicate and its interval.
What it leaves out (analysis/lag does them, at small cost): the per-snapshot frontier of rating
boards, the trend offset fit, the Kaplan–Meier correction, the headline status rules, the tables'
provenance columns. It is a cost floor for the same work, not a second source of numbers: it is not
checked to reproduce opengap's values, only to do the same amount of computation on the same
observations.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

Z = 1.6448536269514722
EPOCH = dt.date(1970, 1, 1)
N_LEVELS = 20


def _prepare(obs: pl.DataFrame, as_of: dt.date) -> dict[tuple, dict[str, np.ndarray]]:
    """Newest score per (unit, side, model), oriented so higher is better, as numpy arrays."""
    ref = (as_of - EPOCH).days
    unit = (
        obs["benchmark_id"].cast(pl.String) + "\x1f" + obs["regime"].cast(pl.String).fill_null("")
    ).to_numpy()
    side = (obs["side"] == "open").to_numpy()
    model = obs["model_id"].cast(pl.String).to_numpy()
    release = obs["release_date"].cast(pl.Int32).to_numpy()
    observed = obs["observed_on"].cast(pl.Int32).fill_null(ref).to_numpy()
    sign = np.where(obs["higher_is_better"].fill_null(True).to_numpy(), 1.0, -1.0)
    score = obs["score"].cast(pl.Float64).to_numpy() * sign
    se = obs["stderr"].cast(pl.Float64).fill_null(np.nan).to_numpy()
    ci = (obs["ci_upper"] - obs["ci_lower"]).cast(pl.Float64).fill_null(np.nan).to_numpy()
    se = np.where(np.isnan(se), ci / (2 * 1.959964), se)
    keep = (release <= ref) & (observed <= ref) & np.isfinite(score)
    unit, side, model, release, observed = (
        unit[keep],
        side[keep],
        model[keep],
        release[keep],
        observed[keep],
    )
    score, se = score[keep], se[keep]
    # newest observation per (unit, side, model): sort, keep the last of each run
    order = np.lexsort((observed, model, side, unit))
    unit, side, model = unit[order], side[order], model[order]
    release, score, se = release[order], score[order], se[order]
    last = np.r_[
        (unit[1:] != unit[:-1]) | (model[1:] != model[:-1]) | (side[1:] != side[:-1]), True
    ]
    unit, side, release, score, se = unit[last], side[last], release[last], score[last], se[last]
    out: dict[tuple, dict[str, np.ndarray]] = {}
    bounds = np.flatnonzero(np.r_[True, unit[1:] != unit[:-1], True])
    for a, b in zip(bounds[:-1], bounds[1:], strict=True):
        sides = {}
        for name, flag in (("open", True), ("proprietary", False)):
            m = side[a:b] == flag
            if not m.any():
                break
            r, s, e = release[a:b][m], score[a:b][m], np.nan_to_num(se[a:b][m])
            o = np.lexsort((-s, r))  # release order, ties: best first
            sides[name] = (r[o], s[o], e[o])
        if len(sides) == 2:
            out[unit[a]] = sides
    return out


def _smoothing(s: np.ndarray, e: np.ndarray) -> np.ndarray:
    d = np.diff(np.unique(s))
    bw = np.median(d[d > 0]) / 2 if (d > 0).any() else 0.0
    return np.where(e > 0, e, bw)


def _replicates(r, s, e, n_rep: int, rng) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(R+1) × n: row 0 the data, rows 1.. resampled and perturbed, each row in release order."""
    n = r.size
    idx = np.sort(rng.integers(0, n, (n_rep, n)), axis=1)  # sorted index = release order
    idx = np.vstack([np.arange(n)[None, :], idx])
    noise = rng.standard_normal(idx.shape) * _smoothing(s, e)[idx]
    noise[0] = 0.0
    return r[idx], s[idx] + noise, e[idx]


def _frontier(s: np.ndarray, e: np.ndarray):
    """Running best per row, and the se of the model holding it."""
    best = np.maximum.accumulate(s, axis=1)
    pos = np.where(s >= best, np.arange(s.shape[1])[None, :], 0)
    leader = np.maximum.accumulate(pos, axis=1)
    return best, np.take_along_axis(e, leader, axis=1)


def _rowwise_searchsorted(rows: np.ndarray, q: np.ndarray, side: str = "left") -> np.ndarray:
    """np.searchsorted of q in each sorted row, for all rows at once (rows shifted apart)."""
    lo = min(float(np.min(rows)), float(np.min(q)))
    span = max(float(np.max(rows)), float(np.max(q))) - lo + 1.0
    shift = (np.arange(rows.shape[0]) * span)[:, None]
    flat = (rows - lo + shift).ravel()
    pos = np.searchsorted(flat, (q[None, :] - lo + shift).ravel(), side=side)
    return pos.reshape(rows.shape[0], q.size) - (np.arange(rows.shape[0]) * rows.shape[1])[:, None]


def _at(rel: np.ndarray, values: np.ndarray, t: np.ndarray) -> np.ndarray:
    """values at the last row entry released on or before each t (nan before the first): rows × T."""
    k = _rowwise_searchsorted(rel, t, side="right") - 1
    got = np.take_along_axis(values, np.maximum(k, 0), axis=1)
    return np.where(k >= 0, got, np.nan)


def _rises(rel, best, se):
    """Each row's frontier points only (where the running best rose), left-aligned and padded with
    a score that reaches nothing: the candidates of the matching rule, as in analysis/lag."""
    rise = np.ones(best.shape, bool)
    rise[:, 1:] = best[:, 1:] > best[:, :-1]
    k = int(rise.sum(axis=1).max())
    order = np.argsort(~rise, axis=1, kind="stable")[:, :k]
    keep = np.take_along_axis(rise, order, axis=1)
    pick = lambda a: np.take_along_axis(a, order, axis=1)  # noqa: E731
    return pick(rel), np.where(keep, pick(best), -np.inf), pick(se)


def _first_reach(level, level_se, cand_rel, cand_s, cand_se, tol, ahead: bool):
    """Per row and grid date, the first candidate release at which the candidate side reached
    `level` (ahead=False: proprietary significantly above the open level; ahead=True: open not
    significantly below the proprietary level). rows × T × n candidates, reduced to rows × T."""
    gap = cand_s[:, None, :] - level[:, :, None]
    margin = np.maximum(tol, Z * np.sqrt(level_se[:, :, None] ** 2 + cand_se[:, None, :] ** 2))
    ok = gap >= -margin if ahead else (gap >= margin) & (gap >= tol)
    first = ok.argmax(axis=2)
    day = np.take_along_axis(cand_rel, first, axis=1).astype(float)
    return np.where(ok.any(axis=2), day, np.nan)


def unit_estimates(sides, ref: int, n_rep: int, tol: float, rng) -> dict[str, np.ndarray]:
    r_o, s_o, e_o = _replicates(*sides["open"], n_rep, rng)
    r_p, s_p, e_p = _replicates(*sides["proprietary"], n_rep, rng)
    f_o, fe_o = _frontier(s_o, e_o)
    f_p, fe_p = _frontier(s_p, e_p)
    # the grid: month starts from the first month both sides have a model, plus as-of
    start = max(sides["open"][0][0], sides["proprietary"][0][0])
    first = np.datetime64(EPOCH + dt.timedelta(days=int(start)), "M")
    months = np.arange(first, np.datetime64(EPOCH + dt.timedelta(days=ref), "M") + 1)
    t = np.unique(np.r_[(months.astype("datetime64[D]") - np.datetime64(EPOCH)).astype(int), ref])
    t = t[(t >= start) & (t <= ref)]
    level_o, se_o = _at(r_o, f_o, t), _at(r_o, fe_o, t)
    level_p, se_p = _at(r_p, f_p, t), _at(r_p, fe_p, t)
    # horizontal lag: the proprietary frontier reached the open level at day d <= t: lag t - d;
    # otherwise open is ahead since the day it matched the proprietary level
    prop_day = _first_reach(level_o, se_o, *_rises(r_p, f_p, fe_p), tol, ahead=False)
    open_day = _first_reach(level_p, se_p, *_rises(r_o, f_o, fe_o), tol, ahead=True)
    lag = np.where(prop_day <= t, t - prop_day, open_day - t)
    gap = level_p - level_o
    # threshold crossings over levels spanning the data
    levels = np.linspace(min(f_o[0, 0], f_p[0, 0]), max(f_o[0, -1], f_p[0, -1]), N_LEVELS)
    cross_p = _rowwise_searchsorted(f_p, levels)
    cross_o = _rowwise_searchsorted(f_o, levels)
    day_p = np.where(
        cross_p < f_p.shape[1],
        np.take_along_axis(r_p, np.minimum(cross_p, r_p.shape[1] - 1), 1),
        -1,
    )
    day_o = np.where(
        cross_o < f_o.shape[1],
        np.take_along_axis(r_o, np.minimum(cross_o, r_o.shape[1] - 1), 1),
        ref,
    )  # not reached: censored at as-of (a lower bound)
    crossing = np.where(day_p >= 0, day_o - day_p, np.nan)
    threshold = np.nanmedian(np.where(np.isnan(crossing).all(1, keepdims=True), 0, crossing), 1)
    return {"t": t, "lag": lag, "gap": gap, "threshold": threshold}


def run(obs: pl.DataFrame, as_of: dt.date, n_resamples: int, seed: int = 0) -> dict:
    """Every unit's path with intervals, and the pooled median of the current lag with its interval."""
    rng = np.random.default_rng(seed)
    ref = (as_of - EPOCH).days
    units = _prepare(obs, as_of)
    current, out = [], {}
    for key, sides in units.items():
        est = unit_estimates(sides, ref, n_resamples, 0.0, rng)
        lag = est["lag"]
        lo, hi = np.nanpercentile(lag[1:], [5, 95], axis=0) if n_resamples else (lag[0], lag[0])
        g_lo, g_hi = np.nanpercentile(est["gap"][1:], [5, 95], axis=0) if n_resamples else (0, 0)
        out[key] = {
            "lag_months": lag[0] / 30.436875,
            "lo": lo,
            "hi": hi,
            "gap_lo": g_lo,
            "gap_hi": g_hi,
            "threshold": est["threshold"],
        }
        current.append(lag[:, -1])
    if current:
        pooled = np.nanmedian(np.vstack(current), axis=0)
        out["_pooled"] = (pooled[0], *np.nanpercentile(pooled[1:], [5, 95]))
    return out
