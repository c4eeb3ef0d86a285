"""Errors a user can act on carry a message in Chinese; anything else is a bug and should crash loudly."""

from __future__ import annotations


class UserError(Exception):
    """A problem the user (or their environment) caused; `message` is shown as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ValidationError(UserError):
    """Input that breaks a rule; nothing was written."""


class StateError(UserError):
    """The action is not allowed in the record's current state (locked, wrong lifecycle step)."""


class NotFoundError(UserError):
    """A record named by the user does not exist."""


class StorageError(UserError):
    """The environment failed us: disk full, read-only folder, corrupt or too-new database."""
