"""Entities: search, one entity with its sources, its neighbourhood, paths between two, funding, lists."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Path, Query

from api.deps import Offset, get_service
from api.models import (
    EntityDetail,
    EntitySummary,
    ErrorBody,
    FundingResults,
    Page,
    PathResults,
    SearchResults,
    Subgraph,
)
from api.service import BadRequest, GraphService
from graph.cypher import MAX_HOPS
from graph.model import AmountType, Label

router = APIRouter(tags=["entities"])
Service = Annotated[GraphService, Depends(get_service)]
NodeId = Annotated[str, Path(min_length=3, max_length=200, examples=["scheme:gsps"], description="A node id")]
NOT_FOUND = {404: {"model": ErrorBody}}
SEARCHABLE = sorted(str(x) for x in (Label.BUREAU, Label.DEPARTMENT, Label.SCHEME, Label.INSTITUTION, Label.COMPANY,
                                     Label.LEGISLATOR))


@router.get("/search", response_model=SearchResults, summary="Find entities and legislators by name or alias")
def search(
    service: Service,
    q: Annotated[str, Query(min_length=1, max_length=100, description="Part of a name, zh or en, any width",
                            examples=["港投"])],
    label: Annotated[list[str] | None, Query(description=f"Only these labels: {', '.join(SEARCHABLE)}")] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> dict:
    """Exact matches first, then names that start with the query, then names that contain it; ties go to the
    shorter name and the better connected entity. Full-width and half-width forms, spaces and case do not matter."""
    if label and (unknown := set(label) - set(SEARCHABLE)):
        raise HTTPException(422, f"unknown label {sorted(unknown)[0]!r}; one of {', '.join(SEARCHABLE)}")
    return service.search(q, set(label) if label else None, limit)


@router.get("/entities/{node_id}", response_model=EntityDetail, responses=NOT_FOUND,
            summary="One node: its properties, aliases, relationship counts and the sentences behind its facts")
def get_entity(service: Service, node_id: NodeId,
               sources: Annotated[int, Query(ge=0, le=1000, description="How many sources to list")] = 100) -> dict:
    return service.entity(node_id, sources)


@router.get("/entities/{node_id}/neighbours", response_model=Subgraph, responses=NOT_FOUND,
            summary="The subgraph around a node, one or two steps out")
def neighbours(
    service: Service,
    node_id: NodeId,
    type: Annotated[str | None, Query(description="Only relationships of this type", examples=["FUNDS"])] = None,
    depth: Annotated[int, Query(ge=1, le=2)] = 1,
    limit: Annotated[int, Query(ge=1, le=1000, description="Most relationships (depth 1) or paths (depth 2)")] = 200,
) -> dict:
    try:
        return service.neighbours(node_id, type, depth, limit)
    except BadRequest as error:
        raise HTTPException(422, str(error)) from None


@router.get("/paths", response_model=PathResults, responses=NOT_FOUND,
            summary="The shortest paths between two nodes, with each edge's provenance")
def paths(
    service: Service,
    from_id: Annotated[str, Query(alias="from", min_length=3, max_length=200, examples=["legislator:陳振英"])],
    to_id: Annotated[str, Query(alias="to", min_length=3, max_length=200, examples=["inst:ugc"])],
    max_hops: Annotated[int, Query(ge=1, le=MAX_HOPS)] = 4,
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
) -> dict:
    return service.paths(from_id, to_id, max_hops, limit)


@router.get("/funding", response_model=FundingResults, responses=NOT_FOUND,
            summary="Funding facts with their sources; totals only within one amount_type and currency")
def funding(
    service: Service,
    entity: Annotated[str | None, Query(min_length=3, max_length=200, description="Funder or recipient id",
                                        examples=["scheme:techconnect"])] = None,
    fiscal_year: Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}$", examples=["2025-26"])] = None,
    amount_type: Annotated[AmountType | None, Query()] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Offset = 0,
) -> dict:
    return service.funding(entity, fiscal_year, str(amount_type) if amount_type else None, limit, offset)


def _list_endpoint(label: Label, path: str, what: str) -> None:
    @router.get(path, response_model=Page[EntitySummary], summary=f"{what}, most mentioned first",
                name=f"list_{path.strip('/')}")
    def list_entities(
        service: Service,
        kind: Annotated[str | None, Query(max_length=50, description="Only this kind")] = None,
        limit: Annotated[int, Query(ge=1, le=500)] = 100,
        offset: Offset = 0,
    ) -> dict:
        return service.entities(label, kind, limit, offset)


for _label, _path, _what in (
    (Label.SCHEME, "/schemes", "Funding schemes, funds, programmes and platforms"),
    (Label.INSTITUTION, "/institutions", "Public bodies, universities, R&D centres"),
    (Label.COMPANY, "/companies", "Companies"),
    (Label.DEPARTMENT, "/departments", "Government departments and offices"),
    (Label.BUREAU, "/bureaus", "Policy bureaus"),
):
    _list_endpoint(_label, _path, _what)
