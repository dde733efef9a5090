"""Analysis: disclosure control, statistics, filters and the controlled tables pages show."""
