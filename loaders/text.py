"""Normalise text extracted from PDFs, keeping a map back to the raw characters.

What the extraction did to the documents, and what we undo:
- a space between every two CJK characters ("創 新 科 技") — removed; spaces that belong (between Latin
  words, inside "Limited Partner") stay;
- a run of two or more spaces marks a table cell or field boundary — kept as one space;
- every PDF line ends with a newline, and a blank line follows most of them. In the bundled extraction a line
  that wraps mid-sentence ends without trailing blanks, a line that ends a paragraph, a heading or a table cell
  ends with one or more: the trailing blanks, not the newline, tell a soft wrap from a hard break. Text from
  elsewhere has no trailing blanks at all (a tenth of its lines or fewer: then the document is taken not to mark
  its breaks so); there a line break is soft only inside Chinese text — a CJK character on one side, no digit on
  both ("(3" / "1 財務" is programme 3 then 1), and no sentence end before it — and hard otherwise, so English
  words and numbers are never glued ("Serial No." / "Question"). There a line that opens with a bullet, an item of a
  list after a blank line ("(ii)…", "3."), and a heading (a short line without punctuation between blank lines: a
  scheme's name over its bullets on a web page) stand on lines of their own. A line ends at LF, CRLF or a lone CR,
  and a leading byte-order mark is skipped, so a copy saved on Windows or an old Mac gives the same text;
- page footers ("第 19 節 ITIB - 第 6 頁") — dropped;
- full-width Latin letters and digits, U+31D0 "㇐" standing for "一", ideographic spaces, the Unicode hyphens
  U+2010 and U+2011 — folded 1:1.

The normalised text is what every character offset (char_start/char_end) in the graph points into. It is a pure
function of the raw text, so offsets are stable across rebuilds; `raw_offsets` maps each character back into the
raw text as it is on disk (terminators and BOM included), and `raw_line` gives the line of the file an error is on.
"""

from __future__ import annotations

import re
from array import array
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

# One character in, one character out: offsets survive folding.
_FOLD = {chr(c): chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)}  # ０-９
_FOLD |= {chr(c): chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)}  # Ａ-Ｚ
_FOLD |= {chr(c): chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)}  # ａ-ｚ
_FOLD |= {"＠": "@", "＋": "+", "％": "%", "＄": "$", "＆": "&", "．": ".", "／": "/", "－": "-"}
_FOLD |= {"\u3000": " ", "\u00a0": " ", "\t": " ", "︰": "：", "\u31d0": "一"}
# the hyphen and the non-breaking hyphen are the hyphen of names: "I&T Industry‑Oriented Fund" (U+2011, a newswire
# copy of the 2024 Policy Address) is the gazetteer's "I&T Industry-Oriented Fund"
_FOLD |= {"\u2010": "-", "\u2011": "-"}
_FOLD_TABLE = str.maketrans(_FOLD)

# Private-use glyphs are the bullets of press releases; a bullet is what they mean.
_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")

# The line terminators of Linux, Windows and classic Mac files; a file may mix them.
LINE_END = re.compile(r"\r\n|\r|\n")
BOM = "\ufeff"

PAGE_FOOTER = re.compile(r"^\s*第[\s\d]+節\s*[A-Z ]+-\s*第[\s\d]+頁\s*$")


def is_cjk(ch: str) -> bool:
    """CJK ideographs, strokes, CJK punctuation and full-width forms: the characters the extraction spaced out."""
    o = ord(ch)
    return (
        0x2E80 <= o <= 0x2FFF
        or 0x3001 <= o <= 0x303F
        or 0x31C0 <= o <= 0x9FFF
        or 0xF900 <= o <= 0xFAFF
        or 0xFE30 <= o <= 0xFE4F
        or 0xFF00 <= o <= 0xFFEF
        or o in (0x2014, 0x2026, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x25CF)  # — … ‘ ’ “ ” • ●
    )


@dataclass(frozen=True)
class NormalisedText:
    text: str
    raw_offsets: Sequence[int]  # raw_offsets[i]: index in the raw text of normalised character i
    line_starts: tuple[int, ...] = (0,)  # index in the raw text where each of its lines starts

    def raw_line(self, offset: int) -> int:
        """1-based line of the raw file that normalised character `offset` came from (the end maps to the last)."""
        if not self.raw_offsets:
            return 1
        return bisect_right(self.line_starts, self.raw_offsets[min(max(offset, 0), len(self.raw_offsets) - 1)])

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        if start >= end:
            return (self.raw_offsets[start] if start < len(self.raw_offsets) else len(self.raw_offsets), 0)
        return self.raw_offsets[start], self.raw_offsets[end - 1] + 1


def normalise(
    raw: str,
    drop_lines: tuple[re.Pattern[str], ...] = (PAGE_FOOTER,),
    hard_lines: tuple[re.Pattern[str], ...] = (),
    marks_breaks: bool | None = None,
) -> NormalisedText:
    """Undo the extraction artefacts of `raw`; see the module docstring for the rules.

    `drop_lines` match lines to leave out; `hard_lines` match lines always followed by a hard break (markers such
    as "– 完 –" that carry no trailing blanks). `marks_breaks`: whether trailing blanks mark the hard breaks (None:
    decided from the text, see marks_breaks_with_blanks).
    """
    if marks_breaks is None:
        marks_breaks = marks_breaks_with_blanks(raw)
    out: list[str] = []  # pieces: one per kept line, and the breaks and spaces between them
    where = array("q")  # 8 bytes a character: a list of ints costs ~36, which a 50 MB document turns into GBs
    pending_break: int | None = None  # raw offset of the hard break owed before the next kept line
    line_starts: list[int] = []

    lines = list(lines_with_offsets(raw))
    after_heading = False
    for i, (line_start, line) in enumerate(lines):
        line_starts.append(line_start)
        body = line.rstrip(" \t\u3000")
        if not body.strip() or any(p.match(body) for p in drop_lines):
            continue
        heading = not marks_breaks and _is_heading(lines, i)
        if out:
            stands_apart = heading or after_heading or body.lstrip().startswith(_BULLETS) or _is_list_item(lines, i)
            if (not marks_breaks and pending_break is not None and not stands_apart
                    and _wraps_inside_chinese(out[-1][-1], body.lstrip()[:1])):
                pending_break = None
            if pending_break is not None and _splits_an_amount(out[-1][-1], body.lstrip()[:1]):
                pending_break = None  # "4,500 ⏎ 萬元": a number and its unit belong together
            if pending_break is not None:
                out.append("\n")
                where.append(pending_break)
            elif _needs_space(out[-1][-1], body.lstrip()[:1]):
                out.append(" ")
                where.append(line_start - 1)
        _append_line(body, line_start, out, where)
        soft_wrap = marks_breaks and len(body) == len(line) and not any(p.match(body) for p in hard_lines)
        pending_break = None if soft_wrap else line_start + len(body)
        after_heading = heading
    line_starts[0] = 0  # a BOM belongs to line 1
    return NormalisedText("".join(out), where, tuple(line_starts))


# At least this share of a document's non-blank lines end in blanks when its extraction marks hard breaks so.
_BLANK_MARKED_SHARE = 0.1
_SENTENCE_END = set("。！？；：」』）)")


def marks_breaks_with_blanks(raw: str) -> bool:
    """True when trailing blanks tell this document's hard breaks from its soft wraps (see the module doc)."""
    lines = [line for _, line in lines_with_offsets(raw) if line.strip()]
    blank_ended = sum(1 for line in lines if line != line.rstrip(" \t\u3000"))
    return bool(lines) and blank_ended >= _BLANK_MARKED_SHARE * len(lines)


# A line that opens with one of these is a list item of its own, never the rest of the line above.
_BULLETS = ("•", "●", "■", "▪", "◆", "\u2027")
# A short line with none of these, a blank line above and below it, is a heading ("企業支援計劃" over its bullets on
# a web page): its own line, though Chinese text runs on both sides of it.
_HEADING_MAX = 20
_PUNCTUATION = set("。，,；;：:！？!?、")


# "(a)", "(ii)", "3." opening a line after a blank one: an item of a list (a Finance Committee record's "(i)100億元
# 用以…" under "(a)向創新及科技基金…合共注資200億元,分別為-"), not the rest of the line above.
_ITEM = re.compile(r"\s*(?:[(（](?:[a-z]|[ivx]{1,4}|\d{1,2})[)）]|\d{1,2}[.．](?!\d))")


def _is_list_item(lines: list[tuple[int, str]], i: int) -> bool:
    return i > 0 and not lines[i - 1][1].strip() and bool(_ITEM.match(lines[i][1]))


def _is_heading(lines: list[tuple[int, str]], i: int) -> bool:
    """A short line without punctuation, standing between blank lines (or the text's ends)."""
    body = lines[i][1].strip()
    if len(body) > _HEADING_MAX or _PUNCTUATION & set(body):
        return False
    above = i == 0 or not lines[i - 1][1].strip()
    below = i + 1 == len(lines) or not lines[i + 1][1].strip()
    return above and below


def _wraps_inside_chinese(left: str, right: str) -> bool:
    """A line break inside Chinese text, in a document that does not mark its breaks: "重 / 塑", "預留 / 10億元"."""
    if not right or left in _SENTENCE_END or (left.isdigit() and right.isdigit()):
        return False
    return is_cjk(left) or is_cjk(right)


def lines_with_offsets(raw: str) -> Iterator[tuple[int, str]]:
    """(start, line without its terminator) for every line of `raw`; a leading BOM is not part of line 1."""
    start = 1 if raw.startswith(BOM) else 0
    for end in LINE_END.finditer(raw, start):
        yield start, raw[start : end.start()]
        start = end.end()
    yield start, raw[start:]


def line_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every line of a normalised text (lines end with "\n"), the end before the line break."""
    spans, start = [], 0
    for line in text.split("\n"):
        spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def raw_line_at(raw: str, index: int) -> int:
    """1-based line of `raw` holding `raw[index]`, counting LF, CRLF and lone CR line ends."""
    return raw.count("\n", 0, index) + raw.count("\r", 0, index) - raw.count("\r\n", 0, index) + 1


_MONEY_UNITS = "萬億千百元"


def _splits_an_amount(left: str, right: str) -> bool:
    return left.isdigit() and bool(right) and right in _MONEY_UNITS


def _needs_space(left: str, right: str) -> bool:
    """A soft wrap joins without a space, except between two Latin words ("Limited" / "Partner")."""
    return bool(right) and left.isascii() and left.isalnum() and right.isascii() and right.isalpha()


def _append_line(body: str, line_start: int, out: list[str], where: array) -> None:
    folded = _PRIVATE_USE.sub("•", body.translate(_FOLD_TABLE))
    before = out[-1][-1] if out else ""
    kept: list[str] = []  # joined into one piece: a string per character would cost ~80 bytes each
    i, n = 0, len(folded)
    while i < n:
        ch = folded[i]
        if ch != " ":
            kept.append(ch)
            where.append(line_start + i)
            i += 1
            continue
        j = i
        while j < n and folded[j] == " ":
            j += 1
        if i == 0 and before == "\n":
            pass  # indentation after a hard break says nothing
        elif j < n and _keep_space(folded[i - 1] if i else before, folded[j], j - i):
            kept.append(" ")
            where.append(line_start + i)
        i = j
    if kept:
        out.append("".join(kept))


def _keep_space(left: str, right: str, run: int) -> bool:
    if not left or left == "\n":
        return False
    if run >= 2:
        return True  # a cell or field boundary
    return not (is_cjk(left) or is_cjk(right))


def fold(text: str) -> str:
    """The 1:1 character folding of `normalise` (full-width Latin and digits, ＠, U+31D0 …), for names."""
    return text.translate(_FOLD_TABLE)
