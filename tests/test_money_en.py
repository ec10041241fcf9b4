"""English money (loaders/money.py with data/rules/money_en.yaml), each rule on a real sentence.

The English reply samples (tests/fixtures/legco/, see its README) are read whole: every amount in them, by hand.
Forms the samples do not have are tested on sentences from stored public web pages, quoted as stored, with the
address they were published at. Where no real sentence was found the test says so.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.money import Amount, find_amounts, table_amount, unit_multiplier

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "legco"


def amounts(text: str) -> list[tuple]:
    found = find_amounts(text)
    for a in found:
        assert text[a.start : a.end] == a.text
    return [(a.text, a.value, a.value_max, a.currency) for a in found]


def the_amount(sentence: str, snippet: str) -> Amount:
    hits = [a for a in find_amounts(sentence) if a.text == snippet]
    assert len(hits) == 1, [a.text for a in find_amounts(sentence)]
    return hits[0]


# --- the English reply samples, read whole -------------------------------------------------------------------------


def test_every_amount_of_the_etwb_2003_04_replies() -> None:
    text = (FIXTURES / "en_etwb_2003_04_replies.txt").read_text(encoding="utf-8")
    found = find_amounts(text)
    assert [(a.text, a.value, a.currency, a.approx) for a in found] == [
        ("$25 Million", 25_000_000, "HKD", True),  # "the total expenditure is around $25 Million." (was 25)
        ("$43.3 M", 43_300_000, "HKD", False),  # "with an expenditure level of $43.3 M." (was 43)
        ("$6.15 M", 6_150_000, "HKD", True),  # "The amount of expenditure involved is\n\nabout $6.15 M." (was 6)
        ("$34 million", 34_000_000, "HKD", False),  # "for 2002-03 is $34 million."
        ("$38 million", 38_000_000, "HKD", False),  # "expenditure will be $38 million due to …"
    ]
    assert all(isinstance(a.value, int) and a.value_max is None for a in found)


def test_every_amount_of_the_cedb_2012_13_reply() -> None:
    text = (FIXTURES / "en_cedb_2012_13_excerpt.txt").read_text(encoding="utf-8")
    assert "are $2.54 million and $1.86 million respectively." in text
    # two amounts, not a range: "and" joins a range only after "between"
    assert amounts(text) == [
        ("$4.9 million", 4_900_000, None, "HKD"),
        ("$2.54 million", 2_540_000, None, "HKD"),
        ("$1.86 million", 1_860_000, None, "HKD"),
    ]


# --- forms the samples lack, on sentences from stored public pages ----------------------------------------------

# (address, sentence as stored, amount text, value, value_max, currency)
FORMS = [
    ("https://prologuejournal.com/hong-kong-policy-address-2023-authorities-to-set-aside-hk10-billion-for-emerging-"
     "industries-offer-to-subsidise-new-production-facilities",
     "Hong Kong policy address 2023: authorities to set aside HK$10 billion for emerging industries",
     "HK$10 billion", 10_000_000_000, None, "HKD"),
    ("https://threerunwaysystem.hongkongairport.com/en/information-centre/press-release/02122015/",
     "the estimated cost of the 3RS was HK$86.2 billion in dollars of the fourth quarter of 2010.",
     "HK$86.2 billion", 86_200_000_000, None, "HKD"),
    ("http://www.ugc.edu.hk/eng/ugc/about/press_speech_other/press/1999/press_ns99.html",
     "A total of about HK$ 15 million was awarded as projects grants to fund 14 projects",
     "HK$ 15 million", 15_000_000, None, "HKD"),
    ("http://www.ugc.edu.hk/eng/ugc/about/press_speech_other/press/1999/press_ns99.html",
     "The annual contributions of the RGC and the NSFC are HK$10 million and RMB 5 million respectively.",
     "RMB 5 million", 5_000_000, None, "CNY"),
    ("https://th4.ilovetranslation.com/GM0634deUEbWtjtMjkCVCu==d",
     "the Government of the Hong Kong SAR will contribute RMB¥6.75 billion.",
     "RMB¥6.75 billion", 6_750_000_000, None, "CNY"),
    ("https://docslib.org/doc/2693422/innovation-and-technology-hub",
     "So far, the Government has committed over $110 billion (US$14.1 billion) to different initiatives",
     "US$14.1 billion", 14_100_000_000, None, "USD"),
    ("https://www.atf.gov.hk/english/forms/faq03.html",
     "The ceiling for project fund is HK $0.5 million per project.",
     "HK $0.5 million", 500_000, None, "HKD"),
    ("https://studylib.net/doc/25669013/tech",
     "Up to HK$200k grant after the performance-driven 2-tier assessment",
     "HK$200k", 200_000, None, "HKD"),
    ("https://trinitybridge.asia/introduction-to-government-funds/",
     "Dedicated Fund on Branding, Upgrading and Domestic Sales (“BUD”) (funding amount up to HKD 4M)",
     "HKD 4M", 4_000_000, None, "HKD"),
    ("https://qa.hongkongbusiness.hk/manufacturing/news/govt-launches-new-funding-scheme-subsidise-industrial-site-"
     "development",
     "The scheme offers companies up to $45m in funding for three projects.",
     "$45m", 45_000_000, None, "HKD"),
    ("https://hanweb.kanhan.com/TuniS/www.info.gov.hk/gia/general/202305/17/P2023051700281p.htm",
     "whether all the approved applications were granted a cash grant of $100,000 in each case;",
     "$100,000", 100_000, None, "HKD"),
    # ranges
    ("http://government-world.com/tag/china/page/446/?print=print-search",
     "with associated fines ranging from $1,000 to $6,500.",
     "$1,000 to $6,500", 1_000, 6_500, "HKD"),
    ("https://hongkongbusiness.hk/news/hong-kong-startups-miss-out-126m-in-grant-funding",
     "Aspire calculated a funding gap between $7.56m and $12.6m.",
     "$7.56m and $12.6m", 7_560_000, 12_600_000, "HKD"),
    ("https://socialinnovation.org.hk/en/how-to-apply/types-of-funding/",
     "HKD300,001 – HKD900,000",
     "HKD300,001 – HKD900,000", 300_001, 900_000, "HKD"),
    ("https://hongkong.incorp.asia/?p=70526",
     "you’ll know exactly where your next HK$500,000 to HK$100 million could come from.",
     "HK$500,000 to HK$100 million", 500_000, 100_000_000, "HKD"),
]


@pytest.mark.parametrize(("address", "sentence", "snippet", "value", "value_max", "currency"), FORMS)
def test_english_forms(address: str, sentence: str, snippet: str, value: int, value_max: int | None,
                       currency: str) -> None:
    a = the_amount(sentence, snippet)
    assert (a.value, a.value_max, a.currency) == (value, value_max, currency), address
    assert isinstance(a.value, int)


def test_a_scale_on_the_right_applies_to_a_bare_left_end() -> None:
    # No stored page was found that writes "$3-5 million"; the form is the brief's own example, not a quote.
    assert amounts("$3-5 million") == [("$3-5 million", 3_000_000, 5_000_000, "HKD")]
    assert amounts("$3 to 5 million") == [("$3 to 5 million", 3_000_000, 5_000_000, "HKD")]


def test_a_change_is_not_a_range() -> None:
    # https://innovationhongkong.com/gallery/we-will-inject-10-billion-into-the-innovation-and-technology-fund-itf-
    # paul-chan-financial-secretary-hksar-budget-2018/
    sentence = (
        "The ITF’s financial support for I&T development in Hong Kong has increased from about $700 million in "
        "2013-14 to $1.5 billion in 2017-18."
    )
    assert [(a.text, a.value_max, a.approx) for a in find_amounts(sentence)] == [
        ("$700 million", None, True),
        ("$1.5 billion", None, False),
    ]
    assert [a.value_max for a in find_amounts("increased from $700 million to $1.5 billion")] == [None, None]


# --- cues: caps, floors, approximations, per --------------------------------------------------------------------

# (address, sentence as stored, amount text, is_cap, is_min, approx, per)
CUES = [
    ("https://innovationhongkong.com/?p=464",
     "Of this, about $3 billion will be used to construct research-related infrastructure and facilities",
     "$3 billion", False, False, True, None),
    ("https://hongkong.incorp.asia/?p=70526",
     "The HKSAR Government has distributed over HK$56 billion to over 80,000 projects",
     "HK$56 billion", False, False, False, None),  # "over": a lower bound (Amount.bound), not approximate
    ("http://government-world.com/tag/china/page/446/?print=print-search",
     "the offender is liable on conviction to a maximum fine of $10,000 and a further fine of maximum $1,000 for each "
     "day the offence continues.",
     "$1,000", True, False, False, "day"),
    ("https://www.atf.gov.hk/english/forms/faq03.html",
     "The ceiling for project fund is HK $0.5 million per project.",
     "HK $0.5 million", True, False, False, "project"),
    ("https://www.recyclingfund.hk/en/application_en/esp/application_esp_process/",
     "Funding support will be granted to each enterprise for a maximum of ten approved projects and the cumulative "
     "funding ceiling per enterprise is $15 million.",
     "$15 million", True, False, False, "company"),
    ("http://wp2.cedars.hku.hk/cses/award/",
     "1. Each successful applicant may receive up to HK$25,000 to cover expenses incurred in the approved activity.",
     "HK$25,000", True, False, False, "person"),
    ("https://hongkongbusiness.hk/news/hong-kong-startups-miss-out-126m-in-grant-funding",
     "Fewer than 10% of respondents had applied for the Innovation and Technology Fund, which offers up to $800,000 "
     "per project, whilst only around 2% had applied for the BUD Fund, which can provide up to $7m per enterprise.",
     "$7m", True, False, False, "company"),
    ("https://bee.hkpc.org/funding-schemes/",
     "The maximum funding amount for each application up to HKD 1 million.",
     "HKD 1 million", True, False, False, "application"),
    ("https://www.scmp.com/magazines/hk-magazine/article/2037861/hong-kongs-white-elephants-are-draining-your-money",
     "for five years and eight months, at $24.8 billion per year.",
     "$24.8 billion", False, False, False, "year"),
    ("https://www.littleflags.org/ufaq/donation-amount/",
     "if a Campaign targets a raise of HKD10,000, the maximum raise allowed is HKD12,000,",
     "HKD12,000", True, False, False, None),
    ("https://help.magpiesecurities.com/preferential-interest/",
     "1. All clients with HKD30,000 or above or reach the cash balance threshold",
     "HKD30,000", False, True, False, None),
    ("https://help.magpiesecurities.com/preferential-interest/",
     "HKD 30,000 cash balance can enjoy 0.5% annual interest rate, i.e. around HKD 150 interest per year",
     "HKD 150", False, False, True, None),
    # the level a ceiling is raised from is a cap (the new level after "to": funding_en.yaml `level_change_gap`)
    ("https://budget.gov.hk/2014/eng/budget11.html (tests/fixtures/press_en)",
     "with the funding ceiling for each project raised from $6 million to $10 million.",
     "$6 million", True, False, False, "project"),
    # an amount before the ceiling it sets: a cap, per what the ceiling is per, in text order
    ("https://news.gov.hk/eng/2019/02/20190227/20190227_095228_891.html (tests/fixtures/press_en)",
     "The Government will also double to $8 million the annual funding ceiling for each institution under the "
     "Technology Start-up Support Scheme for Universities.",
     "$8 million", True, False, False, "year/institution"),
    ("https://news.gov.hk/eng/2019/02/20190227/20190227_095228_891.html (tests/fixtures/press_en)",
     "The Government will allocate not less than $800 million in the coming five years",
     "$800 million", False, True, False, None),
]


@pytest.mark.parametrize(("address", "sentence", "snippet", "is_cap", "is_min", "approx", "per"), CUES)
def test_english_cues(address: str, sentence: str, snippet: str, is_cap: bool, is_min: bool, approx: bool,
                      per: str | None) -> None:
    a = the_amount(sentence, snippet)
    assert (a.is_cap, a.is_min, a.approx, a.per) == (is_cap, is_min, approx, per), address


def test_not_more_than_is_a_cap_not_an_approximation() -> None:
    # Not quoted: no stored page was found with "not more than" before an amount.
    a = the_amount("a provision of not more than $5 million", "$5 million")
    assert (a.is_cap, a.approx) == (True, False)


# --- refused, not rounded; not money ----------------------------------------------------------------------------


def test_a_scaled_decimal_that_is_not_whole_is_refused() -> None:
    # 1.2345678 million is 1,234,567.8 dollars: a misprint or a misreading, refused rather than rounded
    assert find_amounts("$1.2345678 million") == []
    assert table_amount("1.2345678", "($ million)") is None
    assert amounts("$1.2345 million") == [("$1.2345 million", 1_234_500, None, "HKD")]  # whole: kept


@pytest.mark.parametrize("text", ["a 5 m wide road", "3 million people", "COVID19 M", "HK$ is the currency"])
def test_a_scale_word_without_a_currency_is_not_money(text: str) -> None:
    assert find_amounts(text) == []


# --- table headers ----------------------------------------------------------------------------------------------

# (address, header as stored, multiplier, currency of a cell)
HEADERS = [
    ("https://www.landreg.gov.hk/ar13-14/ebook/files/assets/basic-html/page37.html",
     "Range of Consideration (HK$ million)", 1_000_000, "HKD"),
    ("https://hkintexts.histsyn.com/page/1730197", "$ Million", 1_000_000, "HKD"),
    ("https://hkhs.com/home/pdf/ar2019/files/basic-html/page127.html", "(in HK$Million)", 1_000_000, "HKD"),
    ("https://vdocuments.net/analysis-of-expenditure-and-revenue.html", "$m", 1_000_000, "HKD"),
    ("https://irasia.com/listco/hk/miramar/onlinereport/2019/e_annual/104", "HK$’000", 1_000, "HKD"),
    ("https://www.marketscreener.com/SHENZHEN-INVESTMENT-LIMIT-5640764/news/Shenzhen-Investment-Announcements-and-"
     "Notices-2019-Interim-Results-Announcement-29119763/", "$' 000", 1_000, "HKD"),
    ("https://www.stats.gov.cn/sj/ndsj/2011/html/W2440e.htm", "(HKD 100 million)", 100_000_000, "HKD"),
]


@pytest.mark.parametrize(("address", "header", "multiplier", "currency"), HEADERS)
def test_english_table_headers(address: str, header: str, multiplier: int, currency: str) -> None:
    assert unit_multiplier(header) == multiplier, address
    cell = table_amount("46.8", header)  # a cell of the hkhs.com table
    assert cell is not None and (cell.value, cell.currency) == (468 * multiplier // 10, currency)


def test_brief_forms_in_one_sentence_each() -> None:
    # The forms the issue names, as bare snippets (each also appears in a quoted sentence above or in the samples).
    assert amounts("$25 million") == [("$25 million", 25_000_000, None, "HKD")]
    assert amounts("HK$1.2 billion") == [("HK$1.2 billion", 1_200_000_000, None, "HKD")]
    assert amounts("$0.5 m") == [("$0.5 m", 500_000, None, "HKD")]
    assert amounts("$120,000") == [("$120,000", 120_000, None, "HKD")]
    assert amounts("HK$ 3.5 billion") == [("HK$ 3.5 billion", 3_500_000_000, None, "HKD")]
    assert amounts("RMB 10 million") == [("RMB 10 million", 10_000_000, None, "CNY")]
    assert amounts("US$2 million") == [("US$2 million", 2_000_000, None, "USD")]
    assert amounts("$3 million to $5 million") == [("$3 million to $5 million", 3_000_000, 5_000_000, "HKD")]
    assert the_amount("about $3 million", "$3 million").approx
    assert the_amount("$1 million per project", "$1 million").per == "project"
    assert the_amount("$1 million per year", "$1 million").per == "year"
