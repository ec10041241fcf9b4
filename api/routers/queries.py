"""The Cypher cookbook over HTTP: list the named queries, describe one, run one with JSON parameters."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, HTTPException, Path, Request
from pydantic import BaseModel, Field

from api.graph_json import value_json
from api.models import ErrorBody
from graph import cookbook
from graph.store import Store

router = APIRouter(tags=["queries"])

NOT_FOUND = {404: {"model": ErrorBody, "description": "No cookbook query of that name"}}
BAD_PARAMS = {422: {"model": ErrorBody, "description": "A parameter is unknown, missing, of the wrong type or out of "
                                                       "range; the message names it"}}
QueryName = Annotated[str, Path(max_length=100, examples=["who_asked_about"],
                                description="The name of a cookbook query (its file name in cypher/queries)")]


class QueryParameter(BaseModel):
    name: str = Field(examples=["entity_id"])
    type: str = Field(description="string, integer, number, boolean or list<string>", examples=["string"])
    required: bool = Field(examples=[True])
    default: Any = Field(default=None, description="Used when the parameter is left out", examples=[None])
    description: str = Field(examples=['an entity id such as "scheme:gsps" or "inst:hkstp"'])
    minimum: float | None = Field(default=None, examples=[1])
    maximum: float | None = Field(default=None, examples=[1000])
    choices: list[str] | None = Field(default=None, description="The allowed values, when restricted",
                                      examples=[["in", "out"]])


class QueryInfo(BaseModel):
    name: str = Field(examples=["who_asked_about"])
    question: str = Field(examples=["Who asked about a given scheme, institution, company, department or bureau, "
                                    "and in which replies?"])
    parameters: list[QueryParameter]
    example: dict[str, Any] = Field(description="Parameters to try it with", examples=[{"entity_id": "scheme:gsps"}])
    returns: list[str] = Field(description="The columns of each row, in order",
                               examples=[["legislator_id", "legislator", "question_count", "reply_nos"]])
    notes: str | None = Field(default=None, description="What else to know when reading the answer")


class QueryResult(BaseModel):
    name: str = Field(examples=["who_asked_about"])
    columns: list[str] = Field(examples=[["legislator_id", "legislator", "question_count", "reply_nos"]])
    rows: list[list[Any]] = Field(
        description="One list per row, in column order. Nodes, relationships and paths come as "
        '{"id", "labels", "properties"}, {"id", "type", "start", "end", "properties"} and {"nodes", "relationships"}.',
        examples=[[["legislator:陳振英", "陳振英", 1, ["ITIB001"]]]],
    )


def _examples() -> dict[str, dict[str, Any]]:
    return {q.name: {"summary": q.question, "value": q.example} for q in cookbook.queries()}


def _query(name: str) -> cookbook.Query:
    try:
        return cookbook.get(name)
    except cookbook.UnknownQuery:
        raise HTTPException(404, f"no cookbook query {name!r}; GET /queries lists them") from None


@router.get("/queries", response_model=list[QueryInfo], summary="The cookbook: every named query and its parameters")
def list_queries() -> list[dict[str, Any]]:
    """The named queries of `cypher/queries/` marked `Cookbook: yes`, in name order (docs/cookbook.md)."""
    return [q.as_dict() for q in cookbook.queries()]


@router.get("/queries/{name}", response_model=QueryInfo, responses=NOT_FOUND, summary="One named query")
def describe_query(name: QueryName) -> dict[str, Any]:
    return _query(name).as_dict()


@router.post("/queries/{name}", response_model=QueryResult, responses={**NOT_FOUND, **BAD_PARAMS},
             summary="Run a named query with parameters")
def run_query(
    request: Request,
    name: QueryName,
    params: Annotated[
        dict[str, Any] | None,
        Body(description="The query's parameters by name; those left out take their defaults",
             openapi_examples=_examples()),
    ] = None,
) -> dict[str, Any]:
    """Run the query read-only and return its rows. Unknown parameters, missing required ones, values of the wrong
    type, out of range or not among the choices give 422 with a message naming the parameter."""
    query = _query(name)
    try:
        values = query.validate(params)
    except cookbook.ParameterError as error:
        raise HTTPException(422, str(error)) from None
    store: Store = request.app.state.store
    result = cookbook.execute(store, query, values)
    return {"name": name, "columns": result.columns, "rows": [value_json(row) for row in result.rows]}
