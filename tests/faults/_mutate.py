"""Hostile versions of a good upstream file: schema changes, duplicates, bad scores, future dates.

Each mutation takes the bytes of the newest good version and returns the bytes of a bad one, in the
file's own format (CSV, JSON, YAML, an HTML table, or a CSV member of a zip), so the fault reaches
the parser exactly as a bad upstream day would deliver it.
"""

from __future__ import annotations

import csv
import io
import json
import re
import zipfile

import yaml

FUTURE = "2099-01-01"
N_BAD = 3  # rows touched by the value faults


class NotApplicable(Exception):
    """The fault has no meaning for this format (e.g. duplicate keys in a JSON object)."""


# -- tables (CSV, HTML): header + rows of cells ---------------------------------------------------
def _table_op(header: list[str], rows: list[list[str]], fault: str, cols: dict):
    model, score, date = cols.get("model"), cols["score"], cols.get("date")

    def idx(name):
        for i, h in enumerate(header):
            if _text(h).strip().lstrip("\ufeff") == name:
                return i
        raise AssertionError(f"column {name!r} not in {[_text(h) for h in header]}")

    if fault == "column_renamed":
        i = idx(model or score)
        header[i] = header[i].replace(_text(header[i]).strip(), "renamed_column")
    elif fault == "column_removed":
        i = idx(score)
        header.pop(i)
        for r in rows:
            if len(r) > i:
                r.pop(i)
    elif fault == "columns_reordered":
        header.reverse()
        for r in rows:
            r.reverse()
    elif fault == "duplicate_rows":
        rows[N_BAD:N_BAD] = [list(r) for r in rows[:N_BAD]]
    elif fault in ("nan_scores", "out_of_range_scores"):
        i = idx(score)
        value = "NaN" if fault == "nan_scores" else "-1e12"
        done = 0
        for r in rows:
            if len(r) > i and re.search(r"\d", _text(r[i])) and done < N_BAD:
                r[i] = _set_text(r[i], value)
                done += 1
        assert done, f"no numeric {score!r} cell"
    elif fault == "future_dates":
        if not date:
            raise NotApplicable("no date column")
        i = idx(date)
        for r in rows[:N_BAD]:
            old = _text(r[i])
            r[i] = _set_text(r[i], FUTURE + old[10:] if len(old) > 10 else FUTURE)
    else:
        raise AssertionError(fault)


def _text(cell: str) -> str:
    return re.sub(r"<[^>]+>", "", cell)


def _set_text(cell: str, value: str) -> str:
    m = re.match(r"^(<t[hd][^>]*>)(.*)(</t[hd]>)$", cell, re.S)
    return f"{m.group(1)}{value}{m.group(3)}" if m else value


def mutate_csv(data: bytes, fault: str, cols: dict) -> bytes:
    text = data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    header, body = rows[0], rows[1:]
    _table_op(header, body, fault, cols)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([header, *body])
    return out.getvalue().encode("utf-8")


_TR = re.compile(r"<tr[^>]*>(.*?)</tr>", re.S)
_CELL = re.compile(r"<t[hd][^>]*>.*?</t[hd]>", re.S)


def mutate_html(data: bytes, fault: str, cols: dict) -> bytes:
    """The first <table> whose header has cols['model']; rows are rewritten cell by cell."""
    text = data.decode("utf-8")
    for m in re.finditer(r"<table.*?</table>", text, re.S):
        table = m.group(0)
        trs = _TR.findall(table)
        if not trs or cols["model"] not in [_text(c).strip() for c in _CELL.findall(trs[0])]:
            continue
        header = _CELL.findall(trs[0])
        rows = [_CELL.findall(tr) for tr in trs[1:]]
        _table_op(header, rows, fault, cols)
        inner = "\n".join("<tr> " + " ".join(r) + " </tr>" for r in [header, *rows])
        opening = re.match(r"<table[^>]*>", table).group(0)
        new = opening + inner + "</table>"
        return (text[: m.start()] + new + text[m.end() :]).encode("utf-8")
    raise AssertionError("no table with the model column")


# -- trees (JSON, YAML): keys anywhere in the document ------------------------------------------------
def _walk(obj, fn):
    if isinstance(obj, dict):
        obj = fn(obj)
        return {k: _walk(v, fn) for k, v in obj.items()}
    if isinstance(obj, list):
        return [_walk(v, fn) for v in obj]
    return obj


def _tree_op(doc, fault: str, cols: dict):
    model, score, date = cols.get("model"), cols["score"], cols.get("date")
    budget = {"n": 0}

    def first_n(d: dict, key: str, value) -> dict:
        if key in d and budget["n"] < N_BAD:
            budget["n"] += 1
            d = dict(d)
            d[key] = value
        return d

    if fault == "column_renamed":
        key = model or score
        return _walk(
            doc, lambda d: {("renamed_column" if k == key else k): v for k, v in d.items()}
        )
    if fault == "column_removed":
        return _walk(doc, lambda d: {k: v for k, v in d.items() if k != score})
    if fault == "columns_reordered":
        return _walk(doc, lambda d: dict(reversed(list(d.items()))))
    if fault == "duplicate_rows":
        found = {"n": 0}

        def dup(o):
            if isinstance(o, list) and len(o) > 1 and all(isinstance(x, dict) for x in o):
                found["n"] += 1
                return o[:N_BAD] + o
            if isinstance(o, list):
                return [dup(x) for x in o]
            if isinstance(o, dict):
                return {k: dup(v) for k, v in o.items()}
            return o

        out = dup(doc)
        if not found["n"]:
            raise NotApplicable("no list of records (JSON object keys cannot repeat)")
        return out
    if fault == "nan_scores":
        return _walk(doc, lambda d: first_n(d, score, float("nan")))
    if fault == "out_of_range_scores":
        return _walk(doc, lambda d: first_n(d, score, -1e12))
    if fault == "future_dates":
        if not date:
            raise NotApplicable("no date field")
        return _walk(doc, lambda d: first_n(d, date, FUTURE))
    raise AssertionError(fault)


def mutate_json(data: bytes, fault: str, cols: dict) -> bytes:
    return json.dumps(_tree_op(json.loads(data), fault, cols), indent=1).encode("utf-8")


def mutate_yaml(data: bytes, fault: str, cols: dict) -> bytes:
    doc = _tree_op(yaml.safe_load(data), fault, cols)
    if fault == "future_dates":  # keep dates as YAML dates, the way the upstream writes them
        return yaml.safe_dump(doc, sort_keys=False).replace(f"'{FUTURE}'", FUTURE).encode("utf-8")
    return yaml.safe_dump(doc, sort_keys=False).encode("utf-8")


def mutate_zip(data: bytes, fault: str, cols: dict) -> bytes:
    """Mutate one CSV member (cols['member']); the other members are copied as they are."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == cols["member"]:
                body = mutate_csv(body, fault, cols)
            out.writestr(info, body)
    return buf.getvalue()


MUTATORS = {
    "csv": mutate_csv,
    "html": mutate_html,
    "json": mutate_json,
    "yaml": mutate_yaml,
    "zip": mutate_zip,
}


def benign(data: bytes, fmt: str) -> bytes:
    """A new version with the same content: a trailing newline (or a re-dated zip entry)."""
    if fmt != "zip":
        return data.rstrip(b"\n") + b"\n\n"
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            info.date_time = (2026, 3, 10, 0, 0, 0)
            out.writestr(info, src.read(info.filename))
    return buf.getvalue()
