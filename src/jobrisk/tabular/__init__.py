"""Tabular files users give us and files we give back.

``reader.py`` is the one tabular reader (CSV/TSV/XLSX: encoding, BOM, delimiter, sheet, size and row
limits, hostile content). Every command that accepts a user's table reads it through
:func:`jobrisk.tabular.reader.read_table`.

May import: errors.
"""
