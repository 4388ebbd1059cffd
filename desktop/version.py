"""The application's version: pyproject.toml reads it from here, the database records it (store/database.py)."""

APP_VERSION = "0.1.0"
