"""The FastAPI application: read-only queries over the graph store."""

from __future__ import annotations

import hmac
import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse

from api.routers import analytics, cypher, entities, explorer, legislators, meta, queries, questions
from api.service import GraphService, NotFound
from graph.readonly import ReadOnlyCypher
from graph.store import Store, StoreError

DESCRIPTION = """
innograph maps who funds, runs and questions innovation policy in Hong Kong: bureaus, departments, schemes,
institutions, companies and legislators, from LegCo Finance Committee replies and the press.
Every fact points back to the document, reply and sentence it comes from.

Graph data (nodes, relationships, paths) always comes in one shape:
`{"nodes": [{"id", "labels", "properties"}], "relationships": [{"id", "type", "start", "end", "properties"}]}`,
where `start`/`end` are node ids.
"""

ROUTERS = (meta, questions, legislators, entities, queries, cypher, analytics, explorer)
API_KEY_ENV = "INNOGRAPH_API_KEY"


def create_app(store: Store, api_key: str | None = None) -> FastAPI:
    """An app over an open store; the caller owns the store's lifecycle (see `innograph serve`).

    With an API key (the argument, else $INNOGRAPH_API_KEY), every request must present it, as the header
    `X-API-Key: <key>` or `Authorization: Bearer <key>`; others get 401.
    """
    api_key = api_key or os.environ.get(API_KEY_ENV) or None
    cypher = ReadOnlyCypher(store)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        cypher.close()  # the read-only connection; the store itself is the caller's

    app = FastAPI(title="innograph", version="0.1.0", description=DESCRIPTION, lifespan=lifespan)
    if api_key:
        _require_api_key(app, api_key)
    app.state.service = GraphService(store)
    app.state.store = store
    app.state.cypher = cypher
    for module in ROUTERS:
        app.include_router(module.router)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, error: NotFound) -> JSONResponse:
        return JSONResponse(status_code=404, content={"detail": str(error)})

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, error: RequestValidationError) -> JSONResponse:
        return JSONResponse(status_code=422, content=validation_error_body(error))

    @app.exception_handler(StoreError)
    async def store_down(request: Request, error: StoreError) -> JSONResponse:
        return JSONResponse(status_code=503, content={"detail": str(error)})

    app.openapi = lambda: _openapi_with_one_error_shape(app)
    return app


def validation_error_body(error: RequestValidationError) -> dict:
    """Every error body has a `detail` string (clients show it as it is); validation errors also list the
    individual problems in FastAPI's usual form under `errors`."""
    problems = jsonable_encoder(error.errors())
    parts = [f"{'.'.join(str(p) for p in problem.get('loc', ())) or 'request'}: {problem.get('msg')}"
             for problem in problems]
    return {"detail": "; ".join(parts) or "invalid request", "errors": problems}


def _openapi_with_one_error_shape(app: FastAPI) -> dict:
    """FastAPI documents 422 as {"detail": [...]}; ours is {"detail": "...", "errors": [...]}, like every other
    error of this API. Say so in the schema, so that clients generated from it read our errors right."""
    if app.openapi_schema is None:
        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        validation = schema.get("components", {}).get("schemas", {}).get("HTTPValidationError")
        if validation is not None:
            validation["properties"] = {
                "detail": {"type": "string", "title": "Detail", "description": "What was wrong, in one line"},
                "errors": {"type": "array", "title": "Errors",
                           "items": {"$ref": "#/components/schemas/ValidationError"}},
            }
            validation["required"] = ["detail"]
        app.openapi_schema = schema
    return app.openapi_schema


def _require_api_key(app: FastAPI, api_key: str) -> None:
    expected = api_key.encode()

    @app.middleware("http")
    async def check_api_key(request: Request, call_next):
        given = request.headers.get("x-api-key") or request.headers.get("authorization", "").removeprefix("Bearer ")
        if not hmac.compare_digest(given.strip().encode(), expected):  # constant time: no timing hints
            return JSONResponse(status_code=401, content={"detail": "missing or wrong API key (X-API-Key header)"})
        return await call_next(request)
