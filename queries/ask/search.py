"""Search across every kind by name, alias, description and tags, in Thai and English.

Thai is written without spaces between words, so text is tokenised with PyThaiNLP's ``newmm``
engine (it ships with the package; nothing is downloaded). A node matches on whole tokens, on a
substring of its normalised text, or on a near spelling (a character-trigram candidate whose
similarity is at least ``FUZZY``), and a small glossary of the movement's terms lets a Thai query
find English text and back. Results are ranked, each with the field it matched.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

import networkx as nx
from pythainlp.tokenize import word_tokenize

from phakhee.graph.errors import NotFound
from phakhee.loaders.normalize import match_key
from phakhee.queries.cache import GraphVersion

FIELDS = ("name", "name_en", "aliases", "tags", "description")
FIELD_WEIGHT = {"name": 1.0, "name_en": 1.0, "aliases": 0.9, "tags": 0.7, "description": 0.5}
FUZZY = 0.8
CANDIDATES = 500  # token matches scored in full, chosen by the rarity of the tokens they share
RARE_GRAMS = 8  # near-spelling candidates come from the query's rarest trigrams
_WORD = re.compile(r"[\w\u0e00-\u0e7f]+")
_THAI = re.compile("[\u0e01-\u0e5b]")

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
def tokens(text: str) -> tuple[str, ...]:
    """Normalised word tokens: Thai by newmm, other scripts by spaces and punctuation."""
    out: list[str] = []
    for word in _WORD.findall(match_key(text)):
        if _THAI.search(word):
            out += [t for t in word_tokenize(word, engine="newmm") if t.strip()]
        else:
            out.append(word)
    return tuple(out)


def _expand(query_tokens: Iterable[str]) -> set[str]:
    words = set(query_tokens)
    for t in list(words):
        words |= set(GLOSSARY.get(t, ())) | _REVERSE.get(t, set())
    return words


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


class SearchIndex:
    """Tokens and character trigrams of every searchable field, built once per graph version."""

    def __init__(self, graph: nx.MultiDiGraph) -> None:
        self.graph = graph
        self.by_token: dict[str, set[tuple[str, str]]] = defaultdict(set)
        self.by_gram: dict[str, set[tuple[str, str]]] = defaultdict(set)
        self.text: dict[tuple[str, str], str] = {}
        for node, attrs in graph.nodes(data=True):
            for field in FIELDS:
                value = attrs.get(field)
                if not value:
                    continue
                for v in value if isinstance(value, list) else [value]:
                    self._add(node, field, str(v))

    def _add(self, node: str, field: str, value: str) -> None:
        key = (node, field)
        normalised = match_key(value)
        self.text[key] = f"{self.text[key]} | {normalised}" if key in self.text else normalised
        if field == "description":
            normalised = normalised[:300]
        for t in tokens(normalised):
            self.by_token[t].add(key)
        compact = normalised.replace(" ", "")
        for i in range(len(compact) - 2):
            self.by_gram[compact[i : i + 3]].add(key)


def search(
    index: SearchIndex,
    text: str,
    *,
    kinds: Iterable[str] | None = None,
    limit: int = 20,
) -> list[Hit]:
    """Nodes matching ``text``, best first; each hit names the field it matched and how."""
    query = match_key(text)
    if not query:
        return []
    wanted = set(kinds) if kinds is not None else None
    q_tokens = set(tokens(query))
    expanded = _expand(q_tokens)
    scores: dict[str, tuple[float, str, str]] = {}

    def offer(key: tuple[str, str], score: float, how: str) -> None:
        node, field = key
        if wanted is not None and index.graph.nodes[node]["kind"] not in wanted:
            return
        score *= FIELD_WEIGHT[field]
        if score > scores.get(node, (0.0, "", ""))[0]:
            scores[node] = (score, field, how)

    compact = query.replace(" ", "")
    # Whole tokens (in either language), weighted by how much of the query they cover. Tokens
    # found in a large share of the graph ("จังหวัด") only count alongside rarer ones.
    common = max(50, len(index.text) // 50)
    present = [t for t in expanded if t in index.by_token]
    rare = [t for t in present if len(index.by_token[t]) <= common] or present
    weight: dict[tuple[str, str], float] = defaultdict(float)
    for t in rare:  # rarer tokens say more: each adds 1/(how many fields hold it)
        postings = index.by_token[t]
        for key in postings:
            weight[key] += 1 / len(postings)
    best = sorted(weight, key=weight.__getitem__, reverse=True)[:CANDIDATES]
    hits = {key: {t for t in present if key in index.by_token[t]} for key in best}
    for key, found in hits.items():
        field_text = index.text[key].replace(" ", "")
        own = len(found & q_tokens) / max(1, len(q_tokens))
        translated = (
            len(found - q_tokens) / max(1, len(expanded - q_tokens)) if expanded - q_tokens else 0
        )
        coverage = max(own, 0.9 * translated)
        if compact == field_text:
            offer(key, 1.0, "exact")
        elif compact in field_text:
            offer(key, 0.85 + 0.1 * len(compact) / max(1, len(field_text)), "substring")
        elif coverage:
            offer(key, 0.4 + 0.4 * coverage, "tokens" if own >= translated else "translation")
    # Near spellings (and substrings that tokenise differently), from shared trigrams.
    strong = sum(1 for score, _, how in scores.values() if how in ("exact", "substring"))
    grams = sorted(
        {compact[i : i + 3] for i in range(len(compact) - 2)},
        key=lambda g: len(index.by_gram.get(g, ())),
    )[:RARE_GRAMS]
    if grams and strong < limit:
        counts: dict[tuple[str, str], int] = defaultdict(int)
        for g in grams:
            for key in index.by_gram.get(g, ()):
                counts[key] += 1
        need = max(1, int(len(grams) * 0.5))
        for key, n in sorted(counts.items(), key=lambda kv: -kv[1])[:300]:
            if n < need:
                break
            field_text = index.text[key].replace(" ", "")
            if compact in field_text:
                offer(key, 0.85 + 0.1 * len(compact) / max(1, len(field_text)), "substring")
                continue
            best = max(
                SequenceMatcher(None, compact, part.replace(" ", "")).ratio()
                for part in index.text[key].split(" | ")
            )
            if best >= FUZZY:
                offer(key, 0.7 * best, "fuzzy")
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


def find_one(index: SearchIndex, text: str, kinds: Iterable[str], *, threshold: float = 0.6) -> str:
    """The id of the node ``text`` names (an id, or the best search hit of those kinds); NotFound if none."""
    kinds = set(kinds)
    if text in index.graph and index.graph.nodes[text]["kind"] in kinds:
        return text
    hits = search(index, text, kinds=kinds, limit=1)
    if not hits or hits[0].score < threshold:
        raise NotFound(
            " or ".join(sorted(kinds)),
            text,
            f"no {' or '.join(sorted(kinds))} matches {text[:60]!r}",
        )
    return hits[0].id


def index_of(gv: GraphVersion) -> SearchIndex:
    """The graph version's search index, built once per graph version."""
    return gv.derived("search", SearchIndex)


def resolve(gv: GraphVersion, text: str | None, kinds: set[str]) -> str | None:
    """The node ``text`` names (id or words) among ``kinds``, remembered for this graph version;
    None for no text, NotFound when nothing matches."""
    if not text:
        return None
    seen: dict[tuple[str, frozenset[str]], str] = gv.derived("resolved", lambda _: {})
    key = (text, frozenset(kinds))
    if key not in seen:
        if len(seen) > 10_000:
            seen.clear()
        seen[key] = find_one(index_of(gv), text, kinds)
    return seen[key]
