"""The reference catalog: an embedded SQLite database built from the sources.

``catalog.py`` holds :class:`Catalog`, the only code in jobrisk that runs SQL;
``types.py`` the typed records it returns; ``schema.sql`` the tables;
``build.py`` turns source files into a catalog (atomically), with one ``build_*.py``
module per group of tables and ``crosswalk.py`` for SOC 2010 -> 2018 -> O*NET-SOC
mapping; ``fixture.py`` a tiny real-data catalog for unit tests. May import: ``jobrisk.sources``, ``jobrisk.errors``.
"""

from jobrisk.catalog.catalog import Catalog

__all__ = ["Catalog"]
