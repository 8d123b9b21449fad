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
as typed. Results are ranked, each with the field it matched and how.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

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


class SearchIndex:
    """Words, tokens and character trigrams of every searchable field, and the spelling keys of
    their words (one letter left out, loose spelling, soundex), built once per graph version."""

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self.graph = graph
        self.values: dict[Key, tuple[str, ...]] = {}
        self.by_unit: dict[str, set[Key]] = defaultdict(set)
        self.by_gram: dict[str, set[Key]] = defaultdict(set)
        spelled: set[str] = set()
        named: set[str] = set()
        for node, attrs in graph.nodes(data=True):
            for field in FIELDS:
                value = attrs.get(field)
                if not value:
                    continue
                for v in value if isinstance(value, list) else [value]:
                    text = match_key(str(v))
                    if field == "description":
                        text = text[:DESCRIPTION]
                    analysed = self._add((node, field), text)
                    if field in SPELLED:
                        spelled |= analysed.units
                    if field in NAMED:
                        named.update(_WORD.findall(text))
        self.by_slip: dict[str, set[str]] = defaultdict(set)
        self.by_loose: dict[str, set[str]] = defaultdict(set)
        for unit in spelled:
            if len(unit) >= MIN_FUZZY:
                for key in slips(unit) | {unit}:
                    self.by_slip[key].add(unit)
                if is_thai(unit):
                    self.by_loose[loose(unit)].add(unit)
        self.by_sound: dict[str, set[str]] = defaultdict(set)
        for word in named:
            if MIN_FUZZY <= len(word) <= MAX_SOUND and is_thai(word):
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
    for u in rare:  # rarer words say more: each adds 1/(how many fields hold it)
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
            if found is not None and found[0] > scores.get(node, (0.0, "", ""))[0]:
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
    """The graph version's search index, built once per graph version."""
    return gv.derived("search", SearchIndex)
