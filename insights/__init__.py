"""Maternity Insights domain logic: store, geography, ingest, demo data and CLI (no Streamlit)."""

__version__ = "0.1.0"
