"""Who may see a console page or do a console action: a live session, the role, and (for POST) the CSRF token.

Every console route depends on `page(...)`, `action(...)` or `signed_in`/`signed_in_action` (tests check that
none is left without one). A request without a session is sent to the login page; a role that may not see a
page gets 403; a form without the session's CSRF token gets 403 and changes nothing.
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import Depends, Form, Request

from sync.server.console import sessions
from sync.server.console.i18n import N_
from sync.server.console.sessions import ConsoleUser
from sync.server.deps import ConnDep, SettingsDep

ADMIN = "administrator"
DISTRICT = "district"
ANALYST = "analyst"
PASSWORD_PAGE = "/console/password"


class LoginRequired(Exception):  # noqa: N818 - a signal, handled by a redirect
    def __init__(self, next_path: str, expired: bool = False):
        self.next_path = next_path
        self.expired = expired


class Refused(Exception):  # noqa: N818 - handled by an error page
    def __init__(self, status: int, message: str):
        self.status = status
        self.message = message  # a catalogue message (N_), translated on the error page


class MustChangePassword(Exception):  # noqa: N818 - handled by a redirect to the password page
    pass


def _session(request: Request, conn: ConnDep, settings: SettingsDep) -> ConsoleUser:
    user = sessions.current(conn, request, settings)
    if user is None:
        raise LoginRequired(request.url.path, expired=sessions.COOKIE in request.cookies)
    request.state.console_user = user
    return user


SessionDep = Annotated[ConsoleUser, Depends(_session)]


def signed_in(user: SessionDep) -> ConsoleUser:
    """Any role with a live session (the own-password page, logout)."""
    return user


async def _check_csrf(request: Request, user: ConsoleUser) -> None:
    form = await request.form()  # parsed once, already bounded by sync.server.body_limits
    token = form.get("csrf_token")
    if not isinstance(token, str) or not hmac.compare_digest(token.encode(), user.csrf_token.encode()):
        raise Refused(403, N_("Форму відхилено: вона застаріла або надіслана не з цієї сторінки. "
                              "Відкрийте сторінку знову й повторіть."))


async def signed_in_action(request: Request, user: SessionDep) -> ConsoleUser:
    await _check_csrf(request, user)
    return user


def page(*roles: str):
    """A page for these roles (whose password is their own by now)."""
    def dependency(user: SessionDep) -> ConsoleUser:
        if user.must_change_password:
            raise MustChangePassword()
        if user.role not in roles:
            raise Refused(403, N_("Ця сторінка недоступна для вашої ролі."))
        return user

    dependency.console_roles = roles  # read by the test that every route has its roles
    return dependency


def action(*roles: str):
    """A form post for these roles: the page's checks, then the CSRF token."""
    check_page = page(*roles)

    async def dependency(request: Request, user: SessionDep) -> ConsoleUser:
        check_page(user)
        await _check_csrf(request, user)
        return user

    dependency.console_roles = roles
    dependency.checks_csrf = True
    return dependency


signed_in_action.checks_csrf = True


def safe_next(path: str | None) -> str:
    """Where to go after login: a console path only (no open redirect)."""
    if (path and path.startswith("/console/") and "//" not in path and "\\" not in path and ".." not in path
            and len(path) < 300):
        return path
    return "/console/"


SignedIn = Annotated[ConsoleUser, Depends(signed_in)]
SignedInAction = Annotated[ConsoleUser, Depends(signed_in_action)]
AdminPage = Annotated[ConsoleUser, Depends(page(ADMIN))]
AdminAction = Annotated[ConsoleUser, Depends(action(ADMIN))]
DistrictPage = Annotated[ConsoleUser, Depends(page(DISTRICT))]
# Declared on every form post so that the OpenAPI schema documents the token (checked by the dependencies
# above, which answer 403 when it is missing or wrong; the parameter itself is never read).
Csrf = Annotated[str, Form(max_length=100, description="the session's CSRF token, carried by every console form")]
