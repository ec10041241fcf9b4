"""Graph analytics on the in-memory graph: centrality, communities, the most connected entities, co-interest.

`annotate(kg)` runs at the end of `build_corpus_graph`, so `innograph build` writes the results as node properties
with everything else, and a rebuild gives the same values.

The projection (what the numbers are computed on)
    An undirected simple graph of the entities (Bureau, Department, Scheme, Institution, Company), the legislators
    and the questions, with an edge between two of them when the graph has any of these relationships between them,
    in either direction:

        ASKED        Legislator - Question
        MENTIONS     Question - entity          (what a question and its reply are about)
        FUNDS        funder - recipient
        ADMINISTERS  Department/Institution - Scheme
        PART_OF      Department - Bureau, Institution - Institution

    Left out, and why:
      * Document and Programme nodes and their edges (FROM_DOCUMENT, HAS_PROGRAMME, UNDER_PROGRAMME, a Document's
        MENTIONS): they are bookkeeping — five documents and ten budget programmes would each join hundreds of
        nodes and become the "centre" of the graph without saying anything about who funds or asks about what.
      * ADDRESSED_TO: the budget head a question is filed under, the same few bodies for every question (all 251
        go to ITIB, ITC or DPO); what a question is about is in its MENTIONS.
      * ASKED_ABOUT: derived from ASKED + MENTIONS (a legislator asked a question that names the entity). Adding it
        would create legislator-entity shortcuts that hide the questions from every shortest path; the same fact is
        used where it belongs, in co-interest.
    Several relationships between the same two nodes make one unweighted edge.

What is computed (rounded to DIGITS decimals, from sorted inputs, so a rebuild gives the same values):
    degree              distinct neighbours in the projection (NOT the number of relationships in the store)
    degree_centrality   degree / (n - 1), n = nodes in the projection
    betweenness         normalised betweenness centrality, in [0, 1]: exact (every pair of nodes) when the projection
                        has at most BETWEENNESS_EXACT_UP_TO nodes (the bundled corpus: ~900); beyond, estimated from
                        shortest paths out of BETWEENNESS_SOURCES sources drawn with seed SEED (networkx's k), so it
                        costs time linear in the graph instead of n times it. Sampled, it is an estimate: the ranking
                        of the big hubs holds, the small values are noisy; the same graph gives the same values.
    community           Louvain (networkx louvain_communities, resolution 1, seed SEED). Communities are numbered
                        0, 1, … by size, largest first, ties broken by their smallest member id. A node with no
                        edge in the projection is a community of its own.
    co_interest_count   on Legislator nodes: how many other legislators asked about at least one same entity
    co_interest_top     on Legislator nodes: up to CO_INTEREST_TOP of them, most shared entities first

Co-interest (legislators linked by the entities they asked about, read off ASKED_ABOUT) is a derived structure:
computed in memory (here, and from the store's ASKED_ABOUT edges by graph/stored_analytics.py, with the same
function) and never written as relationships. weight = number of shared entities; jaccard = shared / entities either
asked about.
"""

from __future__ import annotations

import math
import random
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

import networkx as nx
import numpy as np

from graph.kg import KnowledgeGraph
from graph.model import ENTITY_LABELS, Label, Rel

SEED = 42  # Louvain's random state, and the draw of betweenness's sources
BETWEENNESS_EXACT_UP_TO = 2000  # nodes in the projection: exact betweenness up to here
BETWEENNESS_SOURCES = 500  # sources sampled beyond it
DIGITS = 6  # floats are rounded to this many decimals
CO_INTEREST_TOP = 5  # legislators listed in co_interest_top

PROJECTION_LABELS: tuple[Label, ...] = (*ENTITY_LABELS, Label.LEGISLATOR, Label.QUESTION)
PROJECTION_TYPES: tuple[Rel, ...] = (Rel.ASKED, Rel.MENTIONS, Rel.FUNDS, Rel.ADMINISTERS, Rel.PART_OF)

# The node properties annotate() sets (and replaces on every run).
NODE_PROPERTIES = ("degree", "degree_centrality", "betweenness", "community")
LEGISLATOR_PROPERTIES = ("co_interest_count", "co_interest_top")

METRICS = {"degree": "degree_centrality", "betweenness": "betweenness"}  # API metric -> node property


@dataclass(frozen=True)
class CoInterest:
    """Two legislators (a < b by id) and the entities both asked about."""

    a: str
    b: str
    shared: tuple[str, ...]  # entity ids, sorted
    jaccard: float  # shared / entities asked about by either, rounded

    @property
    def weight(self) -> int:
        return len(self.shared)

    def other(self, legislator: str) -> str:
        return self.b if legislator == self.a else self.a


@dataclass
class Analytics:
    degree: dict[str, int]
    degree_centrality: dict[str, float]
    betweenness: dict[str, float]
    community: dict[str, int]  # node id -> community id
    communities: list[list[str]]  # community id -> its member ids, sorted
    co_interest: list[CoInterest]
    seconds: dict[str, float] = field(default_factory=dict)

    def node_properties(self, node_id: str) -> dict[str, Any]:
        return {
            "degree": self.degree[node_id],
            "degree_centrality": self.degree_centrality[node_id],
            "betweenness": self.betweenness[node_id],
            "community": self.community[node_id],
        }


# --- the projection -----------------------------------------------------------------------------------------------


def projection(kg: KnowledgeGraph) -> nx.Graph:
    """The undirected simple graph the analytics run on (see the module's docstring), built in sorted order so
    that every algorithm meets the nodes and edges in the same order on every run."""
    labels = set(PROJECTION_LABELS)
    types = set(PROJECTION_TYPES)
    nodes = sorted(node_id for node_id, data in kg.g.nodes(data=True) if data["label"] in labels)
    kept = set(nodes)
    edges = sorted(
        {
            (min(u, v), max(u, v))
            for u, v, data in kg.g.edges(data=True)
            if data["type"] in types and u in kept and v in kept and u != v
        }
    )
    graph = nx.Graph()
    graph.add_nodes_from(nodes)
    graph.add_edges_from(edges)
    return graph


# --- the algorithms -----------------------------------------------------------------------------------------------


def centrality(graph: nx.Graph) -> tuple[dict[str, int], dict[str, float], dict[str, float]]:
    """Degree, degree centrality and normalised betweenness (exact, or sampled on a big graph) of every node,
    floats rounded."""
    degree = {n: int(d) for n, d in graph.degree()}
    scale = 1 / (len(graph) - 1) if len(graph) > 1 else 0.0
    degree_centrality = {n: round(d * scale, DIGITS) for n, d in degree.items()}
    sample = BETWEENNESS_SOURCES if len(graph) > BETWEENNESS_EXACT_UP_TO else None  # None: every node
    raw = betweenness_centrality(graph, sample, SEED)
    betweenness = {n: _unit(round(b, DIGITS)) for n, b in raw.items()}
    return degree, degree_centrality, betweenness


def betweenness_centrality(graph: nx.Graph, k: int | None, seed: int) -> dict[str, float]:
    """nx.betweenness_centrality(graph, k=k, normalized=True, seed=seed), the same floats, ~10x faster.

    Brandes's algorithm, as networkx writes it, level by level on numpy arrays (the graph as compressed adjacency
    lists) instead of node by node on dictionaries. The nodes, each node's neighbours and the sampled sources come
    in networkx's order, and every sum adds the same terms in the same order (see _dependencies), so the values are
    equal to the last bit (tests/test_analytics.py): a graph keeps its properties from one version to the next.
    Per source it costs time linear in the graph; the Python version before it also grew with the graph's size per
    node (30x the corpus: 4x the time per node and edge of 10x's).
    """
    nodes = list(graph)
    n = len(nodes)
    number = {node: i for i, node in enumerate(nodes)}
    neighbours = [[number[w] for w in graph[v]] for v in nodes]
    if k is not None and k == n:
        k = None  # networkx's shortcut: all sources, the exact value
    sources = range(n) if k is None else [number[v] for v in random.Random(seed).sample(nodes, k)]
    starts = np.zeros(n + 1, dtype=np.int64)
    np.cumsum([len(a) for a in neighbours], out=starts[1:])
    adjacency = np.fromiter((w for a in neighbours for w in a), dtype=np.int64, count=int(starts[-1]))
    total = np.zeros(n)
    for s in sources:
        total += _dependencies(s, starts, adjacency)
    return dict(zip(nodes, _rescaled(total.tolist(), k, sources), strict=True))


def _dependencies(s: int, starts: np.ndarray, adjacency: np.ndarray) -> np.ndarray:
    """Every node's dependency on `s` (Brandes's delta; 0 for `s` itself). The node-by-node version walks a queue
    and adds, for each node w reached, sigma[v] to sigma[w] for each v before it on a shortest path, in the queue's
    order; then pops the queue from its end, adding each w's share to its predecessors. Here each level of the
    breadth-first search is one step: its nodes in the order the queue would reach them (first appearance among
    the frontier's neighbours), the same additions in the same order (np.add.at adds in the order of its indices),
    and backwards the pairs sorted by the queue position of w, latest first, as the pops would meet them."""
    n = len(starts) - 1
    distance = np.full(n, -1, dtype=np.int64)
    position = np.zeros(n, dtype=np.int64)  # in the queue
    sigma = np.zeros(n)  # shortest paths from s
    distance[s], sigma[s] = 0, 1.0
    frontier = np.array([s], dtype=np.int64)
    reached, depth = 1, 0
    levels = []  # per level: the (v, w) pairs, v on the level before, w on this one, in the queue's order
    while frontier.size:
        first, counts = starts[frontier], starts[frontier + 1] - starts[frontier]
        size = int(counts.sum())
        if not size:
            break
        w = adjacency[np.repeat(first - (np.cumsum(counts) - counts), counts) + np.arange(size)]
        v = np.repeat(frontier, counts)
        new = w[distance[w] < 0]
        found, at = np.unique(new, return_index=True)
        found = found[np.argsort(at)]  # the order the queue reaches them
        depth += 1
        distance[found] = depth
        position[found] = np.arange(reached, reached + found.size)
        reached += found.size
        on_path = distance[w] == depth
        v, w = v[on_path], w[on_path]
        np.add.at(sigma, w, sigma[v])
        levels.append((v, w))
        frontier = found
    delta = np.zeros(n)
    for v, w in reversed(levels):
        latest_first = np.argsort(-position[w], kind="stable")
        v, w = v[latest_first], w[latest_first]
        np.add.at(delta, v, sigma[v] * ((1.0 + delta[w]) / sigma[w]))
    delta[s] = 0.0
    return delta


def _rescaled(total: list[float], k: int | None, sources) -> list[float]:
    """networkx's normalisation without endpoints (networkx.algorithms.centrality.betweenness._rescale)."""
    pairs = len(total) - 1  # N: the nodes a path through v may start from
    if pairs < 2:
        return total
    if k is None:
        scale = 1 / (pairs * (pairs - 1))
        return [b * scale for b in total] if scale != 1 else total
    sampled = set(sources)
    scale_source = 1 / ((k - 1) * (pairs - 1)) if k > 1 else math.nan
    scale_other = 1 / (k * (pairs - 1))
    return [b * (scale_source if v in sampled else scale_other) for v, b in enumerate(total)]


def communities(graph: nx.Graph, seed: int = SEED) -> list[list[str]]:
    """Louvain communities with stable ids: the list index, by size (largest first) then smallest member id."""
    found = nx.community.louvain_communities(graph, seed=seed) if len(graph) else []
    members = [sorted(c) for c in found]
    return sorted(members, key=lambda m: (-len(m), m[0]))


def asked_about(kg: KnowledgeGraph) -> dict[str, set[str]]:
    """Legislator id -> the ids of the entities they asked about (ASKED_ABOUT)."""
    topics: dict[str, set[str]] = {n.id: set() for n in kg.nodes(Label.LEGISLATOR)}
    for rel in kg.relationships(Rel.ASKED_ABOUT):
        topics.setdefault(rel.start, set()).add(rel.end)
    return topics


def co_interest(topics: Mapping[str, Iterable[str]], min_shared: int = 1) -> list[CoInterest]:
    """Every pair of legislators who asked about at least `min_shared` same entities, most shared first (then
    jaccard, then ids). `topics` maps a legislator id to the entity ids they asked about."""
    sets = {legislator: frozenset(entities) for legislator, entities in topics.items()}
    # Only legislators with an entity in common can pair: go through each entity's askers, not all pairs.
    askers: dict[str, list[str]] = defaultdict(list)
    for legislator in sorted(sets):
        for entity in sets[legislator]:
            askers[entity].append(legislator)
    candidates = {pair for people in askers.values() for pair in combinations(people, 2)}
    pairs = []
    for a, b in candidates:
        shared = sets[a] & sets[b]
        if len(shared) >= max(min_shared, 1):
            jaccard = round(len(shared) / len(sets[a] | sets[b]), DIGITS)
            pairs.append(CoInterest(a, b, tuple(sorted(shared)), jaccard))
    return sorted(pairs, key=_pair_order)


def _pair_order(pair: CoInterest) -> tuple:
    return (-pair.weight, -pair.jaccard, pair.a, pair.b)


def co_interest_of(pairs: Iterable[CoInterest], legislator: str) -> list[CoInterest]:
    """The pairs one legislator is part of, most shared first (then jaccard, then the other's id)."""
    mine = [p for p in pairs if legislator in (p.a, p.b)]
    return sorted(mine, key=lambda p: (-p.weight, -p.jaccard, p.other(legislator)))


# --- on a KnowledgeGraph --------------------------------------------------------------------------------------------


def compute(kg: KnowledgeGraph, seed: int = SEED) -> Analytics:
    """Everything, on the projection of `kg`; nothing is written."""
    seconds: dict[str, float] = {}
    started = time.perf_counter()
    graph = projection(kg)
    seconds["projection"] = time.perf_counter() - started

    started = time.perf_counter()
    degree, degree_centrality, betweenness = centrality(graph)
    seconds["centrality"] = time.perf_counter() - started

    started = time.perf_counter()
    groups = communities(graph, seed)
    community = {node: number for number, members in enumerate(groups) for node in members}
    seconds["communities"] = time.perf_counter() - started

    started = time.perf_counter()
    pairs = co_interest(asked_about(kg))
    seconds["co-interest"] = time.perf_counter() - started
    return Analytics(degree, degree_centrality, betweenness, community, groups, pairs, seconds)


def annotate(kg: KnowledgeGraph, seed: int = SEED) -> Analytics:
    """Compute the analytics and store them as node properties of `kg` (replacing any from an earlier run).

    Nodes of the projection get NODE_PROPERTIES; legislators also get LEGISLATOR_PROPERTIES; Document and Programme
    nodes get none.
    """
    result = compute(kg, seed)
    for node_id in result.degree:
        kg.node_props(node_id).update(result.node_properties(node_id))
    partners: dict[str, list[CoInterest]] = defaultdict(list)
    for pair in result.co_interest:
        partners[pair.a].append(pair)
        partners[pair.b].append(pair)
    for node in kg.nodes(Label.LEGISLATOR):
        mine = co_interest_of(partners.get(node.id, []), node.id)
        props = kg.node_props(node.id)
        props["co_interest_count"] = len(mine)
        props["co_interest_top"] = [p.other(node.id) for p in mine[:CO_INTEREST_TOP]]  # [] is not written
    return result


def top_entities(kg: KnowledgeGraph, label: Label, limit: int = 10) -> list[tuple[str, int, float]]:
    """The most connected entities of a label, from annotated node properties: (id, degree, betweenness), by
    degree, then betweenness, then id."""
    rows = [
        (n.id, n.props["degree"], n.props["betweenness"]) for n in kg.nodes(label) if "degree" in n.props
    ]
    return sorted(rows, key=lambda r: (-r[1], -r[2], r[0]))[:limit]


def label_mix(labels: Iterable[str]) -> dict[str, int]:
    """How many members of each label, most first (then by label)."""
    counts = Counter(labels)
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _unit(value: float) -> float:
    return min(1.0, max(0.0, value))
