"""Full-text search over passages: the lines of questions, answers and press documents that say a word or phrase."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import REPLY_NO_PATTERN, FewLimit, FiscalYear, Offset, Service
from api.models import ErrorBody, PassageLabel, PassagePart, PassageResults
from api.service import passage_filters
from graph.passages import MAX_QUERY_CHARS

router = APIRouter(tags=["passages"])

PassageQuery = Annotated[str, Query(
    description=f"Words or phrases, 1 to {MAX_QUERY_CHARS} characters; every one must appear. Chinese needs no "
                'spaces (科技券 is found where it is written, 科技 and 券 too); "quoted words" must appear together; '
                "case and full/half width do not matter, English words are stemmed. 400 for an empty, overlong or "
                "punctuation-only query", examples=["科技券"])]
DocumentFilter = Annotated[str | None, Query(
    min_length=5, max_length=200, pattern=r"^doc:\S+$", examples=["doc:3942c1bfcb494316"],
    description="Only this document: its own text, and the replies that come from it")]
ReplyNoFilter = Annotated[str | None, Query(pattern=REPLY_NO_PATTERN, description="Only this reply",
                                            examples=["ITIB133"])]
LanguageFilter = Annotated[str | None, Query(
    max_length=35, pattern=r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$", examples=["zh-Hant"],
    description="Only passages in this language: zh-Hant, en; zh takes every zh-…")]


@router.get("/passages", response_model=PassageResults, responses={400: {"model": ErrorBody}},
            summary="Find the passages that say a word or phrase, best first, with the words marked")
def search_passages(
    service: Service,
    q: PassageQuery,
    document: DocumentFilter = None,
    reply_no: ReplyNoFilter = None,
    language: LanguageFilter = None,
    label: Annotated[PassageLabel | None, Query(description="Only lines of questions or of documents")] = None,
    part: Annotated[PassagePart | None, Query(description="Only the questions, the answers or the documents")] = None,
    fiscal_year: FiscalYear = None,
    limit: FewLimit = 20,
    offset: Offset = 0,
) -> dict:
    """A passage is a line as the documents print it: a numbered part of a question, a paragraph or a table row of
    an answer, a paragraph of a press release. Ranked by BM25 (more and rarer matches in a shorter passage first);
    `snippet` is the passage, or its part with the most matches, with the matched words marked (`hit`); `entities`
    are the ones it names, for the entity pages."""
    filters = passage_filters(document, reply_no, language, str(label) if label else None,
                              str(part) if part else None, fiscal_year)
    return service.passages(q, filters, limit, offset)
