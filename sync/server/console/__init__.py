"""The central web console, served by poruch-server under /console (server-rendered pages).

Administrators run offices, users, devices, reference data and the audit log; district administrations
see their offices' operational state. Pages are Jinja2 templates in Ukrainian with an English catalogue
(`i18n`), behind console sessions (`sessions`) with role and CSRF checks on every route (`guard`).
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import RedirectResponse
from fastapi.staticfiles import StaticFiles

from sync.server.console.guard import PASSWORD_PAGE, LoginRequired, MustChangePassword, Refused
from sync.server.console.i18n import HERE
from sync.server.console.render import render
from sync.server.console.routes import ROUTERS

PREFIX = "/console"
# Besides each page: the login redirect, refusals (role, CSRF), bounded bodies and login throttling.
CONSOLE_RESPONSES: dict[int | str, dict] = {
    303: {"description": "to the login page (no live session) or the next page"},
    401: {"description": "wrong user name or password (login form)"},
    403: {"description": "this role may not, or the form's CSRF token is missing or wrong"},
    413: {"description": "form or upload beyond its bound"},
    422: {"description": "a form field is missing or malformed"},
    429: {"description": "too many failed logins: wait Retry-After seconds"},
}
STATIC = f"{PREFIX}/static"


def mount(app: FastAPI) -> None:
    for router in ROUTERS:
        app.include_router(router, prefix=PREFIX, responses=CONSOLE_RESPONSES)
    # Static files (CSS, a few lines of JS) are not an API: left out of the OpenAPI schema on purpose.
    app.mount(STATIC, StaticFiles(directory=HERE / "static"), name="console-static")
    # Form and upload bodies are bounded with every other body, before parsing (sync.server.body_limits).

    @app.exception_handler(LoginRequired)
    async def _login(_request: Request, exc: LoginRequired):
        target = f"{PREFIX}/login?next={quote(exc.next_path)}" + ("&expired=1" if exc.expired else "")
        return RedirectResponse(target, status_code=303)

    @app.exception_handler(MustChangePassword)
    async def _password(_request: Request, _exc: MustChangePassword):
        return RedirectResponse(PASSWORD_PAGE, status_code=303)

    @app.exception_handler(Refused)
    async def _refused(request: Request, exc: Refused):
        return render(request, "error.html", status_code=exc.status, message=exc.message)
