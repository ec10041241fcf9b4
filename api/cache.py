"""Responses cached in-process and by ETag, keyed by the graph's build.

The graph changes only when a load lands, and every load writes its Build node (loaders/pipeline.py). So a GET's
answer is the same until the Build nodes change. `GraphVersion` reads them (cypher/api/build_version.cypher) about
once a second, in the background while answers go on. `ResponseCache` (pure ASGI, inside the API-key check) keeps
the bytes of each 200 answer under (build, path, query), sends `ETag: "<build digest>"` with `Cache-Control:
no-cache`, and answers an `If-None-Match` of the current ETag with 304 without running the endpoint. When the build
changes, every entry is dropped and the listeners (the search indexes) are told. A graph without a Build node
(loaded by hand) is never cached. Live answers (/health), the explorer's files (their own ETags) and anything but
GET pass through.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

import anyio
from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from graph import cypher
from graph.resources import VERSION
from graph.store import Store, StoreError

DEFAULT_RECHECK_S = 1.0  # a build is seen about a second after it lands (at most STALE_FACTOR seconds)
STALE_FACTOR = 5  # beyond STALE_FACTOR x recheck, a request waits for a fresh read
DEFAULT_CACHE_BYTES = 64 * 1024 * 1024
MAX_ENTRY_FRACTION = 8  # one answer takes at most an eighth of the cache
LIVE_PATHS = frozenset({"/health"})  # answers about the service now, not about the graph


class GraphVersion:
    """A short digest of the store's Build nodes (None without one).

    Read again when it is older than `recheck` seconds: in the background while it is younger than
    STALE_FACTOR x `recheck` (answers go on with the value they have, so a burst of requests never waits on the
    store), and by the request itself after that (the first request after a quiet spell reads it)."""

    def __init__(self, store: Store, recheck: float = DEFAULT_RECHECK_S) -> None:
        self.store = store
        self.recheck = recheck
        self._value: str | None = None
        self._read_at = float("-inf")
        self._lock = threading.Lock()
        self._refreshing = False
        self._refreshing_lock = threading.Lock()  # never held across a store read: the event loop takes it
        self._listeners: list[Callable[[], None]] = []

    def on_change(self, listener: Callable[[], None]) -> None:
        self._listeners.append(listener)

    def usable(self) -> tuple[bool, str | None]:
        """(True, version) when the value in hand may be used now; it is then refreshed in the background if it is
        older than `recheck`. (False, None) when `current()` must be called."""
        age = time.monotonic() - self._read_at
        if age < self.recheck:
            return True, self._value
        if age < self.recheck * STALE_FACTOR:
            self._refresh_in_background()
            return True, self._value
        return False, None

    def current(self) -> str | None:
        """The version now (may read the store: call it off the event loop). None when there is no Build node or
        the store cannot say: then nothing is cached."""
        with self._lock:  # one reader at a time; the others then find it fresh
            if time.monotonic() - self._read_at < self.recheck:
                return self._value
            try:
                rows = self.store.read(cypher.load("api/build_version"))
            except StoreError:
                return None  # the endpoint will say what is wrong (503); try again next time
            value = _digest(rows) if rows else None
            if value != self._value:
                for listener in self._listeners:
                    listener()
            self._value, self._read_at = value, time.monotonic()
            return value

    def _refresh_in_background(self) -> None:
        with self._refreshing_lock:
            if self._refreshing:
                return
            self._refreshing = True

        def refresh() -> None:
            try:
                self.current()
            finally:
                self._refreshing = False

        threading.Thread(target=refresh, name="graph-version", daemon=True).start()


def _route_path(scope: Scope) -> str:
    """The path the router matches (without the prefix the app is mounted under)."""
    path, root = scope.get("path", ""), scope.get("root_path", "")
    return path[len(root):] if root and path.startswith(root) else path


def _digest(rows: list[dict]) -> str:
    text = VERSION + "\n" + "\n".join(f"{row['id']}|{row['finished']}" for row in rows)
    return hashlib.sha256(text.encode()).hexdigest()[:20]


class ResponseCache:
    """Pure ASGI middleware: ETags and 304s for every graph answer, and the bytes of each 200 kept in memory."""

    def __init__(self, app: ASGIApp, version: GraphVersion, max_bytes: int = DEFAULT_CACHE_BYTES,
                 passes: Callable[[str], bool] = lambda path: False) -> None:
        self.app = app
        self.version = version
        self.max_bytes = max_bytes
        self.passes = passes  # paths served as they are (the explorer's files)
        self._entries: OrderedDict[tuple[str, str, bytes], tuple[int, list, bytes]] = OrderedDict()
        self._bytes = 0
        self._cached_version: str | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = _route_path(scope)
        if scope["type"] != "http" or scope["method"] != "GET" or path in LIVE_PATHS or self.passes(path):
            await self.app(scope, receive, send)
            return
        usable, version = self.version.usable()
        if not usable:
            version = await anyio.to_thread.run_sync(self.version.current)
        if version is None:
            await self.app(scope, receive, send)
            return
        if version != self._cached_version:
            self._forget(version)
        etag = f'"{version}"'
        validators = [(b"etag", etag.encode()), (b"cache-control", b"no-cache")]
        if etag in Headers(scope=scope).get("if-none-match", ""):
            await send({"type": "http.response.start", "status": 304, "headers": validators})
            await send({"type": "http.response.body", "body": b""})
            return
        key = (version, path, scope.get("query_string", b""))
        hit = self._entries.get(key)
        if hit is not None:
            self._entries.move_to_end(key)
            status, headers, body = hit
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        await self._answer_and_keep(scope, receive, send, key, validators)

    async def _answer_and_keep(self, scope: Scope, receive: Receive, send: Send, key: tuple,
                               validators: list[tuple[bytes, bytes]]) -> None:
        start: dict = {}
        chunks: list[bytes] = []

        async def keeping_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                if message["status"] == 200:
                    message = {**message, "headers": [*message.get("headers", []), *validators]}
            elif message["type"] == "http.response.body" and start.get("status") == 200:
                chunks.append(message.get("body", b""))
                if not message.get("more_body", False):
                    self._keep(key, [*start.get("headers", []), *validators], b"".join(chunks))
            await send(message)

        await self.app(scope, receive, keeping_send)

    def _keep(self, key: tuple, headers: list, body: bytes) -> None:
        if self.max_bytes <= 0 or len(body) > self.max_bytes // MAX_ENTRY_FRACTION or key[0] != self._cached_version:
            return
        self._entries[key] = (200, headers, body)
        self._bytes += len(body)
        while self._bytes > self.max_bytes:
            _, (_, _, dropped) = self._entries.popitem(last=False)
            self._bytes -= len(dropped)

    def _forget(self, version: str) -> None:
        self._entries.clear()
        self._bytes = 0
        self._cached_version = version
