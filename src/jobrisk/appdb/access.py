"""Who may act for an organisation: members, API keys and web sign-in sessions.

Mixed into :class:`jobrisk.appdb.repository.AppRepository` (the same engine; these are its
queries about access, kept apart from audits).

* **Members** are an organisation's seats (``label``: "HR lead", a work email; never needed to be
  a person's name). ``jobrisk org create`` makes an ``owner`` member with the first key;
  :meth:`AccessQueries.add_member` adds a member with a key of its own. Removing a member revokes
  its keys, and so ends its web sessions.
* **API keys** look like ``jrk_<key id>_<secret>``: the key id is public (it names the key in
  listings and in ``jobrisk org revoke``), the secret is shown once and only its SHA-256 is
  stored. A secret has 256 bits of randomness, so a plain SHA-256 makes the stored value useless
  to a reader of the database; checks compare digests in constant time.
* **Web sessions**: signing in with a key creates a session with a random 256-bit token (the
  browser's cookie holds it; the database only its SHA-256), an expiry, and a revocation time.
  A session is valid while it has not expired, was not ended, and its key is neither revoked nor
  its member removed. The API key itself never goes into a cookie.
"""

from __future__ import annotations

import hmac
import secrets
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, Table, delete, insert, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from jobrisk.appdb.records import IssuedKey, KeyRecord, Member, Organisation, Principal, WebSession, aware, digest, now
from jobrisk.appdb.tables import api_keys, members, organisations, web_sessions
from jobrisk.errors import InputError, NotFoundError

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine

KEY_PREFIX = "jrk"
MEMBER_ROLES = ("owner", "member")
MAX_LABEL_CHARS = 120
#: How long a web sign-in lasts.
SESSION_HOURS = 8
#: last_seen_at is written at most this often per session (a read per page, a write per minute).
SEEN_EVERY = timedelta(minutes=1)


class AccessQueries:
    engine: Engine

    # ------------------------------------------------------------------ members
    def add_member(self, organisation: str, label: str, role: str = "member") -> IssuedKey:
        """A new member of ``organisation`` (name or public id) and its first API key."""
        with self.engine.begin() as c:
            member_pk = self._new_member(c, self._org_pk(c, organisation), label, role)
            return self._issue(c, self._org_pk(c, organisation), member_pk)

    def members(self, organisation: str) -> list[Member]:
        with self.engine.connect() as c:
            return self._members(c, members.c.organisation_id == self._org_pk(c, organisation))

    def remove_member(self, member_id: str, organisation: str | None = None) -> Member:
        """Remove a member (``mem_...``): its keys are revoked and its web sessions end.
        ``organisation`` (name or public id) limits the search to that organisation's members.
        An organisation keeps at least one owner: removing its last one is refused."""
        with self.engine.begin() as c:
            query = select(members.c.id, members.c.removed_at, members.c.role, members.c.organisation_id).where(
                members.c.public_id == member_id.strip()
            )
            if organisation is not None:
                query = query.where(members.c.organisation_id == self._org_pk(c, organisation))
            row = c.execute(query).first()
            if row is None:
                raise NotFoundError(f"No member with id {member_id.strip()[:40]}.")
            if (
                row.removed_at is None
                and row.role == "owner"
                and not c.execute(
                    select(members.c.id).where(
                        members.c.organisation_id == row.organisation_id,
                        members.c.role == "owner",
                        members.c.removed_at.is_(None),
                        members.c.id != row.id,
                    )
                ).first()
            ):
                raise InputError(
                    "This member is the organisation's only owner; add another owner first "
                    "(an organisation always keeps one)."
                )
            if row.removed_at is None:
                at = now()
                c.execute(update(members).where(members.c.id == row.id).values(removed_at=at))
                _revoke(c, api_keys, api_keys.c.member_id == row.id, at)
                _revoke(c, web_sessions, web_sessions.c.member_id == row.id, at)
            return self._member(c, row.id)

    # ------------------------------------------------------------------ keys
    def issue_key(self, organisation: str, member: str | None = None) -> IssuedKey:
        """Another API key for ``organisation`` (its name or public id), for ``member`` (its id
        or label; default: the organisation's first owner, if it has one)."""
        with self.engine.begin() as c:
            org_pk = self._org_pk(c, organisation)
            return self._issue(c, org_pk, self._member_pk(c, org_pk, member))

    def revoke_key(self, key_id: str, organisation: str | None = None) -> KeyRecord:
        """Revoke key ``key_id`` (the ``jrk_<key id>`` part also works); revoking twice is harmless.
        Web sessions signed in with it end too. ``organisation`` (name or public id) limits the
        search to that organisation's keys."""
        key_id = key_id.strip()
        if key_id.startswith(KEY_PREFIX + "_"):
            key_id = key_id.split("_")[1]
        with self.engine.begin() as c:
            query = select(api_keys.c.id, api_keys.c.revoked_at).where(api_keys.c.key_id == key_id)
            if organisation is not None:
                query = query.where(api_keys.c.organisation_id == self._org_pk(c, organisation))
            row = c.execute(query).first()
            if row is None:
                raise NotFoundError(f"No API key with id {key_id[:40]}.")
            if row.revoked_at is None:
                at = now()
                _revoke(c, api_keys, api_keys.c.id == row.id, at)
                _revoke(c, web_sessions, web_sessions.c.api_key_id == row.id, at)
            return self._key_records(c, api_keys.c.key_id == key_id)[0]

    def keys(self, organisation: str) -> list[KeyRecord]:
        with self.engine.connect() as c:
            return self._key_records(c, api_keys.c.organisation_id == self._org_pk(c, organisation))

    def authenticate(self, presented: str) -> Organisation | None:
        """The organisation a full API key belongs to, or None (unknown, malformed or revoked)."""
        found = self.principal(presented)
        return None if found is None else found.organisation

    def principal(self, presented: str) -> Principal | None:
        """Who a full API key acts for, or None (unknown, malformed, revoked, member removed)."""
        with self.engine.connect() as c:
            found = self._key_principal(c, presented)
        return None if found is None else found[1]

    # ------------------------------------------------------------------ web sessions
    def start_session(self, presented: str, hours: float = SESSION_HOURS) -> WebSession | None:
        """Sign in with an API key: a new session (its token shown only now), or None for a bad key.
        Expired sessions are deleted on the way."""
        token = secrets.token_urlsafe(32)
        at = now()
        with self.engine.begin() as c:
            found = self._key_principal(c, presented)
            if found is None:
                return None
            key_pk, principal = found
            member_pk = None
            if principal.member is not None:
                member_pk = c.execute(
                    select(members.c.id).where(members.c.public_id == principal.member.public_id)
                ).scalar_one()
            c.execute(delete(web_sessions).where(web_sessions.c.expires_at < at))
            expires = at + timedelta(hours=hours)
            c.execute(
                insert(web_sessions).values(
                    token_sha256=digest(token),
                    organisation_id=self._org_pk(c, principal.organisation.public_id),
                    api_key_id=key_pk,
                    member_id=member_pk,
                    created_at=at,
                    expires_at=expires,
                    last_seen_at=at,
                )
            )
        return WebSession(token, principal, expires)

    def session(self, token: str | None, *, touch: bool = True) -> Principal | None:
        """Who a session token acts for; None when unknown, expired, ended, or its key revoked.
        ``touch=False`` only reads (``last_seen_at`` is not updated): for polling requests."""
        if not token or len(token) > 200:
            return None
        at = now()
        with self.engine.connect() as c:
            row = c.execute(
                select(
                    web_sessions.c.id,
                    web_sessions.c.expires_at,
                    web_sessions.c.revoked_at,
                    web_sessions.c.last_seen_at,
                    web_sessions.c.token_sha256,
                    api_keys.c.key_id,
                    api_keys.c.revoked_at.label("key_revoked_at"),
                    api_keys.c.member_id,
                )
                .join(api_keys, api_keys.c.id == web_sessions.c.api_key_id)
                .where(web_sessions.c.token_sha256 == digest(token))
            ).first()
            if (
                row is None
                or row.revoked_at is not None
                or row.key_revoked_at is not None
                or aware(row.expires_at) <= at
                or not hmac.compare_digest(row.token_sha256, digest(token))
            ):
                return None
            member = self._member(c, row.member_id) if row.member_id is not None else None
            if member is not None and member.removed_at is not None:
                return None
            org_row = c.execute(
                select(organisations)
                .join(api_keys, api_keys.c.organisation_id == organisations.c.id)
                .where(api_keys.c.key_id == row.key_id)
            ).one()
            principal = Principal(
                Organisation(org_row.public_id, org_row.name, aware(org_row.created_at)), member, row.key_id
            )
        if touch and at - aware(row.last_seen_at) >= SEEN_EVERY:
            with self.engine.begin() as c:
                c.execute(update(web_sessions).where(web_sessions.c.id == row.id).values(last_seen_at=at))
        return principal

    def end_session(self, token: str | None) -> None:
        """Sign out: the session stops working at once (ending an unknown token is harmless)."""
        if not token or len(token) > 200:
            return
        with self.engine.begin() as c:
            _revoke(c, web_sessions, web_sessions.c.token_sha256 == digest(token), now())

    # ------------------------------------------------------------------ helpers
    def _new_member(self, c: Connection, org_pk: int, label: str, role: str) -> int:
        clean = " ".join(str(label).split())
        if not clean:
            raise InputError("A member needs a label (such as 'HR lead' or a work email).")
        if len(clean) > MAX_LABEL_CHARS:
            raise InputError(f"Member labels are at most {MAX_LABEL_CHARS} characters; got {len(clean)}.")
        if role not in MEMBER_ROLES:
            raise InputError(f"A member's role is one of {', '.join(MEMBER_ROLES)}; got {role!r}.")
        if c.execute(select(members.c.id).where(members.c.organisation_id == org_pk, members.c.label == clean)).first():
            raise InputError(f"This organisation already has a member labelled '{clean}'.")
        try:
            inserted = c.execute(
                insert(members).values(
                    public_id="mem_" + secrets.token_hex(8),
                    organisation_id=org_pk,
                    label=clean,
                    role=role,
                    created_at=now(),
                )
            ).inserted_primary_key
        except IntegrityError as exc:
            raise InputError(f"This organisation already has a member labelled '{clean}'.") from exc
        assert inserted is not None
        return int(inserted[0])

    def _member_pk(self, c: Connection, org_pk: int, member: str | None) -> int | None:
        if member is None:
            return (
                c.execute(
                    select(members.c.id)
                    .where(
                        members.c.organisation_id == org_pk, members.c.role == "owner", members.c.removed_at.is_(None)
                    )
                    .order_by(members.c.id)
                )
                .scalars()
                .first()
            )
        clean = " ".join(member.split())
        row = c.execute(
            select(members.c.id, members.c.removed_at).where(
                members.c.organisation_id == org_pk, (members.c.public_id == clean) | (members.c.label == clean)
            )
        ).first()
        if row is None:
            raise NotFoundError(f"No member '{clean[:60]}' in this organisation.")
        if row.removed_at is not None:
            raise InputError(f"Member '{clean[:60]}' was removed; add a new member instead.")
        return int(row.id)

    @classmethod
    def _member(cls, c: Connection, member_pk: int) -> Member:
        (member,) = cls._members(c, members.c.id == member_pk)
        return member

    @staticmethod
    def _members(c: Connection, *where: ColumnElement[bool]) -> list[Member]:
        """The members matching ``where``, in the order they were added."""
        rows = c.execute(
            select(members, organisations.c.name.label("org_name"))
            .join(organisations, organisations.c.id == members.c.organisation_id)
            .where(*where)
            .order_by(members.c.id)
        ).all()
        return [
            Member(row.public_id, row.org_name, row.label, row.role, aware(row.created_at), aware(row.removed_at))
            for row in rows
        ]

    def _issue(self, c: Connection, org_pk: int, member_pk: int | None = None) -> IssuedKey:
        key_id = secrets.token_hex(6)
        secret = secrets.token_urlsafe(32)
        c.execute(
            insert(api_keys).values(
                key_id=key_id,
                organisation_id=org_pk,
                member_id=member_pk,
                secret_sha256=digest(secret),
                created_at=now(),
            )
        )
        row = c.execute(select(organisations).where(organisations.c.id == org_pk)).one()
        org = Organisation(row.public_id, row.name, aware(row.created_at))
        member = self._member(c, member_pk) if member_pk is not None else None
        return IssuedKey(key_id, org, f"{KEY_PREFIX}_{key_id}_{secret}", member)

    def _key_principal(self, c: Connection, presented: str | None) -> tuple[int, Principal] | None:
        parts = (presented or "").strip().split("_", 2)
        if len(parts) != 3 or parts[0] != KEY_PREFIX or not parts[1] or not parts[2] or len(parts[2]) > 200:
            return None
        row = c.execute(
            select(
                api_keys.c.id,
                api_keys.c.secret_sha256,
                api_keys.c.revoked_at,
                api_keys.c.member_id,
                organisations.c.public_id,
                organisations.c.name,
                organisations.c.created_at,
            )
            .join(organisations, organisations.c.id == api_keys.c.organisation_id)
            .where(api_keys.c.key_id == parts[1])
        ).first()
        if row is None or row.revoked_at is not None:
            return None
        if not hmac.compare_digest(row.secret_sha256, digest(parts[2])):
            return None
        member = self._member(c, row.member_id) if row.member_id is not None else None
        if member is not None and member.removed_at is not None:
            return None
        return int(row.id), Principal(Organisation(row.public_id, row.name, aware(row.created_at)), member, parts[1])

    @staticmethod
    def _key_records(c: Connection, *where: ColumnElement[bool]) -> list[KeyRecord]:
        """The API keys matching ``where``, in the order they were issued."""
        rows = c.execute(
            select(
                api_keys.c.key_id, api_keys.c.created_at, api_keys.c.revoked_at, organisations.c.name, members.c.label
            )
            .join(organisations, organisations.c.id == api_keys.c.organisation_id)
            .outerjoin(members, members.c.id == api_keys.c.member_id)
            .where(*where)
            .order_by(api_keys.c.id)
        ).all()
        return [
            KeyRecord(row.key_id, row.name, aware(row.created_at), aware(row.revoked_at), row.label) for row in rows
        ]

    @staticmethod
    def _org_pk(c: Connection, organisation: str) -> int:
        found = c.execute(
            select(organisations.c.id).where(
                (organisations.c.public_id == organisation) | (organisations.c.name == organisation)
            )
        ).first()
        if found is None:
            raise NotFoundError(f"No organisation '{organisation}'.")
        return int(found.id)


def _revoke(c: Connection, table: Table, which: ColumnElement[bool], at: datetime) -> None:
    """Mark the rows of ``table`` (API keys or web sessions) matching ``which`` revoked at ``at``,
    keeping the moment of those revoked before."""
    c.execute(update(table).where(which, table.c.revoked_at.is_(None)).values(revoked_at=at))
