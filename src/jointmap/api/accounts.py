"""Sign-in for the browser (sessions, CSRF, rate-limited) and administration of users and API keys."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from jointmap.api.auth import SESSION_COOKIE, Principal, get_principal, require
from jointmap.api.common import Envelope, errors, state
from jointmap.store.accounts import (
    Role,
    authenticate,
    create_api_key,
    create_session,
    create_user,
    end_session,
    list_users,
    revoke_api_key,
    set_custodial,
)

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["accounts"], responses=errors(403, 404, 409, 429))
Admin = Annotated[Principal, Depends(require(Role.ADMINISTRATOR))]


class Login(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: str = Field(min_length=1, max_length=120)
    password: str = Field(min_length=1, max_length=1000)


@router.post("/session", response_model=Envelope)
def login(request: Request, body: Login) -> Response:
    """Sign in: sets the session cookie (HttpOnly, SameSite=Strict) and returns the CSRF token that every
    unsafe request of this session must send in ``X-CSRF-Token``. Failed attempts are rate-limited."""
    st = state(request)
    client = request.client.host if request.client else "unknown"
    keys = (f"user:{body.username}", f"addr:{client}")
    wait = st.limiter.retry_after(*keys)
    if wait is not None:
        raise HTTPException(
            429, f"too many failed sign-ins; try again in {wait} s", headers={"Retry-After": str(wait)}
        )
    user = authenticate(st.store.engine, body.username, body.password)
    if user is None:
        st.limiter.failed(*keys)
        raise HTTPException(401, "wrong username or password")
    st.limiter.succeeded(body.username)
    token, csrf = create_session(st.store.engine, user, st.settings.session_hours)
    from fastapi.responses import JSONResponse

    response = JSONResponse(
        {
            "username": user.username,
            "organisation": user.organisation,
            "role": user.role.value,
            "csrf_token": csrf,
        }
    )
    response.set_cookie(
        SESSION_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=st.settings.secure_cookies,
        max_age=st.settings.session_hours * 3600,
        path="/",
    )
    return response


@router.delete("/session", response_model=Envelope)
def logout(request: Request, p: Annotated[Principal, Depends(get_principal)]) -> Response:
    """Sign out (ends the session on the server too)."""
    from fastapi.responses import JSONResponse

    token = request.cookies.get(SESSION_COOKIE)
    if token and p.via == "session":
        end_session(state(request).store.engine, token)
    response = JSONResponse({"signed_out": True})
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


class NewUser(BaseModel):
    model_config = ConfigDict(extra="forbid")
    username: str = Field(min_length=1, max_length=120, pattern=r"^[A-Za-z0-9._@-]+$")
    password: str = Field(min_length=8, max_length=1000)
    organisation: str = Field(min_length=1, max_length=120)
    role: Role
    display_name: str = Field(default="", max_length=200)


@router.get("/admin/users", response_model=Envelope)
def users(request: Request, p: Admin) -> dict[str, Any]:
    """Every user: name, organisation, role (never a password hash)."""
    return {
        "items": [
            {
                "username": u.username,
                "organisation": u.organisation,
                "role": u.role.value,
                "display_name": u.display_name,
                "disabled": u.disabled,
            }
            for u in list_users(state(request).store.engine)
        ]
    }


@router.post("/admin/users", status_code=201, response_model=Envelope)
def add_user(request: Request, body: NewUser, p: Admin) -> dict[str, Any]:
    """Add a user to an organisation with one role; the password is stored as an argon2id hash."""
    user = create_user(
        state(request).store.engine,
        body.username,
        body.password,
        body.organisation,
        body.role,
        body.display_name,
    )
    return {"username": user.username, "organisation": user.organisation, "role": user.role.value}


class NewKey(BaseModel):
    model_config = ConfigDict(extra="forbid")
    organisation: str = Field(min_length=1, max_length=120)
    role: Role
    label: str = Field(default="", max_length=200)


@router.post("/admin/api-keys", status_code=201, response_model=Envelope)
def add_key(request: Request, body: NewKey, p: Admin) -> dict[str, Any]:
    """A new API key for an organisation; the secret is shown in this response only."""
    secret, key = create_api_key(state(request).store.engine, body.organisation, body.role, body.label)
    return {"id": key.id, "organisation": key.organisation, "role": key.role.value, "secret": secret}


@router.delete("/admin/api-keys/{key_id}", response_model=Envelope)
def drop_key(request: Request, key_id: str, p: Admin) -> dict[str, Any]:
    revoke_api_key(state(request).store.engine, key_id)
    return {"revoked": key_id}


class Signing(BaseModel):
    model_config = ConfigDict(extra="forbid")
    custodial: bool


@router.put("/admin/organisations/{organisation}/signing", response_model=Envelope)
def signing(request: Request, organisation: str, body: Signing, p: Admin) -> dict[str, Any]:
    """Record whether an organisation chose custodial signing (the server holds its key)."""
    set_custodial(state(request).store.engine, organisation, body.custodial)
    return {"organisation": organisation, "custodial": body.custodial}
