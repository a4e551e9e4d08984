"""The error every command raises for a wrong option or folder: the CLI prints it and exits with 2."""

from __future__ import annotations


class UsageError(Exception):
    """A wrong option or folder (exit 2)."""
