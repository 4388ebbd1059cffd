"""The server's audit signing key (Ed25519): signs the checkpoints it gives laptops for their audit logs.

Kept as a file in the server's data folder (readable by the server's account only), not in the
database: someone who can rewrite the database's audit log cannot sign a checkpoint that agrees
with the rewrite. Created on first use; several worker processes race safely (written whole to a temporary file,
then linked into place, which fails if another process linked theirs first).
Servers sharing one PostgreSQL database across machines must share this file too.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    load_pem_private_key,
)

KEY_FILE = "audit-signing-key.pem"


def key_path(data_dir: Path) -> Path:
    return Path(data_dir) / KEY_FILE


@cache
def load_or_create(path: Path) -> Ed25519PrivateKey:
    path = Path(path)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        key = Ed25519PrivateKey.generate()
        tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as f:
            f.write(key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()))
            f.flush()
            os.fsync(f.fileno())
        try:
            os.link(tmp, path)
            return key
        except FileExistsError:
            pass  # another process made it first: use theirs
        finally:
            tmp.unlink()
    key = load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError(f"{path}: not an Ed25519 key")
    return key
