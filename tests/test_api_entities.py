"""Search, entities, neighbourhoods, paths, funding and entity lists over HTTP against the loaded corpus."""

from __future__ import annotations

from collections import defaultdict

from graph.model import MODEL
from graph.search import MATCH_KINDS


def ids(hits):
    return [h["id"] for h in hits]


def test_search_ranks_exact_then_prefix_then_contains(client):
    exact = client.get("/search", params={"q": "港投公司"}).json()["hits"]
    assert exact[0] == {**exact[0], "id": "company:hkic", "match": "exact", "matched": "港投公司"}
    prefix = client.get("/search", params={"q": "港投"}).json()["hits"]
    assert prefix[0]["id"] == "company:hkic" and prefix[0]["match"] == "prefix"
    assert [h["match"] for h in prefix] == sorted((h["match"] for h in prefix), key=MATCH_KINDS.index)
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
    # ITIB001: 「計劃預計涉及20億元，截至今年2月底，已承擔的金額約約17億元。」 — two flows from the bureau; the cap
    # per scholar (「上限為每名獲選學者每年100萬元」) is a figure about the scheme.
    assert body["relationship_counts"]["FUNDS:in"] >= 2 and body["money"]["flows_in"] >= 2
    assert body["money"]["figures"] >= 1
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


def test_neighbourhoods_leave_out_texts_and_provenance_which_one_relationship_gives(client):
    """A neighbourhood ships what the graph view draws; the quotes, replies, sources and reply texts (the model's
    `detail: true` properties) come from GET /relationships/{id} and GET /entities/{id}, one at a time."""
    body = client.get("/entities/scheme:gsps/neighbours", params={"depth": 2, "limit": 300}).json()
    shipped = {key for item in body["nodes"] + body["relationships"] for key in item["properties"]}
    assert shipped and not shipped & MODEL.detail_properties
    assert any(n["labels"] == ["Question"] for n in body["nodes"])  # whose texts stay at GET /entities/{id}
    funds = next(r for r in body["relationships"] if r["type"] == "FUNDS" and r["properties"].get("amount"))
    one = client.get(f"/relationships/{funds['id']}").json()
    (rel,) = one["relationships"]
    assert {k: rel[k] for k in ("id", "type", "start", "end")} == {k: funds[k] for k in ("id", "type", "start", "end")}
    assert rel["properties"]["quote"] and rel["properties"]["reply_nos"] and rel["properties"]["source_ids"]
    assert {k: v for k, v in rel["properties"].items() if k not in MODEL.detail_properties} == funds["properties"]
    assert sorted(n["id"] for n in one["nodes"]) == sorted({funds["start"], funds["end"]})
    question = client.get("/entities/question:2025-26:ITIB001").json()
    assert question["properties"]["question_text"]


def test_an_unknown_relationship_is_a_404_with_one_line(client):
    for rel_id in ("FUNDS:bureau:itib->scheme:none-such", "FUNDS:nothing", "LIKES:a->b", "FUNDS:nonsense->x"):
        response = client.get(f"/relationships/{rel_id}")
        assert response.status_code == 404 and rel_id in response.json()["detail"], rel_id


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
    # ITIB002: 「2025-26年度的「科技統籌(整體撥款)」計劃(計劃)預算為9,414萬元」 and its annex's 香港警務處 7.5 (百萬元)
    itib002 = [f for f in facts if f["reply_no"] == "ITIB002" and f["recipient_id"] == "scheme:techconnect"
               and f["fiscal_year"] == "2025-26"]
    assert [(f["amount_hkd"], f["amount_type"], f["amount_text"]) for f in itib002] == [
        (94_140_000, "estimate", "9,414萬元")
    ]
    assert "預算為9,414萬元" in itib002[0]["quote"] and itib002[0]["char_end"] > itib002[0]["char_start"]
    assert any(f["recipient_id"] == "dept:hkpf" and f["amount_hkd"] == 7_500_000 for f in facts)
    sums = defaultdict(int)
    for f in facts:
        if f["amount"] is not None:  # ITIB152's departments named without their amounts are listed, never summed
            direction = "out" if f["funder_id"] == "scheme:techconnect" else "in"
            sums[(f["amount_type"], f["currency"], f["per"], f["bound"], direction)] += f["amount"]
    assert {(t["amount_type"], t["currency"], t["per"], t["bound"], t["direction"]): t["total"]
            for t in body["totals"]} == dict(sums)
    assert body["total_facts"] == len(facts) > sum(t["facts"] for t in body["totals"])
    # ITIB243's 「撥款額每年平均約8,300萬元」 is a figure about the scheme, not a flow: not here, but under its figures
    assert all(f["id"].startswith("FUNDS:") for f in facts) and 83_000_000 not in {f["amount"] for f in facts}


def test_funding_filters(client):
    estimates = client.get("/funding", params={"amount_type": "estimate", "fiscal_year": "2025-26"}).json()
    assert estimates["facts"] and all(
        f["amount_type"] == "estimate" and f["fiscal_year"] == "2025-26" for f in estimates["facts"]
    )
    assert all(t["amount_type"] == "estimate" for t in estimates["totals"])
    assert client.get("/funding", params={"amount_type": "gift"}).status_code == 422
    assert client.get("/funding", params={"entity": "scheme:nothing"}).status_code == 404


def test_figures_about_an_entity_by_year_and_type_with_their_quotes(client):
    # ITIB111: 「(ii) 非經營帳目預算較上年度的修訂預算增加約3,738萬元。」, a change of the department's budget.
    body = client.get("/entities/dept:itc/figures").json()
    figures = body["figures"]
    assert body["entity"] == "dept:itc" and body["total"] == len(figures) >= 1
    (change,) = [f for f in figures if f["amount"] == 37_380_000]
    got = (change["amount"], change["amount_type"], change["fiscal_year"], change["reply_nos"], change["currency"])
    assert got == (37_380_000, "change", "2025-26", ["ITIB111"], "HKD")
    assert "增加約3,738萬元" in change["quote"] and change["char_end"] > change["char_start"]
    assert all(f["id"].startswith("figure:dept:itc:") and f["subject_id"] == "dept:itc" for f in figures)
    assert all(f["subject_label"] == "Department" and f["quote"] for f in figures)
    years = [f["fiscal_year"] or "" for f in figures]
    assert years == sorted(years, reverse=True)  # newest first, figures that state no year last
    # a figure about ITC is never one of the flows it gives or receives
    flows = client.get("/funding", params={"entity": "dept:itc", "limit": 1000}).json()["facts"]
    assert not {f["id"] for f in figures} & {f["id"] for f in flows}
    # the same figures, in the same order, as the cookbook's figures_about
    rows = client.post("/queries/figures_about", json={"entity_id": "dept:itc"}).json()["rows"]
    assert [row[-1] for row in rows] == [f["id"] for f in figures]


def test_figures_filters_paging_and_errors(client):
    # ITIB243: 「支持新科技項目的撥款額每年平均約8,300萬元」 — TechConnect's yearly average, stated without a year.
    (average,) = client.get("/entities/scheme:techconnect/figures", params={"amount_type": "average"}).json()["figures"]
    assert (average["amount"], average["per"], average["approx"], average["fiscal_year"], average["document_year"]) == (
        83_000_000, "year", True, None, "2025-26")
    assert client.get("/entities/scheme:techconnect/figures", params={"fiscal_year": "2025-26"}).json()["total"] == 0
    estimates = client.get("/entities/dept:dpo/figures", params={"amount_type": "estimate"}).json()
    assert estimates["figures"] and {f["amount_type"] for f in estimates["figures"]} == {"estimate"}
    every = client.get("/entities/dept:dpo/figures").json()
    page = client.get("/entities/dept:dpo/figures", params={"limit": 2, "offset": 1}).json()
    assert [f["id"] for f in page["figures"]] == [f["id"] for f in every["figures"][1:3]]
    assert page["total"] == every["total"] > 3
    assert client.get("/entities/dept:nowhere/figures").status_code == 404
    assert client.get("/entities/dept:itc/figures", params={"amount_type": "gift"}).status_code == 422
    assert client.get("/entities/dept:itc/figures", params={"fiscal_year": "2025"}).status_code == 422
    assert client.get("/entities/legislator:陳振英/figures").json()["figures"] == []  # nothing is about a legislator


def test_a_figure_for_a_year_and_after(client):
    # ITIB074's cash flow of the 生命健康研發院 scheme: 「2028-29及以後 2,100」 (百萬元) is for 2028-29 and the years
    # after: no one fiscal year, and it sorts as 2028-29, before the years it follows.
    figures = client.get("/entities/scheme:lhri_scheme/figures").json()["figures"]
    first = figures[0]
    assert (first["fiscal_year"], first["fiscal_year_onward"], first["amount"], first["table_row"]) == (
        None, "2028-29", 2_100_000_000, "2028-29及以後")
    assert [f["fiscal_year"] for f in figures[1:4]] == ["2027-28", "2026-27", "2025-26"]


def test_an_entity_says_its_flows_apart_from_its_figures(client):
    # TechConnect: the bureau's money into it (ITIB002, ITIB059), the departments' projects out of it (ITIB002's
    # annex, ITIB152's list), and one figure about it (ITIB243's yearly average).
    body = client.get("/entities/scheme:techconnect").json()
    funding = client.get("/funding", params={"entity": "scheme:techconnect", "limit": 1000}).json()
    flows_in = [f for f in funding["facts"] if f["recipient_id"] == "scheme:techconnect"]
    flows_out = [f for f in funding["facts"] if f["funder_id"] == "scheme:techconnect"]
    assert body["money"] == {"flows_in": len(flows_in), "flows_out": len(flows_out), "figures": 1}
    assert body["relationship_counts"]["ABOUT:in"] == 1 and len(flows_out) >= 7 and len(flows_in) >= 1
    assert funding["total_facts"] == len(flows_in) + len(flows_out)
    listed = next(i for i in client.get("/schemes", params={"limit": 500}).json()["items"]
                  if i["id"] == "scheme:techconnect")
    assert (listed["funding_in"], listed["funding_out"], listed["figures"]) == (len(flows_in), len(flows_out), 1)
    # ITIB152: 「獲支持撥款的部門/辦公室包括漁農自然護理署、…運輸署及水務署。」 — flows without an amount
    named = [f for f in flows_out if f["amount"] is None]
    assert named and all(f["reply_nos"] == ["ITIB152"] and f["amount_text"] is None for f in named)
    assert "漁農自然護理署" in named[0]["quote"]


def test_a_figure_node_shows_its_value_and_subject(client):
    (average,) = client.get("/entities/scheme:techconnect/figures").json()["figures"]
    node = client.get(f"/entities/{average['id']}").json()
    assert node["labels"] == ["Figure"] and node["properties"]["amount_text"] == "8,300萬元"
    assert node["properties"]["amount_type"] == "average" and "每年平均約8,300萬元" in node["properties"]["quote"]
    assert node["money"] == {"flows_in": 0, "flows_out": 0, "figures": 0}
    around = client.get(f"/entities/{average['id']}/neighbours").json()
    assert [(r["type"], r["start"], r["end"]) for r in around["relationships"]] == [
        ("ABOUT", average["id"], "scheme:techconnect")]


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
