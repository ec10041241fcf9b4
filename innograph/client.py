"""A typed Python client of the innograph HTTP API: what a notebook or another service imports instead of writing
requests by hand.

    from innograph.client import Client, ApiError

    with Client("http://127.0.0.1:8000") as api:          # `innograph serve`; api_key= when the server has one
        hit = api.search("科技券").hits[0]                  # SearchResults, as GET /search returns it
        tvp = api.entity(hit.id)                           # EntityDetail: properties, money, sources with quotes
        for fact in api.funding(entity=hit.id).facts:      # FundingFact: amount, amount_type, reply_no, quote
            print(fact.funder, "->", fact.recipient, fact.amount_text, fact.reply_no)
        rows = api.cypher("MATCH (s:Scheme) RETURN s.id, s.name LIMIT 5").rows

Every method returns the response model of api/models.py (the models the server itself validates its answers
with, and the MCP server's tools return), and every error the API's one-line message as an ApiError with its
status.
"""

from __future__ import annotations

from typing import Any, Self, TypeVar
from urllib.parse import quote

import httpx
from pydantic import BaseModel, TypeAdapter

from api.models import (
    CypherResult,
    EntityDetail,
    FigureResults,
    FundingResults,
    GraphModel,
    Health,
    LegislatorDetail,
    Page,
    PassageResults,
    PathResults,
    QueryInfo,
    QueryResult,
    QuestionDetail,
    QuestionSummary,
    SearchResults,
    Stats,
    Subgraph,
)

M = TypeVar("M", bound=BaseModel)
DEFAULT_URL = "http://127.0.0.1:8000"
QUERY_LIST = TypeAdapter(list[QueryInfo])


class ApiError(RuntimeError):
    """The API answered with an error, or could not be reached (`status` None). The message is the API's one line
    (its `detail`); `retry_after` is set for 429 and 503, in seconds."""

    def __init__(self, status: int | None, detail: str, retry_after: int | None = None) -> None:
        super().__init__(detail if status is None else f"{status}: {detail}")
        self.status = status
        self.detail = detail
        self.retry_after = retry_after


class Client:
    """One keep-alive connection to the API; close() it, or use it in a `with` block."""

    def __init__(self, base_url: str = DEFAULT_URL, api_key: str | None = None, timeout: float = 60.0) -> None:
        headers = {"X-API-Key": api_key} if api_key else {}
        self._http = httpx.Client(base_url=base_url.rstrip("/"), headers=headers, timeout=timeout)

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- the graph ----------------------------------------------------------------------------------------------

    def health(self) -> Health:
        return self._get(Health, "/health")

    def stats(self) -> Stats:
        return self._get(Stats, "/stats")

    def model(self) -> GraphModel:
        """Labels, relationship types and properties, each with its meaning (data/model.yaml)."""
        return self._get(GraphModel, "/model")

    def search(self, q: str, labels: list[str] | None = None, limit: int = 20) -> SearchResults:
        return self._get(SearchResults, "/search", q=q, label=labels, limit=limit)

    def entity(self, node_id: str, sources: int = 100) -> EntityDetail:
        return self._get(EntityDetail, f"/entities/{_segment(node_id)}", sources=sources)

    def neighbours(self, node_id: str, type: str | None = None, depth: int = 1, limit: int = 200) -> Subgraph:
        return self._get(Subgraph, f"/entities/{_segment(node_id)}/neighbours", type=type, depth=depth, limit=limit)

    def paths(self, from_id: str, to_id: str, max_hops: int = 4, limit: int = 10) -> PathResults:
        return self._get(PathResults, "/paths", **{"from": from_id, "to": to_id}, max_hops=max_hops, limit=limit)

    def funding(self, entity: str | None = None, fiscal_year: str | None = None, amount_type: str | None = None,
                limit: int = 100, offset: int = 0) -> FundingResults:
        return self._get(FundingResults, "/funding", entity=entity, fiscal_year=fiscal_year, amount_type=amount_type,
                         limit=limit, offset=offset)

    def figures(self, node_id: str, fiscal_year: str | None = None, amount_type: str | None = None,
                limit: int = 200, offset: int = 0) -> FigureResults:
        return self._get(FigureResults, f"/entities/{_segment(node_id)}/figures", fiscal_year=fiscal_year,
                         amount_type=amount_type, limit=limit, offset=offset)

    def questions(self, legislator: str | None = None, head: str | None = None, programme: str | None = None,
                  q: str | None = None, fiscal_year: str | None = None, limit: int = 50,
                  offset: int = 0) -> Page[QuestionSummary]:
        return self._get(Page[QuestionSummary], "/questions", legislator=legislator, head=head, programme=programme,
                         q=q, fiscal_year=fiscal_year, limit=limit, offset=offset)

    def question(self, reply_no: str, fiscal_year: str | None = None) -> QuestionDetail:
        return self._get(QuestionDetail, f"/questions/{_segment(reply_no)}", fiscal_year=fiscal_year)

    def legislator(self, id_or_name: str) -> LegislatorDetail:
        return self._get(LegislatorDetail, f"/legislators/{_segment(id_or_name)}")

    def passages(self, q: str, document: str | None = None, reply_no: str | None = None, language: str | None = None,
                 label: str | None = None, part: str | None = None, fiscal_year: str | None = None, limit: int = 20,
                 offset: int = 0) -> PassageResults:
        return self._get(PassageResults, "/passages", q=q, document=document, reply_no=reply_no, language=language,
                         label=label, part=part, fiscal_year=fiscal_year, limit=limit, offset=offset)

    # --- queries ------------------------------------------------------------------------------------------------

    def queries(self) -> list[QueryInfo]:
        """The cookbook: every named query, its parameters and columns."""
        return QUERY_LIST.validate_python(self._request("GET", "/queries").json())

    def run_query(self, name: str, **params: Any) -> QueryResult:
        """A cookbook query by name: `api.run_query("who_asked_about", entity_id="scheme:tvp")`."""
        return QueryResult.model_validate(self._request("POST", f"/queries/{_segment(name)}", json=params).json())

    def cypher(self, query: str, parameters: dict[str, Any] | None = None, row_limit: int = 1000,
               timeout: float = 10.0) -> CypherResult:
        """One read-only statement (POST /cypher): writes are refused, rows capped, the query stopped at timeout."""
        body = {"query": query, "parameters": parameters or {}, "row_limit": row_limit, "timeout": timeout}
        return CypherResult.model_validate(self._request("POST", "/cypher", json=body).json())

    # --- the wire -----------------------------------------------------------------------------------------------

    def _get(self, model: type[M], path: str, **params: Any) -> M:
        present = {key: value for key, value in params.items() if value is not None}
        return model.model_validate(self._request("GET", path, params=present).json())

    def _request(self, method: str, path: str, **options: Any) -> httpx.Response:
        try:
            response = self._http.request(method, path, **options)
        except httpx.HTTPError as error:
            raise ApiError(None, f"cannot reach the API at {self._http.base_url}: {error}") from None
        if response.is_error:
            raise ApiError(response.status_code, _detail(response), _retry_after(response))
        return response


def _segment(value: str) -> str:
    """A value as one path segment: '/', '?', '#' and the rest escaped (an id keeps its ':')."""
    return quote(value, safe=":")


def _detail(response: httpx.Response) -> str:
    try:
        detail = response.json().get("detail")
    except (ValueError, AttributeError):
        detail = None
    return str(detail) if detail else (response.reason_phrase or f"HTTP {response.status_code}")


def _retry_after(response: httpx.Response) -> int | None:
    value = response.headers.get("retry-after", "")
    return int(value) if value.isdigit() else None
