"""Accounts: users, roles, API keys, browser sessions, organisations' signing choice and private notes.

These are *local* tables (``info={"local": True}``): per-server secrets and state that must never be
published in the shared log, so ``rebuild`` leaves them alone. Passwords are argon2id hashes; API keys and
session tokens are random 256-bit secrets stored as SHA-256 digests (high entropy needs no slow hash).
"""

from __future__ import annotations

import contextlib
import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import (
    Boolean,
    Column,
    Engine,
    Index,
    Integer,
    String,
    Table,
    Text,
    delete,
    insert,
    select,
    update,
)

from jointmap.errors import NotAllowed, NotFound, StoreError
from jointmap.store import schema as s

__all__ = [
    "ApiKey",
    "Note",
    "Role",
    "User",
    "add_note",
    "api_keys",
    "authenticate",
    "create_api_key",
    "create_session",
    "create_user",
    "custodial",
    "end_session",
    "hash_password",
    "list_users",
    "notes_for",
    "org_settings",
    "private_notes",
    "resolve_api_key",
    "resolve_session",
    "revoke_api_key",
    "sessions",
    "set_custodial",
    "users",
]

_LOCAL = {"local": True}


class Role(StrEnum):
    """What a person may do. Everyone acts only for their own organisation."""

    PARTY_LIAISON = "party_liaison"
    MONITOR = "monitor"
    REVIEWER = "reviewer"
    ADMINISTRATOR = "administrator"
    PUBLIC = "public"


users = Table(
    "accounts_users",
    s.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("username", String(120), nullable=False, unique=True),
    Column("organisation", String(120), nullable=False),
    Column("role", String(32), nullable=False),
    Column("display_name", Text, nullable=False),
    Column("password_hash", Text, nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("disabled", Boolean, nullable=False),
    info=_LOCAL,
)

api_keys = Table(
    "accounts_api_keys",
    s.metadata,
    Column("id", String(40), primary_key=True),
    Column("organisation", String(120), nullable=False),
    Column("role", String(32), nullable=False),
    Column("label", Text, nullable=False),
    Column("secret_sha256", String(64), nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("revoked", Boolean, nullable=False),
    info=_LOCAL,
)

sessions = Table(
    "accounts_sessions",
    s.metadata,
    Column("token_sha256", String(64), primary_key=True),
    Column("user_id", Integer, nullable=False),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", String(40), nullable=False),
    Column("expires_at", String(40), nullable=False),
    Index("ix_accounts_sessions_user", "user_id"),
    info=_LOCAL,
)

org_settings = Table(
    "accounts_org_settings",
    s.metadata,
    Column("organisation", String(120), primary_key=True),
    # True: this organisation asked the server to hold its key and sign its entries (and they say so).
    Column("custodial", Boolean, nullable=False),
    info=_LOCAL,
)

private_notes = Table(
    "accounts_notes",
    s.metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("organisation", String(120), nullable=False),
    Column("author", String(120), nullable=False),
    Column("subject", String(120), nullable=False),
    Column("text", Text, nullable=False),
    Column("private", Boolean, nullable=False),
    Column("created_at", String(40), nullable=False),
    Index("ix_accounts_notes_subject", "subject"),
    info=_LOCAL,
)

_hasher = PasswordHasher()


def _now() -> datetime:
    return datetime.now(UTC)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class User:
    id: int
    username: str
    organisation: str
    role: Role
    display_name: str
    disabled: bool = False


@dataclass(frozen=True)
class ApiKey:
    id: str
    organisation: str
    role: Role
    label: str
    created_at: str
    revoked: bool


@dataclass(frozen=True)
class Note:
    id: int
    organisation: str
    author: str
    subject: str
    text: str
    private: bool
    created_at: str


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def _require_org(engine: Engine, organisation: str) -> None:
    with engine.connect() as conn:
        known = conn.execute(select(s.organisations.c.id).where(s.organisations.c.id == organisation)).first()
    if known is None:
        raise NotFound(f"no organisation {organisation!r}")


def create_user(
    engine: Engine,
    username: str,
    password: str,
    organisation: str,
    role: Role | str,
    display_name: str = "",
) -> User:
    """Add a user of an existing organisation; the password is stored as an argon2id hash only."""
    role = Role(role)
    if len(password) < 8:
        raise NotAllowed("a password needs at least 8 characters")
    _require_org(engine, organisation)
    with engine.begin() as conn:
        if conn.execute(select(users.c.id).where(users.c.username == username)).first() is not None:
            raise NotAllowed(f"user {username!r} exists")
        result = conn.execute(
            insert(users).values(
                username=username,
                organisation=organisation,
                role=role.value,
                display_name=display_name or username,
                password_hash=hash_password(password),
                created_at=_now().isoformat(),
                disabled=False,
            )
        )
        key = result.inserted_primary_key
        assert key is not None
        return User(int(key[0]), username, organisation, role, display_name or username)


def _user(row: object) -> User:
    r = row  # a Row with the users columns
    return User(
        int(r.id),  # type: ignore[attr-defined]
        str(r.username),  # type: ignore[attr-defined]
        str(r.organisation),  # type: ignore[attr-defined]
        Role(r.role),  # type: ignore[attr-defined]
        str(r.display_name),  # type: ignore[attr-defined]
        bool(r.disabled),  # type: ignore[attr-defined]
    )


def list_users(engine: Engine, organisation: str | None = None) -> list[User]:
    query = select(users).order_by(users.c.username)
    if organisation is not None:
        query = query.where(users.c.organisation == organisation)
    with engine.connect() as conn:
        return [_user(r) for r in conn.execute(query)]


def authenticate(engine: Engine, username: str, password: str) -> User | None:
    """The user when the password matches and the account is enabled, else None; same work either way."""
    with engine.connect() as conn:
        row = conn.execute(select(users).where(users.c.username == username)).first()
    if row is None:
        # Spend the same time as a real check, so timing does not reveal which usernames exist.
        with contextlib.suppress(VerificationError, InvalidHashError):
            _hasher.verify(_DUMMY_HASH, password)
        return None
    try:
        _hasher.verify(row.password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return None
    user = _user(row)
    if user.disabled:
        return None
    if _hasher.check_needs_rehash(row.password_hash):
        with engine.begin() as conn:
            conn.execute(
                update(users).where(users.c.id == user.id).values(password_hash=hash_password(password))
            )
    return user


_DUMMY_HASH = _hasher.hash("not a real password")


def create_api_key(
    engine: Engine, organisation: str, role: Role | str, label: str = ""
) -> tuple[str, ApiKey]:
    """A new API key for an organisation: returns (the secret, shown once; its record)."""
    role = Role(role)
    _require_org(engine, organisation)
    key_id = "jmk_" + secrets.token_hex(6)
    secret = f"{key_id}.{secrets.token_urlsafe(32)}"
    created = _now().isoformat()
    with engine.begin() as conn:
        conn.execute(
            insert(api_keys).values(
                id=key_id,
                organisation=organisation,
                role=role.value,
                label=label,
                secret_sha256=_sha(secret),
                created_at=created,
                revoked=False,
            )
        )
    return secret, ApiKey(key_id, organisation, role, label, created, False)


def resolve_api_key(engine: Engine, secret: str) -> ApiKey | None:
    key_id = secret.split(".", 1)[0]
    with engine.connect() as conn:
        row = conn.execute(select(api_keys).where(api_keys.c.id == key_id)).first()
    if row is None or row.revoked or not secrets.compare_digest(row.secret_sha256, _sha(secret)):
        return None
    return ApiKey(row.id, row.organisation, Role(row.role), row.label, row.created_at, bool(row.revoked))


def revoke_api_key(engine: Engine, key_id: str) -> None:
    with engine.begin() as conn:
        done = conn.execute(update(api_keys).where(api_keys.c.id == key_id).values(revoked=True)).rowcount
    if not done:
        raise NotFound(f"no API key {key_id!r}")


def create_session(engine: Engine, user: User, hours: int = 12) -> tuple[str, str]:
    """A browser session for ``user``: (session token for the cookie, CSRF token for forms and fetch)."""
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(32)
    now = _now()
    with engine.begin() as conn:
        conn.execute(delete(sessions).where(sessions.c.expires_at < now.isoformat()))
        conn.execute(
            insert(sessions).values(
                token_sha256=_sha(token),
                user_id=user.id,
                csrf_token=csrf,
                created_at=now.isoformat(),
                expires_at=(now + timedelta(hours=hours)).isoformat(),
            )
        )
    return token, csrf


def resolve_session(engine: Engine, token: str) -> tuple[User, str] | None:
    """(user, CSRF token) of a live session, else None."""
    query = (
        select(users, sessions.c.csrf_token, sessions.c.expires_at)
        .select_from(sessions.join(users, users.c.id == sessions.c.user_id))
        .where(sessions.c.token_sha256 == _sha(token))
    )
    with engine.connect() as conn:
        row = conn.execute(query).first()
    if row is None or row.expires_at < _now().isoformat() or row.disabled:
        return None
    return _user(row), str(row.csrf_token)


def end_session(engine: Engine, token: str) -> None:
    with engine.begin() as conn:
        conn.execute(delete(sessions).where(sessions.c.token_sha256 == _sha(token)))


def set_custodial(engine: Engine, organisation: str, custodial_signing: bool) -> None:
    _require_org(engine, organisation)
    with engine.begin() as conn:
        conn.execute(delete(org_settings).where(org_settings.c.organisation == organisation))
        conn.execute(insert(org_settings).values(organisation=organisation, custodial=custodial_signing))


def custodial(engine: Engine, organisation: str) -> bool:
    with engine.connect() as conn:
        value = conn.execute(
            select(org_settings.c.custodial).where(org_settings.c.organisation == organisation)
        ).scalar()
    return bool(value)


def add_note(
    engine: Engine, organisation: str, author: str, subject: str, text: str, *, private: bool = True
) -> Note:
    if not text.strip():
        raise StoreError("a note needs text")
    created = _now().isoformat()
    with engine.begin() as conn:
        result = conn.execute(
            insert(private_notes).values(
                organisation=organisation,
                author=author,
                subject=subject,
                text=text,
                private=private,
                created_at=created,
            )
        )
        key = result.inserted_primary_key
        assert key is not None
    return Note(int(key[0]), organisation, author, subject, text, private, created)


def notes_for(engine: Engine, organisation: str | None, subject: str | None = None) -> list[Note]:
    """Notes ``organisation`` may read: its own, private or not, and other organisations' shared ones.

    ``organisation=None`` (the public) reads no notes at all.
    """
    if organisation is None:
        return []
    query = select(private_notes).where(
        (private_notes.c.organisation == organisation) | (private_notes.c.private.is_(False))
    )
    if subject is not None:
        query = query.where(private_notes.c.subject == subject)
    with engine.connect() as conn:
        return [
            Note(r.id, r.organisation, r.author, r.subject, r.text, bool(r.private), r.created_at)
            for r in conn.execute(query.order_by(private_notes.c.id))
        ]
