"""Legislators who asked questions."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query

from api.deps import Offset, get_service
from api.models import ErrorBody, LegislatorDetail, LegislatorSummary, Page
from api.service import GraphService

router = APIRouter(prefix="/legislators", tags=["legislators"])
Service = Annotated[GraphService, Depends(get_service)]


@router.get("", response_model=Page[LegislatorSummary], summary="Legislators, most questions first")
def list_legislators(
    service: Service,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
    offset: Offset = 0,
) -> dict:
    return service.legislators(limit=limit, offset=offset)


@router.get(
    "/{legislator_id}",
    response_model=LegislatorDetail,
    responses={404: {"model": ErrorBody}},
    summary="One legislator with every question they asked",
)
def get_legislator(
    service: Service,
    legislator_id: Annotated[
        str,
        Path(min_length=1, max_length=100, examples=["legislator:陳振英"], description="The node id, or just the name"),
    ],
) -> dict:
    return service.legislator(legislator_id)
