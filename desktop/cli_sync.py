"""Sync commands of the `poruch` command line (enroll, sync, status): registered by desktop.cli."""

from __future__ import annotations


def register(subparsers) -> None:
    """Add the sync subcommands to the `poruch` parser (filled in by the sync engine work)."""
