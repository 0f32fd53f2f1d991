"""National analytics on large data (DuckDB by default; Spark where data outgrows one machine)."""
