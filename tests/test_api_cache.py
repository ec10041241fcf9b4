"""Answers cached by the graph's build (api/cache.py): ETag, If-None-Match -> 304, a new build -> new answers."""

from __future__ import annotations

import uuid

import httpx

from api.app import create_app
from graph.store import Store
from tests.conftest import serving


def test_graph_answers_carry_the_build_etag_and_revalidate_with_304(client: httpx.Client) -> None:
    first = client.get("/entities/scheme:gsps/neighbours", params={"depth": 2})
    etag = first.headers["etag"]
    assert first.status_code == 200 and first.headers["cache-control"] == "no-cache"
    again = client.get("/entities/scheme:gsps/neighbours", params={"depth": 2})
    assert again.content == first.content and again.headers["etag"] == etag
    assert client.get("/stats").headers["etag"] == etag  # one graph, one build: the same tag on every answer
    unchanged = client.get("/entities/scheme:gsps/neighbours", params={"depth": 2}, headers={"If-None-Match": etag})
    assert unchanged.status_code == 304 and unchanged.content == b"" and unchanged.headers["etag"] == etag
    stale = client.get("/entities/scheme:gsps/neighbours", params={"depth": 2}, headers={"If-None-Match": '"old"'})
    assert stale.status_code == 200 and stale.content == first.content


def test_live_answers_errors_and_posts_are_not_tagged(client: httpx.Client) -> None:
    assert "etag" not in client.get("/health").headers  # the service now, not the graph
    missing = client.get("/entities/scheme:none-such")
    assert missing.status_code == 404 and "etag" not in missing.headers
    assert "etag" not in client.post("/cypher", json={"query": "RETURN 1 AS one"}).headers


def test_a_new_build_changes_the_etag_and_the_answers(store: Store) -> None:
    """Two Build nodes written into the session's spare store stand for two loads (a build writes one): the
    answer cached under the first is replaced, its ETag no longer matches, and the new one does."""
    tag = uuid.uuid4().hex[:8]
    first, second = f"build:test-cache-{tag}-1", f"build:test-cache-{tag}-2"
    create = "CREATE (:Build {id: $id, started: $id, finished: $id})"
    try:
        store.write(create, id=first)
        with serving(create_app(store, build_recheck=0)) as url, httpx.Client(base_url=url, timeout=60) as client:
            before = client.get("/stats")
            old_etag = before.headers["etag"]
            assert client.get("/stats").content == before.content  # served from the cache
            store.write(create, id=second)
            after = client.get("/stats")
            assert after.headers["etag"] != old_etag
            assert after.json()["nodes"]["Build"] == before.json()["nodes"]["Build"] + 1
            assert client.get("/stats", headers={"If-None-Match": old_etag}).status_code == 200
            assert client.get("/stats", headers={"If-None-Match": after.headers["etag"]}).status_code == 304
    finally:
        store.write("MATCH (b:Build) WHERE b.id IN $ids DELETE b", ids=[first, second])
