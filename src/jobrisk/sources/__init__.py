"""Sources: the registry of public datasets, fetching/copying them with checksum
verification (``sync``), and one schema-checking reader per source (``readers``).
May import: ``jobrisk.errors``, ``jobrisk.settings`` only.
"""
