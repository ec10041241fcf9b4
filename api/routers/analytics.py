"""Analytics: centrality, Louvain communities, the most connected entities, legislator co-interest.

Centrality and communities are node properties written by `innograph build` (graph/analytics.py computes them on
the in-memory graph before the load); these endpoints read them back from the store with cypher/analytics/*.cypher.
Co-interest is computed here, on request, from the store's ASKED_ABOUT edges, by the same function the build uses.
"""

from __future__ import annotations

from collections import defaultdict
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Path, Query, Request
from pydantic import BaseModel, Field

from api.deps import Offset
from api.models import ErrorBody, Page
from graph import cypher
from graph.analytics import PROJECTION_LABELS, SEED, co_interest, co_interest_of, label_mix
from graph.model import ENTITY_LABELS, Label, legislator_id
from graph.store import Store

router = APIRouter(prefix="/analytics", tags=["analytics"])

# Choices offered in the OpenAPI document; anything else is a 422 that lists them.
AnalysedLabel = StrEnum("AnalysedLabel", {str(label): str(label) for label in PROJECTION_LABELS})
EntityLabel = StrEnum("EntityLabel", {str(label): str(label) for label in ENTITY_LABELS})


class Metric(StrEnum):
    DEGREE = "degree"
    BETWEENNESS = "betweenness"


NOT_FOUND = {404: {"model": ErrorBody, "description": "Unknown id, or no analytics in the store"}}
NO_ANALYTICS = (
    "the store holds no analytics (node properties degree, betweenness, community): "
    "load it with `innograph build`"
)


def get_store(request: Request) -> Store:
    return request.app.state.store


StoreDep = Annotated[Store, Depends(get_store)]


# --- response models ------------------------------------------------------------------------------------------------


class Ranked(BaseModel):
    id: str = Field(examples=["dept:dpo"])
    label: str = Field(examples=["Department"])
    name: str | None = Field(examples=["數字政策辦公室"])
    name_en: str | None = Field(default=None, examples=["Digital Policy Office"])
    rank: int = Field(description="1 for the highest value of the metric", examples=[1])
    degree: int = Field(description="Distinct neighbours in the analytics projection", examples=[111])
    degree_centrality: float = Field(description="degree / (nodes in the projection - 1)", examples=[0.195079])
    betweenness: float = Field(description="Exact normalised betweenness, 0 to 1", examples=[0.256753])
    community: int = Field(description="Louvain community id (GET /analytics/communities/{id})", examples=[1])


class CentralityResults(Page[Ranked]):
    model_config = {"json_schema_extra": {"example": {
        "metric": "betweenness", "label": "Scheme", "total": 60, "limit": 1, "offset": 0,
        "items": [{"id": "scheme:itf", "label": "Scheme", "name": "創新及科技基金",
                   "name_en": "Innovation and Technology Fund", "rank": 1, "degree": 39,
                   "degree_centrality": 0.068541, "betweenness": 0.03395, "community": 0}],
    }}}

    metric: Metric
    label: str | None = Field(description="Only nodes of this label; null for all analysed nodes")


class Member(BaseModel):
    id: str = Field(examples=["bureau:itib"])
    label: str = Field(examples=["Bureau"])
    name: str | None = Field(examples=["創新科技及工業局"])
    degree: int = Field(examples=[88])
    betweenness: float = Field(examples=[0.217185])


class CommunitySummary(BaseModel):
    id: int = Field(description="0 is the largest community; equal sizes go by their smallest member id", examples=[0])
    size: int = Field(examples=[111])
    labels: dict[str, int] = Field(description="Members per label, most first",
                                   examples=[{"Question": 42, "Scheme": 21, "Institution": 20}])
    top_members: list[Member] = Field(description="Members with the highest degree, then betweenness, then id")


class CommunityList(BaseModel):
    model_config = {"json_schema_extra": {"example": {
        "algorithm": "louvain (networkx, resolution 1, seed 42)", "total": 24, "nodes": 570, "min_size": 2,
        "communities": [{"id": 0, "size": 111, "labels": {"Question": 42, "Scheme": 21, "Institution": 20},
                         "top_members": [{"id": "dept:itc", "label": "Department", "name": "創新科技署",
                                          "degree": 93, "betweenness": 0.15186}]}],
    }}}

    algorithm: str
    total: int = Field(description="How many communities there are (of any size)")
    nodes: int = Field(description="How many nodes were partitioned into communities")
    min_size: int
    communities: list[CommunitySummary]


class CommunityDetail(BaseModel):
    id: int = Field(examples=[3])
    size: int = Field(examples=[74])
    labels: dict[str, int] = Field(examples=[{"Question": 45, "Legislator": 10, "Scheme": 9}])
    members: list[Member] = Field(description="One page of members, highest degree first")
    limit: int
    offset: int


class LegislatorRef(BaseModel):
    id: str = Field(examples=["legislator:陳振英"])
    name: str | None = Field(examples=["陳振英"])


class EntityRef(BaseModel):
    id: str = Field(examples=["scheme:gsps"])
    label: str = Field(examples=["Scheme"])
    name: str | None = Field(examples=["傑出創科學人計劃"])


class CoInterestPair(BaseModel):
    a: LegislatorRef = Field(description="The legislator asked for, or the smaller id of the two")
    b: LegislatorRef
    weight: int = Field(description="How many entities both asked about", examples=[2])
    jaccard: float = Field(description="Shared entities / entities either asked about", examples=[0.074074])
    shared: list[EntityRef] = Field(description="The entities both asked about, by id")


class CoInterestResults(BaseModel):
    model_config = {"json_schema_extra": {"example": {
        "legislator": {"id": "legislator:陳振英", "name": "陳振英"}, "total": 8, "limit": 1, "offset": 0,
        "min_shared": 1,
        "pairs": [{"a": {"id": "legislator:陳振英", "name": "陳振英"},
                   "b": {"id": "legislator:黃錦輝", "name": "黃錦輝"},
                   "weight": 2, "jaccard": 0.074074,
                   "shared": [{"id": "scheme:gsps", "label": "Scheme", "name": "傑出創科學人計劃"},
                              {"id": "scheme:techtas", "label": "Scheme", "name": "科技人才入境計劃"}]}],
    }}}

    legislator: LegislatorRef | None = Field(description="Only pairs with this legislator; null for all pairs")
    min_shared: int
    pairs: list[CoInterestPair] = Field(description="Most shared entities first, then jaccard, then ids")
    total: int = Field(description="Pairs, over all pages")
    limit: int
    offset: int


class TopEntity(BaseModel):
    id: str = Field(examples=["scheme:itf"])
    name: str | None = Field(examples=["創新及科技基金"])
    name_en: str | None = Field(default=None, examples=["Innovation and Technology Fund"])
    kind: str | None = Field(default=None, examples=["fund"])
    rank: int = Field(examples=[1])
    degree: int = Field(description="Distinct neighbours in the analytics projection", examples=[39])
    degree_centrality: float = Field(examples=[0.068541])
    betweenness: float = Field(examples=[0.03395])
    community: int = Field(examples=[0])
    questions: int = Field(description="Questions that mention it", examples=[37])
    legislators: int = Field(description="Legislators who asked about it (ASKED_ABOUT)", examples=[4])
    funding_in: int = Field(description="FUNDS facts it receives", examples=[2])
    funding_out: int = Field(description="FUNDS facts it gives", examples=[1])


class TopEntities(BaseModel):
    label: str = Field(examples=["Scheme"])
    items: list[TopEntity]


# --- endpoints ------------------------------------------------------------------------------------------------------


@router.get("/centrality", response_model=CentralityResults, responses=NOT_FOUND,
            summary="Nodes ranked by degree or betweenness centrality")
def centrality(
    store: StoreDep,
    label: Annotated[AnalysedLabel | None, Query(description="Only nodes of this label")] = None,
    metric: Annotated[Metric, Query(description="degree (degree centrality) or betweenness")] = Metric.DEGREE,
    limit: Annotated[int, Query(ge=1, le=1000)] = 20,
    offset: Offset = 0,
) -> dict:
    """Computed at build time on the analytics projection: entities, legislators and questions, undirected, with
    the ASKED, MENTIONS (from questions), FUNDS, ADMINISTERS and PART_OF relationships (documents, programmes,
    ADDRESSED_TO and ASKED_ABOUT are left out; see graph/analytics.py). Ties go by id."""
    label_name = str(label) if label else None
    total = store.read(cypher.load("analytics/centrality_count"), label=label_name)[0]["total"]
    if total == 0:
        _require_analytics(store)
    rows = store.read(cypher.load("analytics/centrality"), label=label_name, metric=str(metric), skip=offset,
                      limit=limit)
    items = [{**row, "rank": offset + i + 1} for i, row in enumerate(rows)]
    return {"metric": metric, "label": label_name, "items": items, "total": total, "limit": limit, "offset": offset}


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
    groups = _communities(store, None)
    if not groups:
        _require_analytics(store)
    listed = [
        {"id": cid, "size": len(members), "labels": label_mix(m["label"] for m in members),
         "top_members": _ranked(members)[:top]}
        for cid, members in sorted(groups.items())
        if len(members) >= min_size
    ]
    return {
        "algorithm": f"louvain (networkx, resolution 1, seed {SEED})",
        "total": len(groups),
        "nodes": sum(len(m) for m in groups.values()),
        "min_size": min_size,
        "communities": listed,
    }


@router.get("/communities/{community_id}", response_model=CommunityDetail, responses=NOT_FOUND,
            summary="One community: its label mix and its members, highest degree first")
def community(
    store: StoreDep,
    community_id: Annotated[int, Path(ge=0, le=1_000_000, description="A community id", examples=[0])],
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    offset: Offset = 0,
) -> dict:
    members = _communities(store, community_id).get(community_id)
    if not members:
        _require_analytics(store)
        count = len(_communities(store, None))
        raise HTTPException(404, f"no community {community_id}; communities are numbered 0 to {count - 1}")
    return {
        "id": community_id,
        "size": len(members),
        "labels": label_mix(m["label"] for m in members),
        "members": _ranked(members)[offset : offset + limit],
        "limit": limit,
        "offset": offset,
    }


@router.get("/co-interest", response_model=CoInterestResults, responses=NOT_FOUND,
            summary="Pairs of legislators who asked about the same entities")
def co_interest_pairs(
    store: StoreDep,
    legislator: Annotated[str | None, Query(min_length=1, max_length=100, examples=["陳振英"],
                                            description="A name or id (陳振英, legislator:陳振英); omit for all pairs")]
    = None,
    min_shared: Annotated[int, Query(ge=1, le=1000, description="At least this many shared entities")] = 1,
    limit: Annotated[int, Query(ge=1, le=1000)] = 20,
    offset: Offset = 0,
) -> dict:
    """Read off the store's ASKED_ABOUT edges (an entity named in a legislator's question): weight is the number
    of entities both asked about, jaccard that number over the entities either asked about. Computed on request,
    never stored as relationships."""
    names = {row["id"]: row["name"] for row in store.read(cypher.load("analytics/legislators"))}
    who = None
    if legislator is not None:
        who = _legislator_id(legislator)
        if who not in names:
            raise HTTPException(404, f"no legislator {legislator}")
    topics: dict[str, set[str]] = defaultdict(set)
    entities: dict[str, dict[str, Any]] = {}
    for row in store.read(cypher.load("analytics/asked_about")):
        topics[row["legislator_id"]].add(row["entity_id"])
        entities[row["entity_id"]] = {"id": row["entity_id"], "label": row["label"], "name": row["entity"]}
    pairs = co_interest(topics, min_shared)
    if who is not None:
        pairs = co_interest_of(pairs, who)
    page = pairs[offset : offset + limit]
    return {
        "legislator": {"id": who, "name": names[who]} if who else None,
        "min_shared": min_shared,
        "pairs": [
            {
                "a": _legislator_ref(who or p.a, names),
                "b": _legislator_ref(p.other(who) if who else p.b, names),
                "weight": p.weight,
                "jaccard": p.jaccard,
                "shared": [entities[e] for e in p.shared],
            }
            for p in page
        ],
        "total": len(pairs),
        "limit": limit,
        "offset": offset,
    }


@router.get("/top-entities", response_model=TopEntities, responses=NOT_FOUND,
            summary="The most connected schemes, institutions (or other entities)")
def top_entities(
    store: StoreDep,
    label: Annotated[EntityLabel, Query(description="Which entities")] = EntityLabel.Scheme,
    limit: Annotated[int, Query(ge=1, le=500)] = 10,
) -> dict:
    """Ranked by degree in the analytics projection (distinct questions, funders, recipients, administrators and
    parents it is connected to), then betweenness, then id; with the counts behind it."""
    rows = store.read(cypher.render("analytics/top_entities", label=Label(str(label))), limit=limit)
    if not rows:
        _require_analytics(store)
    return {"label": str(label), "items": [{**row, "rank": i + 1} for i, row in enumerate(rows)]}


# --- helpers --------------------------------------------------------------------------------------------------------


def _communities(store: Store, community_id: int | None) -> dict[int, list[dict[str, Any]]]:
    groups: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in store.read(cypher.load("analytics/community_members"), community=community_id):
        groups[row["community"]].append(
            {k: row[k] for k in ("id", "label", "name", "degree", "betweenness")}
        )
    return dict(groups)


def _ranked(members: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(members, key=lambda m: (-m["degree"], -m["betweenness"], m["id"]))


def _require_analytics(store: Store) -> None:
    if store.read(cypher.load("analytics/centrality_count"), label=None)[0]["total"] == 0:
        raise HTTPException(404, NO_ANALYTICS)


def _legislator_id(value: str) -> str:
    """'陳振英', '陳 振 英 議員' and 'legislator:陳振英' alike."""
    name = "".join(value.split()).removeprefix("legislator:")
    return legislator_id(name.removesuffix("議員") or name)


def _legislator_ref(node_id: str, names: dict[str, str]) -> dict[str, Any]:
    return {"id": node_id, "name": names.get(node_id)}
