"""The policy's refusals in the reader's language: each reason ``graph.access.decide`` gives
for a refusal, as a message of the catalogue (its English sentence is the message id), so the
error page, the upload's refused rows and the editing pages say why in Thai.

``tests/web/test_policy_words.py`` drives the policy's whole table and checks that every
refusal it gives is here: a new rule without its words fails there.
"""

from __future__ import annotations

from phakhee.viz.web import catalogue
from phakhee.viz.web.catalogue import Lang as LangCode
from phakhee.viz.web.words import N_

REASONS = frozenset(
    {
        N_("Reading this network needs signing in or a key."),
        N_("Contact details are shown only to those signed in."),
        N_("This needs signing in."),
        N_("A viewer does not see contact details."),
        N_("A viewer reads and changes nothing."),
        N_("A coordinator sees contacts only of people in their provinces."),
        N_("A coordinator changes only what is located in their provinces."),
        N_("An academic creates and edits only lessons and assessments."),
        N_("An academic sees contacts only of people in their regions or zones."),
        N_("An academic writes lessons and assessments only in their regions or zones."),
        N_("Only an administrator manages users."),
    }
)
"""Every reason the policy refuses with."""


def said(lang: LangCode, reason: str) -> str:
    """The policy's ``reason`` in ``lang``; a reason it does not know, as it is."""
    return catalogue.gettext(lang, reason) if reason in REASONS else reason
