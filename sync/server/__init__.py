"""The central Poruch server: FastAPI over SQLAlchemy (PostgreSQL in production, SQLite embedded)."""

SERVER_VERSION = "0.1.0"
