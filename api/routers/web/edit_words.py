"""The editing pages' words: each field of the model by its label, each value a choice offers,
each kind of tie a node's ties page adds and the model's refusals, in the reader's language
(the policy's refusals are the error page's, which translates their reasons).

It lives under ``api/routers/web/`` because the catalogue's messages are extracted from there
(``viz.web.messages``). A field or value the catalogue has no words for is shown by its own
name, so a field added to the model shows on the form before it has a label.
"""

from __future__ import annotations

import re

from phakhee.viz.web import catalogue
from phakhee.viz.web.catalogue import Lang as LangCode
from phakhee.viz.web.words import N_

LABELS: dict[str, str] = {
    "name": N_("Name"),
    "name_en": N_("English name"),
    "aliases": N_("Also known as"),
    "description": N_("Description"),
    "tags": N_("Tags"),
    "position": N_("Position"),
    "phone": N_("Phone"),
    "email": N_("Email"),
    "line_id": N_("LINE id"),
    "address": N_("Address"),
    "consent_basis": N_("Lawful basis of consent"),
    "consent_date": N_("Date of consent"),
    "consent_purpose": N_("Purpose of consent"),
    "consent_source": N_("Where consent was recorded"),
    "team_type": N_("Type of team"),
    "theme": N_("Theme"),
    "founded": N_("Founded"),
    "sector": N_("Sector"),
    "org_type": N_("Type of organisation"),
    "lesson_type": N_("Type of lesson"),
    "event_type": N_("Type of event"),
    "level": N_("Level"),
    "date": N_("Date"),
    "url": N_("Link"),
    "governance": N_("Governance"),
    "role": N_("Role"),
    "since": N_("Since"),
    "context": N_("How they know each other"),
}
"""Each field by its label (an assessment's objectives are numbered: ``objective_label``)."""

VALUES: dict[str, str] = {
    "provincial_network": N_("provincial civic network"),
    "working_group": N_("working group"),
    "regional_cft": N_("regional cross-function team"),
    "provincial_cft": N_("provincial cross-function team"),
    "thematic_cft": N_("thematic cross-function team"),
    "government": N_("government"),
    "private": N_("private sector"),
    "civil_society": N_("civil society"),
    "target_group": N_("target group"),
    "best_practice": N_("best practice"),
    "active_learning": N_("learning by doing"),
    "media": N_("media"),
    "policy_brief": N_("policy brief"),
    "meeting": N_("meeting"),
    "forum": N_("forum"),
    "exchange": N_("exchange"),
    "training": N_("training"),
    "campaign": N_("campaign"),
    "policy": N_("policy level"),
    "operational": N_("operational level"),
    "beginner": N_("beginner"),
    "intermediate": N_("intermediate"),
    "advanced": N_("advanced"),
    "other": N_("other"),
    "chair": N_("chair"),
    "coordinator": N_("coordinator"),
    "secretary": N_("secretary"),
    "treasurer": N_("treasurer"),
    "academic": N_("academic"),
    "advisor": N_("advisor"),
    "member": N_("member"),
}
"""Each value a choice offers, as the node pages say it."""

TIES: dict[str, tuple[str, str]] = {
    "member_of": (N_("Team memberships"), N_("Add a team membership")),
    "liaises_with": (N_("Liaisons with partners"), N_("Add a liaison with a partner")),
    "knows": (N_("People they know"), N_("Add someone they know")),
    "partners_with": (N_("Partnerships"), N_("Add a partnership")),
    "about": (N_("Topics it is about"), N_("Add a topic it is about")),
    "authored": (N_("Written by"), N_("Add someone who wrote it")),
}
"""Each kind of tie a ties page adds and ends: the heading of those it has, and of its form."""

OTHER: dict[str, str] = {
    "person": N_("The person (name)"),
    "team": N_("The team (name)"),
    "partner": N_("The partner (name)"),
    "topic": N_("The topic (name)"),
}
"""The field that names the node at a tie's other end, by that node's kind."""

_PROBLEMS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(Field required|String should have at least 1 character)"), N_("Fill this in")),
    (
        re.compile(r"^String should have at most (?P<n>\d+) characters?"),
        N_("At most %(n)s characters"),
    ),
    (
        re.compile(r"^List should have at most (?P<n>\d+) items?"),
        N_("At most %(n)s lines"),
    ),
    (
        re.compile(r"^expected a date \(2024-03-05\) or a year alone \(2024\)"),
        N_("Type a date (2026-03-05) or a year alone (2026)"),
    ),
    (
        re.compile(r"^(Input should be a valid date|Datetimes provided to dates)"),
        N_("Type a date, such as 2026-03-05"),
    ),
    (
        re.compile(r"^Input should be less than or equal to (?P<n>[\d.]+)"),
        N_("At most %(n)s"),
    ),
    (
        re.compile(r"^Input should be greater than or equal to (?P<n>[\d.]+)"),
        N_("At least %(n)s"),
    ),
    (re.compile(r"^Input should be a valid (number|integer)"), N_("Type a number")),
    (re.compile(r"^Input should be '"), N_("Choose one of the values offered")),
    (
        re.compile(r"^holds the control character (?P<code>U\+[0-9A-F]{4})"),
        N_("It holds the control character %(code)s, which cannot be kept: delete it"),
    ),
]
"""The model's refusals of a field that have their words in the catalogue; any other is shown
as the model says it."""


def label(lang: LangCode, field: str) -> str:
    """A field of the model by its label in ``lang`` (its own name when it has none)."""
    if field.startswith("objective_"):
        return catalogue.gettext(lang, "Objective %(n)s", n=field.removeprefix("objective_"))
    message = LABELS.get(field)
    return catalogue.gettext(lang, message) if message else field


def value(lang: LangCode, choice: str) -> str:
    """A value a choice offers, in ``lang`` (the value itself when the catalogue has none)."""
    message = VALUES.get(choice)
    return catalogue.gettext(lang, message) if message else choice


def problem(lang: LangCode, english: str) -> str:
    """The model's refusal of a field (its English words) in ``lang``."""
    for pattern, message in _PROBLEMS:
        found = pattern.match(english)
        if found:
            return catalogue.gettext(lang, message, **found.groupdict())
    return english
