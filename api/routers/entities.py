"""Entities: search, one entity with its sources, its neighbourhood, paths between two, money, lists.

Money comes in two shapes, kept apart: flows from a payer to a payee (FUNDS edges, GET /funding) and figures about
one thing — a budget, a cap or an average per recipient, a change on last year (Figure nodes, GET
/entities/{id}/figures)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from api.deps import (
    MAX_SOURCES,
    AmountTypeFilter,
    EntityFilter,
    FewLimit,
    FiscalYear,
    Limit,
    NodeId,
    Offset,
    PageLimit,
    PathFrom,
    PathTo,
    RelationshipId,
    Service,
    graph_response,
)
from api.models import (
    EntityDetail,
    EntityLabel,
    EntitySummary,
    ErrorBody,
    FigureResults,
    FundingResults,
    Page,
    PathResults,
    RelType,
    SearchLabel,
    SearchResults,
    Subgraph,
)
from graph.cypher import MAX_HOPS
from graph.model import ENTITY_LABELS, MODEL, Label

router = APIRouter(tags=["entities"])
NOT_FOUND = {404: {"model": ErrorBody}}
Kind = Annotated[str | None, Query(max_length=50, description="Only this kind", examples=["fund"])]


@router.get("/search", response_model=SearchResults, summary="Find entities and legislators by name or alias")
def search(
    service: Service,
    q: Annotated[str, Query(min_length=1, max_length=100, description="Part of a name, zh or en, any width",
                            examples=["港投"])],
    label: Annotated[list[SearchLabel] | None, Query(description="Only these labels")] = None,
    limit: FewLimit = 20,
) -> dict:
    """Exact matches first, then another spelling of the whole name (「升」級 for 『升』級, 衛/衞, simplified for
    traditional, "AI" for "Artificial Intelligence" and 人工智能), then names that start with the query, names that
    contain it, names with every word of it in any order, the English name whose acronym it is (HKSTP), and last
    near misses; ties go to the closer near miss, the shorter name and the better connected entity. Full-width and
    half-width forms, spaces and case do not matter. `match` says how each hit matched."""
    return service.search(q, {str(x) for x in label} if label else None, limit)


@router.get("/entities", response_model=Page[EntitySummary], summary="The entities of one label, most mentioned first")
def list_entities(
    service: Service,
    label: Annotated[EntityLabel, Query(description="Which entities (the entity labels of data/model.yaml)")],
    kind: Kind = None,
    limit: PageLimit = 100,
    offset: Offset = 0,
) -> dict:
    return service.entities(Label(str(label)), kind, limit, offset)


@router.get("/entities/{node_id}", response_model=EntityDetail, responses=NOT_FOUND,
            summary="One node: its properties, aliases, relationship counts and the sentences behind its facts")
def get_entity(service: Service, node_id: NodeId,
               sources: Annotated[int, Query(ge=0, le=MAX_SOURCES, description="How many sources to list")] = 100,
               ) -> dict:
    return service.entity(node_id, sources)


@router.get("/entities/{node_id}/neighbours", response_model=Subgraph, responses=NOT_FOUND,
            summary="The subgraph around a node, one or two steps out")
def neighbours(
    service: Service,
    node_id: NodeId,
    type: Annotated[RelType | None, Query(description="Only relationships of this type")] = None,
    depth: Annotated[int, Query(ge=1, le=2)] = 1,
    limit: Limit = 200,
) -> Response:
    """`limit` counts relationships at depth 1 and paths (shortest first) at depth 2. What a graph view draws: the
    long texts and the provenance of nodes and relationships (quote, quotes, reply_nos, source_ids, the replies'
    texts: the model's `detail` properties, GET /model) are left out; GET /relationships/{id} and
    GET /entities/{id} give them for one relationship or node."""
    return graph_response(service.neighbours(node_id, str(type) if type else None, depth, limit))


@router.get("/relationships/{rel_id:path}", response_model=Subgraph, responses=NOT_FOUND,
            summary="One relationship with its provenance: its quotes, replies and source documents")
def relationship(service: Service, rel_id: RelationshipId) -> Response:
    """Every property of the relationship (a neighbourhood leaves out its quotes, replies and sources) and its two
    ends as a neighbourhood draws them. The id is the relationship's `id`, as neighbourhoods and paths give it."""
    return graph_response(service.relationship(rel_id))


@router.get("/paths", response_model=PathResults, responses=NOT_FOUND,
            summary="The shortest paths between two nodes, with each edge's provenance")
def paths(
    service: Service,
    from_id: PathFrom,
    to_id: PathTo,
    max_hops: Annotated[int, Query(ge=1, le=MAX_HOPS)] = 4,
    limit: FewLimit = 10,
) -> dict:
    return service.paths(from_id, to_id, max_hops, limit)


@router.get("/entities/{node_id}/figures", response_model=FigureResults, responses=NOT_FOUND,
            summary="The money figures about a node, by fiscal year and amount type, with the quote behind each")
def figures(
    service: Service,
    node_id: NodeId,
    fiscal_year: FiscalYear = None,
    amount_type: AmountTypeFilter = None,
    limit: Limit = 200,
    offset: Offset = 0,
) -> dict:
    """Figures about one thing — a programme's or department's budget, a change on last year, a scheme's size or
    spending, a cap, threshold or average per recipient, a salary, a cost: `(:Figure)-[:ABOUT]->(node)`. Never
    added up. Money paid from one body to another is a flow: GET /funding?entity={node_id}."""
    return service.figures(node_id, fiscal_year, str(amount_type) if amount_type else None, limit, offset)


@router.get("/funding", response_model=FundingResults, responses=NOT_FOUND,
            summary="Funding flows (who pays whom) with their sources; totals only within one kind of figure")
def funding(
    service: Service,
    entity: EntityFilter = None,
    fiscal_year: FiscalYear = None,
    amount_type: AmountTypeFilter = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict:
    """FUNDS edges, payer -> payee. Totals are per amount_type, currency, per and bound; a flow whose amount is not
    stated is listed, never summed. Figures about one entity alone are at GET /entities/{id}/figures."""
    return service.funding(entity, fiscal_year, str(amount_type) if amount_type else None, limit, offset)


# One list per entity label, named by its plural in data/model.yaml (GET /schemes …); GET /entities?label= too.
LIST_PATHS = {label: (f"/{MODEL.labels[label].plural}", MODEL.labels[label].description) for label in ENTITY_LABELS}


def _list_endpoint(label: Label, path: str, what: str) -> None:
    @router.get(path, response_model=Page[EntitySummary], summary=f"{what}, most mentioned first",
                name=f"list_{path.strip('/')}")
    def list_of_label(service: Service, kind: Kind = None, limit: PageLimit = 100, offset: Offset = 0) -> dict:
        return service.entities(label, kind, limit, offset)


for _label, (_path, _what) in LIST_PATHS.items():
    _list_endpoint(_label, _path, _what)
