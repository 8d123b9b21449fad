"""The one policy, as a table: every principal x action x scope -> allowed or refused, by rule.

The scopes: a person in Nan (the coordinator's own province, in the academic's North); a person
in Bangkok (another province, and in another region, Central, so that it is outside the
academic's area too: Phrae would be another province but the same region); a tie between a
person in Nan and a team in Phrae (two provinces, both in the North); and a lesson placed in the
North as a whole (the academic's own region, in no province).
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from phakhee.graph.access import (
    ADMIN_KEY,
    ANONYMOUS,
    CLI,
    Action,
    Decision,
    Target,
    audience,
    decide,
)
from phakhee.graph.accounts import Account, Role
from phakhee.graph.model import NodeKind
from phakhee.graph.privacy import PUBLIC, TRUSTED, gate, withheld

NAN, PHRAE, BANGKOK = "province:nan", "province:phrae", "province:bangkok"
NORTH = "region:north"
COORDINATOR = Account("somchai", Role.COORDINATOR, provinces=(NAN,))
ACADEMIC = Account("malee", Role.ACADEMIC, regions=(NORTH,))
PRINCIPALS = {
    "anonymous_open": (ANONYMOUS, False),
    "anonymous_closed": (ANONYMOUS, True),
    "viewer": (Account("viewer", Role.VIEWER), False),
    "coordinator": (COORDINATOR, False),
    "academic": (ACADEMIC, False),
    "admin": (Account("root", Role.ADMIN), False),
    "admin_key": (ADMIN_KEY, False),
}
PERSON_IN_NAN = Target.node(NodeKind.PERSON, provinces={NAN})
SCOPES = {
    "own_province": PERSON_IN_NAN,
    "other_province": Target.node(NodeKind.PERSON, provinces={BANGKOK}),
    "tie_across": Target.tie(PERSON_IN_NAN, Target.node(NodeKind.TEAM, provinces={PHRAE})),
    "own_region": Target.node(NodeKind.LESSON, regions={NORTH}),
}

# (principal, action, own province, another province, a tie across two, own region):
# "+rule" allowed by that rule, "-rule" refused by it.
# fmt: off
TABLE = [
    ("anonymous_open", "read", "+anonymous.read_open", "+anonymous.read_open", "+anonymous.read_open", "+anonymous.read_open"),
    ("anonymous_open", "read_contacts", "-anonymous.contacts", "-anonymous.contacts", "-anonymous.contacts", "-anonymous.contacts"),
    ("anonymous_open", "create", "-anonymous.sign_in", "-anonymous.sign_in", "-anonymous.sign_in", "-anonymous.sign_in"),
    ("anonymous_open", "edit", "-anonymous.sign_in", "-anonymous.sign_in", "-anonymous.sign_in", "-anonymous.sign_in"),
    ("anonymous_open", "delete", "-anonymous.sign_in", "-anonymous.sign_in", "-anonymous.sign_in", "-anonymous.sign_in"),
    ("anonymous_open", "add_tie", "-anonymous.sign_in", "-anonymous.sign_in", "-anonymous.sign_in", "-anonymous.sign_in"),
    ("anonymous_open", "upload", "-anonymous.sign_in", "-anonymous.sign_in", "-anonymous.sign_in", "-anonymous.sign_in"),
    ("anonymous_open", "export_unredacted", "-anonymous.sign_in", "-anonymous.sign_in", "-anonymous.sign_in", "-anonymous.sign_in"),
    ("anonymous_open", "manage_users", "-anonymous.sign_in", "-anonymous.sign_in", "-anonymous.sign_in", "-anonymous.sign_in"),
    ("anonymous_closed", "read", "-anonymous.read_closed", "-anonymous.read_closed", "-anonymous.read_closed", "-anonymous.read_closed"),
    ("anonymous_closed", "read_contacts", "-anonymous.contacts", "-anonymous.contacts", "-anonymous.contacts", "-anonymous.contacts"),
    ("anonymous_closed", "create", "-anonymous.sign_in", "-anonymous.sign_in", "-anonymous.sign_in", "-anonymous.sign_in"),
    ("anonymous_closed", "edit", "-anonymous.sign_in", "-anonymous.sign_in", "-anonymous.sign_in", "-anonymous.sign_in"),
    ("anonymous_closed", "delete", "-anonymous.sign_in", "-anonymous.sign_in", "-anonymous.sign_in", "-anonymous.sign_in"),
    ("anonymous_closed", "add_tie", "-anonymous.sign_in", "-anonymous.sign_in", "-anonymous.sign_in", "-anonymous.sign_in"),
    ("anonymous_closed", "upload", "-anonymous.sign_in", "-anonymous.sign_in", "-anonymous.sign_in", "-anonymous.sign_in"),
    ("anonymous_closed", "export_unredacted", "-anonymous.sign_in", "-anonymous.sign_in", "-anonymous.sign_in", "-anonymous.sign_in"),
    ("anonymous_closed", "manage_users", "-anonymous.sign_in", "-anonymous.sign_in", "-anonymous.sign_in", "-anonymous.sign_in"),
    ("viewer", "read", "+viewer.read", "+viewer.read", "+viewer.read", "+viewer.read"),
    ("viewer", "read_contacts", "-viewer.contacts", "-viewer.contacts", "-viewer.contacts", "-viewer.contacts"),
    ("viewer", "create", "-viewer.read_only", "-viewer.read_only", "-viewer.read_only", "-viewer.read_only"),
    ("viewer", "edit", "-viewer.read_only", "-viewer.read_only", "-viewer.read_only", "-viewer.read_only"),
    ("viewer", "delete", "-viewer.read_only", "-viewer.read_only", "-viewer.read_only", "-viewer.read_only"),
    ("viewer", "add_tie", "-viewer.read_only", "-viewer.read_only", "-viewer.read_only", "-viewer.read_only"),
    ("viewer", "upload", "-viewer.read_only", "-viewer.read_only", "-viewer.read_only", "-viewer.read_only"),
    ("viewer", "export_unredacted", "-viewer.contacts", "-viewer.contacts", "-viewer.contacts", "-viewer.contacts"),
    ("viewer", "manage_users", "-users.admin_only", "-users.admin_only", "-users.admin_only", "-users.admin_only"),
    ("coordinator", "read", "+coordinator.read", "+coordinator.read", "+coordinator.read", "+coordinator.read"),
    ("coordinator", "read_contacts", "+coordinator.own_province", "-coordinator.outside_provinces", "-coordinator.outside_provinces", "-coordinator.outside_provinces"),
    ("coordinator", "create", "+coordinator.own_province", "-coordinator.outside_provinces", "+coordinator.tie_end", "-coordinator.outside_provinces"),
    ("coordinator", "edit", "+coordinator.own_province", "-coordinator.outside_provinces", "+coordinator.tie_end", "-coordinator.outside_provinces"),
    ("coordinator", "delete", "+coordinator.own_province", "-coordinator.outside_provinces", "+coordinator.tie_end", "-coordinator.outside_provinces"),
    ("coordinator", "add_tie", "+coordinator.own_province", "-coordinator.outside_provinces", "+coordinator.tie_end", "-coordinator.outside_provinces"),
    ("coordinator", "upload", "+coordinator.own_province", "-coordinator.outside_provinces", "+coordinator.tie_end", "-coordinator.outside_provinces"),
    ("coordinator", "export_unredacted", "+coordinator.own_province", "-coordinator.outside_provinces", "-coordinator.outside_provinces", "-coordinator.outside_provinces"),
    ("coordinator", "manage_users", "-users.admin_only", "-users.admin_only", "-users.admin_only", "-users.admin_only"),
    ("academic", "read", "+academic.read", "+academic.read", "+academic.read", "+academic.read"),
    ("academic", "read_contacts", "+academic.own_area", "-academic.outside_area", "+academic.own_area", "+academic.own_area"),
    ("academic", "create", "-academic.lessons_only", "-academic.lessons_only", "-academic.lessons_only", "+academic.lesson_in_area"),
    ("academic", "edit", "-academic.lessons_only", "-academic.lessons_only", "-academic.lessons_only", "+academic.lesson_in_area"),
    ("academic", "delete", "-academic.lessons_only", "-academic.lessons_only", "-academic.lessons_only", "-academic.lessons_only"),
    ("academic", "add_tie", "-academic.lessons_only", "-academic.lessons_only", "-academic.lessons_only", "+academic.lesson_in_area"),
    ("academic", "upload", "-academic.lessons_only", "-academic.lessons_only", "-academic.lessons_only", "-academic.lessons_only"),
    ("academic", "export_unredacted", "+academic.own_area", "-academic.outside_area", "+academic.own_area", "+academic.own_area"),
    ("academic", "manage_users", "-users.admin_only", "-users.admin_only", "-users.admin_only", "-users.admin_only"),
    ("admin", "read", "+admin.everything", "+admin.everything", "+admin.everything", "+admin.everything"),
    ("admin", "read_contacts", "+admin.everything", "+admin.everything", "+admin.everything", "+admin.everything"),
    ("admin", "create", "+admin.everything", "+admin.everything", "+admin.everything", "+admin.everything"),
    ("admin", "edit", "+admin.everything", "+admin.everything", "+admin.everything", "+admin.everything"),
    ("admin", "delete", "+admin.everything", "+admin.everything", "+admin.everything", "+admin.everything"),
    ("admin", "add_tie", "+admin.everything", "+admin.everything", "+admin.everything", "+admin.everything"),
    ("admin", "upload", "+admin.everything", "+admin.everything", "+admin.everything", "+admin.everything"),
    ("admin", "export_unredacted", "+admin.everything", "+admin.everything", "+admin.everything", "+admin.everything"),
    ("admin", "manage_users", "+admin.everything", "+admin.everything", "+admin.everything", "+admin.everything"),
    ("admin_key", "read", "+admin_key.everything", "+admin_key.everything", "+admin_key.everything", "+admin_key.everything"),
    ("admin_key", "read_contacts", "+admin_key.everything", "+admin_key.everything", "+admin_key.everything", "+admin_key.everything"),
    ("admin_key", "create", "+admin_key.everything", "+admin_key.everything", "+admin_key.everything", "+admin_key.everything"),
    ("admin_key", "edit", "+admin_key.everything", "+admin_key.everything", "+admin_key.everything", "+admin_key.everything"),
    ("admin_key", "delete", "+admin_key.everything", "+admin_key.everything", "+admin_key.everything", "+admin_key.everything"),
    ("admin_key", "add_tie", "+admin_key.everything", "+admin_key.everything", "+admin_key.everything", "+admin_key.everything"),
    ("admin_key", "upload", "+admin_key.everything", "+admin_key.everything", "+admin_key.everything", "+admin_key.everything"),
    ("admin_key", "export_unredacted", "+admin_key.everything", "+admin_key.everything", "+admin_key.everything", "+admin_key.everything"),
    ("admin_key", "manage_users", "+admin_key.everything", "+admin_key.everything", "+admin_key.everything", "+admin_key.everything"),
]
# fmt: on


def _cases() -> list[tuple[str, str, str, str]]:
    return [
        (who, action, scope, cell)
        for who, action, *cells in TABLE
        for scope, cell in zip(SCOPES, cells, strict=True)
    ]


def test_the_table_covers_every_principal_and_action() -> None:
    assert [(who, action) for who, action, *_ in TABLE] == [
        (who, action.value) for who in PRINCIPALS for action in Action
    ]


@pytest.mark.parametrize(("who", "action", "scope", "expected"), _cases())
def test_policy(who: str, action: str, scope: str, expected: str) -> None:
    principal, read_requires_key = PRINCIPALS[who]
    d = decide(principal, action, SCOPES[scope], read_requires_key=read_requires_key)
    assert ("+" if d.allowed else "-") + d.rule == expected
    assert bool(d) is d.allowed
    assert d.reason.endswith(".")


# Cases the table's four scopes do not reach: (principal, action, target, expected).
EDGES = [
    # Phrae is another province for Nan's coordinator, but in the academic's North.
    (
        COORDINATOR,
        Action.EDIT,
        Target.node("person", provinces={PHRAE}),
        "-coordinator.outside_provinces",
    ),
    (
        ACADEMIC,
        Action.READ_CONTACTS,
        Target.node("person", provinces={PHRAE}),
        "+academic.own_area",
    ),
    (ACADEMIC, Action.EDIT, Target.node("lesson", provinces={PHRAE}), "+academic.lesson_in_area"),
    (ACADEMIC, Action.EDIT, Target.node("lesson", provinces={BANGKOK}), "-academic.outside_area"),
    # A node located in two provinces is a coordinator's only when both are theirs.
    (
        COORDINATOR,
        Action.EDIT,
        Target.node("person", provinces={NAN, PHRAE}),
        "-coordinator.outside_provinces",
    ),
    (
        Account("two", Role.COORDINATOR, provinces=(NAN, PHRAE)),
        Action.EDIT,
        Target.node("person", provinces={NAN, PHRAE}),
        "+coordinator.own_province",
    ),
    # A node located nowhere (a topic) is no coordinator's or academic's to change.
    (COORDINATOR, Action.EDIT, Target.node("topic"), "-coordinator.outside_provinces"),
    (ACADEMIC, Action.EDIT, Target.node("topic"), "-academic.lessons_only"),
    # A tie with neither end in Nan; a tie from a lesson in the North to a topic.
    (
        COORDINATOR,
        Action.ADD_TIE,
        Target.tie(
            Target.node("team", provinces={PHRAE}), Target.node("person", provinces={BANGKOK})
        ),
        "-coordinator.outside_provinces",
    ),
    (
        ACADEMIC,
        Action.ADD_TIE,
        Target.tie(Target.node("lesson", regions={NORTH}), Target.node("topic")),
        "+academic.lesson_in_area",
    ),
    # A tie given only as its places, with any_end: either province will do.
    (
        COORDINATOR,
        Action.ADD_TIE,
        Target(provinces=frozenset({NAN, PHRAE}), any_end=True),
        "+coordinator.tie_end",
    ),
    # The CLI is an administrator's key; a zone is an academic's area too.
    (CLI, Action.MANAGE_USERS, Target(), "+admin_key.everything"),
    (
        Account("z", Role.ACADEMIC, zones=("zone:north-upper",)),
        Action.READ_CONTACTS,
        Target.node("person", zones={"zone:north-upper"}),
        "+academic.own_area",
    ),
    # A node's zone is its province's: Nan is in the upper north, Bangkok is not.
    (
        Account("z", Role.ACADEMIC, zones=("zone:north-upper",)),
        Action.READ_CONTACTS,
        Target.node("person", provinces={NAN}),
        "+academic.own_area",
    ),
    (
        Account("z", Role.ACADEMIC, zones=("zone:north-upper",)),
        Action.READ_CONTACTS,
        Target.node("person", provinces={NAN, BANGKOK}),
        "-academic.outside_area",
    ),
]


@pytest.mark.parametrize(("principal", "action", "target", "expected"), EDGES)
def test_policy_edges(principal, action, target, expected) -> None:  # type: ignore[no-untyped-def]
    d = decide(principal, action, target)
    assert ("+" if d.allowed else "-") + d.rule == expected


def test_a_province_brings_its_region() -> None:
    assert Target.node("person", provinces={NAN}).regions == {NORTH}
    assert Target.node("person", provinces={NAN}).zones == {"zone:north-upper"}
    assert Target.at([NAN, "zone:east"]) == Target.node(provinces={NAN}, zones={"zone:east"})


ids = st.sampled_from([NAN, PHRAE, BANGKOK, "province:nowhere", "nonsense"])
regions = st.sampled_from([NORTH, "region:south", "region:", ""])
accounts = st.builds(
    Account,
    name=st.text(max_size=5),
    role=st.sampled_from(Role),
    provinces=st.lists(ids, max_size=3).map(tuple),
    regions=st.lists(regions, max_size=2).map(tuple),
    zones=st.lists(st.text(max_size=3), max_size=2).map(tuple),
)
nodes = st.builds(
    Target.node,
    st.none() | st.sampled_from(NodeKind),
    provinces=st.frozensets(ids),
    regions=st.frozensets(regions),
    zones=st.frozensets(st.text(max_size=3)),
)
targets = (
    nodes
    | st.builds(Target.tie, nodes, nodes)
    | st.builds(
        Target,
        provinces=st.frozensets(ids),
        regions=st.frozensets(regions),
        any_end=st.booleans(),
        kinds=st.frozensets(st.sampled_from(NodeKind)),
    )
)
principals = accounts | st.sampled_from([ANONYMOUS, ADMIN_KEY, CLI])


@given(principals, st.sampled_from(Action), targets, st.booleans())
def test_decide_never_raises(principal, action, target, read_requires_key) -> None:  # type: ignore[no-untyped-def]
    d = decide(principal, action, target, read_requires_key=read_requires_key)
    assert isinstance(d, Decision) and d.rule and d.reason


@given(principals, targets)
def test_the_audience_sees_a_nodes_contacts_exactly_when_decide_says(principal, target) -> None:  # type: ignore[no-untyped-def]
    places = target.provinces | target.regions | target.zones
    allowed = decide(principal, Action.READ_CONTACTS, Target.at(places)).allowed
    assert audience(principal).may_see("phone", places=places) is allowed
    assert audience(principal).may_see("name", places=places)


PERSON = {"name": "Somsri", "phone": "081", "email": "s@example.org", "province": NAN}


def test_public_and_trusted_are_as_they_were() -> None:
    assert gate(PERSON, PUBLIC) == {"name": "Somsri", "province": NAN}
    assert gate(PERSON, TRUSTED) == PERSON
    assert gate(PERSON, PUBLIC, places={NAN}) == {"name": "Somsri", "province": NAN}
    assert withheld(PERSON, PUBLIC) == ["email", "phone"]


def test_a_coordinators_audience_sees_contacts_in_their_province_only() -> None:
    seen = audience(COORDINATOR)
    assert gate(PERSON, seen, places={NAN, NORTH}) == PERSON
    assert gate(PERSON, seen, places={PHRAE}) == {"name": "Somsri", "province": NAN}
    assert gate(PERSON, seen) == gate(PERSON, PUBLIC)  # without places: as the public
    assert withheld(PERSON, seen, places={BANGKOK}) == ["email", "phone"]


def test_an_academics_audience_sees_contacts_in_their_region() -> None:
    seen = audience(ACADEMIC)
    assert gate(PERSON, seen, places={PHRAE}) == PERSON
    assert gate(PERSON, seen, places={BANGKOK}) == gate(PERSON, PUBLIC)


def test_audiences_of_the_others() -> None:
    assert audience(ADMIN_KEY) is TRUSTED
    assert audience(Account("root", Role.ADMIN)) is TRUSTED
    assert audience(ANONYMOUS) is PUBLIC
    assert audience(Account("viewer", Role.VIEWER)) is PUBLIC
