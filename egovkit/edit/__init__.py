"""Editing a strategy repository the way a careful person would: one value at a time.

``egovkit status set``, ``log add`` and ``measure new`` change measure files for staff who
are not YAML experts. An edit keeps every line it does not change byte for byte (comments,
quotes, key order, flow and block styles, blank lines, line ends): ruamel.yaml's round trip
makes a candidate (:mod:`roundtrip`), a minimal textual edit is the fallback
(:mod:`textual`), and :mod:`verify` accepts only a result that changes nothing else and
reads back as intended. :mod:`commands` checks the edited repository in memory with
:func:`egovkit.pipeline.check` before :func:`commands.save` writes a byte.
"""
