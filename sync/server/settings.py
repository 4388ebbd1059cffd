"""Typed server settings: command-line options override PORUCH_SERVER_* environment variables."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_dir
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


def default_data_dir() -> Path:
    return Path(user_data_dir("Poruch Server", appauthor=False))


class ServerSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PORUCH_SERVER_", extra="ignore")

    data_dir: Path = Field(default_factory=default_data_dir)
    database_url: str | None = None  # None: an SQLite file in data_dir
    host: str = "127.0.0.1"
    port: int = 8765
    # Addresses of reverse proxies whose X-Forwarded-For is trusted (the login limit per address needs
    # the real client address behind a TLS proxy). "*" trusts any.
    forwarded_allow_ips: str = "127.0.0.1"

    # Brute-force limits on enroll/login, per user name and per client address.
    login_window_s: int = 15 * 60
    login_max_failures_user: int = 5
    login_max_failures_address: int = 30

    # Analysts' aggregates: no published count below this (statistical disclosure control).
    aggregates_min_count: int = Field(default=10, ge=3)

    # A case transfer not answered by the receiving office within this many days expires (the sender is told).
    transfer_expiry_days: float = Field(default=14, gt=0)

    max_request_bytes: int = 64 * 1024 * 1024  # compressed or not, after decompression

    # Web console (/console): a session ends after this long without a request, and in any case after
    # the maximum age; forms are bounded far below the sync API's bodies (an upload has its own bound).
    console_idle_timeout_s: int = 30 * 60
    console_session_max_s: int = 12 * 60 * 60
    console_max_form_bytes: int = 64 * 1024
    console_max_upload_bytes: int = 8 * 1024 * 1024
    log_level: str = "info"
    # The Ed25519 key that signs audit checkpoints (sync.server.signing); default: in data_dir.
    audit_key_file: Path | None = None

    def audit_key_path(self) -> Path:
        from sync.server.signing import key_path

        return self.audit_key_file or key_path(self.data_dir)

    def resolved_database_url(self) -> str:
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'server.sqlite3').as_posix()}"
