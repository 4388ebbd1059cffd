"""HTTP from the tests to the servers they start on 127.0.0.1 (plain HTTP).

httpx's top-level functions (`httpx.get`, `httpx.post`, ...) make a client for each call, and every new
client loads the system's CA certificates into a fresh TLS context: ~50 ms of CPU each, for servers that
speak no TLS at all. Polling a starting server for /health every 50 ms that way kept a core busy while the
server itself was trying to start; over the whole suite it was a fifth of its CPU (py-spy, 05.12.2026). These
wrappers hand every call one context made once: the same requests, each still on its own client (no
cookies or connections shared between calls).
"""

from __future__ import annotations

import ssl

import httpx

TLS = ssl.create_default_context()


def get(url: str, **kw) -> httpx.Response:
    return httpx.get(url, verify=TLS, **kw)


def post(url: str, **kw) -> httpx.Response:
    return httpx.post(url, verify=TLS, **kw)


def delete(url: str, **kw) -> httpx.Response:
    return httpx.delete(url, verify=TLS, **kw)


def request(method: str, url: str, **kw) -> httpx.Response:
    return httpx.request(method, url, verify=TLS, **kw)


def client(**kw) -> httpx.Client:
    """A client of its own (cookies, connections), without loading the certificates again."""
    return httpx.Client(verify=TLS, **kw)
