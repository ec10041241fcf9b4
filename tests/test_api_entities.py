"""Search, entities, neighbourhoods, paths, funding and entity lists over HTTP against the loaded corpus."""

from __future__ import annotations

from collections import defaultdict


def ids(hits):
    return [h["id"] for h in hits]


def test_search_ranks_exact_then_prefix_then_contains(client):
    exact = client.get("/search", params={"q": "港投公司"}).json()["hits"]
    assert exact[0] == {**exact[0], "id": "company:hkic", "match": "exact", "matched": "港投公司"}
    prefix = client.get("/search", params={"q": "港投"}).json()["hits"]
    assert prefix[0]["id"] == "company:hkic" and prefix[0]["match"] == "prefix"
    ranks = ["exact", "prefix", "contains"]
    assert [h["match"] for h in prefix] == sorted((h["match"] for h in prefix), key=ranks.index)
    contains = client.get("/search", params={"q": "科學園"}).json()["hits"]
    assert "inst:hksp" in ids(contains)


def test_search_is_width_case_and_space_blind(client):
    full_width = client.get("/search", params={"q": "ＡＩＲ＠ＩｎｎｏＨＫ"}).json()["hits"]
    assert full_width[0]["id"] == "scheme:air_innohk" and full_width[0]["match"] == "exact"
    english = client.get("/search", params={"q": "digital  POLICY office"}).json()["hits"]
    assert english[0]["id"] == "dept:dpo"
    spaced = client.get("/search", params={"q": "數 字 辦"}).json()["hits"]
    assert spaced[0]["id"] == "dept:dpo"


def test_search_by_label_and_errors(client):
    only = client.get("/search", params={"q": "陳", "label": "Legislator"}).json()["hits"]
    assert only and all(h["label"] == "Legislator" for h in only)
    assert client.get("/search", params={"q": "陳", "label": "Question"}).status_code == 422
    assert client.get("/search", params={"q": ""}).status_code == 422
    assert client.get("/search", params={"q": "zzzz不存在的名字"}).json()["hits"] == []


def test_entity_with_its_sources(client):
    body = client.get("/entities/scheme:gsps").json()
    assert body["name"] == "傑出創科學人計劃" and body["labels"] == ["Scheme"]
    assert body["relationship_counts"]["FUNDS:in"] >= 3
    funds = [s for s in body["sources"] if s["type"] == "FUNDS" and s["reply_no"] == "ITIB001"]
    assert any("20億元" in s["quote"] for s in funds)
    assert all(s["source_id"] and s["char_end"] > s["char_start"] for s in body["sources"])
    hkic = client.get("/entities/company:hkic").json()
    assert "港投公司" in hkic["aliases"]


def test_entity_not_found(client):
    assert client.get("/entities/scheme:nothing-like-this").status_code == 404
    missing = client.get("/entities/nonsense")
    assert missing.status_code == 404 and "ids look like" in missing.json()["detail"]


def test_neighbours_one_step(client):
    body = client.get("/entities/dept:itc/neighbours", params={"type": "ADMINISTERS"}).json()
    assert body["relationships"] and all(r["type"] == "ADMINISTERS" for r in body["relationships"])
    assert all(r["start"] == "dept:itc" for r in body["relationships"])
    node_ids = {n["id"] for n in body["nodes"]}
    assert "dept:itc" in node_ids and all(r["end"] in node_ids for r in body["relationships"])


def test_neighbours_two_steps(client):
    body = client.get("/entities/legislator:陳振英/neighbours", params={"depth": 2, "limit": 500}).json()
    node_ids = {n["id"] for n in body["nodes"]}
    assert {"question:2025-26:ITIB001", "question:2025-26:ITIB002", "scheme:gsps", "bureau:itib"} <= node_ids
    assert all(r["start"] in node_ids and r["end"] in node_ids for r in body["relationships"])


def test_neighbours_errors(client):
    assert client.get("/entities/dept:itc/neighbours", params={"type": "LIKES"}).status_code == 422
    assert client.get("/entities/dept:itc/neighbours", params={"depth": 3}).status_code == 422
    assert client.get("/entities/dept:nowhere/neighbours").status_code == 404


def test_shortest_path_with_provenance(client):
    body = client.get("/paths", params={"from": "legislator:陳振英", "to": "inst:ugc"}).json()
    assert body["paths"]
    path = body["paths"][0]
    assert [n["id"] for n in path["nodes"]] == ["legislator:陳振英", "question:2025-26:ITIB001", "inst:ugc"]
    mention = path["relationships"][1]
    assert mention["type"] == "MENTIONS" and "大學教育資助委員會" in mention["properties"]["quote"]


def test_paths_errors(client):
    assert client.get("/paths", params={"from": "legislator:陳振英", "to": "inst:nowhere"}).status_code == 404
    too_far = {"from": "legislator:陳振英", "to": "inst:ugc", "max_hops": 7}
    assert client.get("/paths", params=too_far).status_code == 422
    none = client.get("/paths", params={"from": "legislator:陳振英", "to": "inst:ugc", "max_hops": 1}).json()
    assert none["paths"] == []


def test_funding_with_sources_and_totals_per_type(client):
    body = client.get("/funding", params={"entity": "scheme:techconnect", "limit": 1000}).json()
    facts = body["facts"]
    itib002 = [f for f in facts if f["reply_no"] == "ITIB002" and f["recipient_id"] == "scheme:techconnect"]
    # the sentence's 9,414萬 and the table of programme (2)'s items: 「科技統籌(整體撥款) 119.7 86.0」 (百萬元)
    assert sorted((f["amount_hkd"], f["amount_type"], f["fiscal_year"]) for f in itib002) == [
        (86_000_000, "revised_estimate", "2024-25"), (94_140_000, "estimate", "2025-26"),
        (119_700_000, "estimate", "2024-25")]
    assert any(f["recipient_id"] == "dept:hkpf" and f["amount_hkd"] == 7_500_000 for f in facts)
    sums = defaultdict(int)
    for f in facts:
        direction = "out" if f["funder_id"] == "scheme:techconnect" else "in"
        sums[(f["amount_type"], f["currency"], direction)] += f["amount"]
    assert {(t["amount_type"], t["currency"], t["direction"]): t["total"] for t in body["totals"]} == dict(sums)
    assert body["total_facts"] == len(facts)


def test_funding_filters(client):
    estimates = client.get("/funding", params={"amount_type": "estimate", "fiscal_year": "2025-26"}).json()
    assert estimates["facts"] and all(
        f["amount_type"] == "estimate" and f["fiscal_year"] == "2025-26" for f in estimates["facts"]
    )
    assert all(t["amount_type"] == "estimate" for t in estimates["totals"])
    assert client.get("/funding", params={"amount_type": "gift"}).status_code == 422
    assert client.get("/funding", params={"entity": "scheme:nothing"}).status_code == 404


def test_entity_lists(client):
    stats = client.get("/stats").json()["nodes"]
    for path, label in (("/schemes", "Scheme"), ("/institutions", "Institution"), ("/companies", "Company"),
                        ("/departments", "Department"), ("/bureaus", "Bureau")):
        body = client.get(path, params={"limit": 500}).json()
        assert body["total"] == stats[label] == len(body["items"]), path
        mentions = [i["mentions"] for i in body["items"]]
        assert mentions == sorted(mentions, reverse=True)
    itf = next(i for i in client.get("/schemes", params={"limit": 500}).json()["items"] if i["id"] == "scheme:itf")
    assert itf["name"] == "創新及科技基金" and "創科基金" in itf["aliases"] and itf["mentions"] > 10
    funds = client.get("/schemes", params={"kind": "fund", "limit": 500}).json()
    assert funds["items"] and all(i["kind"] == "fund" for i in funds["items"])
