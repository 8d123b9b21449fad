"""Template tables to records: each row lands as nodes and ties, or is quarantined with its reason."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from phakhee.graph.errors import InvalidInput
from phakhee.graph.model import (
    CONTROL,
    NODE_MODELS,
    TIE_ENDPOINTS,
    TIE_PROPS,
    NodeKind,
    NodeRecord,
    Provenance,
    TieKind,
    TieProps,
    TieRecord,
    control_character,
    control_reason,
    make_id,
    node_record,
    parse_node,
    parse_tie,
    tie_record,
)
from phakhee.loaders.merge import combine, node_row, parse_partial, split_cleared, tie_row
from phakhee.loaders.normalize import clean, match_key
from phakhee.loaders.quarantine import Quarantined, naming
from phakhee.loaders.resolve import Resolver, district, province, region, subdistrict
from phakhee.loaders.sheets import EXAMPLE_MARK, NODE_SHEETS, SHEETS, TIE_SHEETS, Sheet
from phakhee.loaders.tables import Formula, Table, misfit
from phakhee.loaders.values import parse_bool, parse_date, parse_number, parse_when, split_list
from phakhee.loaders.vocab import FIXED, choice

DATES = {"date", "since", "founded", "consent_date"}
YEARS = {"since", "founded"}
"""Dates that may be known to the year alone: kept as the year (``2019``), never as 1 January."""
NUMBERS = {"budget_thb", "governance", *(f"objective_{i}" for i in range(1, 6))}
BOOLS = {"shared_budget"}
LISTS = {"aliases", "tags"}
CHOICES = {key for _, key in FIXED}
"""Fields with a fixed set of values for some kind: read by ``loaders.vocab.choice``."""


def error_column(error: InvalidInput) -> str:
    """The field a model error names ("partner.sector: ..." -> "sector")."""
    if error.field:
        return error.field
    text = str(error)
    return text.split(":")[0].split(".")[-1].strip() if ":" in text else ""


class RowError(InvalidInput):
    """A row's problem, naming the column."""

    def __init__(self, column: str, message: str) -> None:
        self.column = column
        super().__init__(message, field=column or None)


def refuse_controls(values: dict[str, object]) -> None:
    """RowError naming the first column whose text holds a character a workbook cannot hold.

    Checked on the cells as read, before cleaning folds some of them (vertical tab, form feed,
    the separators U+001C-U+001F) into spaces.
    """
    for column, value in values.items():
        if isinstance(value, str) and (code := control_character(value)):
            raise RowError(column, f"{column}: {control_reason(code)}")


def shown(value: object) -> str:
    """A refused cell as the quarantine report shows it: cleaned, control characters as U+FFFD."""
    return CONTROL.sub("\ufffd", _text(value))


_EXAMPLE = frozenset(match_key(m).replace(" ", "") for m in (EXAMPLE_MARK, "example / ตัวอย่าง"))


def is_example_mark(value: object) -> bool:
    """Whether a cell is the template's example-row mark (any case, spaces optional)."""
    return isinstance(value, str) and match_key(value).replace(" ", "") in _EXAMPLE


@dataclass(slots=True)
class Parsed:
    """What a file gave: records by kind, the rows refused, the example rows skipped, and the
    fields an export says it withheld (``withheld_fields`` in its metadata)."""

    nodes: dict[str, NodeRecord] = field(default_factory=dict)
    ties: dict[tuple[str, str, str], TieRecord] = field(default_factory=dict)
    quarantined: list[Quarantined] = field(default_factory=list)
    rows: int = 0
    rows_by_file: dict[str, int] = field(default_factory=dict)
    """Rows read per file (``Table.file``): a folder's or a zip's CSV files one by one."""
    examples: list[tuple[str, int]] = field(default_factory=list)
    """(sheet, row) of each marked example row skipped."""
    withheld: frozenset[str] = frozenset()

    def add_node(self, record: NodeRecord) -> None:
        """Add a node; the same node twice (a name typed with two spaces) is one, merged."""
        old = self.nodes.get(record.id)
        self.nodes[record.id] = record if old is None else combine(old, record)

    def add_tie(self, record: TieRecord) -> None:
        """Add a tie; the same tie twice is one, merged."""
        old = self.ties.get(record.key)
        self.ties[record.key] = record if old is None else combine(old, record)


def header_map(sheet: Sheet, cells: list[object]) -> dict[int, str]:
    """Column index -> column key, for a row of headers (English keys or Thai names, '*' allowed)."""
    names: dict[str, str] = {}
    for c in sheet.columns:
        for alias in (c.key, c.thai, c.key.replace("_", " ")):
            names[match_key(alias)] = c.key
    found = {}
    for i, cell in enumerate(cells):
        if cell is None:
            continue
        key = match_key(str(cell)).strip(" *")
        key = key.split("(")[0].strip() if key not in names else key
        if key in names and names[key] not in found.values():
            found[i] = names[key]
    return found


def find_header(sheet: Sheet, table: Table) -> tuple[int, dict[int, str]]:
    """The header row (within the first ten, past merged title rows) and its column map.

    A sheet that names its rows by id, or a tie sheet with both ends, may leave out other
    required columns: its rows merge into stored nodes and ties (a new one is refused alone).
    """
    required = {c.key for c in sheet.columns if c.required}
    for position, (_, cells) in enumerate(table.rows[:10]):
        mapping = header_map(sheet, cells)
        if required & set(mapping.values()) or len(mapping) >= 2:
            missing = required - set(mapping.values())
            if sheet.tie is not None:
                missing &= set(sheet.ends)
            elif "id" in mapping.values():
                missing = set()
            if missing:
                raise RowError(
                    ", ".join(sorted(missing)),
                    f"required columns missing: {', '.join(sorted(missing))}",
                )
            return position, mapping
    raise RowError("", f"no header row naming the columns of sheet '{sheet.name}'")


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()[:10]
    return clean(str(value))


def _value(key: str, raw: object, owner: str = "") -> Any:
    if isinstance(raw, Formula):
        raise RowError(
            key,
            f"{key} holds a formula with no saved value: open and save the file in Excel, or type the value",
        )
    try:
        if key in YEARS:
            return parse_when(raw)
        if key in DATES:
            return parse_date(raw).isoformat()
        if key in NUMBERS:
            return parse_number(raw)
        if key in BOOLS:
            return parse_bool(raw)
    except ValueError as e:
        raise RowError(key, f"{key}: {e}") from None
    if key in LISTS:
        return split_list(raw)
    text = _text(raw)
    if key in CHOICES:
        try:
            return choice(owner, key, text)
        except ValueError as e:
            raise RowError(key, str(e)) from None
    return text


def _cells(mapping: dict[int, str], cells: list[object]) -> dict[str, object]:
    out = {}
    for i, key in mapping.items():
        if i < len(cells):
            v = cells[i]
            if v is not None and not (isinstance(v, str) and not v.strip()):
                out[key] = v
    return out


class TemplateReader:
    """Reads template tables into one Parsed, node sheets first so ties can find their ends."""

    def __init__(self, resolver: Resolver, *, ties_later: bool = False) -> None:
        self.resolver = resolver
        self.parsed = Parsed()
        self.sheets_found = 0
        self.kinds: set[NodeKind] = set()
        """The kinds of node whose sheets the file has (a sheet present speaks for its kind)."""
        self.ties_later = ties_later
        """Hold back the sheets that name other nodes until ``read_later`` (a multi-file load)."""
        self._later: list[tuple[Sheet, Table, str]] = []

    def read(self, tables: Iterable[Table], file: str) -> Parsed:
        by_sheet = {}
        for t in tables:
            sheet = SHEETS.get(t.name.strip().lower()) or next(
                (s for s in SHEETS.values() if match_key(s.thai) == match_key(t.name)), None
            )
            if sheet is not None:
                by_sheet.setdefault(sheet.name, []).append(t)
        self.sheets_found = len(by_sheet)
        for t in tables:
            if t.name.strip().lower() == "export_info":
                self.parsed.withheld |= export_withheld(t)
        for sheet in (*NODE_SHEETS, *TIE_SHEETS):
            for table in by_sheet.get(sheet.name, []):
                self.kinds |= {sheet.node} if sheet.node else set()
                if self.ties_later and (sheet.tie or sheet.node is NodeKind.ASSESSMENT):
                    self._later.append((sheet, table, file))
                else:
                    self._read_table(sheet, table, file)
        return self.parsed

    def read_later(self) -> Parsed:
        """The sheets held back by ``ties_later`` (ties, and assessments, which name their team),
        read once every file of the load has given its nodes."""
        for sheet, table, file in self._later:
            self._read_table(sheet, table, file)
        self._later.clear()
        return self.parsed

    def _read_table(self, sheet: Sheet, table: Table, file: str) -> None:
        try:
            position, mapping = find_header(sheet, table)
        except RowError as e:
            self.parsed.quarantined.append(Quarantined(table.file, sheet.name, 0, e.column, str(e)))
            return
        header = table.rows[position][1]
        for number, cells in table.rows[position + 1 :]:
            if any(is_example_mark(v) for i, v in enumerate(cells) if i not in mapping):
                self.parsed.examples.append((sheet.name, number))
                continue  # the template's example row, marked as such
            values = _cells(mapping, cells)
            shifted = misfit(table, header, number, cells)
            if not shifted and not values:
                continue  # an empty row
            self.parsed.rows += 1
            self.parsed.rows_by_file[table.file] = self.parsed.rows_by_file.get(table.file, 0) + 1
            prov = Provenance(f"{table.file}[{sheet.name}]", number, _now())
            try:
                if shifted:
                    raise RowError("", shifted)
                refuse_controls(values)
                if sheet.node is not None:
                    self._node_row(sheet, values, prov)
                else:
                    self._tie_row(sheet, values, prov)
            except RowError as e:
                self._refuse(table.file, sheet, number, e.column, str(e), values)
            except InvalidInput as e:
                self._refuse(table.file, sheet, number, error_column(e), str(e), values)

    def _refuse(
        self, file: str, sheet: Sheet, row: int, column: str, error: str, values: dict[str, object]
    ) -> None:
        cells = {k: shown(v) for k, v in values.items()}
        self.parsed.quarantined.append(Quarantined(file, sheet.name, row, column, error, cells))

    def _node_row(self, sheet: Sheet, values: dict[str, object], prov: Provenance) -> None:
        kind = sheet.node
        assert kind is not None
        values, cleared = split_cleared(values, NODE_MODELS[kind])
        data: dict[str, Any] = {k: _value(k, v, kind.value) for k, v in values.items()}
        place = data.pop("province", None)
        below = (data.pop("district", None), data.pop("subdistrict", None))
        area = data.pop("region", None)
        team = data.pop("team", None)
        if kind is NodeKind.ASSESSMENT:
            if not team:
                raise RowError("team", "team: required")
            team_id = self.resolver.resolve(str(team), {NodeKind.TEAM})
        fields = set(data) - {"id"}
        if kind is NodeKind.ASSESSMENT:
            data.setdefault("name", f"{team} {data.get('date', '')}".strip())
        if not data.get("name") and not data.get("id"):  # absent, or only invisible characters
            raise RowError("name", "name: required")
        given = data.pop("id", None)
        basis = (
            team_id + "-" + str(data.get("date", ""))
            if kind is NodeKind.ASSESSMENT
            else match_key(data.get("name", ""))  # with an id and no name: not needed
        )
        node_id = (
            (given if ":" in str(given) else make_id(kind, str(given)))
            if given
            else make_id(kind, basis)
        )
        node = parse_partial(
            parse_node, {"id": node_id, "kind": kind.value, **data}, lambda: self._stored(node_id)
        )
        record = node_row(node_record(node, prov), fields, cleared)
        ties = [
            _located(node_id, find, text, column, prov)
            for column, text, find in (
                ("province", place, province),
                ("region", area, region),
            )
            if text and not (column == "province" and any(below))
        ]
        if any(below):
            ties.append(_located_below(node_id, place, *below, prov))
        if kind is NodeKind.ASSESSMENT:
            ties.append(
                tie_record(
                    parse_tie({"kind": "assessed", "source": team_id, "target": node_id}), prov
                )
            )
        self.parsed.add_node(record)
        self.resolver.add(
            node_id,
            kind,
            record.props.get("name"),
            record.props.get("name_en"),
            *record.props.get("aliases", []),
        )
        for t in ties:
            self.parsed.add_tie(t)

    def _tie_row(self, sheet: Sheet, values: dict[str, object], prov: Provenance) -> None:
        kind = sheet.tie
        assert kind is not None
        sources, targets = TIE_ENDPOINTS[kind]
        values, cleared = split_cleared(values, TIE_PROPS.get(kind, TieProps))
        ends = []
        for column, allowed in zip(sheet.ends, (sources, targets), strict=True):
            if column not in values:
                raise RowError(column, f"{column}: required")
            try:
                ends.append(self.resolver.resolve(_text(values[column]), set(allowed)))
            except InvalidInput as e:
                raise RowError(column, naming(column, str(e))) from None
        props = {k: _value(k, v, kind.value) for k, v in values.items() if k not in sheet.ends}
        key = (kind, ends[0], ends[1])
        tie = parse_partial(
            lambda p: parse_tie(
                {"kind": kind.value, "source": ends[0], "target": ends[1], "props": p}
            ),
            props,
            lambda: self._stored_tie(key),
        )
        self.parsed.add_tie(tie_row(tie_record(tie, prov), props, cleared))

    def _stored(self, node_id: str) -> dict[str, Any] | None:
        """A stored node's properties (to complete a partial row), None if it is not stored."""
        store = self.resolver.store
        found = store.get_nodes([node_id]).get(node_id) if store is not None else None
        return found.props if found is not None else None

    def _stored_tie(self, key: tuple[TieKind, str, str]) -> dict[str, Any] | None:
        """A stored tie's properties, None if it is not stored."""
        store = self.resolver.store
        found = store.get_ties([key]).get(key) if store is not None else None
        return found.props if found is not None else None


def export_withheld(table: Table) -> frozenset[str]:
    """The fields an export's ``export_info`` sheet says it withheld (``withheld_fields``)."""
    for _, cells in table.rows:
        if len(cells) >= 2 and str(cells[0] or "").strip() == "withheld_fields":
            return frozenset(split_list(cells[1]))
    return frozenset()


def _located(
    node_id: str, find: Callable[[str], str], text: str, column: str, prov: Provenance
) -> TieRecord:
    """The located_in tie from a node to the province or region a cell names."""
    try:
        target = find(text)
        return tie_record(
            parse_tie({"kind": "located_in", "source": node_id, "target": target}), prov
        )
    except InvalidInput as e:
        raise RowError(column, str(e)) from None


def _located_below(
    node_id: str,
    place: str | None,
    district_text: str | None,
    subdistrict_text: str | None,
    prov: Provenance,
) -> TieRecord:
    """The located_in tie to the finest place a row names: its subdistrict, else its district,
    each looked for within the row's province (and district); the place nodes come with the
    write (``graph.geography.places_named``)."""
    column = "province"
    try:
        within = province(place) if place else None
        column = "district"
        found = district(district_text, within) if district_text else None
        if subdistrict_text:
            column = "subdistrict"
            found = subdistrict(subdistrict_text, within, found)
        assert found is not None
        return tie_record(
            parse_tie({"kind": "located_in", "source": node_id, "target": found}), prov
        )
    except InvalidInput as e:
        raise RowError(column, naming(column, str(e))) from None


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
