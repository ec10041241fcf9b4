"""py2neo, for those who still use it: it has been end-of-life since 2023-05-19 and speaks Bolt 4.3 at most, and the
product itself uses the official driver. It offers Bolt 4.3-4.0, 4.0, 3.0 and 2.0; the embedded server answers
4.0, and the graph reads as it does through the driver (README, "For services and agents"). Only the embedded
server is tried here: py2neo's authors list Neo4j up to 4.4.

It connects as the embedded server's read-only user, the one POST /cypher uses, so a write is refused there too.
"""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from graph import embedded

py2neo = pytest.importorskip("py2neo", reason="py2neo is a test extra: pip install -e '.[test]'")


def connect(home: Path):
    info = embedded.start(home)  # the running server of the built corpus
    return py2neo.Graph(info.uri, auth=(info.reader_user, info.reader_password), name=info.database)


@pytest.fixture(scope="module")
def graph(corpus_home: Path):
    connected = connect(corpus_home)
    yield connected
    connected.service.connector.close()


def test_py2neo_negotiates_bolt_4_0_with_the_embedded_server(corpus_home: Path, caplog) -> None:
    caplog.set_level(logging.DEBUG, logger="py2neo.client.bolt")  # py2neo logs its Bolt handshake there
    graph = connect(corpus_home)
    try:
        assert graph.run("RETURN 1 AS one").evaluate() == 1
    finally:
        graph.service.connector.close()
    said = [record.getMessage() for record in caplog.records]
    assert any(line.endswith("C: <PROTOCOL> 4.3~4.0 | 4.0 | 3.0 | 2.0") for line in said), said[:5]
    assert any(line.endswith("S: <PROTOCOL> 4.0") for line in said), said[:5]


def test_graph_run_reads_the_corpus(graph) -> None:
    rows = graph.run("MATCH (l:Legislator)-[:ASKED]->(q:Question) WHERE l.name = $name "
                     "RETURN q.reply_no AS reply_no ORDER BY reply_no", name="陳振英").data()
    assert rows == [{"reply_no": "ITIB001"}, {"reply_no": "ITIB002"}]
    assert graph.run("MATCH (q:Question) RETURN count(q)").evaluate() == 251


def test_a_node_match(graph) -> None:
    matcher = py2neo.NodeMatcher(graph)
    tvp = matcher.match("Scheme", id="scheme:tvp").first()
    assert tvp is not None and tvp.has_label("Scheme") and tvp["name_en"] == "Technology Voucher Programme"
    assert matcher.match("Question").count() == 251


def test_a_write_is_refused_by_the_database(graph) -> None:
    with pytest.raises(py2neo.errors.ClientError, match="not allowed"):
        graph.run("CREATE (n:Py2neoProbe {id: 'probe'}) RETURN n").data()
    assert graph.run("MATCH (n:Py2neoProbe) RETURN count(n)").evaluate() == 0
