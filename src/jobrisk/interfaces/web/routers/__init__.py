"""Routers of the web app, one module per area: pages, the JSON API areas, health.

A new product (such as a career or business audit) plugs in as one more router module plus
its templates, included in :func:`jobrisk.interfaces.web.app.create_app`.
"""
