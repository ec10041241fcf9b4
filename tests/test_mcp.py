"""The MCP server end to end: `python -m innograph mcp` over stdio, driven by the MCP SDK's own client, against the
session's built corpus (`corpus_home`: the server process finds its embedded server running and uses it).

One server process and one client session for the module, as an agent would hold them; every call is recorded, and
the transcript is printed when the module ends (`pytest -s tests/test_mcp.py` shows it). The same answers are
compared with the HTTP API's, and streamable HTTP is tried once, in this process.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import anyio
import pytest
from anyio.from_thread import BlockingPortal, start_blocking_portal
from mcp import Client, StdioServerParameters
from mcp.types import CallToolResult

from api.mcp_server import TOOLS, create_mcp_server
from api.service import GraphService
from graph.model import MODEL
from graph.store import Store
from innograph.client import Client as ApiClient
from tests.conftest import PROJECT_DIR, serving

RUNAWAY = "MATCH (a),(b),(c) WHERE a.id + b.id + c.id = 'x' RETURN count(*)"  # 1,012³ rows to look at


class AgentSession:
    """A client session on the server process, called from the tests' thread through an event loop of its own."""

    def __init__(self, portal: BlockingPortal, client: Client) -> None:
        self.portal, self.client = portal, client
        self.transcript: list[str] = []

    def call(self, tool: str, **arguments: Any) -> CallToolResult:
        started = time.perf_counter()
        result = self.portal.call(self.client.call_tool, tool, arguments)
        text = result.content[0].text if result.content else ""
        self.transcript.append(f"→ {tool}({json.dumps(arguments, ensure_ascii=False)})\n"
                               f"← {'ERROR ' if result.is_error else ''}{_short(text)}  "
                               f"[{(time.perf_counter() - started) * 1000:.0f} ms]")
        return result

    def data(self, tool: str, **arguments: Any) -> Any:
        """The structured answer of a call that must succeed."""
        result = self.call(tool, **arguments)
        assert not result.is_error, result.content[0].text
        assert json.loads(result.content[0].text) == _unwrapped(result.structured_content), "text and data differ"
        return _unwrapped(result.structured_content)

    def error(self, tool: str, **arguments: Any) -> str:
        """The message of a call that must fail."""
        result = self.call(tool, **arguments)
        assert result.is_error and result.structured_content is None, result.content
        return result.content[0].text


def _unwrapped(structured: dict[str, Any] | None) -> Any:
    return structured["result"] if structured is not None and set(structured) == {"result"} else structured


def _short(text: str, limit: int = 300) -> str:
    return text if len(text) <= limit else f"{text[:limit]}… ({len(text):,} characters)"


@pytest.fixture(scope="module")
def agent(corpus_home: Path) -> Iterator[AgentSession]:
    env = {"INNOGRAPH_HOME": str(corpus_home)}  # and no NEO4J_*: the stdio client passes only PATH, HOME and these
    server = StdioServerParameters(command=sys.executable, args=["-m", "innograph", "mcp"], env=env, cwd=PROJECT_DIR)
    started = time.perf_counter()
    with start_blocking_portal() as portal, portal.wrap_async_context_manager(Client(server)) as client:
        session = AgentSession(portal, client)
        session.transcript.append(f"connected to {client.server_info.name} {client.server_info.version} over stdio, "
                                  f"protocol {client.protocol_version}, in {time.perf_counter() - started:.1f} s")
        yield session
    print("\n--- MCP session transcript ---\n" + "\n".join(session.transcript))


@pytest.fixture(scope="module")
def api(api_url: str) -> Iterator[ApiClient]:
    with ApiClient(api_url) as client:
        yield client


def test_the_server_offers_typed_read_only_tools(agent: AgentSession) -> None:
    tools = agent.portal.call(agent.client.list_tools).tools
    agent.transcript.append(f"→ list_tools()\n← {', '.join(tool.name for tool in tools)}")
    assert [tool.name for tool in tools] == list(TOOLS)
    for tool in tools:
        assert tool.description and len(tool.description) > 60, tool.name
        assert tool.input_schema["type"] == "object" and tool.output_schema, tool.name
        assert tool.annotations.read_only_hint is True and tool.annotations.destructive_hint is False
    assert agent.client.instructions and "source_id" in agent.client.instructions


def test_the_schema_describes_every_label_relationship_and_property(agent: AgentSession) -> None:
    schema = agent.data("get_schema")
    assert {label["name"] for label in schema["labels"]} == set(MODEL.labels)
    assert {rel["name"] for rel in schema["relationships"]} == set(MODEL.relationships)
    assert all(item["description"] for part in ("labels", "relationships", "properties") for item in schema[part])
    funds = next(rel for rel in schema["relationships"] if rel["name"] == "FUNDS")
    assert "Scheme" in funds["end"] and {"amount", "amount_type", "quote", "source_id"} <= set(funds["properties"])


def test_search_then_an_entity_with_sources_to_cite(agent: AgentSession) -> None:
    hits = agent.data("search_entities", query="科技券")["hits"]
    assert hits[0]["id"] == "scheme:tvp" and hits[0]["match"] == "exact"
    assert agent.data("search_entities", query="HKSTP", labels=["Institution"])["hits"][0]["id"] == "inst:hkstp"
    tvp = agent.data("get_entity", id="scheme:tvp", sources=5)
    assert tvp["name_en"] == "Technology Voucher Programme" and 0 < len(tvp["sources"]) <= 5
    for source in tvp["sources"]:
        assert source["source_id"].startswith("doc:") and source["quote"] and source["reply_no"], source
    document = agent.data("get_entity", id=tvp["sources"][0]["source_id"], sources=0)
    assert document["labels"] == ["Document"] and document["properties"]["title"]


def test_passages_say_where_they_come_from(agent: AgentSession) -> None:
    found = agent.data("search_passages", query="科技券", part="answer", limit=3)
    assert found["total"] >= 3 and len(found["hits"]) == 3
    for hit in found["hits"]:
        assert "科技券" in hit["text"] and hit["part"] == "answer" and hit["reply_no"] and hit["document_id"]


def test_neighbourhood_and_paths(agent: AgentSession) -> None:
    around = agent.data("get_neighbourhood", id="dept:itc", relationship_type="FUNDS", limit=5)
    ids = {node["id"] for node in around["nodes"]}
    assert "dept:itc" in ids and len(around["relationships"]) == 5
    assert all(rel["type"] == "FUNDS" and {rel["start"], rel["end"]} <= ids for rel in around["relationships"])
    one = agent.data("get_relationship", id=around["relationships"][0]["id"])["relationships"][0]
    assert one["properties"]["quote"] and one["properties"]["source_id"].startswith("doc:")
    paths = agent.data("find_paths", from_id="legislator:陳振英", to_id="inst:ugc", max_hops=4, limit=2)["paths"]
    assert paths and all(p["nodes"][0]["id"] == "legislator:陳振英" and p["nodes"][-1]["id"] == "inst:ugc"
                         for p in paths)


def test_funding_and_figures_with_their_quotes(agent: AgentSession) -> None:
    funding = agent.data("get_funding", entity="scheme:techconnect", limit=5)
    assert funding["facts"] and funding["total_facts"] >= len(funding["facts"])
    assert all(fact["quote"] and fact["source_id"] and fact["amount_type"] for fact in funding["facts"])
    # ITIB111: 「(ii) 非經營帳目預算較上年度的修訂預算增加約3,738萬元。」
    figures = agent.data("get_figures", id="dept:itc", amount_type="change")["figures"]
    change = next(f for f in figures if f["amount"] == 37_380_000)
    assert change["reply_nos"] == ["ITIB111"] and "增加約3,738萬元" in change["quote"]


def test_questions_by_legislator_head_and_programme(agent: AgentSession) -> None:
    asked = agent.data("list_questions", legislator="陳振英")
    assert [q["reply_no"] for q in asked["items"]] == ["ITIB001", "ITIB002"]
    under_155 = agent.data("list_questions", head="155", limit=5)
    assert under_155["total"] > 5 and {q["head_no"] for q in under_155["items"]} == {"155"}
    assert agent.data("list_questions", programme="2", limit=1)["total"] > 0
    question = agent.data("get_question", reply_no="itib001")
    assert question["asker"] == "陳振英" and question["answer_text"] and question["source"]["id"].startswith("doc:")


def test_cookbook_queries_by_name(agent: AgentSession) -> None:
    queries = {q["name"]: q for q in agent.data("list_cookbook_queries")}
    example = queries["who_asked_about"]["example"]
    result = agent.data("run_cookbook_query", name="who_asked_about", parameters=example)
    assert result["columns"] == queries["who_asked_about"]["returns"] and result["rows"]
    assert "no cookbook query 'nothing_here'" in agent.error("run_cookbook_query", name="nothing_here")
    assert "entity_id" in agent.error("run_cookbook_query", name="who_asked_about", parameters={"entity_id": 5})


def test_answers_are_the_http_apis(agent: AgentSession, api: ApiClient) -> None:
    """One vocabulary: the tool's structured answer is the API's JSON, model for model."""
    assert agent.data("search_entities", query="港投", limit=5) == api.search("港投", limit=5).model_dump(mode="json")
    query = "MATCH (q:Question) RETURN q.head_no AS head, count(q) AS questions ORDER BY head"
    over_mcp = agent.data("run_cypher", query=query)
    assert over_mcp == api.cypher(query, row_limit=100).model_dump(mode="json")
    assert sum(row[1] for row in over_mcp["rows"]) == 251


def test_a_write_is_refused_and_changes_nothing(agent: AgentSession, corpus_store: Store) -> None:
    before = corpus_store.label_counts(), corpus_store.relationship_counts()
    assert agent.error("run_cypher", query="CREATE (n:Hack {id: 'hack:1'}) RETURN n").startswith(
        "Error executing tool run_cypher: refused: CREATE")
    assert "refused" in agent.error("run_cypher", query="MATCH (s:Scheme) SET s.name = 'x'")
    assert "refused" in agent.error("run_cypher", query="CALL db.createLabel('Hack')")
    assert (corpus_store.label_counts(), corpus_store.relationship_counts()) == before


def test_a_runaway_query_is_stopped_at_its_timeout(agent: AgentSession) -> None:
    started = time.monotonic()
    message = agent.error("run_cypher", query=RUNAWAY, timeout=1)
    assert "the query ran longer than 1 s and was stopped" in message
    assert time.monotonic() - started < 10
    assert agent.data("run_cypher", query="RETURN 1 AS one")["rows"] == [[1]]  # its slot was given back


def test_bad_arguments_and_unknown_ids_get_one_clear_message(agent: AgentSession) -> None:
    assert agent.error("get_entity", id="scheme:nowhere") == "Error executing tool get_entity: no node scheme:nowhere"
    pattern = agent.error("get_question", reply_no="not a reply")
    assert pattern.startswith("Error executing tool get_question: reply_no: String should match pattern")
    too_many = agent.error("run_cypher", query="RETURN 1", row_limit=10_001)
    assert too_many == "Error executing tool run_cypher: row_limit: Input should be less than or equal to 10000"
    assert all("\n" not in line for line in (pattern, too_many))
    assert "nothing to search for" in agent.error("search_passages", query="!!!")
    assert "Traceback" not in "\n".join(agent.transcript)


def test_streamable_http_serves_the_same_tools(corpus_store: Store) -> None:
    """In this process, over the session's store: the transport `innograph mcp --http` serves, and an older
    client's initialize handshake (mode="legacy")."""
    service = GraphService(corpus_store)
    app = create_mcp_server(service).streamable_http_app(host="127.0.0.1")

    async def session(url: str) -> tuple[list[str], CallToolResult]:
        async with Client(f"{url}/mcp", mode="legacy") as client:
            tools = (await client.list_tools()).tools
            return [tool.name for tool in tools], await client.call_tool("get_question", {"reply_no": "ITIB001"})

    try:
        with serving(app) as url:
            names, answer = anyio.run(session, url)
    finally:
        service.close()
    assert names == list(TOOLS) and not answer.is_error and answer.structured_content["asker"] == "陳振英"

