"""Protocol version negotiation: every /api/v1 request names the protocol version it speaks."""

from __future__ import annotations

import json

from sync.protocol import PROTOCOL_HEADER, SUPPORTED_PROTOCOLS

_HEADER = PROTOCOL_HEADER.lower().encode()


def unsupported_message(sent: str | None) -> str:
    supported = ", ".join(str(v) for v in SUPPORTED_PROTOCOLS)
    if sent is None:
        return ("Програма не вказала версію протоколу синхронізації. Оновіть «Поруч» до актуальної версії. / "
                f"The app did not state its sync protocol version. Please update Poruch. (supported: {supported})")
    return (f"Версія протоколу синхронізації {sent} не підтримується цим сервером (підтримуються: {supported}). "
            "Оновіть «Поруч» або зверніться до адміністратора. / "
            f"Sync protocol version {sent} is not supported by this server (supported: {supported}). "
            "Please update Poruch or contact your administrator.")


class ProtocolCheck:
    """Answers 426 to /api/v1 requests without a supported X-Poruch-Protocol, before anything else."""

    def __init__(self, app, prefix: str = "/api/v1/"):
        self.app = app
        self.prefix = prefix

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http" and scope["path"].startswith(self.prefix):
            sent = next((v.decode("latin-1").strip() for k, v in scope["headers"] if k == _HEADER), None)
            if sent is None or not sent.isdigit() or int(sent) not in SUPPORTED_PROTOCOLS:
                body = json.dumps({"code": "unsupported_protocol", "supported": list(SUPPORTED_PROTOCOLS),
                                   "message": unsupported_message(sent)}, ensure_ascii=False).encode()
                await send({"type": "http.response.start", "status": 426,
                            "headers": [(b"content-type", b"application/json; charset=utf-8"),
                                        (b"content-length", str(len(body)).encode())]})
                await send({"type": "http.response.body", "body": body})
                return
        await self.app(scope, receive, send)
