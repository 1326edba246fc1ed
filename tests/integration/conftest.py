"""Integration tests use the session fixtures ``built_settings`` and ``full_catalog``.

They live in ``tests/conftest.py`` so the end-to-end tests (tests/e2e) share the same single
build of the full catalog.
"""
