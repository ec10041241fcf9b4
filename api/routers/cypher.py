"""Read-only Cypher for researchers: POST /cypher. The walls against writes are in graph/readonly.py; the run and
its errors in api/service.py (the MCP tool run_cypher goes the same way)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body

from api.deps import Service
from api.models import CypherRequest, CypherResult, ErrorBody, example_query

router = APIRouter(tags=["cypher"])

EXAMPLES = {
    "who asked ITIB001": {
        "summary": "The asker, head and programme of one reply",
        "value": {"query": example_query("examples/asker_of_a_reply"), "parameters": {"reply_no": "ITIB001"}},
    },
    "funding of a scheme": {
        "summary": "Who pays a scheme: the funding flows into it, with their quotes",
        "value": {"query": example_query("examples/funding_of_a_scheme"), "parameters": {"id": "scheme:techconnect"},
                  "row_limit": 50},
    },
    "figures about an entity": {
        "summary": "Every money figure about one entity, by fiscal year and type, with its quote",
        "value": {"query": example_query("examples/figures_about_an_entity"), "parameters": {"id": "inst:astri"}},
    },
    "a path": {
        "summary": "Nodes and paths come back in the API's graph shape",
        "value": {"query": example_query("examples/a_path"), "parameters": {"a": "legislator:陳振英", "b": "inst:ugc"}},
    },
}


REFUSED = {
    400: {"model": ErrorBody, "description": "The query was refused (it may write, call a procedure not on the read "
                                             "list, or is more than one statement) or failed (syntax, types, time "
                                             "limit, values nested too deeply); the message says which and why"},
    429: {"model": ErrorBody, "description": "Too many queries are running or waiting; the Retry-After header says "
                                             "in how many seconds to try again"},
}


@router.post("/cypher", response_model=CypherResult, responses=REFUSED, summary="Run a read-only Cypher query")
def run_cypher(service: Service, body: Annotated[CypherRequest, Body(openapi_examples=EXAMPLES)]) -> dict[str, Any]:
    """Run one read-only Cypher statement with parameters.

    Writes are impossible: CREATE, MERGE, SET, DELETE, REMOVE, DROP, LOAD CSV, FOREACH, `IN TRANSACTIONS`, admin
    commands and any procedure outside db.labels / db.relationshipTypes / db.propertyKeys / db.schema.* are refused
    with 400 before the query reaches the database, whatever their case, comments or unicode spelling; and the query
    then runs as a user the database itself forbids to write (READ session on Neo4j, a read-only user on the
    embedded server). Rows are capped at `row_limit`, and the query is stopped in the database after `timeout`
    seconds. A few queries run at once; when they are all taken and the short queue is full, the answer is 429 with
    a Retry-After header.
    """
    return service.run_cypher(body.query, body.parameters, body.row_limit, body.timeout)
