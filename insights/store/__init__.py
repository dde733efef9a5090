"""The DuckDB store: connection, schema, transactions and migrations."""
