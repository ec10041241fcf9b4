"""The Cypher cookbook over HTTP: list the named queries, describe one, run one with JSON parameters."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Body, Path

from api.deps import Service
from api.models import ErrorBody, QueryInfo, QueryResult
from api.service import cookbook_query
from graph import cookbook

router = APIRouter(tags=["queries"])

NOT_FOUND = {404: {"model": ErrorBody, "description": "No cookbook query of that name"}}
BAD_PARAMS = {422: {"model": ErrorBody, "description": "A parameter is unknown, missing, of the wrong type or out of "
                                                       "range; the message names it"}}
QueryName = Annotated[str, Path(max_length=100, examples=["who_asked_about"],
                                description="The name of a cookbook query (its file name in cypher/queries)")]


def _examples() -> dict[str, dict[str, Any]]:
    return {q.name: {"summary": q.question, "value": q.example} for q in cookbook.queries()}


@router.get("/queries", response_model=list[QueryInfo], summary="The cookbook: every named query and its parameters")
def list_queries() -> list[dict[str, Any]]:
    """The named queries of `cypher/queries/` marked `Cookbook: yes`, in name order (docs/cookbook.md)."""
    return [q.as_dict() for q in cookbook.queries()]


@router.get("/queries/{name}", response_model=QueryInfo, responses=NOT_FOUND, summary="One named query")
def describe_query(name: QueryName) -> dict[str, Any]:
    return cookbook_query(name).as_dict()


@router.post("/queries/{name}", response_model=QueryResult, responses={**NOT_FOUND, **BAD_PARAMS},
             summary="Run a named query with parameters")
def run_query(
    service: Service,
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
    return service.run_query(name, params)
