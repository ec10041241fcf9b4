"""What the routers share: the app's service and store, and the request parameters, each typed and validated once.

A parameter's rules (pattern, bounds, description, example) live here, so `fiscal_year` means the same thing, and
is checked the same way, on every endpoint that takes it; the label choices come from the model (api/models.py).
Each list endpoint keeps its own default `limit`; the bound is one of the three below, by what a row costs. The
bounds and patterns are constants, which the MCP tools (api/mcp_server.py) take too.
"""

from __future__ import annotations

from typing import Annotated, Any

import orjson
from fastapi import Depends, Path, Query, Request
from fastapi.responses import Response

from api.service import GraphService
from graph.model import AmountType
from graph.store import Store

# Seconds a client should wait after a 503 of the store: the supervisor restarts a dead embedded server within a few.
STORE_RETRY_AFTER_S = 5


def get_service(request: Request) -> GraphService:
    return request.app.state.service


def get_store(request: Request) -> Store:
    return request.app.state.store


def graph_response(content: dict[str, Any]) -> Response:
    """JSON of an answer already in the documented graph shape (api/graph_json.py builds it from the driver's
    values), written by orjson: FastAPI would validate the whole subgraph against the response model again
    first (2-5 ms for a hub's neighbourhood, benchmarks/README.md). The model still documents it."""
    return Response(orjson.dumps(content), media_type="application/json")


Service = Annotated[GraphService, Depends(get_service)]
StoreDep = Annotated[Store, Depends(get_store)]

# --- paging ---------------------------------------------------------------------------------------------------------

MAX_OFFSET = 1_000_000
MAX_LIMIT = 1000  # rows of a query: relationships, funding facts, ranked nodes, pairs
MAX_PAGE_LIMIT = 500  # items of a list page, each with counts computed for it (entities, questions, legislators)
MAX_FEW_LIMIT = 100  # search hits and shortest paths: each is costly to find, and nobody reads more than a hundred
MAX_SOURCES = 1000  # the sentences listed with one entity

Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="How many items to skip")]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"At most this many items (1 to {MAX_LIMIT})")]
PageLimit = Annotated[int, Query(ge=1, le=MAX_PAGE_LIMIT,
                                 description=f"At most this many items (1 to {MAX_PAGE_LIMIT})")]
FewLimit = Annotated[int, Query(ge=1, le=MAX_FEW_LIMIT, description=f"At most this many items (1 to {MAX_FEW_LIMIT})")]

# --- the graph's ids and keys ---------------------------------------------------------------------------------------

# The model's fiscal_year type (graph/model.py): "2025-26".
FISCAL_YEAR_PATTERN = r"^\d{4}-\d{2}$"
# A reply's number as printed: ITIB001, or with a suffix in brackets, such as CSB(IT)012.
REPLY_NO_PATTERN = r"^[A-Za-z]{2,8}(\([A-Za-z]{1,8}\))?\d{3}$"
HEAD_NO_PATTERN = r"^\d{1,3}$"  # a budget head: 135, 155, 47
NODE_ID_CHARS = {"min_length": 3, "max_length": 200}
NAME_CHARS = {"min_length": 1, "max_length": 100}  # a legislator's name or id, a programme's number or name
TEXT_CHARS = {"min_length": 1, "max_length": 200}  # words to find in a question or its answer

FiscalYear = Annotated[str | None, Query(pattern=FISCAL_YEAR_PATTERN, description="Only this fiscal year",
                                         examples=["2025-26"])]
# The model's amount types (data/model.yaml): the kinds of money figure, never added across.
AmountTypeFilter = Annotated[AmountType | None, Query(description="Only this kind of figure (amount_type)",
                                                      examples=["estimate"])]
ReplyNo = Annotated[str, Path(pattern=REPLY_NO_PATTERN, description="The reply's number", examples=["ITIB001"])]
NodeId = Annotated[str, Path(**NODE_ID_CHARS, description="A node id: its label's prefix and a key",
                             examples=["scheme:gsps"])]
RelationshipId = Annotated[str, Path(min_length=3, max_length=600, description="A relationship id: TYPE:start->end, "
                                    "and a digest when two facts join the same nodes",
                                    examples=["ADMINISTERS:dept:itc->scheme:itf"])]
EntityFilter = Annotated[str | None, Query(**NODE_ID_CHARS, examples=["scheme:techconnect"],
                                           description="Only facts this node gives or receives (its id)")]
PathFrom = Annotated[str, Query(alias="from", **NODE_ID_CHARS, description="The id of the node the paths start at",
                                examples=["legislator:陳振英"])]
PathTo = Annotated[str, Query(alias="to", **NODE_ID_CHARS, description="The id of the node the paths end at",
                              examples=["inst:ugc"])]
# Names are written without spaces or title; '陳 振 英 議員' and 'legislator:陳振英' are read as 陳振英.
LegislatorRef = Annotated[str, Path(**NAME_CHARS, description="The node id, or just the name",
                                    examples=["legislator:陳振英"])]
LegislatorFilter = Annotated[str | None, Query(**NAME_CHARS, description="A legislator's name or id",
                                               examples=["陳振英"])]
