"""Read the English edition of the Finance Committee's replies ("Examination of Estimates of Expenditure –
Controlling Officer's Reply"), from 2003-04's layout to today's; labels and patterns are in
data/rules/legco_layouts.yaml (`en`).

A reply is a header of labelled fields (Head, Subhead, Programme, Controlling Officer, Director of Bureau), the
question, "Asked by", the answer, and an end: "- End -", or in older years the signature block's date. Older
layouts print a label and its value on separate lines, the two serial-number boxes away from their labels (mid
header, or at the foot of the page after the signature), and the header as a two-column table whose labels share
one line. So a field's value is the text from its label to the next label, less page titles and serial numbers;
the serial numbers are the lines that are nothing but a reply or question number, outside the question and answer.

The text is kept line by line (lines of the file, blank lines and a re-publishing site's chrome dropped):
English text gives no sign of which line ends were soft wraps, and joining them would glue words.
"""

from __future__ import annotations

import re
from array import array
from dataclasses import dataclass, replace

from loaders.errors import IndexPageOnly, SourceError
from loaders.legco_index import broken_apart, check_against_index, index_rows
from loaders.legco_layouts import fiscal_year_in, label_pattern, layouts, printed_label
from loaders.legco_records import ParsedReplies, Programme, Reply
from loaders.text import NormalisedText, fold, lines_with_offsets

_EN = layouts()["en"]
_HEADER_FIELDS = ("reply_no", "question_no", "head", "subhead", "programme", "controlling_officer", "director")
_TITLE = re.compile(_EN["page_title"], re.M)
_CHROME = re.compile(_EN["site_chrome"])
_END_MARK = re.compile(_EN["end_mark"], re.M)
_SIGNATURE_DATE = re.compile(_EN["signature_date"], re.M)
_ANSWER_END = re.compile(_EN["answer_end"], re.M)
_SIGNATURE_NAME = re.compile(_EN["signature_name"], re.M)
_LEGCO_REF = re.compile(_EN["legco_ref"])
_OFFICER = re.compile(_EN["officer_name"], re.S)
_CELL_BORDERS = re.compile(_EN["cell_borders"])


def _serial_number(field: str) -> re.Pattern[str]:
    """A serial number alone on its line, after its label, or after a title it was printed beside."""
    before = rf"(?:{label_pattern(_EN['fields'][field])}\s*:?\s*|(?:{_EN['title_before_serial']})[ \t]+)?"
    return re.compile(rf"(?m)^[ \t]*{before}({_EN[field]})[ \t]*$")


_REPLY_NO = _serial_number("reply_no")
_QUESTION_NO = _serial_number("question_no")
_SERIAL_LABEL = re.compile(
    rf"(?m)^[ \t]*(?:{label_pattern(_EN['fields']['reply_no'])}|{label_pattern(_EN['fields']['question_no'])})"
    r"\s*:?[ \t]*$"
)
_HONORIFIC = re.compile(r"^(?:(?:" + "|".join(re.escape(h) for h in _EN["honorifics"]) + r")(?=\s)\s*)+")
_HEAD = re.compile(r"^(\d{1,3})\s*[–—-]?\s*(.+)$", re.S)
# The 2003-04 table row: "60 – Highways Department 000 Operational Expenses" (head, then a 3-digit subhead).
_HEAD_AND_SUBHEAD = re.compile(r"^(?P<head>\d{1,3}\s*[–—-]?\s*\D+?)\s+(?P<subhead>\d{3}\s+\S.*)$")
# A subhead of an account (700), or an item of the Capital Works Reserve Fund (5001BX, 7736CL)
_SUBHEAD = re.compile(r"(\d{4}[A-Z]{2}|\d{3})\s*[–—-]?\s*(.*?)(?=[\s,;&]*\b\d{3}\b|$)", re.S)
_NUMBERED = re.compile(r"\(\s*(\d{1,3})\s*\)\s*(.*?)(?=\s*(?:[,;&]|\band\b)?\s*\(\s*\d{1,3}\s*\)|$)", re.S)
_NO_PROGRAMME = ("", "N.A.", "N/A", "Not specified", "Not applicable")
_BARE_NUMBER = re.compile(r"(?P<number>\d{1,2})\s+(?P<name>[A-Z].*)$")  # a programme's number without brackets


def _label_regexes() -> dict[str, re.Pattern[str]]:
    """Labels start a line, except those that the two-column header prints after a value."""
    regexes = {}
    for key, label in _EN["fields"].items():
        anchor = "" if key in _EN["mid_line_fields"] else r"^[ \t]*"
        regexes[key] = re.compile(rf"(?m){anchor}{label_pattern(label)}")
    return regexes


_LABELS = _label_regexes()
_ANY_LABEL = re.compile("|".join([*(label_pattern(label) for label in _EN["fields"].values()),
                                   *_EN["flat_form_breaks"]]))


@dataclass(frozen=True)
class _Label:
    key: str
    start: int
    end: int


def normalise_lines(raw: str) -> NormalisedText:
    """The raw text line by line: blank lines and site chrome dropped, table cell borders and trailing blanks cut,
    characters folded 1:1 (full-width digits, no-break spaces), so every character still maps back to the raw
    text."""
    pieces: list[str] = []
    where = array("q")
    line_starts: list[int] = []
    for line_start, line in lines_with_offsets(raw):
        line_starts.append(line_start)
        if not line.strip() or _CHROME.match(line):
            continue
        start, end = _within_borders(line)
        if start == end:
            continue
        if pieces:
            pieces.append("\n")
            where.append(line_start - 1)
        pieces.append(_unflattened(fold(line[start:end])))
        where.extend(range(line_start + start, line_start + end))
    line_starts[0] = 0
    return NormalisedText("".join(pieces), where, tuple(line_starts))


def _unflattened(line: str) -> str:
    """A reply form a web page printed on one line ("SB165 Question Serial No. 0408 Examination of draft Estimates …
    Head : 28 Civil Aviation Department Subhead (No. & title) : Programme : 2 Airport Standards …", 2001-02) as the
    lines of its fields: the blank before each label becomes a line break, one character for one, so offsets hold.
    Only a line that holds `flat_form_labels` labels or more is such a form."""
    labels = [m.start() for m in _ANY_LABEL.finditer(line) if m.start() > 0 and line[m.start() - 1] in " \t"]
    if len(labels) < _EN["flat_form_labels"]:
        return line
    chars = list(line)
    for at in labels:
        chars[at - 1] = "\n"
    return "".join(chars)


def _within_borders(line: str) -> tuple[int, int]:
    """Where a line's text starts and ends, without its trailing blanks and a table's cell borders around it."""
    start, end = 0, len(line.rstrip())
    for border in _CELL_BORDERS.finditer(line, 0, end):
        if border.start() == 0:
            start = border.end()
        elif border.end() >= end:
            end = max(start, border.start())
    return start, end


def parse_english_replies(
    raw: str, source: str, fiscal_year: str | None = None, allow_unnumbered: bool = False, excerpt: bool = False
) -> ParsedReplies:
    text = normalise_lines(raw)
    body = text.text
    fiscal_year = fiscal_year_in(body, _EN["fiscal_year"]) or fiscal_year
    if fiscal_year is None:
        raise SourceError(source, "no fiscal year: no 'Estimates of Expenditure YYYY-YY' title and none given", line=1)
    if not _LABELS["asker"].search(body):
        _refuse_index_page(text, fiscal_year, source)
        raise SourceError(source, "not a replies document: no 'Asked by :' found", line=1)
    index = index_rows(text, "en", 0, _first_reply_start(body))
    index = [] if broken_apart(index) else index
    reply_no_of = {e.question_no: e.reply_no for e in index if e.question_no and e.reply_no}
    spans = _reply_spans(text, source, excerpt)
    replies = [
        _parse_reply(text, start, end, source, fiscal_year, allow_unnumbered, reply_no_of)
        for start, end in spans
    ]
    if excerpt and replies and _stops_inside(body, spans[-1][0]):
        replies[-1] = replace(replies[-1], truncated=True)
    _refuse_repeated_numbers(text, replies, source)
    parsed = ParsedReplies(source, fiscal_year, text, index, replies, language="en")
    if index:
        parsed.disagreements = check_against_index(parsed)
    return parsed


def _refuse_index_page(text: NormalisedText, fiscal_year: str, source: str) -> None:
    if header := re.search(_EN["index_header"], text.text):
        raise IndexPageOnly(
            source,
            f"an index page only ({fiscal_year}): no reply ('Asked by :') after it; index pages alone are not read",
            line=text.raw_line(header.start()),
        )


def _first_reply_start(body: str) -> int:
    """Where the replies begin: the first page title, 'Head :' or reply number printed alone or after its label
    ("Reply Serial No." / "EDLB(ED)003" above the title, 2004-05; "Bureau Serial No. EMB 0008", 2000-01); an index
    page before them is skipped (its rows hold more than a number)."""
    starts = [m.start() for m in (_TITLE.search(body), _LABELS["head"].search(body), _REPLY_NO.search(body)) if m]
    return min(starts) if starts else 0


def _reply_spans(text: NormalisedText, source: str, excerpt: bool = False) -> list[tuple[int, int]]:
    """(start, end) of every reply: from the end of the previous one through its own end mark or signature date,
    and the serial-number lines at the foot of the page when the reply has not printed those numbers itself. In an
    excerpt the last reply may stop anywhere: it runs to the end of the text."""
    body = text.text
    spans = []
    start = _first_reply_start(body)
    while asker := _LABELS["asker"].search(body, start):
        end = _reply_end(body, asker.end())
        if end is None:
            if not _ANSWER_END.search(body, asker.end()) and not excerpt:
                raise SourceError(
                    source,
                    "reply is truncated: it ends without '- End -' or a signature (a copy that stops inside its "
                    "last reply is read as far as it goes with 'excerpt: true' in sources.yaml)",
                    line=text.raw_line(asker.start()),
                )
            end = len(body)  # an excerpt cut inside the signature block: the answer itself is whole
        end = _with_foot(body, start, end)
        spans.append((start, end))
        start = end
    return spans


def _stops_inside(body: str, start: int) -> bool:
    """The reply starting at `start` has neither an end nor a signature after its asker: the text stops inside it."""
    asker = _LABELS["asker"].search(body, start)
    return asker is not None and _reply_end(body, asker.end()) is None and not _ANSWER_END.search(body, asker.end())


def _reply_end(body: str, pos: int) -> int | None:
    marks = [m for m in (_END_MARK.search(body, pos), _SIGNATURE_DATE.search(body, pos)) if m]
    return min(m.end() for m in marks) if marks else None


def _with_foot(body: str, start: int, end: int) -> int:
    """Extend the reply over the serial-number lines right after it when it lacks a number they give: the 2003-04
    pages print the boxes at the foot. A reply that has both numbers leaves them to the next reply."""
    foot_end, pos = end, end
    while m := re.compile(r"\n([^\n]*)").match(body, pos):
        line = m.group(1)
        if not (_SERIAL_LABEL.fullmatch(line) or _REPLY_NO.fullmatch(line) or _QUESTION_NO.fullmatch(line)):
            break
        pos = m.end()
        foot_end = pos
    if foot_end == end:
        return end
    reply_nos, question_nos = _serials(body, start, end)
    foot_reply_nos, foot_question_nos = _serials(body, end, foot_end, whole=True)
    takes = (not reply_nos and foot_reply_nos) or (not question_nos and foot_question_nos)
    return foot_end if takes else end


def _labels(body: str, start: int, end: int) -> list[_Label]:
    """The first occurrence of each label in [start, end), in order; where two overlap the longer wins
    ("Question : Serial No." is the serial box, not the question)."""
    found: list[_Label] = []
    for key, regex in _LABELS.items():
        found.extend(_Label(key, m.start(), m.end()) for m in regex.finditer(body, start, end))
    found.sort(key=lambda label: (label.start, -(label.end - label.start)))
    kept: list[_Label] = []
    for label in found:
        if kept and label.start < kept[-1].end:
            continue
        if any(k.key == label.key for k in kept):
            continue
        kept.append(label)
    return kept


def _answer_end(body: str, pos: int, end: int) -> int:
    ends = [m.start() for rx in (_ANSWER_END, _END_MARK, _SIGNATURE_DATE) if (m := rx.search(body, pos, end))]
    return min(ends, default=end)


def _outside_fields(body: str, start: int, end: int) -> list[tuple[int, int]]:
    """The parts of [start, end) where serial numbers may stand: not in the question and answer, nor in the subhead's
    value (a subhead number such as "000" alone on its line is not a question number)."""
    labels = _labels(body, start, end)
    by_key = {label.key: label for label in labels}
    if "question" not in by_key or "answer" not in by_key:
        return [(start, end)]
    skip = [(by_key["question"].start, _answer_end(body, by_key["answer"].end, end))]
    if "subhead" in by_key:
        after = [label.start for label in labels if label.start > by_key["subhead"].start]
        skip.append((by_key["subhead"].start, min(after, default=end)))
    regions, pos = [], start
    for a, b in sorted(skip):
        regions.append((pos, max(a, pos)))
        pos = max(pos, b)
    return [*regions, (pos, end)]


def _serials(body: str, start: int, end: int, whole: bool = False) -> tuple[list[str], list[str]]:
    """The distinct reply and question numbers printed in [start, end) outside the question, answer and subhead."""
    regions = [(start, end)] if whole else _outside_fields(body, start, end)
    reply_nos: list[str] = []
    question_nos: list[str] = []
    for a, b in regions:
        reply_nos += [m.group(1) for m in _REPLY_NO.finditer(body, a, b) if m.group(1) not in reply_nos]
        question_nos += [m.group(1) for m in _QUESTION_NO.finditer(body, a, b) if m.group(1) not in question_nos]
    return reply_nos, question_nos


def _signed_by(body: str, answer_end: int, end: int) -> str | None:
    """The name in the reply's signature block, below its answer, when it prints one."""
    m = _SIGNATURE_NAME.search(body, answer_end, end)
    return m["name"] if m else None


def _parse_reply(
    text: NormalisedText, start: int, end: int, source: str, fiscal_year: str, allow_unnumbered: bool,
    reply_no_of: dict[str, str],
) -> Reply:
    body = text.text
    first_line = text.raw_line(start)
    labels = _labels(body, start, end)
    by_key = {label.key: label for label in labels}
    for key in ("head", "question", "asker", "answer"):
        if key not in by_key:
            raise SourceError(source, f"reply is truncated: no '{printed_label(_EN['fields'][key])}' field",
                              line=first_line)
    answer_end = _answer_end(body, by_key["answer"].end, end)
    values = _header_values(body, labels, by_key["question"].start)
    reply_no, question_no = _numbers(text, start, end, source, allow_unnumbered, reply_no_of)

    head = _HEAD.match(values.get("head", ""))
    if not head:
        raise SourceError(
            source, f"reply {reply_no or '(no number)'}: cannot read the head", line=text.raw_line(by_key["head"].start)
        )
    question = _trimmed(body, by_key["question"].end, by_key["asker"].start)
    asker_value = _trimmed(body, by_key["asker"].end, by_key["answer"].start)
    answer = _trimmed(body, by_key["answer"].end, answer_end)
    asker, legco_ref, asker_span = _asker(body, asker_value)
    officer_text = values.get("controlling_officer", "")
    officer = _OFFICER.match(officer_text)
    return Reply(
        reply_no=reply_no,
        question_no=question_no,
        fiscal_year=fiscal_year,
        head_no=head.group(1),
        head_name=head.group(2).strip(),
        subheads=_subheads(values.get("subhead", "")),
        programmes=parse_programmes(values.get("programme", "")),
        controlling_officer=officer_text,
        controlling_officer_post=officer["post"] if officer else officer_text,
        controlling_officer_name=officer["name"] if officer else _signed_by(body, answer_end, end),
        director_of_bureau=values.get("director", ""),
        question_text=body[question[0] : question[1]],
        asker=asker,
        legco_ref=legco_ref,
        answer_text=body[answer[0] : answer[1]],
        reply_no_printed=reply_no in _serials(body, start, end)[0],
        char_start=start + len(body[start:end]) - len(body[start:end].lstrip()),
        char_end=end,
        question_start=question[0],
        answer_start=answer[0],
        asker_start=asker_span[0],
        asker_end=asker_span[1],
    )


def _header_values(body: str, labels: list[_Label], header_end: int) -> dict[str, str]:
    """Each header field's value on one line: its text up to the next label, less page titles and serial lines."""
    values: dict[str, str] = {}
    header = [label for label in labels if label.key in _HEADER_FIELDS and label.start < header_end]
    for i, label in enumerate(header):
        value_end = header[i + 1].start if i + 1 < len(header) else header_end
        values[label.key] = _clean_value(body[label.end : value_end])
    _unfold_table_row(body, header, header_end, values)
    return values


def _clean_value(value: str) -> str:
    """The rest of the label's line is the value's start; whole lines below it may be page furniture."""
    first, *below = value.lstrip(" \t:").split("\n")
    kept = [first.strip()] + [line.strip() for line in below if line.strip() and not _is_furniture(line.strip())]
    return " ".join(line for line in kept if line)


def _is_furniture(line: str) -> bool:
    """Page titles and serial-number boxes that the older layout prints between a label and its value."""
    return bool(_TITLE.fullmatch(line) or _SERIAL_LABEL.fullmatch(line) or _REPLY_NO.fullmatch(line)) or bool(
        _QUESTION_NO.fullmatch(line)
    )


def _unfold_table_row(body: str, header: list[_Label], header_end: int, values: dict[str, str]) -> None:
    """2003-04's two-column table: "Head : Subhead (No. & title) Question : Serial No." on one line, and below it
    "60 – Highways Department 000 Operational Expenses". The head and subhead cells are the first line of the
    value of the row's last label."""
    if values.get("head") or "head" not in {label.key for label in header}:
        return
    head = next(label for label in header if label.key == "head")
    row_end = body.find("\n", head.end)
    row = [label for label in header if head.start <= label.start < (row_end if row_end >= 0 else header_end)]
    last = row[-1]
    following = [label.start for label in header if label.start > last.start] + [header_end]
    cells = [line.strip() for line in body[last.end : following[0]].split("\n") if line.strip()]
    if cells and (m := _HEAD_AND_SUBHEAD.match(cells[0])):
        values["head"] = m["head"]
        values["subhead"] = values.get("subhead") or m["subhead"]
        if last.key not in ("head", "subhead"):
            values[last.key] = _clean_value("\n".join(cells[1:]))


def _numbers(text: NormalisedText, start: int, end: int, source: str, allow_unnumbered: bool,
             reply_no_of: dict[str, str]) -> tuple[str, str]:
    """The reply and question numbers printed in the reply (a blank reply number taken from the document's index
    table by the question number); a blank or doubled one is otherwise an error (no guessing)."""
    reply_nos, question_nos = _serials(text.text, start, end)
    if not reply_nos and len(question_nos) == 1 and question_nos[0] in reply_no_of:
        reply_nos = [reply_no_of[question_nos[0]]]
    for what, found in (("reply", reply_nos), ("question", question_nos)):
        if len(found) > 1:
            raise SourceError(
                source, f"reply prints two {what} numbers: {found[0]} and {found[1]}", line=text.raw_line(start)
            )
    if (not reply_nos or not question_nos) and not allow_unnumbered:
        blank = [key for key, found in (("reply_no", reply_nos), ("question_no", question_nos)) if not found]
        label = _LABELS[blank[0]].search(text.text, start, end)  # the blank box, else the reply's first line
        where = label.start() if label else start + len(text.text[start:end]) - len(text.text[start:end].lstrip())
        names = " and ".join(repr(printed_label(_EN["fields"][key])) for key in blank)
        raise SourceError(
            source,
            f"reply without a number: {names} {'is' if len(blank) == 1 else 'are'} blank and no index table gives it",
            line=text.raw_line(where),
        )
    return (reply_nos[0] if reply_nos else ""), (question_nos[0] if question_nos else "")


def _trimmed(body: str, start: int, end: int) -> tuple[int, int]:
    """[start, end) without the blanks and colon that separate a label from its value."""
    while start < end and body[start] in " \t\n:":
        start += 1
    while end > start and body[end - 1] in " \t\n":
        end -= 1
    return start, end


def _asker(body: str, span: tuple[int, int]) -> tuple[str, str, tuple[int, int]]:
    """(name without titles, LegCo reference or "", span of the asker as printed)."""
    value = body[span[0] : span[1]]
    ref = _LEGCO_REF.search(value)
    name = value[: ref.start()] if ref else value
    name = _HONORIFIC.sub("", " ".join(name.split())).strip(" ,")
    return name, (ref.group(1) if ref else ""), (span[0], span[0] + (ref.end() if ref else len(value)))


def _subheads(value: str) -> tuple[str, ...]:
    return tuple(f"({m.group(1)}) {m.group(2).strip()}".strip() for m in _SUBHEAD.finditer(value) if m.group(2))


def parse_programmes(value: str) -> tuple[Programme, ...]:
    """ "(1) Stormwater Drainage & (2) Sewage Services" gives two; a value without "(n)" is one programme by name."""
    value = " ".join(value.split())
    if value in _NO_PROGRAMME:
        return ()
    numbered = [Programme(m.group(1), m.group(2).strip(" ,;&")) for m in _NUMBERED.finditer(value)]
    if not numbered and (bare := _BARE_NUMBER.match(value)):
        numbered = [Programme(bare["number"], bare["name"])]  # "Programme : 2 Airport Standards" (SB165, 2001-02)
    return tuple(numbered) if numbered else (Programme(None, value),)


def _refuse_repeated_numbers(text: NormalisedText, replies: list[Reply], source: str) -> None:
    """Two replies with one number would be merged into one Question."""
    for key, what in ((lambda r: r.reply_no, "reply number"), (lambda r: r.question_no, "question")):
        first: dict[str, int] = {}
        for reply in replies:
            number, line = key(reply), text.raw_line(reply.char_start)
            if number and number in first:
                raise SourceError(source, f"{what} {number} is used twice (first at line {first[number]})", line=line)
            first[number] = line
