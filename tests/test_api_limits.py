"""The API's edges (issue 8, findings 3, 4 and 10): request size, one JSON error shape for everything, offline
docs, and which paths an API key protects. All over real HTTP, against uvicorn serving the corpus store.

Each test first reproduced its finding on the code before the fix (noted in the docstrings), then passes.
"""

from __future__ import annotations

import json
import logging
import re
import socket
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx
import pytest

from api.app import DEFAULT_MAX_BODY_BYTES, MAX_BODY_ENV, MAX_DETAIL_CHARS, create_app
from graph import cookbook
from graph.store import Store, StoreError
from tests.conftest import run_cli, serving

KEY = "test-key-1234"
MiB = 1024 * 1024


def assert_error_shape(response: httpx.Response, status: int | None = None) -> str:
    """The one error shape: JSON with a one-line `detail` of at most a few hundred characters. Returns it."""
    what = f"{response.request.method} {str(response.request.url)[:120]} -> {response.status_code}"
    if status is not None:
        assert response.status_code == status, (what, response.text[:300])
    assert response.status_code >= 400, what
    assert response.headers["content-type"].startswith("application/json"), (what, response.text[:300])
    detail = response.json()["detail"]
    assert isinstance(detail, str) and detail, (what, detail)
    assert "\n" not in detail and len(detail) <= MAX_DETAIL_CHARS, (what, detail[:500])
    return detail


# --- request size (finding 3) ---------------------------------------------------------------------------------------


def raw_exchange(url: str, head: bytes, body_parts: list[bytes], timeout: float = 20) -> bytes:
    """Send a request head and body parts over a plain socket, then read the answer until the server closes.
    (httpx would always send the whole body first; these tests need to see what the server does mid-body.)"""
    where = urlsplit(url)
    with socket.create_connection((where.hostname, where.port), timeout=timeout) as sock:
        sock.sendall(head)
        for part in body_parts:
            sock.sendall(part)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    return answer


def parse_answer(answer: bytes) -> tuple[int, dict[str, str], dict]:
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), {k.lower(): v for k, v in headers.items()}, json.loads(body)


def test_a_body_declared_too_large_is_413_without_reading_it(api_url: str) -> None:
    """Was: the server waited for all 50 MB (this recv timed out), then answered 422 quoting them back."""
    head = (b"POST /cypher HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            b"Content-Length: 52428800\r\n\r\n")
    # Only the head is sent: the answer must come without the body. (Sending part of the body too made the test
    # flaky: the server closes with that part unread, so the kernel resets the connection, and the reset can
    # overtake the 413 on its way to this recv.)
    status, headers, body = parse_answer(raw_exchange(api_url, head, []))
    assert status == 413 and headers["content-type"] == "application/json"
    assert body["detail"].startswith("request body too large: at most 1,048,576 bytes")
    assert headers.get("connection") == "close"


def test_a_chunked_body_is_counted_as_it_arrives(api_url: str) -> None:
    """No Content-Length (chunked encoding): the bytes are counted; one byte over the limit is a 413.
    Was: 422 (/cypher) and a plain-text 500 (/queries/who_asked_about, the store refused a 16 MiB Bolt message)."""
    for path in ("/cypher", "/queries/who_asked_about"):
        head = (f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                "Transfer-Encoding: chunked\r\n\r\n").encode()
        start = b'{"entity_id": "'
        data = start + b"x" * (DEFAULT_MAX_BODY_BYTES + 1 - len(start))  # 1 byte over the limit in all
        chunks = [data[i:i + 65536] for i in range(0, len(data), 65536)]
        assert sum(map(len, chunks)) == DEFAULT_MAX_BODY_BYTES + 1
        # The body is never finished (no 0-length chunk): the server must answer on the count alone.
        status, _, body = parse_answer(raw_exchange(api_url, head, [b"%x\r\n%s\r\n" % (len(c), c) for c in chunks]))
        assert status == 413, (path, body)


def test_a_body_at_the_limit_is_read(api_url: str) -> None:
    padding = " " * (DEFAULT_MAX_BODY_BYTES - 100)
    body = f'{{"entity_id": "scheme:gsps"{padding}}}'.encode()
    assert len(body) <= DEFAULT_MAX_BODY_BYTES
    response = httpx.post(f"{api_url}/queries/who_asked_about", content=body,
                          headers={"content-type": "application/json"}, timeout=30)
    assert response.status_code == 200, response.text[:300]
    assert response.json()["rows"]


def test_the_limit_comes_from_the_environment(corpus_store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(MAX_BODY_ENV, "2048")
    with serving(create_app(corpus_store)) as url:
        small = httpx.post(f"{url}/queries/who_asked_about", json={"entity_id": "scheme:gsps"})
        assert small.status_code == 200
        big = httpx.post(f"{url}/queries/who_asked_about", json={"entity_id": "x" * 3000})
        assert "at most 2,048 bytes" in assert_error_shape(big, 413)
    monkeypatch.setenv(MAX_BODY_ENV, "a lot")
    with pytest.raises(ValueError, match=r"^\$INNOGRAPH_MAX_BODY_BYTES must be a whole number of bytes, not 'a lot'$"):
        create_app(corpus_store)


def test_validation_errors_quote_at_most_a_few_hundred_characters(api_url: str) -> None:
    """Was: a 422 whose `errors[].input` was the whole 900 KB query (and 52 MB for a 50 MB one)."""
    body = {"query": "RETURN 1 // " + "x" * 900_000, "parameters": {"k" * 5000: 1},
            "row_limit": [[["a" * 1000] * 10] * 10], "timeout": {"a": ["b" * 500]}, "e" * 3000: 1}
    response = httpx.post(f"{api_url}/cypher", json=body, timeout=30)
    detail = assert_error_shape(response, 422)
    assert detail.startswith("body.query: String should have at most")
    assert len(response.content) < 4000, len(response.content)
    problems = response.json()["errors"]
    assert {p["loc"][1][:1] for p in problems} == {"q", "r", "t", "e"}  # each problem is still listed
    query_problem = next(p for p in problems if p["loc"] == ["body", "query"])
    assert query_problem["input"].startswith("RETURN 1 // xxx") and "(900,012 characters)" in query_problem["input"]
    assert query_problem["ctx"] == {"max_length": 20000}  # short values are kept as they are


def test_query_strings_are_quoted_short_too(api_url: str) -> None:
    response = httpx.get(f"{api_url}/search", params={"q": "a" * 5000, "limit": "9" * 3000})
    assert_error_shape(response, 422)
    assert len(response.content) < 2000
    long_id = httpx.get(f"{api_url}/entities/scheme:{'x' * 6000}")
    assert_error_shape(long_id)
    assert len(long_id.content) < 1000


def test_a_cookbook_parameter_is_bounded_before_it_reaches_the_store(api_url: str, corpus_store: Store) -> None:
    """The cause of the plain-text 500: a 50 MB `entity_id` went to the store as one Bolt message, which the server
    refuses beyond 16 MiB with a DatabaseError nothing expected. Parameters are now bounded where they are checked,
    so cookbook.run refuses it before it is sent, whoever calls it (was: neo4j DatabaseError)."""
    with pytest.raises(cookbook.ParameterError, match=r"'entity_id' is too long: 20,000,000 characters, at most 1,000"):
        cookbook.run(corpus_store, "who_asked_about", {"entity_id": "x" * 20_000_000})
    response = httpx.post(f"{api_url}/queries/who_asked_about", json={"entity_id": "x" * 900_000}, timeout=30)
    assert "'entity_id' is too long: 900,000 characters" in assert_error_shape(response, 422)
    wrong_type = httpx.post(f"{api_url}/queries/who_asked_about", json={"entity_id": ["y" * 1000] * 500}, timeout=30)
    assert len(assert_error_shape(wrong_type, 422)) < 200  # the list is not quoted whole
    unknown = httpx.post(f"{api_url}/queries/who_asked_about", json={"z" * 100_000: 1}, timeout=30)
    assert "unknown parameter" in assert_error_shape(unknown, 422)


# --- one error shape (finding 4) ------------------------------------------------------------------------------------


def nested(depth: int, leaf: str = "1", kind: str = "list") -> str:
    return ("[" * depth + leaf + "]" * depth) if kind == "list" else ('{"a":' * depth + leaf + "}" * depth)


def test_every_bad_request_gets_the_json_error_shape(api_url: str) -> None:
    """Was: a plain-text 500 for /static/%00 and for a map parameter nested 500 deep."""
    gets = ["/static/%00", "/static/%00.js", "/static/a%00/b.js", f"/static/{'a' * 5000}.js",
            "/no/such/route", "/entities/%00", "/queries/%00"]
    for path in gets:
        response = httpx.get(f"{api_url}{path}")
        assert_error_shape(response)
        assert response.status_code in (404, 422), (path, response.status_code)
    assert_error_shape(httpx.delete(f"{api_url}/stats"), 405)
    posts = [("/cypher", b'{"query": '), ("/cypher", b"not json"), ("/queries/who_asked_about", b"[1, 2"),
             ("/queries/who_asked_about", b'{"entity_id": "\xff\xfe"}')]
    for depth in (100, 500, 940, 990, 5000, 100_000):
        for kind in ("list", "map"):
            posts += [("/cypher", f'{{"query": "RETURN $a", "parameters": {{"a": {nested(depth, kind=kind)}}}}}'
                       .encode()),
                      ("/cypher", f'{{"query": "RETURN 1", "row_limit": {nested(depth, kind=kind)}}}'.encode()),
                      ("/queries/who_asked_about", f'{{"entity_id": {nested(depth, kind=kind)}}}'.encode()),
                      ("/queries/who_asked_about", nested(depth, kind=kind).encode())]
    for path, body in posts:
        response = httpx.post(f"{api_url}{path}", content=body, headers={"content-type": "application/json"},
                              timeout=60)
        if response.status_code < 400:
            continue  # a nested parameter the query could take
        assert_error_shape(response)
        if path.startswith("/queries"):
            assert response.status_code in (400, 422), (path, body[:80], response.text[:200])


@pytest.fixture(scope="module")
def failing_api_url(corpus_store: Store) -> Iterator[str]:
    """The real app plus test-only routes and a middleware that fail the ways nothing in the API should."""
    app = create_app(corpus_store)

    async def fails_async():
        raise RuntimeError("a secret /home/x/y.py detail\nsecond line")

    def fails_in_a_thread():
        raise KeyError("a secret")

    def recurses():
        return json.loads("[" * 100_000 + "]" * 100_000)  # json's RecursionError

    def store_fails():
        raise StoreError("the embedded server (pid 1) stopped; restarting it")

    for path, endpoint in (("/test-only/async", fails_async), ("/test-only/sync", fails_in_a_thread),
                           ("/test-only/recursion", recurses), ("/test-only/store", store_fails)):
        app.add_api_route(path, endpoint, include_in_schema=False)

    @app.middleware("http")
    async def fails_in_middleware(request, call_next):
        if request.url.path == "/test-only/middleware":
            raise ValueError("a middleware bug")
        return await call_next(request)

    with serving(app) as url:
        yield url


@pytest.fixture
def server_log() -> Iterator[list[logging.LogRecord]]:
    """What uvicorn logs as errors, where the traceback of an unexpected exception goes."""
    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.ERROR)
    handler.emit = records.append
    logger = logging.getLogger("uvicorn.error")
    logger.addHandler(handler)
    yield records
    logger.removeHandler(handler)


def test_unexpected_exceptions_are_500_json_and_logged(failing_api_url: str, server_log) -> None:
    """Starlette's ServerErrorMiddleware answers these (the route raised past every specific handler, or the
    exception came from a middleware); was: text/plain "Internal Server Error"."""
    for path, name in (("/test-only/async", "RuntimeError"), ("/test-only/sync", "KeyError"),
                       ("/test-only/recursion", "RecursionError"), ("/test-only/middleware", "ValueError")):
        server_log.clear()
        response = httpx.get(f"{failing_api_url}{path}")
        detail = assert_error_shape(response, 500)
        assert detail == f"internal error ({name}); the server's log has the details"
        assert "secret" not in response.text and "Traceback" not in response.text
        deadline = time.monotonic() + 5  # logged right after the answer went out
        while not server_log and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [r for r in server_log if r.exc_info and r.exc_info[0].__name__ == name], (path, server_log)
    assert httpx.get(f"{failing_api_url}/stats").status_code == 200  # and the server goes on


def test_a_store_error_is_503_with_retry_after(failing_api_url: str) -> None:
    response = httpx.get(f"{failing_api_url}/test-only/store")
    assert assert_error_shape(response, 503) == "the embedded server (pid 1) stopped; restarting it"
    assert 1 <= int(response.headers["retry-after"]) <= 10


# --- offline docs (finding 10) --------------------------------------------------------------------------------------


def local_assets(html: str) -> list[str]:
    return re.findall(r'(?:src|href)="([^"]+)"', html) + re.findall(r"url: '([^']+)'", html) + \
        re.findall(r'spec-url="([^"]+)"', html)


def test_the_docs_load_only_local_files(api_url: str) -> None:
    """Was: /docs and /redoc loaded Swagger UI and ReDoc from cdn.jsdelivr.net (blank without internet)."""
    expected = {"/docs": {"/docs-assets/swagger-ui-bundle.js": "text/javascript",
                          "/docs-assets/swagger-ui.css": "text/css"},
                "/redoc": {"/docs-assets/redoc.standalone.js": "text/javascript"}}
    for page, assets in expected.items():
        response = httpx.get(f"{api_url}{page}")
        assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
        urls = local_assets(response.text)
        assert "/openapi.json" in urls and set(assets) <= set(urls), urls
        assert all(u.startswith("/") and not u.startswith("//") for u in urls), urls
        assert "http" not in response.text.replace("http-equiv", ""), response.text
        for url in urls:
            asset = httpx.get(f"{api_url}{url}")
            assert asset.status_code == 200, url
            if url in assets:
                assert asset.headers["content-type"].startswith(assets[url]), (url, asset.headers["content-type"])
                assert len(asset.content) > 100_000, url  # the real bundle, not a stub
    assert httpx.get(f"{api_url}/docs-assets/core.py").status_code == 404  # only the listed files
    assert httpx.get(f"{api_url}/docs-assets/..%2Fcore.py").status_code == 404


# --- the API key (finding 10) ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def keyed_api_url(corpus_store: Store) -> Iterator[str]:
    with serving(create_app(corpus_store, api_key=KEY)) as url:
        yield url


PUBLIC = ["/", "/static/app.js", "/static/lib/apikey.js", "/docs", "/redoc", "/openapi.json",
          "/docs-assets/swagger-ui-bundle.js", "/docs-assets/redoc.standalone.js"]
PROTECTED = [("GET", "/stats", None), ("GET", "/health", None), ("GET", "/search?q=gsps", None),
             ("GET", "/entities/scheme:gsps", None), ("GET", "/funding", None), ("GET", "/queries", None),
             ("POST", "/queries/who_asked_about", {"entity_id": "scheme:gsps"}),
             ("POST", "/cypher", {"query": "RETURN 1"}), ("GET", "/questions?limit=1", None)]


def test_with_a_key_the_pages_are_public_and_the_data_is_not(keyed_api_url: str) -> None:
    """Was: 401 for /, /static/* and /docs too, so the explorer could not even load."""
    for path in PUBLIC:
        assert httpx.get(f"{keyed_api_url}{path}").status_code == 200, path
    for method, path, body in PROTECTED:
        refused = httpx.request(method, f"{keyed_api_url}{path}", json=body)
        assert_error_shape(refused, 401)
        wrong = httpx.request(method, f"{keyed_api_url}{path}", json=body, headers={"X-API-Key": "nope"})
        assert_error_shape(wrong, 401)
        for headers in ({"X-API-Key": KEY}, {"Authorization": f"Bearer {KEY}"}):
            assert httpx.request(method, f"{keyed_api_url}{path}", json=body, headers=headers).status_code == 200, \
                (method, path, headers)
    # paths that start like a public one reach only the static files, or nothing
    for sneaky in ("/static/..%2Fstats", "/static%2F..%2Fstats", "/docs/..%2Fstats", "/docs-assets/..%2Fstats",
                   "/openapi.json/../stats", "//stats"):
        response = httpx.get(f"{keyed_api_url}{sneaky}")
        assert response.status_code in (401, 404), (sneaky, response.status_code)
        assert "total_nodes" not in response.text


def test_the_schema_declares_the_key_only_when_one_is_required(api_url: str, keyed_api_url: str) -> None:
    keyed = httpx.get(f"{keyed_api_url}/openapi.json").json()
    assert keyed["components"]["securitySchemes"]["ApiKey"] == {
        "type": "apiKey", "in": "header", "name": "X-API-Key",
        "description": "The server's key ($INNOGRAPH_API_KEY); every endpoint requires it"}
    assert {"ApiKey": []} in keyed["security"]
    open_schema = httpx.get(f"{api_url}/openapi.json").json()
    assert "security" not in open_schema and "securitySchemes" not in open_schema.get("components", {})


@pytest.mark.parametrize(("variable", "value", "message"), [
    ("INNOGRAPH_MAX_BODY_BYTES", "a lot", "$INNOGRAPH_MAX_BODY_BYTES must be a whole number of bytes, not 'a lot'"),
    ("INNOGRAPH_CYPHER_CONCURRENCY", "two", "$INNOGRAPH_CYPHER_CONCURRENCY must be a whole number, not 'two'"),
    ("INNOGRAPH_CYPHER_QUEUE", "-1", "$INNOGRAPH_CYPHER_QUEUE must be at least 0, not -1"),
])
def test_a_bad_setting_stops_serve_in_one_line_before_it_starts_anything(tmp_path, monkeypatch, variable, value,
                                                                          message) -> None:
    monkeypatch.setenv(variable, value)
    home = tmp_path / "home"
    result = run_cli("serve", "--port", "0", home=home, timeout=60)
    assert result.returncode == 1
    assert " ".join(result.stderr.split()) == f"innograph: {message}"
    assert not home.exists()  # no server was started
