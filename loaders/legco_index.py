"""Index tables of reply documents in any rendering: a row per line, a whole table run into one line, or rows
whose numbers the re-publishing site dropped.

A row is "reply no., question no., member's name, head(s), programme(s)". Whatever the line breaks, every row starts
with a reply number (ITB001, CITB(ITB)004, HAB126), so the table is cut at the reply numbers and each piece is read
on its own: the question number first, the name up to the first head number, the head numbers (a row may name
several: CITB(ITB)004 names heads 55 47 155 160 177 180), then the programmes — "(2) Innovation and Technology",
"(3 地區環境改善工程" with its bracket lost, or a name without a number ("Operational Expenses"). A row whose numbers
are missing is kept with them empty, never guessed.
"""

from __future__ import annotations

import re

from loaders.legco_layouts import layouts
from loaders.legco_records import IndexEntry, ParsedReplies, Programme
from loaders.text import NormalisedText

# Row starts per edition. A Chinese table has no other capitals, so a reply number whose digits were dropped ("HAB")
# still starts a row; in English, surnames are capitals too, so a reply number needs its digits.
_ROW_START = {
    "zh": re.compile(r"(?<![A-Za-z])[A-Z]{2,8}(?:\([A-Za-z]{1,8}\))?\d{0,3}(?![A-Za-z])"),
    "en": re.compile(r"(?<![A-Za-z(])(?:S-|SV-)?[A-Z]{2,8}(?:\([A-Za-z]{1,8}\))?\d{2,3}(?![\w)])"),
}
_ROW = re.compile(
    r"^\s*(?P<question_no>S?\d{3,5})?\s*(?P<name>[^\d(（]*)(?P<heads>\d{1,3}(?:\s+\d{1,3})*)?"
    r"(?:\s+|(?=[(（])|$)(?P<programmes>.*)$",
    re.S,
)
_NUMBERED = re.compile(r"[(（]\s*(\d{1,2})\s*[)）]?\s*([^(（]*)")
_NO_PROGRAMME = {"", "-", "–", "沒有指定", "不適用", "N/A", "Not specified"}


def index_rows(text: NormalisedText, edition: str, start: int = 0, end: int | None = None) -> list[IndexEntry]:
    """The rows of the index table found in text[start:end] (after its header)."""
    body = text.text[: len(text.text) if end is None else end]
    header = re.search(layouts()[edition]["index_header"], body[start:])
    if header is None:
        return []
    table_start = start + header.end()
    # A page break inside the table repeats the page title and the header: blank them out (same length, so that
    # offsets and lines stay right) before cutting the rows.
    repeat = re.compile(layouts()[edition]["index_page_break"])
    body = body[:table_start] + repeat.sub(lambda m: " " * len(m.group(0)), body[table_start:])
    cuts = [m for m in _ROW_START[edition].finditer(body, table_start) if _starts_a_row(body, m.end())]
    # A reply number without digits starts a row only with the prefix of the table's numbered rows ("HAB"), so a
    # capitalised word in a programme name ("AI") does not.
    prefixes = {re.sub(r"\d+$", "", m.group(0)) for m in cuts if m.group(0)[-1].isdigit()}
    cuts = [m for m in cuts if m.group(0)[-1].isdigit() or m.group(0) in prefixes]
    rows = []
    for m, following in zip(cuts, [*cuts[1:], None], strict=True):
        piece = body[m.end() : following.start() if following else len(body)]
        rows.append(_row(m.group(0), piece, text.raw_line(m.start())))
    return rows


def _starts_a_row(body: str, after: int) -> bool:
    """A reply number is followed by a question number or, where the site dropped it, by the member's name."""
    rest = body[after : after + 12].lstrip()
    return bool(rest) and (rest[0].isdigit() or rest[0].isalpha())


def _row(reply_no: str, piece: str, line: int) -> IndexEntry:
    m = _ROW.match(" ".join(piece.split()))
    heads = (m["heads"] or "").split()
    return IndexEntry(
        reply_no=reply_no if any(c.isdigit() for c in reply_no) else "",
        question_no=m["question_no"] or "",
        legislator=_name(m["name"]),
        head_no=heads[0] if heads else "",
        programmes=_programmes(m["programmes"]),
        line=line,
        head_nos=tuple(heads) if len(heads) > 1 else (),
    )


def _name(printed: str) -> str:
    """The member as printed, without spaces between Chinese characters ("梁 家 傑") or a trailing title."""
    return _tidy(printed.strip().removesuffix("議員"))


def _tidy(text: str) -> str:
    """One space between words; none inside Chinese text."""
    text = " ".join(text.split())
    return "".join(text.split()) if any("\u3400" <= c <= "\u9fff" for c in text) else text


def _programmes(text: str) -> tuple[Programme, ...]:
    text = text.strip()
    if text in _NO_PROGRAMME:
        return ()
    numbered = [(n, name.strip(" ，,、;；")) for n, name in _NUMBERED.findall(text)]
    if numbered:
        return tuple(Programme(n, _tidy(name)) for n, name in numbered)
    return (Programme(None, text),)  # printed by name only: one programme (names hold "and" and commas)


def broken_apart(rows: list[IndexEntry]) -> bool:
    """True when the table's columns were broken apart by the text's rendering (a third or more of the rows without
    a head number): its rows cannot be trusted."""
    return bool(rows) and sum(1 for r in rows if not r.head_no) * 3 >= len(rows)


def check_against_index(parsed: ParsedReplies) -> list[str]:
    """Every way the parsed replies and the document's own index table disagree, one sentence each."""
    problems: list[str] = []
    by_question = {e.question_no: e for e in parsed.index}
    seen: set[str] = set()
    for reply in parsed.replies:
        entry = by_question.get(reply.question_no)
        if entry is None:
            problems.append(f"{reply.reply_no}: question {reply.question_no} is not in the index table")
            continue
        seen.add(reply.question_no)
        for what, ours, theirs in (
            ("reply no.", reply.reply_no, entry.reply_no),
            ("asker", reply.asker, entry.legislator),
            ("head", reply.head_no, entry.head_no),
            ("programmes", _labels(reply.programmes), _labels(entry.programmes)),
        ):
            if ours != theirs:
                problems.append(f"{entry.reply_no}: {what} is {ours!r} in the reply but {theirs!r} in the index")
    for entry in parsed.index:
        if entry.question_no not in seen:
            problems.append(f"{entry.reply_no}: listed in the index table (question {entry.question_no}) but no reply")
    return problems  # a reply number used twice is an error, not a disagreement (_refuse_repeated_numbers)


def _labels(programmes: tuple[Programme, ...]) -> list[str]:
    return [p.label for p in programmes]
