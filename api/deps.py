"""What every router needs: the GraphService of the running app, and the paging offset."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Request

from api.service import GraphService

# Seconds a client should wait after a 503 of the store: the supervisor restarts a dead embedded server within a few.
STORE_RETRY_AFTER_S = 5

# The paging offset every list endpoint takes (each sets its own `limit`).
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="How many items to skip")]


def get_service(request: Request) -> GraphService:
    return request.app.state.service
