"""Parse the Finance Committee's written replies ("審核開支預算 管制人員的答覆") into typed records.

A document opens with an index table (答覆編號 問題編號 議員姓名 總目 綱領), then one reply after another, each
ended by "– 完 –". A reply's header names the question number, head, subhead(s), programme(s), controlling
officer and bureau director; then come the question, the asker with the LegCo internal reference, and the answer.
Many replies do not print their reply number: the index table gives it by question number.

    >>> from loaders.legco import parse_replies
    >>> parsed = parse_replies(open("data/sources/001_290747ba864f0a9c.txt").read())
    >>> parsed.by_reply_no["ITIB001"].asker
    '陳振英'

The rules are written for the format of the Finance Committee replies in general (any bureau, any year), not for
one file: reply numbers like "ITIB001", "CEDB(CIT)001" or "SB001"; full-width or half-width brackets and colons.
"""

from __future__ import annotations

import re
from dataclasses import replace

from loaders import legco_en
from loaders.errors import IndexPageOnly, SourceError
from loaders.legco_index import broken_apart, check_against_index, index_rows
from loaders.legco_layouts import bureau_named_by, edition_of, fiscal_year_in, layouts
from loaders.legco_records import IndexEntry, ParsedReplies, Programme, Reply
from loaders.text import NormalisedText, fold, normalise, raw_line_at

END_MARK = re.compile(r"^\s*[–—-]\s*完\s*[–—-]\s*$")
_END_MARK_IN_TEXT = re.compile(r"(?m)^[–—-]\s*完\s*[–—-][ \t]*$")

_REPLY_NO = r"[A-Z]{2,8}(?:\([A-Za-z]{1,8}\))?\d{3}"
_QUESTION_NO = re.compile(r"[(（]\s*問題編號\s*[：:]\s*(\d{1,5})\s*[)）]")
# The same mark in the raw text, spaced out by the extraction ("(問 題 編 號 ： 0643)"), for a look at the whole
# document before the costly normalisation (~1 s per MB).
_RAW_QUESTION_NO = re.compile(r"[(（]\s*問\s*題\s*編\s*號\s*[：:︰]\s*(\d{1,5})\s*[)）]")
_TITLE_REPLY_NO = re.compile(rf"(?m)^\s*({_REPLY_NO})\s*$")
_ZH = layouts()["zh"]
# A reply opens with its title (審核2025-26年度 or 審核二零一六至一七年度) or, when the title was lost, its number mark.
_REPLY_START = re.compile(
    r"(?m)^\s*審核\s*(?:\d{4}-\d{2}|[〇零一二三四五六七八九]{4}\s*至?\s*[〇零一二三四五六七八九]{2})\s*年度"
    r"|[(（]\s*問題編號\s*[：:]"
)

_INDEX_HEADER = re.compile(r"^答覆編號\s*問題編號\s*議員姓名\s*總目\s*綱領\s*$")
_INDEX_ROW = re.compile(
    rf"^(?P<reply_no>{_REPLY_NO})\s+(?P<question_no>\d{{1,5}})\s*(?P<name>[^\d\s(（][^\d(（]*?)\s*"
    r"(?P<head_no>\d{1,3})\s*(?P<programmes>.*)$"
)

# Header fields in the order they appear; the value of one runs to the start of the next one found.
_FIELDS: dict[str, str] = _ZH["fields"]
_REQUIRED = ("head", "question", "asker", "answer")
_HEAD = re.compile(r"^[(（]\s*(\d{1,3})\s*[)）]\s*(.+)$", re.S)
_NUMBERED = re.compile(r"[(（]\s*(\d{1,3})\s*[)）]\s*(.*?)(?=[，,、;；\s]*[(（]\s*\d{1,3}\s*[)）]|$)", re.S)
_OFFICER = re.compile(r"^(?P<post>.+?)\s*[(（]\s*(?P<name>[^()（）]+?)\s*[)）]\s*$", re.S)
_ASKER = re.compile(
    r"^(?P<name>.+?)\s*(?:議員)?\s*[(（]\s*立法會內部參考編號\s*[：:]\s*(?P<ref>[^)）]+?)\s*[)）]", re.S
)
_NO_PROGRAMME = ("沒有指定", "不適用", "")


def normalise_replies_text(raw: str) -> NormalisedText:
    return normalise(raw, hard_lines=(END_MARK,))


def parse_replies(
    raw: str, source: str = "<text>", fiscal_year: str | None = None, allow_unnumbered: bool = False,
    excerpt: bool = False,
) -> ParsedReplies:
    """Parse a whole replies document, Chinese or English edition. Raises SourceError (file:line: reason) for text
    that is not one.

    Lines in errors are lines of `raw` as it is on disk (1-based), whatever its line terminators. An English reply
    whose serial numbers are blank is an error unless `allow_unnumbered` (then its numbers are ""). A reply the text
    stops inside is an error unless the document is an `excerpt` (then it is read as far as it goes, `truncated`).
    """
    if not raw.strip():
        raise SourceError(source, "empty document: no text to parse")
    if edition_of(raw) == "en":
        return legco_en.parse_english_replies(raw, source, fiscal_year, allow_unnumbered, excerpt)
    _refuse_repeated_questions_in_raw(raw, source)
    text = normalise_replies_text(raw)
    body = text.text
    first = _REPLY_START.search(body)
    if first is None:
        _refuse_index_page(text, source)
        raise SourceError(source, "not a replies document: no '(問題編號：…)' found", line=1)
    fiscal_year = _detect_fiscal_year(body) or fiscal_year
    if fiscal_year is None:
        raise SourceError(source, "no fiscal year: no '審核YYYY-YY年度' title and none given", line=1)

    index = parse_index_table(text, first.start())
    _refuse_repeated_index_rows(index, source)
    reply_no_of = {e.question_no: e.reply_no for e in index}
    spans = _reply_spans(text, first.start(), source, excerpt)
    _refuse_repeated_numbers(text, spans, reply_no_of, source)
    replies = [_parse_reply(text, start, end, source, fiscal_year, reply_no_of) for start, end in spans]
    if spans and not _END_MARK_IN_TEXT.search(text.text, spans[-1][0], spans[-1][1]):
        replies[-1] = replace(replies[-1], truncated=True)  # an excerpt's last reply, read as far as it goes
    parsed = ParsedReplies(source, fiscal_year, text, index, replies)
    parsed.disagreements = check_against_index(parsed)
    return parsed


def parse_index_page(raw: str, source: str = "<text>", fiscal_year: str | None = None) -> ParsedReplies:
    """An index page without replies (parse_replies raised IndexPageOnly): its rows, for `innograph parse`. Rows
    whose columns the text's rendering broke apart are refused rather than read wrong."""
    edition = edition_of(raw) or "zh"
    text = legco_en.normalise_lines(raw) if edition == "en" else normalise_replies_text(raw)
    rows = index_rows(text, edition)
    if broken_apart(rows):
        raise SourceError(source, "the index table's columns are broken apart in this text (a third of its rows have "
                                  "no head): its rows are not read", line=rows[0].line)
    year = fiscal_year_in(text.text, layouts()[edition]["fiscal_year"]) or fiscal_year or ""
    return ParsedReplies(source, year, text, rows, [], language=layouts()[edition]["language"])


def bureau_of_document(parsed: ParsedReplies) -> str | None:
    """The bureau whose director answers: read off the replies' director, or an index page's title ("Director of
    Bureau : Secretary for Innovation and Technology")."""
    directors = [r.director_of_bureau for r in parsed.replies]
    if not directors:
        pattern = layouts()["en" if parsed.language == "en" else "zh"].get("index_director")
        found = re.search(pattern, parsed.text.text[:3000]) if pattern else None
        directors = [found.group(1)] if found else []
    return next((bureau for d in directors if d and (bureau := bureau_named_by(d))), None)


def _detect_fiscal_year(body: str) -> str | None:
    return fiscal_year_in(body, _ZH["fiscal_year"])


def _refuse_index_page(text: NormalisedText, source: str) -> None:
    """An index table without any reply (a document's first pages) says so, not "not a replies document"."""
    if header := re.search(_ZH["index_header"], text.text):
        year = _detect_fiscal_year(text.text) or "year not printed"
        raise IndexPageOnly(
            source,
            f"an index page only ({year}): the index table has no reply after it; index pages alone are not read",
            line=text.raw_line(header.start()),
        )


def parse_index_table(text: NormalisedText, end: int) -> list[IndexEntry]:
    """Rows of the index table (the text before `end`); continuation lines add programmes or finish a wrapped
    programme name."""
    rows: list[dict] = []
    line_start = 0
    for line in text.text[:end].split("\n"):
        row_start, line_start = line_start, line_start + len(line) + 1
        line = line.strip()
        if not line or _INDEX_HEADER.match(line):
            continue
        if m := _INDEX_ROW.match(line):
            rows.append({**m.groupdict(), "programme_text": m["programmes"], "line": text.raw_line(row_start)})
        elif rows:
            rows[-1]["programme_text"] += "，" + line if re.match(r"[(（]\s*\d", line) else line
    return [
        IndexEntry(
            reply_no=r["reply_no"],
            question_no=r["question_no"],
            legislator=_clean_name(r["name"]),
            head_no=r["head_no"],
            programmes=parse_programmes(r["programme_text"]),
            line=r["line"],
        )
        for r in rows
    ]


def parse_programmes(value: str) -> tuple[Programme, ...]:
    value = value.strip()
    if value in _NO_PROGRAMME:
        return ()
    return tuple(
        Programme(m.group(1), re.sub(r"\s+", "", m.group(2)).rstrip("，,、;；")) for m in _NUMBERED.finditer(value)
    )


def _refuse_repeated_index_rows(index: list[IndexEntry], source: str) -> None:
    """An index table that lists a reply or a question twice cannot say which reply is which."""
    for key, what in ((lambda e: e.reply_no, "reply"), (lambda e: e.question_no, "question")):
        first: dict[str, int] = {}
        for entry in index:
            number = key(entry)
            if number in first:
                raise SourceError(
                    source,
                    f"the index table lists {what} {number} twice (first at line {first[number]})",
                    line=entry.line,
                )
            first[number] = entry.line


def _refuse_repeated_questions_in_raw(raw: str, source: str) -> None:
    """A document of replies repeated many times fails here, in a second, not after minutes of normalisation.

    Every question-number mark starts a reply (a second one inside a reply is an error too), so a number seen twice
    is a question answered twice; _refuse_repeated_numbers says the same of the normalised text.
    """
    first: dict[str, int] = {}  # number -> index in raw (lines are counted only for the error)
    for mark in _RAW_QUESTION_NO.finditer(raw):
        number = fold(mark.group(1))  # full-width digits are the same number
        if number in first:
            earlier = raw_line_at(raw, first[number])
            raise SourceError(
                source,
                f"question {number} is answered twice (first at line {earlier})",
                line=raw_line_at(raw, mark.start()),
            )
        first[number] = mark.start()


def _refuse_repeated_numbers(
    text: NormalisedText, spans: list[tuple[int, int]], reply_no_of: dict[str, str], source: str
) -> None:
    """Two replies with one number would be merged into one Question; refuse them before any extraction work."""
    question_line: dict[str, int] = {}
    reply_line: dict[str, int] = {}
    for start, end in spans:
        chunk = text.text[start:end]
        question = _QUESTION_NO.search(chunk)
        if question is None:
            continue  # _parse_reply says what is wrong with it
        question_no, line = question.group(1), text.raw_line(start + question.start())
        if question_no in question_line:
            raise SourceError(
                source,
                f"question {question_no} is answered twice (first at line {question_line[question_no]})",
                line=line,
            )
        question_line[question_no] = line
        reply_no, title = _reply_number(chunk, question, reply_no_of)
        if reply_no is None:
            continue
        line = text.raw_line(start + title.start(1)) if title else line
        if reply_no in reply_line:
            raise SourceError(
                source, f"reply number {reply_no} is used twice (first at line {reply_line[reply_no]})", line=line
            )
        reply_line[reply_no] = line


def _reply_number(
    chunk: str, question: re.Match[str], reply_no_of: dict[str, str]
) -> tuple[str | None, re.Match | None]:
    """The reply number printed above the question number, else the index table's; and the printed one's match."""
    title = _TITLE_REPLY_NO.search(chunk, 0, question.start())
    return (title.group(1) if title else reply_no_of.get(question.group(1))), title


def _reply_spans(text: NormalisedText, start: int, source: str, excerpt: bool = False) -> list[tuple[int, int]]:
    """(start, end) of every reply: from after the previous "– 完 –" to the end of its own; in an excerpt, the last
    to the end of the text."""
    body = text.text
    spans = []
    for mark in _END_MARK_IN_TEXT.finditer(body, start):
        spans.append((start, mark.end()))
        start = mark.end()
    rest = body[start:]
    if (m := _QUESTION_NO.search(rest)) and excerpt:
        spans.append((start, len(body)))
    elif m:
        raise SourceError(
            source,
            f"reply to question {m.group(1)} is truncated: it ends without '– 完 –' (a copy that stops inside its "
            "last reply is read as far as it goes with 'excerpt: true' in sources.yaml)",
            line=text.raw_line(start + m.start()),
        )
    return spans


def _parse_reply(
    text: NormalisedText, start: int, end: int, source: str, fiscal_year: str, reply_no_of: dict[str, str]
) -> Reply:
    body = text.text
    chunk = body[start:end]
    first_line = text.raw_line(start + _first_non_space(chunk))
    numbers = list(_QUESTION_NO.finditer(chunk))
    if not numbers:
        raise SourceError(source, "a reply without '(問題編號：…)' before '– 完 –'", line=text.raw_line(end - 1))
    if len(numbers) > 1:
        raise SourceError(
            source,
            f"reply to question {numbers[0].group(1)} has no '– 完 –' before question {numbers[1].group(1)}",
            line=text.raw_line(start + numbers[1].start()),
        )
    question_no = numbers[0].group(1)
    where = f"reply to question {question_no}"
    reply_no, title = _reply_number(chunk, numbers[0], reply_no_of)
    if reply_no is None:
        raise SourceError(source, f"{where}: no reply number in its body nor in the index table", line=first_line)

    end_mark = _END_MARK_IN_TEXT.search(chunk)
    fields = _split_fields(chunk, numbers[0].end(), end_mark.start() if end_mark else len(chunk))
    missing = [_FIELDS[k] for k in _REQUIRED if k not in fields]
    if missing:
        raise SourceError(source, f"{where} ({reply_no}) is truncated: no '{missing[0]}：' field", line=first_line)

    head = _HEAD.match(_value(chunk, fields["head"]))
    if not head:
        raise SourceError(
            source, f"{where}: cannot read the head (總目)", line=text.raw_line(start + fields["head"][0])
        )
    asker = _ASKER.match(_value(chunk, fields["asker"]))
    if not asker:
        raise SourceError(
            source, f"{where}: cannot read the asker (提問人)", line=text.raw_line(start + fields["asker"][0])
        )
    officer_text = _one_line(_value(chunk, fields.get("controlling_officer")))
    officer = _OFFICER.match(officer_text)
    return Reply(
        reply_no=reply_no,
        question_no=question_no,
        fiscal_year=fiscal_year,
        head_no=head.group(1),
        head_name=_one_line(head.group(2)),
        subheads=_subheads(_value(chunk, fields.get("subhead"))),
        programmes=parse_programmes(_value(chunk, fields.get("programme"))),
        controlling_officer=f"{officer['post']}({officer['name']})" if officer else officer_text,
        controlling_officer_post=officer["post"] if officer else officer_text,
        controlling_officer_name=officer["name"] if officer else None,
        director_of_bureau=_one_line(_value(chunk, fields.get("director"))),
        question_text=_value(chunk, fields["question"]),
        asker=_clean_name(asker["name"]),
        legco_ref=asker["ref"].strip(),
        answer_text=_value(chunk, fields["answer"]),
        reply_no_printed=title is not None,
        char_start=start + _first_non_space(chunk),
        char_end=end,
        question_start=start + _value_start(chunk, fields["question"]),
        answer_start=start + _value_start(chunk, fields["answer"]),
        asker_start=start + _value_start(chunk, fields["asker"]),
        asker_end=start + _value_start(chunk, fields["asker"]) + asker.end(),
    )


def _split_fields(chunk: str, start: int, end: int) -> dict[str, tuple[int, int]]:
    """Find each header label in order; a field's value runs to the next label found (or `end`)."""
    found: list[tuple[str, int, int]] = []
    pos = start
    for key, label in _FIELDS.items():
        m = re.compile(rf"(?m)^[ \t]*{label}\s*[：:]").search(chunk, pos, end)
        if m:
            found.append((key, m.start(), m.end()))
            pos = m.end()
    spans = {}
    for i, (key, _, value_start) in enumerate(found):
        value_end = found[i + 1][1] if i + 1 < len(found) else end
        spans[key] = (value_start, value_end)
    return spans


def _value(chunk: str, span: tuple[int, int] | None) -> str:
    return chunk[span[0] : span[1]].strip() if span else ""


def _value_start(chunk: str, span: tuple[int, int]) -> int:
    return span[0] + _first_non_space(chunk[span[0] : span[1]])


def _first_non_space(s: str) -> int:
    return len(s) - len(s.lstrip())


def _one_line(s: str) -> str:
    return re.sub(r"\s*\n\s*", "", s).strip()


def _subheads(value: str) -> tuple[str, ...]:
    return tuple(f"({m.group(1)}) {_one_line(m.group(2))}".strip() for m in _NUMBERED_SUBHEAD.finditer(value))


_NUMBERED_SUBHEAD = re.compile(r"[(（]\s*(\d{3})\s*[)）]\s*(.*?)(?=[，,、;；\s]*[(（]\s*\d{3}\s*[)）]|$)", re.S)


def _clean_name(name: str) -> str:
    name = re.sub(r"\s+", "", name)
    return name.removesuffix("議員")
