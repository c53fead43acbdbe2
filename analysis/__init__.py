"""Questions answered from the core tables: the Arena gap, frontiers, lags."""


def fmt(value, spec: str = ".1f") -> str:
    """A number for a sentence or a table cell; a dash where there is none (no interval, say)."""
    return "–" if value is None else format(value, spec)
