"""Search across every kind by name, alias, description and tags, in Thai and English.

Thai is written without spaces between words, so text is tokenised with PyThaiNLP's ``newmm``
engine (it ships with the package; nothing is downloaded). Each word of the query is matched
against a field in the first way that holds (``TIERS``, best first): the whole field; a whole
word of it; a run of whole tokens inside a longer word; a Thai spelling variant (``spelling``:
a common misspelling, tone marks, thanthakhat or sara a added or left out) or the glossary's
other language; one slip away (two letters swapped, one left out or added, in Thai or a long
English word one typed for another); a Thai name that sounds alike (PyThaiNLP's Udom83 and
LK82 soundex); inside a longer word; its tokens found apart. A field's match is the weakest of
its query words' matches, scored inside that match's band by the field's weight, the share of
the field the query covers and the share of the query matched better; a query only some of
whose words are found ranks below all of these. Words under four characters are matched only
as typed. Results are ranked, each with the field it matched and how; a node whose fields
score alike is said to match by the first of them in ``FIELDS``, so an index followed from the
previous version's (``follow``) answers exactly as one built whole, whatever order its sets hold.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Generic, TypeVar

import networkx as nx
from pythainlp.tokenize import word_tokenize

from phakhee.loaders.normalize import match_key
from phakhee.queries.ask.spelling import (
    MAX_SOUND,
    MIN_FUZZY,
    corrected,
    is_thai,
    loose,
    one_slip,
    slips,
    sound_keys,
    sounds_alike,
)
from phakhee.queries.cache import GraphVersion

FIELDS = ("name", "name_en", "aliases", "tags", "description")
FIELD_WEIGHT = {"name": 1.0, "name_en": 1.0, "aliases": 0.8, "tags": 0.6, "description": 0.2}
SPELLED = frozenset({"name", "name_en", "aliases", "tags"})  # near spellings are looked up here
NAMED = frozenset({"name", "name_en", "aliases"})  # the words here are names that may sound alike
TIERS: dict[str, tuple[float, float]] = {
    "exact": (0.96, 1.0),  # the query is the whole field
    "whole": (0.88, 0.95),  # every query word is a whole word of the field
    "token": (0.82, 0.88),  # ... some only as a run of whole tokens inside a longer word
    "variant": (0.76, 0.82),  # ... some only as a Thai spelling variant of one
    "translation": (0.76, 0.82),  # ... some only through the glossary
    "fuzzy": (0.70, 0.76),  # ... some only one slip away
    "sound-alike": (0.70, 0.76),  # ... some only as a Thai name that sounds alike
    "part": (0.65, 0.69),  # ... some only inside a longer word
    "tokens": (0.60, 0.64),  # ... some only as their tokens, found apart
    "partial": (0.30, 0.58),  # some query words not found: by the share of the query found
}
"""How a node can match, best first, and the band of scores each gets."""
_RANK = {how: i for i, how in enumerate(TIERS)}
_FIELD_RANK = {field: i for i, field in enumerate(FIELDS)}
CANDIDATES = (100, 10, 500)  # fields scored in full: at least, per hit asked for, at most ...
RARE_GRAMS = 8  # ... and fields holding a query word inside a longer word, from its rarest
GRAM_CANDIDATES = (50, 5, 300)  # trigrams: at least, per hit asked for, at most
DESCRIPTION = 300  # characters of a description that are searched
_WORD = re.compile(r"[\w\u0e00-\u0e7f]+")

# Thai and English words of the movement, so a query in one language finds text in the other.
GLOSSARY: dict[str, tuple[str, ...]] = {
    "งดเหล้า": ("alcohol", "abstinence", "alcohol-free"),
    "เหล้า": ("alcohol",),
    "เข้าพรรษา": ("buddhist", "lent"),
    "เยาวชน": ("youth",),
    "สื่อสาร": ("communication", "media"),
    "การสื่อสาร": ("communication", "media"),
    "งานศพ": ("funeral", "funerals"),
    "สงกรานต์": ("songkran",),
    "กฎหมาย": ("law",),
    "ควบคุม": ("control",),
    "ชุมชน": ("community",),
    "อุบัติเหตุ": ("road", "safety"),
    "ภาคี": ("partner", "partners"),
    "เครือข่าย": ("network",),
    "นโยบาย": ("policy",),
    "บทเรียน": ("lesson", "lessons"),
    "สาธารณสุข": ("health",),
    "ปลอดเหล้า": ("alcohol-free",),
}
_REVERSE: dict[str, set[str]] = defaultdict(set)
for _th, _ens in GLOSSARY.items():
    for _en in _ens:
        _REVERSE[_en].add(_th)


@lru_cache(maxsize=262_144)
def _word_tokens(word: str) -> tuple[str, ...]:
    """One word's tokens (Thai by newmm; one token otherwise), which joined give the word back."""
    if not is_thai(word):
        return (word,)
    found = tuple(t for t in word_tokenize(word, engine="newmm") if t.strip())
    return found if "".join(found) == word else (word,)


@lru_cache(maxsize=262_144)
def tokens(text: str) -> tuple[str, ...]:
    """Normalised word tokens: Thai by newmm, other scripts by spaces and punctuation."""
    return tuple(t for word in _WORD.findall(match_key(text)) for t in _word_tokens(word))


@dataclass(frozen=True, slots=True)
class _Text:
    """One field value as search compares it: its letters without spaces or punctuation, where
    its words and its tokens start and end, its words and tokens, and the same in loose spelling."""

    compact: str
    word_bounds: tuple[int, ...]
    bounds: frozenset[int]
    units: frozenset[str]
    loose: str
    loose_bounds: frozenset[int]


def _analyse(value: str) -> _Text:
    words = _WORD.findall(value)
    units: set[str] = set(words)
    word_bounds, bounds, loose_bounds, loose_parts = [0], [0], [0], []
    for word in words:
        for t in _word_tokens(word):
            units.add(t)
            bounds.append(bounds[-1] + len(t))
            loose_parts.append(loose(t))
            loose_bounds.append(loose_bounds[-1] + len(loose_parts[-1]))
        word_bounds.append(bounds[-1])
    return _Text(
        "".join(words),
        tuple(word_bounds),
        frozenset(bounds),
        frozenset(units),
        "".join(loose_parts),
        frozenset(loose_bounds),
    )


_text = lru_cache(maxsize=16_384)(_analyse)  # the fields a query's candidates are scored on


def _aligned(needle: str, hay: str, bounds: frozenset[int]) -> bool:
    """Whether ``needle`` occurs in ``hay`` starting and ending where tokens do."""
    at = hay.find(needle)
    while at >= 0:
        if at in bounds and at + len(needle) in bounds:
            return True
        at = hay.find(needle, at + 1)
    return False


def _place(needle: str, t: _Text) -> str | None:
    """Where ``needle`` best occurs in a field: as whole words, as whole tokens, inside one word
    ("whole", "token", "part"), or None (nowhere, or only across two words)."""
    found = None
    words = t.word_bounds
    at = t.compact.find(needle)
    while at >= 0:
        end = at + len(needle)
        if at in t.bounds and end in t.bounds:
            if at in words and end in words:
                return "whole"
            found = "token"
        elif found is None and words[bisect_right(words, at)] >= end:
            found = "part"
        at = t.compact.find(needle, at + 1)
    return found


@dataclass(frozen=True, slots=True)
class Hit:
    """A node that matched: its id, kind, names, the field that matched, how, and a score in 0..1."""

    id: str
    kind: str
    name: str
    name_en: str | None
    field: str
    how: str
    score: float


Key = tuple[str, str]  # (node, field)
K = TypeVar("K")
V = TypeVar("V")


class SearchIndex:
    """Words, tokens and character trigrams of every searchable field, and the spelling keys of
    their words (one letter left out, loose spelling, soundex), built once per graph version
    (or made from the previous version's by ``follow``).

    Everything here is a node's own text: which fields hold a word (``by_unit``), a trigram
    (``by_gram``), and, across the graph, which words of names are spelled or sound alike. How
    many fields hold each word of the spelled fields and each word of the names is counted, so
    ``follow`` knows when the last one goes. Nothing is precomputed from the whole index: the
    share of fields a word is found in is read from ``by_unit`` when a query is answered.
    """

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self.graph = graph
        self.values: dict[Key, tuple[str, ...]] = {}
        self.by_unit: dict[str, set[Key]] = defaultdict(set)
        self.by_gram: dict[str, set[Key]] = defaultdict(set)
        self.spelled: Counter[str] = Counter()  # units of the spelled fields: how many values
        self.named: Counter[str] = Counter()  # words of the names: how many times
        for node, attrs in graph.nodes(data=True):
            for field, text in _field_texts(attrs):
                analysed = self._add((node, field), text)
                if field in SPELLED:
                    self.spelled.update(analysed.units)
                if field in NAMED:
                    self.named.update(_WORD.findall(text))
        self.by_slip: dict[str, set[str]] = defaultdict(set)
        self.by_loose: dict[str, set[str]] = defaultdict(set)
        for unit in self.spelled:
            if len(unit) >= MIN_FUZZY:
                for key in slips(unit) | {unit}:
                    self.by_slip[key].add(unit)
                if is_thai(unit):
                    self.by_loose[loose(unit)].add(unit)
        self.by_sound: dict[str, set[str]] = defaultdict(set)
        for word in self.named:
            if _sounded(word):
                for code in sound_keys(word):
                    self.by_sound[code].add(word)

    def _add(self, key: Key, text: str) -> _Text:
        self.values[key] = (*self.values.get(key, ()), text)
        analysed = _analyse(text)
        for unit in analysed.units:
            self.by_unit[unit].add(key)
        compact = analysed.compact
        for i in range(len(compact) - 2):
            self.by_gram[compact[i : i + 3]].add(key)
        return analysed


def _field_texts(attrs: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """A node's searchable values as the index holds them: (field, text in matching form)."""
    for field in FIELDS:
        value = attrs.get(field)
        if not value:
            continue
        for v in value if isinstance(value, list) else [value]:
            text = match_key(str(v))
            yield field, text[:DESCRIPTION] if field == "description" else text


def _sounded(word: str) -> bool:
    """Whether a word of a name is looked up by how it sounds."""
    return MIN_FUZZY <= len(word) <= MAX_SOUND and is_thai(word)


def _grams(compact: str) -> set[str]:
    return {compact[i : i + 3] for i in range(len(compact) - 2)}


FOLLOW_SHARE = 0.2
"""A delta touching more than this share of the graph's nodes builds the index whole instead:
following costs about what building costs per node touched, plus copying the tables once."""


class _Table(Generic[K, V]):
    """Changes to one table of an index made on copies, so the index it came from never changes:
    the table is copied on its first change, and each of its sets on its own first change."""

    def __init__(self, table: dict[K, set[V]]) -> None:
        self.table = table
        self._copied = False
        self._owned: set[K] = set()

    def _own(self, key: K) -> set[V] | None:
        if not self._copied:
            self.table = self.table.copy()  # a defaultdict stays one
            self._copied = True
        found = self.table.get(key)
        if found is not None and key not in self._owned:
            found = self.table[key] = set(found)
            self._owned.add(key)
        return found

    def add(self, key: K, item: V) -> None:
        found = self.table.get(key)
        if found is not None and item in found:
            return
        found = self._own(key)
        if found is None:
            self.table[key] = {item}
            self._owned.add(key)
        else:
            found.add(item)

    def discard(self, key: K, item: V) -> None:
        found = self.table.get(key)
        if found is None or item not in found:
            return
        if len(found) == 1:  # as a fresh build leaves it: no empty set
            self._own(key)
            del self.table[key]
            self._owned.discard(key)
        else:
            self._own(key).discard(item)  # type: ignore[union-attr]


def follow(previous: SearchIndex, gv: GraphVersion) -> SearchIndex:
    """The search index of ``gv``, made from the previous version's by its delta: exactly the
    index ``SearchIndex(gv.graph)`` builds, and ``previous`` left as it was.

    An index entry is a node's own text (its name, English name, aliases, tags, description):
    no tie changes one (a hit's province is read from the graph when the hit is shown), so only
    the delta's nodes are looked at, each compared with what the previous index holds of it;
    a node whose text did not change (a new phone number) costs a comparison. Each table is
    shared until it changes, then copied once, and each set of it copied on its own first
    change: the copies cost time in the tables' sizes (a few milliseconds at 100,000 people),
    the work in what the delta touched. The spelled words (slips, loose spelling) and the
    names' sounds change only where a word appears for the first time or goes with its last
    holder, which the counts tell. Scoring reads nothing precomputed over the whole index (how
    many fields hold a word is the size of its set), so no statistic goes stale.

    A delta touching more than ``FOLLOW_SHARE`` of the nodes, or no delta, builds the index
    whole: following it would cost as much and share nothing.
    """
    graph, delta = gv.graph, gv.delta
    if delta is None or len(delta.nodes) > FOLLOW_SHARE * max(1, graph.number_of_nodes()):
        return SearchIndex(graph)
    values = previous.values  # copied on its first change
    by_unit, by_gram = _Table(previous.by_unit), _Table(previous.by_gram)
    spelled: Counter[str] = Counter()  # changes of the counts
    named: Counter[str] = Counter()
    nodes = graph.nodes
    for node in delta.nodes:
        after: dict[str, tuple[str, ...]] = defaultdict(tuple)
        if node in nodes:
            for field, text in _field_texts(nodes[node]):
                after[field] += (text,)
        for field in FIELDS:
            key = (node, field)
            old, new = previous.values.get(key, ()), after.get(field, ())
            if old == new:
                continue
            if values is previous.values:
                values = dict(values)
            if new:
                values[key] = new
            else:
                del values[key]
            old_texts, new_texts = [_text(v) for v in old], [_text(v) for v in new]
            old_units = set().union(*(t.units for t in old_texts))
            new_units = set().union(*(t.units for t in new_texts))
            for unit in old_units - new_units:
                by_unit.discard(unit, key)
            for unit in new_units - old_units:
                by_unit.add(unit, key)
            old_grams = set().union(*(_grams(t.compact) for t in old_texts))
            new_grams = set().union(*(_grams(t.compact) for t in new_texts))
            for gram in old_grams - new_grams:
                by_gram.discard(gram, key)
            for gram in new_grams - old_grams:
                by_gram.add(gram, key)
            if field in SPELLED:
                for t in old_texts:
                    spelled.subtract(t.units)
                for t in new_texts:
                    spelled.update(t.units)
            if field in NAMED:
                for v in old:
                    named.subtract(_WORD.findall(v))
                for v in new:
                    named.update(_WORD.findall(v))
    index = object.__new__(SearchIndex)
    index.graph, index.values = graph, values
    index.by_unit, index.by_gram = by_unit.table, by_gram.table
    index.spelled, came, went = _counted(previous.spelled, spelled)
    by_slip, by_loose = _Table(previous.by_slip), _Table(previous.by_loose)
    for units, change in ((went, by_slip.discard), (came, by_slip.add)):
        for unit in units:
            if len(unit) >= MIN_FUZZY:
                for key in slips(unit) | {unit}:
                    change(key, unit)
    for units, change in ((went, by_loose.discard), (came, by_loose.add)):
        for unit in units:
            if len(unit) >= MIN_FUZZY and is_thai(unit):
                change(loose(unit), unit)
    index.by_slip, index.by_loose = by_slip.table, by_loose.table
    index.named, came, went = _counted(previous.named, named)
    by_sound = _Table(previous.by_sound)
    for words, change in ((went, by_sound.discard), (came, by_sound.add)):
        for word in words:
            if _sounded(word):
                for code in sound_keys(word):
                    change(code, word)
    index.by_sound = by_sound.table
    return index


def _counted(
    counts: Counter[str], changes: Counter[str]
) -> tuple[Counter[str], list[str], list[str]]:
    """The counts with their changes made (on a copy, when any), the words counted for the
    first time, and the words no longer counted."""
    changes = {w: n for w, n in changes.items() if n}  # a word taken out and put back: none
    if not changes:
        return counts, [], []
    out = counts.copy()
    came, went = [], []
    for word, n in changes.items():
        before = out.get(word, 0)
        if before + n > 0:
            out[word] = before + n
            if before == 0:
                came.append(word)
        else:
            del out[word]
            went.append(word)
    return out, came, went


@dataclass(frozen=True, slots=True)
class _Word:
    """A query word and what it may match besides itself."""

    text: str
    alternatives: tuple[tuple[str, str], ...]  # (compact text, how): the spelling meant, glossary
    loose: str | None  # its loose spelling, for a Thai word long enough
    near: frozenset[str]  # indexed words and tokens one slip away
    sound: frozenset[str]  # indexed Thai names that sound alike
    parts: tuple[_Word, ...]  # its tokens, for a Thai word of more than one


def _query_word(index: SearchIndex, word: str, split: bool = True) -> _Word:
    alternatives: list[tuple[str, str]] = []
    if (meant := corrected(word)) is not None:
        alternatives.append((meant, "variant"))
    for other in (*GLOSSARY.get(word, ()), *sorted(_REVERSE.get(word, ()))):
        alternatives.append(("".join(_WORD.findall(match_key(other))), "translation"))
    near: set[str] = set()
    sound: set[str] = set()
    long_enough = len(word) >= MIN_FUZZY
    if long_enough:
        for key in slips(word) | {word}:
            near.update(u for u in index.by_slip.get(key, ()) if one_slip(word, u))
        if len(word) <= MAX_SOUND and is_thai(word):
            for code in sound_keys(word):
                sound.update(u for u in index.by_sound.get(code, ()) if sounds_alike(word, u))
    parts = _word_tokens(word) if split else ()
    return _Word(
        word,
        tuple(alternatives),
        loose(word) if long_enough and is_thai(word) else None,
        frozenset(near),
        frozenset(sound),
        tuple(_query_word(index, p, split=False) for p in parts) if len(parts) > 1 else (),
    )


def _units(index: SearchIndex, word: _Word) -> set[str]:
    """The indexed words and tokens a query word may match, to find candidate nodes by."""
    found = {word.text, *word.near, *word.sound}
    for text, _ in word.alternatives:
        found.update(_word_tokens(text))
    if word.loose is not None:
        found |= index.by_loose.get(word.loose, set())
    for part in word.parts:
        found |= _units(index, part)
    return found


def _match(word: _Word, t: _Text) -> tuple[str, float]:
    """How a query word matches a field value, and the share of the word found (1 unless partial)."""
    place = _place(word.text, t)
    if place == "whole" or place == "token":
        return place, 1.0
    for text, how in word.alternatives:
        if text in t.compact and _aligned(text, t.compact, t.bounds):
            return how, 1.0
    if word.loose is not None and _aligned(word.loose, t.loose, t.loose_bounds):
        return "variant", 1.0
    if word.near and not word.near.isdisjoint(t.units):
        return "fuzzy", 1.0
    if word.sound and not word.sound.isdisjoint(t.units):
        return "sound-alike", 1.0
    if place == "part":
        return "part", 1.0
    if not word.parts:
        return "partial", 0.0
    found = [_match(p, t)[0] != "partial" for p in word.parts]
    if all(found):
        return "tokens", 1.0
    share = sum(len(p.text) for p, ok in zip(word.parts, found, strict=True) if ok)
    return "partial", share / len(word.text)


def _score(words: list[_Word], compact: str, t: _Text, weight: float) -> tuple[float, str] | None:
    """The score and how of a field value for the query's words (``compact``: them joined).

    Inside its band a match scores by the field's weight, the share of the field the query
    covers, and the share of the query matched better than the match's tier.
    """
    if compact == t.compact:
        low, high = TIERS["exact"]
        return low + (high - low) * weight, "exact"
    found = [_match(w, t) for w in words]
    how = max((h for h, _ in found), key=_RANK.__getitem__)
    if _RANK[how] > _RANK["fuzzy"] and len(words) == 1 and one_slip(compact, t.compact):
        how, found = "fuzzy", [("fuzzy", 1.0)]  # one word typed without spaces, one slip off
    if how == "partial":
        share = sum(len(w.text) * s for w, (_, s) in zip(words, found, strict=True))
        if not share:
            return None
        quality = share / len(compact) * (0.5 + 0.5 * weight)
    else:
        better = sum(len(w.text) for w, (h, _) in zip(words, found, strict=True) if h != how)
        covers = len(compact) / max(1, len(t.compact))
        quality = 0.4 * weight + 0.3 * min(1.0, covers) + 0.3 * better / len(compact)
    low, high = TIERS[how]
    return low + (high - low) * quality, how


def _many(bounds: tuple[int, int, int], limit: int) -> int:
    least, each, most = bounds
    return min(most, max(least, each * limit))


def _candidates(
    index: SearchIndex, words: list[_Word], wanted: set[str] | None, many: int
) -> list[Key]:
    """The ``many`` fields most worth scoring: those sharing the query's rarer words, rarest first.

    Words found in a large share of the graph ("จังหวัด") only count alongside rarer ones.
    """
    units: set[str] = set()
    for w in words:
        units |= _units(index, w)
    present = [u for u in units if u in index.by_unit]
    common = max(50, len(index.values) // 50)
    rare = [u for u in present if len(index.by_unit[u]) <= common] or present
    weight: dict[Key, float] = defaultdict(float)
    for u in sorted(rare):  # rarer words say more: each adds 1/(how many fields hold it)
        # (summed in one order, so equal indexes weigh alike to the last bit)
        postings = index.by_unit[u]
        for key in postings:
            weight[key] += 1 / len(postings)
    kinds = index.graph.nodes
    keys = [k for k in weight if wanted is None or kinds[k[0]]["kind"] in wanted]
    if len(keys) > many:  # the rarest first, then the shortest, then by id
        keys.sort(key=lambda k: (-weight[k], len(index.values[k][0]), k))
    return keys[:many]


def search(
    index: SearchIndex,
    text: str,
    *,
    kinds: Iterable[str] | None = None,
    limit: int = 20,
) -> list[Hit]:
    """Nodes matching ``text``, best first; each hit names the field it matched and how."""
    pieces = list(dict.fromkeys(_WORD.findall(match_key(text))))
    if not pieces or limit < 1:
        return []
    wanted = set(kinds) if kinds is not None else None
    words = [_query_word(index, w) for w in pieces]
    compact = "".join(pieces)
    scores: dict[str, tuple[float, str, str]] = {}

    def offer(key: Key) -> None:
        node, field = key
        for value in index.values[key]:
            found = _score(words, compact, _text(value), FIELD_WEIGHT[field])
            if found is None:
                continue
            best = scores.get(node)
            # a tie goes to the field first in FIELDS (then the value first in the field), so
            # the answer does not hang on the order the fields are offered in
            if best is None or (found[0], -_FIELD_RANK[field]) > (best[0], -_FIELD_RANK[best[1]]):
                scores[node] = (found[0], field, found[1])

    offered = _candidates(index, words, wanted, _many(CANDIDATES, limit))
    for key in offered:
        offer(key)
    # Query words inside longer words (and near spellings of the whole field), from shared
    # trigrams, unless enough nodes already match better than these could.
    strong = sum(1 for score, _, _ in scores.values() if score >= TIERS["fuzzy"][1])
    grams = sorted(
        {compact[i : i + 3] for i in range(len(compact) - 2)},
        key=lambda g: len(index.by_gram.get(g, ())),
    )[:RARE_GRAMS]
    if grams and strong < limit:
        counts: dict[Key, int] = defaultdict(int)
        for g in grams:
            for key in index.by_gram.get(g, ()):
                counts[key] += 1
        need = max(1, int(len(grams) * 0.5))
        seen = set(offered)
        nodes = index.graph.nodes
        found = [
            (-n, key)
            for key, n in counts.items()
            if n >= need and key not in seen and (wanted is None or nodes[key[0]]["kind"] in wanted)
        ]
        many = _many(GRAM_CANDIDATES, limit)
        if len(found) > many:
            found.sort()
        for _, key in found[:many]:
            offer(key)
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1][0], kv[0]))[:limit]
    out = []
    for node, (score, field, how) in ranked:
        attrs = index.graph.nodes[node]
        out.append(
            Hit(
                node,
                attrs["kind"],
                attrs.get("name", node),
                attrs.get("name_en"),
                field,
                how,
                round(score, 3),
            )
        )
    return out


def index_of(gv: GraphVersion) -> SearchIndex:
    """The graph version's search index: made once per graph version, from the previous
    version's by its delta (``follow``) when there is one, else built whole."""
    return gv.followed("search", SearchIndex, follow)
