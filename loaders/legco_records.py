"""The records a Finance Committee replies document is read into, whatever its edition (loaders/legco.py for the
Chinese one, loaders/legco_en.py for the English one)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from loaders.text import NormalisedText


@dataclass(frozen=True)
class Programme:
    number: str | None  # None when the document prints the name only (2003-04: "Infrastructural Support")
    name: str

    @property
    def label(self) -> str:
        """The form researchers read in the budget: "(2) 創新科技及工業"; the bare name when it has no number."""
        return self.name if self.number is None else f"({self.number}) {self.name}"


@dataclass(frozen=True)
class IndexEntry:
    """One row of the document's own index table."""

    reply_no: str
    question_no: str
    legislator: str
    head_no: str
    programmes: tuple[Programme, ...]
    line: int  # of the raw file, 1-based
    # Every head the row names when it names several (CITB(ITB)004 of 2003-04: 55 47 155 160 177 180); head_no is
    # the first. Empty for the usual one head.
    head_nos: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reply:
    reply_no: str
    question_no: str
    fiscal_year: str
    head_no: str
    head_name: str
    subheads: tuple[str, ...]
    programmes: tuple[Programme, ...]
    controlling_officer: str  # as printed: post (name)
    controlling_officer_post: str
    controlling_officer_name: str | None
    director_of_bureau: str
    question_text: str
    asker: str  # Chinese: without spaces and the 議員 title; English: as printed, without "Hon" or "Dr"
    legco_ref: str  # "" when the document prints no LegCo internal reference (English replies before ~2013)
    answer_text: str
    reply_no_printed: bool  # False when the body did not print it and the index table supplied it
    # reply_no / question_no are "" only when parse_replies was asked to keep unnumbered replies (allow_unnumbered)
    char_start: int  # the reply's span in the normalised document text
    char_end: int
    question_start: int  # where question_text / answer_text start in the normalised text
    answer_start: int
    asker_start: int  # the span of "陳振英議員(立法會內部參考編號：18)"
    asker_end: int
    truncated: bool = False  # the document is an excerpt that stops inside this reply (sources.yaml `excerpt: true`)


@dataclass
class ParsedReplies:
    source: str
    fiscal_year: str
    text: NormalisedText
    index: list[IndexEntry]
    replies: list[Reply]
    disagreements: list[str] = field(default_factory=list)
    language: str = "zh-Hant"  # the edition: "zh-Hant" or "en" (data/rules/legco_layouts.yaml)

    @cached_property
    def by_reply_no(self) -> dict[str, Reply]:
        return {r.reply_no: r for r in self.replies}

    def as_json(self, bureau: str | None = None) -> dict:
        """What `innograph parse` prints: the document's index rows and replies in one shape for both editions —
        `legislator` (the asker as printed, without titles), `head_no` (a list when a row names several heads),
        `programmes` as {number, name} (number null when the document prints none), and `missing` naming the
        serial numbers a reply or row left blank."""
        return {
            "source": self.source,
            "language": self.language,
            "fiscal_year": self.fiscal_year,
            "bureau": bureau,
            "index": [_row_json(e) for e in self.index],
            "replies": [_reply_json(r) for r in self.replies],
            "disagreements": self.disagreements,
        }


def _programmes_json(programmes: tuple[Programme, ...]) -> list[dict]:
    return [{"number": p.number, "name": p.name} for p in programmes]


def _missing(reply_no: str, question_no: str) -> list[str]:
    return [name for name, value in (("reply_no", reply_no), ("question_no", question_no)) if not value]


def _row_json(e: IndexEntry) -> dict:
    return {
        "reply_no": e.reply_no,
        "question_no": e.question_no,
        "legislator": e.legislator,
        "head_no": list(e.head_nos) if e.head_nos else e.head_no,
        "programmes": _programmes_json(e.programmes),
        "line": e.line,
        "missing": _missing(e.reply_no, e.question_no),
    }


def _reply_json(r: Reply) -> dict:
    return {
        "reply_no": r.reply_no,
        "question_no": r.question_no,
        "fiscal_year": r.fiscal_year,
        "legislator": r.asker,
        "legco_ref": r.legco_ref,
        "head_no": r.head_no,
        "head_name": r.head_name,
        "subheads": list(r.subheads),
        "programmes": _programmes_json(r.programmes),
        "controlling_officer": r.controlling_officer,
        "controlling_officer_post": r.controlling_officer_post,
        "controlling_officer_name": r.controlling_officer_name,
        "director_of_bureau": r.director_of_bureau,
        "question_text": r.question_text,
        "answer_text": r.answer_text,
        "reply_no_printed": r.reply_no_printed,
        "spans": {"reply": [r.char_start, r.char_end], "question_start": r.question_start,
                  "answer_start": r.answer_start, "asker": [r.asker_start, r.asker_end]},
        "missing": _missing(r.reply_no, r.question_no),
    } | ({"truncated": True} if r.truncated else {})
