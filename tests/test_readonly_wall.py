"""Wall 1 of POST /cypher read as the server reads, tested against the server itself; and the limits of one query.

The differential test generates queries that mix write clauses with comments, strings, escapes, backticks, every
line terminator and unicode look-alikes, sends each straight to the embedded server as the read-only user
(bypassing wall 1), and requires: whenever the server calls the query a write attempt (a Security error), wall 1
(graph.readonly.check_read_only) refused it too. INNOGRAPH_WALL_EXAMPLES raises the number of examples (default
150, a few seconds).
"""

from __future__ import annotations

import os
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from neo4j.exceptions import ClientError

from graph import embedded, readonly
from graph.readonly import QueryRefused, ReadOnlyCypher, check_read_only
from graph.store import Store, settings_for_server
from tests.conftest import post_cypher as post

MARKER = "wall:marker"
MATCH_MARKER = f"MATCH (m:WallMarker {{id: '{MARKER}'}})"
RUNAWAY = "MATCH p=(a)-[*1..12]-(b) RETURN count(p)"

# Every character that ends a line somewhere, and the ones the server only treats as spaces.
TERMINATORS = ["\r", "\n", "\r\n", "\u0085", "\u2028", "\u2029", "\v", "\f"]


@pytest.fixture(scope="module")
def marked(embedded_home: Path):
    """A root and a reader connection to the session's server, and a node of its own label for writes to hit."""
    with Store.connect(settings_for_server(embedded.start(embedded_home))) as root:
        root.write("MERGE (m:WallMarker {id: $id}) SET m.name = 'marker', m.n = 1", id=MARKER)
        reader = root.read_only_store()
        try:
            yield root, reader
        finally:
            reader.close()
            root.write("MATCH (m:WallMarker) DETACH DELETE m")


def server_calls_it_a_write(reader: Store, query: str) -> bool:
    """Send `query` as the reader, in auto-commit (ArcadeDB refuses a reader's write when it commits)."""
    try:
        with reader.driver.session(database=reader.database) as session:
            session.run(query).consume()
    except ClientError as error:
        return "Security" in (error.code or "")
    return False


def refused_by_wall_one(query: str) -> bool:
    try:
        check_read_only(query)
    except QueryRefused:
        return True
    return False


def marker_state(root: Store) -> list[dict]:
    return root.read("MATCH (m:WallMarker) RETURN m.id AS id, m.name AS name, m.n AS n, labels(m) AS labels")


# --- explicit regressions -----------------------------------------------------------------------------------------

REGRESSIONS = [
    f"{MATCH_MARKER} //\rSET m.name = 'PWNED' RETURN m.name",  # issue 8: the server ends // comments at \r
    f"{MATCH_MARKER} //\rREMOVE m.name RETURN m.name",
    f"{MATCH_MARKER} //\rFOREACH (x IN [1] | SET m.name = 'PWNED') RETURN m.name",
    f"{MATCH_MARKER} // a comment\r\nSET m.name = 'PWNED' RETURN m.name",
    f"{MATCH_MARKER} WHERE m.n > 0SET m.name = 'PWNED' RETURN m.name",
    f"{MATCH_MARKER} /* x */REMOVE/* y */m.name RETURN m.name",
]


@pytest.mark.parametrize("query", REGRESSIONS)
def test_the_regressions_are_writes_for_the_server_and_refused_by_wall_one(marked, query):
    root, reader = marked
    before = marker_state(root)
    assert refused_by_wall_one(query), query
    if "0SET" not in query:  # the server reads `0SET` as one identifier: a syntax error, refused all the same
        assert server_calls_it_a_write(reader, query), query
    assert marker_state(root) == before


@pytest.mark.parametrize("terminator", TERMINATORS)
def test_wall_one_ends_a_comment_where_the_server_does(marked, terminator):
    """`RETURN 1 AS a //x<T>, 2 AS b`: the server's columns say whether <T> ended the comment; the wall must see
    the same `, 2 AS b`, or at least refuse the query."""
    _, reader = marked
    query = f"RETURN 1 AS a //x{terminator}, 2 AS b"
    with reader.driver.session(database=reader.database) as session:
        columns = session.run(query).keys()
    wall_sees_b = any(t.text == "b" for t in readonly.tokens(query))
    assert wall_sees_b == (columns == ["a", "b"]) or refused_by_wall_one(query)


def test_strings_escapes_and_names_are_read_as_the_server_reads_them(marked):
    _, reader = marked
    query = "RETURN 'a\\'b' AS s, \"c\\\"d\" AS t, '\\\\' AS u, 1 AS `x``y`, '//' AS w, '/*' AS z"
    with reader.driver.session(database=reader.database) as session:
        result = session.run(query)
        record = result.single()
    assert list(record.keys()) == ["s", "t", "u", "x`y", "w", "z"]
    assert list(record.values()) == ["a'b", 'c"d', "\\", 1, "//", "/*"]
    texts = [(t.kind, t.text) for t in readonly.tokens(query) if t.kind in ("string", "name")]
    assert texts == [("string", "'a\\'b'"), ("string", '"c\\"d"'), ("string", "'\\\\'"), ("name", "x`y"),
                     ("string", "'//'"), ("string", "'/*'")]


# --- the differential test ----------------------------------------------------------------------------------------


def _spelled(keyword: str) -> st.SearchStrategy[str]:
    """A keyword in upper, lower or mixed case, or disguised: full-width, long s, a zero-width space inside."""
    def full_width(word: str) -> str:
        return "".join(chr(ord(c) - 0x20 + 0xFF00) if c.isalpha() else c for c in word.upper())

    return st.sampled_from([keyword, keyword.lower(), keyword.title(), keyword.swapcase().title(),
                            full_width(keyword), keyword.lower().replace("s", "\u017f"),
                            keyword[:1] + "\u200b" + keyword[1:]])


WRITES = st.one_of(
    st.tuples(_spelled("SET"), st.sampled_from([" m.name = 'x'", " m:Hacked", " m += {n: 2}", " m.n = m.n + 1"])),
    st.tuples(_spelled("REMOVE"), st.sampled_from([" m.name", " m:WallMarker"])),
    st.tuples(_spelled("DELETE"), st.just(" m")),
    st.tuples(_spelled("DETACH"), st.just(" DELETE m")),
    st.tuples(_spelled("CREATE"), st.sampled_from([" (:WallMarker {id: 'new'})", " (m)-[:HACK]->(m)"])),
    st.tuples(_spelled("MERGE"), st.just(" (:WallMarker {id: 'merged'})")),
    st.tuples(_spelled("FOREACH"), st.just(" (x IN [1] | SET m.name = 'x')")),
    st.tuples(st.sampled_from(["CALL { WITH m SET m.name = 'x' }", "CALL (m) { SET m.name = 'x' }"]), st.just("")),
).map("".join)

COMMENT_TEXT = st.sampled_from(["", "x", " SET m.name = 'c' ", "*", "/", "'", "`", "\\", "*/", "//", "/*", "\u3000"])

SEPARATORS = st.one_of(
    st.sampled_from([" ", "\t", "\u3000", "\u00a0", "\u2003", "\u200b", "\ufeff", "\x00", *TERMINATORS]),
    st.builds(lambda text, end: f"//{text}{end}", COMMENT_TEXT, st.sampled_from(TERMINATORS)),
    st.builds(lambda text: f"/*{text}*/", COMMENT_TEXT.filter(lambda t: "*/" not in t)),
    st.just("/**/"),
)

GAP = st.lists(SEPARATORS, min_size=1, max_size=3).map("".join)

LITERALS = st.sampled_from([
    "'plain'", "'it\\'s'", '"a \\" quote"', "'\\\\'", "'// not a comment'", "'/* not a comment */'",
    "'SET m.name = 1'", "'\r\n'", "'a\u2028b'", "`SET`", "`a``b`", "'\\u0041'", "\"'\"", "'\"'",
    "'\uff07'", "`a\rb`", "`//`", "'\\\r'",
])
WITH_LITERAL = st.builds(lambda literal, gap: f"WITH m, {literal} AS s{gap}", LITERALS, GAP)

QUERIES = st.builds(
    lambda gap1, with_literal, write, gap2, end: f"{MATCH_MARKER}{gap1}{with_literal}{write}{gap2}{end}",
    GAP, st.one_of(st.just(""), WITH_LITERAL), WRITES, GAP,
    st.sampled_from(["RETURN m.id", "RETURN 1", "", "//", "/* end */ RETURN m.name"]),
)

EXAMPLES = int(os.environ.get("INNOGRAPH_WALL_EXAMPLES") or 150)


@settings(derandomize=True, max_examples=EXAMPLES, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(query=QUERIES)
def test_every_query_the_server_calls_a_write_is_refused_by_wall_one(marked, query):
    _, reader = marked
    if server_calls_it_a_write(reader, query):
        assert refused_by_wall_one(query), f"wall 1 let through a write: {query!r}"


def test_the_marker_makes_writes_real_write_attempts(marked):
    """Without a node to hit, `MATCH … SET` would do nothing and the differential test would prove nothing."""
    _, reader = marked
    queries = [f"{MATCH_MARKER}{gap}SET m.name = 'x'{gap}RETURN m.id" for gap in (" ", "//c\r", "/**/", "\u2028")]
    assert all(server_calls_it_a_write(reader, q) for q in queries)


# --- over HTTP against the loaded corpus --------------------------------------------------------------------------


def _fingerprint(store: Store) -> tuple:
    counts = (store.label_counts(), store.relationship_counts())
    gsps = store.read("MATCH (n {id: 'scheme:gsps'}) RETURN properties(n) AS p")[0]["p"]
    return counts, gsps


@pytest.mark.parametrize("query", [
    "MATCH (s:Scheme {id:'scheme:gsps'}) //\rSET s.name = 'PWNED' RETURN s.name",
    "MATCH (s:Scheme {id:'scheme:gsps'}) //\rREMOVE s.name RETURN s.name",
    "MATCH (s:Scheme {id:'scheme:gsps'}) //\rFOREACH (x IN [1] | SET s.name = 'PWNED') RETURN s.name",
    "MATCH (s:Scheme {id:'scheme:gsps'}) WHERE s.id <> '' AND 1 > 0SET s.name = 'PWNED' RETURN s.name",
])
def test_the_bypasses_of_issue_8_are_a_400_and_change_nothing(client, corpus_store, query):
    before = _fingerprint(corpus_store)
    r = post(client, query)
    assert r.status_code == 400, r.text
    assert r.json()["detail"].startswith("refused:")
    assert _fingerprint(corpus_store) == before


def _running_reader_queries(store: Store, text: str) -> list[str]:
    with store.driver.session(database=store.database) as session:
        rows = session.run("SHOW TRANSACTIONS YIELD transactionId, currentQuery, username").data()
    return [row["transactionId"] for row in rows if text in str(row["currentQuery"]) and row["username"] == "reader"]


def test_a_query_past_its_timeout_is_stopped_in_the_server(client, corpus_store):
    """Before: the API gave up at the timeout, but the server ran the query on for its own 30 s."""
    r = post(client, RUNAWAY, timeout=2)
    assert r.status_code == 400 and "longer than 2 s" in r.json()["detail"], r.text
    deadline = time.monotonic() + 10  # far below the server's own 30 s limit
    while _running_reader_queries(corpus_store, RUNAWAY) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _running_reader_queries(corpus_store, RUNAWAY) == []
    assert post(client, "RETURN 1 AS one").json()["rows"] == [[1]]


def test_too_many_queries_at_once_get_429_while_the_rest_of_the_api_answers(client):
    slots = readonly.default_concurrency()  # what the API's ReadOnlyCypher was made with, in this process
    extra = slots + readonly.default_queue(slots) + 2
    with ThreadPoolExecutor(max_workers=extra) as pool:
        runaways = [pool.submit(post, client, RUNAWAY, timeout=3) for _ in range(extra)]
        time.sleep(0.5)
        meanwhile = [client.get("/health"), client.get("/entities/scheme:gsps")]
        answers = [f.result() for f in runaways]
    assert [m.status_code for m in meanwhile] == [200, 200]
    statuses = sorted(a.status_code for a in answers)
    assert set(statuses) <= {400, 429} and statuses.count(429) >= 2, statuses
    busy = next(a for a in answers if a.status_code == 429)
    assert int(busy.headers["Retry-After"]) >= 1
    assert list(busy.json()) == ["detail"] and "\n" not in busy.json()["detail"]
    assert post(client, "RETURN 1 AS one").status_code == 200  # nothing left holding a slot


def test_deep_parameters_and_results_are_a_400(client):
    nested = '{"a": ' * 950 + "1" + "}" * 950  # written out: Python's json module cannot encode it
    r = client.post("/cypher", content=f'{{"query": "RETURN $m AS m", "parameters": {{"m": {nested}}}}}',
                    headers={"content-type": "application/json"})
    assert r.status_code == 400 and "nested more than 64 levels" in r.json()["detail"], r.text[:300]
    r = post(client, "RETURN reduce(acc = 1, i IN range(1, 400) | [acc]) AS deep")
    assert r.status_code == 400 and "more than 64 levels" in r.json()["detail"], r.text[:300]
    r = post(client, "RETURN reduce(acc = 1, i IN range(1, 30) | [acc]) AS fine")
    assert r.status_code == 200


def test_no_error_repeats_more_than_a_few_hundred_characters_of_the_input(client):
    long_name = "x" * 5000
    for query, parameters in [
        (f"MATCH (n RETURN n.{long_name}", {}),  # a syntax error: the server's message quotes the query
        (f"CALL db.{long_name}()", {}),
        (f"MATCH (n) RETURN n.a AS a, n.{long_name} AS b ORDER BY c", {}),
        ("RETURN $n AS n", {"n": 10**1000}),
        ("RETURN $n AS n", {long_name: {long_name: 10**40}}),
    ]:
        r = post(client, query, parameters)
        assert r.status_code == 400, r.text[:300]
        assert len(r.json()["detail"]) < 400, r.json()["detail"][:500]


# --- the reader after a store failure -----------------------------------------------------------------------------


def test_after_the_store_fails_the_next_query_connects_again(tmp_path):
    """The supervisor may restart the embedded server elsewhere and update store.settings: the reader follows."""
    home = tmp_path / "home"
    first = embedded.start(home)
    store = Store.connect(settings_for_server(first))
    cypher = ReadOnlyCypher(store)
    try:
        assert cypher.run("RETURN 1 AS one").rows == [[1]]
        old_reader = cypher.reader()
        embedded.stop(home)
        with pytest.raises(readonly.StoreError):
            cypher.run("RETURN 1 AS one")
        second = embedded.start(home)
        store.settings = settings_for_server(second)  # what the supervisor does after a restart
        assert cypher.run("RETURN 2 AS two").rows == [[2]]
        assert cypher.reader() is not old_reader and cypher.reader().settings.uri == second.uri
    finally:
        cypher.close()
        store.close()
        embedded.stop(home)


# --- the gate -----------------------------------------------------------------------------------------------------


def test_the_gate_lets_a_few_wait_and_turns_the_rest_away():
    gate = readonly.Gate(slots=1, queue=1, wait_s=30)
    first = gate.acquire(expected_s=5)
    with ThreadPoolExecutor(max_workers=1) as pool:
        waiter = pool.submit(gate.acquire, 5)
        while gate._waiting == 0:  # noqa: SLF001 — wait until the second caller is queued
            time.sleep(0.01)
        with pytest.raises(readonly.Busy) as busy:
            gate.acquire(expected_s=5)  # one running, one waiting: the queue is full
        assert 1 <= busy.value.retry_after <= 7
        gate.release(first)
        second = waiter.result(timeout=10)  # the waiter got the freed slot
    assert gate.running() == 1
    gate.release(second)
    assert gate.running() == 0


class _NoKiller(ReadOnlyCypher):
    """The real runner with its query killer switched off: what happens when a query cannot be stopped."""

    @staticmethod
    def _terminate(reader: Store, tag: str) -> None:
        pass


def test_a_slot_is_freed_when_the_server_stops_the_query_not_when_the_caller_gives_up(corpus_store):
    cypher = _NoKiller(corpus_store, concurrency=1, queue=0)
    try:
        with pytest.raises(readonly.QueryFailed, match="longer than 1 s"):
            cypher.run(RUNAWAY, timeout=1)
        assert cypher.gate.running() == 1  # the caller gave up, the server still runs it: the slot stays taken
        with pytest.raises(readonly.Busy):
            cypher.run("RETURN 1 AS one")
        for transaction_id in _running_reader_queries(corpus_store, RUNAWAY):
            with corpus_store.driver.session(database=corpus_store.database) as session:
                session.run("TERMINATE TRANSACTIONS $ids", ids=[transaction_id]).consume()
        deadline = time.monotonic() + 10
        while cypher.gate.running() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert cypher.run("RETURN 1 AS one").rows == [[1]]
    finally:
        cypher.close()
