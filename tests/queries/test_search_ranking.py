"""Search ranks what was meant: a test set of queries, Thai and English, with the node each must
put first — on a hand-built network (tests/queries/search_network.py) and on the seeded demo."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from phakhee.graph.sqlite_store import SQLiteStore
from phakhee.loaders.demo import build_demo
from phakhee.queries.ask.search import TIERS, SearchIndex, search
from tests.queries.search_network import search_graph

Query = tuple[str, str] | tuple[str, str, tuple[str, ...]]
"""(query, the id that must come first[, the kinds asked for])."""

SMALL: list[Query] = [
    # a person by whole name, in Thai with or without the space, and in English
    ("สมชาย", "person:somchai"),
    ("สมชาย ใจดี", "person:somchai"),
    ("สมชายใจดี", "person:somchai"),
    ("Somchai Jaidee", "person:somchai"),
    ("lent buddhist", "topic:lent"),
    ("John", "person:john"),
    # one English slip: two letters swapped
    ("Somchia", "person:somchai"),
    ("Somchia Jaidee", "person:somchai"),
    ("somchai jiadee", "person:somchai"),
    ("Jhon Smith", "person:john"),
    ("Chaing Mai", "province:chiang-mai"),
    # Thai slips and variants: a vowel or tone mark typed twice, added, dropped; misspellings
    ("สมชาย ใจดิ", "person:somchai"),
    ("สมชายใจดิ", "person:somchai"),
    ("สมชาาย ใจดี", "person:somchai"),
    ("สมชาย ใจดี่", "person:somchai"),
    ("สมชาย ใจดี่่", "person:somchai"),
    ("สมศักดิ", "person:somsak"),
    ("เชียงใหม", "province:chiang-mai"),
    ("เยาวชม", "topic:youth"),
    ("สาธารณะสุข", "partner:pho-nan"),
    ("สาธารณะสุข น่าน", "partner:pho-nan"),
    ("สาธารณะสุขจังหวัดอุบลราชธานี", "partner:pho-ubon"),
    ("กฏหมาย", "topic:law"),
    ("แอลกอฮอร์", "topic:law"),
    # Thai names that sound alike (PyThaiNLP's udom83 and lk82)
    ("สมชัย", "person:somchai-2"),
    ("สมชัย ใจดี", "person:somchai-2"),
    ("สมสัก", "person:somsak"),
    ("นัทพล", "person:natthaphon"),
    ("ประเสิด", "person:prasoet"),
    # names that share a first syllable: each finds its own
    ("สมศักดิ์", "person:somsak"),
    ("สมพร", "person:somphon"),
    ("สมหญิง", "person:somying"),
    # words of an organisation, a topic, a place, in any order, with or without spaces
    ("สาธารณสุขอุบล", "partner:pho-ubon"),
    ("Public Health Office Nan", "partner:pho-nan"),
    ("health ubon", "partner:pho-ubon"),
    ("วัดภูมินทร์", "partner:temple"),
    ("ประชาคมงดเหล้าน่าน", "team:nan"),
    ("Youth team", "team:youth"),
    ("งดเหล้า เข้าพรรษา", "topic:lent"),
    ("media", "topic:media"),
    ("volunteer", "person:wichai"),
    # short words: whole words and parts of words only
    ("youth", "topic:youth"),
    ("South", "region:south"),
    ("ภาคใต้", "region:south"),
    ("ใต้", "region:south"),
    ("Nan", "province:nan"),
    # kinds asked for
    ("เยาวชน", "lesson:youth-nan", ("lesson",)),
    ("ทีมเยาวชน", "team:youth", ("team",)),
]

AS_OF = dt.date(2026, 6, 30)
DEMO: list[Query] = [
    # topics by name, alias, English name; with a misspelling or a letter left out
    ("งดเหล้าเข้าพรรษา", "topic:buddhist-lent"),
    ("เข้าพรรษา งดเหล้า", "topic:buddhist-lent"),
    ("Buddhist Lent", "topic:buddhist-lent"),
    ("youth", "topic:youth"),
    ("เยาวชน", "topic:youth"),
    ("media", "topic:communication"),
    ("Songkran", "topic:alcohol-free-festivals"),
    ("สงกรานต์", "topic:alcohol-free-festivals"),
    ("เลิกเหล้า", "topic:quit-drinking-champions"),
    ("Stone Heart", "topic:quit-drinking-champions"),
    ("Alcohol free villages", "topic:alcohol-free-villages"),
    ("กฏหมายควบคุมเครื่องดื่มแอลกอฮอล์", "topic:alcohol-control-law"),
    ("ชุมชนล้อมรัก", "topic:community-rehab"),
    # regions and provinces, by name, alias, a slip
    ("ภาคใต้", "region:south"),
    ("South", "region:south"),
    ("ภาคเหนือ", "region:north"),
    ("Northeast", "region:northeast"),
    ("น่าน", "province:nan"),
    ("Nan", "province:nan"),
    ("เชียงใหม", "province:chiang-mai"),
    ("Chaing Mai", "province:chiang-mai"),
    ("กรุงเทพ", "province:bangkok"),
    ("อุบล", "province:ubon-ratchathani"),
    ("Khon Kaen", "province:khon-kaen"),
    # teams, skills, partners
    ("ประชาคมงดเหล้าจังหวัดน่าน", "team:network-nan"),
    ("Nan Alcohol-Free Civic Network", "team:network-nan"),
    ("Youth cross-function team", "team:cft-youth"),
    ("ทีมข้ามสายงาน เยาวชน", "team:cft-youth", ("team",)),
    ("กระบวนกร", "skill:facilitation"),
    ("Facilitaiton", "skill:facilitation"),
    ("สาธารณะสุขจังหวัดตรัง", "partner:trang-1"),
    ("Trang Public Health", "partner:trang-1"),
    # people of the seeded demo (Somchai Suksom, Somchai Khampha)
    ("Somchia Suksom", "person:000020"),
    ("สมชาย คำภา", "person:000050"),
    ("สมชัย คำภา", "person:000050"),
    ("Somchai Khmapha", "person:000050"),
]

SHORT = ["สม", "ใต้", "ดี", "สมช", "Som", "you", "Nan"]
"""Queries of two or three letters: they may match whole words and parts of words, no more."""
NEAR = ("variant", "fuzzy", "sound-alike")


@pytest.fixture(scope="module")
def small() -> SearchIndex:
    return SearchIndex(search_graph())


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> SearchIndex:
    """The 300-person demo, seed 7."""
    store = SQLiteStore(Path(tmp_path_factory.mktemp("search-demo")) / "demo.db")
    build_demo(store, people=300, seed=7, as_of=AS_OF)
    graph = store.project()
    store.close()
    return SearchIndex(graph)


def _ids(index: SearchIndex, query: Query, limit: int = 3) -> list[str]:
    kinds = query[2] if len(query) == 3 else None
    return [h.id for h in search(index, query[0], kinds=kinds, limit=limit)]


@pytest.mark.parametrize("query", SMALL, ids=[q[0] for q in SMALL])
def test_the_meant_node_comes_first_on_the_hand_built_network(
    small: SearchIndex, query: Query
) -> None:
    assert _ids(small, query)[:1] == [query[1]]


@pytest.mark.parametrize("query", DEMO, ids=[q[0] for q in DEMO])
def test_the_meant_node_comes_first_on_the_demo(demo: SearchIndex, query: Query) -> None:
    assert _ids(demo, query)[:1] == [query[1]]


def test_the_figures_of_the_test_set(small: SearchIndex, demo: SearchIndex) -> None:
    ranked = [_ids(small, q) for q in SMALL] + [_ids(demo, q) for q in DEMO]
    expected = [q[1] for q in SMALL + DEMO]
    first = sum(ids[:1] == [e] for ids, e in zip(ranked, expected, strict=True))
    top3 = sum(e in ids for ids, e in zip(ranked, expected, strict=True))
    assert (len(expected), first, top3) == (84, 84, 84)


def test_youth_does_not_find_the_south_region(small: SearchIndex, demo: SearchIndex) -> None:
    for index in (small, demo):
        assert "region:south" not in [h.id for h in search(index, "youth", limit=1000)]


@pytest.mark.parametrize("text", SHORT)
def test_a_short_query_gets_no_near_spellings(
    small: SearchIndex, demo: SearchIndex, text: str
) -> None:
    for index in (small, demo):
        hits = search(index, text, limit=1000)
        assert hits and not [h for h in hits if h.how in NEAR]


def test_the_misspelt_health_offices_come_before_people_matched_on_a_syllable(
    small: SearchIndex,
) -> None:
    hits = search(small, "สาธารณะสุข")
    assert [(h.id, h.how) for h in hits[:2]] == [
        ("partner:pho-nan", "variant"),
        ("partner:pho-ubon", "variant"),
    ]
    assert [h.how for h in hits if h.kind == "person"] == ["partial", "partial"]


def test_near_spellings_of_a_name_come_before_names_sharing_a_syllable(
    small: SearchIndex,
) -> None:
    hits = search(small, "สมชาย")
    assert [(h.id, h.how) for h in hits[:2]] == [
        ("person:somchai", "whole"),
        ("person:somchai-2", "fuzzy"),
    ]
    assert {h.id: h.how for h in hits[2:5]} == {
        "person:somphon": "partial",
        "person:somsak": "partial",
        "person:somying": "partial",
    }


def test_scores_fall_in_their_tier(small: SearchIndex) -> None:
    for query in SMALL:
        for hit in search(small, query[0], limit=50):
            low, high = TIERS[hit.how]
            assert low <= hit.score <= high, (query[0], hit)


@settings(max_examples=200, deadline=None)
@given(
    text=st.text(
        st.one_of(
            st.characters(min_codepoint=0x0E00, max_codepoint=0x0E7F),
            st.characters(codec="utf-8"),
        ),
        max_size=40,
    ),
    limit=st.integers(min_value=0, max_value=30),
)
def test_search_never_raises_and_keeps_to_the_limit(
    small: SearchIndex, text: str, limit: int
) -> None:
    assert len(search(small, text, limit=limit)) <= limit
