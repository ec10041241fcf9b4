"""The FastAPI application: read-only queries over the graph store."""

from __future__ import annotations

import hmac
import os
import reprlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, Response
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.cache import DEFAULT_CACHE_BYTES, DEFAULT_RECHECK_S, GraphVersion, ResponseCache
from api.deps import STORE_RETRY_AFTER_S
from api.routers import analytics, cypher, entities, explorer, legislators, meta, passages, queries, questions
from api.service import BadQuery, GraphService, NotFound
from graph import cookbook, readonly, stored_analytics
from graph import passages as passage_search
from graph.env import int_from_env
from graph.messages import MAX_ECHO, one_line
from graph.resources import VERSION
from graph.store import Store, StoreError

DESCRIPTION = """
innograph maps who funds, runs and questions innovation policy in Hong Kong: bureaus, departments, schemes,
institutions, companies and legislators, from LegCo Finance Committee replies and the press.
Every fact points back to the document, reply and sentence it comes from.

Graph data (nodes, relationships, paths) always comes in one shape:
`{"nodes": [{"id", "labels", "properties"}], "relationships": [{"id", "type", "start", "end", "properties"}]}`,
where `start`/`end` are node ids.
"""

ROUTERS = (meta, questions, legislators, entities, passages, queries, cypher, analytics, explorer)
API_KEY_ENV = "INNOGRAPH_API_KEY"
MAX_BODY_ENV = "INNOGRAPH_MAX_BODY_BYTES"
CACHE_ENV = "INNOGRAPH_API_CACHE_BYTES"  # 0: no in-process cache (ETags and 304s stay)
DEFAULT_MAX_BODY_BYTES = 1024 * 1024  # the largest legitimate body (a long Cypher query) is a few KiB
MAX_DETAIL_CHARS = 400  # an error's `detail` line; longer ones are cut (they may quote the request)
MAX_PROBLEMS_LISTED = 20  # a validation error's `errors`; the `detail` line says how many more there were


def create_app(store: Store, api_key: str | None = None, max_body_bytes: int | None = None,
               cache_bytes: int | None = None, build_recheck: float = DEFAULT_RECHECK_S) -> FastAPI:
    """An app over an open store; the caller owns the store's lifecycle (see `innograph serve`).

    With an API key (the argument, else $INNOGRAPH_API_KEY), every data endpoint requires it, as the header
    `X-API-Key: <key>` or `Authorization: Bearer <key>`; others get 401. The explorer's page and files and the API
    docs hold no data and are served without it (the explorer then asks for the key).

    Request bodies larger than `max_body_bytes` (else $INNOGRAPH_MAX_BODY_BYTES, else 1 MiB) get 413.

    GET answers carry an ETag keyed by the graph's build, and are kept in memory up to `cache_bytes` (else
    $INNOGRAPH_API_CACHE_BYTES, else 64 MiB) until another build lands, which is noticed within `build_recheck`
    seconds (api/cache.py).
    """
    api_key = api_key or os.environ.get(API_KEY_ENV) or None
    if max_body_bytes is None:
        max_body_bytes = int_from_env(MAX_BODY_ENV, DEFAULT_MAX_BODY_BYTES, unit="bytes")
    if cache_bytes is None:
        cache_bytes = int_from_env(CACHE_ENV, DEFAULT_CACHE_BYTES, unit="bytes")
    service = GraphService(store)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        service.close()  # the read-only connection; the store itself is the caller's

    # The docs pages are served by the explorer router from packaged assets (no CDN): FastAPI's own are off.
    app = FastAPI(title="innograph", version=VERSION, description=DESCRIPTION, lifespan=lifespan,
                  docs_url=None, redoc_url=None)
    version = GraphVersion(store, recheck=build_recheck)
    version.on_change(service.graph_changed)  # the search indexes are rebuilt before answers are cached again
    # innermost of ours: only requests that passed the key check reach the cache
    app.add_middleware(ResponseCache, version=version, max_bytes=cache_bytes, passes=explorer.is_public)
    if api_key:
        _require_api_key(app, api_key)
    app.add_middleware(BodySizeLimit, max_bytes=max_body_bytes)  # outermost of ours: before the key is checked
    app.state.service = service
    app.state.store = store
    for module in ROUTERS:
        app.include_router(module.router)
    _add_error_handlers(app)
    app.openapi = lambda: _openapi_schema(app, with_api_key=bool(api_key))
    return app


def check_environment() -> None:
    """Read every setting the app takes from the environment, so that a bad one (graph.env.SettingError, one line)
    stops `innograph serve` before it starts anything."""
    int_from_env(MAX_BODY_ENV, DEFAULT_MAX_BODY_BYTES, unit="bytes")
    int_from_env(CACHE_ENV, DEFAULT_CACHE_BYTES, unit="bytes")
    readonly.default_queue(readonly.default_concurrency())


# --- errors: every one is {"detail": "one line", ...} JSON ----------------------------------------------------------


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, error: StarletteHTTPException) -> Response:
        if error.status_code in (204, 304) or error.status_code < 200:  # statuses that carry no body
            return Response(status_code=error.status_code, headers=error.headers)
        return error_response(error.status_code, error.detail, error.headers)

    @app.exception_handler(NotFound)
    @app.exception_handler(stored_analytics.NotFound)
    async def not_found(request: Request, error: LookupError) -> JSONResponse:
        return error_response(404, str(error))

    @app.exception_handler(passage_search.QueryError)
    @app.exception_handler(BadQuery)
    async def bad_query(request: Request, error: ValueError) -> JSONResponse:
        return error_response(400, str(error))

    @app.exception_handler(cookbook.ParameterError)
    async def bad_parameter(request: Request, error: cookbook.ParameterError) -> JSONResponse:
        return error_response(422, str(error))

    @app.exception_handler(readonly.Busy)
    async def busy(request: Request, error: readonly.Busy) -> JSONResponse:
        return error_response(429, str(error), {"Retry-After": str(error.retry_after)})

    @app.exception_handler(RequestValidationError)
    async def bad_request(request: Request, error: RequestValidationError) -> JSONResponse:
        return JSONResponse(status_code=422, content=validation_error_body(error))

    @app.exception_handler(StoreError)
    async def store_down(request: Request, error: StoreError) -> JSONResponse:
        return error_response(503, str(error), {"Retry-After": str(STORE_RETRY_AFTER_S)})

    # The last resort, for anything else: Starlette hands an `Exception` handler to its ServerErrorMiddleware, the
    # outermost layer, so it also answers for errors raised in middleware and in the other handlers. That
    # middleware re-raises after answering, and the server logs the traceback; the client sees one line.
    @app.exception_handler(Exception)
    async def server_error(request: Request, error: Exception) -> JSONResponse:
        return error_response(500, f"internal error ({type(error).__name__}); the server's log has the details")


def error_response(status_code: int, detail: Any, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(status_code=status_code, content={"detail": detail_line(detail)}, headers=headers)


def detail_line(detail: Any, limit: int = MAX_DETAIL_CHARS) -> str:
    """`detail` as a single line of at most `limit` characters (an error may quote what the client sent)."""
    return one_line(detail if isinstance(detail, str) else _preview(detail), limit)


def validation_error_body(error: RequestValidationError) -> dict:
    """Every error body has a `detail` string (clients show it as it is); validation errors also list the
    individual problems in FastAPI's usual form under `errors`, each quoting at most a few hundred characters of
    the request (a 50 MB string is not sent back)."""
    all_problems = error.errors()
    problems = [_short_problem(problem) for problem in all_problems[:MAX_PROBLEMS_LISTED]]
    parts = [f"{'.'.join(str(p) for p in problem['loc']) or 'request'}: {problem.get('msg')}" for problem in problems]
    if len(all_problems) > len(problems):
        parts.insert(0, f"{len(all_problems):,} problems, the first {len(problems)} listed")
    return {"detail": detail_line("; ".join(parts) or "invalid request"), "errors": jsonable_encoder(problems)}


def _short_problem(problem: dict[str, Any]) -> dict[str, Any]:
    short = {key: _short(value) for key, value in problem.items() if key not in ("loc", "ctx", "msg")}
    short["loc"] = [p if isinstance(p, int) else one_line(str(p), MAX_ECHO) for p in problem.get("loc", ())]
    short["msg"] = one_line(str(problem.get("msg", "")), MAX_ECHO)
    if isinstance(problem.get("ctx"), dict):
        short["ctx"] = {str(key): _short(value) for key, value in problem["ctx"].items()}
    return short


def _preview_repr() -> reprlib.Repr:
    preview = reprlib.Repr()  # Python 3.11's takes no arguments
    preview.maxlevel, preview.maxstring, preview.maxother, preview.maxlong = 3, 60, 60, 40
    preview.maxdict = preview.maxlist = preview.maxtuple = preview.maxset = 8
    return preview


_PREVIEW = _preview_repr()


def _short(value: Any) -> Any:
    """The value itself if it is short; else a preview string, bounded in length and depth (the preview never
    recurses far, whatever the nesting of what the client sent)."""
    if value is None or isinstance(value, bool | float) or isinstance(value, int) and abs(value) < 10**18:
        return value
    if not isinstance(value, list | dict | tuple):
        return one_line(str(value), MAX_ECHO)  # a string, a big number, an exception in `ctx`: as text
    preview = _preview(value)
    return value if len(preview) < MAX_ECHO and "..." not in preview else preview  # small: as it is


def _preview(value: Any) -> str:
    try:
        preview = _PREVIEW.repr(value)
    except (RecursionError, ValueError):
        return f"<{type(value).__name__}>"
    return one_line(preview, MAX_ECHO)


# --- request size ---------------------------------------------------------------------------------------------------


class BodyTooLarge(StarletteHTTPException):
    """Raised to the app from `receive` when the body passed the limit; the 413 has already been sent."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, too_large_detail(limit))


def too_large_detail(limit: int) -> str:
    return f"request body too large: at most {limit:,} bytes (${MAX_BODY_ENV})"


class BodySizeLimit:
    """413 for a request body over `max_bytes`, counting the bytes as they arrive: Content-Length may be missing
    (chunked encoding) or smaller than what is sent. The rest of the body is never read: the 413 goes out as soon
    as the count passes the limit (or at once, when Content-Length already says so), the app gets BodyTooLarge
    from `receive`, and whatever it still sends is dropped. Pure ASGI, so nothing buffers the body before it."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await self._too_large(scope, receive, send)
            return
        received = 0
        started = answered = False

        async def counting_receive() -> Message:
            nonlocal received, answered
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    if not started:
                        answered = True
                        await self._too_large(scope, receive, send)
                    raise BodyTooLarge(self.max_bytes)
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if answered:
                return  # the 413 is out; the app's own answer to BodyTooLarge is dropped
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except BodyTooLarge:
            if not answered:
                raise  # the app had already started its response: nothing else can be said

    async def _too_large(self, scope: Scope, receive: Receive, send: Send) -> None:
        # Connection: close, so the server drops the connection instead of reading the unread body as a next request
        response = error_response(413, too_large_detail(self.max_bytes), {"Connection": "close"})
        await response(scope, receive, send)


def _content_length(scope: Scope) -> int | None:
    try:
        return int(Headers(scope=scope).get("content-length", ""))
    except ValueError:
        return None


# --- the OpenAPI schema ---------------------------------------------------------------------------------------------


def _openapi_schema(app: FastAPI, with_api_key: bool) -> dict:
    """FastAPI's schema, with our error shape for 422 and, when a key is required, the key as a security scheme
    (so that Swagger UI's "Authorize" button sends it)."""
    if app.openapi_schema is None:
        schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
        _document_one_error_shape(schema)
        if with_api_key:
            _document_api_key(schema)
        app.openapi_schema = schema
    return app.openapi_schema


def _document_one_error_shape(schema: dict) -> None:
    """FastAPI documents 422 as {"detail": [...]}; ours is {"detail": "...", "errors": [...]}, like every other
    error of this API. Say so in the schema, so that clients generated from it read our errors right."""
    validation = schema.get("components", {}).get("schemas", {}).get("HTTPValidationError")
    if validation is not None:
        validation["properties"] = {
            "detail": {"type": "string", "title": "Detail", "description": "What was wrong, in one line"},
            "errors": {"type": "array", "title": "Errors",
                       "items": {"$ref": "#/components/schemas/ValidationError"}},
        }
        validation["required"] = ["detail"]


def _document_api_key(schema: dict) -> None:
    schemes = schema.setdefault("components", {}).setdefault("securitySchemes", {})
    schemes["ApiKey"] = {"type": "apiKey", "in": "header", "name": "X-API-Key",
                         "description": f"The server's key (${API_KEY_ENV}); every endpoint requires it"}
    schemes["Bearer"] = {"type": "http", "scheme": "bearer", "description": "The same key as a bearer token"}
    schema["security"] = [{"ApiKey": []}, {"Bearer": []}]  # either one


def _require_api_key(app: FastAPI, api_key: str) -> None:
    expected = api_key.encode()

    @app.middleware("http")
    async def check_api_key(request: Request, call_next):
        if explorer.is_public(_route_path(request.scope)):
            return await call_next(request)  # the explorer's files and the docs: no data in them
        given = request.headers.get("x-api-key") or request.headers.get("authorization", "").removeprefix("Bearer ")
        # headers arrive as latin-1 text: back to the bytes that were sent (a UTF-8 key then matches)
        if not hmac.compare_digest(given.strip().encode("latin-1"), expected):  # constant time: no timing hints
            return error_response(401, "missing or wrong API key (X-API-Key header)",
                                  {"WWW-Authenticate": 'Bearer realm="innograph"'})
        return await call_next(request)


def _route_path(scope: Scope) -> str:
    """The path the router matches (without the prefix the app is mounted under)."""
    path, root = scope.get("path", ""), scope.get("root_path", "")
    return path[len(root):] if root and path.startswith(root) else path
