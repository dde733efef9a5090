"""Output: charts, maps, the briefing documents and safe CSV and text."""
