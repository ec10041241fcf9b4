"""Money tables of the 2025-26 replies, read cell by cell (loaders/tables.py), against cells read by hand.

Each test slices one reply out of the bundled document (data/sources/001_290747ba864f0a9c.txt, parsed by
loaders.legco), finds its entities with the corpus's recogniser, as the build does, and checks cells of its tables.
The quoted lines are the reply's text as normalised (the PDF's spaces between CJK characters removed).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from graph.model import programme_id
from loaders.corpus import BUNDLED_SOURCES, read_document, read_text
from loaders.entities import EntityRecognizer
from loaders.funding import rules_for
from loaders.gazetteer import load_gazetteer
from loaders.legco import parse_replies
from loaders.replies_graph import head_body_id, head_bureau_id
from loaders.tables import (
    Skip,
    TableFact,
    TableReading,
    _fiscal_year_of,
    _is_one_year,
    _table_amount,
    load_table_rules,
    model_amount_type,
    read_tables,
)

REPLIES = BUNDLED_SOURCES / "001_290747ba864f0a9c.txt"


@cache
def _corpus():
    parsed = parse_replies(read_document(REPLIES).text, source=str(REPLIES), fiscal_year="2025-26")
    texts = [parsed.text.text[r.char_start : r.char_end] for r in parsed.replies]
    return parsed, EntityRecognizer.for_corpus(texts)


def tables_of(reply_no: str, resolve: bool = True, programmes: bool = True) -> tuple[str, TableReading]:
    """The reply's text and its tables read as loaders/facts.py reads them: the mentions of its question and
    answer, the bureau of its head as the default payer, its year, the recogniser for broken names, the
    programmes the reply is filed under, and the office that answers."""
    parsed, recognizer = _corpus()
    reply = next(r for r in parsed.replies if r.reply_no == reply_no)
    text = parsed.text.text[reply.char_start : reply.char_end]
    regions = [(reply.question_start - reply.char_start, len(reply.question_text)),
               (reply.answer_start - reply.char_start, len(reply.answer_text))]
    mentions = [m for m in recognizer.mentions(text) if any(s <= m.start < s + n for s, n in regions)]
    filed_under = {p.number: programme_id(reply.fiscal_year, reply.head_no, p.number) for p in reply.programmes}
    reading = read_tables(text, mentions, head_bureau_id(reply, load_gazetteer()), document_year=reply.fiscal_year,
                          resolve=recognizer.mentions if resolve else None,
                          programmes=filed_under if programmes else None,
                          answering_body=head_body_id(reply, load_gazetteer()))
    return text, reading


def cells(reading: TableReading, recipient: str, **props) -> list[TableFact]:
    return [f for f in reading.facts if f.recipient == recipient
            and all(getattr(f, key) == value for key, value in props.items())]


def only(facts: list[TableFact]) -> TableFact:
    assert len(facts) == 1, facts
    return facts[0]


# --- ITIB127: the fund's five-year table, its header broken over lines and printed again on the next page ----------


def test_a_year_column_header_broken_over_lines():
    # 「過去5個財政年度的開支金額 / 基金下的分目細項 / 金額(百萬元) / 2020-21 / 年度 / 實際開支 … 2024-25 / 年度 /
    # 修訂預算」, then 「創新及科技支援計劃 733.0 704.1 697.2 628.1 629.0」
    text, reading = tables_of("ITIB127")
    spent = only(cells(reading, "scheme:itsp", fiscal_year="2020-21"))
    assert (spent.funder, spent.amount.value, spent.amount_type) == ("scheme:itf", 733_000_000, "actual")
    assert text[spent.amount.start : spent.amount.end] == "733.0"
    assert (spent.row_header, spent.column_header) == ("創新及科技支援計劃", "2020-21年度實際開支")
    assert text[spent.row[0] : spent.row[1]] == "創新及科技支援計劃 733.0 704.1 697.2 628.1 629.0"
    revised = only(cells(reading, "scheme:itsp", fiscal_year="2024-25"))
    assert (revised.amount.value, revised.amount_type) == (629_000_000, "revised_estimate")


def test_a_row_name_broken_over_lines_is_joined_and_resolved():
    # 「新型工業化及科技培訓 / 計劃 / 11.2 62.4 49.6 540.4 114.3」: no mention in the text (the recogniser never saw
    # the name whole); joined, it is 新型工業化及科技培訓計劃.
    text, reading = tables_of("ITIB127")
    row = only(cells(reading, "scheme:nittp", fiscal_year="2023-24"))
    assert (row.funder, row.amount.value, row.amount_type) == ("scheme:itf", 540_400_000, "actual")
    assert row.row_header == "新型工業化及科技培訓計劃"
    assert text[row.row[0] : row.row[1]] == "新型工業化及科技培訓\n計劃\n11.2 62.4 49.6 540.4 114.3"
    _, unresolved = tables_of("ITIB127", resolve=False)  # without the recogniser: left out, and listed
    assert not cells(unresolved, "scheme:nittp")
    assert (Skip.NO_ENTITY, "新型工業化及科技培訓計劃") in {(s.reason, s.row_header) for s in unresolved.skipped}


def test_sub_heads_head_rows_and_dashes_are_no_figures():
    # 「分目090院校中游研發計劃(整體撥款)(自2021年6月起納入創新及科技支援計劃內) / 38.8 15.2 - - -」 is a row of its
    # own; 「分目101創新及科技(整體撥款)(註(1)及(2))」 heads 「創新及科技支援計劃 733.0 …」 and says no figure.
    _, reading = tables_of("ITIB127")
    assert [(f.fiscal_year, f.amount.value) for f in cells(reading, "scheme:mrp")] == [
        ("2020-21", 38_800_000), ("2021-22", 15_200_000)]
    assert not [f for f in reading.facts if f.row_header.startswith("分目101")]
    assert not cells(reading, "scheme:niap")  # 「分目115新型工業加速 / 計劃 / - - - - -」


def test_the_total_row_is_a_figure_about_the_fund():
    # 「總數 1,864.6 2,180.1 2,856.8 3,025.2 4,145.4」 under the fund named in the introducing sentence:
    # 「「創新及科技基金」(「基金」)下有關…的不同資助計劃的開支表列如下」
    _, reading = tables_of("ITIB127")
    total = only(cells(reading, "scheme:itf", fiscal_year="2024-25"))
    assert (total.funder, total.amount.value, total.amount_type) == (None, 4_145_400_000, "revised_estimate")
    assert total.row_header == "總數"


def test_the_header_printed_again_on_the_next_page():
    # The second page repeats 「過去5個財政年度的開支金額 … 修訂預算」 above 「科技券 95.4 319.4 913.1 665.9 1,712.8」:
    # the header lines are no rows, the rows under it are read, and each cell once.
    _, reading = tables_of("ITIB127")
    assert only(cells(reading, "scheme:tvp", fiscal_year="2024-25")).amount.value == 1_712_800_000
    assert not [f for f in reading.facts if "開支金額" in f.row_header or "分目細項" in f.row_header]
    keys = [(f.recipient, f.fiscal_year) for f in reading.facts]
    assert len(keys) == len(set(keys)) == 88


def test_the_same_table_printed_with_unbroken_names_gives_the_same_facts():
    # ITIB133 prints the table of ITIB127 with other line breaks (「新型工業化及科技培訓計劃 / 11.2 62.4 …」).
    def facts(reading):
        return {(f.funder, f.recipient, f.fiscal_year, f.amount_type, f.amount.value) for f in reading.facts}

    assert facts(tables_of("ITIB127")[1]) == facts(tables_of("ITIB133")[1])


# --- ITIB074: a year per row, and a year that stands for the years after it -----------------------------------------


def test_a_table_with_a_year_per_row():
    # 「資助計劃相關的現金流初步估算如下- / 財政年度 估計現金流(百萬元) / 2025-26 1,800 / 2026-27 1,800 /
    # 2027-28 300 / 2028-29及以後 2,100 / 總計 6,000」, 資助計劃 being 「設立生命健康研發院資助計劃」(資助計劃)
    _, reading = tables_of("ITIB074")
    scheme = "scheme:lhri_scheme"
    first = only(cells(reading, scheme, fiscal_year="2025-26"))
    assert (first.funder, first.amount.value, first.amount_type) == (None, 1_800_000_000, "estimate")
    assert (first.column_header, first.method) == ("估計現金流(百萬元)", "table:year-rows")
    later = only(cells(reading, scheme, fiscal_year_onward="2028-29"))
    assert (later.fiscal_year, later.amount.value, later.row_header) == (None, 2_100_000_000, "2028-29及以後")
    total = only(cells(reading, scheme, row_header="總計"))  # the sum of the years is an estimate too
    assert (total.fiscal_year, total.amount.value, total.amount_type) == (None, 6_000_000_000, "estimate")


def test_a_table_of_years_that_names_nothing_it_is_about_says_nothing():
    # ITIB187: 「局/部門由「基本工程儲備基金總目710電腦化計劃」申請撥款推行與資訊保安…相關項目的開支表列如下： /
    # 年度開支 (億元) / 2022-23 (實際) 4.22」: the money the bureaux drew from the block vote for one purpose, not
    # the block vote's spending.
    _, reading = tables_of("ITIB187")
    assert reading.facts == []
    assert {s.reason for s in reading.skipped} == {Skip.NO_TOPIC}


def test_calendar_years_and_counts_grouped_by_spaces():
    # ITIB089: 「「科技券」共批出…。自2020年起，每年的獲批申請數目及核准資助金額表列如下： / 年份 獲批申請數目註1
    # 核准資助金額 / (百萬元) / 2020 1 536 251.25」: "1 536" is one count, 251.25 the money; 2020 is no fiscal year.
    _, reading = tables_of("ITIB089")
    first = only(cells(reading, "scheme:tvp", row_header="2020"))
    assert (first.funder, first.fiscal_year, first.amount.value, first.amount_type) == (
        None, None, 251_250_000, "approved")
    assert len(reading.facts) == 6


# --- tables of years in columns that were already read ---------------------------------------------------------------


def test_closed_years_are_spent_and_the_total_is_the_funds():
    # ITIB085, annex 1: 「香港城市大學 215 398 400 … 800 1,600」 under (萬元) and 2013-14 … 2024-25 (1 ), paid
    # 「透過「創新及科技基金」」; 2024-25's mark (1 ) points to the note under the table, 「註(1 )：
    # 2024-25年度資助額預算為資助上限。」: that column is the budget (an estimate), not money spent or given.
    _, reading = tables_of("ITIB085")
    first = only(cells(reading, "inst:cityu", fiscal_year="2013-14"))
    assert (first.funder, first.amount.value, first.amount_type) == ("scheme:itf", 2_150_000, "actual")
    assert only(cells(reading, "inst:cityu", fiscal_year="2024-25")).amount_type == "estimate"
    total = only(cells(reading, "scheme:itf", fiscal_year="2013-14"))
    assert (total.funder, total.amount.value, total.row_header) == (None, 19_410_000, "總數")
    budget = only(cells(reading, "scheme:itf", fiscal_year="2024-25"))  # 「總數 1,941 … 12,800」, in 萬元
    assert (budget.amount.value, budget.amount_type) == (128_000_000, "estimate")


def test_two_columns_of_one_year_and_the_programmes_items():
    # ITIB002: 「1. 2024-25年度在綱領(2)「創新科技及工業」的修訂預算減少，… 具體明細表列如下– / 項目 2024-25 /
    # (原來預算) / (百萬元) / 2024-25 / (修訂預算) / (百萬元) / 科技統籌(整體撥款) 119.7 86.0 / 一般部門開支 57.9 51.6 /
    # 個人薪酬及與員工有關連的開支 73.5 73.1 / 總計： 251.1 210.7」: the scheme is paid by the bureau; the items that
    # name nothing, and the total, are figures about programme (2), which the lead-in names.
    _, reading = tables_of("ITIB002")
    assert {(f.funder, f.amount_type, f.amount.value) for f in cells(reading, "scheme:techconnect",
                                                                     fiscal_year="2024-25")} == {
        ("bureau:itib", "estimate", 119_700_000), ("bureau:itib", "revised_estimate", 86_000_000)}
    programme = "programme:2025-26:135:2"
    assert {(f.row_header, f.amount_type, f.amount.value) for f in cells(reading, programme)} == {
        ("一般部門開支", "estimate", 57_900_000), ("一般部門開支", "revised_estimate", 51_600_000),
        ("個人薪酬及與員工有關連的開支", "estimate", 73_500_000),
        ("個人薪酬及與員工有關連的開支", "revised_estimate", 73_100_000),
        ("總計：", "estimate", 251_100_000), ("總計：", "revised_estimate", 210_700_000)}
    assert all(f.funder is None and f.fiscal_year == "2024-25" for f in cells(reading, programme))
    _, unfiled = tables_of("ITIB002", programmes=False)  # the reply's programmes not given: its items say nothing
    assert not cells(unfiled, programme)
    assert (Skip.NO_FUND, "總計：") in {(s.reason, s.row_header) for s in unfiled.skipped}


def test_annex_rows_whose_value_ends_the_row():
    # ITIB002, annex 1 「科技統籌(整體撥款) / 2025-26年度獲資助之科技項目 / … 預算開支金額 / (百萬元) /
    # 香港警務處虛擬資產情報人工智能增强分析系統 / 區塊鏈/人工智能/機器學習/大數據 / 7.5」, projects the scheme
    # 「已批核」: the budget of a project granted is the amount approved for it, not a provision of the Estimates.
    _, reading = tables_of("ITIB002")
    police = only(cells(reading, "dept:hkpf"))
    assert (police.funder, police.amount.value, police.amount_type, police.fiscal_year, police.method) == (
        "scheme:techconnect", 7_500_000, "approved", "2025-26", "table:annex-rows")


def test_a_scheme_broken_over_lines_beside_the_body_it_pays():
    # ITIB122: 「內地與香港 / 聯合資助計劃 / 香港城市大學 / 柔性超高單位功率密度疊層光伏的創新技術與關鍵材料 / 1.76」
    _, reading = tables_of("ITIB122")
    assert {(f.funder, f.amount.value) for f in cells(reading, "inst:cityu")} == {
        ("scheme:mhkjfs", 1_760_000), ("scheme:mhkjfs", 2_500_000)}


# --- several measures per row ----------------------------------------------------------------------------------------


def test_only_the_money_column_of_a_row():
    # ITIB131: 「提交推薦的大學 / 獲資助的 / 初創企業數目(2 ) / 獲批資助總額 / (萬元) (2 ) / 專利數目(3 ) /
    # 香港城市大學 38 3,874 32 / … / 總數 275 23,328 357」, under 「計劃下按大學劃分的數據如下」
    text, reading = tables_of("ITIB131")
    cityu = only(cells(reading, "inst:cityu"))
    assert (cityu.funder, cityu.amount.value, cityu.amount_type) == ("scheme:tsssu", 38_740_000, "approved")
    assert text[cityu.amount.start : cityu.amount.end] == "3,874"
    total = only(cells(reading, "scheme:tsssu"))
    assert (total.funder, total.amount.value) == (None, 233_280_000)
    assert len(reading.facts) == 7  # six universities and the total: no count became money


def test_measures_under_a_heading_are_figures_about_it():
    # ITIB091, annex 2: 「汽車科技研發中心 / 營運開支(百萬元) 20.6 19.7 23.8 26.8 29.4 / 研發開支(百萬元) 48.7 … /
    # 員工人數 30 27 27 31 58 / 來自業界及其他收入(百萬元) / 12 28.5 26.6 28.3 26」
    _, reading = tables_of("ITIB091")
    operating = only(cells(reading, "inst:apas", fiscal_year="2019-20", row_header="營運開支(百萬元)"))
    assert (operating.funder, operating.amount.value, operating.amount_type) == (None, 20_600_000, "actual")
    assert not [f for f in reading.facts if f.row_header.startswith("員工人數")]
    if model_amount_type("income") is None:
        pytest.skip("data/model.yaml has no income amount type yet (issue 11): the income rows are left out")
    income = only(cells(reading, "inst:apas", fiscal_year="2019-20", row_header="來自業界及其他收入(百萬元)"))
    assert (income.amount.value, income.amount_type) == (12_000_000, "income")


def test_the_parts_of_a_bodys_own_spending_are_figures_about_it():
    # ITIB106: 「(研發中心)的營運開支(包括分項數字)及研發開支如下： / … / 營運開支(百萬元) 39.2 42.2 41.2 47.3 54.2 /
    # -員工薪酬 25.3 28.7 27.9 29.9 33.1 / -租金 …」: each part is a figure about the centre, counted in the unit of the
    # row above and of its kind (a closed year's spending); its row header keeps the dash that says it is a part.
    _, reading = tables_of("ITIB106")
    assert only(cells(reading, "inst:hkrita", fiscal_year="2019-20", row_header="營運開支(百萬元)")).amount.value \
        == 39_200_000
    staff = only(cells(reading, "inst:hkrita", fiscal_year="2023-24", row_header="-員工薪酬"))
    assert (staff.funder, staff.amount.value, staff.amount_type) == (None, 33_100_000, "actual")
    assert not [s for s in reading.skipped if s.reason == Skip.PART]


def test_a_bodys_pay_and_income_under_a_lead_in_that_names_it():
    # ITIB106: 「過去5個財政年度研發中心管理層所涉及的薪酬開支如下： / 2019-20年度 … /
    # 管理層所涉及的薪酬開支開支(百萬元) /
    # 7.1 8.0 7.9 8.9 9.0」 — 研發中心 is the reply's short form of 香港紡織及成衣研發中心; the pay a body spent in a
    # closed year is spent money (actual), not a salary scale. 「研發中心過去5個財政年度的商品化及其他收入如下： / … /
    # 商品化及其他收入(百萬元) / 29.3 5.6 13 39.4 11.4」: its income.
    _, reading = tables_of("ITIB106")
    pay = only([f for f in cells(reading, "inst:hkrita", fiscal_year="2019-20") if f.amount.value == 7_100_000])
    assert (pay.funder, pay.amount_type) == (None, "actual")
    income = only(cells(reading, "inst:hkrita", fiscal_year="2022-23", amount_type="income"))
    assert income.amount.value == 39_400_000


def test_the_pay_of_a_table_of_posts_is_one_cell_for_all_of_them():
    # ITIB158: 「2. 在綱領(1)下，2025-26年度淨減少14個職位的詳情如下： / 職級 職位人數 按薪級中點估計 / 可節省的年薪值 /
    # 預算開支 / (百萬元) / 二級私人秘書 3 3.7 / 資料處理員 8 / 辦公室助理員 1 / 二級工人 2 / 總計 14」: the 3.7 is one
    # cell for the 14 posts, printed on the first rank's line; it is the yearly pay of programme (1)'s posts, named by
    # the total row, and no rank's. 「3.在綱領(2)下，2025-26年度淨增加的6個職位，…。詳情如下：… 一級電腦操作員 3 2.3」
    _, reading = tables_of("ITIB158")
    saved, added = sorted(reading.facts, key=lambda f: f.recipient)
    assert (saved.recipient, saved.funder, saved.amount.value, saved.amount_type, saved.fiscal_year) == (
        "programme:2025-26:47:1", None, 3_700_000, "salary", "2025-26")
    assert (saved.row_header, saved.amount.per) == ("總計", "year")
    assert (added.recipient, added.amount.value, added.fiscal_year) == ("programme:2025-26:47:2", 2_300_000, "2025-26")
    assert {s.row_header for s in reading.skipped if s.reason == Skip.STAFF} == {"二級私人秘書", "一級電腦操作員"}
    _, unfiled = tables_of("ITIB158", programmes=False)  # nothing names what the table is about: nothing is read
    assert unfiled.facts == []


# --- lists of projects, and two tables one under the other -----------------------------------------------------------


def test_a_long_cell_that_ends_in_a_number_is_not_the_value():
    # ITIB214: 「長者進階數碼培訓計劃 / (2021-2023) / 2021年12月開始(為期兩年) / 為具備基本數碼科技知識的長者提供
    # 免費進階數碼培訓課程，參與長者人次超過6 800 / 約940」 under 「數字政策辦公室(數字辦)在「友智識」計劃下的各項工作」
    _, reading = tables_of("ITIB214")
    rounds = {(f.row_header, f.amount.value) for f in cells(reading, "scheme:elderly_advanced_training")}
    assert ("長者進階數碼培訓計劃(2021-2023)2021年12月開始(為期兩年)", 9_400_000) in rounds
    # 項目總開支 is what each project cost: a figure about it, not a flow from the umbrella scheme
    assert all(f.funder is None and f.amount_type == "cost" for f in cells(reading, "scheme:elderly_advanced_training"))
    assert not [f for f in reading.facts if f.amount.value in (6_800, 68_000_000)]


def test_a_caption_starts_the_next_table():
    # ITIB219: 「「中學IT創新實驗室」計劃：」 above one table and 「「奇趣IT識多啲」計劃：」 above the next. (A row
    # whose space-grouped counts can be read two ways, 「2021/ 22 309 / (242) / 1 012 152約 79 000」, is read the
    # likelier way: see test_a_count_glued_to_a_column_of_words_is_a_cell_and_one_to_three_digits_start_a_number.)
    _, reading = tables_of("ITIB219")
    assert {(f.recipient, f.row_header, f.amount.value) for f in reading.facts} >= {
        ("scheme:it_lab_secondary", "2023/ 24", 98_000_000), ("scheme:kmait", "2023/ 24", 58_000_000)}


# --- counts are never money -------------------------------------------------------------------------------------------


def test_a_space_grouped_count_is_not_read_as_two_costs():
    # ITIB226's annex: 「編號 / 局/ / 部門 / 名稱開發成本 / (元) / 每年維護成本 / (元) / 截至2025年1月31日的總下載次數」
    # and 「17.數字政策辦公室 / 智方便 應用程式與「智方便」平台一同開發。由於並非獨立項目，相關開支不能分拆。 / … /
    # 7 507 000」: seven and a half million downloads, not a development cost of 7元 and an upkeep of 507元.
    _, reading = tables_of("ITIB226")
    assert not [f for f in reading.facts if f.amount.value < 1_000]
    # 「5.民航處 / SUA一站通 / 277,000 68,447 48 000」
    upkeep = only(cells(reading, "dept:cad", column_header="每年維護成本(元)"))
    assert (upkeep.amount.value, upkeep.amount_type) == (68_447, "cost")


# --- rows that are kinds of what the table is about, money cells that state their unit ------------------------------


def test_a_table_by_industry_with_the_unit_in_each_cell():
    # ITIB129: 「1.自「新型工業化資助計劃」(「資助計劃」)推出以來，…。按行業統計的數據表列如下： / 所屬行業 / 申請 /
    # 公司 / 數目 / 項目總支出 / (約額) / 私人投資 / 配對金額 / (約額) / 資助金額 / (約額) /
    # 食品製造及加工(包括健康食品) / 27 6億元 4.2億元 1.8億元 / … / 總計 63 13.14億元 9.3億元 3.84億元」: 27 companies
    # is a count, the three amounts are the scheme's projects' cost, the companies' investment and the grant, for
    # that industry.
    _, reading = tables_of("ITIB129")
    food = cells(reading, "scheme:nifs", row_header="食品製造及加工(包括健康食品)")
    assert {(f.funder, f.amount_type, f.amount.value) for f in food} == {
        (None, "cost", 600_000_000), (None, "invested", 420_000_000), (None, "approved", 180_000_000)}
    assert only(cells(reading, "scheme:nifs", row_header="總計", amount_type="invested")).amount.value == 930_000_000
    assert min(f.amount.value for f in reading.facts) == 8_900_000  # no count became money
    assert len(reading.facts) == 33  # ten industries and the total, three amounts each


def test_a_table_by_sector_is_about_the_scheme_not_its_owner():
    # ITIB020: 「2)香港科技園公司(科技園公司)的「科技企業投資基金」自2015年成立以來共投資約4.5億元，涉及35家初創企業，
    # 按業務領域表列如下： / 業務領域 獲基金投資的 / 企業數目 / 投資金額 / (港幣百萬元) / 人工智能和數據科學 11 147.2」
    _, reading = tables_of("ITIB020")
    ai = only(cells(reading, "scheme:cvf", row_header="人工智能和數據科學"))
    assert (ai.funder, ai.amount.value, ai.amount_type) == (None, 147_200_000, "invested")
    assert len(reading.facts) == 6


def test_a_table_of_years_about_the_scheme_that_opens_the_sentence():
    # ITIB091: 「「資助計劃」在2023-24年度及2024-25年度的申請及相關數字表列如下： / 年度 / 申請 / 項目 / 獲支持 / 項目 /
    # 項目 / 總支出 / 申請公司 / 投入 / 資助金額 / (約額) (約額) (約額) / 2023-24 17 13 1.33億元 8,900萬元
    # 4,400萬元 / … / 總計 47 38註4.97億元 3.34億元 1.63億元」: 註 is a footnote mark, not the start of 4.97億元.
    _, reading = tables_of("ITIB091")
    first = {(f.amount_type, f.amount.value) for f in cells(reading, "scheme:nifs", fiscal_year="2023-24")}
    assert first == {("cost", 133_000_000), ("invested", 89_000_000), ("approved", 44_000_000)}
    total = only(cells(reading, "scheme:nifs", row_header="總計", amount_type="cost"))
    assert (total.fiscal_year, total.amount.value) == (None, 497_000_000)


def test_a_note_between_a_row_and_its_money_leaves_the_row_unread():
    # ITIB247 prints ITIB171's table with notes: 「餐飲 2 320 920 / (電子支付系統及店面銷售： / 約590宗 /
    # 線上推廣：約230宗 / 客戶管理系統：約100宗) / 4,360」: 920 is the number approved, not 920萬元; the grant,
    # 4,360萬元, is below the note.
    _, reading = tables_of("ITIB247")
    assert not [f for f in reading.facts if f.row_header in ("餐飲", "零售")]
    assert Skip.CELLS in {s.reason for s in reading.skipped if s.row_header == "餐飲"}
    total = only(cells(reading, "scheme:dtspp", row_header="總計"))  # 「總計 逾6 700逾2 500逾1.2億元」
    assert (total.funder, total.amount.value, total.amount_type, total.amount.bound) == (
        None, 120_000_000, "approved", "lower")
    _, plain = tables_of("ITIB171")  # the same table on one line a row: 「餐飲 2 320 920 4,360」
    assert only(cells(plain, "scheme:dtspp", row_header="餐飲")).amount.value == 43_600_000



# --- years written long, calendar years, spans of years -------------------------------------------------------------


def _row_year(line: str) -> tuple[str | None, str] | None:
    """The fiscal year a table row starts with ("2023-24"), or None for another year, and the year as printed."""
    year = load_table_rules().year_row.match(line)
    if year is None:
        return None
    fiscal = None if year.group("other") or not _is_one_year(year) else _fiscal_year_of(year)
    return fiscal, year.group(0).strip()


def test_a_fiscal_year_written_long_heads_a_row():
    # ITIB117: 「年度 申請項目 獲支持項目 正在審批項目 不獲支持項目 / 2023-2024 17 13 0 4 / 2024-2025 30 25 3 2」
    text, reading = tables_of("ITIB117")
    assert "2023-2024 17 13 0 4" in text
    assert _row_year("2023-2024 17 13 0 4") == ("2023-24", "2023-2024")
    assert not reading.facts  # its columns are counts of projects: never money
    # ITIB114 writes it with a slash: 「2025/2026年度財政撥款較2024/2025年度大幅增長30.2%」
    assert _row_year("2025/2026年度財政撥款") == ("2025-26", "2025/2026年度")


def test_a_span_of_years_is_no_fiscal_year():
    # ITIB214: 「長者數碼外展計劃 / (2021-2023)」 is the span the programme ran; its figure has no fiscal year.
    _, reading = tables_of("ITIB214")
    outreach = cells(reading, "scheme:elderly_outreach", amount_type="cost")
    assert {f.amount.value for f in outreach} >= {10_400_000, 16_100_000}
    assert all(f.fiscal_year is None for f in outreach)
    assert _row_year("2021-2023")[0] is None


def test_a_calendar_year_row_keeps_its_year_and_no_fiscal_year():
    # ITIB089: 「年份 獲批申請數目註1核准資助金額 / (百萬元) / 2020 1 536 251.25 / … / 2025(截至2月底) 523 97.95」
    _, reading = tables_of("ITIB089")
    first = only(cells(reading, "scheme:tvp", row_header="2020"))
    assert (first.fiscal_year, first.amount.value, first.amount_type) == (None, 251_250_000, "approved")
    # ITIB144 heads its rows of each round with the calendar year and 年: 「2021年 / 人工智能 30 1 7 1」
    assert _row_year("2021年") == (None, "2021年")


def test_a_cell_with_its_magnitude_but_no_currency_counts_in_that_magnitude():
    # ITIB148's annex: 「名稱開發成本 / (元)」 above 「HK / Youth+ / # / 約268萬」 and 「香港警察招募App / 382萬」: the
    # header says the currency, the cell its magnitude: 2,680,000 dollars, never 268.
    text, _ = tables_of("ITIB148")
    assert "名稱開發成本\n(元)" in text and "\n約268萬\n" in text and "\n382萬\n" in text
    rules = load_table_rules()
    about = _table_amount("約268萬", "(元)", rules)
    assert (about.value, about.approx) == (2_680_000, True)
    assert _table_amount("382萬", "(元)", rules).value == 3_820_000
    assert _table_amount("約268萬", "", rules) is None  # no currency anywhere: not money


def test_cells_with_their_unit_under_years_about_the_scheme_of_the_sentence_before():
    # ITIB126: 「創新科技署(「創科署」)於2020年5月推出「創科實習計劃」(「計劃」)，…。最近5年(截至2025年1月底)的相關數據
    # 表列如下： / 財政年度 2020-21 2021-22 2022-23 2023-24 / 2024-25 / … / 政府資助金額(包括大學等執行單位的行政開支) /
    # 0.364億元 0.754億元 0.884億元 1.008億元 1.056億元」: the header states no unit, each cell its own; the pointing
    # sentence names nothing and refers back (相關) to the scheme of the sentence before. The counts are not money.
    text, reading = tables_of("ITIB126")
    first = only(cells(reading, "scheme:stem_internship", fiscal_year="2020-21"))
    assert (first.funder, first.amount.value, first.amount_type) == (None, 36_400_000, "actual")
    assert text[first.amount.start : first.amount.end] == "0.364億元"
    assert {f.amount.value for f in reading.facts} == {36_400_000, 75_400_000, 88_400_000, 100_800_000, 105_600_000}


# --- ITIB130: one column of totals, each row a measure -------------------------------------------------------------


def test_a_column_of_totals_takes_each_rows_measure_and_the_scheme_of_its_lead_in():
    # 「「研究人才庫」下獲資助機構或企業的數目、…以及資助金額表列如下：/ 總數 / 獲資助機構或企業的數目 1 737 / … /
    # 資助金額 52.289億元」, then 「…「創科實習計劃」合共為大學生提供了…，有關數據表列如下：/ 總數 / … /
    # 政府資助金額 / (包括大學等執行單位的行政開支) / 2.948億元」: the counts are no money; each grant total is approved
    # money of the scheme the lead-in names, over the period it states (no fiscal year)
    text, reading = tables_of("ITIB130")
    talent = only(cells(reading, "scheme:rth"))
    assert (talent.funder, talent.amount.value, talent.amount_type, talent.fiscal_year) == (
        None, 5_228_900_000, "approved", None)
    assert (talent.row_header, talent.column_header) == ("資助金額", "總數")
    internship = only(cells(reading, "scheme:stem_internship"))
    assert (internship.funder, internship.amount.value, internship.amount_type) == (None, 294_800_000, "approved")
    assert text[internship.amount.start : internship.amount.end] == "2.948億元"
    assert len(reading.facts) == 2  # nothing from the head counts or the salary bands' table


def test_a_grant_column_of_projects_listed_one_a_row_is_what_was_approved():
    # ITIB122: "資助計劃 申請機構 項目名稱 資助額(百萬元)": no years, so 資助額 names the kind
    _, reading = tables_of("ITIB122")
    fact = only(cells(reading, "inst:polyu"))
    assert (fact.funder, fact.amount.value, str(fact.amount_type)) == ("scheme:tcfs", 2_590_000, "approved")


def test_a_year_that_runs_to_a_date_holds_what_was_spent_so_far():
    # ITIB126: "2024-25 (截至 2025年 1月底)" over "1.056億元" of the internship scheme's government grant
    _, reading = tables_of("ITIB126")
    by_year = {f.fiscal_year: str(f.amount_type) for f in cells(reading, "scheme:stem_internship")}
    assert by_year == {"2020-21": "actual", "2021-22": "actual", "2022-23": "actual", "2023-24": "actual",
                       "2024-25": "actual"}


def test_a_yearly_cost_column_beside_a_one_off_cost_is_per_year():
    # ITIB226's annex: "開發成本(元) 每年維護成本(元)", "8.懲教署 香港懲教署流動應用程式 308,000 85,000 48 000"
    _, reading = tables_of("ITIB226")
    by_value = {f.amount.value: (str(f.amount_type), f.amount.per) for f in cells(reading, "dept:csd")}
    assert by_value[308_000] == ("cost", None) and by_value[85_000] == ("cost", "year")


# --- tables of the first held-out set (opened on 2026-12-07 to fix its misses; docs/accuracy.md) -----------------


def test_a_cell_that_writes_yi_without_currency_is_money_and_counts_of_approvals_are_not():
    # ITIB124: 「年度 / 接獲申請數目 / (註2) / 獲批申請數目 獲批資助金額」 above 「2020 381 311 1.42億」 …
    # 「總數 1 685 1 598 7.00億」: 獲批申請數目 counts approvals (no money column), 獲批資助金額 is one column.
    text, reading = tables_of("ITIB124")
    assert "獲批申請數目 獲批資助金額\n2020 381 311 1.42億\n" in text
    first = only(cells(reading, "scheme:crs", row_header="2020"))
    assert (first.funder, first.amount.value, first.amount_type, first.fiscal_year) == (None, 142_000_000,
                                                                                      "approved", None)
    assert first.column_header == "獲批資助金額" and text[first.amount.start : first.amount.end] == "1.42億"
    assert only(cells(reading, "scheme:crs", row_header="總數")).amount.value == 700_000_000
    assert len(reading.facts) == 6
    assert _table_amount("2.3萬", "", load_table_rules()) is None  # 萬 alone may count people: not money


def test_a_kind_word_inside_a_column_of_words_takes_no_cell():
    # ITIB143's training table: 「年份 / 培訓資助申請宗數 / 培訓資助獲批宗數 / 資助總額 / (約額) / 獲批准資助申請 /
    # 以獲批資助總額計算的首10項行業」 above 「2022 3 276 3 204 1.63億元」 and a line of industries: 獲批宗數 is a
    # count, and the last cell names industries, so the one amount of a row is the total approved.
    text, reading = tables_of("ITIB143")
    assert "以獲批資助總額計算的首10項行業\n2022 3 276 3 204 1.63億元\n零售業" in text
    first = only(cells(reading, "scheme:nittp", row_header="2022"))
    assert (first.amount.value, first.amount_type, first.column_header) == (163_000_000, "approved", "資助總額(約額)")
    assert {f.amount.value for f in cells(reading, "scheme:nittp")} == {163_000_000, 366_000_000, 63_000_000,
                                                                      592_000_000}


def test_a_line_of_words_under_a_years_row_leaves_its_cells_as_they_are():
    # ITIB143: 「2022-2023 10 3.5億元 2.47億元 1.03億元」, then 「食品製造及加工(包括健康食品)、紡織及製衣、…」 (the
    # industries column): the words hold no number, so the row's three amounts are read.
    text, reading = tables_of("ITIB143")
    assert "2022-2023 10 3.5億元 2.47億元 1.03億元\n食品製造及加工(包括健康食品)、紡織及製衣" in text
    row = cells(reading, "scheme:nifs", fiscal_year="2022-23")
    assert sorted((f.amount.value, str(f.amount_type)) for f in row) == [
        (103_000_000, "approved"), (247_000_000, "invested"), (350_000_000, "cost")]


def test_a_note_broken_over_lines_under_the_header_is_the_last_columns():
    # ITIB028: 「2022-23年度 2023-24年度 2024-25年度 / (截至2025年 / 2月底)」: the last year runs to a date, so its
    # 營運開支 is money spent so far (actual), not a provision.
    text, reading = tables_of("ITIB028")
    assert "2024-25年度\n(截至2025年\n2月底)\n申請數目" in text
    last = only(cells(reading, "inst:innocell", fiscal_year="2024-25"))
    assert (last.amount.value, last.amount_type, last.column_header) == (20_000_000, "actual",
                                                                         "2024-25年度(截至2025年2月底)")


def test_a_sentence_wrapped_after_you_points_to_the_table_of_the_fund_before():
    # ITIB246: 「…主要由「基本工程儲備基金總目710電腦化計劃」分目A007GX(整體撥款)…所支持。在過去5年，…的項目約有 /
    # 58個，相關總開支約為2.23億元，年度開支表列如下：」: the line ends on 有, which no sentence ends with, so the
    # pointing sentence is whole; it names nothing and refers back (相關) to the fund of the sentence before.
    text, reading = tables_of("ITIB246")
    assert "項目約有\n58個，相關總開支約為2.23億元，年度開支表列如下：" in text
    first = only(cells(reading, "scheme:cwrf_710", fiscal_year="2020-21"))
    assert (first.funder, first.amount.value, first.amount_type) == (None, 27_800_000, "actual")
    assert len(cells(reading, "scheme:cwrf_710")) == 5


def test_a_projects_total_cost_is_a_figure_about_the_project_not_a_flow():
    # ITIB245's annex: 「數字辦在「友智識」計劃下的各項工作詳情表列於附件一」, 「項目 日期 內容 項目總開支註1 / (萬元)」
    # above 「長者數碼外展計劃 / (2018-2021) / … / 約1,060」: what each project cost in all (cost), about the project;
    # the umbrella scheme named as where the work falls does not pay a cost.
    text, reading = tables_of("ITIB245")
    assert "項目 日期 內容 項目總開支註1\n(萬元)\n長者數碼外展計劃\n(2018-2021)" in text
    first = only([f for f in cells(reading, "scheme:elderly_outreach") if f.amount.value == 10_600_000])
    assert (first.funder, first.amount_type) == (None, "cost") and first.column_header.endswith("項目總開支註1(萬元)")
    assert all(f.funder is None and f.amount_type == "cost" for f in reading.facts)


def test_a_count_glued_to_a_column_of_words_is_a_cell_and_one_to_three_digits_start_a_number():
    # ITIB219: 「學年 獲批學校數目 / (新增學校數目) / 資助活動數目 / 活動範疇 / (例子) / 獲批金額 / (百萬元) /
    # 受惠學生人次」 above 「2020/ 21 119 / (119) / 294人工智能、編程、…等 / 46約 27 000」: 294 is the count of
    # activities, the words the examples, 46 the amount approved. In 「2022/ 23 372 / (115) / 1 235 149約 82 000」
    # "1 235" is one number and 149 the money, not "235 149".
    text, reading = tables_of("ITIB219")
    assert "2020/ 21 119\n(119)\n294人工智能、編程" in text and "1 235 149約 82 000" in text
    lab = {f.row_header: f.amount.value for f in cells(reading, "scheme:it_lab_secondary")}
    assert lab == {"2020/ 21": 46_000_000, "2021/ 22": 152_000_000, "2022/ 23": 149_000_000, "2023/ 24": 98_000_000,
                   "2024/ 25": 60_000_000, "總計": 505_000_000}
    assert all(f.amount_type == "approved" and f.fiscal_year is None for f in reading.facts)  # school years


def test_an_estimates_items_breakdown_is_about_the_programme_named_three_sentences_before():
    # ITIB059: 「2025-26年度在綱領(2)「創新科技及工業」的預算開支較2024-2025年度修訂預算增加，
    # 主要是由於…。同時，2025-26年度的部門開支和個人薪酬及與員工有關連的預算開支增加。
    # 具體明細表列如下–」 above 「項目 2024-25 / (修訂預算) / (百萬元) / 2025-26 / (預算) / (百萬元)」 and
    # 「一般部門開支 51.6 75.2*」: the items are the programme's spending.
    text, reading = tables_of("ITIB059")
    assert "具體明細表列如下–\n項目 2024-25" in text and "一般部門開支 51.6 75.2*" in text
    programme = programme_id("2025-26", "135", "2")
    items = {(f.row_header, f.fiscal_year, f.amount.value, str(f.amount_type)) for f in cells(reading, programme)}
    assert ("一般部門開支", "2025-26", 75_200_000, "estimate") in items
    assert ("總計：", "2024-25", 210_700_000, "revised_estimate") in items
    assert all(f.funder is None for f in cells(reading, programme))


def test_rows_that_name_nothing_are_parts_of_what_the_total_adds_up():
    # ITIB197: 「2025-26年度的預算開支約為9.05億元，分項如下： / 資助計劃涵蓋範圍 預算開支 / (百萬元) / 算力資助 857 /
    # 加強網絡及數據安全 32 / 推動人工智能生態圈發展 16 / 總計 905」: each part is a figure about the scheme, its row
    # header saying which part.
    text, reading = tables_of("ITIB197")
    assert "算力資助 857\n加強網絡及數據安全 32\n" in text
    parts = {f.row_header: (f.amount.value, str(f.amount_type), f.fiscal_year) for f in cells(reading, "scheme:aiss")}
    assert parts["算力資助"] == (857_000_000, "estimate", "2025-26")
    assert set(parts) == {"算力資助", "加強網絡及數據安全", "推動人工智能生態圈發展", "總計"}


def test_a_table_of_years_that_names_no_one_is_the_answering_offices_own_spending():
    # ITIB249: 「「智方便」推出以來每年日常營運開支表列如下： / 年度 / 開支 / (百萬元) / 2020-21 (實際) 20.72 …」
    # (an app, no entity): DPO's spending, as the same words in prose are. ITIB186's 「政府在「Wi-Fi連通城市」計劃
    # 下的開支」 too.
    text, reading = tables_of("ITIB249")
    assert "每年日常營運開支表列如下" in text and "2020-21 (實際) 20.72" in text
    spent = {(f.fiscal_year, f.amount.value, str(f.amount_type)) for f in cells(reading, "dept:dpo")}
    assert {("2020-21", 20_720_000, "actual"), ("2024-25", 93_480_000, "revised_estimate")} <= spent
    assert all(f.funder is None for f in reading.facts)
    _, reading = tables_of("ITIB186")
    assert {f.amount.value for f in cells(reading, "dept:dpo")} == {45_000_000, 81_000_000, 72_000_000}


def test_a_table_of_the_whole_governments_spending_is_no_ones():
    # ITIB230: 「政府用於資訊及通訊科技的實際開支…如下： / 年度 政府資訊及 / 通訊科技開支註 / (億元)」: every bureau and
    # department's, not the answering office's
    text, reading = tables_of("ITIB230")
    assert "2020-21 (實際) 124.48" in text
    assert reading.facts == []


def test_an_english_table_printed_one_cell_a_line_with_a_column_of_increases():
    # CEDB(CIT)224 of 2010-11 (ininet.org): "The allocation of provisions for Programme (3) … is as follows:", then
    # a header of three columns ending each in "($million)", the third "Increase in 2010-11 (Estimate) over 2009-10
    # (Revised Estimate)", and rows of a name and three lines of one cell each
    path = Path(__file__).parent / "fixtures" / "legco_other" / "en_cedb_cit_2010_11_p136.txt"
    [reply] = parse_replies(read_text(path), str(path)).replies
    programme = "programme:2010-11:181:3"
    recognizer = EntityRecognizer(load_gazetteer())
    reading = read_tables(reply.answer_text, recognizer.mentions(reply.answer_text, "en"), "dept:tid",
                          rules=rules_for("en"), document_year="2010-11", programmes={"3": programme})
    found = [(f.recipient, f.amount.value, str(f.amount_type), f.fiscal_year, f.row_header[:9]) for f in reading.facts]
    assert found[-3:] == [(programme, 783_300_000, "estimate", "2010-11", "Total"),
                          (programme, 524_100_000, "revised_estimate", "2009-10", "Total"),
                          (programme, 259_200_000, "change", "2010-11", "Total")]
    assert len(found) == 12 and {f[0] for f in found} == {programme}
    assert (programme, 2_000_000, "change", "2010-11", "Hosting o") in found
