"""Reports: occupation report objects and their renderings (HTML, JSON, Markdown, PDF).
May import: catalog, models, scoring.
"""
