"""Schema migrations, run programmatically (`poruch-server migrate`, and at every `serve`)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, insert, select

HERE = Path(__file__).resolve().parent


def alembic_config(connection) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    cfg.attributes["connection"] = connection
    return cfg


def current_revision(engine: Engine) -> str | None:
    from alembic.migration import MigrationContext

    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine) -> None:
    """Bring the schema to the newest revision and make sure the singleton rows exist."""
    from sync.server.models import server_state

    with engine.connect() as conn:
        command.upgrade(alembic_config(conn), "head")
        conn.commit()
    with engine.begin() as conn:
        if conn.execute(select(server_state.c.seq).where(server_state.c.id == 1)).first() is None:
            conn.execute(insert(server_state).values(id=1, seq=0))
