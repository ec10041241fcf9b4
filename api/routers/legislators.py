"""Legislators who asked questions."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import LegislatorRef, Offset, PageLimit, Service
from api.models import ErrorBody, LegislatorDetail, LegislatorSummary, Page

router = APIRouter(prefix="/legislators", tags=["legislators"])


@router.get("", response_model=Page[LegislatorSummary], summary="Legislators, most questions first")
def list_legislators(service: Service, limit: PageLimit = 100, offset: Offset = 0) -> dict:
    return service.legislators(limit=limit, offset=offset)


@router.get(
    "/{legislator_id}",
    response_model=LegislatorDetail,
    responses={404: {"model": ErrorBody}},
    summary="One legislator with every question they asked",
)
def get_legislator(service: Service, legislator_id: LegislatorRef) -> dict:
    return service.legislator(legislator_id)
