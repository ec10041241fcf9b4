"""POST /cypher: researchers' read-only Cypher over HTTP against the loaded corpus, and both walls against writes.

Wall 1 is graph.readonly.check_read_only (the tokenizer); wall 2 is the database's own: on the embedded server the
query runs as the `reader` user, whose group may only read records. Each wall is tested on its own, so that a hole
in one is not hidden by the other.
"""

from __future__ import annotations

import time

import pytest

from graph.readonly import QueryRefused, ReadOnlyCypher, check_read_only, tokens
from graph.store import Store
from tests.conftest import post_cypher as post

# Every one of these must be refused before it reaches the database.
WRITE_ATTEMPTS = [
    "CREATE (n:Hack {id: 'hack:1'})",
    "create (n:Hack {id: 'hack:1'})",
    "MERGE (n:Scheme {id: 'scheme:gsps'}) SET n.name = 'hacked'",
    "MATCH (n:Scheme {id: 'scheme:gsps'}) SET n.name = 'hacked'",
    "MATCH (n:Scheme {id: 'scheme:gsps'}) SET n:Hacked",
    "MATCH (n:Scheme {id: 'scheme:gsps'}) REMOVE n.name",
    "MATCH (n:Scheme {id: 'scheme:gsps'}) DETACH DELETE n",
    "MATCH ()-[r:FUNDS]->() DELETE r",
    "MATCH (n) WITH n LIMIT 1 FOREACH (x IN [1] | SET n.hacked = true)",
    "LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line",
    "CREATE CONSTRAINT hack IF NOT EXISTS FOR (n:Hack) REQUIRE n.id IS UNIQUE",
    "DROP CONSTRAINT hack IF EXISTS",
    "CREATE INDEX hack IF NOT EXISTS FOR (n:Scheme) ON (n.hacked)",
    "CALL db.createLabel('Hack')",
    "CALL dbms.security.createUser('eve', 'secret12', false)",
    "CALL apoc.create.node(['Hack'], {id: 'hack:1'})",
    "CALL { CREATE (:Hack {id: 'hack:1'}) } IN TRANSACTIONS",
    "MATCH (n) CALL (n) { SET n.hacked = true } RETURN count(*)",
    "UNWIND [1] AS x CALL { WITH x MERGE (:Hack {id: 'hack:' + x}) } RETURN x",
    "MATCH (n) RETURN n LIMIT 1; CREATE (:Hack {id: 'hack:1'})",
    "MATCH (n) RETURN n LIMIT 1; MATCH (n) DETACH DELETE n",
    "GRANT ROLE admin TO eve",
    "ALTER USER root SET PASSWORD 'hacked123'",
    "SHOW USERS",
    "STOP DATABASE neo4j",
    "USE system CREATE DATABASE hack",
    # spelling tricks
    "MATCH (n:Scheme {id: 'scheme:gsps'}) /* a comment */ SeT n.name = 'hacked'",
    "MATCH (n:Scheme {id: 'scheme:gsps'})\nSET\tn.name = 'hacked' // trailing comment",
    "MATCH (n:Scheme {id: 'scheme:gsps'})/**/SET/**/n.name = 'hacked'",
    "ＣＲＥＡＴＥ (n:Hack {id: 'hack:1'})",  # full-width letters: NFKC makes them CREATE
    "MATCH (n:Scheme {id: 'scheme:gsps'}) ſet n.name = 'hacked'",  # U+017F long s: NFKC gives "set"
    "CRE\u200bATE (n:Hack {id: 'hack:1'})",  # a zero-width space inside the keyword
    "MATCH (n) \u202eTES n.name = 'x'",  # a bidi override
    "MATCH (n) WHERE n.name = 'it''s' CREATE (:Hack)",
    "MATCH (n) WHERE n.name = \"a \\\" quote\" CREATE (:Hack)",
    "RETURN '/*' AS a CREATE (:Hack) RETURN '*/'",
    "MATCH (n) RETURN n /* unterminated comment CREATE (:Hack)",
    "MATCH (n) WHERE n.name = 'unterminated string RETURN n",
    "CALL `db`.`createLabel`('Hack')",
    "CALL db . createLabel('Hack')",
    "EXPLAIN CREATE (:Hack)",
    "PROFILE MERGE (:Hack {id: 'hack:1'})",
    "",
    "   ",
]

# Reads that must pass wall 1, including names that only look like keywords.
READS = [
    "MATCH (n:Scheme) RETURN n.name LIMIT 5",
    "MATCH (n) WHERE n.name CONTAINS 'CREATE' RETURN n.id",  # keywords inside strings are text
    "MATCH (n) RETURN n.`set`, n.`create`",
    "MATCH (n:`CREATE`) RETURN n",
    "MATCH (n) RETURN n.set AS s",  # a property key after a dot
    "// CREATE in a comment\nMATCH (n) RETURN count(n)",
    "MATCH (n) RETURN count(n) /* DELETE everything */",
    "MATCH (n) RETURN n.id;",
    "CALL db.labels() YIELD label RETURN label",
    "CALL db.relationshipTypes()",
    "MATCH (n) CALL (n) { RETURN n.id AS nid } RETURN nid LIMIT 3",
    "MATCH (n) CALL { WITH n RETURN n.id AS nid } RETURN nid LIMIT 3",
    "MATCH p = shortestPath((a {id: $a})-[*..4]-(b {id: $b})) RETURN p",
    "MATCH (n) WHERE n.name = $settings RETURN n",
    "MATCH (n) WHERE n.name STARTS WITH '創新' RETURN n.name",
]


@pytest.mark.parametrize("query", WRITE_ATTEMPTS)
def test_wall_one_refuses_every_write(query):
    with pytest.raises(QueryRefused):
        check_read_only(query)


@pytest.mark.parametrize("query", READS)
def test_wall_one_lets_reads_through(query):
    check_read_only(query)


def test_the_tokenizer_reads_strings_names_and_comments():
    found = [(t.kind, t.text) for t in tokens("MATCH (n:`a``b`) WHERE n.x = 'it\\'s' // c\nRETURN $p /* d */")]
    assert found == [("word", "MATCH"), ("symbol", "("), ("word", "n"), ("symbol", ":"), ("name", "a`b"),
                     ("symbol", ")"), ("word", "WHERE"), ("word", "n"), ("symbol", "."), ("word", "x"),
                     ("symbol", "="), ("string", "'it\\'s'"), ("word", "RETURN"), ("param", "p")]


# --- over HTTP against the loaded corpus --------------------------------------------------------------------------


def test_a_read_query_answers_from_the_corpus(client):
    # ITIB001 (001 lines 340-350): asked by 陳振英, head 135, programme (2) 創新科技及工業.
    r = post(client, "MATCH (l:Legislator)-[:ASKED]->(q:Question {reply_no: $reply_no}) "
                     "RETURN l.name AS legislator, q.head_no AS head, q.programmes AS programmes",
             {"reply_no": "ITIB001"})
    assert r.status_code == 200, r.text
    assert r.json() == {"columns": ["legislator", "head", "programmes"], "rows": [["陳振英", "135",
                        ["(2) 創新科技及工業"]]], "truncated": False, "row_limit": 1000}


def test_nodes_relationships_and_paths_come_in_the_graph_shape(client):
    r = post(client, "MATCH (l:Legislator {id: $id})-[a:ASKED]->(q) RETURN l, a, q ORDER BY q.reply_no LIMIT 1",
             {"id": "legislator:陳振英"})
    legislator, asked, question = r.json()["rows"][0]
    assert legislator["id"] == "legislator:陳振英" and legislator["labels"] == ["Legislator"]
    assert asked["type"] == "ASKED" and (asked["start"], asked["end"]) == ("legislator:陳振英", question["id"])
    assert question["properties"]["asker"] == "陳振英"
    path = post(client, "MATCH p = shortestPath((a {id: $a})-[*..4]-(b {id: $b})) RETURN p",
                {"a": "legislator:陳振英", "b": "inst:ugc"}).json()["rows"][0][0]
    assert path["nodes"][0]["id"] == "legislator:陳振英" and path["nodes"][-1]["id"] == "inst:ugc"
    assert len(path["relationships"]) == len(path["nodes"]) - 1


def test_rows_are_capped_and_the_cap_is_reported(client):
    r = post(client, "MATCH (q:Question) RETURN q.reply_no ORDER BY q.reply_no", row_limit=10).json()
    assert len(r["rows"]) == 10 and r["truncated"] is True and r["rows"][0] == ["ITIB001"]
    everything = post(client, "MATCH (q:Question) RETURN q.reply_no", row_limit=251).json()
    assert len(everything["rows"]) == 251 and everything["truncated"] is False
    assert post(client, "RETURN 1", row_limit=0).status_code == 422
    assert post(client, "RETURN 1", row_limit=10_001).status_code == 422


def test_a_slow_query_is_stopped_with_a_clear_400(client):
    started = time.monotonic()
    r = post(client, "MATCH (a),(b),(c) WHERE a.id + b.id + c.id = 'x' RETURN count(*)", timeout=1)
    assert r.status_code == 400 and "longer than 1 s" in r.json()["detail"]
    assert time.monotonic() - started < 10


def test_bad_queries_are_400_with_the_reason(client):
    syntax = post(client, "MATCH (n RETURN n")
    assert syntax.status_code == 400 and "syntax" in syntax.json()["detail"].lower()
    assert post(client, "RETURN $missing + 1").status_code in (200, 400)  # never a 500
    assert client.post("/cypher", json={"query": "RETURN 1", "writes": True}).status_code == 422
    assert client.post("/cypher", json={"parameters": {}}).status_code == 422
    assert client.post("/cypher", content=b"{not json", headers={"content-type": "application/json"}).status_code \
        == 422


def _fingerprint(store: Store) -> tuple:
    counts = (store.label_counts(), store.relationship_counts())
    gsps = store.read("MATCH (n {id: 'scheme:gsps'}) RETURN properties(n) AS p")[0]["p"]
    return counts, gsps


def test_every_write_attempt_over_http_is_refused_and_changes_nothing(client, corpus_store):
    before = _fingerprint(corpus_store)
    for query in WRITE_ATTEMPTS:
        r = post(client, query) if query.strip() else client.post("/cypher", json={"query": query})
        assert r.status_code in (400, 422), (query, r.status_code, r.text)
        assert r.json()["detail"], query
    assert _fingerprint(corpus_store) == before
    assert corpus_store.read("MATCH (n:Hack) RETURN count(n) AS n")[0]["n"] == 0


def test_wall_two_the_database_refuses_writes_from_the_reader(corpus_store):
    """Wall 1 bypassed: the reader connection itself is refused by the database, and nothing changes."""
    assert not corpus_store.dialect.enforces_read_access_mode  # ArcadeDB: hence the reader user
    cypher = ReadOnlyCypher(corpus_store)
    try:
        reader = cypher.reader()
        assert reader is not corpus_store and reader.settings.user == "reader"
        before = _fingerprint(corpus_store)
        for query in ["CREATE (n:Hack {id: 'hack:1'})", "MERGE (n:Hack {id: 'hack:2'})",
                      "MATCH (n:Scheme {id: 'scheme:gsps'}) SET n.name = 'hacked'",
                      "MATCH (n:Scheme {id: 'scheme:gsps'}) SET n:Hacked",
                      "MATCH (n:Scheme {id: 'scheme:gsps'}) REMOVE n.aliases",
                      "MATCH (n:Scheme {id: 'scheme:gsps'}) DETACH DELETE n",
                      "CREATE INDEX hack IF NOT EXISTS FOR (n:Scheme) ON (n.hacked)"]:
            with pytest.raises(Exception, match="Forbidden|not allowed"):
                reader.write(query)
        assert _fingerprint(corpus_store) == before
        assert reader.read("MATCH (q:Question) RETURN count(q) AS n") == [{"n": 251}]
    finally:
        cypher.close()


def test_parameters_bolt_cannot_carry_are_a_400(client):
    # found by the OpenAPI fuzzing: a 33-digit integer made the driver raise OverflowError (a 500)
    r = post(client, "RETURN $n AS n", {"n": 10**32})
    assert r.status_code == 400 and "64-bit" in r.json()["detail"]
    r = post(client, "RETURN $m AS m", {"m": {"deep": [1, -(10**30)]}})
    assert r.status_code == 400 and "m.deep[1]" in r.json()["detail"]
    assert post(client, "RETURN $n AS n", {"n": 2**63 - 1}).json()["rows"] == [[2**63 - 1]]
