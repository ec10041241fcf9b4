"""What every router needs: the GraphService of the running app."""

from __future__ import annotations

from fastapi import Request

from api.service import GraphService


def get_service(request: Request) -> GraphService:
    return request.app.state.service
