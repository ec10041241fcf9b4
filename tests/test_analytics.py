"""Analytics: centrality, communities, top entities and co-interest, on a hand-made graph whose answers are known,
on the bundled corpus, and over HTTP against the store `innograph build` loaded."""

from __future__ import annotations

import random
import time
from collections import defaultdict

import pytest

from graph import analytics
from graph.analytics import CoInterest, annotate, co_interest, co_interest_of, compute, projection
from graph.kg import KnowledgeGraph, Node, Relationship
from graph.model import ENTITY_LABELS, Label, Rel, relationship_id

# --- a hand-made graph: two 4-cliques joined by a bridge, and a star --------------------------------------------------
#
#   clique A: scheme:a1..a4 (FUNDS between every pair; a1-a2 also PART_OF: one edge in the projection)
#   clique B: inst:b1..b4 (PART_OF between every pair)
#   bridge:   inst:b1 -ADMINISTERS-> scheme:a1
#   star:     legislator:甲 -ASKED-> three questions
# and edges the projection must ignore, each of which would change every number if it were counted:
#   a Document that MENTIONS a3 and b3, a Programme (UNDER_PROGRAMME), legislator 甲 ASKED_ABOUT a2 and a4.
# Every edge is one data/model.yaml allows between those labels (the graph refuses any other).

A = [f"scheme:a{i}" for i in range(1, 5)]
B = [f"inst:b{i}" for i in range(1, 5)]
LEG = "legislator:甲"
QS = [f"question:2025-26:T00{i}" for i in range(1, 4)]
DOC = "doc:0000000000000000"
PROG = "programme:2025-26:1:1"


def hand_graph(shuffle_seed: int | None = None) -> KnowledgeGraph:
    nodes = (
        [Node(Label.SCHEME, n, {"name": n}) for n in A]
        + [Node(Label.INSTITUTION, n, {"name": n}) for n in B]
        + [Node(Label.LEGISLATOR, LEG, {"name": "甲"})]
        + [Node(Label.QUESTION, q, {"name": q[-4:], "fiscal_year": "2025-26"}) for q in QS]
        + [Node(Label.DOCUMENT, DOC, {"name": "doc"}),
           Node(Label.PROGRAMME, PROG, {"name": "prog", "fiscal_year": "2025-26"})]
    )
    edges = [(Rel.FUNDS, a, b) for i, a in enumerate(A) for b in A[i + 1 :]]
    edges += [(Rel.PART_OF, A[0], A[1])]
    edges += [(Rel.PART_OF, a, b) for i, a in enumerate(B) for b in B[i + 1 :]]
    edges += [(Rel.ADMINISTERS, B[0], A[0])]
    edges += [(Rel.ASKED, LEG, q) for q in QS]
    edges += [(Rel.MENTIONS, DOC, A[2]), (Rel.MENTIONS, DOC, B[2]), (Rel.ASKED_ABOUT, LEG, A[1])]
    edges += [(Rel.UNDER_PROGRAMME, q, PROG) for q in QS]
    edges += [(Rel.ASKED_ABOUT, LEG, A[3])]
    if shuffle_seed is not None:  # the same graph, built in another order
        rng = random.Random(shuffle_seed)
        rng.shuffle(nodes)
        rng.shuffle(edges)
    kg = KnowledgeGraph()
    for node in nodes:
        kg.add_node(node)
    for rel_type, start, end in edges:
        kg.add_relationship(Relationship(rel_type, start, end, relationship_id(rel_type, start, end)))
    return kg


def test_projection_keeps_entities_legislators_questions_and_drops_bookkeeping():
    graph = projection(hand_graph())
    assert sorted(graph) == sorted(A + B + [LEG] + QS)  # no Document, no Programme
    assert graph.number_of_edges() == 6 + 6 + 1 + 3  # FUNDS + PART_OF a1-a2 collapse to one edge
    assert not graph.has_edge(LEG, A[1]) and not graph.has_edge(LEG, A[3])  # ASKED_ABOUT


def test_hand_graph_degree_and_betweenness_are_exact():
    result = compute(hand_graph())
    n = 12
    assert result.degree == {A[0]: 4, B[0]: 4, **{x: 3 for x in A[1:] + B[1:] + [LEG]}, **{q: 1 for q in QS}}
    assert result.degree_centrality[A[0]] == round(4 / (n - 1), 6) == 0.363636
    assert result.degree_centrality[A[1]] == round(3 / (n - 1), 6) == 0.272727
    assert result.degree_centrality[QS[0]] == 0.090909
    # The bridge ends carry every shortest path between the other 3 of their clique and the 4 of the other one:
    # 12 pairs out of C(11, 2) = 55; the star's centre carries its 3 pairs of leaves; nobody else carries any.
    assert result.betweenness[A[0]] == result.betweenness[B[0]] == round(12 / 55, 6) == 0.218182
    assert result.betweenness[LEG] == round(3 / 55, 6) == 0.054545
    assert all(result.betweenness[x] == 0.0 for x in A[1:] + B[1:] + QS)


def test_betweenness_beyond_the_exact_size_is_sampled_with_a_fixed_seed(monkeypatch):
    """Past BETWEENNESS_EXACT_UP_TO nodes the sources are sampled: an estimate, the same on every run."""
    exact = compute(hand_graph()).betweenness
    monkeypatch.setattr(analytics, "BETWEENNESS_EXACT_UP_TO", 5)
    monkeypatch.setattr(analytics, "BETWEENNESS_SOURCES", 6)
    sampled = [compute(hand_graph(shuffle_seed=seed)).betweenness for seed in (None, 1)]
    assert sampled[0] == sampled[1]  # the same graph, whatever its insertion order: the same estimate
    assert sampled[0] != exact and all(0.0 <= b <= 1.0 for b in sampled[0].values())
    assert max(sampled[0], key=sampled[0].get) in (A[0], B[0])  # the bridge still stands out


@pytest.mark.parametrize("k", [None, 1, 5, 40], ids=["exact", "one-source", "five-sources", "all-sources"])
def test_betweenness_equals_networkx_to_the_last_bit(k):
    """The list-based Brandes gives networkx's floats exactly, exact and sampled (so a graph keeps its values)."""
    import networkx as nx

    for trial in range(5):
        graph = nx.relabel_nodes(nx.gnm_random_graph(40, 90 + 10 * trial, seed=trial), lambda i: f"n{i}")
        ours = analytics.betweenness_centrality(graph, k, seed=trial)
        theirs = nx.betweenness_centrality(graph, k=k, normalized=True, seed=trial)
        assert list(ours) == list(theirs)
        assert all(a == b or (a != a and b != b) for a, b in zip(ours.values(), theirs.values(), strict=True))


def test_hand_graph_communities_are_the_two_cliques_and_the_star_numbered_stably():
    result = compute(hand_graph())
    # Three communities of 4: equal sizes go by smallest member id ("inst:b1" < "legislator:甲" < "scheme:a1").
    assert result.communities == [sorted(B), sorted([LEG, *QS]), sorted(A)]
    assert {x: result.community[x] for x in (B[0], LEG, A[0])} == {B[0]: 0, LEG: 1, A[0]: 2}


def test_annotate_writes_node_properties_and_only_on_the_projection():
    kg = hand_graph()
    counts = kg.counts()
    annotate(kg)
    assert kg.counts() == counts  # nothing added: no node, no relationship (co-interest is not an edge)
    assert {k: kg.node_props(A[0])[k] for k in analytics.NODE_PROPERTIES} == {
        "degree": 4, "degree_centrality": 0.363636, "betweenness": 0.218182, "community": 2}
    for node_id in A + B + [LEG] + QS:
        props = kg.node_props(node_id)
        assert isinstance(props["degree"], int) and isinstance(props["community"], int)
        assert isinstance(props["degree_centrality"], float) and isinstance(props["betweenness"], float)
    for node_id in (DOC, PROG):
        assert not set(analytics.NODE_PROPERTIES) & set(kg.node_props(node_id))
    assert kg.node_props(LEG)["co_interest_count"] == 0 and kg.node_props(LEG)["co_interest_top"] == []


def test_analytics_are_deterministic_whatever_the_insertion_order():
    first, again, shuffled = hand_graph(), hand_graph(), hand_graph(shuffle_seed=7)
    for kg in (first, again, shuffled):
        annotate(kg)
    for node_id in A + B + [LEG] + QS:
        assert first.node_props(node_id) == again.node_props(node_id) == shuffled.node_props(node_id)
    assert annotate(first).communities == compute(shuffled).communities


def test_co_interest_weight_jaccard_and_order():
    topics = {"l:x": {"e1", "e2", "e3"}, "l:y": {"e2", "e3", "e4"}, "l:z": {"e3"}, "l:w": {"e9"}, "l:v": set()}
    pairs = co_interest(topics)
    assert pairs == [
        CoInterest("l:x", "l:y", ("e2", "e3"), 0.5),  # 2 shared of 4
        CoInterest("l:x", "l:z", ("e3",), 0.333333),  # 1 of 3: higher jaccard first
        CoInterest("l:y", "l:z", ("e3",), 0.333333),
    ]
    assert pairs[0].weight == 2 and pairs[0].other("l:y") == "l:x"
    assert co_interest(topics, min_shared=2) == pairs[:1]
    assert [p.other("l:z") for p in co_interest_of(pairs, "l:z")] == ["l:x", "l:y"]
    assert co_interest_of(pairs, "l:w") == []


# --- the bundled corpus -----------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus(corpus_build):
    return corpus_build


@pytest.fixture(scope="module")
def kg(corpus) -> KnowledgeGraph:
    return corpus.graph


ANALYSED = (*ENTITY_LABELS, Label.LEGISLATOR, Label.QUESTION)
NODES_ANALYSED = 590  # see test_corpus_every_analysed_node_has_its_properties


def test_corpus_every_analysed_node_has_its_properties(corpus, kg):
    assert "analytics" in corpus.seconds
    nodes = [n for label in ANALYSED for n in kg.nodes(label)]
    n = len(nodes)
    # 275 entities (ITIB091's two names broken over lines among them; ten bodies outside Hong Kong named with their
    # jurisdiction, 上海航天技術研究院 …, each judged a real body in tests/fixtures/accuracy/discovered.yaml; three
    # departments of the Government's chart added to the gazetteer for other bureaus' replies, which the corpus
    # names too; no longer 技術轉移處 nor 數碼港秘書處, units the name model took for departments), 64 legislators,
    # 251 questions
    assert n == NODES_ANALYSED
    for node in nodes:
        props = node.props
        assert 0.0 <= props["betweenness"] <= 1.0, node.id
        assert props["degree_centrality"] == round(props["degree"] / (n - 1), 6), node.id
        assert isinstance(props["community"], int) and props["community"] >= 0
    for label in (Label.DOCUMENT, Label.PROGRAMME):
        assert all("degree" not in node.props for node in kg.nodes(label))
    for node in kg.nodes(Label.LEGISLATOR):
        assert len(node.props["co_interest_top"]) == min(node.props["co_interest_count"], analytics.CO_INTEREST_TOP)


def test_corpus_top_schemes_and_institutions_are_the_ones_the_replies_keep_naming(kg):
    # By hand: count the replies whose text names them. 創新及科技基金 is named in 35 replies (more with ITF,
    # 創科基金), InnoHK in 43, 數碼港 in 53, 科技園 in 46 — the most of their kind.
    questions = [q.props["question_text"] + q.props["answer_text"] for q in kg.nodes(Label.QUESTION)]
    assert sum("創新及科技基金" in t for t in questions) >= 30 and sum("InnoHK" in t for t in questions) >= 40
    assert sum("數碼港" in t for t in questions) >= 50
    schemes = [row[0] for row in analytics.top_entities(kg, Label.SCHEME, 5)]
    institutions = [row[0] for row in analytics.top_entities(kg, Label.INSTITUTION, 5)]
    # (the New Industrialisation Funding Scheme's 19 listed grantees, ITIB091, put it beside InnoHK)
    assert schemes[0] == "scheme:itf" and "scheme:innohk" in schemes[:3]
    assert institutions[0] == "inst:cyberport" and "inst:hkstp" in institutions
    # The three government bodies every question is filed under are the most central nodes of all.
    by_betweenness = sorted(kg.nodes(), key=lambda n: -n.props.get("betweenness", -1))
    assert {n.id for n in by_betweenness[:3]} == {"dept:dpo", "bureau:itib", "dept:itc"}


def test_corpus_communities_partition_the_projection(kg):
    result = compute(kg)
    assert sorted(x for members in result.communities for x in members) == sorted(projection(kg))
    sizes = [len(m) for m in result.communities]
    assert sizes == sorted(sizes, reverse=True) and sizes[0] > 50
    for number, members in enumerate(result.communities):
        assert all(kg.node_props(x)["community"] == number for x in members)


def test_corpus_co_interest_is_symmetric_and_follows_asked_about(kg):
    topics: dict[str, set[str]] = defaultdict(set)
    for rel in kg.relationships(Rel.ASKED_ABOUT):
        topics[rel.start].add(rel.end)
    pairs = compute(kg).co_interest
    assert topics["legislator:陳振英"] == {"scheme:gsps", "scheme:techconnect", "scheme:techtas"}
    chan = {p.other("legislator:陳振英"): p for p in co_interest_of(pairs, "legislator:陳振英")}
    # Exactly the legislators who asked about one of 陳振英's three schemes, with what they share.
    askers = {leg for leg, ents in topics.items() if ents & topics["legislator:陳振英"]} - {"legislator:陳振英"}
    assert set(chan) == askers and len(chan) == kg.node_props("legislator:陳振英")["co_interest_count"]
    assert chan["legislator:黃錦輝"].shared == ("scheme:gsps", "scheme:techtas")
    for someone in ("legislator:陳振英", "legislator:黃錦輝", "legislator:梁子穎"):
        for pair in co_interest_of(pairs, someone):
            other = pair.other(someone)
            mirror = [p for p in co_interest_of(pairs, other) if p.other(other) == someone]
            assert mirror == [pair]  # one pair, seen from both sides: same weight, jaccard, entities
            assert set(pair.shared) == topics[someone] & topics[other]
            assert pair.jaccard == round(pair.weight / len(topics[someone] | topics[other]), 6)
    assert all(p.a < p.b for p in pairs)


def test_corpus_analytics_are_deterministic_and_timed(kg):
    started = time.perf_counter()
    again = compute(kg)
    seconds = time.perf_counter() - started
    for node_id, degree in again.degree.items():
        props = kg.node_props(node_id)
        assert (props["degree"], props["betweenness"], props["community"]) == (
            degree, again.betweenness[node_id], again.community[node_id])
    stages = ", ".join(f"{k} {v:.2f} s" for k, v in again.seconds.items())
    print(f"\nanalytics on the corpus: {seconds:.2f} s ({stages})")


# --- over HTTP, against the store loaded by `innograph build` --------------------------------------------------------


def test_api_centrality_equals_what_the_store_and_the_build_hold(client, corpus_store, kg):
    body = client.get("/analytics/centrality", params={"metric": "betweenness", "limit": 50}).json()
    assert body["total"] == NODES_ANALYSED and len(body["items"]) == 50 and body["items"][0]["rank"] == 1
    values = [i["betweenness"] for i in body["items"]]
    assert values == sorted(values, reverse=True)
    stored = {r["id"]: r for r in corpus_store.read(
        "MATCH (n) WHERE n.degree IS NOT NULL RETURN n.id AS id, n.degree AS degree, "
        "n.degree_centrality AS degree_centrality, n.betweenness AS betweenness, n.community AS community")}
    assert len(stored) == NODES_ANALYSED
    for item in body["items"]:
        assert {k: item[k] for k in stored[item["id"]]} == stored[item["id"]]
        # `innograph build` in another process wrote exactly what build_corpus_graph() computes here
        assert {k: kg.node_props(item["id"])[k] for k in analytics.NODE_PROPERTIES} == {
            k: item[k] for k in analytics.NODE_PROPERTIES}
    schemes = client.get("/analytics/centrality", params={"label": "Scheme", "metric": "degree", "limit": 3}).json()
    top = [i["id"] for i in schemes["items"]]
    # 62 schemes: with the DCI platform and the No Fakes Pledge scheme discovery finds
    assert top[0] == "scheme:itf" and "scheme:innohk" in top[:3] and schemes["total"] == 62
    page2 = client.get("/analytics/centrality", params={"label": "Scheme", "limit": 2, "offset": 1}).json()
    assert [i["id"] for i in page2["items"]] == [i["id"] for i in schemes["items"]][1:3]
    assert page2["items"][0]["rank"] == 2


def test_api_centrality_rejects_bad_parameters(client):
    for params in ({"metric": "pagerank"}, {"label": "Document"}, {"label": "scheme"}, {"limit": 0}, {"offset": -1}):
        response = client.get("/analytics/centrality", params=params)
        assert response.status_code == 422, params
    assert "'degree' or 'betweenness'" in str(client.get("/analytics/centrality", params={"metric": "x"}).json())


def test_api_communities(client, kg):
    result = compute(kg)
    body = client.get("/analytics/communities", params={"top": 3}).json()
    assert body["total"] == len(result.communities) == len(body["communities"])
    assert body["nodes"] == NODES_ANALYSED and "seed 42" in body["algorithm"]
    assert [c["size"] for c in body["communities"]] == [len(m) for m in result.communities]
    first = body["communities"][0]
    assert first["id"] == 0 and sum(first["labels"].values()) == first["size"] and len(first["top_members"]) == 3
    degrees = [m["degree"] for m in first["top_members"]]
    assert degrees == sorted(degrees, reverse=True) and degrees[0] == max(
        kg.node_props(x)["degree"] for x in result.communities[0])
    big = client.get("/analytics/communities", params={"min_size": 2}).json()
    assert all(c["size"] >= 2 for c in big["communities"]) and big["total"] == body["total"]

    one = client.get("/analytics/communities/0", params={"limit": 1000}).json()
    assert sorted(m["id"] for m in one["members"]) == result.communities[0] and one["size"] == first["size"]
    assert one["labels"] == first["labels"]
    missing = client.get(f"/analytics/communities/{len(result.communities)}")
    assert missing.status_code == 404 and f"0 to {len(result.communities) - 1}" in missing.json()["detail"]
    assert client.get("/analytics/communities/-1").status_code == 422
    assert client.get("/analytics/communities/x").status_code == 422


def test_api_co_interest(client, kg):
    pairs = compute(kg).co_interest
    body = client.get("/analytics/co-interest", params={"legislator": "陳振英", "limit": 100}).json()
    expected = co_interest_of(pairs, "legislator:陳振英")
    assert body["legislator"] == {"id": "legislator:陳振英", "name": "陳振英"} and body["total"] == len(expected)
    assert [(p["b"]["id"], p["weight"], p["jaccard"], [e["id"] for e in p["shared"]]) for p in body["pairs"]] == [
        (p.other("legislator:陳振英"), p.weight, p.jaccard, list(p.shared)) for p in expected]
    assert all(p["a"]["id"] == "legislator:陳振英" for p in body["pairs"])
    top = body["pairs"][0]
    assert top["b"]["name"] == "黃錦輝"
    assert {e["name"] for e in top["shared"]} == {"傑出創科學人計劃", "科技人才入境計劃"}
    # symmetric: seen from 黃錦輝, the same pair
    other = client.get("/analytics/co-interest", params={"legislator": "legislator:黃錦輝", "limit": 1000}).json()
    mirror = [p for p in other["pairs"] if p["b"]["id"] == "legislator:陳振英"]
    assert [(p["weight"], p["jaccard"], p["shared"]) for p in mirror] == [
        (top["weight"], top["jaccard"], top["shared"])]
    # all pairs, strongest first
    everyone = client.get("/analytics/co-interest", params={"limit": 5, "min_shared": 3}).json()
    assert everyone["legislator"] is None and everyone["total"] == sum(p.weight >= 3 for p in pairs)
    assert [(p["a"]["id"], p["b"]["id"]) for p in everyone["pairs"]] == [(p.a, p.b) for p in pairs[:5]]
    # a name with spaces and the title works; an unknown one is a 404
    assert client.get("/analytics/co-interest", params={"legislator": "陳 振 英 議員"}).json()["total"] == len(expected)
    missing = client.get("/analytics/co-interest", params={"legislator": "無名氏"})
    assert missing.status_code == 404 and missing.json()["detail"] == "no legislator 無名氏"
    assert client.get("/analytics/co-interest", params={"min_shared": 0}).status_code == 422


def test_api_top_entities(client, kg):
    for label in (Label.SCHEME, Label.INSTITUTION):
        body = client.get("/analytics/top-entities", params={"label": str(label), "limit": 5}).json()
        assert body["label"] == str(label)
        assert [(i["id"], i["degree"], i["betweenness"]) for i in body["items"]] == analytics.top_entities(kg, label, 5)
        first = body["items"][0]
        assert first["rank"] == 1 and first["questions"] > 30 and first["legislators"] >= 1
    assert client.get("/analytics/top-entities").json()["items"][0]["id"] == "scheme:itf"  # Scheme by default
    assert client.get("/analytics/top-entities", params={"label": "Legislator"}).status_code == 422
    assert client.get("/analytics/top-entities", params={"limit": 501}).status_code == 422


def test_api_analytics_are_in_the_openapi_document(client):
    paths = client.get("/openapi.json").json()["paths"]
    for path in ("/analytics/centrality", "/analytics/communities", "/analytics/communities/{community_id}",
                 "/analytics/co-interest", "/analytics/top-entities"):
        assert path in paths
