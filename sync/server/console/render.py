"""Templates: one Jinja2 environment per language (gettext installed), rendered for a request."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse

from sync.server.console.i18n import HERE, LANGUAGE_COOKIE, language_of, translations
from sync.server.console.labels import (
    AUDIT_ACTIONS,
    DUPLICATE_STATES,
    LEVEL_NAMES,
    MATCHED_FIELDS,
    ORG_KINDS,
    ROLE_NAMES,
    TRANSFER_STATES,
)

KYIV = ZoneInfo("Europe/Kyiv")


# Pages show account and device data: never cached, never framed (clickjacking), scripts and styles only
# from the console itself, forms only posted back to it.
SECURITY_HEADERS = {
    "Cache-Control": "no-store",
    "Content-Security-Policy": "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'; "
                               "object-src 'none'",
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def format_ms(value: int | None, with_time: bool = True) -> str:
    """dd.mm.yyyy HH:MM, Kyiv time (the people reading it are in Ukraine); empty for None."""
    if value is None:
        return ""
    moment = datetime.fromtimestamp(value / 1000, UTC).astimezone(KYIV)
    return moment.strftime("%d.%m.%Y %H:%M" if with_time else "%d.%m.%Y")


def format_number(value: int | float | None) -> str:
    """Thousands separated by a narrow no-break space, as Ukrainian typesetting does."""
    if value is None:
        return ""
    return f"{value:,}".replace(",", "\u202f")


@cache
def environment(language: str):
    """The templates of a language (Jinja2 is imported on first use: the server starts faster)."""
    from jinja2 import Environment, FileSystemLoader, select_autoescape

    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["html"]),
                      extensions=["jinja2.ext.i18n"], trim_blocks=True, lstrip_blocks=True)
    env.install_gettext_translations(translations(language), newstyle=True)
    env.filters["when"] = format_ms
    env.filters["day"] = lambda v: format_ms(v, with_time=False)
    env.filters["number"] = format_number
    env.globals["language"] = language
    env.globals.update(role_names=ROLE_NAMES, org_kinds=ORG_KINDS, audit_actions=AUDIT_ACTIONS, level_names=LEVEL_NAMES,
                       transfer_states=TRANSFER_STATES, duplicate_states=DUPLICATE_STATES, matched_fields=MATCHED_FIELDS)
    return env


def request_language(request: Request) -> str:
    return language_of(request.cookies.get(LANGUAGE_COOKIE))


def gettext_for(request: Request):
    """The gettext of the request's language, for messages composed in Python."""
    return translations(request_language(request)).gettext


def render(request: Request, template: str, status_code: int = 200, **context) -> HTMLResponse:
    language = request_language(request)
    page = environment(language).get_template(template)
    user = getattr(request.state, "console_user", None)
    html = page.render(request=request, user=user, csrf_token=user.csrf_token if user else "", **context)
    response = HTMLResponse(html, status_code=status_code)
    response.headers.update(SECURITY_HEADERS)
    return response
