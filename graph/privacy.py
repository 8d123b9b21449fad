"""The one gate personal data leaves the service through (PDPA).

The model marks the fields that are personal (``PERSONAL_FIELDS``: phone, email, LINE id,
address). Whatever leaves the service — an API response, a page, a view, an export, an error
body — passes a node's fields through ``gate`` with the ``Audience`` asking: fields that
audience may not see are left out, and ``withheld`` names them, so a reader (and a loader given
the file back) knows they were held back rather than empty.

Until accounts exist there are two audiences: ``PUBLIC`` (anyone; no personal field) and
``TRUSTED`` (a caller with a write key on the routes that say so, or the CLI, which has the
store's own access). The accounts will refine ``Audience.may_see`` by role and place; every
caller already goes through it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
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

    def may_see(self, field: str) -> bool:
        """Whether this audience may see ``field`` of a node."""
        return self.contacts or field not in PERSONAL_FIELDS


PUBLIC = Audience(contacts=False)
"""Anyone: never a personal field."""
TRUSTED = Audience(contacts=True)
"""A write key on a route that says so, or the CLI: every field."""


def gate(props: Mapping[str, Any], audience: Audience) -> dict[str, Any]:
    """``props`` without the fields ``audience`` may not see."""
    return {k: v for k, v in props.items() if audience.may_see(k)}


def withheld(props: Iterable[str], audience: Audience) -> list[str]:
    """The fields of ``props`` that ``gate`` leaves out for ``audience``, sorted."""
    return sorted(k for k in props if not audience.may_see(k))
