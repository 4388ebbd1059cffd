"""JSON errors: `{"code", "message", ...}` with a precise status, for every failure the API reports."""

from __future__ import annotations

import random
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from sqlalchemy.exc import TimeoutError as PoolTimeout
from starlette.exceptions import HTTPException as StarletteHTTPException

from sync.protocol import MAX_PUSH_BATCH, ErrorBody

MAX_REPORTED_ERRORS = 20  # a body with a million bad items must not get a million-line answer


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, *, headers: dict[str, str] | None = None,
                 **extra: Any):
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers
        self.extra = extra

    def body(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, **self.extra}


RETRY_AFTER_S = (2, 8)  # spread: laptops told to come back do not all come back in the same second


def server_busy() -> ApiError:
    """503 with Retry-After: nothing was done, try again then."""
    wait = random.randint(*RETRY_AFTER_S)
    return ApiError(503, "server_busy", "the server is busy: try again after Retry-After seconds",
                    headers={"Retry-After": str(wait)}, retry_after=wait)


def _documented(description: str) -> dict[str, Any]:
    return {"model": ErrorBody, "description": description}


# The answers every /api/v1 route may give besides its own (OpenAPI: what clients and fuzzers may expect).
API_ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: _documented("malformed request: bad Content-Length, corrupt or too many compressed members"),
    401: _documented("missing, unknown or revoked credentials"),
    403: _documented("authenticated, but this role, device or scope may not do this"),
    413: _documented("request body beyond its bound: 64 KiB without valid credentials, else the route's"),
    415: _documented("unsupported Content-Encoding"),
    422: _documented("the body or parameters do not match the schema (at most 20 errors listed)"),
    426: _documented("the X-Poruch-Protocol header names no version this server speaks"),
    503: _documented("the server is busy (no database connection was free): nothing was changed; "
                     "try again after Retry-After seconds"),
}
LOGIN_RESPONSES: dict[int | str, dict[str, Any]] = {
    429: _documented("too many failed logins for this user name from this address, or from this address: "
                     "wait Retry-After seconds"),
}


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None,
                   **extra: Any) -> JSONResponse:
    return JSONResponse({"code": code, "message": message, **extra}, status_code=status, headers=headers)


def _loc(loc: tuple | list) -> str:
    """("body", "changes", 3, "base_seq") → "body.changes[3].base_seq"."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def install_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, exc: ApiError):
        return JSONResponse(exc.body(), status_code=exc.status, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError):
        errors = exc.errors()
        if any(e.get("type") == "too_long" and tuple(e.get("loc", ())) == ("body", "changes") for e in errors):
            return error_response(413, "batch_too_large", f"at most {MAX_PUSH_BATCH} changes per push",
                                  max_changes=MAX_PUSH_BATCH)
        # The offending values are not echoed back: they may be personal data.
        detail = [{"loc": list(e.get("loc", ())), "field": _loc(e.get("loc", ())), "msg": e.get("msg", ""),
                   "type": e.get("type", "")} for e in errors[:MAX_REPORTED_ERRORS]]
        first = detail[0] if detail else {"field": "body", "msg": "invalid"}
        message = f"{first['field']}: {first['msg']}"
        if len(errors) > 1:
            message += f" (and {len(errors) - 1} more)"
        extra = {"more_errors": len(errors) - len(detail)} if len(errors) > len(detail) else {}
        return error_response(422, "invalid_request", message, detail=detail, **extra)

    @app.exception_handler(PoolTimeout)
    async def _pool_exhausted(_request: Request, _exc: PoolTimeout):
        # Every pooled connection busy for the pool's 30 s: overload, not a fault. It was answered 500
        # (benchmarks/server_load.py, a 500-laptop morning peak); the laptop now waits Retry-After instead.
        busy = server_busy()
        return JSONResponse(busy.body(), status_code=busy.status, headers=busy.headers)

    @app.exception_handler(Exception)
    async def _internal(request: Request, exc: Exception):
        if isinstance(exc, PoolTimeout):  # raised in a middleware (the body bounds check credentials)
            return await _pool_exhausted(request, exc)
        # Starlette logs the traceback itself; SQL parameters are hidden from it (db.make_engine).
        return error_response(500, "internal_error", "internal server error")

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException):
        codes = {404: "not_found", 405: "method_not_allowed"}
        return error_response(exc.status_code, codes.get(exc.status_code, "http_error"), str(exc.detail),
                              headers=getattr(exc, "headers", None))
