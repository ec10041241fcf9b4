"""The API over real HTTP (uvicorn) against the bundled corpus loaded in the embedded store."""

from __future__ import annotations

import httpx


def test_health(client):
    body = client.get("/health").json()
    assert body["status"] == "ok" and "Neo4j" in body["store"] and body["database"] == "neo4j"


def test_health_says_which_build_made_the_graph(client, corpus_store):
    from loaders.version import LOADER_VERSION

    build = client.get("/health").json()["build"]
    [stored] = corpus_store.read("MATCH (b:Build) RETURN b.started AS started, b.corpus_digest AS digest")
    assert build["loader_version"] == LOADER_VERSION and build["documents"] == 5
    assert (build["started"], build["corpus_digest"]) == (stored["started"], stored["digest"])
    assert "Question=251" in build["node_counts"]


def test_stats(client):
    body = client.get("/stats").json()
    assert body["nodes"]["Question"] == 251 and body["nodes"]["Legislator"] == 64
    assert body["relationships"]["ASKED"] == 251
    assert body["total_nodes"] == sum(body["nodes"].values())


def test_questions_by_legislator(client):
    body = client.get("/questions", params={"legislator": "陳振英"}).json()
    assert [q["reply_no"] for q in body["items"]] == ["ITIB001", "ITIB002"]
    assert body["total"] == 2
    spaced = client.get("/questions", params={"legislator": "陳 振 英 議員"}).json()
    assert spaced["total"] == 2


def test_questions_filters_and_paging(client):
    by_head = client.get("/questions", params={"head": "47", "limit": 10}).json()
    assert by_head["total"] == 106 and len(by_head["items"]) == 10
    assert by_head["items"][0]["reply_no"] == "ITIB146"
    page2 = client.get("/questions", params={"head": "47", "limit": 10, "offset": 10}).json()
    assert page2["items"][0]["reply_no"] == "ITIB156"
    programme = client.get("/questions", params={"head": "155", "programme": "6"}).json()
    # ITIB104, ITIB105 … list (6) 資助金 alone in the index table; ITIB127 lists it sixth of six.
    assert {"ITIB104", "ITIB105", "ITIB127"} <= {q["reply_no"] for q in programme["items"]}
    assert all(any(p.startswith("(6) ") for p in q["programmes"]) for q in programme["items"])
    by_name = client.get("/questions", params={"programme": "數據治理"}).json()
    assert by_name["total"] > 40
    text = client.get("/questions", params={"q": "傑出創科學人計劃"}).json()
    assert "ITIB001" in [q["reply_no"] for q in text["items"]]
    assert client.get("/questions", params={"q": "沒有這樣的句子xyz"}).json()["total"] == 0


def test_question_detail(client):
    body = client.get("/questions/ITIB001").json()
    assert body["question_no"] == "3130" and body["asker"] == "陳振英" and body["head_no"] == "135"
    assert body["legislator_id"] == "legislator:陳振英"
    assert body["programmes"] == [
        {"id": "programme:2025-26:135:2", "label": "(2) 創新科技及工業", "number": "2", "name": "創新科技及工業"}
    ]
    assert body["addressed_to"]["id"] == "bureau:itib" and body["addressed_to"]["label"] == "Bureau"
    assert body["source"]["id"].startswith("doc:")
    assert body["answer_text"].startswith("就問題各部分的綜合答覆如下")
    assert len(client.get("/questions/itib091").json()["programmes"]) == 3


def test_question_errors(client):
    missing = client.get("/questions/ITIB999")
    assert missing.status_code == 404 and missing.json()["detail"] == "no question ITIB999"
    assert client.get("/questions/ITIB001", params={"fiscal_year": "2019-20"}).status_code == 404
    assert client.get("/questions/not-a-number").status_code == 422
    assert client.get("/questions", params={"head": "abc"}).status_code == 422
    assert client.get("/questions", params={"limit": 0}).status_code == 422
    assert client.get("/questions", params={"fiscal_year": "2025"}).status_code == 422


def test_legislators(client):
    body = client.get("/legislators").json()
    assert body["total"] == 64
    top = body["items"][0]
    assert top["question_count"] >= body["items"][1]["question_count"]
    assert sum(i["question_count"] for i in body["items"]) == 251


def test_legislator_detail(client):
    body = client.get("/legislators/legislator:陳振英").json()
    assert body["name"] == "陳振英" and body["question_count"] == 2
    assert [q["reply_no"] for q in body["questions"]] == ["ITIB001", "ITIB002"]
    assert body["questions"][0]["legco_ref"] == "18"
    assert body["questions_by_head"] == {"135": 2}
    by_name = client.get("/legislators/葛珮帆").json()
    assert (
        by_name["id"] == "legislator:葛珮帆" and sum(by_name["questions_by_head"].values()) == by_name["question_count"]
    )
    missing = client.get("/legislators/legislator:無名氏")
    assert missing.status_code == 404 and "無名氏" in missing.json()["detail"]
    # found by the OpenAPI fuzzing: a name of only "spaces" (U+001D counts as one for str.split) was a 500
    for blank in ("%1D", "%20%E8%AD%B0%E5%93%A1", "%E3%80%80"):
        assert client.get(f"/legislators/{blank}").status_code == 404, blank


def test_openapi_documents_every_route(client):
    spec = client.get("/openapi.json").json()
    for path in (
        "/health",
        "/stats",
        "/questions",
        "/questions/{reply_no}",
        "/legislators",
        "/legislators/{legislator_id}",
    ):
        assert path in spec["paths"], path
    assert client.get("/docs").status_code == 200


def test_api_key_when_configured(corpus_store):
    """With INNOGRAPH_API_KEY set, every data endpoint wants the key (served for real by uvicorn)."""
    import socket
    import threading
    import time

    import uvicorn

    from api.app import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(corpus_store, api_key="s3cret-key"), port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        base = f"http://127.0.0.1:{port}"
        assert httpx.get(f"{base}/health").status_code == 401
        assert httpx.get(f"{base}/health", headers={"X-API-Key": "wrong"}).status_code == 401
        assert httpx.get(f"{base}/health", headers={"X-API-Key": "s3cret-key"}).status_code == 200
        assert httpx.get(f"{base}/stats", headers={"Authorization": "Bearer s3cret-key"}).status_code == 200
        assert httpx.get(f"{base}/stats").json()["detail"].startswith("missing or wrong API key")
        # the schema holds no data, and /docs needs it before the reader can "Authorize" (tests/test_api_limits.py)
        assert httpx.get(f"{base}/openapi.json").status_code == 200
    finally:
        server.should_exit = True
        thread.join(timeout=10)
