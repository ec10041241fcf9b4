"""Money amounts in Hong Kong government text, Traditional Chinese or English: find them, read their value exactly.

What counts as money here
- A number with a currency attached: a suffix 元 / 港元 / 港幣 / 美元 / 人民幣 / 元人民幣 … (10億元, 9,414萬元,
  30億港元, 10.3億元人民幣) or a prefix $ / HK$ / US$ / RMB / 港幣 / 人民幣 ($4,000,000, 港幣3,000萬元,
  HK$1 billion). The number may be Arabic (1.613億元), Chinese (一億八千萬元, 十億元, 兩億元) or mixed
  (1億8,000萬元, 3千萬元).
- The bare left side of a range whose right side is money: 3至5億元 (the 億 of the right applies to the left),
  50萬至100萬元, 1,000萬元至1億元.
- One bare exception, because a fund is money by definition: a number ending in 萬/億 directly followed by a
  quoted name ending in 基金, e.g. 100億「創科產業引導基金」.

What is not, and why
- 萬/億 without a currency: 320萬登記用戶, 3 000萬人次, 150萬張電子證照, 100萬平方米 are counts and areas. The
  replies also write money this way ("37億將會投入", "上限由20萬提升至60萬", table cells "1.42億"), but nothing in
  the text tells those apart from counts, so they are left out on purpose: a missed amount is better than a
  count taken for dollars.
- 千萬億次 / 萬億次 (computing speed), percentages, years (2025年), counts (5個項目), ordinals (第1萬): no currency.
- Numbers that begin with a unit character: the table headers 百萬元 / 萬元 / 千元 say what a column is counted
  in, not an amount (use `table_amount` / `unit_multiplier` for those tables); the round figure 過百億元 goes
  with them. A number must begin with a digit or with 十.
- Vague amounts: 數十億元, 幾百萬元, 百多萬元 (but 為數1.8億元, "amounting to", is an amount).
- Spaces as thousands separators ("1 300"): the tables put two cells side by side with one space
  ("器材配件 1 600萬元" is 1 application and 600萬元), so a space never joins two digit groups; only commas do.
  (`table_amount` does accept "4 256" in a single cell.)
- 元 that begins another word: 元朗, 元素, 元件, 元宇宙, 元數據 …

English (the units and cue words are data: data/rules/money_en.yaml)
- A number after a Latin currency prefix ($, HK$, HK $, US$, HKD, RMB, RMB¥ …, one space allowed), with an
  optional scale word in any case: "$25 Million", "$43.3 M", "$0.5 m", "HK$200k", "HK$1.2 billion".
  Without a prefix a scale word is not money ("5 m", "3 million people"), except as the right end of a range
  whose left end is: "$3-5 million" (3,000,000 to 5,000,000).
- Ranges: "$1,000 to $6,500", "HKD300,001 – HKD900,000", "between $7.56m and $12.6m"; not "$2.54 million and
  $1.86 million respectively", nor a change ("increased from $700 million to $1.5 billion").
- Cues, read in the English clause before (a line break does not end it) and right after: cap ("up to", "not
  exceeding", "a maximum fine of", "the ceiling for project fund is"; "or below"), floor ("at least"; "or
  more"), more than ("over", "more than"), approximation ("about", "around"), per ("per project", "a year",
  "for each day", "annually"; "per enterprise is $15 million", "Each successful applicant may receive up to HK$25,000").

Values are exact integers in units of the currency (HK dollars for HKD): decimals are read as fractions, never
floats (1.613億元 = 161,300,000, "$43.3 M" = 43,300,000). A scaled amount that does not come out whole
("$1.2345678 million", 1.23456萬元, "1.2345678" in a "($ million)" column) is refused, not rounded: it is a
misprint or a misreading, and a rounded figure would look exact. Only an unscaled fraction of a unit (cents,
"$1,398.5") is rounded half up. The currency is kept as
written (ISO 4217), never converted. Offsets are character offsets into the text given, so
text[a.start:a.end] == a.text; cue words (最高, 約, 每年) are outside the span.

Cues are read from the same clause, up to CONTEXT_WINDOW characters before the amount, and from right after it:
is_cap (最高, 上限為, 不多於, 不(會)超過, 最多; …為上限, 或以下), is_min (不少於, 最少, 至少; 或以上),
is_over (逾, 超過: more than; with is_min it makes Amount.bound "lower", with is_cap "upper"),
approx (約, 大約, 近 right before; 左右 after), per (每年/每月/每名/每間/每個項目 …; several are joined
in text order, 上限為每名獲選學者每年100萬元 -> "person/year"). A cue followed by another Arabic number before the
amount qualifies that number instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from fractions import Fraction
from functools import cache, lru_cache
from pathlib import Path

from graph import yaml_text
from graph.resources import DATA_DIR

# --- units and words, as data ------------------------------------------------------------------------------------

ENGLISH_RULES_FILE = DATA_DIR / "rules" / "money_en.yaml"


@dataclass(frozen=True)
class EnglishRules:
    """What English text writes around an amount (data/rules/money_en.yaml)."""

    currency_prefixes: dict[str, str]
    scales: dict[str, int]
    range_separators: dict[str, re.Pattern[str]]  # "to", "and": English words joining a range
    range_needs_before: dict[str, re.Pattern[str]]  # "and" joins a range only after "between"
    not_a_range_before: re.Pattern[str]  # "increased from … to …"
    cues_before: dict[str, re.Pattern[str]]  # cap / min / approx, each ending where the amount begins
    cues_after: dict[str, re.Pattern[str]]
    per_after: re.Pattern[str]
    per_before: re.Pattern[str]
    per_units: dict[str, str]
    per_of_ceiling_after: re.Pattern[str]  # "the annual funding ceiling for each institution" after the amount
    period_before: re.Pattern[str] | None  # "An annual budget of about $8 million" before the amount
    per_periods: dict[str, str]  # "annual": year
    context_window: int
    clause_break: re.Pattern[str]


@cache
def english_rules(path: Path = ENGLISH_RULES_FILE) -> EnglishRules:
    data = yaml_text.safe_load(path.read_text(encoding="utf-8"))
    units = data["per_units"]
    unit_words = "|".join(sorted(units, key=len, reverse=True))
    after_words = "|".join(data["per_after_words"])
    filler = data["cue_filler"]
    return EnglishRules(
        currency_prefixes=dict(data["currency_prefixes"]),
        scales={word.lower(): int(n) for word, n in data["scales"].items()},
        range_separators={k: re.compile(v, re.I) for k, v in data["range_separators"].items()},
        range_needs_before={k: re.compile(v, re.I) for k, v in data["range_needs_before"].items()},
        not_a_range_before=re.compile(data["not_a_range_before"], re.I),
        cues_before={k: re.compile(rf"(?:{v}){filler}$", re.I) for k, v in data["cues_before"].items()},
        cues_after={k: re.compile(v, re.I) for k, v in data["cues_after"].items()},
        per_after=re.compile(rf"{data['per_after']}(?P<unit>{unit_words})\b|^\s*(?P<word>{after_words})\b", re.I),
        per_before=re.compile(rf"{data['per_before']}(?P<unit>{unit_words})\b", re.I),
        per_units={**units, **data["per_after_words"]},
        per_of_ceiling_after=re.compile(data["per_of_ceiling_after"], re.I),
        period_before=re.compile(data["period_before"], re.I) if "period_before" in data else None,
        per_periods=dict(data["per_periods"]),
        context_window=int(data["context_window"]),
        clause_break=re.compile(data["clause_break"]),
    )


_EN = english_rules()

CHINESE_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "壹": 1,
    "二": 2,
    "貳": 2,
    "兩": 2,
    "两": 2,
    "三": 3,
    "參": 3,
    "叁": 3,
    "四": 4,
    "肆": 4,
    "五": 5,
    "伍": 5,
    "六": 6,
    "陸": 6,
    "七": 7,
    "柒": 7,
    "八": 8,
    "捌": 8,
    "九": 9,
    "玖": 9,
}
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1_000, "仟": 1_000}
BIG_UNITS = {"萬": 10_000, "万": 10_000, "億": 100_000_000, "亿": 100_000_000}
ENGLISH_SCALES = _EN.scales  # million, M, bn, k … (case-insensitive): data/rules/money_en.yaml
# Units a table header may state for its column ("(百萬元)", "港幣百萬元", "(萬元)").
TABLE_UNITS = {
    "億": 100_000_000,
    "千萬": 10_000_000,
    "百萬": 1_000_000,
    "十萬": 100_000,
    "萬": 10_000,
    "千": 1_000,
    "百": 100,
    "": 1,
}

# Currency written before the number: the Chinese ones here, the Latin-script ones ($, HK$, RMB …) in
# data/rules/money_en.yaml. The pattern tries the longest first.
CURRENCY_PREFIXES = {
    "港幣": "HKD",
    "港元": "HKD",
    "人民幣": "CNY",
    "美元": "USD",
    **_EN.currency_prefixes,
}
# Currency written after the number. None: plain 元, the currency of the prefix if any, else HKD.
CURRENCY_SUFFIXES = {
    "元人民幣": "CNY",
    "元港幣": "HKD",
    "港元": "HKD",
    "港幣": "HKD",
    "美元": "USD",
    "人民幣": "CNY",
    "歐元": "EUR",
    "英鎊": "GBP",
    "日圓": "JPY",
    "日元": "JPY",
    "澳元": "AUD",
    "加元": "CAD",
    "新台幣": "TWD",
    "元": None,
}
DEFAULT_CURRENCY = "HKD"
# 元 starting another word: 元朗 (Yuen Long), 元素, 元件, 元宇宙, 元數據 …
NOT_MONEY_AFTER_YUAN = ("朗", "素", "件", "宇宙", "數據", "旦", "首", "老", "朝", "帥", "氣")
# A number right after 第 is an ordinal; 十 right after 數/幾/若干 is vague (數十億元 "several billion"), but
# 為數 means "amounting to" (為數1.8億元).
ORDINAL_BEFORE = ("第",)
VAGUE_BEFORE = ("數", "幾", "若干")

RANGE_WORDS = ("至", "到", "~", "〜", "～")  # the left side may be a bare number: 3至5億元
RANGE_DASHES = ("-", "–", "—", "－")  # the left side must be money itself: $30,000 - $49,999

# Cues before an amount are regular expressions searched in the clause before it; a cue counts only when no
# Arabic digit stands between it and the amount (that number would be what it qualifies). 上限 counts when it
# introduces the amount (上限為…, 上限設為…, 上限25萬元), not in "25萬元資助額上限可帶動75萬元".
CAP_BEFORE = ("最高", "上限(?=[為是：:設訂定由每]|$)", "不多於", "不高於", "不[會得可能應]?超過", "最多", "封頂")
CAP_AFTER = ("為上限", "為限", "封頂", "或以下", "以下")
# the old level of a cap that a comma parts from its word: "每名申請者的資助上限,由40萬元上調至60萬元" (信報, 2020)
CAP_CHANGED_FROM = re.compile(r"上限\s*[，,]\s*由\s*$")
MIN_BEFORE = ("不少於", "最少", "至少", "不低於")
MIN_AFTER = ("或以上", "以上")
# Approximation cues must end right before the amount (a 為/達/共 may sit between: 約為76億元).
APPROX_BEFORE = ("大約", "約", "接近", "將近", "近")
# "逾2,500宗" / "超過1億元" is more than the figure: a lower bound, not an approximation (see Amount.bound).
OVER_BEFORE = ("逾", "超過", "多於", "高於")
APPROX_AFTER = ("左右",)
NOT_APPROX_BEFORE = re.compile(r"(?:不[會得可能應]?超過|最近|附近)$")  # end with an approx cue, mean otherwise

# 每 + period: per year, per month …
PER_PERIODS = {
    "年度": "year",
    "年": "year",
    "月": "month",
    "季": "quarter",
    "星期": "week",
    "週": "week",
    "周": "week",
    "日": "day",
    "天": "day",
}
# 每 + measure word + noun: the noun decides (first listed wins), else the measure word.
PER_NOUNS = (
    ("項目", "project"),
    ("企業", "company"),
    ("公司", "company"),
    ("中小企", "company"),
    ("機構", "company"),
    ("學校", "school"),
    ("中學", "school"),
    ("小學", "school"),
    ("大學", "university"),
    ("院校", "university"),
    ("學者", "person"),
    ("學生", "person"),
    ("長者", "person"),
    ("人士", "person"),
    # an applicant of a scheme is the enterprise or organisation that applies ("每名申請者的資助上限", 信報 2020)
    ("申請者", "company"),
    ("申請人", "company"),
    ("申請", "application"),
)
PER_MEASURES = {
    "名": "person",
    "位": "person",
    "人": "person",
    "間": "company",
    "家": "company",
    "項": "project",
    "宗": "application",
    "所": "institution",
    "個": None,
}
# Words that say "per" without 每: 月薪為36,850元至44,765元 is a monthly salary.
PER_WORDS = {"月薪": "month", "月租": "month"}

# characters of the clause before an amount searched for 最高 / 每年 / 上限 …: 32, for "每個項目的最高資助額為項目總支出
# 的三分之一或1,500萬元" (30: the per-project cap of ITIB091/115; 20 lost its 每)
CONTEXT_WINDOW = 32
CLAUSE_BREAKS = set("，。；;：:！？!?\n、()（）")

# --- the pattern -------------------------------------------------------------------------------------------------

_ARABIC = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_CN_DIGITS = "".join(CHINESE_DIGITS)
_CN_START = "".join(d for d, v in CHINESE_DIGITS.items() if v) + "十拾"
_CN_ANY = _CN_DIGITS + "".join(SMALL_UNITS) + "".join(BIG_UNITS)
_BIG = "".join(BIG_UNITS)


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _right_after_a_prefix_word() -> str:
    """A lookbehind for a currency word that ends in a letter ("HKD300,001", "RMB200萬"): a digit right after a
    letter is not the start of a number (COVID19), unless the letters are such a prefix."""
    words = [w for w in CURRENCY_PREFIXES if w[-1].isalpha() and w.isascii()]
    by_length = {len(w): [x for x in words if len(x) == len(w)] for w in words}
    return "|".join(f"(?<={_alternation(same)})" for same in by_length.values())


# A number: starts with a digit (or 十), goes on with digits and unit characters; one space or newline may sit
# before 萬/億 ("9,414\n萬元", "1.613 億元").
_NUMBER_START = rf"(?:(?<![\dA-Za-z.,])|{_right_after_a_prefix_word()})"
_NUMERAL = rf"(?:{_NUMBER_START}{_ARABIC}|[{_CN_START}])(?:{_ARABIC}|[{_CN_ANY}]|[ \n](?=[{_BIG}])[{_BIG}])*"
_TOKEN = re.compile(
    rf"(?:(?<![A-Za-z])(?P<pre>{_alternation(CURRENCY_PREFIXES)})[ ]?)?"
    rf"(?P<num>{_NUMERAL})"
    rf"(?:[ \n]?(?P<eng>(?i:{_alternation(ENGLISH_SCALES)}))(?![A-Za-z]))?"
    rf"(?:[ \n]?(?P<suf>{_alternation(CURRENCY_SUFFIXES)})(?!{_alternation(NOT_MONEY_AFTER_YUAN)}))?"
)
# 100億「創科產業引導基金」: a bare 萬/億 number naming the size of a fund.
_FUND_QUOTE = re.compile(r"[「“\"『][^」”\"』\n]{1,40}?基金[」”\"』]")
_RANGE_SEP = re.compile(rf"[ \n]?({_alternation(RANGE_WORDS + RANGE_DASHES)})[ \n]?")
# …or an English word: "$3 million to $5 million", "between $7.56m and $12.6m"
_ANY_RANGE_SEP = re.compile(
    "|".join([_RANGE_SEP.pattern, *(rf"(?P<{w}>{p.pattern})" for w, p in _EN.range_separators.items())]), re.I
)
_TRAILING_UNIT = re.compile(rf"[十拾百佰千仟]?[{_BIG}]+$")
_CELL_NUMBER = re.compile(r"[-−]?(?:\d{1,3}(?:[, ]\d{3})+|\d+)(?:\.\d+)?")
_CELL_NOISE = re.compile(r"[(（](?:實際|修訂預算|預算|原來預算|估計|註\d*)[)）]|註\d*|[*#†‡]|\s")


@dataclass(frozen=True)
class Amount:
    """One amount of money; offsets are into the text it was found in."""

    start: int
    end: int
    text: str
    value: int  # in units of `currency` (HK dollars for HKD); the lower end of a range
    value_max: int | None = None  # the upper end of a range, else None
    currency: str = DEFAULT_CURRENCY  # ISO 4217, as written: never converted
    is_cap: bool = False  # 最高 / 上限 / 不多於 / 不超過 / 最多 …, or …為上限 / 或以下 after
    per: str | None = None  # "year", "person", … ; several joined by "/" in text order: "person/year"
    approx: bool = False  # 約 / 大約 / 逾 / 超過 / 近 … before, 左右 after
    is_min: bool = False  # 不少於 / 最少 / 至少 before, (或)以上 after: a floor, not a cap
    is_over: bool = False  # 逾 / 超過 right before: "more than X"

    @property
    def bound(self) -> str | None:
        """"upper" when the figure is at most the value (a cap), "lower" when it is at least or more than it."""
        if self.is_cap:
            return "upper"
        return "lower" if self.is_min or self.is_over else None

    @property
    def per_units(self) -> tuple[str, ...]:
        return tuple(self.per.split("/")) if self.per else ()


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    numeral: str
    value: Fraction
    currency: str | None  # None: a bare number (no currency written)
    scale_written: bool  # the number carries a unit (萬, 億, 千 …, million)
    english_scale: int = 1  # the multiplier of an English scale word after it ("million"), else 1


# --- numbers -----------------------------------------------------------------------------------------------------


def parse_numeral(numeral: str) -> Fraction | None:
    """The exact value of an Arabic, Chinese or mixed number: "1.613億" -> 161300000, "一億八千萬" -> 180000000.

    None when the characters do not make a number (two numbers side by side, a unit repeated out of order).
    """
    numeral = re.sub(r"\s", "", numeral)
    total = Fraction(0)  # complete 億 sections
    below_yi = Fraction(0)  # complete 萬 sections below the current 億
    small = Fraction(0)  # 千/百/十 part below the current 萬
    current: Fraction | None = None  # the digits not yet given a unit
    for token in re.findall(rf"{_ARABIC}|.", numeral):
        if token[0].isdigit():
            if current is not None:
                return None
            current = Fraction(token.replace(",", ""))
        elif token in CHINESE_DIGITS:
            if current is not None and CHINESE_DIGITS[token] != 0 and current != 0:
                return None  # 一二萬: two digits with no unit between
            current = Fraction(CHINESE_DIGITS[token]) if CHINESE_DIGITS[token] else current
        elif token in SMALL_UNITS:
            small += (current if current is not None else 1) * SMALL_UNITS[token]
            current = None
        elif token in BIG_UNITS:
            part = small + (current or 0)
            if BIG_UNITS[token] == BIG_UNITS["萬"]:
                below_yi += (part or 1) * BIG_UNITS[token]
            else:  # 億 closes a section; 萬億 = 10^12
                total = (total + (below_yi + part or 1)) * BIG_UNITS[token]
                below_yi = Fraction(0)
            small, current = Fraction(0), None
        else:
            return None
    return total + below_yi + small + (current or 0)


def _to_int(value: Fraction) -> int:
    """Round half up (away from zero) to a whole unit of currency."""
    sign = -1 if value < 0 else 1
    return sign * int(abs(value) + Fraction(1, 2))


def _has_scale(numeral: str) -> bool:
    return any(ch in SMALL_UNITS or ch in BIG_UNITS for ch in numeral)


# --- context: caps, floors, approximations, "per" ---------------------------------------------------------------


def _clause_before(text: str, start: int) -> str:
    """Up to CONTEXT_WINDOW characters of the clause that ends where the amount starts.

    One space or newline right before the amount is skipped ("每月\\n32萬元", "最高獲\\n4,500萬元").
    """
    end = start - 1 if start and text[start - 1] in " \n" else start
    begin = end
    while begin > 0 and end - begin < CONTEXT_WINDOW and text[begin - 1] not in CLAUSE_BREAKS:
        begin -= 1
    return text[begin:end]


def _after(text: str, end: int, width: int = 8) -> str:
    tail = text[end : end + width]
    return tail[1:] if tail[:1] == " " else tail


def _cue_before(clause: str, cues) -> bool:
    """A cue (regular expression) in the clause with no Arabic digit between it and the amount."""
    for cue in cues:
        hits = list(re.finditer(cue, clause))
        if hits and not re.search(r"\d", clause[hits[-1].end() :]):
            return True
    return False


def _is_approx(clause: str, after: str) -> bool:
    if after.startswith(APPROX_AFTER):
        return True
    near = re.sub(r"(?:為|達|共|計|合共)$", "", clause)  # 約為76億元, 約共…
    if NOT_APPROX_BEFORE.search(near):
        return False
    return near.endswith(APPROX_BEFORE)


def _is_over(clause: str) -> bool:
    near = re.sub(r"(?:為|達|共|計|合共)$", "", clause)
    return not NOT_APPROX_BEFORE.search(near) and near.endswith(OVER_BEFORE)


def _per_from(clause: str) -> list[str]:
    """Every 每… in the clause, in order, as per labels ("每名獲選學者每年" -> ["person", "year"]).

    Like the other cues, a 每 followed by an Arabic digit before the amount qualifies that number instead.
    """
    found: list[str] = []
    for piece in clause.split("每")[1:]:
        label = _per_label(piece)
        if label and label not in found and not re.search(r"\d", piece):
            found.append(label)
    for word, label in PER_WORDS.items():
        at = clause.rfind(word)
        if at >= 0 and label not in found and not re.search(r"\d", clause[at:]):
            found.append(label)
    return found


def _per_label(piece: str) -> str | None:
    for word, label in PER_PERIODS.items():
        if piece.startswith(word):
            return label
    for noun, label in PER_NOUNS:
        if noun in piece[:12]:
            return label
    return PER_MEASURES.get(piece[:1])


def recipient_of(phrase: str) -> str | None:
    """The per label of the last recipient noun of a phrase, without 每: "獲支持的項目" -> "project" (what an average
    "獲支持的項目的平均資助金額" is per)."""
    found = [(phrase.rfind(noun), label) for noun, label in PER_NOUNS if noun in phrase]
    if not found:  # English: "the institution" -> "institution" (money_en.yaml `per_units`)
        words = re.findall(r"[a-z]+", phrase.lower())
        found = [(i, _EN.per_units[w]) for i, w in enumerate(words) if w in _EN.per_units]
    return max(found)[1] if found else None


def _per(clause: str, after: str) -> list[str]:
    labels = _per_from(clause)
    m = re.match(r"[ \n]?(?:/|每|一)(年度|年|月|季|星期|週|周|日|天)", after)
    if m and PER_PERIODS[m.group(1)] not in labels:
        labels.append(PER_PERIODS[m.group(1)])
    return labels


# English cues are read in an English clause: longer than the Chinese one, and a line break does not end it.


def _english_sentence(text: str, start: int) -> str:
    """The English text before `start` back to a sentence end (within the window): brackets do not break it ("an
    increase in the total loan guarantee commitment under the SME Loan Guarantee Scheme (SGS) from …")."""
    piece = text[max(0, start - _EN.context_window) : start]
    breaks = list(re.finditer(r"[.;!?](?=\s)", piece))
    return piece[breaks[-1].end() :] if breaks else piece


def _english_clause(text: str, start: int) -> str:
    piece = text[max(0, start - _EN.context_window) : start]
    breaks = list(_EN.clause_break.finditer(piece))
    return piece[breaks[-1].end() :] if breaks else piece


def _english_cue(kind: str, clause: str, tail: str) -> bool:
    after = _EN.cues_after.get(kind)
    return bool(_EN.cues_before[kind].search(clause) or (after is not None and after.match(tail)))


def _english_per(clause: str, tail: str) -> list[str]:
    """ "per enterprise is $15 million" / "Each successful applicant may receive up to $25,000" before the amount
    (with no other number between), "$800,000 per project" / "$100,000 a year" / "annually" after it."""
    labels = []
    before = list(_EN.per_before.finditer(clause))
    if before and not re.search(r"\d", clause[before[-1].end() :]):
        labels.append(_EN.per_units[before[-1].group("unit").lower()])
    after = _EN.per_after.match(tail)
    if after:
        labels.append(_EN.per_units[(after.group("unit") or after.group("word")).lower()])
    period = None if labels or _EN.period_before is None else _EN.period_before.search(clause)
    if period:  # "An annual budget of about $8 million": a yearly amount
        labels.append(_EN.per_periods[period.group("period").lower()])
    ceiling = None if labels else _EN.per_of_ceiling_after.match(tail)
    if ceiling:  # "to $8 million the annual funding ceiling for each institution": year, then institution
        period, unit = (ceiling.group("period") or "").lower(), (ceiling.group("unit") or "").lower()
        labels += [label for label in (_EN.per_periods.get(period), _EN.per_units.get(unit)) if label]
    return labels


def _with_context(text: str, start: int, end: int, value: int, value_max: int | None, currency: str) -> Amount:
    clause, after = _clause_before(text, start), _after(text, end)
    english, tail = _english_clause(text, start), text[end : end + 64]
    is_cap = (_cue_before(clause, CAP_BEFORE) or after.startswith(CAP_AFTER) or _english_cue("cap", english, tail)
              or bool(CAP_CHANGED_FROM.search(text, max(0, start - 12), start)))
    is_min = _cue_before(clause, MIN_BEFORE) or after.startswith(MIN_AFTER) or _english_cue("min", english, tail)
    # "not more than $5 million" is a cap, not "more than": an English approximation only when no cap or floor is
    is_over = not (is_cap or is_min) and (_is_over(clause) or _english_cue("lower", english, tail))
    english_approx = not (is_cap or is_min or is_over) and _english_cue("approx", english, tail)
    per = list(dict.fromkeys(_per(clause, after) + _english_per(english, tail)))
    return Amount(
        start=start,
        end=end,
        text=text[start:end],
        value=value,
        value_max=value_max,
        currency=currency,
        is_cap=is_cap,
        per="/".join(per) or None,
        approx=_is_approx(clause, after) or english_approx,
        is_min=is_min,
        is_over=is_over,
    )


# --- tokens and ranges ------------------------------------------------------------------------------------------


def _tokens(text: str) -> list[_Token]:
    """The numbers in `text` that can be money: with a currency written around them, or bare but right before a
    range word (the 3 of 3至5億元) or with an English scale (the 5 million of "$3-5 million"). Other bare numbers
    are skipped before they are parsed. A scaled number that does not come out whole is refused."""
    out: list[_Token] = []
    for m in _TOKEN.finditer(text):
        numeral = m.group("num")
        pre, suf, eng = m.group("pre"), m.group("suf"), m.group("eng")
        currency = _currency(pre, suf)
        if currency is None and numeral[-1] in BIG_UNITS and _FUND_QUOTE.match(text, m.end("num")):
            currency = DEFAULT_CURRENCY  # 100億「創科產業引導基金」
        if currency is None and not eng and not _RANGE_SEP.match(text, m.end("num")):
            continue
        if _ordinal_or_vague(text, m.start("num"), numeral):
            continue
        value = parse_numeral(numeral)
        if value is None:
            continue
        english_scale = ENGLISH_SCALES[eng.lower()] if eng else 1
        value *= english_scale
        scaled = _has_scale(numeral) or bool(eng)
        if scaled and value.denominator != 1:
            continue  # "$1.2345678 million": not a whole dollar, so not read as written; refused, not rounded
        start = m.start() if pre else m.start("num")
        end = m.end() if suf else m.end("eng") if eng else m.end("num")
        out.append(_Token(start, end, numeral, value, currency, scaled, english_scale))
    return out


def _ordinal_or_vague(text: str, start: int, numeral: str) -> bool:
    before = text[max(0, start - 2) : start]
    if before.endswith(ORDINAL_BEFORE):
        return True
    return numeral[0] in "十拾" and before.endswith(VAGUE_BEFORE) and not before.endswith("為數")


def _currency(pre: str | None, suf: str | None) -> str | None:
    if suf is not None and CURRENCY_SUFFIXES[suf]:
        return CURRENCY_SUFFIXES[suf]
    if pre is not None:
        return CURRENCY_PREFIXES[pre]
    return DEFAULT_CURRENCY if suf is not None else None


def _separator(text: str, left: _Token, right: _Token) -> str | None:
    """What joins `left` and `right`: "word" (至, 到, ~: the left may be bare), "dash", "to", "and", or None."""
    sep = _ANY_RANGE_SEP.fullmatch(text, left.end, right.start)
    if not sep:
        return None
    english = next((w for w in _EN.range_separators if sep.group(w)), None)
    if english:
        needs = _EN.range_needs_before.get(english)
        return english if needs is None or needs.search(_english_clause(text, left.start)) else None
    return "word" if sep.group(1) in RANGE_WORDS else "dash"


def _range(text: str, left: _Token, right: _Token) -> tuple[Fraction, str] | None:
    """The low end and the currency when `left` and `right` form a range (3至5億元, $30,000 - $49,999,
    "$3 million to $5 million", "$3-5 million"), else None."""
    kind = _separator(text, left, right)
    if kind is None:
        return None
    if right.currency is None:  # "$3-5 million": money on the left, an English scale on the right
        if left.currency is None or right.english_scale == 1 or kind == "word":
            return None
    elif left.currency is None and kind != "word":
        return None
    if left.currency not in (None, right.currency) and right.currency is not None:
        return None
    if _EN.not_a_range_before.search(_english_sentence(text, left.start)):
        return None  # "increased from $700 million to $1.5 billion": a change
    low = left.value
    if not left.scale_written:
        unit = _TRAILING_UNIT.search(right.numeral)
        if unit:
            low *= parse_numeral("1" + unit.group())
        low *= right.english_scale
        if low > right.value and left.currency is not None:
            low = left.value  # "HK$500,000 to HK$100 million": the left is money as written
    currency = right.currency or left.currency
    return (low, currency) if low <= right.value and currency else None


def find_amounts(text: str) -> list[Amount]:
    """Every amount of money in `text`, in order, with offsets into `text` (see the module docstring)."""
    tokens = _tokens(text)
    amounts: list[Amount] = []
    i = 0
    while i < len(tokens):
        token = tokens[i]
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        joined = _range(text, token, nxt) if nxt else None
        if nxt is not None and joined is not None:
            low, currency = joined
            amounts.append(_with_context(text, token.start, nxt.end, _to_int(low), _to_int(nxt.value), currency))
            i += 2
            continue
        if token.currency is not None:
            amounts.append(_with_context(text, token.start, token.end, _to_int(token.value), None, token.currency))
        i += 1
    return amounts


@lru_cache(maxsize=16_384)  # a table's cells repeat ("-", "0.5", "1.2"): each read once (Amount is frozen)
def parse_amount(s: str) -> Amount | None:
    """The first amount in the snippet `s` (offsets into `s`), or None when it holds no money."""
    found = find_amounts(s)
    return found[0] if found else None


# --- tables ------------------------------------------------------------------------------------------------------


@lru_cache(maxsize=4_096)  # asked for every line of a block and every money column: a few dozen headers a table
def unit_multiplier(header: str) -> int | None:
    """What a table column's numbers are counted in: "(百萬元)" -> 1000000, "港幣百萬元" -> 1000000,
    "(萬元)" -> 10000, "(元)" / "(港幣)" -> 1, "HK$ million" -> 1000000; None when the header names no
    currency ("(萬)" counts people or visits)."""
    h = re.sub(r"\s", "", header)
    units = _alternation(k for k in TABLE_UNITS if k)
    found = list(
        re.finditer(
            rf"(?:港幣|港元|人民幣|美元)?(?P<unit>{units})?(?:元|港元|港幣)(?!{_alternation(NOT_MONEY_AFTER_YUAN)})"
            rf"|(?:港幣|港元|人民幣|美元)(?P<unit2>{units})?",
            h,
        )
    )
    if found:
        in_parens = [m for m in found if re.search(r"[(（][^()（）]*$", h[: m.start()])]
        m = (in_parens or found)[-1]
        return TABLE_UNITS[m.group("unit") or m.group("unit2") or ""]
    m = _ENGLISH_HEADER_UNIT.search(h)
    if m:
        if m.group("eng"):
            return int(m.group("count") or 1) * ENGLISH_SCALES[m.group("eng").lower()]
        return 1_000 if m.group("thousands") else 1
    return None


# An English header, spaces removed: "($ million)", "HK$'000", "HK$’000", "(in HK$Million)", "$m", "(HKD 100 million)".
_ENGLISH_HEADER_UNIT = re.compile(
    rf"(?:{_alternation(_EN.currency_prefixes)})"
    rf"(?:(?P<thousands>['’]?000)|(?P<count>\d+)?(?P<eng>{_alternation(ENGLISH_SCALES)}))?(?![A-Za-z])",
    re.I,
)


def _header_currency(header: str) -> str:
    """The currency a header names other than HK dollars (人民幣千元, RMB million, US$'000), else HKD."""
    for word in sorted(CURRENCY_PREFIXES, key=len, reverse=True):
        if word in header and CURRENCY_PREFIXES[word] != DEFAULT_CURRENCY:
            return CURRENCY_PREFIXES[word]
    return DEFAULT_CURRENCY


def table_amount(cell: str, unit_header: str) -> Amount | None:
    """The amount in a table cell counted in the unit its column header states: ("119.7", "(百萬元)") ->
    119,700,000 HKD. A cell that writes its own unit ("1.63億元", "$4,000,000 *") is read as written.
    None for "-", "不適用" and cells that are not a single number; offsets are into `cell`."""
    own = parse_amount(cell)
    if own is not None:
        return own
    multiplier = unit_multiplier(unit_header)
    if multiplier is None:
        return None
    numbers = list(_CELL_NUMBER.finditer(cell))
    if len(numbers) != 1:
        return None
    number = numbers[0]
    rest = _CELL_NOISE.sub("", cell[: number.start()] + cell[number.end() :])
    approx = rest in ("約", "大約", "逾", "超過", "近") or rest.startswith("約")
    if rest and not approx:
        return None
    value = Fraction(re.sub(r"[ ,]", "", number.group()).replace("−", "-")) * multiplier
    if multiplier > 1 and value.denominator != 1:
        return None  # "1.2345678" in a ($ million) column: not a whole dollar, refused rather than rounded
    return Amount(
        start=number.start(),
        end=number.end(),
        text=number.group(),
        value=_to_int(value),
        currency=_header_currency(unit_header),
        approx=approx,
    )
