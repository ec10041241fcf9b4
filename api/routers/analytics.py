"""Analytics: centrality, Louvain communities, the most connected entities, legislator co-interest.

Centrality and communities are node properties written by `innograph build` (graph/analytics.py computes them on
the in-memory graph before the load); graph/stored_analytics.py reads them back, and computes co-interest from the
store's ASKED_ABOUT edges. These endpoints take the parameters and pass them on.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query

from api.deps import LegislatorFilter, Limit, Offset, PageLimit, StoreDep
from api.models import (
    AnalysedLabel,
    CentralityResults,
    CoInterestResults,
    CommunityDetail,
    CommunityList,
    EntityLabel,
    ErrorBody,
    Metric,
    TopEntities,
)
from graph import stored_analytics
from graph.model import Label

router = APIRouter(prefix="/analytics", tags=["analytics"])

NOT_FOUND = {404: {"model": ErrorBody, "description": "Unknown id, or no analytics in the store"}}


@router.get("/centrality", response_model=CentralityResults, responses=NOT_FOUND,
            summary="Nodes ranked by degree or betweenness centrality")
def centrality(
    store: StoreDep,
    label: Annotated[AnalysedLabel | None, Query(description="Only nodes of this label")] = None,
    metric: Annotated[Metric, Query(description="degree (degree centrality) or betweenness")] = Metric.degree,
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict:
    """Computed at build time on the analytics projection: entities, legislators and questions, undirected, with
    the ASKED, MENTIONS (from questions), FUNDS, ADMINISTERS and PART_OF relationships (documents, programmes,
    ADDRESSED_TO and ASKED_ABOUT are left out; see graph/analytics.py). Ties go by id."""
    return stored_analytics.centrality(store, str(label) if label else None, str(metric), limit, offset)


@router.get("/communities", response_model=CommunityList, responses=NOT_FOUND,
            summary="Louvain communities: size, label mix and best connected members")
def communities(
    store: StoreDep,
    min_size: Annotated[int, Query(ge=1, le=100_000, description="Only communities at least this big")] = 1,
    top: Annotated[int, Query(ge=0, le=100, description="How many top members to list per community")] = 5,
) -> dict:
    """Louvain (networkx `louvain_communities`, fixed seed) on the analytics projection, at build time. Ids are
    stable: 0 is the largest community, equal sizes go by their smallest member id. A node without any edge in the
    projection is a community of its own (use min_size=2 to hide those)."""
    return stored_analytics.communities(store, min_size, top)


@router.get("/communities/{community_id}", response_model=CommunityDetail, responses=NOT_FOUND,
            summary="One community: its label mix and its members, highest degree first")
def community(
    store: StoreDep,
    community_id: Annotated[int, Path(ge=0, le=1_000_000, description="A community id", examples=[0])],
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict:
    return stored_analytics.community(store, community_id, limit, offset)


@router.get("/co-interest", response_model=CoInterestResults, responses=NOT_FOUND,
            summary="Pairs of legislators who asked about the same entities")
def co_interest_pairs(
    store: StoreDep,
    legislator: LegislatorFilter = None,
    min_shared: Annotated[int, Query(ge=1, le=1000, description="At least this many shared entities")] = 1,
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict:
    """Read off the store's ASKED_ABOUT edges (an entity named in a legislator's question): weight is the number
    of entities both asked about, jaccard that number over the entities either asked about. Computed on request,
    never stored as relationships. Without `legislator`, every pair."""
    return stored_analytics.co_interest_pairs(store, legislator, min_shared, limit, offset)


@router.get("/top-entities", response_model=TopEntities, responses=NOT_FOUND,
            summary="The most connected schemes, institutions (or other entities)")
def top_entities(
    store: StoreDep,
    label: Annotated[EntityLabel, Query(description="Which entities")] = EntityLabel.Scheme,
    limit: PageLimit = 10,
) -> dict:
    """Ranked by degree in the analytics projection (distinct questions, funders, recipients, administrators and
    parents it is connected to), then betweenness, then id; with the counts behind it."""
    return stored_analytics.top_entities(store, Label(str(label)), limit)
