"""API access tokens: issue, verify, revoke, list — and the audit trail of writes.

A token is ``mjl_<random>``; only its SHA-256 digest is stored. Roles:

- ``admin`` — everything, including tokens;
- ``commission`` — protocols, tabulation, mandates;
- ``party-officer`` — the roll, lists and expulsions of ONE party (``party_id``);
- ``observer`` — protocol copies and incidents, read everything public.

Anonymous callers hold no token and read published results only.
"""

from __future__ import annotations

import enum
import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import bindparam, insert, select
from sqlalchemy.orm import Session

from majlis.errors import InputError, Location, NotFoundError
from majlis.store._base import column_length
from majlis.store.api_rows import ApiAuditRow, ApiTokenRow
from majlis.store.registry_rows import MembershipEventRow, PartyRow
from majlis.store.results_rows import IncidentRow, ProtocolFinalRow, ProtocolVersionRow

__all__ = [
    "ACTOR_LENGTH",
    "IssuedToken",
    "Principal",
    "Role",
    "TokenInfo",
    "issue_token",
    "list_tokens",
    "record_write",
    "revoke_token",
    "token_digest",
    "verify_token",
]

_PREFIX = "mjl_"


#: The longest name a token may carry (its column).
NAME_LENGTH = column_length(ApiTokenRow.__table__.c.name)

#: The narrowest column that records an author (``entered_by``, ``decided_by``, ...).
ACTOR_LENGTH = min(
    column_length(column)
    for column in (
        ProtocolVersionRow.__table__.c.entered_by,
        ProtocolVersionRow.__table__.c.observer,
        ProtocolFinalRow.__table__.c.decided_by,
        IncidentRow.__table__.c.observer,
        IncidentRow.__table__.c.recorded_by,
        MembershipEventRow.__table__.c.entered_by,
        ApiAuditRow.__table__.c.actor,
    )
)


class Role(enum.StrEnum):
    """What a token may do."""

    ADMIN = "admin"
    COMMISSION = "commission"
    PARTY_OFFICER = "party-officer"
    OBSERVER = "observer"


@dataclass(frozen=True, slots=True)
class Principal:
    """The verified holder of a token."""

    token_id: int
    name: str
    role: Role
    party_id: int | None

    @property
    def actor(self) -> str:
        """How the holder is recorded as the author of a record: name and token, ``Erkin #12``.

        The token's id makes the holders of two tokens of the same name two observers (two
        protocol copies, two authors); the name keeps the record readable. The name is cut
        so that the whole fits :data:`ACTOR_LENGTH`, the narrowest author column.
        """
        suffix = f" #{self.token_id}"
        return self.name[: ACTOR_LENGTH - len(suffix)].rstrip() + suffix


@dataclass(frozen=True, slots=True)
class TokenInfo:
    """What may be shown about a stored token (never the secret)."""

    id: int
    name: str
    role: Role
    party_id: int | None
    created_at: datetime
    expires_at: datetime
    revoked_at: datetime | None

    def is_active(self, *, now: datetime | None = None) -> bool:
        """Return whether the token is neither revoked nor expired at ``now``."""
        moment = now or datetime.now(UTC)
        return self.revoked_at is None and self.expires_at > moment


@dataclass(frozen=True, slots=True)
class IssuedToken:
    """A freshly issued token: the secret is shown exactly once."""

    secret: str
    info: TokenInfo


def token_digest(secret: str) -> str:
    """What is stored of a token: the SHA-256 of its secret, in hex."""
    return hashlib.sha256(secret.encode()).hexdigest()


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _info(row: ApiTokenRow) -> TokenInfo:
    return TokenInfo(
        id=row.id,
        name=row.name,
        role=Role(row.role),
        party_id=row.party_id,
        created_at=_aware(row.created_at),
        expires_at=_aware(row.expires_at),
        revoked_at=_aware(row.revoked_at) if row.revoked_at is not None else None,
    )


def issue_token(
    session: Session,
    *,
    name: str,
    role: Role | str,
    party_id: int | None = None,
    days: int = 90,
    now: datetime | None = None,
) -> IssuedToken:
    """Create a token for ``name`` with ``role``; a party officer must name one party."""
    try:
        role = Role(role)
    except ValueError:
        valid = ", ".join(r.value for r in Role)
        raise InputError.expected(
            what="The role",
            expected=f"one of {valid}",
            got=role,
            location=Location(field="role"),
            code="token.role",
            params={"valid": valid, "got": repr(role)},
        ) from None
    if not name.strip() or len(name) > NAME_LENGTH or not name.isprintable():
        raise InputError.expected(
            what="The token's name",
            expected=f"1 to {NAME_LENGTH} printable characters",
            got=name[:60],
            location=Location(field="name"),
            code="token.name",
            params={"most": NAME_LENGTH, "got": repr(name[:60])},
        )
    if role is Role.PARTY_OFFICER and party_id is None:
        raise InputError.expected(
            what="A party officer's party_id",
            expected="the id of the one party the officer acts for",
            got=None,
            location=Location(field="party_id"),
            code="token.officer_party",
        )
    if role is not Role.PARTY_OFFICER and party_id is not None:
        raise InputError.expected(
            what="party_id",
            expected="given only for the party-officer role",
            got=party_id,
            location=Location(field="party_id"),
            code="token.party_not_officer",
        )
    if not 1 <= days <= 3650:
        raise InputError.expected(
            what="The lifetime in days",
            expected="in [1, 3650]",
            got=days,
            location=Location(field="days"),
            code="token.days",
        )
    if not name.strip():
        raise InputError.expected(
            what="The token name",
            expected="a non-empty label",
            got=name,
            location=Location(field="name"),
        )
    if party_id is not None and session.get(PartyRow, party_id) is None:
        raise NotFoundError(
            f"No party with id {party_id}.",
            location=Location(field="party_id"),
            code="party.unknown_id",
            params={"id": party_id},
        )
    created = now or datetime.now(UTC)
    secret = _PREFIX + secrets.token_urlsafe(32)
    row = ApiTokenRow(
        name=name.strip(),
        role=role.value,
        party_id=party_id,
        digest=token_digest(secret),
        created_at=created,
        expires_at=created + timedelta(days=days),
    )
    session.add(row)
    session.flush()
    return IssuedToken(secret=secret, info=_info(row))


#: built once (every authenticated request runs it); columns only, no ORM object
_HOLDER = select(
    ApiTokenRow.id,
    ApiTokenRow.name,
    ApiTokenRow.role,
    ApiTokenRow.party_id,
    ApiTokenRow.expires_at,
    ApiTokenRow.revoked_at,
).where(ApiTokenRow.digest == bindparam("digest"))


def verify_token(session: Session, secret: str, *, now: datetime | None = None) -> Principal | None:
    """Return the holder of an active token, or None for an unknown, revoked or expired one."""
    if not secret.startswith(_PREFIX):
        return None
    session.flush()  # Core below: no autoflush, so a token issued in this session is seen
    row = session.connection().execute(_HOLDER, {"digest": token_digest(secret)}).first()
    if row is None:
        return None
    token_id, name, role, party_id, expires_at, revoked_at = row
    if revoked_at is not None or _aware(expires_at) <= (now or datetime.now(UTC)):
        return None
    return Principal(token_id=token_id, name=name, role=Role(role), party_id=party_id)


def revoke_token(session: Session, token_id: int, *, now: datetime | None = None) -> TokenInfo:
    """Revoke a token by id (idempotent: an already revoked token keeps its first date)."""
    row = session.get(ApiTokenRow, token_id)
    if row is None:
        raise NotFoundError(
            f"No API token with id {token_id}.",
            location=Location(field="id"),
            code="token.unknown",
            params={"id": token_id},
        )
    if row.revoked_at is None:
        row.revoked_at = now or datetime.now(UTC)
        session.flush()
    return _info(row)


def list_tokens(session: Session, *, active_only: bool = False) -> tuple[TokenInfo, ...]:
    """Return every token (or only the active ones), oldest first."""
    infos = tuple(_info(r) for r in session.scalars(select(ApiTokenRow).order_by(ApiTokenRow.id)))
    if active_only:
        now = datetime.now(UTC)
        return tuple(i for i in infos if i.is_active(now=now))
    return infos


def record_write(
    session: Session,
    *,
    principal: Principal | None,
    method: str,
    path: str,
    status: int,
) -> None:
    """Attribute one write to its token in the audit trail (same transaction as the write)."""
    # one Core INSERT on the session's connection (this runs on every write of the API)
    session.connection().execute(
        insert(ApiAuditRow),
        [
            {
                "at": datetime.now(UTC),
                "token_id": principal.token_id if principal else None,
                "actor": principal.actor if principal else "anonymous",
                "role": principal.role.value if principal else "public",
                "method": method,
                "path": path,
                "status": status,
            }
        ],
    )
