"""Small pieces the console routes share: redirects with a done-message, and role home pages."""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi.responses import RedirectResponse

from sync.server.console.guard import ADMIN, ANALYST, DISTRICT

HOME_OF_ROLE = {ADMIN: "/console/offices", DISTRICT: "/console/district", ANALYST: "/console/analysis"}


def home_of(role: str) -> str:
    return HOME_OF_ROLE.get(role, "/console/account")


def back(path: str, done: str | None = None, **params: str) -> RedirectResponse:
    """303 to a page after a form post; `done` names a message of that page's catalogue (never free text)."""
    query = {**({"done": done} if done else {}), **{k: v for k, v in params.items() if v}}
    return RedirectResponse(path + (f"?{urlencode(query)}" if query else ""), status_code=303)
