"""Funding facts from the tables of a reply: one fact per row (or per cell of a year column).

PDF extraction flattens tables into lines. Two shapes carry funding and are read here; anything else is left alone:
- rows that end in a line holding one number, under a header that gives the unit ("(百萬元)"), as in the annex of
  projects funded under 科技統籌(整體撥款): the row's first named body is the recipient;
- rows "<name> n1 n2 … nk" under a header of k fiscal years ("2013-14 … 2024-25") and a unit, as in the yearly
  funding of universities' technology transfer offices: one fact per year.
The funder is the scheme named in the table's title, else the one the answer's lead-in sentence says the money
goes through ("…透過「創新及科技基金」…提供的資助額載於附件一"), else a bureau or department named there, else the
bureau of the reply. A year column of a year that had closed when the reply was written holds what was spent
(`actual`) unless the title names another kind of figure.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from graph.model import AmountType, Label
from loaders.entities import Mention
from loaders.funding import FundingRules, is_source, load_rules
from loaders.money import Amount, table_amount, unit_multiplier

_UNIT_HEADER = re.compile(r"[(（]\s*(?:港幣)?(?:百萬|萬|千)?(?:港)?元\s*[)）]")
_NUMBER_LINE = re.compile(r"^\s*\$?\s*-?[\d,]+(?:\.\d+)?\s*\*?\s*$")
_YEAR = re.compile(r"^(20\d{2})-(\d{2})\b")
_ROW_WITH_NUMBERS = re.compile(r"^(?P<name>.*?[^\d\s,.\-])\s*(?P<cells>(?:\s*(?:-|[\d,]+(?:\.\d+)?))+)\s*$")
_TABLE_END = re.compile(r"^(?:\d+\.(?!\d)|附件|註|[(（]\d+[)）])")
_TITLE_LINES = 6
# Who a table row names as receiving money. Not a bureau: data/model.yaml lets FUNDS end at a scheme, institution,
# company or department only (a bureau's money is its departments' and schemes').
_RECIPIENTS = (Label.DEPARTMENT, Label.INSTITUTION, Label.COMPANY)


@dataclass(frozen=True)
class TableFact:
    funder: str
    recipient: str
    amount: Amount  # offsets into the analysed text
    amount_type: AmountType
    fiscal_year: str | None
    row: tuple[int, int]
    method: str


def table_facts(
    text: str,
    mentions: list[Mention],
    default_funder: str | None,
    rules: FundingRules | None = None,
    document_year: str | None = None,
) -> list[TableFact]:
    """`document_year`: the fiscal year the document is about ("2025-26" for the 2025-26 Estimates)."""
    rules = rules or load_rules()
    lines = _lines(text)
    facts: list[TableFact] = []
    for i, (start, end) in enumerate(lines):
        header = _UNIT_HEADER.search(text, start, end)
        if not header or unit_multiplier(header.group(0)) is None:
            continue
        title_start = _title_start(text, lines, i)
        title = text[title_start:end]
        if any(word in title for word in rules.table_title_exclude):
            continue
        funder = (_title_scheme(mentions, title_start, start)
                  or _lead_in_funder(text, mentions, title_start, rules)
                  or default_funder)
        if funder is None:
            continue
        kind = _kind_of(title, rules)
        years = _year_columns(text, lines, i)
        if years:
            kinds = [_kind_of_year(year, kind, document_year, rules) for year in years]
            facts += _year_column_rows(text, lines, i + 1, header.group(0), years, mentions, funder, kinds)
        else:
            facts += _amount_rows(text, lines, i + 1, header.group(0), title, mentions, funder, kind)
    return _unique(facts)


def _lines(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for line in text.split("\n"):
        spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def _title_start(text: str, lines: list[tuple[int, int]], header_index: int) -> int:
    """A table's title starts at its "附件…" line when there is one close above, else on the line above the header
    (a sentence of the answer above the table is not its title)."""
    for start, _ in reversed(lines[max(0, header_index - _TITLE_LINES) : header_index]):
        if text.startswith("附件", start) or text.startswith("附表", start):
            return start
    return lines[max(0, header_index - 1)][0]


def _title_scheme(mentions: list[Mention], start: int, end: int) -> str | None:
    return next((m.entity_id for m in mentions if start <= m.start < end and m.label == Label.SCHEME), None)


def _lead_in_funder(text: str, mentions: list[Mention], title_start: int, rules: FundingRules) -> str | None:
    """The scheme the money goes through, else the government body, named in the sentences that introduce the
    table: the one that points to it ("載於附件一", "詳情如下") and the one before."""
    reference = _reference_to(text, title_start, rules)
    if reference is None:
        return None
    lead_start = reference
    for _ in range(rules.table_lead_in_sentences):
        lead_start = text.rfind("。", 0, max(0, lead_start - 1)) + 1
    lead = [m for m in mentions if lead_start <= m.start < reference]
    for m in lead:
        if m.label == Label.SCHEME and is_source(text, m, rules):  # 透過「創新及科技基金」: the money's way
            return m.entity_id
    return next((m.entity_id for m in lead if m.label in (Label.BUREAU, Label.DEPARTMENT)), None)


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


def _kind_of_year(year: str, kind: AmountType, document_year: str | None, rules: FundingRules) -> AmountType:
    """A year that had closed before the document's own year began (2023-24 and earlier, for the 2025-26 Estimates
    written during 2024-25) holds spent money, unless the title says another kind than the default."""
    if kind != rules.default or document_year is None:
        return kind
    return AmountType.ACTUAL if int(year[:4]) < int(document_year[:4]) - 1 else kind


def _kind_of(title: str, rules: FundingRules) -> AmountType:
    for kind, keywords in rules.amount_types:
        if any(k in title for k in keywords):
            return kind
    return rules.default


def _year_columns(text: str, lines: list[tuple[int, int]], header_index: int) -> list[str]:
    """Fiscal years given one per line, or on one line, just after (or just before) the unit header."""
    years: list[str] = []
    for start, end in lines[header_index + 1 : header_index + 20]:
        line = text[start:end].strip()
        found = re.findall(r"(20\d{2})-(\d{2})", line)
        if not found or not re.fullmatch(r"[\d\-\s()]+", line):
            break
        years += [f"{a}-{b}" for a, b in found]
    return years if len(years) >= 2 else []


def _amount_rows(text, lines, first, unit, title, mentions, funder, kind) -> list[TableFact]:
    facts, row_start = [], None
    year = re.search(r"(20\d{2})-(\d{2})\s*年度", title)
    fiscal_year = f"{year.group(1)}-{year.group(2)}" if year else None
    for start, end in lines[first:]:
        line = text[start:end]
        if _TABLE_END.match(line.strip()) or "完" in line and "–" in line:
            break
        if _UNIT_HEADER.search(line):
            row_start = None  # the header again, after a page break
            continue
        if row_start is None:
            row_start = start
        if not _NUMBER_LINE.match(line):
            continue
        recipient = _first_recipient(mentions, row_start, start)
        amount = _cell_amount(text, start, end, unit)
        row_funder = _title_scheme(mentions, row_start, start) or funder  # a "scheme" column names the funder
        if recipient and amount and recipient != row_funder:
            facts.append(
                TableFact(row_funder, recipient, amount, kind, fiscal_year, (row_start, end), "table:annex-rows")
            )
        row_start = None
    return facts


def _year_column_rows(text, lines, first, unit, years, mentions, funder, kinds) -> list[TableFact]:
    facts = []
    for start, end in lines[first + len(years) :]:
        line = text[start:end]
        if _TABLE_END.match(line.strip()):
            break
        row = _ROW_WITH_NUMBERS.match(line)
        if not row:
            continue
        recipient = _first_recipient(mentions, start, start + row.end("name"))
        if not recipient or recipient == funder:
            continue
        cells = list(re.finditer(r"-|[\d,]+(?:\.\d+)?", line[row.start("cells") :]))
        if len(cells) != len(years):
            continue  # a wrapped or partial row: better no fact than a fact in the wrong year
        for year, kind, cell in zip(years, kinds, cells, strict=True):
            cell_start = start + row.start("cells") + cell.start()
            amount = _cell_amount(text, cell_start, cell_start + len(cell.group(0)), unit)
            if amount:
                facts.append(TableFact(funder, recipient, amount, kind, year, (start, end), "table:year-columns"))
    return facts


def _first_recipient(mentions: list[Mention], start: int, end: int) -> str | None:
    return next((m.entity_id for m in mentions if start <= m.start < end and m.label in _RECIPIENTS), None)


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
    seen, out = set(), []
    for f in facts:
        key = (f.funder, f.recipient, f.amount.start)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out
