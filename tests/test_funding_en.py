"""The money rules on English text (data/rules/funding_en.yaml), each on a real sentence: the English edition of
Finance Committee replies (tests/fixtures/legco/, see its README, and a stored copy of the 2012-13 CEDB replies)
and English Government papers and speeches, each quoted with the address it was published at."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph.model import Label, Rel
from loaders.corpus import read_text
from loaders.entities import EntityRecognizer, Mention
from loaders.funding import (
    Answerer,
    _spending_type,
    amount_type,
    fiscal_year,
    funding_facts,
    rules_for,
    sentence_of,
    sentence_spans,
)
from loaders.legco import parse_replies
from loaders.money import find_amounts
from loaders.pipeline import build_corpus_graph
from loaders.text import normalise
from tests.conftest import ETWB_2003_04_ENTRY

FIXTURES = Path(__file__).parent / "fixtures" / "legco"
EN = rules_for("en")
BUREAU = "bureau:citb"  # stands for the bureau of the reply: the payer when the sentence names none


@pytest.fixture(scope="module")
def recognizer() -> EntityRecognizer:
    return EntityRecognizer()


def facts(text: str, recognizer: EntityRecognizer) -> list[tuple]:
    mentions = recognizer.mentions(text, "en")
    found = funding_facts(text, mentions, find_amounts(text), BUREAU, {}, rules=EN)
    return [(f.funder, f.recipient, f.amount.text, str(f.amount_type), f.fiscal_year) for f in found]


def types_and_years(text: str) -> list[tuple[str, str, str | None]]:
    spans = sentence_spans(text, EN)
    return [(a.text, str(amount_type(text, a, sentence_of(spans, a.start), EN)),
             fiscal_year(text, a, sentence_of(spans, a.start), EN)) for a in find_amounts(text)]


def test_english_text_gets_the_english_rules_and_chinese_the_chinese():
    assert rules_for("en").writing.fold_case and not rules_for("zh-Hant").writing.fold_case
    assert rules_for("en") is not rules_for("zh-Hant")


def test_a_wrapped_line_is_one_sentence_and_the_total_is_a_figure_about_the_department(recognizer):
    # ETWB(E)064 (en_etwb_2003_04_replies.txt, lines 35-37): the line break after "number of" is a wrap
    text = ("Reply : In 2002-03, the Environmental Protection Department has employed an average number of\n"
            "230 NCSC staff, and the total expenditure is around $25 Million. In 2003-04, we plan to\n"
            "employ a similar number of NCSC staff.")
    assert facts(text, recognizer) == [(None, "dept:epd", "$25 Million", "total", "2002-03")]
    # the field label " : " ends a sentence: the quote starts at the answer
    sentence = sentence_of(sentence_spans(text, EN), text.index("$25"))
    assert text[sentence[0] : sentence[1]].lstrip().startswith("In 2002-03, the Environmental")


def test_revised_estimate_and_estimate_with_the_year_of_the_sentence():
    # ETWB(W)012 (en_etwb_2003_04_replies.txt, lines 141-147)
    text = ("The revised estimated expenditure for these NCSC staff for\n2002-03 is $34 million.\n"
            "We have no plan to employ more NCSC staff in 2003-04 but the estimated\n"
            "expenditure will be $38 million due to payment of contract gratuities.")
    assert types_and_years(text) == [("$34 million", "revised_estimate", "2002-03"),
                                     ("$38 million", "estimate", "2003-04")]


def answered_by(text: str, recognizer: EntityRecognizer, body: str, year: str) -> list[tuple]:
    """The facts of an answer given by `body` in the replies on the Estimates of `year`."""
    found = funding_facts(text, recognizer.mentions(text, "en"), find_amounts(text), BUREAU, {}, rules=EN,
                          answerer=Answerer(body, (), year))
    return [(f.funder, f.recipient, f.amount.text, str(f.amount_type), f.fiscal_year) for f in found]


def test_the_department_naming_itself_is_what_its_spending_is_about(recognizer):
    # ETWB(T)007 (en_etwb_2003_04_replies.txt, lines 82-84), answered by the Director of Highways: "the department"
    # is the Highways Department; spending of 2002-03 in the 2003-04 replies is a revised estimate
    text = ("The number of non-civil service contract staff employed by the department in\n"
            "2002-03 is 199 with an expenditure level of $43.3 M.")
    assert answered_by(text, recognizer, "dept:hyd", "2003-04") == [
        (None, "dept:hyd", "$43.3 M", "revised_estimate", "2002-03")]
    # without "the department" it is still the answerer's: spending that names no one is (funding.py
    # `_answerer_spending`)
    assert answered_by(text.replace("by the department", "by"), recognizer, "dept:hyd", "2003-04") == [
        (None, "dept:hyd", "$43.3 M", "revised_estimate", "2002-03")]


def test_a_sentence_naming_nothing_goes_on_about_the_body_the_sentence_before_named(recognizer):
    # ETWB(W)012 (en_etwb_2003_04_replies.txt, lines 137-147), answered by the Director of Drainage Services
    text = ("The Department employed a total of 201 non-civil service contract (NCSC) staff as\n"
            "at 1 March 2003. The revised estimated expenditure for these NCSC staff for\n2002-03 is $34 million.\n\n"
            "We have no plan to employ more NCSC staff in 2003-04 but the estimated\n"
            "expenditure will be $38 million due to payment of contract gratuities.")
    assert answered_by(text, recognizer, "dept:dsd", "2003-04") == [
        (None, "dept:dsd", "$34 million", "revised_estimate", "2002-03"),
        (None, "dept:dsd", "$38 million", "estimate", "2003-04")]
    # "Besides, …" starts a new topic, yet spending that names no one stays the answerer's (`_answerer_spending`)
    shifted = text.replace("2003. The revised", "2003. Besides, the revised")
    assert [f[2] for f in answered_by(shifted, recognizer, "dept:dsd", "2003-04")] == ["$34 million", "$38 million"]


def test_spending_is_typed_by_its_year_in_the_estimates():
    # what the Estimates book's columns say of a year, for spending with no other word for its kind
    before = "staff with an expenditure level of "
    assert [str(_spending_type(before, year, "2003-04", EN)) for year in ("2001-02", "2002-03", "2003-04", "2004-05")] \
        == ["actual", "revised_estimate", "estimate", "estimate"]
    assert _spending_type("staff with a headcount of ", "2002-03", "2003-04", EN) is None


def test_approved_actual_revised_and_estimated_expenditure_of_a_project():
    # CEDB(CIT)180, 2012-13, http://ininet.org/replies-to-initial-written-questions-raised-by-finance-committ.html?page=126
    text = ("The approved project estimate is $137.1 million and the actual expenditure as at 31 March 2011 is "
            "$54.372 million. The revised estimate for 2011-12 is $5 million. The estimated expenditure of $4.2 "
            "million for 2012-13 is mainly for the final settlement of the project account.")
    assert types_and_years(text) == [("$137.1 million", "approved", None),
                                     ("$54.372 million", "actual", None),
                                     ("$5 million", "revised_estimate", "2011-12"),
                                     ("$4.2 million", "estimate", "2012-13")]


def test_an_injection_into_a_fund_is_invested_by_the_bureau(recognizer):
    # FCR(2014-15)57, http://dissertation.xlibx.info/d1-economy/603636-1-item-for-finance-committee-innovation-and-technology-fund-head-1.php
    text = ("Members are invited to approve a further injection of\n\n"
            "$5 billion into the Innovation and Technology Fund.")
    assert facts(text, recognizer) == [(BUREAU, "scheme:itf", "$5 billion", "invested", None)]


def test_a_commitment_paid_by_the_body_the_sentence_names(recognizer):
    # LCQ1: Technology Voucher Programme (8 November 2017), a copy of
    # https://www.info.gov.hk/gia/general/201711/08/P2017110800425p.htm at hanweb.kanhan.com. The next sentence's
    # average and total are about "the Programme", the one programme the text named (a back-reference).
    text = ("In November last year, the Innovation and Technology Commission launched, on a pilot basis, the "
            "Technology Voucher Programme with a commitment of $500 million to subsidise local small and medium "
            "enterprises (SMEs) in using technological services and solutions to enhance productivity, or upgrade "
            "or transform their business processes. As at the end of September this year, 184 funding applications "
            "were approved under the Programme; the average amount of funding for each approved application was "
            "about $130,000, involving a total funding of about $23.8 million (which accounted for only 4.76 per "
            "cent of the commitment for the Programme).")
    assert facts(text, recognizer) == [("dept:itc", "scheme:tvp", "$500 million", "committed", None),
                                       (None, "scheme:tvp", "$130,000", "average", None),
                                       (None, "scheme:tvp", "$23.8 million", "approved", None)]


def test_a_sentence_opening_with_of_this_breaks_down_the_allocation_before_it(recognizer):
    # Budget Speech 2018, quoted at https://innovationhongkong.com/?p=464
    text = ("I will allocate $10 billion to the Hong Kong Science and Technology Parks Corporation (HKSTPC).  Of "
            "this, about $3 billion will be used to construct research-related infrastructure and facilities, "
            "whereas the remaining $7 billion will be used for the HKSTPC to enhance support for its tenants and "
            "incubatees, and set up a Smart Campus in the Park, etc..")
    # the parts are figures about the whole's subject (its kind and year), never flows a sum would count twice
    assert facts(text, recognizer) == [(BUREAU, "inst:hkstp", "$10 billion", "allocation", None),
                                       (None, "inst:hkstp", "$3 billion", "allocation", None),
                                       (None, "inst:hkstp", "$7 billion", "allocation", None)]


def test_a_year_right_after_an_amount_is_its_own(recognizer):
    # Budget Speech 2018, quoted at https://innovationhongkong.com/gallery/we-will-inject-10-billion-into-the-innovation-and-technology-fund-itf-paul-chan-financial-secretary-hksar-budget-2018/
    text = ("The ITF’s financial support for I&T development in Hong Kong has increased from about $700 million in "
            "2013-14 to $1.5 billion in 2017-18.")
    assert [f[-1] for f in facts(text, recognizer)] == ["2013-14", "2017-18"]


def test_a_decrease_is_a_change_about_the_department_of_the_heading(recognizer):
    # Accounts of the Government for the year ended 31 March 2019, analyses of variance by head,
    # https://docslib.org/doc/9438457/accounts-of-the-government-for-the-year-ended-31-march-2019-cash
    text = ("Head 44 — ENVIRONMENTAL PROTECTION DEPARTMENT\n\nThe decrease of $954.5 million was mainly due to the "
            "lower than expected cash flow requirements for non-recurrent items")
    assert facts(text, recognizer) == [(None, "dept:epd", "$954.5 million", "change", None)]


def test_the_english_sample_replies_build_figures_with_their_types(tmp_path):
    """End to end: each of the three 2003-04 ETWB replies gives its department's spending on contract staff, by year
    and kind; "the department" and "we" are the department that answers."""
    shutil.copy(FIXTURES / "en_etwb_2003_04_replies.txt", tmp_path)
    (tmp_path / "sources.yaml").write_text("documents:\n" + ETWB_2003_04_ENTRY, encoding="utf-8")
    kg = build_corpus_graph(tmp_path).graph
    about = {r.start: r.end for r in kg.relationships(Rel.ABOUT)}
    figures = sorted((about[n.id], n.props["amount"], n.props["amount_type"], n.props.get("fiscal_year"),
                      n.props["reply_no"]) for n in kg.nodes(Label.FIGURE))
    assert figures == [
        ("dept:dsd", 34_000_000, "revised_estimate", "2002-03", "ETWB(W)012"),
        ("dept:dsd", 38_000_000, "estimate", "2003-04", "ETWB(W)012"),
        ("dept:epd", 25_000_000, "total", "2002-03", "ETWB(E)064"),
        # "Having reviewed the service/operational need in 2003/04, we plan to reduce the number of … staff by
        # about 50. The amount of expenditure involved is about $6.15 M": the department's, of the year of the
        # sentence it goes on from, an estimate (the reply's year)
        ("dept:hyd", 6_150_000, "estimate", "2003-04", "ETWB(T)007"),
        ("dept:hyd", 43_300_000, "revised_estimate", "2002-03", "ETWB(T)007"),
    ]
    epd = next(n for n in kg.nodes(Label.FIGURE) if about[n.id] == "dept:epd")
    assert epd.props["quote"].startswith("In 2002-03, the Environmental Protection Department")
    assert list(kg.relationships(Rel.FUNDS)) == []


# --- English Government texts of other years (tests/fixtures/press_en, README there): one rule, one sentence ------

PRESS_EN = Path(__file__).parent / "fixtures" / "press_en"


def press_sentence(file_name: str, start: str, end: str) -> str:
    """The sentence of a fixture from `start` to `end` (both included), as stored: the test quotes the real text."""
    text = (PRESS_EN / file_name).read_text(encoding="utf-8")
    at = text.index(start)
    return text[at : text.index(end, at) + len(end)]


def test_an_amount_right_before_a_schemes_name_is_its_size(recognizer):
    # https://policyaddress.gov.hk/2024/en/p78.html, para 79, and https://policyaddress.gov.hk/2023/en/p61.html
    fund = press_sentence("en_policy_address_2024_p78.txt", "setting up a $10 billion", "an I&T ecosystem;")
    assert facts(fund, recognizer) == [(None, "scheme:itiof", "$10 billion", "allocation", None)]
    nias = press_sentence("en_policy_address_2023_p61.txt", "set up a $10 billion", "new energy technologies.")
    assert facts(nias, recognizer) == [(None, "scheme:nias", "$10 billion", "allocation", None)]


def matching_grant_facts(text: str) -> list:
    """The facts of `text` with its "Research Matching Grant Scheme" a name discovery found (pattern:english-name)."""
    name = "Research Matching Grant Scheme"
    scheme = Mention(text.index(name), text.index(name) + len(name), name, Label.SCHEME,
                     "scheme:ResearchMatchingGrantScheme", "pattern:english-name")
    return funding_facts(text, [scheme], find_amounts(text), BUREAU, {}, rules=EN)


def test_a_schemes_name_then_totalling_states_its_size(recognizer):
    # https://policyaddress.gov.hk/2024/en/p78.html, para 78: the scheme is not in the gazetteer; discovery names
    # it (pattern:english-name), as here
    text = press_sentence("en_policy_address_2024_p78.txt", "The Government will launch a new round", "institutions.")
    assert [(f.funder, f.recipient, str(f.amount_type), f.method) for f in matching_grant_facts(text)] == [
        (None, "scheme:ResearchMatchingGrantScheme", "allocation", "rule:scheme-size")]


def test_what_a_fund_has_funded_is_its_approved_grants(recognizer):
    # https://budget.gov.hk/2014/eng/budget11.html, para 57
    text = press_sentence("en_budget_2014_p11.txt", "57. The Innovation and Technology Fund", "about $8 billion.")
    assert facts(text, recognizer) == [(None, "scheme:itf", "$8 billion", "approved", None)]


def test_a_name_joined_to_funded_is_not_what_the_money_is_about(recognizer):
    # https://news.gov.hk/eng/2019/02/20190227/20190227_095228_891.html: the UGC-funded universities get the money
    text = press_sentence("en_news_gov_2019_02_27_budget_it.txt", "It will also set aside", "those for R&D.")
    assert facts(text, recognizer) == []
    # the rule, not the sentence, keeps the UGC out
    assert [f[1] for f in facts(text.replace("Committee-funded universities", "Committee"), recognizer)] == [
        "inst:ugc"]


def test_who_runs_a_fund_is_not_what_its_new_size_is_about(recognizer):
    # the same article: discovery names the corporation with its "&" (no gazetteer spelling has it), as here
    text = press_sentence("en_news_gov_2019_02_27_budget_it.txt", "For the Corporate Venture Fund", "incubatees.")
    runner = "Hong Kong Science & Technology Parks Corporation"
    mentions = [*recognizer.mentions(text, "en"),
                Mention(text.index(runner), text.index(runner) + len(runner), runner, Label.COMPANY,
                        "company:HongKongScience&TechnologyParksCorporation", "pattern:english-name")]
    found = funding_facts(text, sorted(mentions, key=lambda m: m.start), find_amounts(text), None, {}, rules=EN)
    assert [(f.funder, f.recipient, f.amount.text, str(f.amount_type)) for f in found] == [
        (None, "scheme:cvf", "$200 million", "allocation")]


def test_the_new_level_of_a_ceiling_raised_from_one_amount_to_another_is_a_cap_per_the_same_unit(recognizer):
    # https://budget.gov.hk/2014/eng/budget11.html, para 57 (a): both levels are the ceiling per project; the old
    # one stays a cap of its own, as in Chinese (funding.py `_new_levels_of_caps`). From where "ESS" is defined.
    text = press_sentence("en_budget_2014_p11.txt", "setting up an Enterprise Support Scheme", "$10 million.")
    found = funding_facts(text, recognizer.mentions(text, "en"), find_amounts(text), BUREAU, {}, rules=EN)
    assert [(f.recipient, f.amount.text, str(f.amount_type), f.amount.per) for f in found] == [
        ("scheme:ess", "$6 million", "cap", "project"), ("scheme:ess", "$10 million", "cap", "project")]


def test_an_amount_before_the_ceiling_it_sets_is_that_cap(recognizer):
    # https://news.gov.hk/eng/2019/02/20190227/20190227_095228_891.html
    text = press_sentence("en_news_gov_2019_02_27_budget_it.txt", "The Government will also double", "Universities.")
    found = funding_facts(text, recognizer.mentions(text, "en"), find_amounts(text), BUREAU, {}, rules=EN)
    assert [(f.funder, f.recipient, str(f.amount_type), f.amount.per) for f in found] == [
        (None, "scheme:tsssu", "cap", "year/institution")]


def test_an_injection_named_by_no_payer_is_invested_in_the_fund(recognizer):
    # the same article: "the Government" names no payer; the bureau of a reply would be the payer in a reply
    text = press_sentence("en_news_gov_2019_02_27_budget_it.txt", "The Government also plans", "in Hong Kong.")
    text = text.replace("Innovation & Technology Fund", "Innovation and Technology Fund")  # see docs/accuracy.md
    found = funding_facts(text, recognizer.mentions(text, "en"), find_amounts(text), None, {}, rules=EN)
    assert [(f.funder, f.recipient, f.amount.text, str(f.amount_type)) for f in found] == [
        (None, "scheme:itf", "$2 billion", "invested")]


def test_money_whose_unnamed_payer_is_not_in_the_corpus_is_a_figure_about_its_recipient():
    # https://policyaddress.gov.hk/2024/en/p78.html, para 79: the gazetteer says ITC runs the venture fund, so a
    # reply's rules would make ITC the payer; in a corpus that never names ITC the money stays, about the fund
    from graph.kg import KnowledgeGraph, Node
    from loaders.facts import TextUnit, add_entity_facts
    from loaders.gazetteer import load_gazetteer

    gazetteer = load_gazetteer()
    text = press_sentence("en_policy_address_2024_p78.txt", "optimising the Innovation", "ecosystem; and")
    kg = KnowledgeGraph()
    kg.add_node(Node(Label.DOCUMENT, "doc:test", {"name": "test"}))
    unit = TextUnit("doc:test", text, 0, (("document", 0, len(text)),), source_node="doc:test", language="en")
    add_entity_facts(kg, [unit], EntityRecognizer(gazetteer), gazetteer)
    about = [(r.end, kg.node_props(r.start)["amount"], kg.node_props(r.start)["amount_type"])
             for r in kg.relationships(Rel.ABOUT)]
    assert (about, list(kg.relationships(Rel.FUNDS))) == ([("scheme:itvf", 1_500_000_000, "allocation")], [])


def test_set_aside_earmarked_and_allocated_are_allocations_and_a_subsidy_ceiling_a_cap():
    # the Government's words for money put by (tests/fixtures/press_en, README there for the addresses)
    sentences = [
        ("en_news_gov_2019_02_27_budget_it.txt", "Mr Chan set aside", "Cyberport 5"),
        ("en_budget_2023_p15.txt", "75. I announced", "in Hong Kong."),
        ("en_budget_2024_speech_5.txt", "109. We will allocate", "AI Subsidy Scheme"),
        ("en_policy_address_2024_p78.txt", "80. The Government will launch", "of $30 million."),
    ]
    kinds = [[(kind, year) for _, kind, year in types_and_years(press_sentence(*s))] for s in sentences]
    assert kinds == [[("allocation", None)], [("allocation", None)], [("allocation", None)],
                     [("allocation", None), ("cap", None)]]


def test_not_less_than_is_a_lower_bound_and_over_too_not_an_approximation():
    # https://news.gov.hk/eng/2019/02/20190227/20190227_095228_891.html; https://hongkong.incorp.asia/?p=70526
    floor = find_amounts(press_sentence("en_news_gov_2019_02_27_budget_it.txt", "The Government will allocate",
                                        "five years"))
    over = find_amounts("The HKSAR Government has distributed over HK$56 billion to over 80,000 projects")
    assert [(a.bound, a.approx) for a in floor + over] == [("lower", False), ("lower", False)]


# --- the second English set (tests/fixtures/press_en_check): rules written after its first measure --------------

PRESS_EN_CHECK = Path(__file__).parent / "fixtures" / "press_en_check"


def check_sentence(file_name: str, start: str, end: str, folder: Path = PRESS_EN_CHECK) -> str:
    """The text of a fixture from `start` to `end` (both included), normalised as the loaders read it."""
    text = normalise((folder / file_name).read_text(encoding="utf-8")).text
    at = text.index(start)
    return text[at : text.index(end, at) + len(end)]


def test_a_total_of_funding_approved_is_approved_grants_of_the_scheme(recognizer):
    # ITC press release, 13 December 2024 (re-published at bastillepost.com, README there): 總資助額 in English
    text = check_sentence("en_itc_2024_12_13_tvp.txt", "The TVP was launched", "business processes.")
    text = "the Technology Voucher Programme (TVP). " + text  # where the release defines the short form
    assert facts(text, recognizer) == [(None, "scheme:tvp", "$6.6 billion", "approved", None)]


def test_funding_totalling_after_a_schemes_name_states_its_size(recognizer):
    # Media OutReach Newswire on the 2024 Policy Address (thesun.my, README there)
    text = check_sentence("en_media_outreach_2024_10_18_policy_address.txt", "Moreover, a new round", "institutions.")
    assert [(f.recipient, str(f.amount_type), f.method) for f in matching_grant_facts(text)] == [
        ("scheme:ResearchMatchingGrantScheme", "allocation", "rule:scheme-size")]


def test_a_non_breaking_hyphen_in_a_name_is_a_hyphen(recognizer):
    # the same release writes "Industry‑Oriented" with U+2011; normalisation folds it (loaders/text.py)
    text = check_sentence("en_media_outreach_2024_10_18_policy_address.txt", "These include setting up", "importance;")
    assert "\u2011" in (PRESS_EN_CHECK / "en_media_outreach_2024_10_18_policy_address.txt").read_text(encoding="utf-8")
    assert facts(text, recognizer) == [(None, "scheme:itiof", "HK$10 billion", "allocation", None)]


def test_money_given_to_a_body_to_launch_a_scheme_is_the_schemes(recognizer):
    # The 2024-25 Budget Speech, para. 109 (tests/fixtures/press_en/en_budget_2024_speech_5.txt): Cyberport runs the
    # AI Subsidy Scheme; the scheme does not pay Cyberport
    text = ("109. We will allocate $3 billion to Cyberport for the launch of a three-year AI Subsidy Scheme to support "
            "local universities, research institutes and enterprises")
    assert facts(text, recognizer) == [(None, "scheme:aiss", "$3 billion", "allocation", None)]


PRESS_EN_CHECK2 = Path(__file__).parent / "fixtures" / "press_en_check2"


def en_text(file_name: str, start: str, end: str) -> str:
    return check_sentence(file_name, start, end, PRESS_EN_CHECK2)


def test_the_scheme_in_lower_case_is_the_one_scheme_named_and_with_an_allocation_of_states_its_size(recognizer):
    # news.gov.hk on RAISe+ (September 2023): "the scheme" is the one scheme the story named; "With a funding
    # allocation of $10 billion, the scheme will fund …" is its size, not money the University Grants Committee
    # (named later, of the universities) pays; "between $10 million and $100 million will be provided to each
    # approved project" is what each may get: a cap per project, a range
    text = en_text("en_news_gov_2023_09_raise_plus_forum.txt", "The Innovation & Technology Commission today",
                   "provided to each approved project.")
    assert facts(text, recognizer) == [(None, "scheme:raise_plus", "$10 billion", "allocation", None),
                                       (None, "scheme:raise_plus", "$10 million and $100 million", "cap", None)]


def test_a_sentence_opening_with_the_project_goes_on_about_the_one_body_named_before(recognizer):
    # Budget Speech 2010-11, paragraph 101: "Science Park" is the Hong Kong Science Park (gazetteer alias)
    text = en_text("en_budget_2010_p34.txt", "we have decided to implement", "$4.9 billion.")
    assert facts(text, recognizer) == [(None, "inst:hksp", "$4.9 billion", "cost", None)]


def test_a_name_without_its_bracketed_note_is_the_name(recognizer):
    # news.gov.hk on the 2018 Policy Address: the gazetteer's "TechConnect (Block Vote)"
    text = en_text("en_news_gov_2018_10_10_policy_address_it.txt", "She added another", "for the community.")
    assert [m.entity_id for m in recognizer.mentions(text, "en")] == ["bureau:itb", "scheme:techconnect"]


def test_a_cap_is_per_the_party_that_matches_the_governments_money(recognizer):
    # 2024 Policy Address, paragraph 80 (tests/fixtures/press_en)
    text = normalise((Path(__file__).parent / "fixtures" / "press_en" / "en_policy_address_2024_p78.txt")
                     .read_text(encoding="utf-8")).text
    text = text[text.index("80. The Government") : text.index("$30 million.") + len("$30 million.")]
    mentions = recognizer.mentions(text, "en")
    found = funding_facts(text, mentions, find_amounts(text), None, {}, rules=EN)
    assert [(f.recipient, f.amount.text, str(f.amount_type), f.amount.per) for f in found] == [
        ("scheme:pilot_accelerator", "$180 million", "allocation", None),
        ("scheme:pilot_accelerator", "$30 million", "cap", "institution")]


PRESS_EN_CHECK3 = Path(__file__).parent / "fixtures" / "press_en_check3"


def check3_facts(file_name: str, recognizer: EntityRecognizer) -> list[tuple]:
    text = normalise((PRESS_EN_CHECK3 / file_name).read_text(encoding="utf-8")).text
    mentions = recognizer.mentions(text, "en")
    return [(f.recipient, f.amount.text, str(f.amount_type), f.fiscal_year)
            for f in funding_facts(text, mentions, find_amounts(text), None, {}, rules=EN)]


def test_parts_of_a_whole_that_names_no_one_are_figures_of_what_they_name(recognizer):
    # news.gov.hk 2018-02-28: '… I will set aside an additional $50 billion." Of this amount, $20 billion will be
    # used on the first phase of the Hong Kong-Shenzhen Innovation & Technology Park … and $10 billion will go to the
    # Innovation & Technology Fund.' — the quotation ends its sentence; the park is the park, not its company (whose
    # name without "Limited" reads the same); "Another $10 billion …" is a new item, not more for the fund
    found = check3_facts("en_news_gov_2018_02_28_budget_it.txt", recognizer)
    assert ("inst:hsitp", "$20 billion", "allocation", None) in found
    assert ("scheme:itf", "$10 billion", "allocation", None) in found
    assert [f for f in found if f[0] == "scheme:itf"] == [("scheme:itf", "$10 billion", "allocation", None)]


def test_a_year_that_names_a_speech_and_a_scheme_the_text_does_not_name(recognizer):
    # news.gov.hk 2020-02-26: "… earmark $3 billion for Phase 2 of the Science Park Expansion Programme while
    # delivering his 2020-21 Budget speech" (no year of the figure); "a pilot subsidy scheme with an injection of
    # $345 million" is not InnoHK, which the story is about
    found = check3_facts("en_news_gov_2020_02_26_budget_science_park.txt", recognizer)
    assert ("inst:hksp", "$3 billion", "allocation", None) in found
    assert not any(f[0] == "scheme:innohk" for f in found)


def test_a_sentence_naming_nothing_in_a_story_about_one_scheme_and_whichever_is_lower(recognizer):
    # news.gov.hk 2020-07-27 on the Re-industrialisation Funding Scheme: "…with a ceiling set at one-third of the
    # total project cost or $15 million, whichever is lower." (two sentences after the one naming "the scheme")
    found = check3_facts("en_news_gov_2020_07_27_rfs_opens.txt", recognizer)
    assert ("scheme:nifs", "$15 million", "cap", None) in found


def test_the_after_a_preposition_of_a_known_name(recognizer):
    # news.gov.hk 2019-03-01 (press_en_check4): the gazetteer's "IT Innovation Lab in Secondary Schools"
    text = check_sentence("en_news_gov_2019_03_01_sit_budget_briefing.txt", "He noted the Budget", "Programme",
                          Path(__file__).parent / "fixtures" / "press_en_check4")
    assert "scheme:it_lab_secondary" in [m.entity_id for m in recognizer.mentions(text, "en")]


PRESS_EN_CHECK5 = Path(__file__).parent / "fixtures" / "press_en_check5"


def check5_facts(file_name: str, start: str, end: str, recognizer: EntityRecognizer) -> list[tuple]:
    text = check_sentence(file_name, start, end, PRESS_EN_CHECK5)
    return [(f.funder, f.recipient, f.amount.text, str(f.amount_type))
            for f in funding_facts(text, recognizer.mentions(text, "en"), find_amounts(text), None, {}, rules=EN)]


def test_a_part_of_money_injected_into_a_fund_is_the_funds_grant(recognizer):
    # info.gov.hk 2018-04-19, the Secretary for I&T at the Finance Committee: the $500 million is the ITF's grant to
    # the Technology Talent Scheme, no part of the injection itself (whose payer and type it would take)
    text = check_sentence("en_info_gov_2018_04_19_sit_fc_remarks.txt", "Secondly, we will inject", "Hub programme",
                          PRESS_EN_CHECK5)
    recognizer = EntityRecognizer.for_corpus([text], recognizer.gazetteer)  # the scheme is found by discovery
    found = check5_facts("en_info_gov_2018_04_19_sit_fc_remarks.txt", "Secondly, we will inject", "Hub programme",
                         recognizer)
    assert ("scheme:itf", "scheme:TechnologyTalentScheme", "$500 million", "allocation") in found


def test_billions_as_b_a_fund_sized_but_unnamed_and_a_whilst_clause(recognizer):
    # Hong Kong Business, 2024-10, on the Policy Address: "$10b" and "$1.5b"; "a $10b industry-oriented fund" names
    # no fund, so the story's topic (InnoHK) gets none of it; the Investment Corporation after ", whilst" gets none
    # of the $1.5b
    found = check5_facts("en_hongkongbusiness_2024_10_policy_address_it.txt", "The two existing clusters",
                         "operations in the region.", recognizer)
    assert [f[2] for f in found] == ["$1.5b"]
    assert found[0][1] == "scheme:itvf"
    assert [a.value for a in find_amounts("through a $10b industry-oriented fund; $1.5b will be")] == [
        10_000_000_000, 1_500_000_000]


def test_an_amount_each_in_two_years_and_we_as_the_payer_inferred(recognizer):
    # CEDB(CIT)116 of 2010-11 (tests/fixtures/legco_other): one fact per year; "we" is who speaks (the answering
    # office), so its payment is inferred, as the bureau of the reply's is
    text = ("Hence we expect that the estimated expenditure of the Mega Events Fund is $20 million in 2009-10, and "
            "$40 million each in 2010-11 and 2011-12.")
    answerer = Answerer(body="dept:tid", fiscal_year="2010-11")
    found = funding_facts(text, recognizer.mentions(text, "en"), find_amounts(text), None, {}, rules=EN,
                          answerer=answerer)
    assert [(f.amount.text, f.fiscal_year) for f in found] == [
        ("$20 million", "2009-10"), ("$40 million", "2010-11"), ("$40 million", "2011-12")]
    assert all(f.funder is None or f.method == "rule:bureau-of-reply" for f in found)


def test_a_subvention_of_the_estimates_year_a_receiving_body_and_provisions_higher_than(recognizer):
    # S-CEDB(CIT)01 of 2010-11: a body's yearly subvention in the reply's year is that year's estimate, a grant
    text = ("The recurrent subvention for the Hong Kong Tourism Board (HKTB) in 2010-11 is $499.5 million, covering "
            "its marketing expenditure.")
    answerer = Answerer(body="bureau:cedb", fiscal_year="2010-11")
    found = funding_facts(text, recognizer.mentions(text, "en"), find_amounts(text), "bureau:cedb", {}, rules=EN,
                          answerer=answerer)
    assert [(f.funder, f.recipient, str(f.amount_type), f.fiscal_year) for f in found] == [
        ("bureau:cedb", "inst:hktb", "estimate", "2010-11")]
    # CEDB(CIT)220 of 2010-11: the department that received the claims pays none of them
    text = ("As at the end of February 2010, the Trade and Industry Department has received 55 default claims under "
            "the Special Loan Guarantee Scheme, involving a total claim amount of $59 million.")
    assert all(f.funder != "dept:tid" for f in funding_facts(text, recognizer.mentions(text, "en"),
                                                              find_amounts(text), None, {}, rules=EN))
    # EDLB(ED)003 of 2004-05: provisions of the reply's year, and the two differences named after them
    text = ("Provisions for Allowances and Job-related Allowances under Subhead 000 Operational Expenses in 2004-05 "
            "are $3,996,000 and $967,000 or $594,000 and $433,000 higher than the revised estimates for 2003-04, "
            "respectively.")
    answerer = Answerer(body="dept:cad", fiscal_year="2004-05")
    found = funding_facts(text, [], find_amounts(text), None, {}, rules=EN, answerer=answerer)
    assert [(f.recipient, f.amount.value, str(f.amount_type)) for f in found] == [
        ("dept:cad", 3_996_000, "estimate"), ("dept:cad", 967_000, "estimate"),
        ("dept:cad", 594_000, "change"), ("dept:cad", 433_000, "change")]


def test_totalling_only_says_how_much():
    # EMB 0008 of 2000-01: the verb after the amount types it
    text = "An amount totalling $62 million has been earmarked from the Language Fund for the Campaign."
    assert [t for _, t, _ in types_and_years(text)] == ["allocation"]


def test_respectively_pairs_amounts_with_the_years_before_them(recognizer):
    # CEDB(CIT)146 of 2012-13 (the question's sentence, tests/fixtures/legco_other): the English of 分別 comes after
    # the list; each amount takes the year of its rank, and its kind from that year's place in the 2012-13 Estimates
    answerer = Answerer(body="dept:cedd", fiscal_year="2012-13")
    text = ("However, according to the original proposal approved by the Finance Committee – PWSC (2009-10) 67, the "
            "estimated expenditure on the project for 2011-12 and 2012-13 should be $541,000,000 and $560,300,000 "
            "respectively.")
    found = funding_facts(text, [], find_amounts(text), None, {}, rules=EN, answerer=answerer)
    assert [(f.amount.value, f.fiscal_year) for f in found] == [(541_000_000, "2011-12"), (560_300_000, "2012-13")]


LEGCO_OTHER3 = Path(__file__).parent / "fixtures" / "legco_other3"


def other3_facts(file_name: str, reply_year: str, body: str, recognizer: EntityRecognizer) -> list[tuple]:
    """The money facts of a reply of tests/fixtures/legco_other3, its answer as the parser reads it."""
    path = LEGCO_OTHER3 / file_name
    [reply] = parse_replies(read_text(path), str(path), excerpt=True).replies
    text = reply.answer_text
    found = funding_facts(text, recognizer.mentions(text, "en"), find_amounts(text), None, {}, rules=EN,
                          answerer=Answerer(body=body, fiscal_year=reply_year))
    return [(f.recipient, f.amount.value, str(f.amount_type), f.fiscal_year, f.amount.per) for f in found]


def test_an_annual_budget_and_the_coming_years_spending(recognizer):
    # CEDB(CIT)185 of 2010-11: "An annual budget of about $8 million has been earmarked …"; "In the coming year, we
    # will continue … The expenditure for these activities, … amounts to about $1.1 million."
    assert other3_facts("en_cedb_cit_2010_11_p115.txt", "2010-11", "dept:ipd", recognizer) == [
        ("dept:ipd", 8_000_000, "allocation", None, "year"), ("dept:ipd", 1_100_000, "estimate", "2010-11", None)]


def test_these_activities_go_on_about_the_body_before_and_an_increase_from_is_no_range(recognizer):
    # CEDB(CIT)138 of 2010-11: "HKTDC organised or participated in … 53 brand promotion trade fairs …. These
    # activities involved an expenditure of $277 million."
    assert [f[:2] for f in other3_facts("en_cedb_cit_2010_11_p87.txt", "2010-11", "bureau:cedb", recognizer)] == [
        ("inst:hktdc", 277_000_000)]
    # CEDB(CIT)093 of 2012-13: "…approved an increase in the total loan guarantee commitment under the SME Loan
    # Guarantee Scheme (SGS) from $20 billion to $30 billion": two amounts, the old level and the new
    text = ("The Finance Committee of the Legislative Council approved an increase in the total loan guarantee "
            "commitment under the SME Loan Guarantee Scheme (SGS) from $20 billion to $30 billion, and")
    assert [(a.value, a.value_max) for a in find_amounts(text)] == [(20_000_000_000, None), (30_000_000_000, None)]
