"""Readers of the raw source files, one module per source folder.

``onet``, ``gpts``, ``aioe``, ``frey_osborne``, ``bls``, ``crosswalks``, ``aei`` (Anthropic
Economic Index) each name their
``FOLDER`` and the files they read (``ALL_FILES``), check every file's columns
(:class:`jobrisk.errors.SchemaError` names the file and the missing column) and return
pandas DataFrames with clean, typed, snake_case columns; missing values stay missing.
``_common`` holds the shared file, column and value helpers.

May import: ``jobrisk.errors``.
"""
