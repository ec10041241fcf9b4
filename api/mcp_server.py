"""The graph for LLM agents: a Model Context Protocol server of typed, read-only tools (`innograph mcp`).

Neo4j's own MCP server (neo4j/mcp) needs APOC's `meta` procedures to describe a graph, which the embedded store
lacks; and a raw Cypher tool alone makes an agent guess labels and ids. These tools are the questions the HTTP API
answers, each a thin call of the same GraphService method a router calls (api/service.py), returning the same
pydantic model from api/models.py: MCP, HTTP and the Python client (innograph/client.py) share one vocabulary.

- get_schema: the labels, relationship types and properties of data/model.yaml, each with its description (GET
  /model), so an agent can write correct Cypher without APOC.
- search_entities, search_passages, get_entity, get_neighbourhood, get_relationship, find_paths, get_funding,
  get_figures, list_questions, get_question: the API's read endpoints, with its bounds (api/deps.py).
- list_cookbook_queries, run_cookbook_query: the named queries of cypher/queries (GET/POST /queries).
- run_cypher: read-only Cypher through the same two walls, row cap, time limit and slots as POST /cypher (one
  GraphService, one graph.readonly.ReadOnlyCypher).

Every fact in a result carries its provenance (source_id: the Document; reply_no; quote: the sentence; char_start/
char_end), so an agent can cite; a neighbourhood, like GET /entities/{id}/neighbours, leaves it out of its
relationships, and get_relationship gives it for one. A caller's mistake (an unknown id, a refused query, a query
over its time limit) comes back as a tool error with the API's one-line message; anything else as the SDK's generic
"Error executing tool", with the traceback in the server's log only. Defaults of `limit` are smaller than the API's
(an agent's context is the scarce resource); the maxima are the same.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Annotated, Any

from mcp.server.mcpserver import MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import CallToolResult, TextContent, ToolAnnotations
from pydantic import BaseModel, Field, ValidationError

from api.app import detail_line
from api.deps import (
    FISCAL_YEAR_PATTERN,
    HEAD_NO_PATTERN,
    MAX_FEW_LIMIT,
    MAX_LIMIT,
    MAX_OFFSET,
    MAX_PAGE_LIMIT,
    MAX_SOURCES,
    NAME_CHARS,
    NODE_ID_CHARS,
    REPLY_NO_PATTERN,
    TEXT_CHARS,
)
from api.models import (
    CypherResult,
    EntityDetail,
    FigureResults,
    FundingResults,
    GraphModel,
    Page,
    PassagePart,
    PassageResults,
    PathResults,
    QueryInfo,
    QueryResult,
    QuestionDetail,
    QuestionSummary,
    RelType,
    SearchLabel,
    SearchResults,
    Subgraph,
)
from api.service import BadQuery, GraphService, NotFound, graph_model, passage_filters
from graph import cookbook, readonly
from graph.cypher import MAX_HOPS
from graph.model import AmountType
from graph.passages import MAX_QUERY_CHARS, QueryError
from graph.resources import VERSION
from graph.store import StoreError

INSTRUCTIONS = """\
innograph is a knowledge graph of who funds, runs and questions innovation policy in Hong Kong: bureaus, \
departments, schemes, institutions, companies and legislators, read from LegCo Finance Committee replies (written \
budget questions and the government's answers) and press releases. Everything here is read-only.

Start with search_entities to turn a name (Chinese or English, any spelling) into an id such as scheme:tvp, then \
get_entity, get_neighbourhood (get_relationship for one relationship's sources), find_paths, get_funding (money \
flows: who pays whom) or get_figures (money figures \
about one thing: budgets, caps, averages; never summed). search_passages finds the sentences that say a word. \
list_questions and get_question read the questions by legislator, budget head or programme.

To cite: every fact carries source_id (a Document id: get_entity on it gives its title and publisher), reply_no \
(the reply it comes from, e.g. ITIB001; get_question gives its full text) and quote (the sentence). Quote those; \
do not invent figures. Amounts of different amount_type (estimate, actual, allocation, ...) must never be added.

For questions the tools do not cover: list_cookbook_queries and run_cookbook_query (named, tested queries), or \
run_cypher (read-only Cypher, at most 30 s). Call get_schema first: it lists every label, relationship type and \
property with its meaning. Nodes are found by their `id` property (match on {id: $id}); APOC is not available.
"""

READ_ONLY = ToolAnnotations(read_only_hint=True, destructive_hint=False, idempotent_hint=True,
                            open_world_hint=False)

# --- parameters: the API's bounds and patterns (api/deps.py), as pydantic fields ----------------------------------

NodeId = Annotated[str, Field(**NODE_ID_CHARS, description="A node id: its label's prefix and a key, such as "
                                                           "scheme:tvp, inst:hkstp, dept:itc or legislator:陳振英")]
FiscalYear = Annotated[str | None, Field(pattern=FISCAL_YEAR_PATTERN, description="Only this fiscal year (2025-26)")]
AmountTypeFilter = Annotated[AmountType | None, Field(description="Only this kind of figure (amount_type)")]
Offset = Annotated[int, Field(ge=0, le=MAX_OFFSET, description="How many items to skip (paging)")]
ReplyNo = Annotated[str, Field(pattern=REPLY_NO_PATTERN, description="A reply's number (ITIB001)")]
HeadNo = Annotated[str | None, Field(pattern=HEAD_NO_PATTERN, description="Budget head no. (135, 155, 47)")]
Timeout = Annotated[float, Field(gt=0, le=readonly.MAX_TIMEOUT_S, description="Seconds the query may run")]


def _limit(maximum: int) -> Any:
    return Field(ge=1, le=maximum, description=f"At most this many items (1 to {maximum})")


Limit = Annotated[int, _limit(MAX_LIMIT)]
PageLimit = Annotated[int, _limit(MAX_PAGE_LIMIT)]
FewLimit = Annotated[int, _limit(MAX_FEW_LIMIT)]


# --- the tools --------------------------------------------------------------------------------------------------


class GraphTools:
    """The tools, one method each: the docstring is what the agent reads, the signature its input schema, the
    return annotation its output schema."""

    def __init__(self, service: GraphService) -> None:
        self.service = service

    def get_schema(self) -> GraphModel:
        """The graph's vocabulary: every node label (with its id prefix and description), relationship type (with
        the labels it joins and what it states) and property (with its type and meaning). Read it before writing
        Cypher for run_cypher."""
        return GraphModel.model_validate(graph_model())

    def search_entities(
        self,
        query: Annotated[str, Field(min_length=1, max_length=100, description="Part of a name, Chinese or English, "
                                                                              "any width or spelling")],
        labels: Annotated[list[SearchLabel] | None, Field(description="Only these labels")] = None,
        limit: FewLimit = 10,
    ) -> SearchResults:
        """Find entities (bureaus, departments, schemes, institutions, companies) and legislators by name, alias,
        English name or acronym: exact matches first, then other spellings, prefixes, contained words, acronyms
        and near misses. Gives their ids for the other tools."""
        return SearchResults.model_validate(
            self.service.search(query, {str(label) for label in labels} if labels else None, limit))

    def search_passages(
        self,
        query: Annotated[str, Field(min_length=1, max_length=MAX_QUERY_CHARS, description='Words or phrases that '
                                    'must all appear; "quoted words" together. Chinese needs no spaces')],
        reply_no: Annotated[ReplyNo | None, Field(description="Only this reply")] = None,
        part: Annotated[PassagePart | None, Field(description="Only questions, answers or documents")] = None,
        fiscal_year: FiscalYear = None,
        limit: FewLimit = 10,
        offset: Offset = 0,
    ) -> PassageResults:
        """Full-text search over the lines of the questions, answers and press documents, best first (BM25), with
        the matched words marked, the document and reply each line comes from, and the entities it names."""
        filters = passage_filters(reply_no=reply_no, part=str(part) if part else None, fiscal_year=fiscal_year)
        return PassageResults.model_validate(self.service.passages(query, filters, limit, offset))

    def get_entity(
        self,
        id: NodeId,  # the name every result gives it
        sources: Annotated[int, Field(ge=0, le=MAX_SOURCES, description="How many source sentences to list")] = 20,
    ) -> EntityDetail:
        """One node: its properties, aliases, relationship counts by type and direction, its money (flows in and
        out, figures about it), and the sentences behind its MENTIONS, FUNDS and ADMINISTERS edges, each with
        its document (source_id), reply and quote."""
        return EntityDetail.model_validate(self.service.entity(id, sources))

    def get_neighbourhood(
        self,
        id: NodeId,
        relationship_type: Annotated[RelType | None, Field(description="Only relationships of this type")] = None,
        depth: Annotated[int, Field(ge=1, le=2, description="1: direct neighbours; 2: two steps out")] = 1,
        limit: Annotated[int, Field(ge=1, le=MAX_LIMIT, description="At most this many relationships (depth 1) or "
                                                                    "paths (depth 2)")] = 50,
    ) -> Subgraph:
        """The subgraph around a node: nodes, and relationships with their properties, start and end given as node
        ids. Long texts and provenance (quote, quotes, reply_nos, source_ids) are left out: get_relationship gives
        them for one relationship, get_entity for one node."""
        return Subgraph.model_validate(
            self.service.neighbours(id, str(relationship_type) if relationship_type else None, depth, limit))

    def get_relationship(
        self,
        id: Annotated[str, Field(min_length=3, max_length=600, description="A relationship's id, as a neighbourhood "
                                                                            "gives it: TYPE:start->end…")],
    ) -> Subgraph:
        """One relationship with every property: the sentence it comes from (quote), every source's sentence
        (quotes), its replies (reply_nos) and documents (source_ids); and its two ends."""
        return Subgraph.model_validate(self.service.relationship(id))

    def find_paths(
        self,
        from_id: NodeId,
        to_id: NodeId,
        max_hops: Annotated[int, Field(ge=1, le=MAX_HOPS, description="At most this many relationships long")] = 4,
        limit: FewLimit = 5,
    ) -> PathResults:
        """The shortest paths between two nodes, each edge with its provenance: how a legislator, a scheme and a
        body are connected."""
        return PathResults.model_validate(self.service.paths(from_id, to_id, max_hops, limit))

    def get_funding(
        self,
        entity: Annotated[str | None, Field(**NODE_ID_CHARS, description="Only flows this node gives or receives "
                                                                         "(its id)")] = None,
        fiscal_year: FiscalYear = None,
        amount_type: AmountTypeFilter = None,
        limit: Limit = 20,
        offset: Offset = 0,
    ) -> FundingResults:
        """Funding flows, payer to payee (FUNDS edges), each with its amount as written, kind (amount_type), year
        and the sentence it comes from; totals only within one kind, currency, rate and bound."""
        return FundingResults.model_validate(
            self.service.funding(entity, fiscal_year, str(amount_type) if amount_type else None, limit, offset))

    def get_figures(
        self,
        id: NodeId,
        fiscal_year: FiscalYear = None,
        amount_type: AmountTypeFilter = None,
        limit: Limit = 20,
        offset: Offset = 0,
    ) -> FigureResults:
        """Money figures about one node (a budget, a change on last year, a scheme's size, a cap or average per
        recipient), newest year first, each with its quote. Figures are never added up."""
        return FigureResults.model_validate(
            self.service.figures(id, fiscal_year, str(amount_type) if amount_type else None, limit, offset))

    def list_questions(
        self,
        legislator: Annotated[str | None, Field(**NAME_CHARS, description="A legislator's name or id")] = None,
        head: HeadNo = None,
        programme: Annotated[str | None, Field(**NAME_CHARS, description="Programme no. or part of its name")] = None,
        text: Annotated[str | None, Field(**TEXT_CHARS, description="Text in the question or answer")] = None,
        fiscal_year: FiscalYear = None,
        limit: PageLimit = 20,
        offset: Offset = 0,
    ) -> Page[QuestionSummary]:
        """Written budget questions, filtered by legislator, budget head, programme or text, with their reply
        numbers (get_question gives one in full)."""
        return Page[QuestionSummary].model_validate(self.service.questions(
            legislator=legislator, head=head, programme=programme, q=text, fiscal_year=fiscal_year, limit=limit,
            offset=offset))

    def get_question(
        self,
        reply_no: ReplyNo,
        fiscal_year: FiscalYear = None,
    ) -> QuestionDetail:
        """One question with its full text, the government's answer, the asker, budget head, programmes, the body
        that answered and the document it is printed in (to cite)."""
        return QuestionDetail.model_validate(self.service.question(reply_no, fiscal_year))

    def list_cookbook_queries(self) -> list[QueryInfo]:
        """The cookbook: named, tested read queries, each with the question it answers, its parameters and the
        columns it returns. Run one with run_cookbook_query."""
        return [QueryInfo.model_validate(query.as_dict()) for query in cookbook.queries()]

    def run_cookbook_query(
        self,
        name: Annotated[str, Field(min_length=1, max_length=100, description="The query's name "
                                                                             "(list_cookbook_queries)")],
        parameters: Annotated[dict[str, Any] | None, Field(description="Its parameters by name; those left out "
                                                                       "take their defaults")] = None,
    ) -> QueryResult:
        """Run a cookbook query by name with its parameters (list_cookbook_queries lists them, with an example).
        Rows come in column order; nodes and relationships as {id, labels, properties}."""
        return QueryResult.model_validate(self.service.run_query(name, parameters))

    def run_cypher(
        self,
        query: Annotated[str, Field(min_length=1, max_length=readonly.MAX_QUERY_CHARS,
                                    description="One read-only Cypher statement; use $parameters for values")],
        parameters: Annotated[dict[str, Any] | None, Field(description="Values for the $parameters")] = None,
        row_limit: Annotated[int, Field(ge=1, le=readonly.MAX_ROW_LIMIT, description="At most this many rows; "
                                        "`truncated` says whether there were more")] = 100,
        timeout: Timeout = readonly.DEFAULT_TIMEOUT_S,
    ) -> CypherResult:
        """Run one read-only Cypher statement (as POST /cypher). Writes, admin commands and procedures other than
        db.labels, db.relationshipTypes, db.propertyKeys and db.schema.* are refused; the query runs as a user
        the database forbids to write, and is stopped at its timeout. Nodes and relationships come back as
        {id, labels, properties} and {id, type, start, end, properties}. Read get_schema first."""
        return CypherResult.model_validate(self.service.run_cypher(query, parameters, row_limit, timeout))


TOOLS = ("get_schema", "search_entities", "search_passages", "get_entity", "get_neighbourhood", "get_relationship",
         "find_paths",
         "get_funding", "get_figures", "list_questions", "get_question", "list_cookbook_queries",
         "run_cookbook_query", "run_cypher")

# What a caller can cause, as the HTTP API says it (its 400, 404, 422, 429 and 503): the agent reads the message.
CALLER_ERRORS = (NotFound, BadQuery, QueryError, cookbook.ParameterError, readonly.Busy, StoreError)


def _answering(tool: Callable[..., BaseModel | list[BaseModel]]) -> Callable[..., CallToolResult]:
    """The tool as the SDK calls it: a caller's error as a ToolError with its one-line message, a result as
    _result. functools.wraps keeps the signature, docstring and return annotation the SDK builds the schemas from."""

    @functools.wraps(tool)
    def answer(*args: Any, **kwargs: Any) -> CallToolResult:
        try:
            return _result(tool(*args, **kwargs))
        except CALLER_ERRORS as error:
            raise ToolError(detail_line(str(error))) from None

    return answer


def _result(value: BaseModel | list[BaseModel]) -> CallToolResult:
    """The answer twice, as the protocol has it: structured (the SDK checks it against the output schema) and as
    text for clients that show the model only text. The text is compact JSON with CJK as it is: the SDK's default
    indents it, and an agent pays for every token."""
    data: Any = ([item.model_dump(mode="json", by_alias=True) for item in value] if isinstance(value, list)
                 else value.model_dump(mode="json", by_alias=True))
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    structured = {"result": data} if isinstance(value, list) else data  # the SDK's wrapping of a list output
    return CallToolResult(content=[TextContent(type="text", text=text)], structured_content=structured)


class GraphMCPServer(MCPServer):
    """The SDK's server, with its argument errors on one line, as the HTTP API's 422 says them."""

    async def call_tool(self, name: str, arguments: dict[str, Any], context: Any = None) -> Any:
        try:
            return await super().call_tool(name, arguments, context)
        except ToolError as error:
            if isinstance(error.__cause__, ValidationError):  # the arguments do not fit the tool's input schema
                raise ToolError(f"Error executing tool {name}: {_problems(error.__cause__)}") from error.__cause__
            raise


def _problems(error: ValidationError) -> str:
    """'field: what is wrong; …' without the input (it may be long) or pydantic's links."""
    parts = [f"{'.'.join(str(part) for part in problem['loc']) or 'arguments'}: {problem['msg']}"
             for problem in error.errors()]
    return detail_line("; ".join(parts))


def create_mcp_server(service: GraphService) -> MCPServer:
    """The MCP server over a service; run it with .run("stdio") or serve .streamable_http_app()."""
    server = GraphMCPServer("innograph", version=VERSION, instructions=INSTRUCTIONS, log_level="WARNING")
    tools = GraphTools(service)
    for name in TOOLS:
        server.add_tool(_answering(getattr(tools, name)), name=name, annotations=READ_ONLY)
    return server
