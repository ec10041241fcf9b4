"""Read-only Cypher for researchers: POST /cypher. The walls against writes are in graph/readonly.py."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, HTTPException, Request
from pydantic import BaseModel, ConfigDict, Field

from api.graph_json import TooDeep, value_json
from api.models import ErrorBody
from graph import readonly

router = APIRouter(tags=["cypher"])

EXAMPLES = {
    "who asked ITIB001": {
        "summary": "The asker, head and programme of one reply",
        "value": {"query": "MATCH (l:Legislator)-[:ASKED]->(q:Question {reply_no: $reply_no}) "
                           "RETURN l.name AS legislator, q.head_no AS head, q.programmes AS programmes",
                  "parameters": {"reply_no": "ITIB001"}},
    },
    "funding of a scheme": {
        "summary": "Funding facts into a scheme, with their quotes",
        "value": {"query": "MATCH (f)-[r:FUNDS]->(s {id: $id}) RETURN f.name AS funder, r.amount AS amount, "
                           "r.currency AS currency, r.amount_type AS amount_type, r.quote AS quote",
                  "parameters": {"id": "scheme:techconnect"}, "row_limit": 50},
    },
    "a path": {
        "summary": "Nodes and paths come back in the API's graph shape",
        "value": {"query": "MATCH p = shortestPath((a {id: $a})-[*..4]-(b {id: $b})) RETURN p",
                  "parameters": {"a": "legislator:陳振英", "b": "inst:ugc"}},
    },
}


class CypherRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    query: str = Field(min_length=1, max_length=readonly.MAX_QUERY_CHARS,
                       description="One read-only Cypher statement; use $parameters for values",
                       examples=["MATCH (s:Scheme) RETURN s.id, s.name ORDER BY s.name LIMIT 10"])
    parameters: dict[str, Any] = Field(default_factory=dict, description="Values for the query's $parameters",
                                       examples=[{"reply_no": "ITIB001"}])
    row_limit: int = Field(default=readonly.DEFAULT_ROW_LIMIT, ge=1, le=readonly.MAX_ROW_LIMIT,
                           description="At most this many rows are returned; `truncated` says if there were more")
    timeout: float = Field(default=readonly.DEFAULT_TIMEOUT_S, gt=0, le=readonly.MAX_TIMEOUT_S,
                           description="Seconds the query may run")


class CypherResult(BaseModel):
    columns: list[str] = Field(examples=[["legislator", "head", "programmes"]])
    rows: list[list[Any]] = Field(
        description="One list per row, in column order. Nodes, relationships and paths come as "
        '{"id", "labels", "properties"}, {"id", "type", "start", "end", "properties"} and {"nodes", "relationships"}.',
        examples=[[["陳振英", "135", ["(2) 創新科技及工業"]]]],
    )
    truncated: bool = Field(description="True when the query had more rows than row_limit")
    row_limit: int = Field(examples=[1000])


REFUSED = {
    400: {"model": ErrorBody, "description": "The query was refused (it may write, call a procedure not on the read "
                                             "list, or is more than one statement) or failed (syntax, types, time "
                                             "limit, values nested too deeply); the message says which and why"},
    429: {"model": ErrorBody, "description": "Too many queries are running or waiting; the Retry-After header says "
                                             "in how many seconds to try again"},
}


@router.post("/cypher", response_model=CypherResult, responses=REFUSED, summary="Run a read-only Cypher query")
def run_cypher(request: Request, body: Annotated[CypherRequest, Body(openapi_examples=EXAMPLES)]) -> dict[str, Any]:
    """Run one read-only Cypher statement with parameters.

    Writes are impossible: CREATE, MERGE, SET, DELETE, REMOVE, DROP, LOAD CSV, FOREACH, `IN TRANSACTIONS`, admin
    commands and any procedure outside db.labels / db.relationshipTypes / db.propertyKeys / db.schema.* are refused
    with 400 before the query reaches the database, whatever their case, comments or unicode spelling; and the query
    then runs as a user the database itself forbids to write (READ session on Neo4j, a read-only user on the
    embedded server). Rows are capped at `row_limit`, and the query is stopped in the database after `timeout`
    seconds. A few queries run at once; when they are all taken and the short queue is full, the answer is 429 with
    a Retry-After header.
    """
    cypher: readonly.ReadOnlyCypher = request.app.state.cypher
    try:
        result = cypher.run(body.query, body.parameters, row_limit=body.row_limit, timeout=body.timeout)
        rows = [value_json(row) for row in result.rows]
    except readonly.QueryRefused as error:
        raise HTTPException(400, f"refused: {error}") from None
    except (readonly.QueryFailed, TooDeep) as error:
        raise HTTPException(400, f"the query failed: {error}") from None
    except readonly.Busy as error:
        raise HTTPException(429, str(error), headers={"Retry-After": str(error.retry_after)}) from None
    return {"columns": result.columns, "rows": rows, "truncated": result.truncated, "row_limit": body.row_limit}
