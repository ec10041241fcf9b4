"""The analytics `innograph build` stored on the nodes, read back from the store: what GET /analytics/… serves.

graph/analytics.py computes centrality and Louvain communities on the in-memory graph, and the build writes them as
node properties. The functions here rank and group those properties (cypher/analytics/*.cypher), and compute
legislator co-interest on request from the store's ASKED_ABOUT edges, with the same function the build uses. Each
returns plain dicts in the shape of the API's response models (api/models.py), so the router only passes its
parameters on.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from graph import cypher
from graph.analytics import SEED, co_interest, co_interest_of, label_mix
from graph.model import Label, legislator_id
from graph.store import Store

NO_ANALYTICS = (
    "the store holds no analytics (node properties degree, betweenness, community): "
    "load it with `innograph build`"
)
ALGORITHM = f"louvain (networkx, resolution 1, seed {SEED})"


class NotFound(LookupError):
    """No such community or legislator, or no analytics in the store at all. The message is one line (a 404)."""


def centrality(store: Store, label: str | None, metric: str, limit: int, offset: int) -> dict[str, Any]:
    """One page of the analysed nodes (of one label, or all), by `metric` (degree or betweenness), ties by id."""
    total = _analysed_count(store, label)
    if total == 0:
        _require_analytics(store)
    rows = store.read(cypher.load("analytics/centrality"), label=label, metric=metric, skip=offset, limit=limit)
    items = [{**row, "rank": offset + i + 1} for i, row in enumerate(rows)]
    return {"metric": metric, "label": label, "items": items, "total": total, "limit": limit, "offset": offset}


def communities(store: Store, min_size: int, top: int) -> dict[str, Any]:
    """Every community of at least `min_size` members, with its label mix and its `top` best connected members."""
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
        "algorithm": ALGORITHM,
        "total": len(groups),
        "nodes": sum(len(m) for m in groups.values()),
        "min_size": min_size,
        "communities": listed,
    }


def community(store: Store, community_id: int, limit: int, offset: int) -> dict[str, Any]:
    """One community: its label mix and a page of its members, highest degree first."""
    members = _communities(store, community_id).get(community_id)
    if not members:
        _require_analytics(store)
        count = len(_communities(store, None))
        raise NotFound(f"no community {community_id}; communities are numbered 0 to {count - 1}")
    return {
        "id": community_id,
        "size": len(members),
        "labels": label_mix(m["label"] for m in members),
        "members": _ranked(members)[offset : offset + limit],
        "limit": limit,
        "offset": offset,
    }


def co_interest_pairs(store: Store, legislator: str | None, min_shared: int, limit: int,
                      offset: int) -> dict[str, Any]:
    """A page of the pairs of legislators who asked about at least `min_shared` same entities (all pairs, or those
    of one legislator, given by name or id), most shared first."""
    names = {row["id"]: row["name"] for row in store.read(cypher.load("analytics/legislators"))}
    who = None
    if legislator is not None:
        who = legislator_id_of(legislator)
        if who not in names:
            raise NotFound(f"no legislator {legislator}")
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


def top_entities(store: Store, label: Label, limit: int) -> dict[str, Any]:
    """The most connected entities of one label, with the counts behind their degree."""
    rows = store.read(cypher.render("analytics/top_entities", label=label), limit=limit)
    if not rows:
        _require_analytics(store)
    return {"label": str(label), "items": [{**row, "rank": i + 1} for i, row in enumerate(rows)]}


def legislator_id_of(value: str) -> str:
    """'陳振英', '陳 振 英 議員' and 'legislator:陳振英' alike."""
    name = "".join(value.split()).removeprefix("legislator:")
    return legislator_id(name.removesuffix("議員") or name)


# --- helpers --------------------------------------------------------------------------------------------------------


def _analysed_count(store: Store, label: str | None) -> int:
    return store.read(cypher.load("analytics/centrality_count"), label=label)[0]["total"]


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
    if _analysed_count(store, None) == 0:
        raise NotFound(NO_ANALYTICS)


def _legislator_ref(node_id: str, names: dict[str, str]) -> dict[str, Any]:
    return {"id": node_id, "name": names.get(node_id)}
