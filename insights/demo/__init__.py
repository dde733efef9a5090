"""The synthetic demo: generator, phrase banks and building the demo database."""
