"""The DuckDB warehouse: raw → staging → std → core → analysis, rebuilt from the raw store."""
