"""The FastAPI application: read-only queries over the graph store."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from api.routers import cypher, entities, legislators, meta, queries, questions
from api.service import GraphService, NotFound
from graph.store import Store, StoreError

DESCRIPTION = """
innograph maps who funds, runs and questions innovation policy in Hong Kong: bureaus, departments, schemes,
institutions, companies and legislators, from LegCo Finance Committee replies and the press.
Every fact points back to the document, reply and sentence it comes from.

Graph data (nodes, relationships, paths) always comes in one shape:
`{"nodes": [{"id", "labels", "properties"}], "relationships": [{"id", "type", "start", "end", "properties"}]}`,
where `start`/`end` are node ids.
"""

ROUTERS = (meta, questions, legislators, entities, queries, cypher)


def create_app(store: Store) -> FastAPI:
    """An app over an open store; the caller owns the store's lifecycle (see `innograph serve`)."""
    app = FastAPI(title="innograph", version="0.1.0", description=DESCRIPTION)
    app.state.service = GraphService(store)
    app.state.store = store
    for module in ROUTERS:
        app.include_router(module.router)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, error: NotFound) -> JSONResponse:
        return JSONResponse(status_code=404, content={"detail": str(error)})

    @app.exception_handler(StoreError)
    async def store_down(request: Request, error: StoreError) -> JSONResponse:
        return JSONResponse(status_code=503, content={"detail": str(error)})

    return app
