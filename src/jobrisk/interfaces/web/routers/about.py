"""Methodology, data sources with attribution, and the API documentation page.

Source facts (publisher, version, licence, attribution) come from the source registry
(``jobrisk.sources.registry``), the one home of those facts; build facts from the catalog.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from starlette.templating import Jinja2Templates

from jobrisk.errors import JobriskError
from jobrisk.field_copy import copy_fields
from jobrisk.interfaces.web.deps import get_services, get_templates
from jobrisk.interfaces.web.schemas import AboutInfo, CatalogInfo, FileAttribution, SourceInfo
from jobrisk.reports.method_doc import method_document
from jobrisk.scoring.params import METHOD_VERSION, ScoringParams
from jobrisk.app.services import Services
from jobrisk.sources.registry import default_registry

router = APIRouter(include_in_schema=False)
api_router = APIRouter(prefix="/api/v1", tags=["about"])

BUILT_AT_KEYS = ("built_at", "build_time", "built_at_utc", "build_time_utc")


def method_version() -> str:
    return METHOD_VERSION


def _sources() -> tuple[list[SourceInfo], str | None]:
    try:
        registry = default_registry()
    except JobriskError as exc:
        return [], f"The source registry is not available: {exc}"
    out = []
    for source in registry:
        extra: dict[str, list[str]] = {}
        for f in source.files:
            if f.attribution and f.attribution != source.attribution:
                extra.setdefault(f.attribution, []).append(f.name)
        files = [FileAttribution(files=", ".join(names), attribution=text) for text, names in extra.items()]
        out.append(
            copy_fields(SourceInfo, source, source_id=source.id, url=source.landing_url, file_attributions=files)
        )
    return out, None


def _catalog_info(services: Services) -> CatalogInfo | None:
    try:
        catalog = services.catalog
    except JobriskError:
        return None
    with services.catalog_lock:
        manifest = catalog.manifest()
        coverage = catalog.coverage()
    built_at = next((str(manifest[k]) for k in BUILT_AT_KEYS if manifest.get(k)), None)
    return CatalogInfo(
        fingerprint=str(manifest.get("fingerprint") or "") or None,
        built_at=built_at,
        coverage={k: int(v) for k, v in asdict(coverage).items()},
    )


def build_about(services: Services) -> AboutInfo:
    sources, notice = _sources()
    return AboutInfo(method_version=method_version(), sources=sources, catalog=_catalog_info(services), notice=notice)


@api_router.get("/sources", response_model=AboutInfo, summary="Data sources, attribution and build facts")
def sources_api(services: Services = Depends(get_services)) -> AboutInfo:
    return build_about(services)


@router.get("/sources", response_class=HTMLResponse)
def sources_page(
    request: Request, services: Services = Depends(get_services), templates: Jinja2Templates = Depends(get_templates)
) -> HTMLResponse:
    return templates.TemplateResponse(request, "sources.html", {"about": build_about(services)})


@router.get("/methodology", response_class=HTMLResponse)
def methodology_page(request: Request, templates: Jinja2Templates = Depends(get_templates)) -> HTMLResponse:
    return templates.TemplateResponse(
        request, "methodology.html", {"method_version": METHOD_VERSION, "band_cutoffs": ScoringParams().band_cutoffs}
    )


@router.get("/methodology/document", response_class=HTMLResponse)
def method_document_page(request: Request, templates: Jinja2Templates = Depends(get_templates)) -> HTMLResponse:
    """docs/method.md, rendered (404 with the places looked in when it is not installed)."""
    return templates.TemplateResponse(
        request,
        "method_document.html",
        {"doc": method_document(), "summary_href": "/methodology", "current_path": "/methodology"},
    )


def _operations(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The API's operations from its OpenAPI schema, for the documentation page."""
    ops = []
    for path, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            params = [
                {
                    "name": p["name"],
                    "in": p["in"],
                    "required": p.get("required", False),
                    "type": p.get("schema", {}).get("type") or "value",
                    "description": p.get("description") or p.get("schema", {}).get("description", ""),
                }
                for p in op.get("parameters", [])
            ]
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            ops.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": op.get("summary", ""),
                    "tag": (op.get("tags") or ["other"])[0],
                    "parameters": params,
                    "body": body.get("$ref", "").rsplit("/", 1)[-1] if body else None,
                    "responses": sorted(op.get("responses", {})),
                }
            )
    return ops


@router.get("/docs", response_class=HTMLResponse)
def api_docs_page(request: Request, templates: Jinja2Templates = Depends(get_templates)) -> HTMLResponse:
    return templates.TemplateResponse(
        request,
        "api_docs.html",
        {"operations": _operations(request.app.openapi()), "base_url": str(request.base_url).rstrip("/")},
    )
