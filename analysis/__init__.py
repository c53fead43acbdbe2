"""Questions answered from the core tables: the Arena gap, frontiers, lags."""
