"""The application layer: use cases the CLI, the web app and batch scoring call.

Each module is one use case (task scoring, title lookup, occupation report; later the career
audit, the roster audit and batch). Interfaces parse input, call one function here and render
the result. May import: every layer below (sources, catalog, models, scoring, reports), settings
and errors; never ``jobrisk.interfaces``.
"""
