"""Typed server settings: command-line options override PORUCH_SERVER_* environment variables."""

from __future__ import annotations

from pathlib import Path

from platformdirs import user_data_dir
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from sync.protocol import MAX_PUSH_BYTES


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

    # Brute-force limits on enroll/login/sessions and the console login (sync.server.security.LoginLimits):
    # after login_free_failures failures for a user name from one address, each further attempt from
    # there waits the next of login_delays_s (the last repeats); an address gets at most
    # login_max_failures_address failures in the window. No lockout per user name alone.
    login_window_s: int = 15 * 60
    login_free_failures: int = 3
    login_delays_s: list[float] = Field(default_factory=lambda: [1, 2, 4, 8, 16, 32, 60])
    login_max_failures_address: int = 30

    def login_limits(self):
        from sync.server.security import LoginLimits

        return LoginLimits(self.login_window_s * 1000, self.login_free_failures,
                           tuple(int(d * 1000) for d in self.login_delays_s), self.login_max_failures_address)

    # Analysts' aggregates: no published count below this (statistical disclosure control).
    aggregates_min_count: int = Field(default=10, ge=3)

    # The duplicate check runs once no push has committed for this long (sync.server.checks_later).
    duplicate_check_quiet_s: float = Field(default=0.2, gt=0)

    # A case transfer not answered by the receiving office within this many days expires (the sender is told).
    transfer_expiry_days: float = Field(default=14, gt=0)

    # Request bodies (sync.server.body_limits), inflated size. Without valid credentials a request gets
    # the small bound whatever it names; with them, the bound of its route; none beyond max_request_bytes.
    max_request_bytes: int = 64 * 1024 * 1024
    unauthenticated_body_bytes: int = 64 * 1024
    authenticated_body_bytes: int = 1024 * 1024
    audit_body_bytes: int = 8 * 1024 * 1024
    push_body_bytes: int = MAX_PUSH_BYTES

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
