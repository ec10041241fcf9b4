"""Recipient lists (loaders/recipient_lists.py) on the real replies: the grantees a reply lists for a scheme, one
fact each, checked by hand against the text of data/sources/001_290747ba864f0a9c.txt."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest

from graph.model import Label, entity_id
from loaders.corpus import BUNDLED_SOURCES, read_text
from loaders.entities import EntityRecognizer
from loaders.gazetteer import load_gazetteer
from loaders.legco import parse_replies
from loaders.recipient_lists import (
    METHOD_ENUMERATION,
    METHOD_JOINED,
    METHOD_TABLE,
    KnownNames,
    join_broken_lines,
    new_entities,
    recipient_facts,
    with_joined_names,
)
from loaders.text import normalise

REPLIES = BUNDLED_SOURCES / "001_290747ba864f0a9c.txt"
CYBERPORT_RELEASE = BUNDLED_SOURCES / "004_27ebd2316b9477aa.txt"

# ITIB091, the note under the table of 新型工業化資助計劃: "當中19宗已簽署資助協議，相關申請者及其所屬行業和項目内容
# 為：Cat Dynamics(威士忌生產)、…及迦南印刷(印刷)。" — the 19 names as written (two broken across lines).
NIFS_SIGNED = {
    "Cat Dynamics": "company:cat_dynamics",
    "新精明印刷": "company:xinjingming_printing",
    "雀巢香港": "company:nestle_hk",
    "東英(香港)商標": "company:dongying_hk_label",
    "漢方醫藥": "company:hanfang_medicine",
    "京都念慈菴": "company:nin_jiom",
    "PDS Technology Electronic": "company:pds_technology",
    "阜康藥業": "company:fukang_pharma",
    "泓展(香港)": "company:hongzhan_hk",
    "唯善企業": "company:weishan_enterprise",
    "晉達半導體": "company:jinda_semiconductor",
    "嘉華混凝土": "company:kwah_concrete",
    "盧森堡大藥廠": "company:luxembourg_pharma",
    "豆之國際香港控股": "company:douzhiguo_hk",
    "Bless International Group": "company:bless_international",
    "麒勇": "company:qiyong",
    "維他奶國際集團": "company:vitasoy",
    "保諾時網上印刷": "company:bonuses_online_printing",
    "迦南印刷": "company:canaan_printing",
}
# The annex "首批獲「產學研1+計劃」支持的項目" (ITIB083, ITIB087, ITIB091): the university of rows 1 to 24.
RAISE_FIRST_ROUND = [
    "inst:cuhk", "inst:cuhk", "inst:hkbu", "inst:hkust", "inst:hkust", "inst:cityu", "inst:hkust", "inst:cuhk",
    "inst:polyu", "inst:hku", "inst:cuhk", "inst:cityu", "inst:cuhk", "inst:hkust", "inst:hkust", "inst:polyu",
    "inst:cityu", "inst:hku", "inst:cityu", "inst:cityu", "inst:hkbu", "inst:cuhk", "inst:cuhk", "inst:hku",
]
# 人工智能資助計劃's approved projects (ITIB179, ITIB227, ITIB250): 申請機構 of the four rows.
AISS_ROWS = ["inst:polyu", "inst:cityu", "inst:cityu", "inst:hkgai"]


@pytest.fixture(scope="module")
def replies() -> dict[str, str]:
    """Each reply's text, as the pipeline's text units cut it."""
    parsed = parse_replies(read_text(REPLIES), source=str(REPLIES))
    return {r.reply_no: parsed.text.text[r.char_start : r.char_end] for r in parsed.replies}


@pytest.fixture(scope="module")
def recognizer(replies) -> EntityRecognizer:
    return EntityRecognizer.for_corpus(list(replies.values()))


def facts_of(text: str, recognizer: EntityRecognizer, method: str | None = None):
    found = recipient_facts(text, recognizer.mentions(text), recognizer)
    return [f for f in found if method is None or f.method == method]


# --- names broken across lines ------------------------------------------------------------------------------------


def test_a_name_broken_across_lines_is_joined(replies, recognizer):
    text = replies["ITIB091"]
    assert "PDS Technology\nElectronic(組裝電路版)" in text and "Bless\nInternational Group(冷壓果汁生產)" in text
    assert join_broken_lines("PDS Technology\nElectronic") == "PDS Technology Electronic"
    assert join_broken_lines("香港生成式人工智能\n研發中心") == "香港生成式人工智能研發中心"
    joined = {m.surface: m.entity_id
              for m in with_joined_names(text, recognizer.mentions(text), KnownNames(recognizer))
              if m.method == METHOD_JOINED}
    assert joined == {"PDS Technology Electronic": "company:pds_technology",
                      "Bless International Group": "company:bless_international"}


def test_a_table_cell_broken_across_lines_is_one_name(replies, recognizer):
    """ITIB250's cell "香港生成式人工智能⏎研發中心(HKGAI)", ITIB122's "內地與香港⏎聯合資助計劃"."""
    for reply_no, surface, expected in (("ITIB250", "香港生成式人工智能研發中心", "inst:hkgai"),
                                        ("ITIB122", "內地與香港聯合資助計劃", "scheme:mhkjfs")):
        text = replies[reply_no]
        joined = [m for m in with_joined_names(text, recognizer.mentions(text), KnownNames(recognizer))
                  if m.method == METHOD_JOINED]
        assert {(m.surface, m.entity_id) for m in joined} == {(surface, expected)}, reply_no
        assert "\n" in text[joined[0].start : joined[0].end]


def test_names_joined_before_the_lists_are_not_joined_again(replies, recognizer):
    """The analysis joins broken names once and passes them with joined=True (loaders/facts.py): the facts
    recipient_facts finds when it joins them itself (ITIB091's list, ITIB250's table)."""
    names = KnownNames(recognizer)
    for reply_no in ("ITIB091", "ITIB250"):
        text = replies[reply_no]
        mentions = recognizer.mentions(text)
        expected = recipient_facts(text, mentions, recognizer, names=names)
        joined = with_joined_names(text, mentions, names)
        found = recipient_facts(text, joined, recognizer, names=names, joined=True)
        assert found == expected and any(f.mention.method == METHOD_JOINED for f in found), reply_no


# --- enumerations -------------------------------------------------------------------------------------------------


def test_itib091_lists_the_19_companies_with_signed_nifs_agreements(replies, recognizer):
    text = replies["ITIB091"]
    facts = facts_of(text, recognizer, METHOD_ENUMERATION)
    assert {f.mention.surface: f.recipient for f in facts} == NIFS_SIGNED
    assert len(facts) == 19
    assert {(f.funder, f.amount, str(f.amount_type), f.fiscal_year) for f in facts} == {
        ("scheme:nifs", None, "approved", None)
    }
    assert new_entities(facts) == []  # all 19 are in the gazetteer
    assert "當中19宗已簽署資助協議，相關申請者及其所屬行業和項目内容為：" in text[slice(*facts[0].row)]


def test_names_the_gazetteer_lacks_become_companies_because_the_list_says_so(replies):
    """Without the 19 gazetteer entries, the list alone makes each a Company: its introducing text says they are
    applicants (申請者), and the table just above it calls the applicants 申請公司."""
    gazetteer = load_gazetteer()
    without = replace(gazetteer, entries=tuple(e for e in gazetteer.entries if e.id not in NIFS_SIGNED.values()))
    text = replies["ITIB091"]
    recognizer = EntityRecognizer.for_corpus([text], without)
    facts = facts_of(text, recognizer, METHOD_ENUMERATION)
    made = new_entities(facts)
    assert {c.name for c in made} == set(NIFS_SIGNED)
    assert {c.label for c in made} == {Label.COMPANY}
    assert {f.recipient for f in facts} == {entity_id(Label.COMPANY, name) for name in NIFS_SIGNED}
    assert {f.funder for f in facts} == {"scheme:nifs"}


def test_a_list_in_brackets_after_the_funded_few(replies, recognizer):
    """ITIB131: "…推行「大學科技初創企業資助計劃」(「計劃」)，向6所大學(即香港城市大學、…及香港大學)提供資助…"."""
    facts = facts_of(replies["ITIB131"], recognizer)
    assert [f.recipient for f in facts] == ["inst:cityu", "inst:hkbu", "inst:cuhk", "inst:polyu", "inst:hkust",
                                            "inst:hku"]
    assert {(f.funder, f.method) for f in facts} == {("scheme:tsssu", METHOD_ENUMERATION)}


def test_departments_funded_by_techconnect_without_the_bureaus_and_the_notes(replies, recognizer):
    """ITIB152: "獲支持撥款的部門/辦公室包括漁農自然護理署、…、文化體育及旅遊局、…、效率促進辦公室(現併入數字政策
    辦公室)、…、房屋局、…運輸署及水務署。" — 22 names; the two bureaus are left out (FUNDS does not end at a
    bureau), and the office in brackets is a note on 效率促進辦公室, not a recipient."""
    facts = facts_of(replies["ITIB152"], recognizer)
    recipients = [f.recipient for f in facts]
    assert len(recipients) == 20 and all(r.startswith("dept:") for r in recipients)
    assert "dept:effo" in recipients and "dept:dpo" not in recipients
    assert {"dept:afcd", "dept:lcsd", "dept:td", "dept:wsd"} <= set(recipients)  # the first, one with 及, the last two
    assert {f.funder for f in facts} == {"scheme:techconnect"}


def test_a_list_of_projects_gives_the_bodies_in_brackets(replies, recognizer):
    """ITIB229: "正陸續展開的資助項目包括涉及大語言模型的硏究/訓練(香港理工大學、香港生成式人工智能研發中心)、有關
    合成生物學的研究(香港城市大學香港人工智能與科學研究院)，以及與新材料研發相關的項目(…)。" The funder is the
    scheme of the paragraph before (人工智能資助計劃, 資助計劃); a project is not an entity."""
    facts = facts_of(replies["ITIB229"], recognizer)
    assert [f.recipient for f in facts] == ["inst:polyu", "inst:hkgai", "inst:cityu", "inst:cityu"]
    assert {f.funder for f in facts} == {"scheme:aiss"}
    assert new_entities(facts) == []


def test_lists_that_are_not_grants_give_nothing(replies, recognizer):
    quiet = {
        "ITIB126": "共有7所本地指定大學參與計劃，包括香港城市大學、…",  # take part: not a grant
        "ITIB136": "7所大學(包括香港城市大學、…)已參與計劃",
        "ITIB013": "8位「聯盟」創會成員包括(排名不分先後)：香港工業總會、…",  # founders of an alliance
        "ITIB022": "公司名稱 業務領域",  # listed companies among the science park's tenants
        "ITIB153": "批出9個由本地院校、研發機構等牽頭的項目，研究範圍包括推動本地大語言模型、新材料、…",  # topics
        "ITIB127": "亦包括向8所的大學技術轉移處、16所國家重點實驗室、…提供資助",  # classes counted, not names
    }
    for reply_no, words in quiet.items():
        assert words.split("…")[0] in replies[reply_no], reply_no
        assert facts_of(replies[reply_no], recognizer) == [], reply_no


def test_a_press_release_listing_companies_brought_in_gives_nothing(recognizer):
    """004: "數碼港積極引進多間重點企業，包括多點Dmall、永信至誠、CertiK等" — brought in, not funded."""
    text = normalise(read_text(CYBERPORT_RELEASE)).text
    assert "包括多點Dmall、永信至誠、CertiK等" in text
    assert facts_of(text, recognizer) == []


# --- tables -------------------------------------------------------------------------------------------------------


def test_the_raise_plus_annex_gives_each_projects_university(replies, recognizer):
    for reply_no in ("ITIB083", "ITIB087", "ITIB091"):
        facts = facts_of(replies[reply_no], recognizer, METHOD_TABLE)
        assert [f.recipient for f in facts] == RAISE_FIRST_ROUND, reply_no
        assert {(f.funder, f.amount, str(f.amount_type)) for f in facts} == {("scheme:raise_plus", None, "approved")}
    text = replies["ITIB087"]
    facts = facts_of(text, recognizer, METHOD_TABLE)
    rows = [text[slice(*f.row)] for f in facts]
    assert rows[0] == "1三維視覺驅動機器人 香港中文大學 人工智能及機械人"
    # A row starts at its number, not with the wrapped cell of the row above ("環境、農業⏎及海洋生物科技") …
    assert rows[5] == "6\n脈衝空心錐掃描與透射一體化電子顯微鏡的商業化計劃\n香港城市大學 先進製造"
    # … nor with the note and the header repeated after the page break.
    assert rows[14] == "15\n基於CHAMP顯微鏡的現場腫瘤成像\n香港科技大學 電機及電子工程"
    assert Counter(RAISE_FIRST_ROUND) == {"inst:cuhk": 7, "inst:hkust": 5, "inst:cityu": 5, "inst:hku": 3,
                                          "inst:hkbu": 2, "inst:polyu": 2}


def test_the_ai_subsidy_schemes_approved_projects_are_tied_to_it(replies, recognizer):
    """ITIB250: "…資助計劃委員會已評審並批出9個…項目…。詳情如下：" over a table "申請機構 [機構類別] 項目名稱 涉及範疇";
    "香港城市大學⏎香港人工智能與科學研究院" is one applicant (the university first), and the broken cell
    "香港生成式人工智能⏎研發中心(HKGAI)" is HKGAI."""
    for reply_no in ("ITIB179", "ITIB227", "ITIB250"):
        facts = facts_of(replies[reply_no], recognizer, METHOD_TABLE)
        assert [f.recipient for f in facts] == AISS_ROWS, reply_no
        assert {(f.funder, f.amount, str(f.amount_type)) for f in facts} == {("scheme:aiss", None, "approved")}
    text = replies["ITIB227"]
    rows = [text[slice(*f.row)] for f in facts_of(text, recognizer, METHOD_TABLE)]
    assert rows[0] == "香港理工大學\n[本地院校]\n增強邊緣基礎模型\n以實現高級推理\n大語言模型"
    assert rows[1].endswith("合成生物學")  # the header repeated after the page break is not part of the row
    assert rows[3].startswith("香港生成式人工智能\n研發中心(HKGAI)")


def test_a_table_with_a_money_column_is_left_to_the_table_reader(replies, recognizer):
    """ITIB122's rows ("資助計劃 申請機構 項目名稱 / 資助額 (百萬元)") carry amounts: loaders/tables.py reads them."""
    assert "資助計劃 申請機構 項目名稱\n資助額\n(百萬元)" in replies["ITIB122"]
    assert facts_of(replies["ITIB122"], recognizer) == []


def test_only_the_funding_lists_of_the_replies_give_facts(replies, recognizer):
    """Every list of the 251 replies that gives facts, with its funder: nothing else does."""
    found = Counter()
    for reply_no, text in replies.items():
        for f in facts_of(text, recognizer):
            found[(reply_no, f.method, f.funder)] += 1
    assert found == {
        ("ITIB083", METHOD_TABLE, "scheme:raise_plus"): 24,
        ("ITIB087", METHOD_TABLE, "scheme:raise_plus"): 24,
        ("ITIB091", METHOD_TABLE, "scheme:raise_plus"): 24,
        ("ITIB091", METHOD_ENUMERATION, "scheme:nifs"): 19,
        ("ITIB131", METHOD_ENUMERATION, "scheme:tsssu"): 6,
        ("ITIB152", METHOD_ENUMERATION, "scheme:techconnect"): 20,
        ("ITIB179", METHOD_TABLE, "scheme:aiss"): 4,
        ("ITIB227", METHOD_TABLE, "scheme:aiss"): 4,
        ("ITIB229", METHOD_ENUMERATION, "scheme:aiss"): 4,
        ("ITIB250", METHOD_TABLE, "scheme:aiss"): 4,
    }
