"""Money facts from the tables of a reply: one fact per money cell.

PDF extraction flattens a table into lines: its header is broken over many lines ("2020-21 / 年度 / 實際開支"), a
row is "<name> n1 … nk" or a name broken over lines followed by a line of numbers, and a row of an annex may end in
a line holding its one number. The words that decide are data (data/rules/tables.yaml). Reading a table:

1. a table is a run of lines between lines of prose that states a money unit ("(百萬元)", "金額(百萬元)", or a row's
   "營運開支(百萬元)"); its header ends with the last line of years, units, kinds and counts before its first row;
2. the header says the columns: a fiscal year each ("2020-21 / 年度 / 實際開支": that year, `actual`; a footnote
   mark sends to the note under the table for its kind), or, without years, one per unit or count word
   ("獲資助的初創企業數目 | 獲批資助總額(萬元) | 專利數目"); only columns with a unit hold money. A header that
   states no unit above cells that state theirs ("項目總支出 | 私人投資 | 資助金額" over "27 6億元 4.2億元 1.8億元")
   has a money column per kind it names, and only a cell with a unit is money. A table whose rows start with a
   year ("2028-29及以後 2,100") has a year per row instead;
3. each row's cells are matched to the columns (digits grouped by spaces, "1 536", are joined only where the
   columns need it, and only when every way of joining them gives the same money cells);
4. each money cell becomes a fact about the row's subject — the body or scheme its name names (a name broken over
   lines is joined and resolved again) — paid by the table's payer: the scheme in its title, else the scheme or
   body the introducing sentences name as the money's source, else the bureau of the reply. A figure about one
   thing (an income, a cost, a body's own spending, a total, a year's figure of a table about one scheme) has no
   payer: `funder` is None and the fact is about `recipient`. What a table is about comes from the sentence that
   introduces it: a body or scheme before 的/下 or opening the sentence, a short form the reply defined, the reply's
   programme ("綱領(2)「…」的"); rows that are kinds of it (所屬行業, 業務領域) are figures about the scheme it names,
   items that name nothing under a programme are figures about the programme, and the parts of a figure ("-員工
   薪酬") are figures about the same thing (the parts of a flow are left out: a sum would count them twice). A
   table of posts says one figure, the pay its merged money cell states, about the programme it is under.

Rows that say no fact are left out and listed (`read_tables(...).skipped`, with the reason), so the report can say
what was not read: rows naming no body or scheme, totals of a table whose fund the text does not name, rows whose
cells do not match the columns, parts of the row above (a breakdown is not more money), tables of posts and pay.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import cache, cached_property
from pathlib import Path

from graph import yaml_text
from graph.model import MODEL, AmountType, Label, label_of_id
from graph.resources import DATA_DIR
from loaders.entities import Mention
from loaders.funding import FundingRules, is_source, load_rules, sentence_of, sentence_spans
from loaders.money import Amount, parse_amount, table_amount, unit_multiplier
from loaders.text import line_spans

RULES_FILE = DATA_DIR / "rules" / "tables.yaml"
_PAYERS = frozenset(MODEL.relationships["FUNDS"].start)  # who may pay, and be paid, by data/model.yaml
_PAYEES = frozenset(MODEL.relationships["FUNDS"].end)
_SUBJECTS = (Label.SCHEME, Label.INSTITUTION, Label.COMPANY, Label.DEPARTMENT, Label.BUREAU)
_BODIES = (Label.DEPARTMENT, Label.INSTITUTION, Label.COMPANY)  # beside a scheme in a row: the scheme pays them
_HAVE_POSTS = (Label.PROGRAMME, Label.DEPARTMENT, Label.BUREAU)  # what a table of civil service posts is about

Span = tuple[int, int]
Resolver = Callable[[str], list[Mention]]


@dataclass(frozen=True)
class TableFact:
    funder: str | None  # None: a figure about `recipient` (no payer is stated), not a payment
    recipient: str
    amount: Amount  # offsets into the analysed text
    amount_type: AmountType
    fiscal_year: str | None
    row: Span  # the whole row, as the fact's quote
    method: str
    row_header: str = ""  # the row's name as printed ("新型工業化及科技培訓計劃", "總數", "2028-29及以後")
    column_header: str = ""  # the column's header as printed ("2020-21年度實際開支", "估計現金流(百萬元)")
    # A figure for this year and every later one ("2028-29及以後"): `fiscal_year` stays None, so that the figure is
    # never taken for that one year's.
    fiscal_year_onward: str | None = None


class Skip(StrEnum):
    """Why a row with money in it says no fact."""

    PART = "a part of the row above"
    CELLS = "cells do not match the columns"
    STAFF = "posts and pay"
    NO_ENTITY = "names no body or scheme"
    NO_TOPIC = "a table of years that does not name what it is about"
    NO_FUND = "a total of a table whose fund the text does not name"
    NO_TYPE = "an amount type data/model.yaml does not have yet"


@dataclass(frozen=True)
class SkippedRow:
    row: Span
    row_header: str
    reason: Skip


@dataclass
class TableReading:
    facts: list[TableFact] = field(default_factory=list)
    skipped: list[SkippedRow] = field(default_factory=list)

    @property
    def row_spans(self) -> list[Span]:
        """Every row with money the tables hold, read or left out: cells, not sentences for the sentence rules."""
        return sorted({f.row for f in self.facts} | {s.row for s in self.skipped})


# --- rules ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OwnMeasure:
    """A measure whose figures are about the row's subject itself ("商品化及其他收入", "營運開支")."""

    amount_type: str | None  # None: the kind of the figure's year applies
    words: tuple[str, ...]
    per: str | None = None  # a rate: "year" for a 年薪值


@dataclass(frozen=True)
class TableRules:
    prose_min_length: int
    prose_punctuation: str
    cell_lookahead: int
    header_cell_length: int
    table_end: tuple[re.Pattern[str], ...]
    annex_start: re.Pattern[str]
    caption: re.Pattern[str]
    fiscal_year: str
    year_suffix: str
    later_years: str
    other_year_rows: str
    column_kinds: tuple[tuple[str, tuple[str, ...]], ...]
    measure_column_kinds: tuple[tuple[str, tuple[str, ...]], ...]  # in a table without year columns only
    own_measures: tuple[OwnMeasure, ...]
    count_columns: tuple[str, ...]
    staff_words: tuple[str, ...]
    total_rows: tuple[str, ...]
    change_column: re.Pattern[str] | None
    whole_government: tuple[str, ...]
    total_column: re.Pattern[str]
    part_prefixes: tuple[str, ...]
    year_row_labels: tuple[str, ...]
    unit: re.Pattern[str]
    cell: str
    cell_note: str
    amount_in_name: re.Pattern[str]
    group_tail: re.Pattern[str]
    bare_magnitude: re.Pattern[str]
    bare_money: re.Pattern[str]
    currency_word: str
    refers_back: tuple[str, ...]
    payer_after: tuple[str, ...]
    topic_after: tuple[str, ...]
    sentence_opening: re.Pattern[str]
    category_rows: re.Pattern[str]
    programme_reference: re.Pattern[str]
    footnote_mark: re.Pattern[str]
    footnote: str
    granted_titles: tuple[str, ...]
    to_date_words: tuple[str, ...]  # a year "截至2025年1月底": its money so far, spent

    @cached_property
    def kind_words(self) -> str:
        return "|".join(re.escape(w) for _, words in self.column_kinds for w in words)

    @cached_property
    def row(self) -> re.Pattern[str]:
        """A line as "<label> <cells>": the label as short as the cells at its end let it be."""
        return re.compile(rf"(?P<label>.*?)(?P<tail>(?:\s*(?:{self.cell_note}|{self.cell}))*\s*)", re.S)

    @cached_property
    def cell_token(self) -> re.Pattern[str]:
        return re.compile(rf"(?P<note>{self.cell_note})|(?P<cell>{self.cell})")

    @cached_property
    def year_header(self) -> re.Pattern[str]:
        """A header line of year columns: "2020-21", "2023-24年度", "2024-25 (1 )", "項目 2024-25", "2019-20 …"."""
        year = rf"{self.fiscal_year}(?:{self.year_suffix})?(?:{self.later_years})?"
        return re.compile(rf"(?P<lead>\D*?)(?:\s*{year}(?:\s*(?:{self.kind_words}|{self.cell_note}))*)+\s*")

    @cached_property
    def column_year(self) -> re.Pattern[str]:
        return re.compile(rf"{self.fiscal_year}(?:{self.year_suffix})?(?P<later>{self.later_years})?")

    @cached_property
    def year_row(self) -> re.Pattern[str]:
        """The year a row of a year-per-row table starts with, and the notes after it: "2022-23 (實際)"."""
        return re.compile(
            rf"\s*(?:{self.fiscal_year}(?:{self.year_suffix})?(?P<later>{self.later_years})?"
            rf"|(?P<other>{self.other_year_rows}))(?P<notes>(?:\s*(?:{self.cell_note}))*)"
        )

    @cached_property
    def kind_word(self) -> re.Pattern[str]:
        """A column kind's word; the longest first, so that 項目總支出 is one column, not 項目總支出 and 總支出."""
        words = sorted({w for _, words in self.column_kinds for w in words}, key=len, reverse=True)
        return re.compile("|".join(re.escape(w) for w in words))

    @cached_property
    def count_column(self) -> re.Pattern[str]:
        return re.compile("|".join(re.escape(w) for w in self.count_columns))


@cache
def load_table_rules(path: Path = RULES_FILE) -> TableRules:
    data = yaml_text.safe_load(path.read_text(encoding="utf-8"))
    return TableRules(
        prose_min_length=int(data["prose"]["min_length"]),
        prose_punctuation=data["prose"]["punctuation"],
        cell_lookahead=int(data["prose"]["cell_lookahead"]),
        header_cell_length=int(data["header_cell_length"]),
        table_end=tuple(re.compile(p) for p in data["table_end"]),
        annex_start=re.compile(data["annex_start"]),
        caption=re.compile(data["caption"]),
        fiscal_year=data["fiscal_year"],
        year_suffix=data["year_suffix"],
        later_years=data["later_years"],
        other_year_rows=data["other_year_rows"],
        column_kinds=tuple((k["type"], tuple(k["words"])) for k in data["column_kinds"]),
        measure_column_kinds=tuple((k["type"], tuple(k["words"])) for k in data.get("measure_column_kinds", [])),
        own_measures=tuple(OwnMeasure(m.get("type"), tuple(m["words"]), m.get("per")) for m in data["own_measures"]),
        count_columns=tuple(data["count_columns"]),
        staff_words=tuple(data["staff_words"]),
        total_rows=tuple(data["total_rows"]),
        change_column=re.compile(data["change_column"]) if "change_column" in data else None,
        whole_government=tuple(data["whole_government"]),
        total_column=re.compile(data["total_column"]),
        part_prefixes=tuple(data["part_prefixes"]),
        year_row_labels=tuple(data["year_row_labels"]),
        unit=re.compile(data["unit"]),
        cell=data["cell"],
        cell_note=data["cell_note"],
        amount_in_name=re.compile(data["amount_in_name"]),
        group_tail=re.compile(data["group_tail"]),
        bare_magnitude=re.compile(data["bare_magnitude"]),
        bare_money=re.compile(data["bare_money"]),
        currency_word=data["currency_word"],
        refers_back=tuple(data["refers_back"]),
        payer_after=tuple(data["payer_after"]),
        topic_after=tuple(data["topic_after"]),
        sentence_opening=re.compile(data["sentence_opening"]),
        category_rows=re.compile(data["category_rows"], re.M),
        programme_reference=re.compile(data["programme_reference"]),
        footnote_mark=re.compile(data["footnote_mark"]),
        footnote=data["footnote"],
        granted_titles=tuple(data["granted_titles"]),
        to_date_words=tuple(data.get("to_date_words", [])),
    )


def model_amount_type(name: str) -> AmountType | None:
    """The model's amount_type of that name; None when data/model.yaml does not (yet) declare it: a rule may name a
    type before the model has it, and its cells are then left out rather than written with a type the model
    refuses."""
    return AmountType(name) if name in {t.value for t in AmountType} else None


# --- what a table is made of -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Source:
    """What every step reads: the text, the entities the recogniser found in it, and the rules."""

    text: str
    mentions: list[Mention]
    resolve: Resolver | None  # the recogniser over a name the text breaks over lines
    document_year: str | None
    funding: FundingRules
    rules: TableRules
    programmes: Mapping[str, str] = field(default_factory=dict)  # the reply's programmes by number: "2" -> id
    answering_body: str | None = None  # the office that answers the reply (its budget head's)
    # each line's split into label, cells and notes (_split_row), asked again by the lines above it and by each step
    split_rows: dict[Span, tuple[Span, tuple[Cell, ...], str]] = field(default_factory=dict, init=False,
                                                                       compare=False, repr=False)

    def line(self, span: Span) -> str:
        return self.text[span[0] : span[1]]

    @cached_property
    def sentences(self) -> list[Span]:
        """The text's sentences (sentence_spans), split once for all its tables."""
        return sentence_spans(self.text)

    def joined(self, spans: tuple[Span, ...] | list[Span]) -> str:
        return "".join(self.line(span).strip() for span in spans)


@dataclass(frozen=True)
class Cell:
    start: int
    end: int
    note: str = ""  # printed right after it: "15.25 (實際)"


@dataclass(frozen=True)
class Column:
    header: str  # as printed, lines joined (of a long one, its last lines)
    words: str  # all of its header's text, for what it says about the column ("按薪級中點估計…預算開支")
    unit: str | None  # the unit its numbers are counted in; None: no money (counts, shares)
    kind: str | None  # the amount_type its header names (修訂預算 -> revised_estimate)
    fiscal_year: str | None = None
    onward_from: str | None = None  # "2028-29及以後": that year and every later one
    unit_in_cell: bool = False  # a money column whose cells state their own unit ("6億元"): `unit` is None
    kind_from_row: bool = False  # a column of totals whose rows name their measures: the row's label names the kind


@dataclass(frozen=True)
class Row:
    name: tuple[Span, ...]  # its name: the label before its cells, or the lines above them
    cells: tuple[Cell, ...]
    span: Span
    note: str = ""  # printed between its name and its cells: "2022-23 (實際) 4.22"
    heading: str | None = None  # the body or scheme of a heading line above it ("汽車科技研發中心")
    fiscal_year: str | None = None  # a year-per-row table's
    onward_from: str | None = None
    text_among_cells: bool = False  # a line below it held words, not only cells


@dataclass(frozen=True)
class Table:
    header: Span
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    year_rows: bool  # a year per row (the columns are measures)
    category_rows: bool = False  # rows are kinds of what the table is about (所屬行業, 業務領域), not bodies


@dataclass(frozen=True)
class Context:
    """Who pays for a table's rows and what the table is about, from its title and the sentences before it."""

    payer: str | None
    payer_stated: bool  # named by the title or the introducing sentences, not only the bureau of the reply
    topic: str | None
    kind: str | None  # the kind of figure the title names (預算開支 -> estimate); None: nothing but the default
    fiscal_year: str | None  # the one year the title states ("2025-26年度獲資助之科技項目")
    named: tuple[str, ...] = ()  # the bodies and schemes the introducing sentence names, in order
    granted: bool = False  # the title says the rows were granted money ("獲資助之科技項目")


# --- entry points ----------------------------------------------------------------------------------------------------


def read_tables(
    text: str,
    mentions: list[Mention],
    default_funder: str | None,
    rules: FundingRules | None = None,
    document_year: str | None = None,
    resolve: Resolver | None = None,
    programmes: Mapping[str, str] | None = None,
    answering_body: str | None = None,
) -> TableReading:
    """The facts of every money table of `text`, and the rows left out with the reason.

    `document_year`: the fiscal year the document is about ("2025-26" for the 2025-26 Estimates); `resolve`: the
    entity recogniser over a piece of text, to name a row whose name is broken over lines; `programmes`: the
    programmes of the reply's head by number ({"2": "programme:2025-26:135:2"}), which a table's lead-in may name
    as what it is about ("綱領(2)「創新科技及工業」的修訂預算…具體明細表列如下"); `answering_body`: the office
    that answers, whose own spending a table of years is when it names no one else ("「智方便」…每年日常營運開支表列
    如下")."""
    source = Source(_canonical(text), mentions, resolve, document_year, rules or load_rules(), load_table_rules(),
                    dict(programmes or {}), answering_body)
    reading = TableReading()
    for block in _blocks(source):
        table = _table(source, block)
        if table is None:
            continue
        context = _context(source, table, default_funder)
        pay = _pay_of_the_posts(source, table, context)
        if pay is not None:
            reading.facts.append(pay)
        above: Whom | None = None
        for row in table.rows:
            facts, skipped, whom = _row_facts(source, table, context, row, above)
            reading.facts += facts
            reading.skipped += skipped
            above = whom or above
    reading.facts = _unique(reading.facts)
    return reading


def _canonical(text: str) -> str:
    """The text with CJK compatibility ideographs as the characters they stand for: the PDF of the 2025-26 replies
    writes 年度 as U+F98E U+FA01 in some headers ("2020-21 / 年度"), which no rule's 年度 matches. One character for
    one, so every offset stays the text's."""
    return text.translate(_COMPATIBILITY_IDEOGRAPHS)


_COMPATIBILITY_IDEOGRAPHS = {
    code: unicodedata.normalize("NFC", chr(code))
    for block in (range(0xF900, 0xFB00), range(0x2F800, 0x2FA20))
    for code in block
    if len(unicodedata.normalize("NFC", chr(code))) == 1 and unicodedata.normalize("NFC", chr(code)) != chr(code)
}


# --- blocks of lines -------------------------------------------------------------------------------------------------



def _blocks(source: Source) -> Iterator[list[Span]]:
    """Runs of lines between prose and the lines that end a table, that state a money unit."""
    lines = line_spans(source.text)
    block: list[Span] = []
    for i, span in enumerate(lines):
        starts = _starts_a_table(source.line(span).strip(), source.rules)
        if starts or _ends_a_table(source, lines, i):
            yield from _with_money(source, block)
            block = []
            if not starts:
                continue
        block.append(span)
    yield from _with_money(source, block)


def _with_money(source: Source, block: list[Span]) -> Iterator[list[Span]]:
    if any(_unit_of(source.line(span), source.rules) or _money_cells(source, span) for span in block):
        yield block


def _money_cells(source: Source, span: Span) -> list[Cell]:
    """The cells of a line that state their own unit ("6億元", "8,900萬元", "1.42億"): money whatever the header
    says."""
    return [Cell(m.start(), m.end()) for m in source.rules.cell_token.finditer(source.text, *span)
            if m.group("cell") and _states_unit(m.group(0), source.rules)]


def _states_unit(cell: str, rules: TableRules) -> bool:
    return parse_amount(cell.strip()) is not None or rules.bare_money.search(cell.strip()) is not None


def _starts_a_table(line: str, rules: TableRules) -> bool:
    """An annex ("附件一") or a caption ("「中學IT創新實驗室」計劃："): the first line of a table, its title."""
    return bool(rules.annex_start.match(line) or (rules.caption.search(line) and not _is_prose(line, rules)))


def _ends_a_table(source: Source, lines: list[Span], i: int) -> bool:
    line = source.line(lines[i]).strip()
    if any(p.search(line) for p in source.rules.table_end):
        return True
    if not _is_prose(line, source.rules):
        return False
    # a long cell of a row whose value follows within a few lines (the content column of a list of projects)
    return not any(_is_value_line(source, span) for span in lines[i + 1 : i + 1 + source.rules.cell_lookahead])


def _is_prose(line: str, rules: TableRules) -> bool:
    return len(line) >= rules.prose_min_length and any(p in line for p in rules.prose_punctuation)


def _is_value_line(source: Source, span: Span) -> bool:
    """A line of cells and nothing else: "7.5", "約1,610", "11.2 62.4 49.6 540.4 114.3" (not a year: "2019-20")."""
    if _column_years(source, span) or _year_at(source, span):
        return False
    label, cells, _ = _split_row(source, span)
    return bool(cells) and label[0] == label[1]


def _unit_of(text: str, rules: TableRules) -> str | None:
    """The money unit a line states ("(百萬元)"), if loaders/money.py knows how much it counts."""
    return next((m.group(0) for m in rules.unit.finditer(text) if unit_multiplier(m.group(0)) is not None), None)


# --- a line as a row -------------------------------------------------------------------------------------------------


def _split_row(source: Source, span: Span) -> tuple[Span, tuple[Cell, ...], str]:
    """A line as its label, its cells and the notes between them: "2.射頻實驗所 升級現有功率測量系統 30" ->
    ("2.射頻實驗所 升級現有功率測量系統", [30]). A line whose last word is not a cell has no cells."""
    if (split := source.split_rows.get(span)) is None:
        split = source.split_rows[span] = _split_line(source, span)
    return split


def _split_line(source: Source, span: Span) -> tuple[Span, tuple[Cell, ...], str]:
    rules = source.rules
    match = rules.row.fullmatch(source.text, *span)
    label_end = match.end("label")
    cells: list[Cell] = []
    row_note = ""
    for token in rules.cell_token.finditer(source.text, match.start("tail"), match.end("tail")):
        if token.group("cell"):
            cells.append(Cell(token.start(), token.end()))
        elif cells:
            cells[-1] = replace(cells[-1], note=cells[-1].note + token.group(0))
        elif row_note or _is_row_note(token.group(0), rules):
            row_note += token.group(0)
        else:  # words in brackets before the cells belong to the name: "科技統籌(整體撥款)", "營運開支(百萬元)"
            label_end = token.end()
    if len(cells) == 1 and label_end == cells[0].start and label_end > span[0]:
        return span, (), ""  # a footnote number glued to a word ("項目總開支1"), not a cell
    return (span[0], label_end), tuple(cells), row_note


def _is_row_note(note: str, rules: TableRules) -> bool:
    """A note between a row's name and its cells: a kind ("(實際)"), a footnote or a date ("(3 )", "(截至2月)")."""
    return bool(re.search(r"\d", note) or _kind_in(note, rules))


def _is_data_line(source: Source, span: Span) -> bool:
    """A line with cells at its end, after the year that may name its row ("2022-23 (實際) 4.22"); never a long
    cell of words that ends in a number ("…參與長者人次超過6 800")."""
    if _column_years(source, span) or _is_prose(source.line(span), source.rules):
        return False
    year = _year_at(source, span)
    _, cells, _ = _split_row(source, (year.end(), span[1]) if year else span)
    return bool(cells)


def _column_years(source: Source, span: Span) -> list[re.Match[str]]:
    """The year columns a header line gives ("2020-21", "2019-20 2020-21 …", "項目 2024-25"); none for a title that
    only mentions years ("2013-14至2024-25年度對指定大學的…的資助")."""
    match = source.rules.year_header.fullmatch(source.text, *span)
    if not match or match.group("lead").rstrip().endswith("至"):
        return []
    return [m for m in source.rules.column_year.finditer(source.text, match.end("lead"), span[1]) if _is_one_year(m)]


def _is_header_line(source: Source, span: Span) -> bool:
    """A line of a table's header: years, a unit, a kind of figure, a count, or the name of a year column; never a
    long cell of a row ("已為超過30 200人次的院舍長者…提供外展服務")."""
    rules, line = source.rules, source.line(span).strip()
    if _column_years(source, span) or rules.unit.search(line):
        return True
    return len(line) <= rules.header_cell_length and bool(
        re.search(rules.kind_words, line)
        or rules.count_column.search(_outside_brackets(line))
        or line in rules.year_row_labels
    )


def _is_notes_line(source: Source, span: Span) -> bool:
    return re.fullmatch(rf"(?:\s*(?:{source.rules.cell_note}))+\s*", source.line(span)) is not None


def _outside_brackets(text: str) -> str:
    return re.sub(r"[(（][^()（）]*[)）]", lambda m: " " * len(m.group(0)), text)


# --- a block as a table ----------------------------------------------------------------------------------------------


def _table(source: Source, block: list[Span]) -> Table | None:
    """The header (every line up to the last header line before the first row) and the rows under it."""
    first_row = next((i for i, span in enumerate(block) if _is_data_line(source, span)), None)
    if first_row is None:
        return None
    header_end = 1 + max((i for i in range(first_row) if _is_header_line(source, block[i])), default=-1)
    while header_end < first_row and _is_notes_line(source, block[header_end]):
        header_end += 1  # the last columns' notes on a line of their own: "資助金額 / (約額)"
    header_end = _past_broken_note(source, block, header_end, first_row)
    header, body = block[:header_end], block[header_end:]
    header_span = (block[0][0], header[-1][1] if header else block[0][0])
    change = _change_column(source, header, header_span)
    years = [year for span in header if change is None or span[0] < change[0] for year in _column_years(source, span)]
    if len(years) >= 2:
        columns = _year_columns(source, (header_span[0], change[0]) if change else header_span, years)
        columns += (change[1],) if change else ()
        rows = _column_rows(source, body, header, {m.group(0) for m in years}, len(columns))
        return Table(header_span, columns, tuple(rows), year_rows=False)
    year_rows = bool(_year_at(source, block[first_row]))
    columns = _measure_columns(source, header_span, year_rows)
    if not columns and not year_rows and (columns := _total_column(source, block, first_row)):
        header_span, body = block[first_row - 1], block[first_row:]
    if not columns:
        return None
    rows = tuple(_year_rows(source, body, header) if year_rows else _column_rows(source, body, header, set()))
    category_rows = bool(source.rules.category_rows.search(source.line(header_span)))
    return Table(header_span, _filled(source, columns, rows), rows, year_rows=year_rows, category_rows=category_rows)


def _change_column(source: Source, header: list[Span], header_span: Span) -> tuple[int, Column] | None:
    """The last column, when its header says it is the difference of two others ("Increase in 2010-11 (Estimate) over
    2009-10 (Revised Estimate) ($million)"): where it starts, and the column, a change of the first year it names."""
    rules = source.rules
    start = next((span[0] for span in header if rules.change_column and rules.change_column.match(source.line(span))),
                 None)
    if start is None:
        return None
    words = source.text[start : header_span[1]]
    year = rules.column_year.search(words)
    unit = _unit_of(words, rules) or _unit_of(source.text[header_span[0] : start], rules)
    return start, Column(header=_printed(words), words=words, unit=unit, kind=str(AmountType.CHANGE),
                         fiscal_year=_fiscal_year_of(year) if year else None)


def _past_broken_note(source: Source, block: list[Span], at: int, first_row: int) -> int:
    """Past a note in brackets that the PDF broke over lines under the header ("2024-25年度 / (截至2025年 / 2月底)",
    ITIB028): the last column's, so the header's."""
    if at >= first_row or not re.match(r"\s*[(（][^)）]*$", source.line(block[at])):
        return at
    closing = next((i for i in range(at + 1, first_row) if re.search(r"[)）]", source.line(block[i]))), None)
    return closing + 1 if closing is not None else at


def _filled(source: Source, columns: tuple[Column, ...], rows: tuple[Row, ...]) -> tuple[Column, ...]:
    """The money columns of a header that states no unit, as many as its rows fill: a kind word in a column of
    words after them is no column of money ("資助總額 (約額) | 獲批准資助申請以獲批資助總額計算的首10項行業" above rows
    with one amount each, ITIB143: the second header cell names the industries)."""
    if not columns or not all(column.unit_in_cell for column in columns):
        return columns
    filled = max((len(_money_cells(source, (row.cells[0].start, row.cells[-1].end))) for row in rows if row.cells),
                 default=0)
    return columns[:filled] if 0 < filled < len(columns) else columns


def _year_columns(source: Source, header: Span, years: list[re.Match[str]]) -> tuple[Column, ...]:
    """One column per year; the header text from a year to the next is its header (its kind, and its unit when
    each year states one: "2024-25 (原來預算) (百萬元) 2024-25 (修訂預算) (百萬元)"), else the table's unit counts
    every column ("金額(百萬元)" above the years)."""
    bounds = [m.start() for m in years] + [header[1]]
    segments = [source.text[a:b] for a, b in itertools.pairwise(bounds)]
    own_units = [_unit_of(segment, source.rules) for segment in segments]
    table_unit = _unit_of(source.line(header), source.rules)
    columns = []
    for match, segment, unit in zip(years, segments, own_units, strict=True):
        year = _fiscal_year_of(match)
        columns.append(Column(
            header=_printed(segment),
            words=segment,
            unit=unit if all(own_units) else table_unit,
            kind=_kind_in(segment, source.rules) or _footnote_kind(source, segment, header[1]),
            fiscal_year=None if match.group("later") else year,
            onward_from=year if match.group("later") else None,
        ))
    return tuple(columns)


def _footnote_kind(source: Source, header: str, after: int) -> str | None:
    """The kind of figure the note a column's header points to names in its first sentence: "2024-25 (1 )" and,
    under the table, "註(1 )： 2024-25年度資助額預算為資助上限。" -> estimate. The note is looked for up to the next
    annex."""
    mark = source.rules.footnote_mark.search(header)
    if mark is None:
        return None
    number = mark.group("n") or mark.group("m")
    annex = source.rules.annex_start.search(source.text, after)
    note = re.compile(source.rules.footnote.replace("{n}", re.escape(number)), re.M).search(
        source.text, after, annex.start() if annex else len(source.text))
    if note is None:
        return None
    first = source.text[note.end() : source.text.find("。", note.end()) + 1 or None]
    return _kind_in(first, source.rules)


def _measure_columns(source: Source, header: Span, year_rows: bool) -> tuple[Column, ...]:
    """Columns named by their unit or count word, in order: "獲資助的初創企業數目 | 獲批資助總額(萬元) | 專利數目"
    -> [count, money, count]. A table with a year per row starts after the year column's name (財政年度)."""
    rules, text = source.rules, source.line(header)
    if year_rows:
        label = re.search("|".join(re.escape(w) for w in rules.year_row_labels), text)
        text = text[label.end() :] if label else text
    markers = sorted(
        [(m.end(), _unit_of(m.group(0), rules)) for m in rules.unit.finditer(text)]
        + [(m.end(), None) for m in rules.count_column.finditer(_outside_brackets(text))]
    )
    if not any(unit for _, unit in markers):
        return _unit_in_cell_columns(text, rules)
    bounds = [0] + [end for end, _ in markers]
    return tuple(
        Column(header=_printed(text[start:end], last_lines=2), words=text[start:end], unit=unit,
               kind=_kind_in(text[start:end], rules) or _measure_kind_in(text[start:end], rules))
        for (start, end), (_, unit) in zip(itertools.pairwise(bounds), markers, strict=True)
    )


def _total_column(source: Source, block: list[Span], first_row: int) -> tuple[Column, ...]:
    """A table of measures, one per row, in a single column of totals ("總數" above "獲批研究人才申請數目 8 197" and
    "資助金額 52.289億元", ITIB130): one money column, its cells stating their unit and each row's label its kind.
    The column's name is the line right above the first row."""
    if first_row == 0 or not source.rules.total_column.search(source.line(block[first_row - 1])):
        return ()
    if not any(_money_cells(source, span) for span in block[first_row:]):
        return ()
    name = source.line(block[first_row - 1]).strip()
    return (Column(header=name, words=name, unit=None, kind=None, unit_in_cell=True, kind_from_row=True),)


def _unit_in_cell_columns(header: str, rules: TableRules) -> tuple[Column, ...]:
    """The money columns of a header that states no unit, its cells stating theirs ("項目總支出 (約額) | 私人投資 /
    配對金額 (約額) | 資助金額 (約額)" above "27 6億元 4.2億元 1.8億元"): one per kind the header names, in its order,
    its words read across line breaks ("項目 / 總支出"). The header's counts take no column: in such a table only a
    cell with a unit is money (loaders/tables._aligned)."""
    compact = re.sub(r"\s+", "", header)
    words = _column_words(header, compact, rules)
    bounds = [start for start, _ in words] + [len(compact)]
    columns = []
    for (start, end_of_word), end in zip(words, bounds[1:], strict=True):
        if rules.count_column.search(compact[start:end]):
            continue  # a count of what was approved ("培訓資助獲批宗數", "獲批申請數目"), not money
        name = compact[start:end_of_word]
        note = re.match(rf"[^()（）]*?(?:{rules.cell_note})", compact[end_of_word:end])  # "私人投資 / 配對金額 (約額)"
        columns.append(Column(header=name + (note.group(0) if note else ""),
                              words=compact[start:end], unit=None, kind=_kind_in(name, rules), unit_in_cell=True))
    return tuple(columns)


def _column_words(header: str, compact: str, rules: TableRules) -> list[Span]:
    """Where each column's kind words stand in the compacted header; kind words printed together, with not even a
    space or a line break between them, are one column's name ("獲批資助金額": 獲批 and 資助金額; not "投入 /
    資助金額", two cells)."""
    gaps, removed = set(), 0  # where, in the compacted header, spaces or line breaks were taken out
    for space in re.finditer(r"\s+", header):
        gaps.add(space.start() - removed)
        removed += len(space.group(0))
    spans: list[Span] = []
    for m in rules.kind_word.finditer(compact):
        if spans and spans[-1][1] == m.start() and m.start() not in gaps:
            spans[-1] = (spans[-1][0], m.end())
        else:
            spans.append((m.start(), m.end()))
    return spans


def _printed(segment: str, last_lines: int | None = None) -> str:
    """A header as printed, its lines joined ("2020-21\\n年度\\n實際開支" -> "2020-21年度實際開支"), without the
    notes that open it ("(2 )", "註1")."""
    lines = [line.strip() for line in segment.strip().split("\n") if line.strip()]
    if last_lines:
        lines = lines[-last_lines:]
    return re.sub(r"^(?:[(（][^()（）]{0,6}[)）]\s*|註\s*\d+)+", "", "".join(lines))


def _kind_in(text: str, rules: TableRules) -> str | None:
    return next((kind for kind, words in rules.column_kinds if any(w in text for w in words)), None)


def _measure_kind_in(text: str, rules: TableRules) -> str | None:
    return next((kind for kind, words in rules.measure_column_kinds if any(w in text for w in words)), None)


def _is_one_year(match: re.Match[str]) -> bool:
    """A fiscal year's two years follow each other ("2023-24", "2023-2024"); "2023-2025" is a span of years."""
    return int(match.group(2)) == (int(match.group(1)) + 1) % 100


def _year_at(source: Source, span: Span) -> re.Match[str] | None:
    """The year a row of a year-per-row table starts with (a fiscal year, a calendar or a school year)."""
    year = source.rules.year_row.match(source.text, *span)
    if year is None or (year.group("other") is None and not _is_one_year(year)):
        return None
    return year


def _fiscal_year_of(match: re.Match[str]) -> str:
    return f"{match.group(1)}-{match.group(2)}"


# --- rows ------------------------------------------------------------------------------------------------------------


def _column_rows(source: Source, body: list[Span], header: list[Span], years: set[str],
                 width: int | None = None) -> Iterator[Row]:
    """Rows "<name> <cells>", or lines of a name followed by a line of cells. Lines above a row that has its own
    name head the rows under them ("汽車科技研發中心" above "營運開支(百萬元) 20.6 …", a sub-head "分目101創新及科技
    (整體撥款)" above "創新及科技支援計劃 733.0 …"): they are no row. The header repeated after a page break is
    skipped; a line of other years ends the table. A note in brackets between a row and a line of cells ("餐飲 2 320
    920 / (電子支付系統及店面銷售： / 約590宗 …) / 4,360", ITIB247) splits one row in two: which cell is whose is a
    guess, so neither is read."""
    header_lines = [source.line(span).strip() for span in header]
    rows: list[Row] = []
    pending: list[Span] = []
    heading: str | None = None
    for i, span in enumerate(body):
        if _repeats_header(source, body, i, header_lines):
            pending = []
            continue
        line_years = _column_years(source, span)
        if line_years:
            if not {m.group(0) for m in line_years} <= years:
                break  # another table's years
            pending = []  # this table's header again
            continue
        if not _is_data_line(source, span):
            pending.append(span)
            continue
        label, cells, note = _split_row(source, span)
        if label[0] == label[1] and not pending and rows and _takes_more_cells(rows[-1], width, body, i):
            # a table printed one cell a line ("Total" / "783.3" / "524.1" / "259.2", CEDB(CIT)224 of 2010-11): the
            # next cell of the row above
            rows[-1] = replace(rows[-1], cells=rows[-1].cells + cells, span=(rows[-1].span[0], span[1]))
            continue
        if label[0] < label[1]:
            heading = _entity_of(source, pending) if pending else heading
            name = (label,)
        else:
            name = tuple(pending)  # a name broken over lines ("新型工業化及科技培訓 / 計劃"), a sub-head's figures
        row = Row(name, cells, (name[0][0] if name else span[0], span[1]), note=note, heading=heading)
        if rows and label[0] == label[1] and _is_bracketed_note(source.joined(pending)):
            rows[-1] = replace(rows[-1], text_among_cells=True)
            row = replace(row, text_among_cells=True)
        rows.append(row)
        pending = []
    yield from rows


def _takes_more_cells(row: Row, width: int | None, body: list[Span], i: int) -> bool:
    """A row of fewer cells than the table has columns, whose last cell is the line right above: a line of cells
    alone under it goes on with it."""
    return width is not None and len(row.cells) < width and i > 0 and row.span[1] == body[i - 1][1]


def _is_bracketed_note(text: str) -> bool:
    return re.fullmatch(r"[(（].*[)）]", text, re.S) is not None


def _repeats_header(source: Source, body: list[Span], i: int, header_lines: list[str]) -> bool:
    """The header printed again after a page break: this line and the next (or the one before) are consecutive
    lines of the header."""
    line = source.line(body[i]).strip()
    if line not in header_lines:
        return False
    at = header_lines.index(line)
    following = source.line(body[i + 1]).strip() if i + 1 < len(body) else None
    previous = source.line(body[i - 1]).strip() if i > 0 else None
    return (at + 1 < len(header_lines) and following == header_lines[at + 1]) or (
        at > 0 and previous == header_lines[at - 1])


def _year_rows(source: Source, body: list[Span], header: list[Span]) -> Iterator[Row]:
    """Rows that start with a year ("2022-23 (實際) 4.22", "2028-29及以後 2,100") or a total; a line below a row
    that starts neither holds the rest of its cells ("2024-25 60.51 (修訂預算) 50.73 (修訂預算)" / "3 288 000")."""
    header_lines = [source.line(span).strip() for span in header]
    row: Row | None = None
    for i, span in enumerate(body):
        if _repeats_header(source, body, i, header_lines):
            continue
        year = _year_at(source, span)
        label, cells, note = _split_row(source, (year.end(), span[1]) if year else span)
        if year or source.line(span).lstrip().startswith(source.rules.total_rows):
            if row:
                yield row
            row = _year_row(year, label, cells, note, span)
        elif row:
            if not cells and (lead := _count_before_words(source, label)) is not None:
                cells, label = (lead,), (lead.end, label[1])  # "294人工智能、編程…": a count, then words
            row = replace(row, cells=row.cells + cells, span=(row.span[0], span[1]),
                          text_among_cells=row.text_among_cells or _words_among_cells(source, label, cells))
    if row:
        yield row


def _count_before_words(source: Source, label: Span) -> Cell | None:
    """A whole number glued to the words after it, and no other digit on the line: "294人工智能、編程、無人機…等"
    under "資助活動數目 / 活動範疇 (例子)" (ITIB219) is the count of one column and the examples of the next."""
    match = re.match(r"\s*(\d+)(?=[^\d\s.,，、])", source.text[label[0] : label[1]])
    if match is None or re.search(r"\d", source.text[label[0] + match.end() : label[1]]):
        return None
    return Cell(label[0] + match.start(1), label[0] + match.end(1))


def _words_among_cells(source: Source, words: Span, cells: tuple[Cell, ...]) -> bool:
    """A line below a year's row whose words stand among its cells, or hold a number: which column each number is
    is a guess. A line of words alone, or after a count glued to them ("294人工智能、編程…", ITIB219), is a column of
    words (the industries of ITIB143's "2022-2023 10 3.5億元 2.47億元 1.03億元" / "食品製造及加工(包括健康食品)、
    紡織及製衣…"): the row's cells stay as they are."""
    if words[0] == words[1]:
        return False
    after_words = any(cell.start > words[0] for cell in cells)
    return after_words or re.search(r"\d", source.text[words[0] : words[1]]) is not None


def _year_row(year: re.Match[str] | None, label: Span, cells: tuple[Cell, ...], note: str, span: Span) -> Row:
    """A row of a year-per-row table: its year (a fiscal year; "2028-29及以後"; a calendar or a school year, which
    is no fiscal year) and the notes after it, or a total's label."""
    if year is None:
        return Row((label,), cells, span, note=note)
    fiscal = None if year.group("other") else _fiscal_year_of(year)
    later = bool(year.group("later"))
    return Row(((span[0], year.end()),), cells, span, note=year.group("notes") + note,
               fiscal_year=None if later else fiscal, onward_from=fiscal if later else None)


# --- who pays, what it is about --------------------------------------------------------------------------------------


def _context(source: Source, table: Table, default_funder: str | None) -> Context:
    title = source.line(table.header)
    title_scheme = next((m.entity_id for m in _mentions_in(source, [table.header]) if m.label == Label.SCHEME), None)
    stated = title_scheme or _lead_in_payer(source, table.header[0])
    introducing = _introducing(source, table.header[0])
    return Context(
        payer=stated or default_funder,
        payer_stated=stated is not None,
        topic=(_topic(source, introducing) or title_scheme or _scheme_before(source, introducing, table.header[0])
               or _only_one_named(table, introducing)),
        kind=(_kind_in(title, source.rules)
              or _funding_kind(_without_measure_words(title, source.rules), source.funding)),
        fiscal_year=_title_year(title, source.rules) or _lead_in_year(source, table.header[0]),
        named=tuple(m.entity_id for m in introducing),
        granted=any(w in title for w in source.rules.granted_titles),
    )


def _only_one_named(table: Table, introducing: list[Mention]) -> str | None:
    """A column of totals measures the one scheme or body its introducing sentence names, wherever it stands in
    the sentence ("在過去3個財政年度…，「創科實習計劃」合共為大學生提供了…，有關數據表列如下", ITIB130)."""
    named = {m.entity_id for m in introducing}
    return named.pop() if len(named) == 1 and any(c.kind_from_row for c in table.columns) else None


def _mentions_in(source: Source, spans: list[Span] | tuple[Span, ...]) -> list[Mention]:
    return [m for m in source.mentions if m.label in _SUBJECTS and any(s <= m.start < e for s, e in spans)]


def _title_year(title: str, rules: TableRules) -> str | None:
    """The one fiscal year a title states ("2025-26年度獲資助之科技項目"); none for a span of years
    ("2020-21年度至2024-25年度數字辦…的工作")."""
    years = {
        _fiscal_year_of(m) for m in re.finditer(rf"{rules.fiscal_year}{rules.year_suffix}", title)
        if _is_one_year(m) and title[m.end() : m.end() + 1] != "至" and title[max(0, m.start() - 1) : m.start()] != "至"
    }
    return years.pop() if len(years) == 1 else None


def _lead_in_year(source: Source, title_start: int) -> str | None:
    """The one fiscal year the sentence that points to the table states ("在綱領(1)下，2025-26年度淨減少14個職位的
    詳情如下"), or, when it states none, the sentence before it ("在綱領(2)下，2025-26年度淨增加的6個職位，…。詳情如
    下：")."""
    reference = _reference_to(source, title_start)
    if reference is None:
        return None
    spans = source.sentences
    start, end = sentence_of(spans, reference)
    for _ in range(2):
        # the whole text, not the sentence alone: a line break may part a span of years ("2022-23至 / 2024-25年度")
        years = {
            _fiscal_year_of(m)
            for m in re.finditer(rf"{source.rules.fiscal_year}{source.rules.year_suffix}", source.text)
            if start <= m.start() < end and _is_one_year(m) and not _in_a_span_of_years(source.text, m)
        }
        if years:
            return years.pop() if len(years) == 1 else None
        before = [s for s in spans if s[1] <= start]
        if not before:
            return None
        start, end = before[-1]
    return None


def _in_a_span_of_years(text: str, year: re.Match[str]) -> bool:
    return text[year.end() :].lstrip().startswith("至") or text[: year.start()].rstrip().endswith("至")


def _without_measure_words(title: str, rules: TableRules) -> str:
    """A title's words that name a kind only in a table without years (`measure_column_kinds`: "提供的資助額載於附件一"
    over ITIB085's yearly grants, paid after each year) are no kind of the whole table."""
    for _, words in rules.measure_column_kinds:
        for word in words:
            title = title.replace(word, " " * len(word))
    return title


def _funding_kind(title: str, rules: FundingRules) -> str | None:
    """The kind of figure the title's words name by funding.yaml's rules, when it is not the default one."""
    kind = next((kind for kind, keywords in rules.amount_types if any(k in title for k in keywords)), rules.default)
    return None if kind == rules.default else str(kind)


def _lead_in_payer(source: Source, title_start: int) -> str | None:
    """The scheme the money goes through, else the government body, named in the sentences that introduce the
    table: the one that points to it ("載於附件一", "表列如下") and the one before."""
    reference = _reference_to(source, title_start)
    if reference is None:
        return None
    lead_start = reference
    for _ in range(source.funding.table_lead_in_sentences):
        lead_start = source.text.rfind("。", 0, max(0, lead_start - 1)) + 1
    lead = _mentions_in(source, [(lead_start, reference)])
    for m in lead:
        if m.label == Label.SCHEME and (is_source(source.text, m, source.funding)
                                        or _followed_by(source.text, m, source.rules.payer_after)):
            return m.entity_id
    return next((m.entity_id for m in lead if m.label in (Label.BUREAU, Label.DEPARTMENT)), None)


def _introducing(source: Source, title_start: int) -> list[Mention]:
    """The bodies and schemes named by the sentence that points to the table, or, when it names none, by the
    sentence before it ("「科技券」共批出…。自2020年起，每年的獲批申請數目及核准資助金額表列如下"); else a programme of
    the reply named up to `table_programme_lead_in_sentences` back, which an Estimates item's breakdown names first
    ("2025-26年度在綱領(2)「創新科技及工業」的預算開支較…增加…。同時，…。具體明細表列如下", ITIB059). A short form the
    reply defined ("香港紡織及成衣研發中心(研發中心)") names its body there wherever it stands ("過去5個財政年度研發
    中心管理層所涉及的薪酬開支如下"), not only where the recogniser takes it for a reference."""
    reference = _reference_to(source, title_start)
    if reference is None:
        return []
    spans = source.sentences
    sentence = sentence_of(spans, reference)
    for back in range(max(2, source.funding.table_programme_lead_in_sentences)):
        named = _programmes_in(source, sentence)
        if back < 2:
            named += _mentions_in(source, [sentence]) + _short_forms_in(source, sentence)
        if named:
            return sorted(named, key=lambda m: m.start)
        before = [s for s in spans if s[1] <= sentence[0]]
        if not before:
            return []
        sentence = before[-1]
    return []


def _short_forms_in(source: Source, span: Span) -> list[Mention]:
    found = _mentions_in(source, [span])
    short_forms = {m.surface: m for m in source.mentions
                   if m.method.startswith("abbreviation") and m.label in _SUBJECTS}
    return [
        replace(form, start=hit.start(), end=hit.end(), method="abbreviation:table-lead-in")
        for surface, form in short_forms.items()
        for hit in re.finditer(re.escape(surface), source.text[: span[1]])
        if hit.start() >= span[0] and not any(m.start < hit.end() and hit.start() < m.end for m in found)
    ]


def _programmes_in(source: Source, span: Span) -> list[Mention]:
    """The reply's programmes a sentence names ("綱領(2)「創新科技及工業」", "在綱領(1)下"), as mentions of them."""
    return [
        Mention(m.start(), m.end(), m.group(0), Label.PROGRAMME, source.programmes[m.group("number")],
                "table:programme-reference")
        for m in source.rules.programme_reference.finditer(source.text, *span)
        if m.group("number") in source.programmes
    ]


def _topic(source: Source, named: list[Mention]) -> str | None:
    """What the table is about, of what its introducing sentence names: the first body or scheme right before
    的/相關的/下 ("資助計劃相關的現金流初步估算如下"), else one that opens the sentence, its subject
    ("「資助計劃」在2023-24年度及2024-25年度的申請及相關數字表列如下")."""
    after = next((m.entity_id for m in named if _followed_by(source.text, m, source.rules.topic_after)), None)
    if not after and len({m.entity_id for m in named}) == 1 and named[0].label == Label.PROGRAMME:
        # the one thing the sentence names is a programme of the reply ("The allocation of provisions for Programme
        # (3) under the Estimates of Expenditure 2010-11 is as follows:", CEDB(CIT)224 of 2010-11)
        after = named[0].entity_id
    return after or next((m.entity_id for m in named if _opens_sentence(source, m)), None)


def _scheme_before(source: Source, named: list[Mention], title_start: int) -> str | None:
    """The one scheme of the sentence before the one that points to the table, when that one names nothing and
    points to "the related data": the table measures it ("創科署於2020年5月推出「創科實習計劃」(「計劃」)…。最近5年
    (截至2025年1月底)的相關數據表列如下", ITIB126). A scheme the pointing sentence names itself may be the money's
    source ("由「基本工程儲備基金總目710電腦化計劃」申請撥款…的開支表列如下", ITIB187), not what the table is about."""
    reference = _reference_to(source, title_start)
    if reference is None or not named:
        return None
    pointing = sentence_of(source.sentences, reference)
    if any(m.start >= pointing[0] for m in named):
        return None
    if not any(w in source.text[pointing[0] : pointing[1]] for w in source.rules.refers_back):
        return None
    schemes = {m.entity_id for m in named if m.label == Label.SCHEME}
    return schemes.pop() if len(schemes) == 1 else None


def _opens_sentence(source: Source, mention: Mention) -> bool:
    """Nothing but a paragraph mark, an opening quote or a time ("過去5個財政年度") stands before the mention in its
    sentence."""
    sentence = sentence_of(source.sentences, mention.start)
    return source.rules.sentence_opening.fullmatch(source.text, sentence[0], mention.start) is not None


def _followed_by(text: str, mention: Mention, words: tuple[str, ...]) -> bool:
    """The mention is followed by one of `words`, past closing quotes and an abbreviation in brackets:
    "「創新及科技基金」(「基金」)下", "(研發中心)的"."""
    after = re.sub(r"^[」』)）]*\s*(?:[(（][^()（）]{0,12}[)）])?[」』]*\s*", "", text[mention.end : mention.end + 24])
    return after.startswith(words)


def _reference_to(source: Source, title_start: int) -> int | None:
    """Where the answer points to this table: "附件一" named earlier for an annex titled 附件一, else a reference
    word ("如下") in the sentence just above the table."""
    text = source.text
    annex = re.match(r"附[件表]\s*[一二三四五六七八九十\d]+", text[title_start : title_start + 12])
    if annex:
        at = text.rfind(annex.group(0), 0, title_start)
        return at if at >= 0 else None
    above_start = max(0, title_start - 300)
    # the title itself may point to the table: "The allocation of provisions for Programme (3) … is as follows:"
    title_end = text.find("\n", title_start)
    above = text[above_start : title_end if title_end >= 0 else len(text)]
    sentence_start = max(above.rfind(mark) for mark in source.funding.writing.full_stop) + 1
    hits = [at for at in (above.rfind(word) for word in source.funding.table_references) if at >= sentence_start]
    return above_start + max(hits) if hits else None


def _entity_of(source: Source, lines: list[Span] | tuple[Span, ...]) -> str | None:
    """The body or scheme a row's name (or a heading) names: the first found in its lines, else — when the name
    is broken over lines, which the recogniser never saw whole — in its lines joined."""
    found = _mentions_in(source, lines)
    if found:
        return found[0].entity_id
    if source.resolve is None or len(lines) < 2:
        return None
    return next((m.entity_id for m in source.resolve(source.joined(lines)) if m.label in _SUBJECTS), None)


def _scheme_and_body(source: Source, row: Row) -> tuple[str, str] | None:
    """A row that names a scheme and a body beside it (資助計劃 | 申請機構): the scheme pays the body. A scheme's name
    broken over lines ("內地與香港 / 聯合資助計劃 / 香港城市大學") is found in the lines joined."""
    named = _mentions_in(source, row.name)
    body = next((m.entity_id for m in named if m.label in _BODIES), None)
    if body and source.resolve is not None and len(row.name) > 1:
        named = source.resolve(source.joined(row.name))
    scheme = next((m.entity_id for m in named if m.label == Label.SCHEME), None)
    return (scheme, body) if scheme and body else None


# --- facts -----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Whom:
    """Who pays a row's money (None: its figures are about `subject`), what it is about, and the measure it is."""

    payer: str | None
    subject: str
    own: OwnMeasure | None
    label: str  # its name, which may state the unit its parts are counted in too ("營運開支(百萬元)")


Reading = tuple[list[TableFact], list[SkippedRow], Whom | None]


def _row_facts(source: Source, table: Table, context: Context, row: Row, above: Whom | None) -> Reading:
    """The row's facts, the rows left out, and whom the row is about (for the parts under it). A part of the row
    above ("-員工薪酬" under "營運開支") is about what that row is about, and the same measure: kept when the row
    above is a figure about one thing (figures are listed, never added up), left out when it is a flow (a flow and
    its parts would be counted twice in a sum)."""
    rules = source.rules
    label = _row_label(source, row)
    is_part = label.startswith(rules.part_prefixes)
    if is_part and (above is None or above.payer is not None):
        return [], [SkippedRow(row.span, label, Skip.PART)], None
    measure = above.label if is_part else label  # a part is counted in the unit of the row above
    cells = _aligned(source, row, table.columns, measure)
    if cells is None:
        return [], [SkippedRow(row.span, label, Skip.CELLS)], None
    money = [(column, cell) for column, cell in cells if _has_value(source, cell, column, measure, rules)]
    if not money:
        return [], [], None  # counts, dashes: nothing about money
    if any(w in label or w in column.words for column in table.columns for w in rules.staff_words):
        return [], [SkippedRow(row.span, label, Skip.STAFF)], None
    is_total = label.startswith(rules.total_rows)
    if is_part:
        payer, subject, own = above.payer, above.subject, above.own
    else:
        own = _own_measure(label, [column for column, _ in money], source.line(table.header), rules)
        payer, subject = _payer_and_subject(source, table, context, row, label, is_total, own)
    if subject is None:
        return [], [SkippedRow(row.span, label, _why_unnamed(table, is_total))], None
    facts, skipped = [], []
    for column, cell in money:
        kind = _cell_kind(source, context, row, column, cell, own, label)
        if kind is None:
            skipped = [SkippedRow(row.span, label, Skip.NO_TYPE)]
            continue
        amount = _cell_amount(source, cell.start, cell.end, _unit(column, measure, rules) or "")
        # a column with a rate of its own: "每年維護成本(元)" beside "開發成本(元)"
        rate = _own_measure("", [column], "", rules)
        facts.append(TableFact(
            # a cost, a cap, a salary… is a figure about the row's subject, never a flow (data/model.yaml)
            funder=None if kind in source.funding.figure_types else payer,
            recipient=subject,
            amount=replace(amount, per=rate.per) if rate and rate.per else amount,
            amount_type=kind,
            fiscal_year=column.fiscal_year or row.fiscal_year or (None if table.year_rows else context.fiscal_year),
            row=row.span,
            method=_method(table, column) + ("" if context.payer_stated or payer is None else INFERRED_PAYER_SUFFIX),
            row_header=label,
            column_header=column.header,
            fiscal_year_onward=column.onward_from or row.onward_from,
        ))
    return facts, skipped, None if is_part else Whom(payer, subject, own, label)


def _pay_of_the_posts(source: Source, table: Table, context: Context) -> TableFact | None:
    """A table of posts ("職級 職位人數 按薪級中點估計可節省的年薪值預算開支(百萬元)") prints the pay of all its posts
    once, as a cell that spans the rows, on the first rank's line ("二級私人秘書 3 3.7", then "資料處理員 8", …,
    "總計 14"): when one row alone has a money cell and every other row has fewer cells than columns, that cell is
    the table's, a figure about what the table is about ("在綱領(1)下"), named by its total row. Its rows say
    nothing of their own."""
    rules = source.rules
    if not any(w in column.words for column in table.columns for w in rules.staff_words):
        return None
    if context.topic is None or label_of_id(context.topic) not in _HAVE_POSTS:
        return None  # posts belong to a programme or a body of the government, never to a scheme
    full = [row for row in table.rows if len(row.cells) == len(table.columns)]
    if len(full) != 1 or any(len(row.cells) > len(table.columns) for row in table.rows):
        return None
    row = full[0]
    label = _row_label(source, row)
    money = [(column, cell) for column, cell in zip(table.columns, row.cells, strict=True)
             if _has_value(source, cell, column, label, rules)]
    if len(money) != 1:
        return None
    column, cell = money[0]
    own = _own_measure("", [column], source.line(table.header), rules)
    kind = _cell_kind(source, context, row, column, cell, own)
    if kind is None:
        return None
    amount = _cell_amount(source, cell.start, cell.end, _unit(column, label, rules) or "")
    total = next((r for r in table.rows if _row_label(source, r).startswith(rules.total_rows)), None)
    return TableFact(
        funder=None,
        recipient=context.topic,
        amount=replace(amount, per=own.per) if own and own.per else amount,
        amount_type=kind,
        fiscal_year=context.fiscal_year,
        row=(row.span[0], total.span[1]) if total else row.span,
        method="table:merged-cell",
        row_header=_row_label(source, total) if total else "",
        column_header=column.header,
    )


def _payer_and_subject(source: Source, table: Table, context: Context, row: Row, label: str, is_total: bool,
                       own: OwnMeasure | None) -> tuple[str | None, str | None]:
    """Who pays (None: a figure about the subject) and whom or what the row's figures are about:
    - a table with a year per row: its topic ("資助計劃相關的現金流"), about which every figure is;
    - a table of kinds (所屬行業, 業務領域): the scheme its introducing sentence names, whose grants or investments
      the rows break down by kind ("「科技企業投資基金」…共投資約4.5億元…按業務領域表列如下");
    - a total: the table's topic, else the fund its rows are paid from;
    - a row that measures its subject itself (an income, a cost, its own spending: "營運開支(百萬元)"): the body
      its name names, else the heading above it ("汽車科技研發中心"), else the table's topic, else the first body
      the introducing sentence names;
    - any other row: the scheme and body it names (資助計劃 | 申請機構), else the table's payer and its subject; a
      row that names nothing in a table about a programme is an item of the programme's spending, and one whose
      name is a kind of money ("政府資助金額") in a table about a scheme or body, or that the table's total adds up,
      is a figure about it."""
    if table.year_rows:
        return None, context.topic or _answerer_spending(source, table, context)
    if table.category_rows:
        return None, _first_named(context, (Label.SCHEME,))
    if is_total:
        return None, context.topic or _stated_fund(context)
    if own is not None or _unit_of(label, source.rules):
        return None, (_entity_of(source, row.name) or row.heading or context.topic
                      or _first_named(context, _BODIES))
    pair = _scheme_and_body(source, row)
    payer, subject = pair or (context.payer, _entity_of(source, row.name))
    if subject is None and _is_programme(context.topic):
        return None, context.topic  # an item of the programme's spending ("一般部門開支")
    if subject is None and context.topic is not None and source.rules.kind_word.search(label):
        return None, context.topic  # a row that is a measure of what the table is about ("政府資助金額")
    if subject is None and context.topic is not None and _breaks_down_a_total(source, table):
        return None, context.topic  # a part of what the table adds up ("算力資助 857" above "總計 905", ITIB197)
    return (_payer_or_none(payer, subject), subject) if subject else (None, None)


def _answerer_spending(source: Source, table: Table, context: Context) -> str | None:
    """A table of a measure by year that names no one ("「智方便」推出以來每年日常營運開支表列如下": an app, no entity)
    is the answering office's own spending, as the same sentence in prose is (funding.py `_answerer_spending`).
    Not when its sentence speaks of every department together, nor when its measure is the whole government's
    ("政府資訊及通訊科技開支(億元)", ITIB230), nor in an annex, which lists many bodies' items."""
    title = source.line(table.header)
    if source.answering_body is None or context.named or source.rules.annex_start.match(title):
        return None
    if not any(w in title for w in source.funding.spending_words):
        return None
    if any(column.words.strip().startswith(source.rules.whole_government) for column in table.columns):
        return None
    reference = _reference_to(source, table.header[0])
    if reference is None:
        return None
    start, end = sentence_of(sentence_spans(source.text), reference)
    sentence = source.text[start:end]
    return None if any(w in sentence for w in source.funding.collective_bodies) else source.answering_body


def _breaks_down_a_total(source: Source, table: Table) -> bool:
    """A table with a total whose other rows name no body or scheme: items of one thing, not payees (a row of a
    table of payees whose name the recogniser misses is no part of the payer)."""
    totals = [row for row in table.rows if _row_label(source, row).startswith(source.rules.total_rows)]
    return bool(totals) and not any(_entity_of(source, row.name) for row in table.rows if row not in totals)


def _first_named(context: Context, labels: tuple[Label, ...]) -> str | None:
    return next((e for e in context.named if label_of_id(e) in labels), None)


def _is_programme(entity_id: str | None) -> bool:
    return entity_id is not None and label_of_id(entity_id) == Label.PROGRAMME


def _stated_fund(context: Context) -> str | None:
    """The fund a table's rows are paid from, as the text states it: what its total row adds up."""
    if context.payer_stated and context.payer and _label_of(context.payer) == Label.SCHEME:
        return context.payer
    return None


def _payer_or_none(payer: str | None, subject: str) -> str | None:
    """A payer paying itself, or a pair data/model.yaml does not allow as FUNDS, is a figure about the subject."""
    if payer is None or payer == subject:
        return None
    if _label_of(payer) not in _PAYERS or _label_of(subject) not in _PAYEES:
        return None
    return payer


def _label_of(entity_id: str) -> str:
    return str(label_of_id(entity_id))


def _why_unnamed(table: Table, is_total: bool) -> Skip:
    if is_total:
        return Skip.NO_FUND
    return Skip.NO_TOPIC if table.year_rows else Skip.NO_ENTITY


def _row_label(source: Source, row: Row) -> str:
    """The row's name as printed, its lines joined ("新型工業化及科技培訓" + "計劃"), up to a long cell of words (the
    content column of a list of projects: "長者數碼外展計劃 / (2018-2021) / 2018年12月開始 / 已為超過30 200人次…")."""
    if not row.name:
        return ""
    rest = (source.line(span).strip() for span in row.name[1:])
    short = itertools.takewhile(lambda line: len(line) <= source.rules.header_cell_length, rest)
    return "".join([source.line(row.name[0]).strip(), *short])


def _aligned(source: Source, row: Row, columns: tuple[Column, ...], label: str) -> list[tuple[Column, Cell]] | None:
    """The row's cells matched to the columns, or None when they cannot be told apart."""
    if row.text_among_cells or source.rules.amount_in_name.search(label):
        return None
    if columns and all(column.unit_in_cell for column in columns):
        money = _money_cells(source, (row.cells[0].start, row.cells[-1].end)) if row.cells else []
        return list(zip(columns, money, strict=True)) if len(money) == len(columns) else None
    ways = [way for way in _groupings(source.text, list(row.cells), len(columns))
            if not any(source.rules.group_tail.fullmatch(source.text, c.start, c.end) for c in way)]
    ways = _likeliest(source, ways)
    money = [i for i, column in enumerate(columns) if _may_hold_money(column, label, source.rules)]
    readings = {tuple(source.text[way[i].start : way[i].end] for i in money) for way in ways}
    if len(readings) != 1:
        return None  # no way, or ways that disagree on a money cell
    return list(zip(columns, ways[0], strict=True))


def _likeliest(source: Source, ways: list[list[Cell]]) -> list[list[Cell]]:
    """Of the ways to join space-grouped digits, those that join fewest full groups of three to the group after them:
    in "372 1 235 149 約 82 000" (ITIB219: schools, activities, 百萬元, students) "1 235" is one number and 149 the
    next; "235 149" would make a count of one school's activities "1" and 235,149 million dollars."""
    def full_joins(way: list[Cell]) -> int:
        return sum(len(re.findall(r"(?<!\d)\d{3} \d{3}", source.text[c.start : c.end])) for c in way)

    fewest = min((full_joins(way) for way in ways), default=0)
    return [way for way in ways if full_joins(way) == fewest]


def _groupings(text: str, cells: list[Cell], k: int) -> list[list[Cell]]:
    """The ways to read `cells` as k cells by joining digits grouped by a space ("1 536", "3 288 000": a group of
    three digits after one of one to three): as many joins as the columns need, among the pairs that can be one."""
    joinable = [i for i in range(len(cells) - 1) if _digit_groups(text, cells[i], cells[i + 1])]
    need = len(cells) - k
    if need < 0 or need > len(joinable):
        return []
    ways = []
    for joins in itertools.combinations(joinable, need):
        way: list[Cell] = []
        for i, cell in enumerate(cells):
            if i - 1 in joins:
                way[-1] = Cell(way[-1].start, cell.end, cell.note)
            else:
                way.append(cell)
        ways.append(way)
    return ways


def _digit_groups(text: str, left: Cell, right: Cell) -> bool:
    return (text[left.end : right.start] == " " and not left.note
            and re.fullmatch(r"\D*\d{1,3}", text[left.start : left.end]) is not None  # "1", "約 27"
            and re.fullmatch(r"\d{3}", text[right.start : right.end]) is not None)


def _unit(column: Column, label: str, rules: TableRules) -> str | None:
    """A row's own unit ("營運開支(百萬元)") counts its cells; else the column's."""
    return _unit_of(label, rules) or column.unit


def _is_money(column: Column, label: str, rules: TableRules) -> bool:
    return column.unit_in_cell or _unit(column, label, rules) is not None


def _may_hold_money(column: Column, label: str, rules: TableRules) -> bool:
    """A money column, or a year column of a table that states no unit, whose cells may state theirs ("財政年度
    2020-21 … 2024-25" above "政府資助金額 / 0.364億元 0.754億元 …", ITIB126)."""
    return _is_money(column, label, rules) or _is_year_column(column)


def _is_year_column(column: Column) -> bool:
    return column.unit is None and bool(column.fiscal_year or column.onward_from)


def _has_value(source: Source, cell: Cell, column: Column, label: str, rules: TableRules) -> bool:
    if not _is_money(column, label, rules):
        if not _is_year_column(column):
            return False
        amount = parse_amount(source.text[cell.start : cell.end].strip())  # only a cell that states its unit
        return amount is not None and amount.value > 0
    unit = _unit(column, label, rules) or ""  # "": the cell states its unit
    amount = _table_amount(source.text[cell.start : cell.end].strip(), unit, rules)
    return amount is not None and amount.value > 0


def _table_amount(cell: str, unit: str, rules: TableRules) -> Amount | None:
    """The cell's amount in its column's unit. A cell that writes its magnitude but not the currency ("約268萬"
    under "開發成本 (元)", ITIB148) counts in that magnitude, the header saying the currency: 2,680,000 dollars,
    never 268."""
    if (unit and rules.bare_magnitude.search(cell)) or (not unit and rules.bare_money.search(cell)):
        return parse_amount(cell + rules.currency_word)
    return table_amount(cell, unit)


def _own_measure(label: str, columns: list[Column], header: str, rules: TableRules) -> OwnMeasure | None:
    """The measure whose figures are about the row's subject itself (an income, a cost, its own spending), named by
    the row's label, else its money columns' headers, else the table's header."""
    for where in (label, *(column.header for column in columns), header):
        measure = next((m for m in rules.own_measures if any(w in where for w in m.words)), None)
        if measure:
            return measure
    return None


def _cell_kind(source: Source, context: Context, row: Row, column: Column, cell: Cell,
               own: OwnMeasure | None, label: str = "") -> AmountType | None:
    """The kind of figure a cell holds: an income or a cost is one whatever the year; else the cell's note
    ("15.25 (實際)"), the row's ("2022-23 (實際)"), the column's header, the title (not for a body's own spending:
    "管理層所涉及的薪酬開支" of a closed year is spent, not a salary); a year without any of them that
    had closed before the document's year began, or that runs to a date ("截至2025年1月底"), holds spent money.
    A total row keeps its column's kind (the sum of a cash flow's years is an estimate too: "總計 6,000" under
    估計現金流); that it sums the rows is its row_header's to say, and its fiscal_year is empty when it sums
    years."""
    if own is not None and own.amount_type:
        return model_amount_type(own.amount_type)
    rules = source.rules
    # the title's funding words (撥款, 薪酬 -> salary) name a kind of money given, not of a body's own spending
    title = None if own is not None else context.kind
    row_kind = _kind_in(label, rules) if column.kind_from_row else None
    named = _kind_in(cell.note, rules) or _kind_in(row.note, rules) or row_kind or column.kind or title
    if named == AmountType.ESTIMATE and context.granted:
        return AmountType.APPROVED  # the budget of a project granted: the amount approved for it
    if named is not None:
        return model_amount_type(named)
    if any(w in where for w in rules.to_date_words for where in (column.words, label, row.note)):
        return AmountType.ACTUAL  # "2024-25 (截至2025年1月底)": what was spent of the year so far
    year = column.fiscal_year or row.fiscal_year
    if year and source.document_year and int(year[:4]) < int(source.document_year[:4]) - 1:
        return AmountType.ACTUAL
    return source.funding.default


# A payer the title and lead-in do not name (the bureau of the reply) says so in the method: "…+bureau-of-reply".
INFERRED_PAYER_SUFFIX = "+bureau-of-reply"


def _method(table: Table, column: Column) -> str:
    if table.year_rows:
        return "table:year-rows"
    return "table:year-columns" if column.fiscal_year or column.onward_from else "table:annex-rows"


def _cell_amount(source: Source, start: int, end: int, unit: str) -> Amount:
    text = source.text
    cell = text[start:end]
    parsed = _table_amount(cell.strip(), unit, source.rules)
    lead = len(cell) - len(cell.lstrip())
    # offsets into the analysed text; the text says the unit, which the cell alone does not (unless it states it)
    text = f"{cell.strip()} ({unit.strip('()（）')})" if unit else cell.strip()
    return replace(parsed, start=start + lead, end=start + len(cell.rstrip()), text=text)


def _unique(facts: list[TableFact]) -> list[TableFact]:
    """One fact per row, year and value: a table printed again on the next page says nothing new."""
    seen, out = set(), []
    for f in facts:
        key = (f.funder, f.recipient, f.row_header, f.column_header, f.fiscal_year, f.fiscal_year_onward,
               f.amount_type, f.amount.value, f.amount.currency)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
