"""Reference geography: postcode to LSOA, IMD decile and Core20, and building the extract."""
