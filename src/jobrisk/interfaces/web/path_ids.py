"""Path parameters that only match ids of their own shape, so fixed paths next to them stay apart.

``/api/v1/audits/career`` (POST) and ``/api/v1/audits/{audit_id}`` (GET, DELETE) share a prefix. With a
plain ``{audit_id}``, ``GET /api/v1/audits/career`` reached the audit route and answered 401 or 404, and a
405 for the fixed path listed the audit route's methods in ``Allow``. An ``{audit_id:audit_id}`` path only
matches ids the application database makes (``aud_`` and letters or digits), so the fixed path answers
405 with its own methods and an id of the wrong shape is a 404.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Path
from starlette.convertors import Convertor, register_url_convertor

AUDIT_ID_REGEX = "aud_[A-Za-z0-9]{8,40}"  # the ids AppRepository.start_audit makes: "aud_" + 16 letters or digits


class AuditIdConvertor(Convertor[str]):
    regex = AUDIT_ID_REGEX

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("audit_id", AuditIdConvertor())
AUDIT = "{audit_id:audit_id}"

AuditId = Annotated[str, Path(description="An audit's id, as the upload answered it", pattern=f"^{AUDIT_ID_REGEX}$")]
