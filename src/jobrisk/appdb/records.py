"""The small frozen records the application database answers with, and shared helpers."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, overload


@dataclass(frozen=True)
class Organisation:
    public_id: str
    name: str
    created_at: datetime


@dataclass(frozen=True)
class Member:
    """A seat in an organisation. ``label`` is how the organisation tells seats apart ("HR lead",
    a work email); ``role`` is 'owner' or 'member'; ``removed_at`` set = no longer signs in."""

    public_id: str
    organisation_name: str
    label: str
    role: str
    created_at: datetime
    removed_at: datetime | None = None


@dataclass(frozen=True)
class IssuedKey:
    """A new API key: ``secret`` is the full key to hand to the user; it is not stored anywhere.
    ``member``: the seat the key belongs to (None for keys issued to the organisation itself)."""

    key_id: str
    organisation: Organisation
    secret: str
    member: Member | None = None


@dataclass(frozen=True)
class KeyRecord:
    key_id: str
    organisation_name: str
    created_at: datetime
    revoked_at: datetime | None
    member_label: str | None = None


@dataclass(frozen=True)
class Principal:
    """Who a request acts for: the organisation, the member (if the key has one) and the key id."""

    organisation: Organisation
    member: Member | None
    key_id: str


@dataclass(frozen=True)
class WebSession:
    """A signed-in browser: ``token`` goes in the cookie once; only its SHA-256 is stored."""

    token: str
    principal: Principal
    expires_at: datetime


@dataclass(frozen=True)
class AuditRecord:
    public_id: str
    kind: str
    source_name: str | None
    created_at: datetime
    status: str  # running | done | failed
    error: str | None
    input_data: Any  # the parsed roster (JSON-compatible)
    report_data: Any  # the report (JSON-compatible)
    progress_step: str | None = None  # while running: what is being done
    progress_share: float | None = None  # 0-1
    updated_at: datetime | None = None
    created_by: Creator | None = None  # who uploaded it (None: saved before this was recorded)


@dataclass(frozen=True)
class Creator:
    """Who created an audit: the API key's public id and the member holding it (None for keys
    issued to the organisation before members existed)."""

    key_id: str
    member_label: str | None = None
    member_id: str | None = None

    def words(self) -> str:
        return self.member_label or f"API key {self.key_id}"

    def as_dict(self) -> dict[str, str | None]:
        return {"key_id": self.key_id, "member": self.member_label, "member_id": self.member_id}


def now() -> datetime:
    return datetime.now(timezone.utc)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@overload
def aware(value: datetime) -> datetime: ...
@overload
def aware(value: None) -> None: ...
def aware(value: datetime | None) -> datetime | None:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    if value is not None and value.tzinfo is None:
        return value.replace(tzinfo=timezone.utc)
    return value
