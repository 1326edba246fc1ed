"""Interfaces: thin shells (CLI, web/API) over the library; no logic of their own."""
