"""innograph.client over real HTTP: the session's API over the built corpus (`api_url`), typed answers and typed
errors carrying the API's one-line message."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from api.models import CypherResult, EntityDetail, Page, PathResults, QuestionSummary, SearchResults
from innograph.client import ApiError, Client
from tests.test_mcp import RUNAWAY


@pytest.fixture(scope="module")
def api(api_url: str) -> Iterator[Client]:
    with Client(api_url) as client:
        yield client


def test_answers_are_the_apis_models(api: Client) -> None:
    found = api.search("科技券", labels=["Scheme"], limit=3)
    assert isinstance(found, SearchResults) and found.hits[0].id == "scheme:tvp"
    tvp = api.entity("scheme:tvp", sources=3)
    assert isinstance(tvp, EntityDetail) and tvp.name_en == "Technology Voucher Programme"
    assert len(tvp.sources) == 3 and all(s.quote and s.source_id for s in tvp.sources)
    asked = api.questions(legislator="陳振英")
    assert isinstance(asked, Page) and all(isinstance(q, QuestionSummary) for q in asked.items)
    assert [q.reply_no for q in asked.items] == ["ITIB001", "ITIB002"]
    assert api.question("ITIB001").asker == "陳振英" and api.legislator("陳振英").question_count == 2
    assert api.health().status == "ok" and api.stats().nodes["Question"] == 251
    assert {label.name for label in api.model().labels} >= {"Scheme", "Question", "Figure"}


def test_graph_money_and_passages(api: Client) -> None:
    paths = api.paths("legislator:陳振英", "inst:ugc", max_hops=4, limit=1)
    assert isinstance(paths, PathResults) and paths.from_id == "legislator:陳振英" and paths.paths
    around = api.neighbours("dept:itc", type="FUNDS", limit=3)
    assert len(around.relationships) == 3 and all(r.type == "FUNDS" for r in around.relationships)
    funding = api.funding(entity="scheme:techconnect", limit=5)
    assert funding.facts and all(f.quote and f.amount_type for f in funding.facts)
    change = [f for f in api.figures("dept:itc", amount_type="change").figures if f.amount == 37_380_000]
    assert [f.reply_nos for f in change] == [["ITIB111"]]
    passages = api.passages("科技券", part="answer", limit=2)
    assert len(passages.hits) == 2 and all("科技券" in hit.text for hit in passages.hits)


def test_queries_and_cypher(api: Client) -> None:
    info = {q.name: q for q in api.queries()}["who_asked_about"]
    result = api.run_query("who_asked_about", **info.example)
    assert result.columns == info.returns and result.rows
    counted = api.cypher("MATCH (q:Question) RETURN count(q) AS n")
    assert isinstance(counted, CypherResult) and counted.rows == [[251]] and counted.truncated is False
    capped = api.cypher("MATCH (q:Question) RETURN q.reply_no", row_limit=5)
    assert len(capped.rows) == 5 and capped.truncated is True


def test_errors_carry_the_status_and_the_apis_one_line(api: Client) -> None:
    with pytest.raises(ApiError) as missing:
        api.entity("scheme:nowhere")
    assert (missing.value.status, missing.value.detail) == (404, "no node scheme:nowhere")
    with pytest.raises(ApiError) as refused:
        api.cypher("CREATE (n:Hack) RETURN n")
    assert refused.value.status == 400 and refused.value.detail.startswith("refused: CREATE")
    with pytest.raises(ApiError) as stopped:
        api.cypher(RUNAWAY, timeout=1)
    assert stopped.value.status == 400 and "longer than 1 s" in stopped.value.detail
    with pytest.raises(ApiError) as bad:
        api.run_query("who_asked_about", entity_id=5)
    assert bad.value.status == 422 and "entity_id" in bad.value.detail
    with pytest.raises(ApiError) as unknown:
        api.run_query("no such query?#")  # escaped in the path, not read as a query string or a fragment
    assert unknown.value.status == 404 and "no cookbook query 'no such query?#'" in unknown.value.detail


def test_an_api_that_is_not_there_is_an_api_error() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # free, and nothing listens on it once closed
    with Client(f"http://127.0.0.1:{port}", timeout=5) as nowhere, pytest.raises(ApiError) as error:
        nowhere.stats()
    assert error.value.status is None and f"cannot reach the API at http://127.0.0.1:{port}" in str(error.value)
