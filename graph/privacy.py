"""The one gate personal data leaves the service through (PDPA).

The model marks the fields that are personal (``PERSONAL_FIELDS``: phone, email, LINE id,
address). Whatever leaves the service — an API response, a page, a view, an export, an error
body — passes a node's fields through ``gate`` with the ``Audience`` asking: fields that
audience may not see are left out, and ``withheld`` names them, so a reader (and a loader given
the file back) knows they were held back rather than empty.

Until accounts exist there are two audiences: ``PUBLIC`` (anyone; no personal field) and
``TRUSTED`` (a caller with a write key on the routes that say so, or the CLI, which has the
store's own access). An account's audience (``graph.access.audience``) sees contacts by where a
node is: its ``contacts_at`` answers for a node's places, which a caller passes as ``places=``;
without places such an audience sees what ``PUBLIC`` sees.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from phakhee.graph.model import CONTACT_FIELDS

PERSONAL_FIELDS: frozenset[str] = frozenset(CONTACT_FIELDS)
"""The fields the model marks personal."""


@dataclass(frozen=True, slots=True)
class Audience:
    """Who is asking, as far as personal data goes."""

    contacts: bool = False
    """May see personal contact fields."""
    contacts_at: Callable[[frozenset[str]], bool] | None = dataclasses.field(
        default=None, compare=False
    )
    """Whether the contact fields of a node at these places (province, region and zone ids) are
    visible, for an audience that sees some contacts but not all (``contacts`` False)."""

    def may_see(self, field: str, places: Iterable[str] | None = None) -> bool:
        """Whether this audience may see ``field`` of a node (located at ``places``, when the
        audience's view of contacts depends on where the node is)."""
        if self.contacts or field not in PERSONAL_FIELDS:
            return True
        return (
            places is not None
            and self.contacts_at is not None
            and self.contacts_at(frozenset(places))
        )


PUBLIC = Audience(contacts=False)
"""Anyone: never a personal field."""
TRUSTED = Audience(contacts=True)
"""A write key on a route that says so, or the CLI: every field."""


def gate(
    props: Mapping[str, Any], audience: Audience, *, places: Iterable[str] | None = None
) -> dict[str, Any]:
    """``props`` without the fields ``audience`` may not see (of a node at ``places``)."""
    where = None if places is None else frozenset(places)
    return {k: v for k, v in props.items() if audience.may_see(k, where)}


def withheld(
    props: Iterable[str], audience: Audience, *, places: Iterable[str] | None = None
) -> list[str]:
    """The fields of ``props`` that ``gate`` leaves out for ``audience``, sorted."""
    where = None if places is None else frozenset(places)
    return sorted(k for k in props if not audience.may_see(k, where))
