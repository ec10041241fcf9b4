"""Written budget questions and their replies."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from api.deps import (
    HEAD_NO_PATTERN,
    NAME_CHARS,
    TEXT_CHARS,
    FiscalYear,
    LegislatorFilter,
    Offset,
    PageLimit,
    ReplyNo,
    Service,
)
from api.models import ErrorBody, Page, QuestionDetail, QuestionSummary

router = APIRouter(prefix="/questions", tags=["questions"])


@router.get("", response_model=Page[QuestionSummary], summary="Questions, filtered and paginated")
def list_questions(
    service: Service,
    legislator: LegislatorFilter = None,
    head: Annotated[str | None, Query(pattern=HEAD_NO_PATTERN, description="Budget head no.", examples=["155"])] = None,
    programme: Annotated[
        str | None, Query(**NAME_CHARS, description="Programme no. or part of its name", examples=["2"])
    ] = None,
    q: Annotated[
        str | None,
        Query(**TEXT_CHARS, description="Text in the question or answer", examples=["人工智能"]),
    ] = None,
    fiscal_year: FiscalYear = None,
    limit: PageLimit = 50,
    offset: Offset = 0,
) -> dict:
    return service.questions(
        legislator=legislator, head=head, programme=programme, q=q, fiscal_year=fiscal_year, limit=limit, offset=offset
    )


@router.get(
    "/{reply_no}",
    response_model=QuestionDetail,
    responses={404: {"model": ErrorBody}},
    summary="One question with its reply, asker, head, programmes and source",
)
def get_question(service: Service, reply_no: ReplyNo, fiscal_year: FiscalYear = None) -> dict:
    return service.question(reply_no, fiscal_year)
