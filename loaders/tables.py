"""Money facts from the tables of a reply: one fact per money cell.

PDF extraction flattens a table into lines: its header is broken over many lines ("2020-21 / 年度 / 實際開支"), a
row is "<name> n1 … nk" or a name broken over lines followed by a line of numbers, and a row of an annex may end in
a line holding its one number. The words that decide are data (data/rules/tables.yaml). Reading a table:

1. a table is a run of lines between lines of prose that states a money unit ("(百萬元)", "金額(百萬元)", or a row's
   "營運開支(百萬元)"); its header ends with the last line of years, units, kinds and counts before its first row;
2. the header says the columns: a fiscal year each ("2020-21 年度 實際開支": that year, `actual`), or, without
   years, one per unit or count word ("獲資助的初創企業數目 | 獲批資助總額(萬元) | 專利數目"); only columns with a
   unit hold money. A table whose rows start with a year ("2028-29及以後 2,100") has a year per row instead;
3. each row's cells are matched to the columns (digits grouped by spaces, "1 536", are joined only where the
   columns need it, and only when every way of joining them gives the same money cells);
4. each money cell becomes a fact about the row's subject — the body or scheme its name names (a name broken over
   lines is joined and resolved again) — paid by the table's payer: the scheme in its title, else the scheme or
   body the introducing sentences name as the money's source, else the bureau of the reply. A figure about one
   thing (an income, a cost, a body's own spending, a total, a year's figure of a table about one scheme) has no
   payer: `funder` is None and the fact is about `recipient`.

Rows that say no fact are left out and listed (`read_tables(...).skipped`, with the reason), so the report can say
what was not read: rows naming no body or scheme, totals of a table whose payer the text does not state, rows whose
cells do not match the columns, parts of the row above (a breakdown is not more money), tables of posts and pay.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import cache, cached_property
from pathlib import Path

import yaml

from graph.model import MODEL, AmountType, Label, label_of_id
from graph.resources import DATA_DIR
from loaders.entities import Mention
from loaders.funding import FundingRules, is_source, load_rules, sentence_of, sentence_spans
from loaders.money import Amount, table_amount, unit_multiplier

RULES_FILE = DATA_DIR / "rules" / "tables.yaml"
_PAYERS = frozenset(MODEL.relationships["FUNDS"].start)  # who may pay, and be paid, by data/model.yaml
_PAYEES = frozenset(MODEL.relationships["FUNDS"].end)
_SUBJECTS = (Label.SCHEME, Label.INSTITUTION, Label.COMPANY, Label.DEPARTMENT, Label.BUREAU)
_BODIES = (Label.DEPARTMENT, Label.INSTITUTION, Label.COMPANY)  # beside a scheme in a row: the scheme pays them

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
    # A figure for this year and every later one ("2028-29及以後"): `fiscal_year` stays None, so the figure is not
    # taken for that one year's.
    fiscal_year_onward: str | None = None


@dataclass(frozen=True)
class SkippedRow:
    row: Span
    row_header: str
    reason: str


@dataclass
class TableReading:
    facts: list[TableFact] = field(default_factory=list)
    skipped: list[SkippedRow] = field(default_factory=list)


# --- rules ---------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TableRules:
    prose_min_length: int
    header_cell_length: int
    prose_punctuation: str
    cell_lookahead: int
    table_end: tuple[re.Pattern[str], ...]
    annex_start: re.Pattern[str]
    caption: re.Pattern[str]
    fiscal_year: str
    year_suffix: str
    later_years: str
    other_year_rows: str
    column_kinds: tuple[tuple[str, tuple[str, ...]], ...]
    own_measures: tuple[tuple[str | None, tuple[str, ...]], ...]
    count_columns: tuple[str, ...]
    staff_words: tuple[str, ...]
    total_rows: tuple[str, ...]
    part_prefixes: tuple[str, ...]
    year_row_labels: tuple[str, ...]
    unit: re.Pattern[str]
    cell: str
    cell_note: str
    amount_in_name: re.Pattern[str]
    payer_after: tuple[str, ...]
    topic_after: tuple[str, ...]

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
    def count_column(self) -> re.Pattern[str]:
        return re.compile("|".join(re.escape(w) for w in self.count_columns))


@cache
def load_table_rules(path: Path = RULES_FILE) -> TableRules:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return TableRules(
        prose_min_length=int(data["prose"]["min_length"]),
        header_cell_length=int(data["header_cell_length"]),
        prose_punctuation=data["prose"]["punctuation"],
        cell_lookahead=int(data["prose"]["cell_lookahead"]),
        table_end=tuple(re.compile(p) for p in data["table_end"]),
        annex_start=re.compile(data["annex_start"]),
        caption=re.compile(data["caption"]),
        fiscal_year=data["fiscal_year"],
        year_suffix=data["year_suffix"],
        later_years=data["later_years"],
        other_year_rows=data["other_year_rows"],
        column_kinds=tuple((k["type"], tuple(k["words"])) for k in data["column_kinds"]),
        own_measures=tuple((m.get("type"), tuple(m["words"])) for m in data["own_measures"]),
        count_columns=tuple(data["count_columns"]),
        staff_words=tuple(data["staff_words"]),
        total_rows=tuple(data["total_rows"]),
        part_prefixes=tuple(data["part_prefixes"]),
        year_row_labels=tuple(data["year_row_labels"]),
        unit=re.compile(data["unit"]),
        cell=data["cell"],
        cell_note=data["cell_note"],
        amount_in_name=re.compile(data["amount_in_name"]),
        payer_after=tuple(data["payer_after"]),
        topic_after=tuple(data["topic_after"]),
    )


def model_amount_type(name: str | None) -> AmountType | None:
    """The model's amount_type of that name; None when data/model.yaml does not (yet) declare it, so a rule may
    name a type before the model has it and its cells are left out, not written with a type the model refuses."""
    return AmountType(name) if name in {t.value for t in AmountType} else None


# --- the pieces of a table -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    start: int
    end: int
    note: str = ""  # printed right after it: "15.25 (實際)"


@dataclass(frozen=True)
class Column:
    header: str  # as printed, lines joined
    unit: str | None  # the unit its numbers are counted in; None: not money (counts, dates, shares)
    kind: str | None  # an amount_type named by its header (修訂預算 -> revised_estimate)
    fiscal_year: str | None = None
    onward_from: str | None = None  # "2028-29及以後": that year and every later one


@dataclass(frozen=True)
class Row:
    name: tuple[Span, ...]  # the spans of its name: the label before its cells, or the lines above them
    cells: tuple[Cell, ...]
    span: Span
    note: str = ""  # printed between its name and its cells: "2022-23 (實際) 4.22"
    heading: str | None = None  # the body or scheme of a heading line above ("汽車科技研發中心")
    fiscal_year: str | None = None  # a year-per-row table's
    onward_from: str | None = None
    text_among_cells: bool = False  # a continuation line held words, not only cells


@dataclass(frozen=True)
class Table:
    header: Span
    columns: tuple[Column, ...]
    rows: tuple[Row, ...]
    year_rows: bool  # a year per row (the columns are measures)


@dataclass(frozen=True)
class Context:
    """Who pays for a table's rows and what the table is about, from its title and the sentences before it."""

    payer: str | None
    payer_stated: bool  # named by the title or the introducing sentences, not only the reply's bureau
    topic: str | None
    kind: str | None  # named by the title (預算開支 -> estimate)
    fiscal_year: str | None  # the title's ("2025-26年度獲資助之科技項目")


# --- entry points ----------------------------------------------------------------------------------------------------


def table_facts(
    text: str,
    mentions: list[Mention],
    default_funder: str | None,
    rules: FundingRules | None = None,
    document_year: str | None = None,
    resolve: Resolver | None = None,
) -> list[TableFact]:
    """`document_year`: the fiscal year the document is about ("2025-26" for the 2025-26 Estimates); `resolve`: the
    entity recogniser over a piece of text, to name a row whose name is broken over lines."""
    return read_tables(text, mentions, default_funder, rules, document_year, resolve).facts


def read_tables(
    text: str,
    mentions: list[Mention],
    default_funder: str | None,
    rules: FundingRules | None = None,
    document_year: str | None = None,
    resolve: Resolver | None = None,
) -> TableReading:
    """The facts of every money table of `text`, and the rows left out with the reason."""
    rules = rules or load_rules()
    table_rules = load_table_rules()
    reading = TableReading()
    lines = _lines(text)
    for block in _blocks(text, lines, table_rules):
        table = _table(text, block, mentions, resolve, table_rules)
        if table is None:
            continue
        context = _context(text, table, mentions, default_funder, rules, table_rules)
        for row in table.rows:
            facts, skipped = _row_facts(text, row, table, context, mentions, resolve, document_year, rules,
                                        table_rules)
            reading.facts += facts
            reading.skipped += skipped
    reading.facts = _unique(reading.facts)
    return reading


# --- blocks of lines -------------------------------------------------------------------------------------------------


def _lines(text: str) -> list[Span]:
    spans, start = [], 0
    for line in text.split("\n"):
        spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def _blocks(text: str, lines: list[Span], rules: TableRules) -> Iterator[list[Span]]:
    """Runs of lines between prose and the lines that end a table, that state a money unit."""
    block: list[Span] = []
    for i, (start, end) in enumerate(lines):
        line = text[start:end].strip()
        starts = _starts_a_table(line, rules)
        if starts or _ends_a_table(text, lines, i, rules):
            yield from _money_block(text, block, rules)
            block = []
            if not starts:
                continue
        block.append((start, end))
    yield from _money_block(text, block, rules)


def _money_block(text: str, block: list[Span], rules: TableRules) -> Iterator[list[Span]]:
    if any(_unit_of(text[s:e], rules) for s, e in block):
        yield block


def _starts_a_table(line: str, rules: TableRules) -> bool:
    """An annex ("附件一") or a caption ("「中學IT創新實驗室」計劃："): the first line of a table, its title."""
    return bool(rules.annex_start.match(line) or (rules.caption.search(line) and not _is_prose(line, rules)))


def _ends_a_table(text: str, lines: list[Span], i: int, rules: TableRules) -> bool:
    line = text[lines[i][0] : lines[i][1]].strip()
    if any(p.search(line) for p in rules.table_end):
        return True
    if not _is_prose(line, rules):
        return False
    # a long cell of a row whose value follows within a few lines (the content column of a list of projects)
    ahead = lines[i + 1 : i + 1 + rules.cell_lookahead]
    return not any(_is_value_line(text, s, e, rules) for s, e in ahead)


def _is_prose(line: str, rules: TableRules) -> bool:
    return len(line) >= rules.prose_min_length and any(p in line for p in rules.prose_punctuation)


def _is_value_line(text: str, start: int, end: int, rules: TableRules) -> bool:
    """A line of cells and nothing else: "7.5", "約1,610", "11.2 62.4 49.6 540.4 114.3" (not a year: "2019-20")."""
    if _column_years(text, start, end, rules) or rules.year_row.match(text, start, end):
        return False
    label, cells, _ = _split_row(text, start, end, rules)
    return bool(cells) and label[0] == label[1]


def _unit_of(line: str, rules: TableRules) -> str | None:
    """The money unit a line states ("(百萬元)"), if loaders/money.py knows how much it counts."""
    return next((m.group(0) for m in rules.unit.finditer(line) if unit_multiplier(m.group(0)) is not None), None)


# --- a line as a row -------------------------------------------------------------------------------------------------


def _split_row(text: str, start: int, end: int, rules: TableRules) -> tuple[Span, tuple[Cell, ...], str]:
    """A line as its label, its cells and the notes between them: "2.射頻實驗所 升級現有功率測量系統 30" ->
    ("2.射頻實驗所 升級現有功率測量系統", [30]). A line whose last word is not a cell has no cells."""
    match = rules.row.fullmatch(text, start, end)
    label_end = match.end("label")
    cells: list[Cell] = []
    row_note = ""
    for token in rules.cell_token.finditer(text, match.start("tail"), match.end("tail")):
        if token.group("cell"):
            cells.append(Cell(token.start(), token.end()))
        elif cells:
            cells[-1] = replace(cells[-1], note=cells[-1].note + token.group(0))
        elif row_note or _is_row_note(token.group(0), rules):
            row_note += token.group(0)
        else:  # words in brackets before the cells belong to the name: "科技統籌(整體撥款)", "營運開支(百萬元)"
            label_end = token.end()
    if len(cells) == 1 and label_end == cells[0].start and label_end > start:
        return (start, end), (), ""  # a footnote number glued to a word ("項目總開支1"), not a cell
    return (match.start("label"), label_end), tuple(cells), row_note


def _is_row_note(note: str, rules: TableRules) -> bool:
    """A note between a row's name and its cells: a kind ("(實際)"), a footnote or a date ("(3 )", "(截至2月)")."""
    return bool(re.search(r"\d", note) or _kind_in(note, rules))


def _column_years(text: str, start: int, end: int, rules: TableRules) -> list[re.Match[str]]:
    """The year columns a header line gives ("2020-21", "2019-20 2020-21 …", "項目 2024-25"); none for a title that
    only mentions years ("2013-14至2024-25年度對指定大學的…的資助")."""
    match = rules.year_header.fullmatch(text, start, end)
    if not match or match.group("lead").rstrip().endswith("至"):
        return []
    return list(rules.column_year.finditer(text, match.end("lead"), end))


def _is_header_line(text: str, start: int, end: int, rules: TableRules) -> bool:
    """A line of a table's header: years, a unit, a kind of figure, a count, or the name of a year column; never a
    long cell of a row ("已為超過30 200人次的院舍長者…提供外展服務")."""
    line = text[start:end]
    if _column_years(text, start, end, rules) or rules.unit.search(line):
        return True
    return len(line.strip()) <= rules.header_cell_length and bool(
        re.search(rules.kind_words, line)
        or rules.count_column.search(_outside_brackets(line))
        or line.strip() in rules.year_row_labels
    )


def _outside_brackets(text: str) -> str:
    return re.sub(r"[(（][^()（）]*[)）]", lambda m: " " * len(m.group(0)), text)


# --- a block as a table ----------------------------------------------------------------------------------------------


def _table(text: str, block: list[Span], mentions: list[Mention], resolve: Resolver | None,
           rules: TableRules) -> Table | None:
    first_row = next((i for i, (s, e) in enumerate(block) if _is_data_line(text, s, e, rules)), None)
    if first_row is None:
        return None
    header_end = 1 + max((i for i in range(first_row) if _is_header_line(text, *block[i], rules)), default=-1)
    header = block[:header_end]
    header_span = (block[0][0], header[-1][1] if header else block[0][0])
    body = block[header_end:]
    year_columns = [y for s, e in header for y in _column_years(text, s, e, rules)]
    if len(year_columns) >= 2:
        columns = _year_columns(text, header_span, year_columns, rules)
        rows = _column_rows(text, body, header, year_columns, mentions, resolve, rules)
        return Table(header_span, columns, tuple(rows), year_rows=False)
    year_rows = bool(rules.year_row.match(text, *block[first_row]))
    columns = _measure_columns(text, header_span, rules, year_rows)
    if not columns:
        return None
    rows = _year_rows(text, body, header, rules) if year_rows else _column_rows(
        text, body, header, [], mentions, resolve, rules)
    return Table(header_span, columns, tuple(rows), year_rows=year_rows)


def _is_data_line(text: str, start: int, end: int, rules: TableRules) -> bool:
    """A line with cells at its end, after the year that may name its row ("2022-23 (實際) 4.22"); never a long
    cell of words that ends in a number ("…參與長者人次超過6 800")."""
    if _column_years(text, start, end, rules) or _is_prose(text[start:end], rules):
        return False
    year = rules.year_row.match(text, start, end)
    _, cells, _ = _split_row(text, year.end() if year else start, end, rules)
    return bool(cells)


def _year_columns(text: str, header: Span, years: list[re.Match[str]], rules: TableRules) -> tuple[Column, ...]:
    """One column per year; the header text from a year to the next is its header (its kind, and its unit when
    each year states one: "2024-25 (原來預算) (百萬元) 2024-25 (修訂預算) (百萬元)"), else the table's unit counts
    every column ("金額(百萬元)" above the years)."""
    bounds = [m.start() for m in years] + [header[1]]
    segments = [text[a:b] for a, b in zip(bounds, bounds[1:], strict=False)]
    own_units = [_unit_of(s, rules) for s in segments]
    table_unit = _unit_of(text[header[0] : header[1]], rules)
    columns = []
    for m, segment, unit in zip(years, segments, own_units, strict=True):
        year = _fiscal_year_of(m)
        columns.append(Column(
            header=_printed(segment),
            unit=unit if all(own_units) else table_unit,
            kind=_kind_in(segment, rules),
            fiscal_year=None if m.group("later") else year,
            onward_from=year if m.group("later") else None,
        ))
    return tuple(columns)


def _measure_columns(text: str, header: Span, rules: TableRules, year_rows: bool) -> tuple[Column, ...]:
    """Columns named by their unit or count word, in order: "獲資助的初創企業數目 | 獲批資助總額(萬元) | 專利數目"
    -> [count, money, count]. A table with a year per row starts after the year column's name (財政年度)."""
    header_text = text[header[0] : header[1]]
    if year_rows:
        label = re.search("|".join(re.escape(w) for w in rules.year_row_labels), header_text)
        header_text = header_text[label.end() :] if label else header_text
    markers = sorted(
        [(m.end(), m.group(0)) for m in rules.unit.finditer(header_text)]
        + [(m.end(), None) for m in rules.count_column.finditer(_outside_brackets(header_text))]
    )
    columns, start = [], 0
    for end, unit in markers:
        segment = header_text[start:end]
        money = unit if unit and unit_multiplier(unit) is not None else None
        columns.append(Column(header=_printed(segment, last_lines=2), unit=money, kind=_kind_in(segment, rules)))
        start = end
    return tuple(columns)


def _printed(segment: str, last_lines: int | None = None) -> str:
    """A header as printed, its lines joined: "2020-21\n年度\n實際開支" -> "2020-21年度實際開支"."""
    lines = [line.strip() for line in segment.strip().split("\n") if line.strip()]
    if last_lines:
        lines = lines[-last_lines:]
    return re.sub(r"^(?:[(（][^()（）]{0,6}[)）]\s*)+", "", "".join(lines))


def _kind_in(text: str, rules: TableRules) -> str | None:
    return next((kind for kind, words in rules.column_kinds if any(w in text for w in words)), None)


# --- rows ------------------------------------------------------------------------------------------------------------


def _column_rows(text: str, body: list[Span], header: list[Span], years: list[re.Match[str]],
                 mentions: list[Mention], resolve: Resolver | None, rules: TableRules) -> Iterator[Row]:
    """Rows "<name> <cells>", or lines of a name followed by a line of cells. Lines above a row that has its own
    name head the rows under them ("汽車科技研發中心" above "營運開支(百萬元) 20.6 …"). The header repeated after a
    page break is skipped; a line of other years ends the table."""
    header_lines = [text[s:e].strip() for s, e in header]
    column_years = {m.group(0) for m in years}
    pending: list[Span] = []
    heading: str | None = None
    for i, (start, end) in enumerate(body):
        if _repeats_header(text, body, i, header_lines):
            pending = []
            continue
        line_years = _column_years(text, start, end, rules)
        if line_years:
            if not {m.group(0) for m in line_years} <= column_years:
                return  # another table's years
            pending = []  # this table's header again
            continue
        if not _is_data_line(text, start, end, rules):
            pending.append((start, end))
            continue
        label, cells, note = _split_row(text, start, end, rules)
        if label[0] < label[1]:
            if pending:
                heading = _entity_of(text, pending, mentions, resolve)
            name = (label,)
        else:
            name = pending  # a name broken over lines ("新型工業化及科技培訓 / 計劃"), or a sub-head with its figures
        first = name[0][0] if name else start
        yield Row(tuple(name), cells, (first, end), note=note, heading=heading)
        pending = []


def _repeats_header(text: str, body: list[Span], i: int, header_lines: list[str]) -> bool:
    """The header printed again after a page break: this line and the next are consecutive lines of the header."""
    line = text[body[i][0] : body[i][1]].strip()
    if line not in header_lines:
        return False
    at = header_lines.index(line)
    following = text[body[i + 1][0] : body[i + 1][1]].strip() if i + 1 < len(body) else None
    previous = text[body[i - 1][0] : body[i - 1][1]].strip() if i > 0 else None
    return (at + 1 < len(header_lines) and following == header_lines[at + 1]) or (
        at > 0 and previous == header_lines[at - 1])


def _year_rows(text: str, body: list[Span], header: list[Span], rules: TableRules) -> Iterator[Row]:
    """Rows that start with a year ("2022-23 (實际) 4.22", "2028-29及以後 2,100") or a total; a line below a row
    that does not start one holds the rest of its cells ("3 288 000 (截至2月)")."""
    header_lines = [text[s:e].strip() for s, e in header]
    row: Row | None = None
    for i, (start, end) in enumerate(body):
        if _repeats_header(text, body, i, header_lines):
            continue
        year = rules.year_row.match(text, start, end)
        label, cells, note = _split_row(text, year.end() if year else start, end, rules)
        total = text[start:end].lstrip().startswith(rules.total_rows)
        if year or total:
            if row:
                yield row
            row = _year_row(year, label, cells, note, (start, end))
        elif row:
            row = replace(row, cells=row.cells + cells, span=(row.span[0], end),
                          text_among_cells=row.text_among_cells or label[0] < label[1])
    if row:
        yield row


def _year_row(year: re.Match[str] | None, label: Span, cells: tuple[Cell, ...], note: str, span: Span) -> Row:
    """A row of a year-per-row table: its year (a fiscal year, "2028-29及以後", a calendar or school year: no
    fiscal_year) and the notes after it, or a total's label."""
    if year is None:
        return Row((label,), cells, span, note=note)
    fiscal = None if year.group("other") else _fiscal_year_of(year)
    later = bool(year.group("later"))
    return Row(((span[0], year.end()),), cells, span, note=year.group("notes") + note,
               fiscal_year=None if later else fiscal, onward_from=fiscal if later else None)


def _fiscal_year_of(match: re.Match[str]) -> str:
    return f"{match.group(1)}-{match.group(2)}"


# --- who pays, what it is about --------------------------------------------------------------------------------------


def _context(text: str, table: Table, mentions: list[Mention], default_funder: str | None,
             rules: FundingRules, table_rules: TableRules) -> Context:
    title = text[table.header[0] : table.header[1]]
    title_scheme = _first(mentions, table.header, (Label.SCHEME,))
    stated = title_scheme or _lead_in_payer(text, mentions, table.header[0], rules, table_rules)
    year = _title_year(title, table_rules)
    return Context(
        payer=stated or default_funder,
        payer_stated=stated is not None,
        topic=_topic(text, mentions, table.header[0], rules, table_rules) or title_scheme,
        kind=_kind_in(title, table_rules) or _funding_kind(title, rules),  # None: nothing but the default
        fiscal_year=year,
    )


def _title_year(title: str, rules: TableRules) -> str | None:
    """The one fiscal year a title states ("2025-26年度獲資助之科技項目"); none for a span of years
    ("2020-21年度至2024-25年度數字辦…的工作")."""
    years = {
        _fiscal_year_of(m) for m in re.finditer(rf"{rules.fiscal_year}{rules.year_suffix}", title)
        if not title[m.end() : m.end() + 1] == "至" and not title[max(0, m.start() - 1) : m.start()] == "至"
    }
    return years.pop() if len(years) == 1 else None


def _stated_fund(context: Context) -> str | None:
    """The fund a table's rows are paid from, as the text states it: what its total row adds up."""
    if context.payer_stated and context.payer and _label_of(context.payer) == Label.SCHEME:
        return context.payer
    return None


def _first(mentions: list[Mention], span: Span, labels: tuple[Label, ...]) -> str | None:
    return next((m.entity_id for m in mentions if span[0] <= m.start < span[1] and m.label in labels), None)


def _lead_in_payer(text: str, mentions: list[Mention], title_start: int, rules: FundingRules,
                   table_rules: TableRules) -> str | None:
    """The scheme the money goes through, else the government body, named in the sentences that introduce the
    table: the one that points to it ("載於附件一", "表列如下") and the one before."""
    reference = _reference_to(text, title_start, rules)
    if reference is None:
        return None
    lead_start = reference
    for _ in range(rules.table_lead_in_sentences):
        lead_start = text.rfind("。", 0, max(0, lead_start - 1)) + 1
    lead = [m for m in mentions if lead_start <= m.start < reference]
    for m in lead:
        if m.label == Label.SCHEME and (is_source(text, m, rules) or _followed_by(text, m, table_rules.payer_after)):
            return m.entity_id
    return next((m.entity_id for m in lead if m.label in (Label.BUREAU, Label.DEPARTMENT)), None)


def _topic(text: str, mentions: list[Mention], title_start: int, rules: FundingRules,
           table_rules: TableRules) -> str | None:
    """What the table is about: the first body or scheme right before 的/相關的/下 in the sentence that points to the
    table ("資助計劃相關的現金流初步估算如下"), or, when that sentence names nothing, in the sentence before it."""
    reference = _reference_to(text, title_start, rules)
    if reference is None:
        return None
    spans = sentence_spans(text)
    sentence = sentence_of(spans, reference)
    for _ in range(2):
        named = [m for m in mentions if sentence[0] <= m.start < sentence[1] and m.label in _SUBJECTS]
        if named:
            return next((m.entity_id for m in named if _followed_by(text, m, table_rules.topic_after)), None)
        before = [s for s in spans if s[1] <= sentence[0]]
        if not before:
            return None
        sentence = before[-1]
    return None


def _followed_by(text: str, mention: Mention, words: tuple[str, ...]) -> bool:
    """The mention is followed by one of `words`, past closing quotes and an abbreviation in brackets:
    "「創新及科技基金」(「基金」)下", "(研發中心)的"."""
    after = text[mention.end : mention.end + 24]
    after = re.sub(r"^[」』)）]*\s*(?:[(（][^()（）]{0,12}[)）])?[」』]*\s*", "", after)
    return after.startswith(words)


def _reference_to(text: str, title_start: int, rules: FundingRules) -> int | None:
    """Where the answer points to this table: "附件一" named earlier for an annex titled 附件一, else a reference
    word ("如下") in the sentence just above the table."""
    annex = re.match(r"附[件表]\s*[一二三四五六七八九十\d]+", text[title_start : title_start + 12])
    if annex:
        at = text.rfind(annex.group(0), 0, title_start)
        return at if at >= 0 else None
    above_start = max(0, title_start - 300)
    above = text[above_start:title_start]
    sentence_start = above.rfind("。") + 1
    hits = [at for at in (above.rfind(word) for word in rules.table_references) if at >= sentence_start]
    return above_start + max(hits) if hits else None


def _funding_kind(title: str, rules: FundingRules) -> str | None:
    """The kind of figure the title's words name by funding.yaml's rules, when it is not the default one."""
    kind = next((kind for kind, keywords in rules.amount_types if any(k in title for k in keywords)), rules.default)
    return None if kind == rules.default else str(kind)


def _entity_of(text: str, lines: list[Span], mentions: list[Mention], resolve: Resolver | None) -> str | None:
    """The body or scheme a row's name (or a heading) names: the first found in its lines, else — when the name
    is broken over lines, which the recogniser never saw whole — in its lines joined."""
    found = [m for m in mentions if any(s <= m.start < e for s, e in lines) and m.label in _SUBJECTS]
    if found:
        return found[0].entity_id
    if resolve is None or len(lines) < 2:
        return None
    joined = "".join(text[s:e].strip() for s, e in lines)
    return next((m.entity_id for m in resolve(joined) if m.label in _SUBJECTS), None)


def _row_payer_and_subject(text: str, row: Row, mentions: list[Mention], resolve: Resolver | None,
                           payer: str | None) -> tuple[str | None, str | None]:
    """A row that names a scheme and a body beside it (資助計劃 | 申請機構): the scheme pays the body. Otherwise the
    row's first body or scheme is its subject, paid by the table's payer."""
    named = [m for m in mentions if any(s <= m.start < e for s, e in row.name) and m.label in _SUBJECTS]
    body = next((m.entity_id for m in named if m.label in _BODIES), None)
    if body and resolve is not None and len(row.name) > 1:
        named = resolve("".join(text[s:e].strip() for s, e in row.name))  # "內地與香港 / 聯合資助計劃 / 香港城市大學"
    scheme = next((m.entity_id for m in named if m.label == Label.SCHEME), None)
    if scheme and body:
        return scheme, body
    return payer, _entity_of(text, list(row.name), mentions, resolve)


# --- facts -----------------------------------------------------------------------------------------------------------


def _row_facts(text: str, row: Row, table: Table, context: Context, mentions: list[Mention],
               resolve: Resolver | None, document_year: str | None, rules: FundingRules,
               table_rules: TableRules) -> tuple[list[TableFact], list[SkippedRow]]:
    label = _row_label(text, row, table_rules)
    if label.startswith(table_rules.part_prefixes):
        return [], [SkippedRow(row.span, label, "a part of the row above")]
    cells = _aligned(text, row, table.columns, label, table_rules)
    if cells is None:
        return [], [SkippedRow(row.span, label, "cells do not match the columns")]
    money = [(column, cell) for column, cell in cells if _unit(column, label, table_rules) and _has_value(
        text, cell, _unit(column, label, table_rules))]
    if not money:
        return [], []  # counts, dashes: nothing about money
    why_not = _why_not(label, money, table_rules)
    if why_not:
        return [], [SkippedRow(row.span, label, why_not)]
    is_total = label.startswith(table_rules.total_rows)
    own = _own_measure(label, text[table.header[0] : table.header[1]], money, table_rules)
    if table.year_rows:
        payer, subject = None, context.topic
    elif is_total:
        payer, subject = None, context.topic or _stated_fund(context)
    elif own is not None or _is_measure(label, table_rules):
        payer, subject = _row_payer_and_subject(text, row, mentions, resolve, context.payer)
        subject = subject or row.heading or context.topic
        payer = None
    else:
        payer, subject = _row_payer_and_subject(text, row, mentions, resolve, context.payer)
    if subject is None:
        return [], [SkippedRow(row.span, label, _unnamed(is_total, table))]
    payer = _payer_or_none(payer, subject)
    facts, skipped = [], []
    for column, cell in money:
        kind = _cell_kind(column, cell, row, table, context, own, is_total, document_year, rules, table_rules)
        if kind is None:
            skipped = [SkippedRow(row.span, label, "an amount type data/model.yaml does not have yet")]
            continue
        unit = _unit(column, label, table_rules)
        facts.append(TableFact(
            funder=payer,
            recipient=subject,
            amount=_cell_amount(text, cell.start, cell.end, unit),
            amount_type=kind,
            fiscal_year=None if is_total and table.year_rows else (column.fiscal_year or row.fiscal_year
                                                                    or _item_year(table, context)),
            row=row.span,
            method=_method(table, column),
            row_header=label,
            column_header=column.header,
            fiscal_year_onward=column.onward_from or row.onward_from,
        ))
    return facts, skipped


def _unnamed(is_total: bool, table: Table) -> str:
    if is_total:
        return "a total of a table whose fund the text does not name"
    if table.year_rows:
        return "a table of years that does not name what it is about"
    return "names no body or scheme"


def _row_label(text: str, row: Row, rules: TableRules) -> str:
    """The row's name as printed, its lines joined ("新型工業化及科技培訓" + "計劃"), up to a long cell of words (the
    content column of a list of projects: "長者數碼外展計劃 / (2018-2021) / 2018年12月開始 / 已為超過30 200人次…")."""
    short = (text[s:e].strip() for s, e in row.name[1:])
    rest = itertools.takewhile(lambda line: len(line) <= rules.header_cell_length, short)
    return "".join([text[row.name[0][0] : row.name[0][1]].strip(), *rest]) if row.name else ""


def _aligned(text: str, row: Row, columns: tuple[Column, ...], label: str,
             rules: TableRules) -> list[tuple[Column, Cell]] | None:
    """The row's cells matched to the columns, or None when they cannot be told apart."""
    if row.text_among_cells or rules.amount_in_name.search(label):
        return None
    ways = _groupings(text, list(row.cells), len(columns))
    money = [i for i, column in enumerate(columns) if _unit(column, label, rules)]
    readings = {tuple(text[way[i].start : way[i].end] for i in money) for way in ways}
    if len(readings) != 1:
        return None  # no way, or ways that disagree on a money cell
    return list(zip(columns, ways[0], strict=True))


def _groupings(text: str, cells: list[Cell], k: int) -> list[list[Cell]]:
    """The ways to read `cells` as k cells, joining digits grouped by a space ("1 536", "3 288 000": a group of
    three digits after one of one to three): the joins the columns need, among those that could be one."""
    joinable = [i for i in range(len(cells) - 1) if _groups(text, cells[i], cells[i + 1])]
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


def _groups(text: str, left: Cell, right: Cell) -> bool:
    return (text[left.end : right.start] == " " and not left.note
            and re.fullmatch(r"(?:約|逾|超過|近)?\s*\d{1,3}", text[left.start : left.end]) is not None
            and re.fullmatch(r"\d{3}", text[right.start : right.end]) is not None)


def _unit(column: Column, label: str, rules: TableRules) -> str | None:
    """A row's own unit ("營運開支(百萬元)") counts its cells; else the column's."""
    return _unit_of(label, rules) or column.unit


def _has_value(text: str, cell: Cell, unit: str | None) -> bool:
    amount = table_amount(text[cell.start : cell.end].strip(), unit or "")
    return amount is not None and amount.value > 0


def _why_not(label: str, money: list[tuple[Column, Cell]], rules: TableRules) -> str | None:
    if any(w in label or w in column.header for column, _ in money for w in rules.staff_words):
        return "posts and pay"
    return None


def _own_measure(label: str, header: str, money: list[tuple[Column, Cell]],
                 rules: TableRules) -> tuple[str | None] | None:
    """The measure a row's figures are about its subject itself with (an income, a cost, its own spending): named by
    the row's label, else its columns, else the table's header. (type,) with type None: the year's kind applies."""
    for where in (label, *(column.header for column, _ in money), header):
        for kind, words in rules.own_measures:
            if any(w in where for w in words):
                return (kind,)
    return None


def _is_measure(label: str, rules: TableRules) -> bool:
    """A row named by what it measures with its unit ("研發開支(百萬元)"), not by a body or scheme."""
    return _unit_of(label, rules) is not None


def _payer_or_none(payer: str | None, subject: str) -> str | None:
    """A payer paying itself, or a pair data/model.yaml does not allow as FUNDS, is a figure about the subject."""
    if payer is None or payer == subject:
        return None
    if _label_of(payer) not in _PAYERS or _label_of(subject) not in _PAYEES:
        return None
    return payer


def _label_of(entity_id: str) -> str:
    return str(label_of_id(entity_id))


def _cell_kind(column: Column, cell: Cell, row: Row, table: Table, context: Context, own: tuple[str | None] | None,
               is_total: bool, document_year: str | None, rules: FundingRules,
               table_rules: TableRules) -> AmountType | None:
    """The kind of figure a cell holds: a total over a year-per-row table's years is a total; an income or cost is
    one whatever the year; else the cell's note ("15.25 (實際)"), the row's ("2022-23 (實際)"), the column's header,
    the title's; a closed year without any of them holds spent money."""
    if is_total and table.year_rows:
        return model_amount_type("total")
    if own and own[0]:
        return model_amount_type(own[0])
    named = _kind_in(cell.note, table_rules) or _kind_in(row.note, table_rules) or column.kind or context.kind
    if named is not None:
        return model_amount_type(named)
    year = column.fiscal_year or row.fiscal_year
    if year and document_year and int(year[:4]) < int(document_year[:4]) - 1:
        return AmountType.ACTUAL  # a year that had closed before the document's own year began
    return rules.default


def _method(table: Table, column: Column) -> str:
    if table.year_rows:
        return "table:year-rows"
    return "table:year-columns" if column.fiscal_year or column.onward_from else "table:annex-rows"


def _item_year(table: Table, context: Context) -> str | None:
    return context.fiscal_year if not table.year_rows else None


def _cell_amount(text: str, start: int, end: int, unit: str) -> Amount | None:
    cell = text[start:end]
    parsed = table_amount(cell.strip(), unit)
    if parsed is None or parsed.value <= 0:
        return None
    lead = len(cell) - len(cell.lstrip())
    # offsets into the analysed text; the text says the unit, which the cell alone does not
    return replace(
        parsed, start=start + lead, end=start + len(cell.rstrip()), text=f"{cell.strip()} ({unit.strip('()（）')})"
    )


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
