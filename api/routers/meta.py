"""Is the service up, and what does the graph hold?"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends

from api.deps import get_service
from api.models import Health, Stats
from api.service import GraphService

router = APIRouter(tags=["meta"])
Service = Annotated[GraphService, Depends(get_service)]


@router.get("/health", response_model=Health, summary="The service and its store answer")
def health(service: Service) -> Health:
    service.store.read("RETURN 1 AS ok")
    return Health(
        status="ok",
        store=service.store.server_agent,
        dialect=service.store.dialect.name,
        database=service.store.database,
    )


@router.get("/stats", response_model=Stats, summary="Nodes per label and relationships per type")
def stats(service: Service) -> Stats:
    return Stats(**service.stats())
