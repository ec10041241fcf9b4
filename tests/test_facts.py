"""Entities, aliases and funding facts from the bundled corpus, against facts read by hand in the documents.

The in-memory graph is built once (spaCy and jieba run for real); a few tests read the same facts back from the
embedded store, where the build put them.
"""

from __future__ import annotations

import pytest

from graph.kg import Node
from graph.model import Label, Rel
from loaders.corpus import BUNDLED_SOURCES, read_text
from loaders.entities import EntityRecognizer
from loaders.gazetteer import load_gazetteer

REPLIES_DOC = "doc:3942c1bfcb494316"
NEWS_DOC = "doc:1af5e5a84e25d74b"  # 002, Wen Wei Po
HKCS_DOC = "doc:af70a85f699ffa83"  # 000, HK Computer Society


@pytest.fixture(scope="module")
def build(corpus_build):
    return corpus_build


@pytest.fixture(scope="module")
def kg(build):
    return build.graph


def funds(kg, start=None, end=None, reply_no=None):
    return [
        r
        for r in kg.relationships(Rel.FUNDS)
        if (start is None or r.start == start)
        and (end is None or r.end == end)
        and (reply_no is None or reply_no in r.props["reply_nos"])
    ]


def figures(kg, about=None, reply_no=None):
    """Figures about one thing (Figure nodes, with their ABOUT edge's end)."""
    return [
        Node(Label.FIGURE, r.start, kg.node_props(r.start))
        for r in kg.relationships(Rel.ABOUT)
        if (about is None or r.end == about) and (reply_no is None or reply_no in kg.node_props(r.start)["reply_nos"])
    ]


def money(kg, subject=None, reply_no=None):
    """Flows into `subject` and figures about it: every money fact of the graph about a thing."""
    return funds(kg, end=subject, reply_no=reply_no) + figures(kg, about=subject, reply_no=reply_no)


def amounts(rels):
    return {(r.props["amount_hkd"], r.props["amount_type"]) for r in rels}


# --- entities and aliases -----------------------------------------------------------------------------------------


def test_alias_groups_merge_into_one_node(kg):
    by_surface = {}
    for node in kg.nodes():
        for surface in [node.props.get("name"), *node.props.get("aliases", [])]:
            by_surface.setdefault(surface, set()).add(node.id)
    assert by_surface["港投公司"] == by_surface["香港投資管理有限公司"] == {"company:hkic"}
    assert by_surface["數字辦"] == by_surface["數字政策辦公室"] == {"dept:dpo"}
    assert by_surface["創科署"] == by_surface["創新科技署"] == {"dept:itc"}
    assert by_surface["數碼港"] == {"inst:cyberport"}
    assert kg.node_props("inst:cyberport")["name"] == "香港數碼港管理有限公司"
    assert "AIR＠InnoHK" in kg.node_props("scheme:air_innohk")["aliases"]
    assert by_surface["多點Dmall"] == by_surface["多點DMall"] == {"company:dmall"}


def test_related_but_distinct_things_stay_apart(kg):
    assert "inst:hkstp" in kg and "inst:hksp" in kg
    assert kg.node_props("inst:hkstp")["name"] == "香港科技園公司"
    assert kg.node_props("inst:hksp")["name"] == "香港科學園"
    dpo_names = {kg.node_props("dept:dpo")["name"], *kg.node_props("dept:dpo")["aliases"]}
    assert not dpo_names & {"資科辦", "政府資訊科技總監辦公室", "效率促進辦公室", "效率辦"}
    assert "dept:ogcio" in kg and "dept:effo" in kg  # the predecessors are nodes of their own


def test_slogans_apps_and_generic_words_are_not_nodes(kg):
    names = {n.props.get("name") for n in kg.nodes()} | {a for n in kg.nodes() for a in n.props.get("aliases", [])}
    for not_an_entity in ("一國兩制", "智方便", "新質生產力", "計劃", "基金", "資助計劃", "研發院"):
        assert not_an_entity not in names, not_an_entity


def test_a_slogan_in_quotes_is_not_a_scheme():
    recognizer = EntityRecognizer.for_corpus(["堅持「一國兩制」，並推出「智方便」及「新興產業加速資助計劃」。"])
    found = {
        (m.surface, m.label)
        for m in recognizer.mentions("堅持「一國兩制」，並推出「智方便」及「新興產業加速資助計劃」。")
    }
    assert found == {("新興產業加速資助計劃", Label.SCHEME)}


def test_local_abbreviation_resolves_within_its_reply_only():
    gazetteer = load_gazetteer()
    recognizer = EntityRecognizer(gazetteer)
    defined = "「傑出創科學人計劃」(「計劃」)支持大學。計劃預計涉及20億元。"
    mentions = recognizer.mentions(defined)
    assert [(m.surface, m.entity_id) for m in mentions if m.surface == "計劃"] == [
        ("計劃", "scheme:gsps"),
        ("計劃", "scheme:gsps"),
    ]
    elsewhere = recognizer.mentions("計劃預計涉及20億元。")  # another reply: 計劃 means nothing by itself
    assert elsewhere == []


def test_brackets_that_are_not_abbreviations():
    recognizer = EntityRecognizer(load_gazetteer())
    mentions = recognizer.mentions("嶺南大學(2)及香港數碼港管理有限公司(2023-2025)推出。數字政策辦公室(數字辦)表示")
    assert {(m.surface, m.entity_id) for m in mentions} == {
        ("嶺南大學", "inst:lingnan"),
        ("香港數碼港管理有限公司", "inst:cyberport"),
        ("數字政策辦公室", "dept:dpo"),
        ("數字辦", "dept:dpo"),  # a known alias, found as itself
    }


def test_itib001_mentions_and_asked_about(kg):
    mentions = {r.end: r.props for r in kg.relationships(Rel.MENTIONS) if r.start == "question:2025-26:ITIB001"}
    assert set(mentions) >= {"scheme:gsps", "scheme:techtas", "inst:ugc", "inst:hkjcct"}
    assert mentions["scheme:gsps"]["part"] == "both"
    assert mentions["inst:ugc"]["part"] == "answer"
    assert set(mentions["scheme:gsps"]["surfaces"]) == {"傑出創科學人計劃", "計劃"}
    asked = {r.end: r.props for r in kg.relationships(Rel.ASKED_ABOUT) if r.start == "legislator:陳振英"}
    assert asked["scheme:gsps"]["reply_nos"] == ["ITIB001"]
    assert asked["scheme:techconnect"]["reply_nos"] == ["ITIB002"]


# --- funding facts ------------------------------------------------------------------------------------------------


def test_abbreviation_then_amounts_itib001(kg):
    rels = funds(kg, end="scheme:gsps", reply_no="ITIB001")
    assert amounts(rels) >= {(2_000_000_000, "allocation"), (1_700_000_000, "committed")}
    assert {r.start for r in rels} == {"bureau:itib"}  # the scheme's administrator in the gazetteer
    # 「上限為每名獲選學者每年100萬元」: a cap per scholar is a figure about the scheme, not money paid to it
    caps = [f for f in figures(kg, about="scheme:gsps", reply_no="ITIB001") if f.props["amount_type"] == "cap"]
    assert [(f.props["amount_hkd"], f.props["per"], f.props["bound"]) for f in caps] == [
        (1_000_000, "person/year", "upper")]


def test_estimate_with_fiscal_year_itib002(kg):
    # The sentence 「2025-26年度的「科技統籌(整體撥款)」計劃(計劃)預算為9,414萬元」, and the table above it of
    # programme (2)'s items: 「科技統籌(整體撥款) 119.7 86.0」 under 「2024-25 (原來預算) (百萬元)」 and
    # 「2024-25 (修訂預算) (百萬元)」.
    rels = funds(kg, end="scheme:techconnect", reply_no="ITIB002")
    assert sorted((r.props["amount_hkd"], r.props["amount_type"], r.props["fiscal_year"]) for r in rels) == [
        (86_000_000, "revised_estimate", "2024-25"),
        (94_140_000, "estimate", "2025-26"),
        (119_700_000, "estimate", "2024-25"),
    ]


def test_annex_table_rows_itib002(kg):
    rows = {(r.end, r.props["amount_hkd"]) for r in funds(kg, start="scheme:techconnect", reply_no="ITIB002")}
    assert rows == {
        ("dept:hkpf", 7_500_000),
        ("dept:dsd", 5_800_000),
        ("dept:hyd", 5_600_000),
        ("dept:csd", 5_400_000),
        ("dept:emsd", 2_500_000),
        ("dept:dsd", 2_000_000),
        ("dept:amo", 1_400_000),
    }
    police = funds(kg, start="scheme:techconnect", end="dept:hkpf")[0].props
    assert police["method"] == "table:annex-rows" and police["fiscal_year"] == "2025-26"
    assert "香港警務處虛擬資產情報人工智能增强分析系統" in police["quote"]


def test_year_column_table_itib085(kg):
    cityu = {r.props["fiscal_year"]: r.props["amount_hkd"] for r in funds(kg, end="inst:cityu", reply_no="ITIB085")}
    assert cityu["2013-14"] == 2_150_000 and cityu["2019-20"] == 8_000_000 and cityu["2024-25"] == 16_000_000
    assert len(cityu) == 12


def test_a_table_takes_its_funder_from_the_sentence_that_introduces_it(kg):
    # ITIB085: 「創新科技署…透過「創新及科技基金」向指定大學的技術轉移處提供額外資助…資助額載於附件一」: the annex
    # title names no scheme, the lead-in does. ITIB122: 「政府一直透過「創新及科技基金」…詳情如下—」.
    assert {r.start for r in funds(kg, end="inst:hku", reply_no="ITIB085")} == {"scheme:itf"}
    # …unless the row names its own scheme: 「內地與香港聯合資助計劃」 rows of ITIB122 (a name broken over two lines)
    assert "scheme:mhkjfs" in {r.start for r in funds(kg, end="inst:cityu", reply_no="ITIB122")}


def test_closed_years_of_a_table_are_amounts_spent(kg):
    # ITIB085: 「資助會在每個財政年度結束後以實報實銷及發還款項的方式發放」; the 2025-26 replies were written in
    # 2024-25, so 2013-14 to 2023-24 are paid amounts and 2024-25 (「預算為資助上限」) is not.
    kinds = {r.props["fiscal_year"]: r.props["amount_type"] for r in funds(kg, end="inst:hku", reply_no="ITIB085")}
    assert {kinds[f"20{y}-{y + 1}"] for y in range(13, 24)} == {"actual"} and kinds["2024-25"] != "actual"


def test_the_noun_after_an_amount_names_the_figure(kg):
    # ITIB075: 「即25萬元資助額上限可帶動75萬元的總投資額」: a cap, although 資助 comes before it.
    assert (250_000, "cap") in amounts(figures(kg, about="scheme:mpl_upgrade_pilot", reply_no="ITIB075"))
    # ITIB120: 「撥出一筆為數4.813億元的新承擔額」: a commitment, although 撥出 comes before it.
    assert {r.props["amount_type"] for r in funds(kg, reply_no="ITIB120") if r.props.get("amount_hkd") == 481_300_000} \
        == {"committed"}


def test_the_budget_speech_is_not_an_estimate(kg):
    # ITIB016: 「在《2025-26年度財政預算案》中預留37億元」: 預算 names the speech, 預留 says what the money is.
    rels = [r for r in funds(kg, end="inst:hsitp", reply_no="ITIB016") if r.props.get("amount_hkd") == 3_700_000_000]
    assert rels and all(r.props["amount_type"] == "allocation" for r in rels)


def test_a_questions_figures_are_not_facts(kg):
    # ITIB007's question quotes the Budget (「《預算案》表示，政府正籌備設立100億元「創科產業引導基金」」); the answer
    # does not give the amount: the question's premise is not a fact of the graph (only answers and press state money).
    assert not [r for r in funds(kg, reply_no="ITIB007")] and not figures(kg, reply_no="ITIB007")


def test_an_economic_contribution_is_not_funding(kg):
    # ITIB015: 「對香港經濟的貢獻每年可達520億元」
    assert not [r for r in funds(kg) if r.props.get("amount_hkd") == 52_000_000_000]


def test_chinese_numerals(kg):
    assert (1_000_000_000, "allocation") in amounts(funds(kg, end="inst:hkaird", reply_no="ITIB151"))
    # ITIB076: 「向每家…機構提供最高三千萬元的資助」
    assert [(f.props["amount_hkd"], f.props["amount_type"]) for f in money(kg, reply_no="ITIB076")
            if f.props["amount_text"] == "三千萬元"] == [(30_000_000, "cap")]


def test_amount_split_across_lines(build, kg):
    raw = read_text(BUNDLED_SOURCES / "001_290747ba864f0a9c.txt")
    text = build.texts[REPLIES_DOC]
    fact = next(r for r in money(kg, "scheme:nifs", reply_no="ITIB032") if r.props.get("amount_hkd") == 45_000_000)
    start, end = text.raw_span(fact.props["char_start"], fact.props["char_end"])
    assert "\n" in raw[start:end] and "".join(raw[start:end].split()) == "4,500萬元"


def test_other_currencies_are_kept_not_converted():
    # The corpus's own non-HKD figures are a unicorn valuation (10億美元) and mainland money (人民幣) flowing in,
    # neither of them HK funding; so the rule is shown on a text of the same form.
    from graph.kg import KnowledgeGraph, Node
    from loaders.facts import TextUnit, add_entity_facts

    gazetteer = load_gazetteer()
    text = "創新科技署向香港科技園公司撥款5,000萬元人民幣，並撥款300萬美元予數碼港。"
    kg = KnowledgeGraph()
    kg.add_node(Node(Label.DOCUMENT, "doc:test", {"name": "test"}))
    unit = TextUnit("doc:test", text, 0, (("document", 0, len(text)),), source_node="doc:test")
    add_entity_facts(kg, [unit], EntityRecognizer(gazetteer), gazetteer)
    facts = {(r.end, r.props["currency"], r.props["amount"], r.props.get("amount_hkd"))
             for r in kg.relationships(Rel.FUNDS)}
    assert facts == {("inst:hkstp", "CNY", 50_000_000, None), ("inst:cyberport", "USD", 3_000_000, None)}


def test_same_fact_from_several_documents_is_one_edge(kg):
    # 100億元「創科產業引導基金」 is in the replies, the news article and the HKCS press release: the fund's size
    fund = [
        r
        for r in money(kg, "scheme:itiof")
        if r.props.get("amount_hkd") == 10_000_000_000 and r.props["amount_type"] == "allocation"
    ]
    assert len(fund) == 1
    assert any({REPLIES_DOC, NEWS_DOC, HKCS_DOC} <= set(r.props["source_ids"]) for r in fund)
    assert all(len(r.props["quotes"]) >= len(r.props["source_ids"]) for r in fund)


def test_every_fact_points_back_to_its_sentence(build, kg):
    checked = 0
    for rel_type in (Rel.MENTIONS, Rel.FUNDS, Rel.ADMINISTERS):
        for rel in kg.relationships(rel_type):
            p = rel.props
            for key in ("source_id", "char_start", "char_end", "quote", "method", "loader_version"):
                assert p.get(key) is not None, (rel.id, key)
            assert len(p["quote"]) <= 300
            span = build.texts[p["source_id"]].text[p["char_start"] : p["char_end"]]
            assert span and " ".join(span.split("\n")) in p["quote"], rel.id
            checked += 1
    assert checked > 1500


def test_counts_are_in_a_sane_range(kg):
    labels, types = kg.counts()
    assert labels["Scheme"] >= 40 and labels["Institution"] >= 40 and labels["Company"] >= 30
    assert labels["Department"] >= 20 and labels["Bureau"] >= 5
    assert 140 <= types["FUNDS"] <= 400 and types["ADMINISTERS"] >= 30 and types["ASKED_ABOUT"] >= 200
    assert labels["Figure"] == types["ABOUT"] >= 50  # each figure is about exactly one thing


# --- in the store, as `innograph build` wrote it ------------------------------------------------------------------


def test_funding_in_the_store_with_provenance(corpus_store):
    rows = corpus_store.read(
        "MATCH (s:Scheme {id: 'scheme:techconnect'})-[f:FUNDS]->(d:Department {id: 'dept:hkpf'}) "
        "WHERE f.amount IS NOT NULL "  # ITIB152 also lists the police among the scheme's users, without an amount
        "RETURN f.amount_hkd AS amount, f.currency AS currency, f.amount_type AS type, f.fiscal_year AS year, "
        "f.reply_no AS reply_no, f.method AS method, f.quote AS quote, f.source_id AS source"
    )
    assert len(rows) == 1
    row = rows[0]
    # the annex of 「2025-26年度獲資助之科技項目」: each project's 預算開支金額 is the amount approved for it
    assert (row["amount"], row["currency"], row["type"], row["year"]) == (7_500_000, "HKD", "approved", "2025-26")
    assert row["reply_no"] == "ITIB002" and row["source"] == REPLIES_DOC and "香港警務處" in row["quote"]


def test_who_asked_about_a_scheme_in_the_store(corpus_store):
    rows = corpus_store.read(
        "MATCH (l:Legislator)-[a:ASKED_ABOUT]->(:Scheme {id: 'scheme:gsps'}) RETURN l.name AS name, a.reply_nos AS r"
    )
    assert {"name": "陳振英", "r": ["ITIB001"]} in rows


def test_a_fund_the_money_is_drawn_from_is_the_source_not_the_recipient(kg):
    # ITIB120: 「在創新及科技基金(「基金」)下撥出一筆為數4.813億元的新承擔額，用以支付應科院…的日常營運開支」
    rels = [r for r in funds(kg, reply_no="ITIB120") if r.props.get("amount_hkd") == 481_300_000]
    assert [(r.start, r.end) for r in rels] == [("scheme:itf", "inst:astri")]


def test_a_breakdown_is_not_more_money(kg):
    # ITIB091: 「政府預留19.1億港元，當中約17.3億港元用以採購中試線設備，另外約1.8億港元用以支付…營運開支」:
    # one fact, the whole; its parts would double a sum.
    assert {r.props["amount_hkd"] for r in funds(kg, end="inst:hkmrdi", reply_no="ITIB091")} == {1_910_000_000}
    # …but the government's share of a project's total investment is the grant itself (002 news:
    # 「總投資金額為6億元，其中政府資助金額為2億元」; the 6億元 is not public money).
    assert not [r for r in funds(kg) if r.props.get("amount_hkd") == 600_000_000]


def test_a_note_in_brackets_after_several_names_is_not_a_short_form(kg):
    # ITIB091: 「新精明印刷(印刷)、…保諾時網上印刷(印刷)及迦南印刷(印刷)」: 印刷 says what they do.
    mentions = [r for r in kg.relationships(Rel.MENTIONS) if "印刷" in r.props.get("surfaces", [])]
    assert mentions == []


def test_a_scheme_the_money_goes_through_is_still_what_the_amount_is_about_when_nothing_else_is_named(kg):
    # ITIB049: 「(c)透過「新型工業加速計劃」以配對模式資助…企業…，資助總額上限為每家企業2億元；」: nothing else is
    # named to receive it.
    assert (200_000_000, "cap") in amounts(figures(kg, about="scheme:nias", reply_no="ITIB049"))


def test_a_dropped_part_does_not_take_the_name_its_whole_needs(kg):
    # ITIB138: 「開立一筆為數28.4億元的新承擔額，用以成立及營運香港微電子研發院…當中的24.8億元…另約3.6億元…」
    assert (2_840_000_000, "committed") in amounts(funds(kg, end="inst:hkmrdi", reply_no="ITIB138"))


def test_the_one_company_of_a_sentence_receives_the_grant_its_clause_names(kg):
    # ITIB010: 「「評審委員會」已支持正美藥品有限公司提交的「加速計劃」申請，…總投資金額約6億元，當中政府資助金額約
    # 2億元」: the company is 60 characters from the amount, the 6億元 is private money.
    rels = funds(kg, end="company:zhengmei_pharma", reply_no="ITIB010")
    assert [(r.start, r.props["amount_hkd"], r.props["amount_type"]) for r in rels] == \
        [("scheme:nias", 200_000_000, "approved")]
    # …but 數碼港, which runs the programme, does not receive the SMEs' grants (000: 數碼轉型支援先導計劃)
    assert not [r for r in funds(kg, end="inst:cyberport") if r.props.get("amount_hkd") in (50_000, 300_000)]


def test_a_sentence_that_names_nothing_continues_the_scheme_before_it(kg):
    # ITIB049: 「(b)透過「產學研1+計劃」…資助大學研發團隊…。每個獲批項目可獲1,000萬元至1億元不等的資助。」
    # (a range per project: a figure about the scheme, not money paid to it)
    rels = [f for f in figures(kg, about="scheme:raise_plus", reply_no="ITIB049") if f.props.get("per") == "project"]
    assert [(r.props["amount_hkd"], r.props["amount_hkd_max"]) for r in rels] == [(10_000_000, 100_000_000)]
    # …but not across a turn to something new: 「另外，政府亦會撥出2億元，在園區為生命健康科技的初創企業…」 (ITIB032)
    assert not [r for r in funds(kg, reply_no="ITIB032") if r.props.get("amount_hkd") == 200_000_000]


def test_an_average_of_grants_is_a_figure_about_the_scheme_not_a_grant(kg):
    # ITIB108: 「…平均資助金額分別為320萬元、368萬元及265萬元」
    averages = (3_200_000, 3_680_000, 2_650_000)
    assert not [r for r in funds(kg, reply_no="ITIB108") if r.props.get("amount_hkd") in averages]
    assert {(f.props["amount_hkd"], f.props["amount_type"]) for f in figures(kg, "scheme:ess", "ITIB108")} >= {
        (a, "average") for a in averages}


def test_an_average_rate_is_typed_average_and_never_summed_with_what_it_averages(kg):
    # ITIB243: 「…每年平均約8,300萬元」: the scheme's yearly average, not money allocated
    rels = [r for r in money(kg, "scheme:techconnect", "ITIB243") if r.props.get("amount_hkd") == 83_000_000]
    assert [(r.props["amount_type"], r.props["per"]) for r in rels] == [("average", "year")]
    # ITIB089: 「每宗申請平均獲批金額約178,000元」: the scheme's average grant per application
    rels = [r for r in money(kg, "scheme:tvp", "ITIB089") if r.props.get("amount_hkd") == 178_000]
    assert [(r.props["amount_type"], r.props["per"]) for r in rels] == [("average", "application")]


def test_an_average_per_recipient_is_not_a_grant_to_the_body_named_beside_it(kg):
    # ITIB171: 「…而平均每家中小企獲得的資助金額約4.8萬元」: the SMEs' money, not 數碼港's
    assert not [r for r in funds(kg, end="inst:cyberport") if r.props.get("amount_hkd") == 48_000]


def test_a_body_that_grants_does_not_receive_the_grants(kg):
    # ITIB166: 「數碼港累計接獲逾6 700宗…申請，並已批出逾2 500宗申請，獲批資助金額逾1.2億元」: 數碼港 approves them
    assert not [r for r in funds(kg, end="inst:cyberport") if r.props.get("amount_hkd") == 120_000_000]
    # …but a body that is paid to do the granting still receives that money (ITIB171: 「撥款4億元予數碼港推行計劃的
    # 各項工作，包括接收及審批申請…」, and 1億元 in 2025-26)
    assert {r.props["amount_hkd"] for r in funds(kg, start="dept:dpo", end="inst:cyberport")} >= {400_000_000,
                                                                                                   100_000_000}


def test_total_grants_approved_and_a_ceiling_on_a_whole_fund(kg):
    # ITIB128: 「當中共有24支大學研發團隊獲支持，項目總資助額超過10億元」: grants approved, not money set aside
    # (a figure about the scheme: what it approved, no payer named)
    rels = [r for r in money(kg, "scheme:raise_plus", reply_no="ITIB128")
            if r.props.get("amount_hkd") == 1_000_000_000]
    assert [r.props["amount_type"] for r in rels] == ["approved"]
    # ITIB058: 「向各子基金投入資金，投入的總額不會超過100億元」: a ceiling on the whole fund, not a cap per recipient
    rels = [r for r in funds(kg, end="scheme:itiof", reply_no="ITIB058") if r.props.get("amount_hkd") == 10_000_000_000]
    assert rels and all(r.props["amount_type"] != "cap" for r in rels)


def test_one_figure_restated_across_replies_is_one_edge(kg):
    # The AI R&D institute's 10億元: ITIB173 names 數字政策辦公室, twenty other replies say only 預留十億元 (the bureau
    # of the reply would pay): one flow, kept by the more specific payer, with every reply among its sources.
    rels = [r for r in funds(kg, end="inst:hkaird") if r.props.get("amount_hkd") == 1_000_000_000
            and r.props["amount_type"] == "allocation"]
    assert [r.start for r in rels] == ["dept:dpo"]
    assert {"ITIB015", "ITIB173", "ITIB251"} <= set(rels[0].props["reply_nos"])
    # 創科產業引導基金's size, 100億元, in eight replies and two press documents: one fact (ITIB058's
    # "投入的總額不會超過100億元" states it as the government's money into the fund, so the fact is that flow)
    sizes = [f for f in money(kg, "scheme:itiof") if f.props["amount_hkd"] == 10_000_000_000
             and f.props["amount_type"] == "allocation"]
    assert len(sizes) == 1 and {"ITIB015", "ITIB040", "ITIB058"} <= set(sizes[0].props["reply_nos"])
    # 創科加速器先導計劃 「最高3,000萬元」, said with 「每間」 in ITIB076 and without it elsewhere: one cap per company
    caps = [r for r in money(kg, "scheme:pilot_accelerator") if r.props["amount_type"] == "cap"]
    assert [(r.props["amount_hkd"], r.props["per"]) for r in caps] == [(30_000_000, "company")]
