"""Is the service up, and what does the graph hold?"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from api.deps import STORE_RETRY_AFTER_S, Service
from api.models import BuildInfo, GraphModel, Health, Stats
from api.service import graph_model
from graph.store import Store, StoreError
from graph.supervisor import Supervisor

router = APIRouter(tags=["meta"])


UNAVAILABLE: dict[int | str, dict[str, Any]] = {
    503: {"model": Health, "description": 'The store cannot be used now: status "unavailable", with the reason '
                                          "(also as `detail`, like every error of this API)"},
}


@router.get("/health", response_model=Health, summary="The service and its store answer", responses=UNAVAILABLE)
def health(service: Service) -> Health | JSONResponse:
    """When the store is watched (`innograph serve` supervises the embedded server) the answer comes from the
    watcher's state, without a query that could wait on a hung store; otherwise from one unretried `RETURN 1`."""
    store = service.store
    reason = _down_reason(store)
    watch = store.current_watch()
    answer = Health(
        status="unavailable" if reason else "ok",
        store=store.server_agent,
        dialect=store.dialect.name,
        database=store.database,
        reason=reason,
        supervised=isinstance(watch, Supervisor),
        restarts=watch.restarts if isinstance(watch, Supervisor) else 0,
        build=None if reason else _latest_build(service),
    )
    if reason:
        return JSONResponse(status_code=503, content={**answer.model_dump(), "detail": reason},
                            headers={"Retry-After": str(STORE_RETRY_AFTER_S)})
    return answer


def _latest_build(service) -> BuildInfo | None:
    """The Build node's record; a store that fails this one read after answering leaves it out rather than turn a
    health answer into an error."""
    try:
        record = service.latest_build()
    except StoreError:
        return None
    return BuildInfo(**record) if record else None


def _down_reason(store: Store) -> str | None:
    if store.current_watch() is not None:
        return store.down_reason()
    try:
        store.ping()
    except StoreError as error:
        return str(error)
    return None


@router.get("/stats", response_model=Stats, summary="Nodes per label and relationships per type")
def stats(service: Service) -> Stats:
    return Stats(**service.stats())


@router.get("/model", response_model=GraphModel, summary="The graph's labels, relationship types and properties")
def model() -> GraphModel:
    """Everything a query may name, from data/model.yaml: each label with its id prefix, names and colour, each
    relationship type with the labels it joins, and each property with its type and meaning."""
    return GraphModel(**graph_model())
