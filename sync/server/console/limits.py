"""Bounds on console request bodies, enforced before anything parses them."""

from __future__ import annotations

from collections.abc import Iterable


class ConsoleBodyLimit:
    """Reads a /console request body up to its bound (413 beyond it), then hands it on in one piece.

    Forms are small; the few upload paths get a larger bound. The sync API is not touched.
    """

    def __init__(self, app, *, prefix: str, max_form: int, max_upload: int, upload_paths: Iterable[str]):
        self.app = app
        self.prefix = prefix
        self.max_form = max_form
        self.max_upload = max_upload
        self.upload_paths = frozenset(upload_paths)

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or not scope["path"].startswith(self.prefix) or scope["method"] in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        limit = self.max_upload if scope["path"] in self.upload_paths else self.max_form
        declared = next((v for k, v in scope["headers"] if k == b"content-length"), None)
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await _too_large(send, limit)
            return
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            if len(body) > limit:
                await _too_large(send, limit)
                return
            if not message.get("more_body", False):
                break
        sent = False

        async def replay():
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


async def _too_large(send, limit: int) -> None:
    text = (f"Запит завеликий (щонайбільше {limit} байтів). / Request too large (at most {limit} bytes).").encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(text)).encode())]})
    await send({"type": "http.response.body", "body": text})
