"""The hand-read gold sets of money figures and the graph measured against them.

tests/fixtures/accuracy/amounts.yaml is the set the extraction rules were developed against; heldout.yaml,
heldout2.yaml and heldout3.yaml hold replies nobody tuned the rules on (fresh.yaml was read unseen, then tuned
on). The first tests check every gold file itself, so that a typo in one (a quote
that is not in the reply, an amount that is not what its text says, an id no loader can make) is found here and not
taken for a miss of the loaders. The last
one measures the corpus graph (benchmarks/accuracy.py) on amounts.yaml and holds recall and precision at floors set
a little under what main measured: a ratchet, raised by hand when the extraction gets better (docs/accuracy.md has
the numbers). The held-out sets have no floor: they are read, not ratcheted, so that no one tunes the rules to them.
english.yaml reads six English Government texts (tests/fixtures/press_en), measured on a graph of that folder;
press_zh.yaml five Chinese press texts of other years and publishers (tests/fixtures/press_zh): its form is checked.
press_zh_check.yaml and english_check2.yaml read five Chinese and five English Government texts that no rule was
written on (tests/fixtures/press_zh_check, press_en_check2): their form is checked, and they have no floor; so do
press_zh_check2.yaml and english_check3.yaml, the second round of unseen Government texts (tests/fixtures/
press_zh_check2, press_en_check3), press_zh_check3.yaml and english_check4.yaml, the third (tests/fixtures/
press_zh_check3, press_en_check4), press_zh_check4.yaml and english_check5.yaml, the fourth (tests/fixtures/
press_zh_check4, press_en_check5), and press_zh_check5.yaml and english_check6.yaml, the fifth (tests/fixtures/
press_zh_check5, press_en_check6), and press_zh_check6.yaml and english_check7.yaml, the sixth (tests/fixtures/
press_zh_check6, press_en_check7). other_replies.yaml reads Finance Committee replies of other years and bureaus
(tests/fixtures/legco_other; opened since to write rules on, every reply of it now parsed): a floor. other_replies2.yaml
is the second such set (tests/fixtures/legco_other2), read unseen after the first was opened, opened in turn once
measured: form checked, no floor. other_replies3.yaml is the third (tests/fixtures/legco_other3), read unseen after the
second was opened: form checked, no floor.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from benchmarks.accuracy import GOLD_FILE, GraphFact, load_gold, measure
from benchmarks.accuracy import graph_facts as money_facts
from graph.model import MODEL, Label, document_id, label_of_id
from loaders.corpus import read_document, read_manifest
from loaders.gazetteer import load_gazetteer
from loaders.legco import parse_replies
from loaders.money import PER_MEASURES, PER_NOUNS, PER_PERIODS, PER_WORDS
from loaders.text import normalise

GOLD = load_gold()
HELDOUT = load_gold(GOLD_FILE.with_name("heldout.yaml"))
# Read before any rule was written for it, then used to write rules (docs/accuracy.md, "a third gold set")
FRESH = load_gold(GOLD_FILE.with_name("fresh.yaml"))
# Read after heldout.yaml was opened to fix its misses: the unseen measure now (docs/accuracy.md, "A second
# held-out set"). Its form is checked here; like heldout.yaml it has no floor, and its misses are not written down.
HELDOUT2 = load_gold(GOLD_FILE.with_name("heldout2.yaml"))
# Read when heldout2.yaml was about to be opened (docs/accuracy.md, "A third held-out set"): form checked, no floor,
# misses not written down.
HELDOUT3 = load_gold(GOLD_FILE.with_name("heldout3.yaml"))
# English texts of other years and publishers (tests/fixtures/press_en), read before any rule was written for them
ENGLISH = load_gold(GOLD_FILE.with_name("english.yaml"))
ENGLISH_SOURCES = GOLD_FILE.parent.parent / "press_en"
# Four more, read after the English rules were written (tests/fixtures/press_en_check)
ENGLISH_CHECK = load_gold(GOLD_FILE.with_name("english_check.yaml"))
ENGLISH_CHECK_SOURCES = GOLD_FILE.parent.parent / "press_en_check"
# Chinese press texts of other years and publishers (tests/fixtures/press_zh), read before any rule was written
PRESS_ZH = load_gold(GOLD_FILE.with_name("press_zh.yaml"))
PRESS_ZH_SOURCES = GOLD_FILE.parent.parent / "press_zh"
# Unseen Government texts, Chinese and English, in rounds (docs/accuracy.md, "Unseen Government texts" and its second,
# third, fourth, fifth and sixth rounds): each round read by someone who wrote no rule and measured once, then opened
# to write rules on when the next was read (the fourth never was). No floor. Gold file -> the folder of its texts.
UNSEEN_ROUNDS = {
    "press_zh_check": "press_zh_check", "english_check2": "press_en_check2",
    "press_zh_check2": "press_zh_check2", "english_check3": "press_en_check3",
    "press_zh_check3": "press_zh_check3", "english_check4": "press_en_check4",
    "press_zh_check4": "press_zh_check4", "english_check5": "press_en_check5",
    "press_zh_check5": "press_zh_check5", "english_check6": "press_en_check6",
    "press_zh_check6": "press_zh_check6", "english_check7": "press_en_check7",
}
UNSEEN = {name: load_gold(GOLD_FILE.with_name(f"{name}.yaml")) for name in UNSEEN_ROUNDS}
# Finance Committee replies of other years and bureaus, in sets each read unseen by someone who wrote no rule, measured
# once, then opened to write rules on when the next was read (docs/accuracy.md, "Replies of other years and
# bureaus"). The first has a floor (below). Gold file -> the folder of its replies.
OTHER_REPLY_SETS = {"other_replies": "legco_other", "other_replies2": "legco_other2", "other_replies3": "legco_other3"}
OTHER = {name: load_gold(GOLD_FILE.with_name(f"{name}.yaml")) for name in OTHER_REPLY_SETS}
OTHER_REPLIES = OTHER["other_replies"]
OTHER_REPLIES_SOURCES = GOLD_FILE.parent.parent / OTHER_REPLY_SETS["other_replies"]
# Every gold set whose quotes are looked for in parsed replies and documents (ids keep pytest's names short)
PARSED_SETS = {"amounts": GOLD, "heldout": HELDOUT, "fresh": FRESH, "heldout2": HELDOUT2, "heldout3": HELDOUT3,
               "english": ENGLISH, "english_check": ENGLISH_CHECK, "press_zh": PRESS_ZH, **UNSEEN,
               **OTHER}
QUOTED_GOLD = pytest.mark.parametrize("gold", list(PARSED_SETS.values()), ids=list(PARSED_SETS))
# The checks of a gold file's form run on every set
EVERY_GOLD = QUOTED_GOLD

# Measured on main at e2f64ee (FUNDS only): recall 12.5%, precision 57.0%; after Figures, tables, recipient lists
# and the reconciler: 95.2%, 94.7%; money from answers only and scheme sizes as figures (2026-12-07): 95.8%, 97.6%;
# the fifth stop: 96.9%, 98.1%.
RECALL_FLOOR = 0.96
PRECISION_FLOOR = 0.97
# The fresh set, first measured at 20.8% / 45.5%, then 70.8% / 77.3%; 26/26 and 26/26 since the fourth stop
FRESH_RECALL_FLOOR = 0.95
FRESH_PRECISION_FLOOR = 0.95

# The English texts, first measured at 1/15 recall and 1/10 precision; after the English rules 10/15 and 10/15
# (docs/accuracy.md, "English texts nobody tuned on"); 15/15 and 15/16 at the fifth stop
ENGLISH_RECALL_FLOOR = 0.90
ENGLISH_PRECISION_FLOOR = 0.85
# The four texts read after those rules: 3/7 and 3/6 at first (as main), 6/7 and 6/7 after three more rules
ENGLISH_CHECK_FLOOR = 0.85
# The first set of replies of other years and bureaus (CEDB 2010-11 and 2012-13, ETWB 2003-04): 1/18 blind on the six
# that parsed, 25/25 once opened (its parser and money rules written on it), with the four stored copies that stop
# mid-answer read as excerpts
OTHER_REPLIES_FLOOR = 0.90

# The amount types issue 11 adds to data/model.yaml (change, threshold, salary, income, cost): the gold already uses
# them. Empty this set once the model has them; the test below then holds the gold to the model alone.
AMOUNT_TYPES_BEING_ADDED: frozenset[str] = frozenset()  # the model has them all now

# What a Figure can be about (issue 11): the ABOUT relationship's ends once the model declares it.
FIGURE_SUBJECTS = (MODEL.relationships["ABOUT"].end if "ABOUT" in MODEL.relationships
                   else frozenset({"Bureau", "Department", "Scheme", "Institution", "Company", "Programme"}))

PER_LABELS = {*PER_PERIODS.values(), *(label for _, label in PER_NOUNS), *PER_MEASURES.values(), *PER_WORDS.values()}
FISCAL_YEAR = re.compile(r"\d{4}-\d{2}")
ARABIC_AMOUNT = re.compile(r"(?P<number>\d[\d,]*(?:\.\d+)?)(?:港幣)?(?P<unit>百萬|億|萬|千)?(?:港元|元)?")
ENGLISH_AMOUNT = re.compile(r"(?:HK)?\$\s*(?P<number>\d[\d,]*(?:\.\d+)?)(?:\s*(?P<unit>million|billion))?")
UNITS = {None: 1, "千": 10**3, "萬": 10**4, "百萬": 10**6, "億": 10**8, "million": 10**6, "billion": 10**9}


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def texts() -> dict[tuple[str, str | None, str], str]:
    """Where each quote must be, whitespace removed: a reply's answer (or question), or a press document's text."""
    found = {}
    folders = (ENGLISH_SOURCES, ENGLISH_CHECK_SOURCES, PRESS_ZH_SOURCES,
               *(GOLD_FILE.parent.parent / folder for folder in [*UNSEEN_ROUNDS.values(), *OTHER_REPLY_SETS.values()]))
    for doc in [*read_manifest(), *(d for folder in folders for d in read_manifest(folder))]:
        doc_id, source = document_id(doc.content_sha256), read_document(doc.path)
        if doc.doc_type == "legco_replies":
            parsed = parse_replies(source.text, source=str(doc.path), fiscal_year=doc.fiscal_year,
                                   excerpt=doc.excerpt)
            for reply in parsed.replies:
                found[(doc_id, reply.reply_no, "answer")] = _squeezed(reply.answer_text)
                found[(doc_id, reply.reply_no, "question")] = _squeezed(reply.question_text)
        else:
            found[(doc_id, None, "answer")] = _squeezed(normalise(source.text).text)
    return found


@QUOTED_GOLD
def test_every_quote_is_in_its_reply_answer_or_document(gold, texts) -> None:
    entries = [(e.doc, e.reply_no, "answer", e.quote) for e in gold.amounts]
    entries += [(e["doc"], e["reply_no"], "answer", e["quote"]) for e in gold.unscored]
    entries += [(e["doc"], e["reply_no"], "question", e["quote"]) for e in gold.question_only if e["reply_no"]]
    # a quote is typed as printed; the text it is looked for in is normalised (a hyphen U+2011 is "-")
    absent = [(doc, reply, quote) for doc, reply, part, quote in entries
              if _squeezed(normalise(quote).text) not in texts.get((doc, reply, part), "")]
    assert absent == []


@EVERY_GOLD
def test_an_amount_text_is_in_its_quote_and_gives_the_amount(gold) -> None:
    """「1,864.6百萬元」 is 1,864,600,000 and 「4.5億元」 450,000,000 (Chinese numerals are checked by eye); the number
    stands in the quote (a table cell's unit is its header's, so only the number is looked for)."""
    wrong = []
    for e in gold.amounts:
        if not e.amount_text:
            continue
        m = ARABIC_AMOUNT.fullmatch(e.amount_text) or ENGLISH_AMOUNT.fullmatch(e.amount_text)
        if (m["number"] if m else _squeezed(e.amount_text)) not in _squeezed(e.quote):
            wrong.append((e.reply_no, e.amount_text, e.quote))
        elif m and int(Decimal(m["number"].replace(",", "")) * UNITS[m["unit"]]) != e.amount:
            wrong.append((e.reply_no, e.amount_text, e.amount))
    assert wrong == []


@EVERY_GOLD
def test_amount_types_are_the_models(gold) -> None:
    known = set(MODEL.properties["amount_type"].values) | AMOUNT_TYPES_BEING_ADDED
    assert {e.amount_type for e in gold.amounts} <= known


@EVERY_GOLD
def test_payers_and_subjects_are_ids_the_model_joins(gold) -> None:
    """A payer starts a FUNDS edge and its subject ends one; a figure's subject is something a Figure can be ABOUT."""
    funds = MODEL.relationships["FUNDS"]

    def joined(payer: str | None, subject: str) -> bool:
        if payer is None:
            return str(label_of_id(subject)) in FIGURE_SUBJECTS
        return str(label_of_id(payer)) in funds.start and str(label_of_id(subject)) in funds.end

    assert [(e.reply_no, e.payer, e.subject) for e in gold.amounts if not joined(e.payer, e.subject)] == []


@EVERY_GOLD
def test_entity_ids_are_the_gazetteers(gold) -> None:
    """Ids are gazetteer keys with their label's prefix, unless the entry says subject_in_gazetteer: false.
    Programmes are nodes of the replies, checked against the graph below."""
    known = {entry.id for entry in load_gazetteer().entries}
    ids = {(e.payer, True) for e in gold.amounts if e.payer}
    ids |= {(e.subject, e.subject_in_gazetteer) for e in gold.amounts if not e.subject.startswith("programme:")}
    assert sorted(i for i, listed in ids if listed and i not in known) == []


@EVERY_GOLD
def test_years_currencies_pers_and_bounds_are_well_formed(gold) -> None:
    problems = [(e.reply_no, e.quote) for e in gold.amounts
                if (e.fiscal_year and not FISCAL_YEAR.fullmatch(e.fiscal_year))
                or (e.amount is None) != (e.currency is None)
                or (e.per and not set(e.per.split("/")) <= PER_LABELS)
                or e.bound not in (None, "lower", "upper")
                or (e.amount_max is not None and (e.amount is None or e.amount_max <= e.amount))]
    assert problems == []


@EVERY_GOLD
def test_a_figure_said_once_is_one_entry(gold) -> None:
    """Two entries of the same reply with the same figure must differ in where they are (a quote or a table cell):
    otherwise one is a copy, and would count as a miss of a fact the graph rightly holds once."""
    seen = [(e.source, e.value(), e.payer, e.subject, e.quote, e.table_row, e.table_column) for e in gold.amounts]
    assert len(seen) == len(set(seen))


def test_one_graph_fact_matches_one_gold_figure_of_a_reply() -> None:
    """ITIB002's two projects of 機電工程署 at 2.5百萬元 each are two grants: a graph that folds them into one fact
    gets one hit and one `merged` miss (a sum over that graph is 2.5百萬元 short)."""
    emsd = [e for e in GOLD.amounts if e.reply_no == "ITIB002" and e.subject == "dept:emsd"]
    assert len(emsd) == 2
    one = GraphFact("FUNDS:one", "flow", emsd[0].payer, emsd[0].subject, *emsd[0].value(),
                    sources=frozenset({emsd[0].source}))
    result = next(r for r in measure(GOLD, [one]).results if r.source == emsd[0].source)
    assert (result.matched_facts, [m.cause for m in result.misses if m.gold.subject == "dept:emsd"]) == (1, ["merged"])


def test_a_figure_told_as_a_flow_is_a_miss_of_its_kind() -> None:
    """ITIB001's 「計劃預計涉及20億元」 is the scheme's size: a FUNDS edge into it is `flow instead of figure`."""
    size = next(e for e in GOLD.amounts if e.reply_no == "ITIB001" and e.amount == 2_000_000_000)
    flow = GraphFact("FUNDS:x", "flow", "bureau:itib", size.subject, *size.value(), sources=frozenset({size.source}))
    result = next(r for r in measure(GOLD, [flow]).results if r.source == size.source)
    assert [(m.cause, m.near) for m in result.misses if m.gold is size] == [("flow instead of figure", flow)]
    assert result.extras == [(flow, "near miss")]


def test_the_corpus_graph_meets_the_floors(corpus_build) -> None:
    """Recall and precision on the gold set do not fall below what main measured (benchmarks/accuracy.py)."""
    kg = corpus_build.graph
    programmes = {e.subject for e in GOLD.amounts if e.subject.startswith("programme:")}
    assert sorted(p for p in programmes if p not in kg) == []
    total = measure(GOLD, money_facts(kg)).total()
    assert (total.recall >= RECALL_FLOOR, total.precision >= PRECISION_FLOOR) == (True, True), (
        f"recall {total.matched_gold}/{total.gold}, precision {total.matched_facts}/{total.facts}")
    fresh = measure(FRESH, money_facts(kg)).total()
    assert (fresh.recall >= FRESH_RECALL_FLOOR, fresh.precision >= FRESH_PRECISION_FLOOR) == (True, True), (
        f"fresh set: recall {fresh.matched_gold}/{fresh.gold}, precision {fresh.matched_facts}/{fresh.facts}")



def test_the_english_texts_meet_their_floors() -> None:
    """A graph of each English fixture folder alone (six and four short texts: a few seconds) against its gold."""
    from loaders.pipeline import build_corpus_graph

    total = measure(ENGLISH, money_facts(build_corpus_graph(ENGLISH_SOURCES, workers=1).graph)).total()
    assert (total.recall >= ENGLISH_RECALL_FLOOR, total.precision >= ENGLISH_PRECISION_FLOOR) == (True, True), (
        f"english: recall {total.matched_gold}/{total.gold}, precision {total.matched_facts}/{total.facts}")
    check = measure(ENGLISH_CHECK, money_facts(build_corpus_graph(ENGLISH_CHECK_SOURCES, workers=1).graph)).total()
    assert (check.recall >= ENGLISH_CHECK_FLOOR, check.precision >= ENGLISH_CHECK_FLOOR) == (True, True), (
        f"english_check: recall {check.matched_gold}/{check.gold}, precision {check.matched_facts}/{check.facts}")


def test_the_replies_of_other_years_meet_their_floor() -> None:
    """A graph of tests/fixtures/legco_other (ten short English replies) against other_replies.yaml; the replies of
    the copies marked `excerpt: true` are in it, marked truncated."""
    from loaders.pipeline import build_corpus_graph

    graph = build_corpus_graph(OTHER_REPLIES_SOURCES, workers=1).graph
    total = measure(OTHER_REPLIES, money_facts(graph)).total()
    assert (total.recall >= OTHER_REPLIES_FLOOR, total.precision >= OTHER_REPLIES_FLOOR) == (True, True), (
        f"other_replies: recall {total.matched_gold}/{total.gold}, precision {total.matched_facts}/{total.facts}")
    truncated = sorted(node.props["reply_no"] for node in graph.nodes(Label.QUESTION) if node.props.get("truncated"))
    assert truncated == ["CEDB(CIT)063", "CEDB(CIT)180", "CEDB(CIT)220", "S-CEDB(CIT)01"]
