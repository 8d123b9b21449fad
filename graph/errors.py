"""The exceptions phakhee raises; the API and the CLI each map them to users once."""

from __future__ import annotations


class PhakheeError(Exception):
    """Base of every error phakhee raises on purpose."""


class InvalidInput(PhakheeError):
    """Input that does not fit the model: the message names the field and why."""


class NotFound(PhakheeError):
    """A node, tie or snapshot that does not exist."""


class StoreUnavailable(PhakheeError):
    """The graph store cannot be reached or opened; the message names where it was looked for."""


class Busy(PhakheeError):
    """What was asked is being computed for another caller; asking again shortly will answer it."""
