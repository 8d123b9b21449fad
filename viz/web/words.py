"""Words the pages name things by, written once: each is a message in the catalogues
(``N_`` marks it for extraction; the page writes it in its language)."""

from __future__ import annotations


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue without translating it here."""
    return message


KINDS: dict[str, str] = {
    "person": N_("people"),
    "team": N_("teams"),
    "partner": N_("partners"),
    "province": N_("provinces"),
    "region": N_("regions"),
    "district": N_("districts"),
    "subdistrict": N_("subdistricts"),
    "topic": N_("topics"),
    "lesson": N_("lessons"),
    "event": N_("events"),
    "skill": N_("skills"),
    "assessment": N_("assessments"),
}
"""Each kind of node, as a page counts it (plural)."""

KIND: dict[str, str] = {
    "person": N_("person"),
    "team": N_("team"),
    "partner": N_("partner"),
    "province": N_("province"),
    "region": N_("region"),
    "district": N_("district"),
    "subdistrict": N_("subdistrict"),
    "topic": N_("topic"),
    "lesson": N_("lesson"),
    "event": N_("event"),
    "skill": N_("skill"),
    "assessment": N_("assessment"),
}
"""Each kind of node, as a label beside one of them."""
