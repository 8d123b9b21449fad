"""Kumu's spreadsheet layout (an Elements and a Connections sheet) to records.

Element types map to our kinds (case and language do not matter):

| Kumu type | kind |
|---|---|
| Person, People, Individual, บุคคล, คน | person |
| Organization, Organisation, Partner, ภาคี, องค์กร, หน่วยงาน | partner (sector from a Sector column, else other) |
| Team, Group, Network, ทีม, กลุ่ม, เครือข่าย | team (team_type from a column, else working_group) |
| Topic, Issue, ประเด็น | topic |
| Lesson, Knowledge, บทเรียน | lesson (lesson_type from a column, else other) |
| Event, Meeting, กิจกรรม, เวที | event (needs a Date column) |
| Province, จังหวัด / Skill, ทักษะ / Region, ภาค | the built-in node of that name |

Connection types map to tie kinds by their name and the kinds at both ends, drawn either way
(``CONNECTION_TYPES``); the first that fits is the one:

| Kumu type | between | tie |
|---|---|---|
| Partner, Partners with, Partnership, ภาคี, ความร่วมมือ | a team and an organisation | partners_with |
| | a person and an organisation | liaises_with |
| Works with, Collaborates with, ทำงานร่วมกับ, ประสานงานกับ | as Partner; two people | knows |
| Member, Member of, สมาชิก | a person and a team | member_of |
| Knows, Acquaintance, Friend, รู้จัก | two people | knows |
| Liaison, Liaises with, Contact person, ผู้ประสาน | a person and an organisation | liaises_with |
| Attended, Authored, Works on, About, Located in, Has skill, Held by, Presented at, Assessed (and Thai names) | as the model says | the tie of that name |

An empty type is inferred from the kinds it joins when only one tie kind fits. Any other type,
or a type whose ties cannot join the two elements, is refused for that row.

Contact columns are read by their usual English and Thai headers (``CONTACT_HEADERS``: Phone,
Mobile, Tel, E-mail, Email, LINE, LINE ID, Address, โทรศัพท์, เบอร์โทร, มือถือ, อีเมล, ไลน์,
ที่อยู่, …) into a person's contact fields, which exports and views withhold by default; two
columns for one field (Phone and Mobile) are both kept. A contact cell filled in for anything
but a person refuses that row. Other columns become the field of the same name, or an ``x_``
property. A partnership drawn without a Level column is taken as operational.
"""

from __future__ import annotations

import re
from typing import Any

from phakhee.graph.errors import InvalidInput
from phakhee.graph.model import (
    CONTACT_FIELDS,
    NODE_MODELS,
    TIE_ENDPOINTS,
    TIE_PROPS,
    NodeKind,
    Provenance,
    TieKind,
    TieProps,
    kind_of,
    make_id,
    node_record,
    parse_node,
    parse_tie,
    tie_record,
)
from phakhee.loaders.merge import is_clear, node_row, split_cleared, tie_row
from phakhee.loaders.normalize import clean, match_key
from phakhee.loaders.quarantine import Quarantined, naming
from phakhee.loaders.resolve import Resolver
from phakhee.loaders.tables import Table, misfit
from phakhee.loaders.template_reader import (
    Parsed,
    RowError,
    _now,
    _text,
    _value,
    error_column,
    refuse_controls,
    shown,
)

ELEMENT_TYPES: dict[str, NodeKind] = {
    name: kind
    for kind, names in {
        NodeKind.PERSON: ("person", "people", "individual", "บุคคล", "คน"),
        NodeKind.PARTNER: ("organization", "organisation", "partner", "ภาคี", "องค์กร", "หน่วยงาน"),
        NodeKind.TEAM: ("team", "group", "network", "ทีม", "กลุ่ม", "เครือข่าย"),
        NodeKind.TOPIC: ("topic", "issue", "ประเด็น"),
        NodeKind.LESSON: ("lesson", "knowledge", "บทเรียน"),
        NodeKind.EVENT: ("event", "meeting", "กิจกรรม", "เวที"),
        NodeKind.PROVINCE: ("province", "จังหวัด"),
        NodeKind.SKILL: ("skill", "ทักษะ"),
        NodeKind.REGION: ("region", "ภาค"),
    }.items()
    for name in names
}
_PARTNERING = (TieKind.PARTNERS_WITH, TieKind.LIAISES_WITH)
CONNECTION_TYPES: dict[str, tuple[TieKind, ...]] = {
    name: kinds
    for kinds, names in {
        (TieKind.MEMBER_OF,): ("member", "member of", "membership", "สมาชิก"),
        _PARTNERING: (
            "partner",
            "partners with",
            "partner of",
            "partnership",
            "ภาคี",
            "ความร่วมมือ",
            "ร่วมมือกับ",
        ),
        (*_PARTNERING, TieKind.KNOWS): (
            "works with",
            "work with",
            "working with",
            "collaborates with",
            "collaboration",
            "ทำงานร่วมกับ",
            "ร่วมงานกับ",
            "ประสานงานกับ",
        ),
        (TieKind.KNOWS,): ("knows", "acquaintance", "friend", "รู้จัก"),
        (TieKind.ATTENDED,): ("attended", "attends", "participant", "เข้าร่วม"),
        (TieKind.AUTHORED,): ("authored", "author", "wrote", "เขียน", "ผู้เขียน"),
        (TieKind.WORKS_ON,): ("works on", "works_on", "ทำงานประเด็น"),
        (TieKind.ABOUT,): ("about", "เกี่ยวกับ"),
        (TieKind.LOCATED_IN,): ("located in", "located_in", "in", "อยู่ที่", "ตั้งอยู่"),
        (TieKind.HAS_SKILL,): ("has skill", "has_skill", "skill", "มีทักษะ"),
        (TieKind.LIAISES_WITH,): ("liaison", "liaises with", "contact person", "ผู้ประสาน"),
        (TieKind.HELD_BY,): ("held by", "held_by", "organised by", "organized by", "จัดโดย"),
        (TieKind.PRESENTED_AT,): ("presented at", "presented_at", "นำเสนอที่"),
        (TieKind.ASSESSED,): ("assessed", "ประเมิน"),
    }.items()
    for name in names
}
"""A connection's type -> the tie kinds it can mean, the first whose ends fit the two elements
being the one (a person "partners with" an organisation: ``liaises_with``; a team:
``partners_with``)."""
CONTACT_HEADERS: dict[str, str] = {
    match_key(header): field
    for field, headers in {
        "phone": (
            "phone",
            "phone number",
            "telephone",
            "tel",
            "tel.",
            "mobile",
            "mobile phone",
            "mobile number",
            "cell",
            "cell phone",
            "โทรศัพท์",
            "เบอร์โทร",
            "เบอร์โทรศัพท์",
            "หมายเลขโทรศัพท์",
            "โทร",
            "มือถือ",
            "เบอร์มือถือ",
            "โทรศัพท์มือถือ",
        ),
        "email": (
            "email",
            "e-mail",
            "e mail",
            "mail",
            "email address",
            "e-mail address",
            "อีเมล",
            "อีเมล์",
        ),
        "line_id": (
            "line",
            "line id",
            "lineid",
            "line_id",
            "id line",
            "ไลน์",
            "ไลน์ไอดี",
            "ไอดีไลน์",
            "ไลน์ id",
        ),
        "address": ("address", "mailing address", "ที่อยู่", "ที่อยู่ติดต่อ"),
    }.items()
    for header in headers
}
"""Contact columns by their usual English and Thai headers -> a person's contact fields, which
the privacy gate withholds (never an ``x_`` property, which it would not)."""
DEFAULTS = {
    NodeKind.PARTNER: {"sector": "other"},
    NodeKind.TEAM: {"team_type": "working_group"},
    NodeKind.LESSON: {"lesson_type": "other"},
    NodeKind.EVENT: {"event_type": "other"},
}
TIE_DEFAULTS = {TieKind.PARTNERS_WITH: {"level": "operational"}}
BUILT_IN = {NodeKind.PROVINCE, NodeKind.SKILL, NodeKind.REGION}
_ASCII = re.compile(r"[^a-z0-9]+")


def _known(types: dict[str, Any]) -> str:
    """The types a refusal lists, grouped by meaning, English then Thai: 'person, people,
    individual (บุคคล, คน); organization, …'."""
    groups: dict[Any, list[str]] = {}
    for name, meaning in types.items():
        groups.setdefault(meaning, []).append(name)
    return "; ".join(
        ", ".join(n for n in names if n.isascii())
        + (
            f" ({', '.join(n for n in names if not n.isascii())})"
            if not all(map(str.isascii, names))
            else ""
        )
        for names in groups.values()
    )


def is_kumu(tables: list[Table]) -> bool:
    return {t.name.strip().lower() for t in tables} >= {"elements"}


def _columns(table: Table) -> tuple[int, list[str]]:
    for position, (_, cells) in enumerate(table.rows[:10]):
        names = [match_key(str(c)) if c is not None else "" for c in cells]
        if "label" in names or ("from" in names and "to" in names):
            return position, names
    raise RowError("", "no header row with Label (Elements) or From and To (Connections)")


def _extra(name: str, index: int) -> str:
    slug = _ASCII.sub("_", name.lower()).strip("_")[:50]
    return f"x_{slug or f'column_{index + 1}'}"


def _props(fields: set[str], row: dict[str, object], owner: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for i, (name, raw) in enumerate(row.items()):
        key = CONTACT_HEADERS.get(name) or name.replace(" ", "_")
        if key in CONTACT_FIELDS and key not in fields:
            raise RowError(
                key,
                f"{key}: only a person keeps contact details ({', '.join(CONTACT_FIELDS)}); "
                f"a {owner}'s are not stored: empty the cell, or draw the person it belongs to",
            )
        if is_clear(raw):  # emptied by the merge: split off by split_cleared
            out[key if key in fields else _extra(name, i)] = raw
        elif key in CONTACT_FIELDS and key in out:  # Phone and Mobile both given: both kept
            out[key] = f"{out[key]} / {_value(key, raw, owner)}"
        elif key in fields:
            out[key] = _value(key, raw, owner)
        else:
            out[_extra(name, i)] = _text(raw)
    return out


def read_kumu(
    tables: list[Table], file: str, resolver: Resolver, labels: dict[str, str] | None = None
) -> Parsed:
    """Elements first (so connections can name them by label), then connections.

    ``labels`` (match key of a label -> node id) carries the elements' labels over to a later
    call given the connections alone (a multi-file load reads every file's nodes first).
    """
    parsed = Parsed()
    by_name = {t.name.strip().lower(): t for t in tables}
    labels = {} if labels is None else labels
    for sheet in ("elements", "connections"):
        table = by_name.get(sheet)
        if table is None:
            continue
        try:
            position, names = _columns(table)
        except RowError as e:
            parsed.quarantined.append(Quarantined(table.file, sheet, 0, "", str(e)))
            continue
        header = table.rows[position][1]
        for number, cells in table.rows[position + 1 :]:
            row = {
                n: v
                for n, v in zip(names, cells, strict=False)
                if n and v is not None and str(v).strip()
            }
            shifted = misfit(table, header, number, cells)
            if not row and not shifted:
                continue
            parsed.rows += 1
            parsed.rows_by_file[table.file] = parsed.rows_by_file.get(table.file, 0) + 1
            prov = Provenance(f"{table.file}[{sheet}]", number, _now())
            values = {k: shown(v) for k, v in row.items()}
            try:
                if shifted:
                    raise RowError("", shifted)
                refuse_controls(row)
                if sheet == "elements":
                    _element(row, prov, parsed, labels, resolver)
                else:
                    _connection(row, prov, parsed, labels, resolver)
            except InvalidInput as e:
                column = e.column if isinstance(e, RowError) else error_column(e)
                parsed.quarantined.append(
                    Quarantined(table.file, sheet, number, column, str(e), values)
                )
    return parsed


def _element(
    row: dict[str, object],
    prov: Provenance,
    parsed: Parsed,
    labels: dict[str, str],
    resolver: Resolver,
) -> None:
    label = clean(str(row.pop("label", "")))
    if not label:
        raise RowError("label", "label: required")
    kind_name = match_key(str(row.pop("type", "")))
    kind = ELEMENT_TYPES.get(kind_name)
    if kind is None:
        raise RowError(
            "type", f"element type '{kind_name[:40]}' is not one of: {_known(ELEMENT_TYPES)}"
        )
    if kind in BUILT_IN:
        labels[match_key(label)] = resolver.resolve(label, {kind})
        return
    if "tags" in row:
        row["tags"] = str(row["tags"]).replace(",", ";")
    fields = set(NODE_MODELS[kind].model_fields) - {"id", "kind", "name"}
    given, cleared = split_cleared(_props(fields, row, kind.value), NODE_MODELS[kind])
    data = {**DEFAULTS.get(kind, {}), **given}
    node_id = make_id(kind, match_key(label))
    record = node_record(
        parse_node({"id": node_id, "kind": kind.value, "name": label, **data}), prov
    )
    parsed.add_node(node_row(record, {"name", *given}, cleared))
    labels[match_key(label)] = node_id
    resolver.add(node_id, kind, label, record.props.get("name_en"))


def _end(text: object, column: str, labels: dict[str, str], resolver: Resolver) -> str:
    name = clean(str(text or ""))
    if not name:
        raise RowError(column, f"{column}: required")
    if match_key(name) in labels:
        return labels[match_key(name)]
    try:
        return resolver.resolve(name, set(NodeKind))
    except InvalidInput as e:
        raise RowError(column, naming(column, str(e))) from None


def _fitting(name: str, meant: tuple[TieKind, ...], kinds: tuple[NodeKind, NodeKind]) -> TieKind:
    """The first tie kind a connection type can mean whose ends fit its elements, either way."""
    for kind in meant:
        sources, targets = TIE_ENDPOINTS[kind]
        if (kinds[0] in sources and kinds[1] in targets) or (
            kinds[1] in sources and kinds[0] in targets
        ):
            return kind
    joins = "; ".join(
        f"{' or '.join(sorted(TIE_ENDPOINTS[k][0]))} to {' or '.join(sorted(TIE_ENDPOINTS[k][1]))}"
        f" ({k})"
        for k in meant
    )
    raise RowError(
        "type", f"connection type '{name[:40]}' joins {joins}: not a {kinds[0]} and a {kinds[1]}"
    )


def _connection(
    row: dict[str, object],
    prov: Provenance,
    parsed: Parsed,
    labels: dict[str, str],
    resolver: Resolver,
) -> None:
    source = _end(row.pop("from", None), "from", labels, resolver)
    target = _end(row.pop("to", None), "to", labels, resolver)
    row.pop("direction", None)
    type_name = match_key(str(row.pop("type", "")))
    kinds = (kind_of(source), kind_of(target))
    if type_name:
        meant = CONNECTION_TYPES.get(type_name)
        if meant is None:
            raise RowError(
                "type",
                f"connection type '{type_name[:40]}' is not one of: {_known(CONNECTION_TYPES)}",
            )
        kind = _fitting(type_name, meant, kinds)
    else:
        fits = [k for k, (s, t) in TIE_ENDPOINTS.items() if kinds[0] in s and kinds[1] in t]
        fits = fits or [k for k, (s, t) in TIE_ENDPOINTS.items() if kinds[1] in s and kinds[0] in t]
        if len(fits) != 1:
            raise RowError(
                "type",
                f"connection type needed: {kinds[0]} to {kinds[1]} could be {', '.join(fits) or 'nothing'}",
            )
        kind = fits[0]
    sources, targets = TIE_ENDPOINTS[kind]
    if kinds[0] not in sources and kinds[1] in sources and kinds[0] in targets:
        source, target = target, source  # drawn the other way round in Kumu
    fields = set(TIE_PROPS.get(kind, TieProps).model_fields)
    given, cleared = split_cleared(_props(fields, row, kind.value), TIE_PROPS.get(kind, TieProps))
    props = {**TIE_DEFAULTS.get(kind, {}), **given}
    record = tie_record(
        parse_tie({"kind": kind.value, "source": source, "target": target, "props": props}), prov
    )
    parsed.add_tie(tie_row(record, given, cleared))
