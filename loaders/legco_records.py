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
