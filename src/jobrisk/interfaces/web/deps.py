"""FastAPI dependencies: the app's services, directory, templates and CSRF protection."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from starlette.templating import Jinja2Templates

from jobrisk.interfaces.web.security import CsrfProtection
from jobrisk.interfaces.web.views import OccupationDirectory
from jobrisk.app.services import Services


def get_services(request: Request) -> Services:
    return request.app.state.services


def get_directory(request: Request) -> OccupationDirectory:
    return request.app.state.directory


def get_templates(request: Request) -> Jinja2Templates:
    return request.app.state.templates


def get_csrf(request: Request) -> CsrfProtection:
    return request.app.state.csrf


#: A route's page templates and CSRF protection, as parameters (``templates: Templates``).
Templates = Annotated[Jinja2Templates, Depends(get_templates)]
Csrf = Annotated[CsrfProtection, Depends(get_csrf)]
