"""The Cypher cookbook over HTTP: list the named queries, describe one, run one with JSON parameters."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, HTTPException, Path

from api.deps import StoreDep
from api.graph_json import value_json
from api.models import ErrorBody, QueryInfo, QueryResult
from graph import cookbook

router = APIRouter(tags=["queries"])

NOT_FOUND = {404: {"model": ErrorBody, "description": "No cookbook query of that name"}}
BAD_PARAMS = {422: {"model": ErrorBody, "description": "A parameter is unknown, missing, of the wrong type or out of "
                                                       "range; the message names it"}}
QueryName = Annotated[str, Path(max_length=100, examples=["who_asked_about"],
                                description="The name of a cookbook query (its file name in cypher/queries)")]


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
    store: StoreDep,
    name: QueryName,
    params: Annotated[
        dict[str, Any] | None,
        Body(description="The query's parameters by name; those left out take their defaults",
             openapi_examples=_examples()),
    ] = None,
) -> dict[str, Any]:
    """Run the query read-only and return its rows. Unknown parameters, missing required ones, values of the wrong
    type, out of range or not among the choices give 422 with a message naming the parameter. The parameters the
    model fills in (`model_parameters` of GET /queries/{name}, such as the entity labels) are not given."""
    query = _query(name)
    try:
        values = query.validate(params)
    except cookbook.ParameterError as error:
        raise HTTPException(422, str(error)) from None
    result = cookbook.execute(store, query, values)
    return {"name": name, "columns": result.columns, "rows": [value_json(row) for row in result.rows]}
