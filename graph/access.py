"""Who may see and change what: one policy, ``decide``, for every route, page, upload, export
and view.

A principal (an account, nobody signed in, or an administrator's key) asks to take an action on
a target, which says where the thing is (its provinces, regions and zones) and what kind it is.
The answer is a ``Decision``: allowed or not, a rule key the pages translate
(``coordinator.outside_provinces``) and a sentence in English naming the rule.

The rules, by role:

- anonymous: reads when reads are open (``read_requires_key`` False); nothing else.
- viewer: reads everything; no contact fields, no changes.
- coordinator: reads; creates, edits and deletes nodes located in their provinces (every
  province of the node theirs) and the ties that touch them (either end theirs); sees the
  contacts of people located in their provinces, and exports with contacts only from there;
  uploads into their provinces.
- academic: reads; sees contacts of people in their regions or zones (and exports them from
  there); creates and edits lessons and assessments there, and ties them; deletes nothing.
- admin, and an administrator's key (``PHAKHEE_API_KEYS``, or the CLI): everything.

Managing users is for administrators only. A node located nowhere (a topic, a skill) is no
coordinator's or academic's to change.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from phakhee.graph.accounts import Account, Role
from phakhee.graph.geography import ZONE_OF
from phakhee.graph.model import NodeKind
from phakhee.graph.privacy import PUBLIC, TRUSTED, Audience
from phakhee.graph.thailand import PROVINCES


@dataclass(frozen=True, slots=True)
class Anonymous:
    """Nobody signed in."""


@dataclass(frozen=True, slots=True)
class AdminKey:
    """An administrator's key (one of ``PHAKHEE_API_KEYS``) or the CLI, which has the store's own
    access: everything, as an admin account."""

    via: str = "api_key"


ANONYMOUS = Anonymous()
ADMIN_KEY = AdminKey()
CLI = AdminKey("cli")

Principal = Account | Anonymous | AdminKey
"""Who asks."""


class Action(StrEnum):
    """What a principal asks to do."""

    READ = "read"
    READ_CONTACTS = "read_contacts"
    CREATE = "create"
    EDIT = "edit"
    DELETE = "delete"
    ADD_TIE = "add_tie"
    UPLOAD = "upload"
    EXPORT_UNREDACTED = "export_unredacted"
    MANAGE_USERS = "manage_users"


CHANGES = frozenset({Action.CREATE, Action.EDIT, Action.DELETE, Action.ADD_TIE, Action.UPLOAD})
"""The actions that write to the store."""
ACADEMIC_KINDS = frozenset({NodeKind.LESSON, NodeKind.ASSESSMENT})
"""The kinds an academic writes."""
_REGION_OF = {f"province:{p.slug}": f"region:{p.region}" for p in PROVINCES}


@dataclass(frozen=True, slots=True)
class Target:
    """Where the thing acted on is, and what it is.

    ``provinces`` and ``regions`` are node ids, ``zones`` zone ids (``zone:north-upper``, as an
    account stores them; a province brings its region and its zone). ``kind`` is the node's
    kind, or for a tie the kinds of its ends (``kinds``). ``any_end`` marks a tie: it is in a
    place when either end is (a coordinator of either province may add a tie between two), where
    a node is in a scope only when all of its places are.
    """

    provinces: frozenset[str] = frozenset()
    regions: frozenset[str] = frozenset()
    zones: frozenset[str] = frozenset()
    kind: NodeKind | None = None
    kinds: frozenset[NodeKind] = frozenset()
    any_end: bool = False
    ends: tuple[Target, ...] = ()

    @classmethod
    def node(
        cls,
        kind: NodeKind | str | None = None,
        *,
        provinces: Iterable[str] = (),
        regions: Iterable[str] = (),
        zones: Iterable[str] = (),
    ) -> Target:
        """A node of ``kind`` at these places; each province's region and zone are added to its
        regions and zones."""
        provinces = frozenset(provinces)
        regions = frozenset(regions) | {_REGION_OF[p] for p in provinces if p in _REGION_OF}
        zones = frozenset(zones) | {ZONE_OF[p] for p in provinces if p in ZONE_OF}
        kind = NodeKind(kind) if kind is not None else None
        kinds = frozenset({kind}) if kind is not None else frozenset()
        return cls(provinces, regions, zones, kind, kinds)

    @classmethod
    def at(cls, places: Iterable[str], kind: NodeKind | str | None = None) -> Target:
        """A node at ``places`` as the privacy gate passes them: ids starting ``province:`` or
        ``region:``, anything else a zone."""
        places = list(places)
        return cls.node(
            kind,
            provinces=[p for p in places if p.startswith("province:")],
            regions=[p for p in places if p.startswith("region:")],
            zones=[p for p in places if not p.startswith(("province:", "region:"))],
        )

    @classmethod
    def tie(cls, a: Target, b: Target) -> Target:
        """A tie between nodes ``a`` and ``b``: the union of their places, ``any_end`` set."""
        return cls(
            a.provinces | b.provinces,
            a.regions | b.regions,
            a.zones | b.zones,
            None,
            a.kinds | b.kinds,
            True,
            (a, b),
        )


EVERYWHERE = Target()
"""A target with no place: the whole network (a read of everything, a user list)."""


@dataclass(frozen=True, slots=True)
class Decision:
    """Allowed or refused, by which rule: ``rule`` is a stable key for translation, ``reason``
    the rule in a short English sentence."""

    allowed: bool
    rule: str
    reason: str

    def __bool__(self) -> bool:
        return self.allowed


def _yes(rule: str, reason: str) -> Decision:
    return Decision(True, rule, reason)


def _no(rule: str, reason: str) -> Decision:
    return Decision(False, rule, reason)


def _within(have: Iterable[str], target: frozenset[str]) -> bool:
    """Whether a node at ``target`` places is inside ``have``: all of them, and at least one."""
    return bool(target) and target <= frozenset(have)


def _coordinator_has(account: Account, t: Target) -> bool:
    """Whether ``t`` is in the coordinator's provinces: a node all of whose provinces are theirs,
    or a tie either end of which is."""
    if t.ends:
        return any(_coordinator_has(account, end) for end in t.ends)
    if t.any_end:
        return bool(t.provinces & frozenset(account.provinces))
    return _within(account.provinces, t.provinces)


def _academic_has(account: Account, t: Target) -> bool:
    """Whether ``t`` is a lesson or assessment in the academic's regions or zones (for a tie:
    either end is)."""
    if t.ends:
        return any(_academic_has(account, end) for end in t.ends)
    if not t.kinds & ACADEMIC_KINDS:
        return False
    if t.any_end:
        return bool(t.regions & frozenset(account.regions) or t.zones & frozenset(account.zones))
    return _within(account.regions, t.regions) or _within(account.zones, t.zones)


_CONTACTS = frozenset({Action.READ_CONTACTS, Action.EXPORT_UNREDACTED})
_ADMIN_ONLY = ("users.admin_only", "Only an administrator manages users.")


def _anonymous(action: Action, read_requires_key: bool) -> Decision:
    if action is Action.READ:
        if read_requires_key:
            return _no("anonymous.read_closed", "Reading this network needs signing in or a key.")
        return _yes("anonymous.read_open", "Anyone may read this network.")
    if action is Action.READ_CONTACTS:
        return _no("anonymous.contacts", "Contact details are shown only to those signed in.")
    return _no("anonymous.sign_in", "This needs signing in.")


def _viewer(action: Action) -> Decision:
    if action is Action.READ:
        return _yes("viewer.read", "A viewer reads the whole network.")
    if action in _CONTACTS:
        return _no("viewer.contacts", "A viewer does not see contact details.")
    if action is Action.MANAGE_USERS:
        return _no(*_ADMIN_ONLY)
    return _no("viewer.read_only", "A viewer reads and changes nothing.")


def _coordinator(account: Account, action: Action, t: Target) -> Decision:
    if action is Action.READ:
        return _yes("coordinator.read", "A coordinator reads the whole network.")
    if action is Action.MANAGE_USERS:
        return _no(*_ADMIN_ONLY)
    if action in _CONTACTS:  # of every node it holds: a tie's two ends
        if _within(account.provinces, t.provinces):
            return _yes(
                "coordinator.own_province",
                "A coordinator sees contacts of people in their provinces.",
            )
        return _no(
            "coordinator.outside_provinces",
            "A coordinator sees contacts only of people in their provinces.",
        )
    if t.any_end and _coordinator_has(account, t):
        return _yes(
            "coordinator.tie_end",
            "A coordinator changes a tie when either end is in their provinces.",
        )
    if not t.any_end and _coordinator_has(account, t):
        return _yes("coordinator.own_province", "A coordinator changes what is in their provinces.")
    return _no(
        "coordinator.outside_provinces",
        "A coordinator changes only what is located in their provinces.",
    )


def _academic(account: Account, action: Action, t: Target) -> Decision:
    if action is Action.READ:
        return _yes("academic.read", "An academic reads the whole network.")
    if action is Action.MANAGE_USERS:
        return _no(*_ADMIN_ONLY)
    if action in _CONTACTS:
        if _within(account.regions, t.regions) or _within(account.zones, t.zones):
            return _yes(
                "academic.own_area",
                "An academic sees contacts of people in their regions or zones.",
            )
        return _no(
            "academic.outside_area",
            "An academic sees contacts only of people in their regions or zones.",
        )
    if action in (Action.DELETE, Action.UPLOAD) or not t.kinds & ACADEMIC_KINDS:
        return _no(
            "academic.lessons_only", "An academic creates and edits only lessons and assessments."
        )
    if _academic_has(account, t):
        return _yes(
            "academic.lesson_in_area",
            "An academic writes lessons and assessments in their regions or zones.",
        )
    return _no(
        "academic.outside_area",
        "An academic writes lessons and assessments only in their regions or zones.",
    )


def decide(
    principal: Principal,
    action: Action | str,
    target: Target = EVERYWHERE,
    *,
    read_requires_key: bool = False,
) -> Decision:
    """Whether ``principal`` may take ``action`` on ``target``, and by which rule.

    ``read_requires_key`` is the ``PHAKHEE_READ_REQUIRES_KEY`` setting (the caller reads the
    settings; the graph package does not). Never raises for a principal, action and target of
    these types.
    """
    action = Action(action)
    if isinstance(principal, AdminKey):
        return _yes("admin_key.everything", "An administrator's key may do everything.")
    if not isinstance(principal, Account):
        return _anonymous(action, read_requires_key)
    if principal.role is Role.ADMIN:
        return _yes("admin.everything", "An administrator may do everything.")
    if principal.role is Role.VIEWER:
        return _viewer(action)
    if principal.role is Role.COORDINATOR:
        return _coordinator(principal, action, target)
    return _academic(principal, action, target)


def audience(principal: Principal, *, read_requires_key: bool = False) -> Audience:
    """The privacy gate's audience for ``principal``: every contact for an administrator, none
    for anonymous and viewers, and for coordinators and academics the contacts of nodes whose
    places (``gate(..., places=...)``) ``decide`` allows them to read."""
    if decide(principal, Action.READ_CONTACTS, EVERYWHERE).allowed:
        return TRUSTED
    if not isinstance(principal, Account) or principal.role is Role.VIEWER:
        return PUBLIC

    def contacts_at(places: frozenset[str]) -> bool:
        return decide(
            principal, Action.READ_CONTACTS, Target.at(places), read_requires_key=read_requires_key
        ).allowed

    return Audience(contacts=False, contacts_at=contacts_at)
