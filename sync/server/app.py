"""The FastAPI application: routes, error handlers and the compression/protocol middleware."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import APIRouter, FastAPI

from sync.server import SERVER_VERSION, console, partners, reference_data
from sync.server.body_limits import BodyLimits
from sync.server.checks_later import check_soon, stop_checks
from sync.server.compression import ResponseCompression
from sync.server.console.routes import UPLOAD_PATHS
from sync.server.db import make_engine
from sync.server.errors import API_ERROR_RESPONSES, install_handlers
from sync.server.protocol_check import ProtocolCheck
from sync.server.routes import admin, attachments, device, directory, enroll, health, reports
from sync.server.routes import sync as sync_routes
from sync.server.settings import ServerSettings


@asynccontextmanager
async def _lifespan(app: FastAPI) -> AsyncIterator[None]:
    # Cases a push queued for the duplicate check before the server stopped (or was killed) are checked now.
    check_soon(app.state.engine, app.state.settings.duplicate_check_quiet_s)
    yield
    stop_checks(app.state.engine)  # the round under way ends; none begins on a database being closed


def create_app(settings: ServerSettings | None = None, *, engine=None) -> FastAPI:
    settings = settings or ServerSettings()
    app = FastAPI(title="Poruch server", version=SERVER_VERSION, lifespan=_lifespan,
                  description="Central sync server of Poruch (protocol: docs/sync-protocol.md).")
    app.state.settings = settings
    app.state.engine = engine or make_engine(settings.resolved_database_url())
    install_handlers(app)
    app.include_router(health.router)
    api = APIRouter(prefix="/api/v1")
    api.include_router(enroll.router)
    api.include_router(sync_routes.router)
    api.include_router(admin.router)
    api.include_router(directory.router)
    api.include_router(device.router)
    api.include_router(attachments.router)
    api.include_router(reference_data.router)
    api.include_router(partners.router)
    api.include_router(reports.router)
    app.include_router(api, responses=API_ERROR_RESPONSES)
    console.mount(app)  # the web console under /console (its own body bounds, sessions and CSRF)
    # Outermost first: the version check answers before a body is read; bodies are bounded (by the
    # caller's credentials and the route) and inflated before FastAPI parses them; responses are
    # compressed last.
    app.add_middleware(BodyLimits, settings=settings, engine=app.state.engine, upload_paths=UPLOAD_PATHS)
    app.add_middleware(ResponseCompression)
    app.add_middleware(ProtocolCheck)
    return app
