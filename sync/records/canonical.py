"""Canonical forms shared by both ends: JSON, record hashes and the scope digest.

Client and server hash a record's synced state the same way, so after a sync each side can sum
its scope into a count and an order-independent digest (XOR of per-record hashes) and compare
the two in one request, without sending the records again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

# One encoder, built once: json.dumps with non-default settings builds a new one on every call
# (twice for every record the server applies, once for every record a laptop downloads).
canonical_json: Callable[[Any], str] = json.JSONEncoder(sort_keys=True, ensure_ascii=False,
                                                         separators=(",", ":")).encode


def record_hash(record_type: str, case_id: str, data: dict[str, Any], deleted: bool) -> str:
    payload = canonical_json([record_type, case_id, data, bool(deleted)])
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def digest_item(record_id: str, hash_hex: str) -> int:
    """A record's 64-bit contribution to the scope digest."""
    return int.from_bytes(hashlib.sha256(f"{record_id}:{hash_hex}".encode()).digest()[:8], "big")


def format_digest(value: int) -> str:
    return f"{value:016x}"
