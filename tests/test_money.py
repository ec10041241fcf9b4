"""The money parser (loaders/money.py): forms, exact values, offsets, cues, tables, and what is not money."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest

from loaders.money import Amount, find_amounts, parse_amount, parse_numeral, table_amount, unit_multiplier
from loaders.text import normalise

SEED_001 = Path(__file__).resolve().parents[1] / "data" / "sources" / "001_290747ba864f0a9c.txt"


def only(text: str) -> Amount:
    """The one amount in `text`, checked against its offsets."""
    found = find_amounts(text)
    assert len(found) == 1, found
    a = found[0]
    assert text[a.start : a.end] == a.text
    return a


# --- forms and exact values ---------------------------------------------------------------------------------------

FORMS = [
    # (text, amount text, value, currency)
    ("10億元", "10億元", 1_000_000_000, "HKD"),
    ("9,414萬元", "9,414萬元", 94_140_000, "HKD"),
    ("1.613 億元", "1.613 億元", 161_300_000, "HKD"),
    ("1.613億元", "1.613億元", 161_300_000, "HKD"),
    ("2.210億元", "2.210億元", 221_000_000, "HKD"),
    ("100萬元", "100萬元", 1_000_000, "HKD"),
    ("17億元", "17億元", 1_700_000_000, "HKD"),
    ("0.5億元", "0.5億元", 50_000_000, "HKD"),
    ("0.364億元", "0.364億元", 36_400_000, "HKD"),
    ("112,940萬元", "112,940萬元", 1_129_400_000, "HKD"),
    ("178,000元", "178,000元", 178_000, "HKD"),
    ("4.8萬元", "4.8萬元", 48_000, "HKD"),
    ("$4,000,000", "$4,000,000", 4_000_000, "HKD"),
    ("港幣3,000萬元", "港幣3,000萬元", 30_000_000, "HKD"),
    ("30億港元", "30億港元", 3_000_000_000, "HKD"),
    ("8,200萬港元", "8,200萬港元", 82_000_000, "HKD"),
    ("HK$1 billion", "HK$1 billion", 1_000_000_000, "HKD"),
    ("HK$2.5 million", "HK$2.5 million", 2_500_000, "HKD"),
    ("US$5 million", "US$5 million", 5_000_000, "USD"),
    ("10億美元", "10億美元", 1_000_000_000, "USD"),
    ("10.3億元人民幣", "10.3億元人民幣", 1_030_000_000, "CNY"),
    ("人民幣5,000萬元", "人民幣5,000萬元", 50_000_000, "CNY"),
    ("RMB 200萬", "RMB 200萬", 2_000_000, "CNY"),
    ("三十七億元", "三十七億元", 3_700_000_000, "HKD"),
    ("一億八千萬元", "一億八千萬元", 180_000_000, "HKD"),
    ("二十五萬元", "二十五萬元", 250_000, "HKD"),
    ("十億元", "十億元", 1_000_000_000, "HKD"),
    ("兩億元", "兩億元", 200_000_000, "HKD"),
    ("一百億元", "一百億元", 10_000_000_000, "HKD"),
    ("五百二十億元", "五百二十億元", 52_000_000_000, "HKD"),
    ("二億一千五百萬元", "二億一千五百萬元", 215_000_000, "HKD"),
    ("九億三千萬元", "九億三千萬元", 930_000_000, "HKD"),
    ("一千零五十萬元", "一千零五十萬元", 10_500_000, "HKD"),
    ("一千萬港元", "一千萬港元", 10_000_000, "HKD"),
    ("1億8,000萬元", "1億8,000萬元", 180_000_000, "HKD"),
    ("3千萬元", "3千萬元", 30_000_000, "HKD"),
    ("1萬億元", "1萬億元", 1_000_000_000_000, "HKD"),
    ("9,414\n萬元", "9,414\n萬元", 94_140_000, "HKD"),  # number and unit split by a hard break
    ("4,500 萬元", "4,500 萬元", 45_000_000, "HKD"),
]


@pytest.mark.parametrize(("text", "snippet", "value", "currency"), FORMS)
def test_forms(text: str, snippet: str, value: int, currency: str) -> None:
    a = only(text)
    assert (a.text, a.value, a.value_max, a.currency) == (snippet, value, None, currency)
    assert isinstance(a.value, int)


def test_offsets_in_running_text() -> None:
    text = "政府已預留10億港元，成立香港人工智能研發院；另撥款2.35億元作營運開支。"
    first, second = find_amounts(text)
    assert (first.start, first.end, first.text) == (5, 10, "10億港元")
    assert text[second.start : second.end] == second.text == "2.35億元"
    assert second.value == 235_000_000


def test_exact_arithmetic_has_no_float_error() -> None:
    # 1.613 * 10**8 and 0.29 * 10**8 are not exact in binary floating point
    assert parse_numeral("1.613億") == 161_300_000
    assert only("0.29億元").value == 29_000_000
    assert only("2,236.2萬元").value == 22_362_000
    assert only("$1,398.5").value == 1_399  # cents rounded half up


def test_parse_amount_reads_one_snippet() -> None:
    a = parse_amount("最高25萬元")
    assert a is not None and (a.start, a.text, a.value, a.is_cap) == (2, "25萬元", 250_000, True)
    assert parse_amount("320萬登記用戶") is None


# --- ranges -------------------------------------------------------------------------------------------------------

RANGES = [
    ("每個獲批項目可獲1,000萬元至1億元不等的資助", "1,000萬元至1億元", 10_000_000, 100_000_000),
    ("每個獲批項目可獲1,000萬元至一億元不等的資助", "1,000萬元至一億元", 10_000_000, 100_000_000),
    ("50萬至100萬元", "50萬至100萬元", 500_000, 1_000_000),
    ("研發中心於5年內獲得約3至5億元的政府資助", "3至5億元", 300_000_000, 500_000_000),  # 億 applies to the 3
    ("月薪為36,850元至44,765元", "36,850元至44,765元", 36_850, 44_765),
    ("$30,000 - $49,999 38 52 52", "$30,000 - $49,999", 30_000, 49_999),
]


@pytest.mark.parametrize(("text", "snippet", "low", "high"), RANGES)
def test_ranges(text: str, snippet: str, low: int, high: int) -> None:
    a = only(text)
    assert (a.text, a.value, a.value_max) == (snippet, low, high)


def test_a_change_is_not_a_range() -> None:
    found = find_amounts("資助金額上限，由以往的800萬元倍增至1,600萬元")
    assert [(a.text, a.value_max) for a in found] == [("800萬元", None), ("1,600萬元", None)]


def test_a_dash_needs_money_on_both_sides() -> None:
    # "2024-25萬元" is not a range: a dash joins two amounts only when the left one is money itself
    assert [a.text for a in find_amounts("2024-25萬元")] == ["25萬元"]


# --- caps, floors, approximations, "per" ---------------------------------------------------------------------------

CUES = [
    # (text, amount text, is_cap, is_min, approx, per)
    ("最高25萬元", "25萬元", True, False, False, None),
    ("上限為每名獲選學者每年100萬元，為期最多5年", "100萬元", True, False, False, "person/year"),
    ("資助上限為每個項目25萬元。", "25萬元", True, False, False, "project"),
    ("向每家在港營運生產線的企業提供最高二十五萬元的資助", "二十五萬元", True, False, False, "company"),
    ("申請不多於280萬元資助的中小企", "280萬元", True, False, False, None),
    ("投入的總額不會超過100億元，", "100億元", True, False, False, None),  # 不會超過 is a cap, not "about"
    ("基礎數碼方案及申請配對以五萬元為上限的資助", "五萬元", True, False, False, None),
    ("$29,999或以下", "$29,999", True, False, False, None),
    ("企業須投入不少於兩億港元資金", "兩億港元", False, True, False, None),
    ("每個申請項目總成本最少為3億元", "3億元", False, True, False, "project"),
    ("$80,000或以上", "$80,000", False, True, False, None),
    ("已承擔的金額約約17億元。", "17億元", False, False, True, None),
    ("總建築成本預算約為76億元。", "76億元", False, False, True, None),
    ("集資金額超過9億港元", "9億港元", False, False, False, None),  # more than: a lower bound (below)
    ("獲批資助金額逾1.2億元。", "1.2億元", False, False, False, None),
    ("開支約500萬元左右", "500萬元", False, False, True, None),
    ("每宗申請平均獲批金額約178,000元", "178,000元", False, False, True, "application"),
    ("定價為每伺服器節點每月\n32萬元。", "32萬元", False, False, False, "month"),
    ("而每年的維護開支約16,000元。", "16,000元", False, False, True, "year"),
    ("獎金100萬元/年", "100萬元", False, False, False, "year"),
    ("年向每所資助小學提供最多30萬元資助", "30萬元", True, False, False, "school"),
    ("計劃預計涉及20億元，", "20億元", False, False, False, None),
]


@pytest.mark.parametrize(("text", "snippet", "is_cap", "is_min", "approx", "per"), CUES)
def test_cues(text: str, snippet: str, is_cap: bool, is_min: bool, approx: bool, per: str | None) -> None:
    a = only(text)
    assert (a.text, a.is_cap, a.is_min, a.approx, a.per) == (snippet, is_cap, is_min, approx, per)


@pytest.mark.parametrize(("text", "snippet", "bound"), [
    ("集資金額超過9億港元", "9億港元", "lower"),
    ("獲批資助金額逾1.2億元。", "1.2億元", "lower"),
    ("投入的總額不會超過100億元，", "100億元", "upper"),
    ("約5,000萬元", "5,000萬元", None),
])
def test_more_than_is_a_lower_bound_not_an_approximation(text: str, snippet: str, bound: str | None) -> None:
    a = only(text)
    assert (a.text, a.bound, a.approx) == (snippet, bound, False if bound else True)


def test_per_units_split_a_compound_per() -> None:
    assert only("上限為每名獲選學者每年100萬元").per_units == ("person", "year")
    assert only("100萬元").per_units == ()


def test_a_cue_belongs_to_the_nearest_number() -> None:
    # 上限 here qualifies 25萬元 (read before it), not the 75萬元 it "can bring"
    found = find_amounts("即25萬元資助額上限可帶動75萬元的總投資額")
    assert [(a.text, a.is_cap) for a in found] == [("25萬元", False), ("75萬元", False)]
    # 每投入 is followed by the number it qualifies: no per on either amount
    found = find_amounts("如每投入10億港元，預期帶動產業增長50億港元")
    assert [a.per for a in found] == [None, None]


# --- not money ----------------------------------------------------------------------------------------------------

NOT_MONEY = [
    "超過320萬登記用戶",
    "每秒浮點運算3 000千萬億次(PFLOPS)",
    "每秒浮點運算三千千萬億次",
    "每秒浮點運算1,300萬億次",
    "相當於一小時可完成近100億張圖像處理",
    "百億億次",
    "惠及超過10萬名長者",
    "約4 400萬人次",
    "簽發超過150萬張電子證照",
    "超過1 600萬宗數據交換",
    "100萬平方米的數據中心",
    "創造約五萬二千個職位",
    "增幅為16.5%",
    "2025年2月底",
    "5個項目",
    "第1萬",
    "第1萬元",
    "37億將會投入",  # money, but nothing in the text says so: left out on purpose
    "上限由20萬提升至60萬",
    "估值過百億元",  # a number must begin with a digit or 十
    "數十億元",  # vague
    "(百萬元)",  # a table header
    "港幣百萬元",
    "大埔 616\n元朗 1 230",  # 元朗 is a place
    "3 204\n元素",
    "COVID19元",
]


@pytest.mark.parametrize("text", NOT_MONEY)
def test_not_money(text: str) -> None:
    assert find_amounts(text) == []


def test_fund_named_by_its_size_without_yuan() -> None:
    a = only("政府正籌備設立100億「創科產業引導基金」")
    assert (a.text, a.value, a.currency) == ("100億", 10_000_000_000, "HKD")
    assert find_amounts("已有320萬「智方便」用戶") == []


def test_table_rows_keep_cells_apart() -> None:
    # one space between a count cell and an amount cell is not a thousands separator
    found = find_amounts("器材配件 1 600萬元 400萬元 200萬元")
    assert [(a.text, a.value) for a in found] == [
        ("600萬元", 6_000_000),
        ("400萬元", 4_000_000),
        ("200萬元", 2_000_000),
    ]


# --- tables ---------------------------------------------------------------------------------------------------------

HEADERS = [
    ("百萬元", 1_000_000),
    ("(百萬元)", 1_000_000),
    ("港幣百萬元", 1_000_000),
    ("投資金額\n(港幣百萬元)", 1_000_000),
    ("百萬港元", 1_000_000),
    ("資助額\n(萬元)", 10_000),
    ("千元", 1_000),
    ("年度開支\n(億元)", 100_000_000),
    ("每年維護成本\n(元)", 1),
    ("投資金額\n(港幣)", 1),
    ("HK$ million", 1_000_000),
    ("HK$'000", 1_000),
    ("使用人次\n(萬)", None),  # no currency: a count
    ("(約數)", None),
]


@pytest.mark.parametrize(("header", "multiplier"), HEADERS)
def test_unit_multiplier(header: str, multiplier: int | None) -> None:
    assert unit_multiplier(header) == multiplier


CELLS = [
    # (cell, header, value, approx)
    ("119.7", "(百萬元)", 119_700_000, False),
    ("1,253.12", "(百萬元)", 1_253_120_000, False),
    ("2,166.81", "核准資助金額\n(百萬元)", 2_166_810_000, False),
    ("約 4,500", "(萬元)", 45_000_000, True),
    ("(實際)約1.55", "(億元)", 155_000_000, True),
    ("0.364", "(億元)", 36_400_000, False),
    ("60", "預計開支\n(萬元)", 600_000, False),
    ("147.2", "(港幣百萬元)", 147_200_000, False),
    ("$4,000,000 *", "(港幣)", 4_000_000, False),  # a cell that writes its own unit is read as written
]


@pytest.mark.parametrize(("cell", "header", "value", "approx"), CELLS)
def test_table_amount(cell: str, header: str, value: int, approx: bool) -> None:
    a = table_amount(cell, header)
    assert a is not None
    assert (a.value, a.currency, a.approx) == (value, "HKD", approx)
    assert cell[a.start : a.end] == a.text


@pytest.mark.parametrize(
    ("cell", "header"), [("-", "(百萬元)"), ("不適用", "(元)"), ("4 256", "(萬)"), ("27.8 2.0", "(百萬元)")]
)
def test_table_cells_that_are_not_one_amount(cell: str, header: str) -> None:
    assert table_amount(cell, header) is None


def test_table_amount_keeps_the_header_currency() -> None:
    a = table_amount("1,000", "人民幣千元")
    assert a is not None and (a.value, a.currency) == (1_000_000, "CNY")


# --- the seed corpus ------------------------------------------------------------------------------------------------


@cache
def seed_001() -> str:
    return normalise(SEED_001.read_text(encoding="utf-8")).text


@cache
def seed_001_amounts() -> tuple[Amount, ...]:
    return tuple(find_amounts(seed_001()))


def reply(reply_no: str) -> tuple[int, int]:
    """Start and end offsets of one reply of seed 001: from its number on a line of its own to the next "–完 –"."""
    text = seed_001()
    start = re.search(rf"\n{reply_no}\n管制人員的答覆", text).start()
    return start, text.index("–完 –", start)


def amounts_in(reply_no: str) -> list[Amount]:
    start, end = reply(reply_no)
    return [a for a in seed_001_amounts() if start <= a.start < end]


def test_seed_offsets_point_at_the_snippets() -> None:
    text = seed_001()
    assert len(seed_001_amounts()) > 500
    for a in seed_001_amounts():
        assert text[a.start : a.end] == a.text


def test_seed_itib001() -> None:
    found = {a.text: a for a in amounts_in("ITIB001")}
    assert set(found) == {"100萬元", "20億元", "17億元"}
    scholar = found["100萬元"]
    assert (scholar.value, scholar.is_cap, scholar.per) == (1_000_000, True, "person/year")
    assert seed_001()[scholar.start - 11 : scholar.start] == "上限為每名獲選學者每年"
    assert (found["20億元"].value, found["20億元"].approx) == (2_000_000_000, False)
    assert (found["17億元"].value, found["17億元"].approx) == (1_700_000_000, True)  # 約約17億元


def test_seed_itib002() -> None:
    found = amounts_in("ITIB002")
    budget = [a for a in found if a.text == "9,414萬元"]
    assert len(budget) == 1 and budget[0].value == 94_140_000
    # the table of the same reply is counted in 百萬元: its cells are read with the header
    start, end = reply("ITIB002")
    section = seed_001()[start:end]
    assert "科技統籌(整體撥款) 119.7 86.0" in section
    cell = table_amount("119.7", "(百萬元)")
    assert cell is not None and cell.value == 119_700_000


def test_seed_other_forms() -> None:
    by_text: dict[str, list[Amount]] = {}
    for a in seed_001_amounts():
        by_text.setdefault(a.text, []).append(a)
    assert by_text["1.613億元"][0].value == 161_300_000
    assert by_text["2.210億元"][0].value == 221_000_000
    assert by_text["一億八千萬元"][0].value == 180_000_000
    # split by a hard break in the source ("4,500 ⏎ 萬 元"): the normaliser joins a number and its unit
    assert by_text["4,500萬元"][0].value == 45_000_000
    assert by_text["10.3億元人民幣"][0].currency == "CNY"
    assert by_text["10億美元"][0].currency == "USD"
    assert by_text["$13,350,000"][0].value == 13_350_000
    assert [(a.value, a.value_max) for a in by_text["1,000萬元至1億元"]] == [(10_000_000, 100_000_000)] * 2
    assert by_text["3至5億元"][0].value_max == 500_000_000


NON_MONEY_IN_SEED = ["320萬登記用戶", "千萬億次", "萬人次", "萬張電子證照", "萬平方米", "萬名長者", "萬次"]


@pytest.mark.parametrize("phrase", NON_MONEY_IN_SEED)
def test_seed_non_money_is_not_found(phrase: str) -> None:
    text = seed_001()
    hits = [m.start() for m in re.finditer(re.escape(phrase), text)]
    assert hits, f"{phrase} no longer occurs in seed 001: pick another example"
    for at in hits:
        # the number before the phrase ("320", "3 000", "150") and the phrase itself
        span = range(max(0, at - 8), at + len(phrase))
        assert not [a for a in seed_001_amounts() if a.start in span or (a.end - 1) in span], text[at - 8 : at + 12]
