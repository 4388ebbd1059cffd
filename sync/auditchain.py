"""Hash chains of audit entries and signed checkpoints, the same on a laptop and on the server.

Each entry's hash is SHA-256 of the previous entry's hash and the entry's canonical content, so
removing, reordering or editing an entry changes every hash after it. A checkpoint (after C2SP's
signed tree heads, reduced to a chain) is a short text naming a log, its size and the hash of its
last entry, signed by the server with Ed25519: whoever keeps it can later show that a log was cut
short or rewritten below that point.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

# The content an entry's hash covers, as text: sorted keys, no spaces, UTF-8 as is (the audit
# chain's own definition, so that it never changes with the record wire format).
canonical_json = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode

GENESIS = "0" * 64  # the "previous hash" of a log's first entry

# A laptop's audit entry: these keys, in this order, are what its hash covers (absent = None).
LAPTOP_ENTRY_KEYS = ("seq", "at", "user", "action", "case_id", "record_type", "fields", "detail")
CHECKPOINT_ORIGIN = "poruch-audit-checkpoint/1"


def chain_hash(previous: str, content: Any) -> str:
    """The hash of an entry whose content is `content` (canonical JSON) after an entry hashed `previous`."""
    return hashlib.sha256(f"{previous}\n{canonical_json(content)}".encode()).hexdigest()


def laptop_entry_hash(previous: str, entry: Mapping[str, Any]) -> str:
    return chain_hash(previous, [entry.get(k) for k in LAPTOP_ENTRY_KEYS])


@dataclass(frozen=True)
class ChainBreak:
    """Where a chain stops verifying: `seq` is the first entry that does not follow from the one before."""

    seq: int
    kind: str  # "gap" (numbers skipped), "rewritten" (the hash does not follow), "order"
    detail: str = ""


def verify_laptop_chain(entries: Iterable[Mapping[str, Any]], *, previous: str = GENESIS,
                        first_seq: int = 1) -> list[ChainBreak]:
    """Every break in a run of laptop entries (each with its `hash`), starting after `previous`."""
    breaks: list[ChainBreak] = []
    expected = first_seq
    for entry in entries:
        seq = int(entry["seq"])
        if seq > expected:
            breaks.append(ChainBreak(seq, "gap", f"{expected}..{seq - 1} missing"))
        elif seq < expected:
            breaks.append(ChainBreak(seq, "order", f"{seq} after {expected - 1}"))
        if laptop_entry_hash(previous, entry) != entry["hash"] and not (breaks and breaks[-1].seq == seq):
            breaks.append(ChainBreak(seq, "rewritten", "its hash does not follow from the entry before"))
        previous, expected = entry["hash"], seq + 1
    return breaks


# --- checkpoints ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Checkpoint:
    device_id: str
    size: int            # number of the laptop log's last entry received
    hash: str            # its hash
    server_size: int     # the server log's last entry id once they were appended
    server_hash: str
    time_ms: int

    def text(self) -> str:
        return (f"{CHECKPOINT_ORIGIN}\ndevice {self.device_id}\nsize {self.size}\nhash {self.hash}\n"
                f"server {self.server_size} {self.server_hash}\ntime {self.time_ms}\n")

    @classmethod
    def parse(cls, text: str) -> Checkpoint:
        lines = text.split("\n")
        try:
            if lines[0] != CHECKPOINT_ORIGIN or lines[-1] != "":
                raise ValueError("origin")
            fields = dict(line.split(" ", 1) for line in lines[1:-1])
            server_size, server_hash = fields["server"].split(" ")
            cp = cls(fields["device"], int(fields["size"]), fields["hash"], int(server_size), server_hash,
                     int(fields["time"]))
        except (ValueError, KeyError) as exc:
            raise ValueError("not a Poruch audit checkpoint") from exc
        if cp.text() != text:
            raise ValueError("not a Poruch audit checkpoint")
        return cp


def public_key_text(key: Ed25519PrivateKey | Ed25519PublicKey) -> str:
    # Here, not at the top: cryptography's serialization package (SSH, PKCS#12) is the server's, not a laptop's.
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    public = key.public_key() if isinstance(key, Ed25519PrivateKey) else key
    return base64.b64encode(public.public_bytes(Encoding.Raw, PublicFormat.Raw)).decode("ascii")


def sign(key: Ed25519PrivateKey, text: str) -> str:
    return base64.b64encode(key.sign(text.encode("utf-8"))).decode("ascii")


def signature_valid(public_key: str, text: str, signature: str) -> bool:
    try:
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(public_key, validate=True))
        key.verify(base64.b64decode(signature, validate=True), text.encode("utf-8"))
    except (InvalidSignature, ValueError):
        return False
    return True
