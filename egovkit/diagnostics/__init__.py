"""Findings: the record every check produces, the one code table, and output formats."""
