"""Quotes: anonymisation, the review workflow and search, approved-quote exports."""
