"""Scoring: pure functions from rows and parameters to scores and their explanation.
No I/O. May import: ``jobrisk.catalog.types``, ``jobrisk.errors``.
"""
