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
from sync.server.console.limits import ConsoleBodyLimit
from sync.server.console.render import render
from sync.server.console.routes import ROUTERS, UPLOAD_PATHS

PREFIX = "/console"
STATIC = f"{PREFIX}/static"


def mount(app: FastAPI) -> None:
    for router in ROUTERS:
        app.include_router(router, prefix=PREFIX)
    # Static files (CSS, a few lines of JS) are not an API: left out of the OpenAPI schema on purpose.
    app.mount(STATIC, StaticFiles(directory=HERE / "static"), name="console-static")
    settings = app.state.settings
    app.add_middleware(ConsoleBodyLimit, prefix=f"{PREFIX}/", max_form=settings.console_max_form_bytes,
                       max_upload=settings.console_max_upload_bytes, upload_paths=UPLOAD_PATHS)

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
