"""The exceptions phakhee raises on purpose, as one small tree with the facts as fields.

::

    PhakheeError                  base of every error raised on purpose     HTTP  CLI exit
    ├── InvalidInput              input that does not fit the model          422   3
    │   │   .field                    the field it names, when one is known
    │   ├── Ambiguous             a name that names more than one node       422   3
    │   │       .candidates               (id, name) of each node it names
    │   ├── Conflict              a body inconsistent with its target        409   3
    │   ├── loaders.limits.TooLarge             a file past a loading limit  413   3
    │   ├── loaders.template_reader.RowError    one row of a file (.column)
    │   └── loaders.tables.UnreadableFile       a file that cannot be read
    ├── NotFound                  a node, place or snapshot that is not there 404   4
    │       .kind, .id                what was looked for
    │       .suggestions              (id, name) of near misses: offered, never taken
    ├── StoreUnavailable          the store cannot be reached or opened      503   5
    │   │   .url                      where it was looked for, when known
    │   └── loaders.writer.LoadInterrupted      a load cut off (.landed, .rows)
    ├── Busy                      being computed for another caller          503   1
    │       .what, .retry_after_s     what, and when to ask again
    └── Forbidden                 the policy refuses this principal this     403   6
        │   .rule, .reason            the policy's rule key and its sentence
        └── SignInNeeded          refused to nobody signed in (no key)       401   6

The API maps them to problem+json once (``api.problems``) and the CLI to one line and an exit
status once (``api.cli.app``), both by class hierarchy: a subclass answers as its nearest
mapped ancestor.
"""

from __future__ import annotations


class PhakheeError(Exception):
    """Base of every error phakhee raises on purpose; ``str(error)`` is the message for users."""


class InvalidInput(PhakheeError):
    """Input that does not fit the model: the message names the field and why."""

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


Named = tuple[str, str]
"""A node as an error names it: its id and the name it is shown by."""


class Ambiguous(InvalidInput):
    """A name (or alias) that names more than one node of the kinds allowed where it was given.

    ``candidates`` holds each one as (id, name), ids in order; giving one of the ids resolves it.
    """

    def __init__(self, message: str, candidates: list[Named], *, field: str | None = None) -> None:
        super().__init__(message, field=field)
        self.candidates = candidates


class Conflict(InvalidInput):
    """What was sent contradicts what it is sent to: a node whose id or kind differs from the
    path it is put at (RFC 9110's answer to an inconsistent PUT)."""


class NotFound(PhakheeError):
    """A node, place, tie or snapshot that does not exist.

    ``kind`` is what was looked for (``node``, ``province``, ``snapshot``, ...), ``id`` the
    identifier or text it was looked for by; ``message`` replaces the default "no KIND 'ID'".
    ``suggestions`` are the nodes, as (id, name), whose names are a near miss of the text: a
    guess offered ("did you mean ..."), never taken.
    """

    def __init__(
        self,
        kind: str,
        id: str | int,
        message: str | None = None,
        *,
        suggestions: list[Named] | None = None,
    ) -> None:
        self.kind = kind
        self.id = id
        self.suggestions = suggestions or []
        shown = repr(id[:80]) if isinstance(id, str) else str(id)
        super().__init__(message or f"no {kind} {shown}")


class StoreUnavailable(PhakheeError):
    """The graph store cannot be reached or opened; the message says where it was looked for."""

    def __init__(self, message: str, *, url: str | None = None) -> None:
        super().__init__(message)
        self.url = url


class Busy(PhakheeError):
    """What was asked is being computed for another caller; asking again shortly will answer it."""

    def __init__(self, what: str, retry_after_s: int = 5) -> None:
        super().__init__(
            f"{what} is still being computed by another request; retry in a few seconds"
        )
        self.what = what
        self.retry_after_s = retry_after_s


class Forbidden(PhakheeError):
    """The policy (``graph.access.decide``) refuses what was asked to who asked it.

    ``rule`` is the decision's stable key (``coordinator.outside_provinces``), which pages
    translate; ``reason`` its English sentence, which is also the message.
    """

    def __init__(self, rule: str, reason: str) -> None:
        super().__init__(reason)
        self.rule = rule
        self.reason = reason


class SignInNeeded(Forbidden):
    """Refused to nobody in particular: no key, no personal token, not signed in. Signing in (or
    a key) may change the answer, so the API answers 401 rather than 403."""
