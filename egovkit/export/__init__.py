"""Exports of a computed plan into other tools' formats; one module per format."""
