"""Signing in and out, one's own password, the language, and the page each role starts on."""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from sqlalchemy import select

from sync.server import models as m
from sync.server.accounts import change_own_password
from sync.server.admin_ops import AdminError, audit
from sync.server.console import sessions
from sync.server.console.guard import Csrf, Refused, SessionDep, SignedIn, SignedInAction, safe_next
from sync.server.console.i18n import LANGUAGE_COOKIE, LANGUAGES, N_
from sync.server.console.render import render
from sync.server.console.routes.common import back, home_of
from sync.server.db import now_ms, write_on
from sync.server.deps import ConnDep, SettingsDep, client_address
from sync.server.orgs import get_org
from sync.server.security import login_retry_after_ms, record_login_attempt, retry_after_s, verify_password

router = APIRouter(tags=["console"], include_in_schema=True, default_response_class=HTMLResponse)

Text = Annotated[str, Form(max_length=200)]
Token = Annotated[str, Form(max_length=100)]
NextPath = Annotated[str, Form(max_length=300)]

LOGIN_FAILED = N_("Неправильне ім'я користувача або пароль.")
TOO_MANY = N_("Забагато невдалих спроб входу. Спробуйте знову за %(seconds)s с.")
PASSWORD_ERRORS = {
    "the current password is wrong": N_("Поточний пароль неправильний."),
    "the new password must differ from the current one": N_("Новий пароль має відрізнятися від поточного."),
    "password must differ from the user name": N_("Пароль не може збігатися з іменем користувача."),
}
PASSWORD_LENGTH = N_("Пароль має містити від 8 до 200 символів.")
PASSWORDS_DIFFER = N_("Новий пароль і його повтор не збігаються.")


def _login_page(request: Request, *, error: str | None = None, status: int = 200, username: str = "",
                next_path: str = "/console/", retry: int = 0) -> Response:
    token = secrets.token_urlsafe(32)
    response = render(request, "login.html", status_code=status, login_token=token, error=error, username=username,
                      next_path=safe_next(next_path), retry=retry, expired=request.query_params.get("expired"))
    sessions.set_cookie(request, response, sessions.LOGIN_COOKIE, token, max_age=3600)
    return response


@router.get("/login", summary="Console login page")
def login_page(request: Request, next: str = "/console/") -> HTMLResponse:  # noqa: A002 - the query name
    return _login_page(request, next_path=next[:300])


@router.post("/login", summary="Console login (form)")
def login(request: Request, conn: ConnDep, settings: SettingsDep, username: Text, password: Text,
          login_token: Token, next: NextPath = "/console/") -> HTMLResponse:  # noqa: A002
    cookie = request.cookies.get(sessions.LOGIN_COOKIE, "")
    if not cookie or not hmac.compare_digest(cookie.encode(), login_token.encode()):
        raise Refused(403, N_("Сторінка входу застаріла. Відкрийте її знову й повторіть."))
    address = client_address(request)
    # The same limits as enrolment and login on a laptop (sync.server.security.LoginLimits).
    limits = settings.login_limits()
    now = now_ms()
    wait_ms = login_retry_after_ms(conn, limits, username, address, now)
    if wait_ms > 0:
        wait = retry_after_s(wait_ms)
        response = _login_page(request, error=TOO_MANY, status=429, username=username, next_path=next, retry=wait)
        response.headers["Retry-After"] = str(wait)
        return response
    user = conn.execute(select(m.users).where(m.users.c.username == username)).first()
    conn.rollback()  # no snapshot held during the slow Argon2id check
    ok = verify_password(user.password_hash if user else None, password) and bool(user and user.active)
    with write_on(conn):
        record_login_attempt(conn, username, address, ok, now_ms(), limits.window_ms)  # delays from its end
        audit(conn, "console_login" if ok else "console_login_failed",
              {} if ok else {"username": username[:100], "address": address[:100]}, user_id=user.id if ok else None)
    if not ok:
        return _login_page(request, error=LOGIN_FAILED, status=401, username=username, next_path=next)
    target = "/console/password" if user.must_change_password else safe_next(next)
    if target == "/console/":
        target = home_of(user.role)
    response = RedirectResponse(target, status_code=303)
    sessions.start(conn, request, response, user.id)
    return response


@router.post("/logout", summary="End the console session")
def logout(request: Request, conn: ConnDep, user: SignedInAction):
    sessions.end(conn, user.session_hash)
    with write_on(conn):
        audit(conn, "console_logout", {}, user_id=user.user_id)
    response = RedirectResponse("/console/login", status_code=303)
    response.delete_cookie(sessions.COOKIE, path=sessions.COOKIE_PATH)
    return response


@router.get("/", summary="Console start: each role's first page")
def home(user: SessionDep, csrf_token: Csrf = "") -> RedirectResponse:
    if user.must_change_password:
        return RedirectResponse("/console/password", status_code=303)
    return RedirectResponse(home_of(user.role), status_code=303)


@router.get("/account", summary="Own account")
def account(request: Request, conn: ConnDep, user: SignedIn) -> Response:
    if user.must_change_password:
        return RedirectResponse("/console/password", status_code=303)
    org = get_org(conn, user.org_id)
    return render(request, "account.html", org=org, done=request.query_params.get("done"))


@router.get("/password", summary="Change own password (form)")
def password_page(request: Request, user: SignedIn) -> Response:
    return render(request, "password.html", error=None)


@router.post("/password", summary="Change own password")
def change_password(request: Request, conn: ConnDep, user: SignedInAction,
                    current: Text, new: Text, repeat: Text, csrf_token: Csrf = "") -> Response:
    error = None
    if new != repeat:
        error = PASSWORDS_DIFFER
    elif not 8 <= len(new) <= 200:
        error = PASSWORD_LENGTH
    else:
        try:
            with write_on(conn):
                change_own_password(conn, user.user_id, current, new)
        except AdminError as exc:
            error = PASSWORD_ERRORS.get(str(exc), PASSWORD_LENGTH)
    if error:
        return render(request, "password.html", status_code=422, error=error)
    return back("/console/account", done="password")


@router.get("/language/{code}", summary="Choose the console language")
def language(request: Request, code: str, next: str = "/console/") -> RedirectResponse:  # noqa: A002
    response = RedirectResponse(safe_next(next[:300]), status_code=303)
    if code in LANGUAGES:
        response.set_cookie(LANGUAGE_COOKIE, code, max_age=365 * 86400, path="/console", samesite="strict",
                            httponly=True, secure=sessions.cookie_secure(request))
    return response
