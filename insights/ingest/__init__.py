"""Import: templates, reading and validating files, and writing them in one transaction."""
