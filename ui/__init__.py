"""Streamlit glue shared by the pages: cached connection and queries, common widgets."""
