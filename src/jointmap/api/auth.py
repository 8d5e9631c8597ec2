"""Who is asking: API keys (per organisation), browser sessions with CSRF tokens, or the public.

* ``Authorization: Bearer <key>`` or ``X-API-Key: <key>``: an organisation's API key; no CSRF (no cookie).
* the ``jointmap_session`` cookie: a browser session; every unsafe request must carry the session's CSRF
  token in ``X-CSRF-Token`` (or a ``csrf_token`` form field), so another site cannot post on a user's behalf.
* nothing: the public, which reads a redacted view and writes nothing.

Everyone acts only for their own organisation; ``require`` lists the roles an endpoint admits.
"""

from __future__ import annotations

import secrets
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field

from fastapi import Depends, HTTPException, Request

from jointmap.store.accounts import Role, resolve_api_key, resolve_session

__all__ = [
    "CSRF_HEADER",
    "SESSION_COOKIE",
    "LoginLimiter",
    "Principal",
    "get_principal",
    "require",
    "sees_restricted_sources",
]

SESSION_COOKIE = "jointmap_session"
CSRF_HEADER = "X-CSRF-Token"
_SAFE = {"GET", "HEAD", "OPTIONS"}


@dataclass(frozen=True)
class Principal:
    role: Role
    organisation: str | None = None
    username: str | None = None
    #: "api_key", "session" or "anonymous"
    via: str = "anonymous"
    csrf_token: str | None = None

    @property
    def public(self) -> bool:
        return self.role is Role.PUBLIC

    @property
    def label(self) -> str:
        return f"{self.username or self.via}@{self.organisation}" if self.organisation else "public"


PUBLIC = Principal(Role.PUBLIC)


def sees_restricted_sources(p: Principal) -> bool:
    """Monitors, reviewers and administrators see every source's identity; others only their own."""
    return p.role in {Role.MONITOR, Role.REVIEWER, Role.ADMINISTRATOR}


def _bearer(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip() or None
    return request.headers.get("x-api-key") or None


async def get_principal(request: Request) -> Principal:
    engine = request.app.state.store.engine
    key = _bearer(request)
    if key is not None:
        found = resolve_api_key(engine, key)
        if found is None:
            raise HTTPException(401, "unknown or revoked API key")
        return Principal(found.role, found.organisation, f"key:{found.id}", "api_key")
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        session = resolve_session(engine, token)
        if session is not None:
            user, csrf = session
            principal = Principal(user.role, user.organisation, user.username, "session", csrf)
            if request.method not in _SAFE:
                await _check_csrf(request, csrf)
            return principal
    return PUBLIC


async def _check_csrf(request: Request, expected: str) -> None:
    given = request.headers.get(CSRF_HEADER)
    if given is None and request.headers.get("content-type", "").startswith(
        ("application/x-www-form-urlencoded", "multipart/form-data")
    ):
        form = await request.form()
        value = form.get("csrf_token")
        given = value if isinstance(value, str) else None
    if not given or not secrets.compare_digest(given, expected):
        raise HTTPException(403, f"missing or wrong CSRF token: send the session's token in {CSRF_HEADER}")


def require(*roles: Role) -> Callable[..., Principal]:
    """A dependency admitting only ``roles`` (401 for the public, 403 for other roles)."""
    allowed = frozenset(roles)
    names = ", ".join(sorted(r.value for r in allowed))

    def dependency(principal: Principal = Depends(get_principal)) -> Principal:  # noqa: B008
        if principal.role in allowed:
            return principal
        if principal.via == "anonymous":
            raise HTTPException(401, f"sign in or send an API key; this needs one of: {names}")
        raise HTTPException(403, f"role {principal.role.value} may not do this; needs one of: {names}")

    return dependency


@dataclass
class LoginLimiter:
    """At most ``attempts`` failed logins per username and per client address in ``window`` seconds."""

    attempts: int = 5
    window: float = 300.0
    clock: Callable[[], float] = time.monotonic
    _failures: dict[str, deque[float]] = field(default_factory=dict)

    def _recent(self, key: str) -> deque[float]:
        now = self.clock()
        q = self._failures.setdefault(key, deque())
        while q and now - q[0] > self.window:
            q.popleft()
        return q

    def retry_after(self, *keys: str) -> int | None:
        """Seconds to wait when any key is over the limit, else None."""
        waits = []
        for key in keys:
            q = self._recent(key)
            if len(q) >= self.attempts:
                waits.append(int(self.window - (self.clock() - q[0])) + 1)
        return max(waits) if waits else None

    def failed(self, *keys: str) -> None:
        for key in keys:
            self._recent(key).append(self.clock())

    def succeeded(self, username: str) -> None:
        self._failures.pop(f"user:{username}", None)
