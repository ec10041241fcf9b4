"""The prose money rules (loaders/funding.py, data/rules/funding.yaml), each on a real sentence of the replies in
data/sources/001_290747ba864f0a9c.txt: the entities are recognised for real, the answerer is the reply's."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.discovery import discover
from loaders.entities import EntityRecognizer
from loaders.facts import _assessors, _not_recipients, _payers
from loaders.funding import (
    Answerer,
    _figure_kind,
    amount_type,
    funding_facts,
    load_rules,
    sentence_of,
    sentence_spans,
)
from loaders.gazetteer import load_gazetteer
from loaders.money import find_amounts
from loaders.text import normalise

ITC = Answerer("dept:itc", (("2", "推動科技創業活動", "programme:2025-26:155:2"),), "2025-26")
DPO = Answerer("dept:dpo", tuple((n, name, f"programme:2025-26:47:{n}") for n, name in
                                 (("1", "數字政府"), ("2", "數據治理"), ("3", "數字基建"))), "2025-26")


@pytest.fixture(scope="module")
def recognizer():
    return EntityRecognizer(load_gazetteer())


def facts(recognizer, text: str, answerer: Answerer) -> list[tuple]:
    found = funding_facts(text, recognizer.mentions(text), find_amounts(text), "bureau:itib", {}, answerer=answerer)
    return [(f.funder, f.recipient, f.amount.value, str(f.amount_type), f.fiscal_year, f.amount.per) for f in found]


def test_a_change_that_names_nothing_is_a_change_of_the_answering_body(recognizer):
    # ITIB111 (ii)
    text = "(ii) 非經營帳目預算較上年度的修訂預算增加約3,738萬元。"
    assert facts(recognizer, text, ITC) == [(None, "dept:itc", 37_380_000, "change", "2025-26", None)]


def test_a_programme_named_in_the_clause_owns_its_provision(recognizer):
    # ITIB108: 增加…至 X is the new level, the programme's estimate for 2025-26
    text = ("總目155 -政府總部：創新科技署(創科署)綱領(2)推動科技創業活動於2025-26年度的撥款較2024-25年度的修訂預算"
            "增加30.2%至6,810萬元，")
    assert facts(recognizer, text, ITC) == [(None, "programme:2025-26:155:2", 68_100_000, "estimate", "2025-26", None)]


def test_respectively_pairs_names_in_order(recognizer):
    # ITIB158's question: three programmes, three changes
    text = ("二零二五至二六年度綱領(1)、綱領(2)和綱領(3)的撥款較二零二四至二五年度的修訂預算分別增加1,180萬元(4.0%)、"
            "1.613億元(16.7%)和2.210億元(12.0%)；")
    assert [(f[1], f[2], f[4]) for f in facts(recognizer, text, DPO)] == [
        ("programme:2025-26:47:1", 11_800_000, "2025-26"), ("programme:2025-26:47:2", 161_300_000, "2025-26"),
        ("programme:2025-26:47:3", 221_000_000, "2025-26")]


def test_respectively_pairs_years_in_order(recognizer):
    # ITIB208
    text = ("上述各項工作的開支包含在數字辦綱領(3)及各局/部門的預算中，至於統籌網絡安全攻防演練的項目開支於"
            "2024-25年度及2025-26年度則分別約為130萬元及400萬元。")
    assert [(f[2], f[4]) for f in facts(recognizer, text, DPO)] == [(1_300_000, "2024-25"), (4_000_000, "2025-26")]


def test_past_fiscal_years_are_the_years_before_the_reply_and_an_average_is_per_what_it_averages(recognizer):
    # ITIB108 (the scheme is the topic of the sentence before)
    text = ("「企業支援計劃」的申請數目、受監察項目數量及資助金額受多方面因素影響，包括經濟環境、私人公司對科研投資意欲"
            "及申請內容是否符合評審準則等。\n過去3個財政年度(截至2025年2月底)，獲支持的項目(不包括獲支持後被有關"
            "申請者自行撤回╱被終止的申請)的平均資助金額分別為320萬元、368萬元及265萬元。")
    assert [(f[1], f[2], f[3], f[4], f[5]) for f in facts(recognizer, text, ITC)] == [
        ("scheme:ess", 3_200_000, "average", "2022-23", "project"),
        ("scheme:ess", 3_680_000, "average", "2023-24", "project"),
        ("scheme:ess", 2_650_000, "average", "2024-25", "project")]


def test_spending_over_past_years_has_no_fiscal_year(recognizer):
    # ITIB215: the 2025-26 of the sentence is the next amount's
    text = ("而政府網站及流動應用程式進行無障礙設計合規審核工作，則由數字辦內部人員負責統籌，"
            "過去3年涉及審核服務的總開支約為770萬元，而2025-26年度的預算開支則約為")
    assert facts(recognizer, text, DPO) == [(None, "dept:dpo", 7_700_000, "actual", None, None)]


def test_a_part_of_a_whole_is_a_figure_about_what_it_is_for(recognizer):
    # ITIB091: the whole is the flow; its parts are figures of its kind and year, never a second flow
    text = ("2025-26年度，政府預留19.1億港元，當中約17.3億港元用以採購中試線設備，另外約1.8億港元用以支付微電子研發院的"
            "營運開支。")
    assert facts(recognizer, text, ITC) == [
        ("bureau:itib", "inst:hkmrdi", 1_910_000_000, "allocation", "2025-26", None),
        (None, "inst:hkmrdi", 1_730_000_000, "allocation", "2025-26", None),
        (None, "inst:hkmrdi", 180_000_000, "allocation", "2025-26", None)]


def test_a_slide_line_that_names_the_headings_own_scheme_does_not_end_the_heading(recognizer):
    # 003 (slides): the 2億元 is the cap per company of the heading's scheme, two lines down
    text = ("新型工業加速計劃\n•2024年9月推出100億元「新型工業加速計劃」，加快推動下游的新型工業發展\n"
            "•為從事策略性產業的企業（包括從事人工智能與數據科學），以配對形式，提供每家企業最多2億元資助，在香港設立新的智能生產設施")
    assert (None, "scheme:nias", 200_000_000, "cap", None, "company") in facts(recognizer, text, Answerer())


def test_money_start_ups_raise_is_investment_not_a_grant_and_its_private_part_too(recognizer):
    # ITIB127 (under its heading): investors' money into the scheme's start-ups; 17億元 of it is private money, an
    # investment figure about the scheme too (listed beside the whole, never a flow)
    text = ("大學科技初創企業資助計劃\n創科署的「大學科技初創企業資助計劃」向指定大學提供資助以支援它們的團隊"
            "創立科技初創企業，將其研發成果商品化。在2020-21至2023-24年度，共有279間初創企業"
            "獲得資助。根據大學提供的最新資料，當中有198間(約71%)初創企業在獲得資助期間從其研發成果產"
            "生合共超過1 150項知識產權；177間(約63%)在市場上推出合共超過\n420項產品或服務；1"
            "44間(約52%)從業務取得收入；226間(約81%)企業成功獲注資，總金額超過21億元，當中超"
            "過17億元(約81%)屬私人投資。")
    assert facts(recognizer, text, ITC) == [(None, "scheme:tsssu", 2_100_000_000, "invested", None, None),
                                            (None, "scheme:tsssu", 1_700_000_000, "invested", None, None)]


@pytest.mark.parametrize("text, scheme", [
    # ITIB015: the fund's size, not the department paying 100億元 into it
    ("我們亦正籌備設立100億元「創科產業引導基金」，以加強引導市場資金投資策略性新興和未來產業。", "scheme:itiof"),
    # ITIB053: 的 between the amount and the name
    ("政府於2017年成立20億元的「創科創投基金」，旨在鼓勵更多風險投資(風投)基金共同投資於本地創新及科技初創企業。",
     "scheme:itvf"),
    # ITIB108: a place's name between, and the scheme is not the park company's payer
    ("另外，港深創新及科技園有限公司(港深創科園公司)計劃推出為數2億元的河套港深創新及科技園「生命健康科技初創企業培育"
     "計劃」", "scheme:hsitp_lhtech_incubation"),
])
def test_an_amount_right_before_a_schemes_name_is_the_schemes_size(recognizer, text, scheme):
    [fact] = facts(recognizer, text, ITC)
    assert fact[:4] == (None, scheme, fact[2], "allocation")


def test_a_schemes_total_is_its_size(recognizer):
    # press release 002: 總額 of a scheme is an allocation, not a cumulative total
    text = "政府並正籌備推出總額1.8億元的創科加速器先導計劃，同樣以1：2配對比例，"
    assert facts(recognizer, text, ITC) == [(None, "scheme:pilot_accelerator", 180_000_000, "allocation", None, None)]


def test_money_for_a_body_to_run_a_scheme_is_the_schemes_not_the_scheme_paying_the_body(recognizer):
    # ITIB171 (and ITIB166): the Finance Committee approved 5億元 for Cyberport to run the pilot scheme
    text = ("3.就推動中小企數碼轉型方面，立法會財務委員會於2023年7月批准撥款5億元，讓數碼港推行「數碼轉型支援先導計劃」"
            "(先導計劃)，")
    assert facts_with_assessors(recognizer, text, ITC) == [(None, "scheme:dtspp", 500_000_000, "approved", None)]


@pytest.mark.parametrize("text", [
    # ITIB093: a range of years, 自…至…
    "在過去3個財政年度(即自2022-23至2024-25年度(截至2025年1月31日))，「研究人才庫」共接獲及處理6 773宗研究人才申請，"
    "其中5 372宗申請獲資助，涉及總資助額約37億元。",
    # ITIB101: two years joined by 和
    "在2022-23和2023-24年度，共有198間初創企業獲得「大學科技初創企業資助計劃」的資助，涉及資助超過1.3億元",
])
def test_an_amount_of_several_years_has_none_of_them(recognizer, text):
    [fact] = facts(recognizer, text, ITC)
    assert fact[4] is None


def test_the_finance_committees_grant_is_approved(recognizer):
    # ITIB175: the Finance Committee's approval of money for the platform
    text = "3). 數字辦在2024年6月獲立法會財務委員會撥款3億元，以建立「數碼企業身份」平台。"
    assert [f[2:4] for f in facts(recognizer, text, DPO)] == [(300_000_000, "approved")]


def test_grants_a_scheme_approved_are_a_figure_about_it(recognizer):
    # ITIB122: the fund approved 1,100萬元 of grants; no payer into it is named, so not a flow into the fund
    text = ("政府一直透過「創新及科技基金」(「基金」)支持各科技範疇的研發工作。在過去兩年(即2023及2024年)，"
            "「基金」共支持了5個直接與低空經濟研發相關的項目，涉及總資助額約1,100萬元，詳情如下—")
    assert facts(recognizer, text, ITC) == [(None, "scheme:itf", 11_000_000, "approved", None, None)]


def test_a_change_given_in_brackets_after_its_percentage_is_a_change(recognizer):
    # ITIB206: 「…較2024-25年度修訂預算的6.36億元增加21.5%(1.37億元)」: 1.37億元 is the difference, not money given
    text = ("各局/部門在2025-26年度由「基本工程儲備基金總目710電腦化計劃」申請撥款推行與資訊保安(包括網絡安全)"
            "相關項目的預算開支為7.73億元，較2024-25年度修訂預算的6.36億元增加21.5%(1.37億元)，")
    amounts = find_amounts(text)
    assert [str(_figure_kind(text, a, load_rules())) for a in amounts[-1:]] == ["change"]
    # and money every department draws from the fund for one purpose is no figure of the fund (below)
    assert facts(recognizer, text, ITC) == []


def test_a_change_of_many_departments_together_is_nobodys(recognizer):
    # ITIB195: the line before says whose spending changed (every bureau and department): not the DPO's own budget
    text = ("2025-26 (預算) 7.73\n各局/部門推行上述與資訊保安(包括網絡安全)相關項目在\n"
            "2025-26年度的預算開支較2024-25年度的修訂預算增加21.5%(1.37億元)，主要是由於各局/部門須盡快落實新規定。")
    assert not [f for f in facts(recognizer, text, DPO) if f[2] == 137_000_000]


# --- who a sentence is about when it names no one, or only who assesses ------------------------------------------

ITIB = Answerer("bureau:itib", (), "2025-26")


def facts_with_assessors(recognizer, text: str, answerer: Answerer) -> list[tuple]:
    found = funding_facts(text, recognizer.mentions(text), find_amounts(text), "bureau:itib", {}, answerer=answerer,
                          not_recipients=_not_recipients(recognizer.gazetteer, []),
                          assessors=_assessors(recognizer.gazetteer), payers=_payers(recognizer.gazetteer))
    return [(f.funder, f.recipient, f.amount.value, str(f.amount_type), f.fiscal_year) for f in found]


def test_a_sentence_naming_only_its_assessors_goes_on_about_the_scheme_before(recognizer):
    # ITIB109 (a): the assessment committee approves, the figures are the scheme's
    text = ("(a)截至2025年2月底，「新型工業加速計劃」(「加速計劃」)共收到7宗申請，其中3宗屬於生命健康科技產業，"
            "其餘4宗屬於"
            "先進製造與新能源科技產業。「新型工業評審委員會」(「評審委員會」)已支持其中1宗屬於生命健康科技產業的申請，"
            "項目總投資金額約6億元，當中政府資助金額約兩億元。")
    assert facts_with_assessors(recognizer, text, ITC) == [
        (None, "scheme:nias", 600_000_000, "invested", None), (None, "scheme:nias", 200_000_000, "approved", None)]
    # knowing only that the committee is paid nothing, the sentence has nothing to be about
    found = funding_facts(text, recognizer.mentions(text), find_amounts(text), "bureau:itib", {}, answerer=ITC,
                          not_recipients=_not_recipients(recognizer.gazetteer, []))
    assert found == []


def test_a_charity_is_no_assessor_its_money_does_not_go_to_the_scheme_before(recognizer):
    # ITIB012: the Jockey Club's money for the scholars' labs is not the talent hub's
    text = ("目前研究人才庫提供的資助總額約2.7億元。如有需要，獲選學者可向香港賽馬會慈善信託基金申請資助設立實驗室，"
            "目前涉及資助總額約5億元。")
    assert [f[2] for f in facts_with_assessors(recognizer, text, ITC) if f[1] == "scheme:rth"] == [270_000_000]


def test_a_sentence_naming_nothing_after_one_naming_only_the_answerer_is_the_answerers(recognizer):
    # ITIB193 (1), answered by DPO: "有關開支" of 2024-25 is DPO's, and 2024-25 is still running (revised estimate)
    text = ("數字政策辦公室(數字辦)於2024-25年度起以服務合約方式，"
            "於數字辦的數據中心內添置伺服器及其他雲端設施，以便可更"
            "迅速和有彈性地擴充政府的私有雲服務。2024-25年度有關開支約為1,300萬元。")
    assert facts(recognizer, text, DPO) == [(None, "dept:dpo", 13_000_000, "revised_estimate", "2024-25", None)]
    # every bureau and department together is not the answerer
    together = text.replace("2024-25年度有關開支", "各局/部門在2024-25年度的總合約價值")
    assert facts(recognizer, together, DPO) == []


def test_spending_that_names_no_one_is_the_answerers_and_a_build_cost_is_a_cost(recognizer):
    # ITIB193 (4)-(5): a government IT system is no entity; DPO built it
    text = ("(i)大數據分析平台：於2020年推出，讓各局/部門採用人工智能及大數據分析等技術，以推行更多電子政務項目。"
            "大數據分析平台構建開支為6,900萬元，目前已支援局/部門超過20個大數據項目的推行。")
    assert facts(recognizer, text, DPO) == [(None, "dept:dpo", 69_000_000, "cost", None, None)]


def test_this_centre_refers_back_to_the_centre_named_before(recognizer):
    # ITIB193: 該中心 is HKGAI, named paragraphs before; its own spending is no grant from the bureau
    text = ("在2023年透過聚焦人工智能及機械人技術的「AIR@InnoHK」創新香港研發平台資助成立的"
            "「香港生成式人工智能研發中心」"
            "(HKGAI)，專注研發生成式人工智能技術。\n另一方面，研發中心正參考試用計劃所收集的意見。\n"
            "該中心首3年的研發及營運開支約2.35億元。")
    assert [(f[0], f[1], f[2]) for f in facts(recognizer, text, DPO)] == [(None, "inst:hkgai", 235_000_000)]


def test_a_secretariat_is_the_secretariat_of_the_scheme_its_paragraph_named(recognizer):
    # ITIB020
    text = ("為推展「產學研1+計劃」(計劃)，創科署成立了由7名職員組成的的計劃秘書處，"
            "對申請作基本行政審核及負責計劃的其他"
            "相關工作。審批計劃涉及的人手和開支已納入秘書處的整體人手和開支內。每年度秘書處整體薪酬及其他開支預算約700萬元。")
    assert facts(recognizer, text, ITIB) == [(None, "scheme:raise_plus", 7_000_000, "estimate", None, "year")]


def test_a_least_cost_is_a_threshold_not_a_cost(recognizer):
    # ITIB090: what a project must cost at least is a condition of the scheme, not what a project cost
    text = ("創新科技署(創科署)於2024年9月推出「新型工業加速計劃」(「加速計劃」)。"
            "「加速計劃」以1(政府)：2(企業)的配對形式提供資助，項目的總成本最少3億元，而政府資助總額上限為每家企業兩億元。")
    assert [f[1:4] for f in facts(recognizer, text, ITC)] == [
        ("scheme:nias", 300_000_000, "threshold"), ("scheme:nias", 200_000_000, "cap")]
    assert facts(recognizer, text.replace("最少3億元", "約3億元"), ITC)[0][1:4] == ("scheme:nias", 300_000_000, "cost")


def test_spending_to_date_runs_over_years_and_a_year_that_leads_to_the_next_amount_is_its_own(recognizer):
    # ITIB175 (2): 至今 is from the start to now, and 2025-26 is the 4,580萬's year, not the 5,800萬's
    text = ("2). 數字政策辦公室(數字辦)在2023年5月獲立法會財務委員會撥款1.93億元，以提升「智方便」平台，實現政府服務"
            "「一網通辦」。項目至今開支約為5,800萬元，而在2025-26年度的預算開支約為4,580萬元。")
    assert [f[1:5] for f in facts(recognizer, text, DPO)][1:] == [
        ("dept:dpo", 58_000_000, "actual", None), ("dept:dpo", 45_800_000, "estimate", "2025-26")]


def test_a_sentence_that_names_nothing_goes_on_about_the_one_institution_whose_money_came_before(recognizer):
    # ITIB138: the 2025-26 reservation is the institute's, and so are its parts
    text = ("微電子研發院已於2024年9月成立，截至2025年2月底，政府已發放了2.8億元予微電子研發院，當中約2.5億元用以採購"
            "兩條中試線設備，另外約0.3億元用以支付微電子研發院的首年營運開支。在2025-26年度，政府已預留19.1億元，當中約"
            "17.3億元用以採購中試線設備，另外約1.8億元用以支付營運開支。")
    found = facts_with_assessors(recognizer, text, ITIB)
    assert ("bureau:itib", "inst:hkmrdi", 1_910_000_000, "allocation", "2025-26") in found
    # ITIB209: a sentence before with no money hands no institution on ("數碼港…完成審批。現時獲批資助的金額…")
    text = "數碼港一般會於收到完整資料後兩個月內完成審批。現時獲批資助的金額逾1.2億元。"
    assert facts_with_assessors(recognizer, text, DPO) == []


def test_who_approved_does_not_count_and_a_semicolon_goes_on_in_the_same_paragraph(recognizer):
    # ITIB019: 立法會 approves; the 8 buildings' cost and the next clause's building costs are the park's
    text = ("立法會於2021年批出約172億元撥款，興建河套深港科技創新合作區香港園區(河套香港園區)第一期第一批次的工程，"
            "當中包括8座大樓及部分園區基本設施的建造等。8座大樓的預算建造成本為約110億元。\n"
            "河套香港園區第一期的首3座大樓快將全部落成，包含2座濕實驗室大樓及1座人才公寓，總建築成本約為34億元；"
            "而另外5座大樓的建築正全速進行，預計在2027年起陸續完工，總建築成本預算約為76億元。")
    assert [f[1:4] for f in facts_with_assessors(recognizer, text, ITIB)] == [
        ("inst:hsitp", 17_200_000_000, "approved"), ("inst:hsitp", 11_000_000_000, "cost"),
        ("inst:hsitp", 3_400_000_000, "cost"), ("inst:hsitp", 7_600_000_000, "cost")]


def test_the_next_item_of_a_list_after_a_semicolon_is_a_topic_of_its_own(recognizer):
    # ITIB111: (ii)'s change is the department's, not the scheme of (i)
    text = ("(i)因應推進設立「生命健康研發院」，創新科技署於2025-26年度預算中就「設立生命健康研發院資助計劃」"
            "預留18億元的一般非經常開支，以推動香港在生命健康科技的發展；\n"
            "(ii) 非經營帳目預算較上年度的修訂預算增加約3,738萬元。")
    assert facts(recognizer, text, ITC)[-1] == (None, "dept:itc", 37_380_000, "change", "2025-26", None)


def test_a_paragraph_that_names_nothing_is_about_the_scheme_the_reply_is_about(recognizer):
    # ITIB090: the first approved project of the scheme named five times before
    text = ("創新科技署(創科署)於2024年9月推出「新型工業加速計劃」(「加速計劃」)。「加速計劃」以1(政府)：2(企業)的配對"
            "形式提供資助。我們期望「加速計劃」可鼓勵更多企業。\n同時，我們希望透過「研究人才庫(適用於獲「加速計劃」"
            "資助的公司)」，吸引相關企業。\n截至2025年2月底，「新型工業評審委員會」已支持首宗申請，項目屬於生命健康科技"
            "產業，總投資金額約6億元，當中政府資助金額約兩億元。")
    found = [f[1:4] for f in facts_with_assessors(recognizer, text, ITC)]
    assert ("scheme:nias", 600_000_000, "invested") in found and ("scheme:nias", 200_000_000, "approved") in found


def test_a_line_the_pdf_wrapped_mid_sentence_is_one_sentence():
    # ITIB118: a line cannot end on 的; a table row or a heading ends without punctuation and stands alone
    from loaders.funding import sentence_spans
    text = "創新科技署已把計劃的最高資助額由最初的10萬元，逐步增加至現時的\n25萬元。\n行業 申請數目\n餐飲 2 320"
    assert [text[a:b] for a, b in sentence_spans(text)] == [
        "創新科技署已把計劃的最高資助額由最初的10萬元，逐步增加至現時的\n25萬元。", "行業 申請數目\n", "餐飲 2 320"]


def test_the_year_of_a_pay_scale_is_not_the_year_of_the_figure(recognizer):
    # ITIB245
    text = "註1至3的總和為138個職位，按2024-25年度薪級中點估計的年薪值開支淨增加約共1.559億元。"
    assert [f[4] for f in facts(recognizer, text, DPO)] == [None]


def test_spending_in_an_annex_of_many_bodies_is_not_the_answering_bodys(recognizer):
    # ITIB226: a note in the row of another department's app
    text = ("各局/部門現時可供公眾下載的流動應用程式及其有關資料載於附件。\n附件\n各局/部門現可供下載的流動應用程式\n"
            "整個項目開支約為2.9億元，流動應用程式相關開支不能分拆。")
    assert facts(recognizer, text, DPO) == []
    assert facts(recognizer, text.replace("\n附件\n", "\n"), DPO)[0][1] == "dept:dpo"  # without the annex: its own


def test_the_whole_economys_rd_spending_and_a_tax_allowance_are_no_bodys_money(recognizer):
    # ITIB123 and ITIB082 (ITC answers): a statistic of Hong Kong and a rule of the tax deduction
    economy = "在2023年，香港的本地研發總開支增加至約330.06億元，此開支相對本地生產總值的比率增加至1.11%。"
    allowance = "相關開支總額的首200萬元可獲300%稅務扣減，餘額亦可獲200%扣減，有關的扣稅金額不設上限。"
    assert facts(recognizer, economy, ITC) == [] and facts(recognizer, allowance, ITC) == []


def test_direct_investment_companies_bring_is_an_investment_figure_and_grants_involved_were_approved(recognizer):
    # ITIB090 (the target the scheme should attract: a figure about it, with a lower bound, never public money paid)
    # and ITIB101 (grants the start-ups received)
    target = ("政府的目標是透過「新型工業加速計劃」，在5至8年內吸引50至100家企業在本港設立新生產設施，"
              "相應的企業直接投資不少於200億元。")
    assert facts(recognizer, target, ITC) == [(None, "scheme:nias", 20_000_000_000, "invested", None, None)]
    grants = "在2022-23和2023-24年度，共有198間初創企業獲得「大學科技初創企業資助計劃」的資助，涉及資助超過1.3億元。"
    assert [f[1:4] for f in facts(recognizer, grants, ITC)] == [("scheme:tsssu", 130_000_000, "approved")]


def test_a_line_that_goes_on_with_an_amount_is_the_same_sentence_and_a_price_is_no_money_given(recognizer):
    # ITIB175 (2): the Finance Committee's grant, wrapped before its amount
    text = "2). 數字政策辦公室(數字辦)在2023年5月獲立法會財務委員會撥款\n1.93億元，以提升「智方便」平台。"
    assert [f[1:4] for f in facts_with_assessors(recognizer, text, DPO)] == [("dept:dpo", 193_000_000, "approved")]
    # ITIB229: what the centre charges is no figure, so the next sentence's 30億 does not go on about the centre
    text = ("數碼港超算中心服務定價為每伺服器節點每月\n32萬元。為支援及推動更多科研工作，政府已推出30億元為期\n"
            "3年的資助計劃。")
    assert facts_with_assessors(recognizer, text, ITIB) == []


def test_a_consultancy_fee_that_names_no_one_is_the_answering_bodys_cost(recognizer):
    # ITIB201
    fee = "有關顧問研究費用為2,780萬元。"
    assert facts(recognizer, fee, DPO) == [(None, "dept:dpo", 27_800_000, "cost", None, None)]


def test_the_figure_a_change_is_measured_from_is_a_figure_of_the_year_before(recognizer):
    # ITIB225: DPO's revised estimate for 2024-25 is stated inside the comparison
    text = ("1.數字政策辦公室(數字辦)在2025-26年度的預算總開支為34.9億元，較上年度的修訂預算31億元增加約3.9億元"
            "(12.7%)。")
    assert (None, "dept:dpo", 3_100_000_000, "revised_estimate", "2024-25", None) in facts(recognizer, text, DPO)


def test_a_body_that_receives_from_schemes_is_paid_by_each_and_money_paid_out_is_actual(recognizer):
    # ITIB106: the centre receives from the two ITF programmes, respectively, and the money was paid in full
    text = ("香港紡織及成衣研發中心(研發中心)的營運開支如下。\n研發中心就「開研」中的不同項目，獲創新及科技基金下的"
            "「夥伴研究計劃」及「一般支援計劃」分別撥款約1,677萬元及約1,134萬元資助，有關撥款已全數發放。")
    assert [f[:4] for f in facts(recognizer, text, ITC)] == [
        ("scheme:prp", "inst:hkrita", 16_770_000, "actual"), ("scheme:gsp", "inst:hkrita", 11_340_000, "actual")]


def test_the_new_level_of_a_cap_is_a_cap_and_a_grant_amount_of_approved_projects_is_approved(recognizer):
    # ITIB118 and ITIB153
    raised = "創新科技署已把計劃的最高資助額由最初的10萬元，逐步增加至現時的\n25萬元。"
    assert [f[3] for f in facts(recognizer, raised, ITC)] == ["cap", "cap"]
    approved = ("截至2025年2月底，由政府委任的資助計劃委員會已評審並批出9個由本地院校、研發機構等牽頭的"
                "「人工智能資助計劃」項目，總算力資助額超過1.7億元。")
    assert [f[1:4] for f in facts_with_assessors(recognizer, approved, ITIB)] == [
        ("scheme:aiss", 170_000_000, "approved")]


def test_the_university_grants_committee_pays_when_a_sentence_names_it(recognizer):
    # ITIB161: the UGC's own money set up the fund, not the bureau's
    text = "教資會亦於2023年撥款1億元設立科教創新基金，以推動8所教資會資助大學利用創新和突破性科技推進教學革新。"
    assert [f[:3] for f in facts_with_assessors(recognizer, text, ITIB)] == [("inst:ugc", "scheme:fite", 100_000_000)]


def test_spending_a_year_expects_is_an_estimate_and_a_whole_funds_ceiling_is_its_size(recognizer):
    # ITIB181, ITIB216 (DPO) and ITIB058 (ITC): 預計…開支 and 涉及總開支 of 2025-26 are estimates; 總額不會超過 is the
    # fund's size at most, not a cap per recipient
    expected = "在2025-26年度，數字辦預計執行相關便利措施的開支約為2,600萬元。"
    assert [f[3:5] for f in facts(recognizer, expected, DPO)] == [("estimate", "2025-26")]
    kiosks = "在2025-26年度，我們將增設3部香港「跨境通辦」自助服務機，涉及總開支約為24萬元。"
    assert [f[3:5] for f in facts(recognizer, kiosks, DPO)] == [("estimate", "2025-26")]
    ceiling = ("政府將會作為子基金的有限合夥人，向各子基金投入資金，投入的總額不會超過100億元，"
               "而我們期望「創科產業引導基金」發揮作用。")
    assert [f[2:4] for f in facts(recognizer, ceiling, ITC)] == [(10_000_000_000, "allocation")]


def test_a_cap_per_project_said_thirty_characters_before_the_amount(recognizer):
    # ITIB115
    text = ("(a)「新型工業化資助計劃」以1(政府)：2(企業)的配對形式，資助生產商在港設立新智能生產線，"
            "每個項目的最高資助額為項目總支出的三分之一或1,500萬元，金額以較低者為準。")
    assert facts(recognizer, text, ITC) == [(None, "scheme:nifs", 15_000_000, "cap", None, "project")]


# --- prose of the first held-out set (opened on 2026-12-07 to fix its misses) --------------------------------------


def test_a_fund_that_grants_pays_the_programme_it_funds(recognizer):
    # ITIB163: the fund is the subject of 撥款; the programme run by DPO is what it pays for
    text = ("2024-25年度《財政預算案》宣布社會創新及創業發展基金(社創基金)將在未來3年分批撥款共1億元，推行「友智識」"
            "長者數碼共融計劃。")
    assert facts(recognizer, text, DPO) == [("scheme:siedf", "scheme:elderly_inclusion", 100_000_000, "allocation",
                                             "2024-25", None)]
    # a scheme given to is no payer: 為「計劃」撥款
    given = "政府為「人工智能資助計劃」撥款30億元。"
    assert [f[0] for f in facts(recognizer, given, DPO)] != ["scheme:aiss"]


def test_a_ceiling_on_money_set_aside_is_an_allocation_at_most_not_a_cap_per_recipient(recognizer):
    # ITIB053
    text = "政府於去年年底宣布推出「創科創投基金」優化計劃，將調撥最多15億元與業界以配對形式成立聯合基金。"
    [(funder, subject, value, kind, year, per)] = facts(recognizer, text, ITC)
    assert (subject, value, kind, per) == ("scheme:itvf", 1_500_000_000, "allocation", None)


def test_a_span_of_years_that_opens_the_sentence_holds_for_its_spending(recognizer):
    # ITIB246: the amount's clause names no year; the sentence opens with 在過去5年, so the spending is of no year,
    # and spent (actual)
    text = ("各局/部門有關人工智能科技應用的項目主要由「基本工程儲備基金總目710電腦化計劃」分目A007GX(整體撥款)及政府"
            "其他的創科相關資源所支持。在過去5年，申請整體撥款所推行有關應用人工智能及大數據分析技術的項目約有\n"
            "58個，相關總開支約為2.23億元，年度開支表列如下：")
    assert facts(recognizer, text, DPO) == [(None, "scheme:cwrf_710", 223_000_000, "actual", None, None)]


def test_a_bodys_own_spending_of_no_year_is_what_it_costs(recognizer):
    # ITIB154: no one allocated it, and no year of the Estimates is named
    text = ("在2023年透過「AIR@InnoHK」創新香港研發平台資助成立的「香港生成式人工智能研發中心」(HKGAI)，專注研發生成式"
            "人工智能技術。該中心首3年的研發及營運開支約2.35億元。")
    assert facts(recognizer, text, DPO) == [(None, "inst:hkgai", 235_000_000, "cost", None, None)]


def test_a_least_size_the_text_aims_at_is_a_target_total_not_a_threshold(recognizer):
    # ITIB058: the sub-funds' size with market money; 「項目的總成本最少3億元」 (ITIB090) stays a condition to meet
    text = ("而我們期望「創科產業引導基金」下的整體子基金規模達到至少400億元，"
            "即市場投入的資金會是政府出資總額的至少3倍。")
    assert facts(recognizer, text, ITC) == [(None, "scheme:itiof", 40_000_000_000, "total", None, None)]
    condition = "「新型工業加速計劃」以1(政府)：2(企業)的配對形式提供資助，項目的總成本最少3億元。"
    assert [f[3] for f in facts(recognizer, condition, ITC)] == ["threshold"]


def test_money_a_list_of_funds_made_together_is_no_one_funds(recognizer):
    # ITIB032: three funds invested 10.59億 together and drew 179億 of private money: neither is one fund's
    text = ("此外，截至2025年1月，政府的「創科創投基金」、香港科技園公司的「科技企業投資基金」，"
            "以及「數碼港投資創業基金」已合共投資了約10.59億元於105間初創企業，並吸引了約179億元的私人投資。")
    assert facts(recognizer, text, ITIB) == []


def test_clauses_a_semicolon_joins_that_name_nothing_go_back_to_the_one_that_does(recognizer):
    # ITIB143: the third aim of the scheme's list of aims; the companies' matching money is a figure, not a grant
    text = ("「新型工業化資助計劃」以1(政府)：2(企業)的配對形式資助生產商。"
            "「資助計劃」的目標是至2027年資助累計超過130條在港設立的智能生產線；"
            "相關產生的累計技術職位增至不少於1 050個；同期相關的累計私人投資配對金額增至不少於13億元。")
    assert facts(recognizer, text, ITC) == [(None, "scheme:nifs", 1_300_000_000, "invested", None, None)]


def test_a_threshold_is_per_the_noun_its_phrase_describes(recognizer):
    # ITIB010: 「…的項目」 after the bracketed note: both conditions are on each project
    text = "「新型工業加速計劃」的對象是總成本最少3億元（企業須投入不少於2億元）的項目，因此可以預期企業需要審慎考慮。"
    assert facts(recognizer, text, ITC) == [(None, "scheme:nias", 300_000_000, "threshold", None, "project"),
                                            (None, "scheme:nias", 200_000_000, "threshold", None, "project")]


# --- press texts (tests/fixtures/press_zh, README there: real Chinese texts of other years and publishers) -------

PRESS_ZH = Path(__file__).parent / "fixtures" / "press_zh"
PRESS = Answerer()  # a press text answers no question: no answering body, no programmes


def press_sentence(file_name: str, start: str, end: str, folder: Path = PRESS_ZH) -> str:
    """The text of a fixture from `start` to `end` (both included), normalised as the loaders read it."""
    text = normalise((folder / file_name).read_text(encoding="utf-8")).text
    at = text.index(start)
    return text[at : text.index(end, at) + len(end)]


def press_facts(recognizer, text: str) -> list[tuple]:
    gazetteer = recognizer.gazetteer
    found = funding_facts(text, recognizer.mentions(text), find_amounts(text), None, {}, answerer=PRESS,
                          not_recipients=_not_recipients(gazetteer, []), assessors=_assessors(gazetteer),
                          payers=_payers(gazetteer))
    return [(f.funder, f.recipient, f.amount.value, str(f.amount_type), f.fiscal_year, f.amount.per) for f in found]


def test_a_funds_size_is_money_set_aside_though_it_will_invest(recognizer):
    # https://policyaddress.gov.hk/2024/tc/p78.html, para 79: the heading and the sentence before are 投資 words
    text = press_sentence("zh_policy_address_2024_p78.txt", "加大創科產業投資", "產業生態圈;")
    assert press_facts(recognizer, text) == [(None, "scheme:itiof", 10_000_000_000, "allocation", None, None)]


def test_a_fund_named_as_where_a_scheme_sits_is_not_what_the_sentence_is_about(recognizer):
    # https://www.news.gov.hk/chi/2022/02/20220223/20220223_100726_734.html: the cap, far from both names, is the
    # scheme's (the text stops there, mid-sentence, as the stored copy does)
    text = press_sentence("zh_news_gov_2022_02_23_budget_it.txt", "此外,創新及科技基金下", "150萬元資助")
    assert press_facts(recognizer, text)[-1] == (None, "scheme:tsssu", 1_500_000, "cap", None, "company/year")
    # the rule, not the sentence: without 下的 the sentence names two schemes and the far cap is neither's
    two = text.replace("創新及科技基金下的", "創新及科技基金與")
    assert [f[2] for f in press_facts(recognizer, two)] == [16_000_000]


def test_the_office_of_an_official_who_speaks_is_not_what_the_money_is_about(recognizer):
    # https://std.stheadline.com/realtime/article/1659083/ (Sing Tao, 2021-08-08): the Secretary reports the grants
    # of the scheme the sentence before names (再工業化資助計劃, the name of 新型工業化資助計劃 before 2023: an alias)
    text = press_sentence("zh_stheadline_2021_08_08_reindustrialisation.txt", "政府於去年7月", "總資助額約1.08億元")
    assert press_facts(recognizer, text) == [(None, "scheme:nifs", 108_000_000, "approved", None, None)]
    # the rule, not the sentence: the bureau named without its Secretary is what the figure is about
    assert press_facts(recognizer, text.replace("創新及科技局局長薛永恒", "創新及科技局")) == [
        (None, "bureau:itb", 108_000_000, "approved", None, None)]


def test_money_of_last_years_budget_is_of_the_year_before_the_texts(recognizer):
    # https://www.info.gov.hk/gia/general/201902/27/P2019022700202.htm, para 67 of the 2019-20 Budget Speech
    text = press_sentence("zh_budget_2019_speech_6.txt", "67.", "投入服務。")
    found = funding_facts(text, recognizer.mentions(text), find_amounts(text), None, {},
                          answerer=Answerer(document_year="2019-20"))
    assert [(f.recipient, f.amount.value, str(f.amount_type), f.fiscal_year) for f in found] == [
        ("inst:hkstp", 3_000_000_000, "allocation", "2018-19")]


def test_a_cap_is_per_the_party_that_matches_the_governments_money(recognizer):
    # https://policyaddress.gov.hk/2024/tc/p78.html, para 80: no 每, the ratio says who gets the 3,000萬元 at most
    text = press_sentence("zh_policy_address_2024_p78.txt", "80.", "壯大。")
    assert press_facts(recognizer, text) == [
        (None, "scheme:pilot_accelerator", 180_000_000, "allocation", None, None),
        (None, "scheme:pilot_accelerator", 30_000_000, "cap", None, "company")]
    # ITIB123 of data/sources/001: 以1(政府)：2(企業); a cap whose own words say 每 keeps its unit (ITIB115)
    itib123 = ("包括今年內推出「製造及生產線『升』級支援先導計劃」，以1(政府)：2(企業)的配對比例為在港營運生產線的企業"
               "提供最高25萬元資助。")
    assert [f[5] for f in press_facts(recognizer, itib123)] == ["company"]
    itib115 = "「新型工業化資助計劃」以1(政府)：2(企業)的配對形式，每個項目的最高資助額為1,500萬元。"
    assert [f[5] for f in press_facts(recognizer, itib115)] == ["project"]


def test_a_threshold_is_per_the_owner_of_the_measure_its_clause_names(recognizer):
    # on.cc, 2025-11-18 (an ITC release; address in tests/fixtures/press_zh/README.md): 「加速計劃」 is the short
    # form the text defines; the clause after 其中 is a part of the project's cost, so per project too
    text = press_sentence("zh_oncc_2025_11_18_new_industrialisation.txt", "【on.cc東網專訊】", "配對比例不變。")
    thresholds = [f for f in press_facts(recognizer, text) if f[3] == "threshold"]
    assert [(f[1], f[2], f[5]) for f in thresholds] == [("scheme:nias", 150_000_000, "project"),
                                                        ("scheme:nias", 100_000_000, "project")]


def test_parts_after_a_semicolon_break_down_the_wholes_before_it_one_to_one(recognizer):
    # ITIB192: 「智方便」 is an app (no entity): DPO's own spending; the enhancement parts are of each year's whole
    text = ("「智方便」平台於2024-25年度及2025-26年度的預算總開支分別約為1.52億元及1.47億元，用以營運、維護及提升"
            "「智方便」平台；當中用於提升「智方便」平台的預算開支於兩個財政年度分別約為5,073萬元及4,580萬元。")
    assert [(f[1], f[2], f[3], f[4]) for f in facts(recognizer, text, DPO)] == [
        ("dept:dpo", 152_000_000, "estimate", "2024-25"), ("dept:dpo", 147_000_000, "estimate", "2025-26"),
        ("dept:dpo", 50_730_000, "estimate", "2024-25"), ("dept:dpo", 45_800_000, "estimate", "2025-26")]


def test_a_line_the_pdf_wrapped_before_an_amount_does_not_end_its_clause(recognizer):
    # ITIB148 prints the ITIB192 sentence wrapped after 及: the second amount is still in the clause of 預算總開支
    text = "2024-25年度及2025-26年度的預算總開支分別約為1.52億元及\n1.47億元，用以營運、維護及提升「智方便」平台；"
    assert [(f[1], f[2], f[4]) for f in facts(recognizer, text, DPO)] == [
        ("dept:dpo", 152_000_000, "2024-25"), ("dept:dpo", 147_000_000, "2025-26")]


def test_yearly_upkeep_is_a_cost_per_year(recognizer):
    # ITIB238
    text = "每部自助服務機的開發成本約8萬元，而每年的維護開支約16,000元。"
    assert facts(recognizer, text, DPO) == [(None, "dept:dpo", 80_000, "cost", None, None),
                                            (None, "dept:dpo", 16_000, "cost", None, "year")]


DPO_PAGE = "zh_digitalpolicy_2024_funding_schemes.txt"  # a web page: schemes as headings over bullets
PRESS_ZH_CHECK = Path(__file__).parent / "fixtures" / "press_zh_check"


def test_a_web_pages_headings_and_bullets_are_lines_of_their_own(recognizer):
    # the page has no punctuation after a bullet or a heading: read as one run of Chinese, the cap of the scheme
    # above ran into the name of the next one ("…上限為每家企業2億元企業支援計劃 •…")
    text = normalise((PRESS_ZH_CHECK / DPO_PAGE).read_text(encoding="utf-8")).text
    assert "資助總額上限為每家企業2億元\n企業支援計劃\n•以等額出資方式" in text
    assert "新型工業加速計劃(加速計劃)\n•以1(政府):2(企業)的配對形式" in text


def test_lines_under_a_heading_with_its_short_form_are_about_it_and_for_each_project_frames_the_sentence(recognizer):
    text = press_sentence(DPO_PAGE, "新型工業加速計劃(加速計劃)", "以較低者為準", PRESS_ZH_CHECK)
    assert press_facts(recognizer, text) == [
        (None, "scheme:nias", 300_000_000, "threshold", None, "project"),
        (None, "scheme:nias", 200_000_000, "threshold", None, "project"),
        (None, "scheme:nias", 200_000_000, "cap", None, "project")]


def test_what_private_companies_put_in_is_invested_and_a_total_of_grants_is_approved(recognizer):
    text = press_sentence(DPO_PAGE, "企業支援計劃\n", "基金投入約6.51億元", PRESS_ZH_CHECK)
    assert (None, "scheme:ess", 712_000_000, "invested", None, None) in press_facts(recognizer, text)
    text = press_sentence(DPO_PAGE, "公營機構試用計劃\n", "資助總額約9.9億元", PRESS_ZH_CHECK)
    assert press_facts(recognizer, text) == [(None, "scheme:psts", 990_000_000, "approved", None, None)]


CYBERPORT_QUESTION = "zh_legco_2017_04_12_cyberport_macro_fund.txt"  # a LegCo question and reply of 2017


def test_a_body_outside_the_government_that_grants_pays_and_a_curly_quoted_fund_is_sized(recognizer):
    text = press_sentence(CYBERPORT_QUESTION, "問題:主席", "提供發展資金。", PRESS_ZH_CHECK)
    assert press_facts(recognizer, text) == [("inst:cyberport", "scheme:cmf", 200_000_000, "allocation", None, None)]
    text = press_sentence(CYBERPORT_QUESTION, "2016年施政報告", "天使投資的發展。", PRESS_ZH_CHECK)
    assert press_facts(recognizer, text) == [(None, "scheme:cmf", 200_000_000, "allocation", None, None)]


def test_money_for_this_is_for_what_the_sentence_opens_with(recognizer):
    text = press_sentence("zh_innohk_2022_05_25_ce_speech.txt", "「InnoHK創新香港研發平台」作為", "環球科研合作中心。",
                          PRESS_ZH_CHECK)
    assert press_facts(recognizer, text) == [(None, "scheme:innohk", 10_000_000_000, "approved", None, None)]


def test_money_every_department_draws_from_a_fund_for_one_purpose_is_no_figure_of_the_fund(recognizer):
    # ITIB206
    text = ("各局/部門在2025-26年度由「基本工程儲備基金總目710電腦化計劃」申請撥款推行與資訊保安(包括網絡安全)相關項目"
            "的預算開支為7.73億元，較2024-25年度修訂預算的6.36億元增加21.5%(1.37億元)，")
    assert facts_with_assessors(recognizer, text, DPO) == []


def test_a_whole_funds_ceiling_with_its_verb_printed_twice_is_its_size(recognizer):
    # ITIB173 prints 調撥 twice
    text = ("另外，政府亦於2024年年底推出「創科創投基金」優化計劃，開始接受成為基金經理的申請。在優化計劃下，政府會甄選"
            "合適的基金經理，並調撥最多調撥15億元與業界配對成立聯合基金，")
    assert [(f[1], f[3]) for f in facts_with_assessors(recognizer, text, ITC)] == [("scheme:itvf", "allocation")]


def test_the_application_is_the_applicants_and_what_the_scheme_grants_it_is_its(recognizer):
    # the ITC's release of 2025-04-07 (press_zh_check): 亞洲先進同位素技術有限公司 is found by discovery (由…提交)
    text = press_sentence("zh_itc_2025_04_07_nias_second_project.txt", "創新科技署今日", "一億四千萬元。",
                          PRESS_ZH_CHECK)
    recognizer = EntityRecognizer.for_corpus([text])
    found = press_facts(recognizer, text)
    assert ("scheme:nias", "company:亞洲先進同位素技術有限公司", 140_000_000, "approved", None, None) in found


def test_this_project_is_the_applicants(recognizer):
    # ITIB091: 「…「新型工業評審委員會」已支持正美藥品有限公司提交的申請，…。項目計劃建立…智能生產線。此項目的總投資金額
    # 約6億元，當中政府資助金額約2億元。」: the project's total investment is the company's
    text = ("「加速計劃」共收到7宗申請，其中「新型工業評審委員會」已支持正美藥品有限公司提交的申請，"
            "涵蓋生命健康科技的領域。項目計劃建立生產無菌眼藥水、口服固體劑型及口服液藥物的智能生產線。"
            "此項目的總投資金額約6億元，當中政府資助金額約2億元。")
    found = facts_with_assessors(recognizer, text, ITC)
    assert (None, "company:zhengmei_pharma", 600_000_000, "invested", None) in found
    assert [f[1] for f in found if f[2] == 200_000_000] == ["company:zhengmei_pharma"]


def test_grants_approved_are_approved_though_a_weaker_word_ends_the_phrase():
    # ITIB209: 獲批資助 (approved grants) ends with 資助, which alone is an allocation
    text = ("數碼港一般會於收到完整資料後兩個月內完成審批。現時獲批資助的金額逾1.2億元，"
            "平均每家中小企獲得的資助金額約48,000元。")
    rules = load_rules()
    spans = sentence_spans(text, rules)
    assert [str(amount_type(text, a, sentence_of(spans, a.start), rules)) for a in find_amounts(text)] == [
        "approved", "average"]


def test_a_records_list_items_stand_on_lines_of_their_own_and_a_pilots_name_is_the_scheme(recognizer):
    # the Finance Committee's record of 2018-07-06 (press_zh_check2): "(a)…合共注資200億元,分別為-" over "(i)100億元
    # 用以…" and "(ii)100億元用以…", each after a blank line; the Chief Executive's blog of 2016-04-15 names the TVP
    # by its pilot's name
    folder = Path(__file__).parent / "fixtures" / "press_zh_check2"
    text = normalise((folder / "zh_legco_fc_2018_07_06_decisions.txt").read_text(encoding="utf-8")).text
    assert "分別為-\n(i)100億元用以支援基金" in text and "新措施\n(ii)100億元" in text
    assert [m.entity_id for m in recognizer.mentions("政府也擬推出5億元的「科技券先導計劃」")] == ["scheme:tvp"]


def test_money_given_as_equity_is_invested(recognizer):
    # the Finance Committee's record of 2018-07-06 (press_zh_check2), item (b)
    text = ("(b)開立承擔額,從資本投資基金撥出100億元,作為給予科技園公司的注資股本,"
            "以便該公司提供設施支援醫療和人工智能及機械人技術研究")
    assert [(f[1], f[3]) for f in press_facts(recognizer, text)] == [("inst:hkstp", "invested")]


def test_items_under_a_lead_that_says_they_follow_are_parts_of_its_amount(recognizer):
    # the Finance Committee's record of 2018-07-06 (press_zh_check2): (i) and (ii) break down (a)'s 200億; (b) is
    # (a)'s sibling, money of its own
    folder = Path(__file__).parent / "fixtures" / "press_zh_check2"
    text = normalise((folder / "zh_legco_fc_2018_07_06_decisions.txt").read_text(encoding="utf-8")).text
    text = text[text.index("(a)向創新及科技基金") : text.index("加強對其租戶/培育公司的支援措施")]
    found = [(f[0], f[1], f[2], f[3]) for f in press_facts(recognizer, text)]
    assert (None, "scheme:itf", 20_000_000_000, "invested") in found
    assert sorted(f[1] for f in found if f[2] == 10_000_000_000) == ["inst:hkstp", "scheme:itf", "scheme:itf"]
    assert all(f[3] == "invested" for f in found)


PRESS_ZH_CHECK3 = Path(__file__).parent / "fixtures" / "press_zh_check3"


def test_the_old_level_of_a_cap_a_comma_parts_from_its_word_and_an_applicant_is_a_company(recognizer):
    # 信報 2020-04-02 (press_zh_check3), on the Technology Voucher Programme
    text = press_sentence("zh_hkej_2020_04_02_tvp_ceiling.txt", "創新科技署推出「科技券」改善措施", "由4個增至6個。",
                          PRESS_ZH_CHECK3)
    assert [(f[2], f[3], f[5]) for f in press_facts(recognizer, text)] == [
        (400_000, "cap", "company"), (600_000, "cap", "company")]


def test_a_name_in_curly_quotes_is_a_name():
    # 中評社 2022-10-19 (press_zh_check3): "配合50億元“策略性創科基金”"
    text = press_sentence("zh_crntt_2022_10_19_policy_address_it.txt", "促進科技產業發展", "策略性創科基金”",
                          PRESS_ZH_CHECK3)
    assert "策略性創科基金" in [c.name for c in discover([text], load_gazetteer(), use_model=False).accepted]


PRESS_ZH_CHECK4 = Path(__file__).parent / "fixtures" / "press_zh_check4"


def test_each_item_of_a_list_of_parts_has_its_own_words_and_names(recognizer):
    # unwire.hk 2018-03-01 (press_zh_check4): 注資 is the second item's, so the Science Park's 100億 is an allocation;
    # the 河套區 and the platforms name nothing of the vocabulary in their own items, so the Fund named in another is
    # not theirs; 數碼港 is the 2億's and not the e-sports' 1億 after 以及
    text = press_sentence("zh_unwire_2018_03_01_itb_budget_briefing.txt", "首先介紹政府", "發展電子競技。",
                          PRESS_ZH_CHECK4)
    assert sorted(f[1:4] for f in press_facts(recognizer, text)) == [
        ("inst:cyberport", 200_000_000, "allocation"), ("inst:hksp", 10_000_000_000, "allocation"),
        ("scheme:itf", 10_000_000_000, "invested")]


def test_a_name_in_another_amounts_clause_is_that_ones(recognizer):
    # now.com 2023-02-22 (press_zh_check4): 數碼港 is three characters from either amount, but in the 2.6億's clause;
    # 科學園公司 is how news writes the Science and Technology Parks Corporation
    text = press_sentence("zh_now_2023_02_22_budget_digital.txt", "另外,培育初創企業", "培育計劃,", PRESS_ZH_CHECK4)
    assert [f[1:4] for f in press_facts(recognizer, text)] == [
        ("inst:hkstp", 400_000_000, "invested"), ("inst:cyberport", 260_000_000, "allocation")]


PRESS_ZH_CHECK5 = Path(__file__).parent / "fixtures" / "press_zh_check5"


def test_a_bureaus_head_speaks_and_legco_grants_part_of_the_parks_money(recognizer):
    # 信報 2019-03-01 (press_zh_check5): 創新及科技局長 is the Secretary who speaks, neither payer nor subject; the
    # sentence goes on about the park of the sentence before, and what 立法會撥出 is approved
    text = press_sentence("zh_hkej_2019_03_01_hsitp_funding.txt", "上一年度《財政預算案》", "並不夠用", PRESS_ZH_CHECK5)
    found = press_facts(recognizer, text)
    assert (None, "inst:hsitp", 800_000_000, "approved", None, None) in found
    assert all(f[0] is None and f[1] == "inst:hsitp" for f in found)


def test_a_part_that_sizes_a_fund_is_its_size_and_the_whole_is_not_the_funds(recognizer):
    # a legislator's speech on the Appropriation Bill 2016 (press_zh_check5): the 183億 is the Budget's I&T money
    text = press_sentence("zh_bpahk_2016_appropriation_bill_lo_wai_kwok.txt", "施政報告力推", "創科創投基金",
                          PRESS_ZH_CHECK5)
    assert press_facts(recognizer, text) == [(None, "scheme:itvf", 2_000_000_000, "allocation", None, None)]
