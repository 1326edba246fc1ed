"""Who may do what in an organisation: the rules, and the use cases that manage members and keys.

Every interface asks here: the API and the web pages for the member signed in (a
:class:`jobrisk.appdb.Principal`), the ``jobrisk org`` commands for the local operator.

=============================================  =====  ======
action                                         owner  member
=============================================  =====  ======
upload rosters (create audits)                 yes    yes
read, list and export the organisation's       yes    yes
audits; change an audit's assumptions; correct
its title mapping (kept for later audits)
delete audits                                  yes    no
issue and revoke API keys                      yes    no
add, list and remove members; list keys        yes    no
=============================================  =====  ======

* A key issued before members existed (it has no member) acts as an owner: its organisation had
  no other way to act.
* The **local operator** is whoever runs ``jobrisk org`` against the application database
  itself. Holding the database, it can already change anything in it, so the commands act with
  every right, on any organisation named.
* For everyone, operator included: an organisation always keeps one owner (removing its last
  owner is refused), and a member or key id of another organisation is "not found", like an id
  that does not exist.

A refused action raises :class:`jobrisk.errors.NotPermittedError` (HTTP 403, CLI exit code 12)
naming the action and the member's role.

May import: appdb, errors.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from jobrisk.appdb import AppRepository, IssuedKey, KeyRecord, Member, Organisation, Principal
from jobrisk.errors import NotPermittedError

OWNER, MEMBER = "owner", "member"


class Action(str, Enum):
    CREATE_AUDIT = "upload rosters"
    READ_AUDITS = "read the organisation's audits"
    CHANGE_AUDIT = "change an audit's assumptions or title mapping"
    DELETE_AUDIT = "delete audits"
    MANAGE_KEYS = "issue or revoke API keys"
    MANAGE_MEMBERS = "add, list or remove members"


ALLOWED: dict[str, frozenset[Action]] = {
    OWNER: frozenset(Action),
    MEMBER: frozenset({Action.CREATE_AUDIT, Action.READ_AUDITS, Action.CHANGE_AUDIT}),
}


@dataclass(frozen=True)
class Operator:
    """Whoever runs jobrisk against the application database directly (the ``jobrisk org`` CLI)."""

    name: str = "local operator"


LOCAL_OPERATOR = Operator()
Actor = Principal | Operator


def role_of(actor: Actor) -> str:
    """'operator', or the member's role ('owner' for keys without a member)."""
    if isinstance(actor, Operator):
        return "operator"
    return actor.member.role if actor.member is not None else OWNER


def may(actor: Actor, action: Action) -> bool:
    role = role_of(actor)
    return role == "operator" or action in ALLOWED.get(role, frozenset())


def allowed_actions(actor: Actor) -> list[str]:
    """The names of the actions ``actor`` may take (for ``GET /api/v1/org`` and the pages)."""
    return [a.name.lower() for a in Action if may(actor, a)]


def require(actor: Actor, action: Action) -> None:
    """NotPermittedError unless ``actor`` may take ``action``."""
    if not may(actor, action):
        who = actor.member.label if isinstance(actor, Principal) and actor.member else "this key"
        raise NotPermittedError(
            f"Only an organisation's owners may {action.value}; {who!r} has the "
            f"{role_of(actor)} role. Ask an owner of your organisation."
        )


class Organisations:
    """Members and API keys of organisations, with the rules above (thread-safe: every call is
    its own transaction)."""

    def __init__(self, repository: AppRepository):
        self.repository = repository

    def _scope(self, actor: Actor, organisation: str | None) -> str:
        """The organisation an action is about: a member's own (whatever is named), or the one the
        operator names."""
        if isinstance(actor, Principal):
            return actor.organisation.public_id
        if not organisation:
            raise ValueError("the local operator must name the organisation")
        return organisation

    def create(self, actor: Actor, name: str, owner_label: str = "owner") -> IssuedKey:
        """A new organisation with its owner and the owner's first key (the operator's act)."""
        if not isinstance(actor, Operator):
            raise NotPermittedError("Organisations are created by whoever runs the server ('jobrisk org create NAME').")
        return self.repository.create_organisation(name, owner_label=owner_label)

    def organisation(self, actor: Actor, organisation: str | None = None) -> Organisation:
        return self.repository.organisation(self._scope(actor, organisation))

    def issue_key(self, actor: Actor, organisation: str | None = None, member: str | None = None) -> IssuedKey:
        require(actor, Action.MANAGE_KEYS)
        return self.repository.issue_key(self._scope(actor, organisation), member=member)

    def revoke_key(self, actor: Actor, key_id: str) -> KeyRecord:
        require(actor, Action.MANAGE_KEYS)
        scope = actor.organisation.public_id if isinstance(actor, Principal) else None
        return self.repository.revoke_key(key_id, organisation=scope)

    def keys(self, actor: Actor, organisation: str | None = None) -> list[KeyRecord]:
        require(actor, Action.MANAGE_KEYS)
        return self.repository.keys(self._scope(actor, organisation))

    def add_member(self, actor: Actor, label: str, role: str = MEMBER, organisation: str | None = None) -> IssuedKey:
        require(actor, Action.MANAGE_MEMBERS)
        return self.repository.add_member(self._scope(actor, organisation), label, role)

    def members(self, actor: Actor, organisation: str | None = None) -> list[Member]:
        require(actor, Action.MANAGE_MEMBERS)
        return self.repository.members(self._scope(actor, organisation))

    def remove_member(self, actor: Actor, member_id: str) -> Member:
        require(actor, Action.MANAGE_MEMBERS)
        scope = actor.organisation.public_id if isinstance(actor, Principal) else None
        return self.repository.remove_member(member_id, organisation=scope)
