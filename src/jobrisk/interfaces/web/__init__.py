"""The jobrisk web application: HTML pages and the JSON API (``/api/v1``) in one FastAPI app.

``create_app(settings=None, *, services=None, config=None)`` builds it; ``jobrisk serve`` runs it.
Layout: ``app.py`` (factory), ``routers/`` (one module per area), ``views.py`` (occupation
directory), ``occupation_pages.py`` (cached report pages), ``errors.py`` (the one error
mapping and format), ``security.py`` (headers, CSRF, limits), ``logs.py`` (structured logs),
``templates/`` (pages, ``charts/`` SVG macros) and ``static/`` (CSS, JS).

May import: services, reports, models, catalog, settings, errors.
"""

from jobrisk.interfaces.web.app import create_app

__all__ = ["create_app"]
