"""Every refusal the policy gives has its words in the catalogue, so a page says it in Thai."""

from __future__ import annotations

import itertools

from phakhee.api.routers.web import policy_words
from phakhee.graph.access import ADMIN_KEY, ANONYMOUS, EVERYWHERE, Action, Target, decide
from phakhee.graph.accounts import make_account
from phakhee.viz.web import catalogue

PRINCIPALS = [
    ANONYMOUS,
    ADMIN_KEY,
    make_account("vv", "viewer"),
    make_account("cc", "coordinator", provinces=["nan"]),
    make_account("aa", "academic", regions=["north"]),
    make_account("ad", "admin"),
]
NAN = Target.node("person", provinces=["province:nan"])
PHRAE = Target.node("person", provinces=["province:phrae"])
NORTH_LESSON = Target.node("lesson", regions=["region:north"])
SOUTH_LESSON = Target.node("lesson", regions=["region:south"])
TARGETS = [
    EVERYWHERE,
    NAN,
    PHRAE,
    NORTH_LESSON,
    SOUTH_LESSON,
    Target.tie(NAN, PHRAE),
    Target.tie(NORTH_LESSON, PHRAE),
    Target.tie(SOUTH_LESSON, PHRAE),
]


def _refusals() -> set[str]:
    found = set()
    for p, a, t, closed in itertools.product(PRINCIPALS, Action, TARGETS, (False, True)):
        d = decide(p, a, t, read_requires_key=closed)
        if not d.allowed:
            found.add(d.reason)
    return found


def test_every_refusal_of_the_policy_has_its_words():
    assert _refusals() == set(policy_words.REASONS)


def test_a_refusal_is_said_in_thai_and_an_unknown_one_as_it_is():
    reason = "A coordinator changes only what is located in their provinces."
    assert policy_words.said("th", reason) == "ผู้ประสานงานแก้ไขได้เฉพาะสิ่งที่อยู่ในจังหวัดที่ตนดูแล"
    assert policy_words.said("en", reason) == reason
    assert policy_words.said("th", "no such rule") == "no such rule"
    assert all(catalogue.gettext("th", r) != r for r in policy_words.REASONS)
