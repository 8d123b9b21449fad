"""An index of names, as the resolver reads them: exact matches, and the near misses it offers.

Names are compared by ``match_key`` (the normalisation search uses); failing that, loosely: with
spaces, dots, hyphens and underscores left out (Thai is often typed without the spaces a name
is stored with). A name that matches nothing may still be a near miss of one that is indexed: the same name with a title in front added or
left out (นาย, นาง, นางสาว, พระ, ดร., Mr …), or one typing slip away (a character missing, one
too many, one wrong, or two swapped) in a name of four characters or more. Near misses are only
offered ("did you mean …"), never taken.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from phakhee.loaders.normalize import clean, match_key

TITLES = (
    "นางสาว",
    "นาง",
    "นาย",
    "น.ส.",
    "เด็กชาย",
    "เด็กหญิง",
    "ด.ช.",
    "ด.ญ.",
    "พระครู",
    "พระมหา",
    "พระอธิการ",
    "พระ",
    "ดร.",
    "ผศ.",
    "รศ.",
    "ศ.",
    "นพ.",
    "พญ.",
    "อาจารย์",
    "อ.",
    "ครู",
    "คุณ",
)
"""Titles written before a Thai name, with or without a space after them."""
_ENGLISH_TITLES = r"(?:mr|mrs|ms|miss|dr|prof)(?:\.\s*|\s+)"
_TITLE = re.compile(
    "^(?:(?:"
    + "|".join(re.escape(match_key(t)) for t in sorted(TITLES, key=len, reverse=True))
    + r")\s*|"
    + _ENGLISH_TITLES
    + ")+"
)
TYPO_MIN = 4
"""Names shorter than this get no one-typo suggestions (too many short names are one slip apart)."""


_LOOSE = re.compile(r"[\s.\-_]+")


def loose_key(key: str) -> str:
    """A match key without spaces, dots, hyphens or underscores: 'งดเหล้า เข้าพรรษา' -> 'งดเหล้าเข้าพรรษา'."""
    return _LOOSE.sub("", key)


def without_title(key: str) -> str:
    """A match key without the titles in front of it: 'นายสมชาย ใจดี' -> 'สมชาย ใจดี'."""
    return _TITLE.sub("", key).strip() or key


def one_edit(key: str, chars: Iterable[str]) -> Iterator[str]:
    """Every text one typing slip from ``key``: a character dropped, swapped, replaced or added."""
    chars = tuple(chars)
    for i in range(len(key)):
        yield key[:i] + key[i + 1 :]
        if i + 1 < len(key):
            yield key[:i] + key[i + 1] + key[i] + key[i + 2 :]
        for c in chars:
            yield key[:i] + c + key[i + 1 :]
    for i in range(len(key) + 1):
        for c in chars:
            yield key[:i] + c + key[i:]


class Names:
    """Names of nodes by match key, and the name each node is shown by."""

    __slots__ = ("_bare", "_chars", "_loose", "keys", "shown", "titles")

    def __init__(self, *, titles: bool = False) -> None:
        self.keys: dict[str, set[str]] = {}
        self.shown: dict[str, str] = {}
        self.titles = titles  # whether a title added or left out is a near miss (people)
        self._bare: dict[str, set[str]] | None = None
        self._chars: frozenset[str] | None = None
        self._loose: dict[str, set[str]] | None = None

    def add(self, node_id: str, names: Iterable[str | None], *, key: str | None = None) -> None:
        """Index a node under each of its names (the first is the one it is shown by)."""
        for name in names:
            if name:
                self.keys.setdefault(key or match_key(name), set()).add(node_id)
                self.shown.setdefault(node_id, clean(name))
        self._bare = self._chars = self._loose = None

    def get(self, key: str) -> set[str]:
        """The nodes one of whose names has this match key."""
        return self.keys.get(key, set())

    def loose(self, key: str) -> set[str]:
        """The nodes one of whose names has this loose key (``loose_key``)."""
        if self._loose is None:
            index: dict[str, set[str]] = {}  # built whole before it is seen (threads share it)
            for k, ids in self.keys.items():
                index.setdefault(loose_key(k), set()).update(ids)
            self._loose = index
        return self._loose.get(key, set())

    def near(self, key: str) -> set[str]:
        """The nodes whose name is a near miss of ``key`` (which matched none exactly)."""
        if self._chars is None:
            self._chars = frozenset("".join(self.keys))
        found: set[str] = set()
        if len(key) >= TYPO_MIN:
            for variant in one_edit(key, self._chars):
                found |= self.keys.get(variant, set())
        if self.titles:
            if self._bare is None:
                bare: dict[str, set[str]] = {}  # built whole before it is seen (threads share it)
                for k, ids in self.keys.items():
                    bare.setdefault(without_title(k), set()).update(ids)
                self._bare = bare
            bare = without_title(key)
            found |= self._bare.get(bare, set())
            if len(bare) >= TYPO_MIN:
                for variant in one_edit(bare, self._chars):
                    found |= self._bare.get(variant, set())
        return found


def named(ids: Iterable[str], shown: dict[str, str], word: str = "and", most: int = 3) -> str:
    """Nodes as a message names them: "'name' (id), 'name' (id) and 'name' (id)"; past ``most``, "and N more"."""
    ids = sorted(ids)
    words = [f"'{shown.get(i, i)[:60]}' ({i})" for i in ids[:most]]
    if len(ids) > most:
        return ", ".join(words) + f" and {len(ids) - most} more"
    return ", ".join(words[:-1]) + f" {word} " + words[-1] if len(words) > 1 else words[0]
