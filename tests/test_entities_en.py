"""Gazetteer entities in English text (loaders/entities.py, the English pipeline), on the real English samples.

Which gazetteer entities each sample names was read by hand (tests/fixtures/legco/, see its README):
- en_etwb_2003_04_replies.txt: the Environmental Protection Department (in the first header, its name broken over
  two lines, and in the answer), the Highways Department, the Drainage Services Department. "Secretary for the
  Environment, Transport and Works" is a post, not a gazetteer entity.
- en_cedb_2012_13_excerpt.txt: the Commerce and Economic Development Bureau (head 152, its name broken over three
  lines), and not the Development Bureau whose name sits inside it.
- en_itb_2021_22_index_excerpt.txt: the Efficiency Office, five times, as the name of programme (3).
- en_itb_2017_18_ and en_citb_itb_2003_04_index_excerpt.txt: none. "ITB" stands only inside reply numbers
  (ITB001, CITB(ITB)001), which are not the bureau's name.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from functools import cache
from pathlib import Path

import pytest

from graph.kg import KnowledgeGraph, Node
from graph.model import Label, Rel
from loaders.entities import EntityRecognizer
from loaders.facts import add_entity_facts
from loaders.gazetteer import Gazetteer, load_gazetteer
from loaders.legco import parse_replies
from loaders.pipeline import reply_units
from loaders.replies_graph import add_replies

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "legco"


@cache
def recognizer() -> EntityRecognizer:
    return EntityRecognizer(load_gazetteer())


def found(text: str, language: str = "en") -> Counter:
    mentions = recognizer().mentions(text, language)
    for m in mentions:
        assert text[m.start : m.end] == m.surface
    return Counter(m.entity_id for m in mentions)


SAMPLES = [
    ("en_etwb_2003_04_replies.txt", {"dept:epd": 2, "dept:hyd": 1, "dept:dsd": 2}),  # "The Department" refers back
    ("en_cedb_2012_13_excerpt.txt", {"bureau:cedb": 1}),
    ("en_itb_2021_22_index_excerpt.txt", {"dept:effo": 5}),
    ("en_itb_2017_18_index_excerpt.txt", {}),
    ("en_citb_itb_2003_04_index_excerpt.txt", {}),
]


@pytest.mark.parametrize(("file_name", "expected"), SAMPLES)
def test_the_entities_each_english_sample_names(file_name: str, expected: dict[str, int]) -> None:
    text = (FIXTURES / file_name).read_text(encoding="utf-8")
    assert found(text) == Counter(expected)


def test_a_name_broken_over_lines_is_one_mention() -> None:
    text = (FIXTURES / "en_cedb_2012_13_excerpt.txt").read_text(encoding="utf-8")
    [mention] = recognizer().mentions(text, "en")
    assert mention.surface == "Commerce and Economic\n\nDevelopment Bureau"


def test_the_language_chooses_the_pipeline() -> None:
    # The Chinese pipeline (jieba, exact phrases) knows the English names too, but not a name broken over lines
    # nor one in another case: read as Chinese, the ETWB sample loses the header's "Environmental Protection
    # ⏎ Department"; the English pipeline finds both.
    text = (FIXTURES / "en_etwb_2003_04_replies.txt").read_text(encoding="utf-8")
    assert found(text, "zh-Hant")["dept:epd"] == 1
    assert found(text, "en")["dept:epd"] == 2
    assert found("the highways department", "zh-Hant") == Counter()


# --- case: names in any case, abbreviations exactly --------------------------------------------------------------

# https://www.startmeup.hk/startup-resources/mainland-hong-kong-joint-funding-scheme-mhkjfs/
ITC_SENTENCE = (
    "ITC and the Ministry of Science and Technology (MOST) will provide funding to the Hong Kong and Mainland "
    "applicant organisations respectively"
)


def test_an_abbreviation_matches_in_its_own_case_only() -> None:
    assert found(ITC_SENTENCE)["dept:itc"] == 1
    assert found(ITC_SENTENCE.lower())["dept:itc"] == 0  # "itc": not the abbreviation (the lowercase is ours)
    assert found("ITC001 ITCs")["dept:itc"] == 0  # a whole token only (constructed)


def test_an_english_name_matches_in_any_case() -> None:
    # the ETWB sample writes "Highways Department"; the same name in lower and upper case (ours) is the same body
    for text in ("the Highways Department", "the highways department", "THE HIGHWAYS DEPARTMENT"):
        assert found(text) == Counter({"dept:hyd": 1}), text


def test_and_in_an_english_name_may_be_written_with_an_ampersand() -> None:
    # https://news.gov.hk/eng/2019/02/20190227/20190227_095228_891.html (tests/fixtures/press_en): the gazetteer
    # writes "Innovation and Technology Fund" and "Hong Kong Science and Technology Parks Corporation"
    press = Path(__file__).resolve().parent / "fixtures" / "press_en"
    text = (press / "en_news_gov_2019_02_27_budget_it.txt").read_text(encoding="utf-8")
    assert {"scheme:itf", "inst:hkstp"} <= set(found(text))
    # and a name discovery found with the "&" is still the gazetteer's entry, not a new one
    corpus = EntityRecognizer.for_corpus([text], load_gazetteer())
    ids = {m.entity_id for m in corpus.mentions(text, "en")}
    assert {"scheme:itf", "inst:hkstp"} <= ids
    assert not any("&Technology" in i for i in ids)


def test_a_short_form_defined_in_the_text_holds_for_that_text() -> None:
    # https://innovationhongkong.com/?p=464 (Budget Speech 2018)
    text = (
        "I will allocate $10 billion to the Hong Kong Science and Technology Parks Corporation (HKSTPC).  Of this, "
        "about $3 billion will be used to construct research-related infrastructure and facilities, whereas the "
        "remaining $7 billion will be used for the HKSTPC to enhance support for its tenants and incubatees"
    )
    mentions = recognizer().mentions(text, "en")
    assert [m.entity_id for m in mentions] == ["inst:hkstp"] * 3  # HKSTPC: the English name's initials are known
    # with the English name as a plain alias (no initials made from it), the text's own definition holds for the
    # rest of the text
    full = load_gazetteer()
    bare = Gazetteer(tuple(replace(e, name_en=None, aliases=(*e.aliases, e.name_en)) if e.id == "inst:hkstp" else e
                           for e in full.entries), full.not_entities, full.generic_short_forms)
    mentions = EntityRecognizer(bare).mentions(text, "en")
    assert {m.entity_id for m in mentions} == {"inst:hkstp"}
    assert [m.method for m in mentions] == ["gazetteer", "abbreviation:definition", "abbreviation:local"]


# --- through the facts: an English reply's answer mentions the body -------------------------------------------


def test_english_replies_give_mentions_and_amounts() -> None:
    gazetteer = load_gazetteer()
    raw = (FIXTURES / "en_etwb_2003_04_replies.txt").read_text(encoding="utf-8")
    parsed = parse_replies(raw, source="en_etwb_2003_04_replies.txt")
    graph = KnowledgeGraph()
    graph.add_node(Node(Label.DOCUMENT, "doc:etwb-2003-04", {"name": "ETWB replies 2003-04", "language": "en"}))
    add_replies(graph, parsed, "doc:etwb-2003-04", gazetteer)
    units = reply_units(parsed, "doc:etwb-2003-04", gazetteer, graph)
    assert {u.language for u in units} == {"en"}
    report = add_entity_facts(graph, units, EntityRecognizer(gazetteer), gazetteer)
    # only the question and the answer are read: the header's department names are not mentions
    mentions = [(r.start, r.end) for r in graph.relationships(Rel.MENTIONS)]
    # "the Environmental Protection Department has"; "The Department employed…" in the Drainage Services
    # Department's reply is that department, named in the header above it (a back-reference)
    assert sorted(mentions) == [("question:2003-04:ETWB(E)064", "dept:epd"),
                                ("question:2003-04:ETWB(W)012", "dept:dsd")]
    assert report.amounts == 5  # $25 Million, $43.3 M, $6.15 M, $34 million, $38 million


def test_a_name_with_its_terms_short_is_the_same_entity():
    # The 2024-25 Budget Speech, para. 109 (tests/fixtures/press_en/en_budget_2024_speech_5.txt): the gazetteer's
    # "Artificial Intelligence Subsidy Scheme" written with AI, as search_variants.yaml's terms say it may be
    text = ("109. We will allocate $3 billion to Cyberport for the launch of a three-year AI Subsidy Scheme to support "
            "local universities, research institutes and enterprises")
    assert found(text)["scheme:aiss"] == 1
    assert found("the Mainland airport said")["scheme:aiss"] == 0  # "ai" only as a word of its own


def test_initials_of_a_known_english_name_and_the_short_names_of_the_gazetteer():
    # Policy Address 2021, para. 65 (tests/fixtures/accuracy/pages.yaml): "HKSTPC" is the initials of the Hong Kong
    # Science and Technology Parks Corporation, nobody listed them; "Cyberport" is the gazetteer's English short name
    text = ("So far, ITVF has 11 Co-investment Partners. The HKSTPC's Corporate Venture Fund and Cyberport's "
            "Cyberport Macro Fund have expanded their investment coverage to beyond Series A stage.")
    assert found(text) == Counter({"scheme:itvf": 1, "inst:hkstp": 1, "scheme:cvf": 1, "inst:cyberport": 1,
                                   "scheme:cmf": 1})
    # capitals only, and never two letters or the part a name makes without its "Hong Kong" (IIT, STP)
    assert not found("the hkstpc said; IIT and STP are not here")


def test_a_programmes_name_with_its_kind_word_is_the_programme():
    # news.gov.hk, 2019-02-27 (tests/fixtures/press_en): the gazetteer's "IT Innovation Lab in Secondary Schools"
    text = ("Mr Chan will deploy $500 million to implement the IT Innovation Lab in Secondary Schools Programme in the "
            "coming three school years.")
    assert found(text) == Counter({"scheme:it_lab_secondary": 1})
