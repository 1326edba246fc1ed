"""Tabular files users give us and files we give back.

``reader.py`` is the one tabular reader (CSV/TSV/XLSX: encoding, BOM, delimiter, sheet, size and row
limits, hostile content). Every command that accepts a user's table reads it through
:func:`jobrisk.tabular.reader.read_table`.

``safe_writer.py`` is the one writer of every CSV/XLSX file the product emits (formula-like cells
neutralised, UTF-8 with BOM, atomic): :func:`jobrisk.tabular.safe_writer.write_table`.

May import: durable, errors.
"""
