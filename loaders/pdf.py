"""The text of a PDF document, for the loaders that read text, and the page every character came from.

PDFium (pypdfium2) gives each character with its box; lines are rebuilt from the boxes here, in the order the PDF
draws them (the reading order for what Word, Chrome or LaTeX write: a two-column page draws its left column first).
What the text loaders then get:
- one line per line of the page; a gap of a cell or a tab (over an em) is two spaces, a gap between words one
  space, and CJK characters are never spaced out;
- a line that ends a paragraph ends in a blank, the mark loaders/text.normalise reads as a hard line end (the
  bundled text extractor's convention); a line the layout wrapped (the next line's first word would not have fit
  at its end) has none, so the normaliser joins it to the next;
- no page furniture: page numbers and running headers and footers (data/rules/pdf.yaml: patterns, and lines
  repeated at a page's top or bottom across pages), whether the PDF draws them before or after the body;
- a form feed line between pages, and a PageMap from every offset of the text to its page (1-based).
"""

from __future__ import annotations

import ctypes
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import yaml

from graph.resources import DATA_DIR
from loaders.errors import SourceError, yaml_error
from loaders.text import NormalisedText, is_cjk

RULES_FILE = DATA_DIR / "rules" / "pdf.yaml"
PAGE_BREAK = "\f\n"  # a line of its own: blank to the normalisers, so a paragraph runs on across the break
HARD_END = " "  # the trailing blank that tells loaders/text.normalise a line ends its paragraph
PDF_MAGIC = b"%PDF-"

CELL_GAP_EMS = 1.0  # a horizontal gap wider than this is a cell or tab boundary: two spaces
WORD_GAP_EMS = 0.2  # a gap wider than this is a space, where the PDF draws none
_SPACES = (0x20, 0xA0, 0x3000)
_SKIPPED = (0x0D, 0x0A, 0x00, 0xFFFE, 0xFFFF, 0x02)  # PDFium's own line breaks, and its marks of unknown glyphs


@dataclass(frozen=True)
class PageMap:
    """starts[i]: the offset in a text where page i + 1 begins."""

    starts: tuple[int, ...]

    def page_at(self, offset: int) -> int:
        """The 1-based page of the character at `offset`."""
        return max(1, bisect_right(self.starts, offset))

    def through(self, normalised: NormalisedText) -> PageMap:
        """The same pages in the coordinates of `normalised`, a normalisation of the text this map is of."""
        return PageMap(tuple(bisect_left(normalised.raw_offsets, start) for start in self.starts))


@dataclass(frozen=True)
class PdfText:
    text: str
    pages: PageMap

    @property
    def page_count(self) -> int:
        return len(self.pages.starts)


@dataclass(frozen=True)
class Glyph:
    ch: str
    left: float
    right: float
    bottom: float
    top: float
    spaced: bool  # the PDF (or PDFium) puts a space before it


@dataclass
class Line:
    """A line of a page as drawn: its text and where it is (PDF points, y up)."""

    text: str
    x0: float
    x1: float
    bottom: float
    top: float
    first_word_end: float  # where its first word (or first CJK character) ends: would it fit at a line's end?
    has_cell_gap: bool  # a table row or a label and its value: its end is never a wrap

    @property
    def em(self) -> float:
        return max(self.top - self.bottom, 1.0)

    @classmethod
    def of(cls, glyphs: list[Glyph]) -> Line:
        """The glyphs of one line, left to right by their middles: overlapping boxes (a bracket beside CJK
        punctuation, which the layout squeezes) keep their visual order."""
        glyphs = sorted(glyphs, key=lambda g: g.left + g.right)
        em = max(max(g.top for g in glyphs) - min(g.bottom for g in glyphs), 1.0)
        text, first_word_end, cell_gap = glyphs[0].ch, None, False
        for before, glyph in zip(glyphs, glyphs[1:], strict=False):
            gap = glyph.left - before.right
            if gap > CELL_GAP_EMS * em:
                text, cell_gap = text + "  ", True
            elif glyph.spaced or gap > WORD_GAP_EMS * em:
                text += " "
            if first_word_end is None and _may_break(text, before.ch, glyph.ch):
                first_word_end = before.right
            text += glyph.ch
        return cls(
            text=text,
            x0=glyphs[0].left,
            x1=max(g.right for g in glyphs),
            bottom=min(g.bottom for g in glyphs),
            top=max(g.top for g in glyphs),
            first_word_end=glyphs[-1].right if first_word_end is None else first_word_end,
            has_cell_gap=cell_gap,
        )


def _may_break(text: str, before: str, after: str) -> bool:
    """May a line break between `before` and `after`: at a space, or beside a CJK character unless `after` is
    punctuation that does not start a line (data/rules/pdf.yaml `no_line_start`)?"""
    if after in rules().no_line_start:
        return False
    return text.endswith(" ") or is_cjk(before) or is_cjk(after)


def _starts_a_line(glyphs: list[Glyph], left: float, bottom: float, top: float) -> bool:
    """Is a glyph at (left, bottom, top) on another line than `glyphs`: not level with them (its box overlaps
    theirs by less than half the lower of the two heights), or back to the left of the last one?"""
    band_bottom, band_top = min(g.bottom for g in glyphs[-8:]), max(g.top for g in glyphs[-8:])
    overlap = min(top, band_top) - max(bottom, band_bottom)
    last = glyphs[-1]
    return overlap < 0.5 * min(top - bottom, band_top - band_bottom) or left < last.left - (band_top - band_bottom)


@dataclass(frozen=True)
class Rules:
    page_numbers: tuple[re.Pattern[str], ...]
    edge_lines: int
    min_share: float
    min_pages: int
    keep: tuple[re.Pattern[str], ...]
    no_line_start: frozenset[str]


@cache
def rules(path: Path = RULES_FILE) -> Rules:
    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as err:
        raise yaml_error(str(path), err, text) from err
    return Rules(
        page_numbers=tuple(re.compile(rf"\s*(?:{p})\s*") for p in data["page_numbers"]),
        edge_lines=int(data["edge_lines"]),
        min_share=float(data["repeated"]["min_share"]),
        min_pages=int(data["repeated"]["min_pages"]),
        keep=tuple(re.compile(p) for p in data["keep"]),
        no_line_start=frozenset(data["no_line_start"]),
    )


def is_pdf(path: Path, head: bytes) -> bool:
    return head.startswith(PDF_MAGIC) or path.suffix.lower() == ".pdf"


def read_pdf(path: Path, data: bytes | None = None) -> PdfText:
    """The text of the PDF at `path` (or of its bytes `data`, already read); see the module docstring. A SourceError
    naming the file when it cannot be read or has no text layer."""
    try:
        document = pdfium.PdfDocument(data if data is not None else str(path))
    except pdfium.PdfiumError as err:
        raise SourceError(str(path), f"not a readable PDF: {err}") from None
    try:
        pages = [_page_lines(document[i]) for i in range(len(document))]
    except pdfium.PdfiumError as err:
        raise SourceError(str(path), f"not a readable PDF: {err}") from None
    finally:
        document.close()
    if not any(pages):
        raise SourceError(str(path), "a PDF without a text layer (a scan?): no text to read; OCR is not done here")
    return _assemble(_drop_furniture(pages))


def _page_lines(page: pdfium.PdfPage) -> list[Line]:
    textpage = page.get_textpage()
    try:
        return list(_lines(textpage))
    finally:
        textpage.close()
        page.close()


def _lines(textpage: pdfium.PdfTextPage) -> Iterator[Line]:
    box = pdfium_c.FS_RECTF()
    glyphs: list[Glyph] = []
    spaced = False
    count = pdfium_c.FPDFText_CountChars(textpage)
    i = 0
    while i < count:
        code = pdfium_c.FPDFText_GetUnicode(textpage, i)
        i += 1
        if code in _SKIPPED:
            continue
        if code in _SPACES:
            spaced = bool(glyphs)
            continue
        if 0xD800 <= code < 0xDC00 and i < count:  # a character beyond the BMP comes as a surrogate pair
            low = pdfium_c.FPDFText_GetUnicode(textpage, i)
            code, i = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00), i + 1
        pdfium_c.FPDFText_GetLooseCharBox(textpage, i - 1, ctypes.byref(box))
        if box.top <= box.bottom:
            continue  # a character PDFium made up, with no place on the page
        if glyphs and _starts_a_line(glyphs, box.left, box.bottom, box.top):
            yield Line.of(glyphs)
            glyphs, spaced = [], False
        glyphs.append(Glyph(chr(code), box.left, box.right, box.bottom, box.top, spaced))
        spaced = False
    if glyphs:
        yield Line.of(glyphs)


def _drop_furniture(pages: list[list[Line]]) -> list[list[Line]]:
    """Each page's lines without page numbers and running headers and footers (see data/rules/pdf.yaml)."""
    r = rules()
    kept = [[ln for ln in lines if not _is_page_number(ln, lines, r)] for lines in pages]
    for edge in (_top_line, _bottom_line):
        outermost = [edge(lines) for lines in kept]
        masked = Counter(_mask(ln.text) for ln in outermost if ln is not None and not _kept_by_rule(ln, r))
        needed = max(r.min_pages, r.min_share * len(pages))
        repeated = {text for text, n in masked.items() if n >= needed}
        kept = [
            [ln for ln in lines if not (ln is out and _mask(ln.text) in repeated)]
            for lines, out in zip(kept, outermost, strict=True)
        ]
    return kept


def _is_page_number(line: Line, lines: list[Line], r: Rules) -> bool:
    by_height = sorted(lines, key=lambda ln: -ln.top)
    edges = by_height[: r.edge_lines] + by_height[-r.edge_lines :]
    return any(line is e for e in edges) and any(p.fullmatch(line.text) for p in r.page_numbers)


def _kept_by_rule(line: Line, r: Rules) -> bool:
    return any(p.search(line.text) for p in r.keep)


def _top_line(lines: list[Line]) -> Line | None:
    return max(lines, key=lambda ln: ln.top, default=None)


def _bottom_line(lines: list[Line]) -> Line | None:
    return min(lines, key=lambda ln: ln.bottom, default=None)


def _mask(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.split()))


def _assemble(pages: list[list[Line]]) -> PdfText:
    right_edge = max((ln.x1 for lines in pages for ln in lines), default=0.0)
    body = [ln for lines in pages for ln in lines]
    following = dict(zip(map(id, body), body[1:], strict=False))
    pieces: list[str] = []
    starts: list[int] = []
    length = 0
    for number, lines in enumerate(pages):
        if number:
            pieces.append(PAGE_BREAK)
            length += len(PAGE_BREAK)
        starts.append(length)
        for line in lines:
            piece = line.text + ("" if _wraps(line, following.get(id(line)), right_edge) else HARD_END) + "\n"
            pieces.append(piece)
            length += len(piece)
    return PdfText("".join(pieces), PageMap(tuple(starts)))


def _wraps(line: Line, after: Line | None, right_edge: float) -> bool:
    """Did the layout break `line` only because `after`'s first word would not fit at its end? Not for a table row
    or a labelled field, nor when `after` starts further right (a new paragraph's indent, another column)."""
    if after is None or line.has_cell_gap or after.has_cell_gap:
        return False
    if after.x0 > line.x0 + line.em:
        return False
    space = 0.0 if is_cjk(line.text[-1]) or is_cjk(after.text[0]) else 0.3 * line.em
    return line.x1 + space + (after.first_word_end - after.x0) > right_edge
