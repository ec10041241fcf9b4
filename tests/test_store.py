"""The store layer against the real embedded server (ArcadeDB over Bolt): schema, batched MERGE, pruning,
transactions, dialect gaps, lifecycle and errors. docs/store.md explains the results.

Labels here are test-only (StoreTest*), so the shared session database stays usable by other test modules.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest
from neo4j import ManagedTransaction
from neo4j.exceptions import ConstraintError

from graph import embedded
from graph.store import ARCADEDB, Store, StoreError, open_store, settings_for_server

MERGE_NODES = "UNWIND $rows AS row MERGE (n:StoreTestA {id: row.id}) SET n += row.props"
MERGE_RELS = """
UNWIND $rows AS row
MATCH (a:StoreTestA {id: row.start})
MATCH (b:StoreTestB {id: row.end})
MERGE (a)-[r:STORE_TEST_T {id: row.id}]->(b)
SET r += row.props
"""


def node_rows(count: int, prefix: str = "a") -> list[dict]:
    return [{"id": f"{prefix}{i}", "props": {"name": f"node {i}", "aliases": [f"n{i}", f"#{i}"]}} for i in range(count)]


def count(store: Store, query: str, **params: object) -> int:
    return store.read(query, **params)[0]["c"]


def create_schema(store: Store) -> None:
    store.write("CREATE CONSTRAINT store_test_a_id IF NOT EXISTS FOR (n:StoreTestA) REQUIRE n.id IS UNIQUE")
    store.write("CREATE CONSTRAINT store_test_b_id IF NOT EXISTS FOR (n:StoreTestB) REQUIRE n.id IS UNIQUE")
    store.write("CREATE INDEX store_test_a_name IF NOT EXISTS FOR (n:StoreTestA) ON (n.name)")


# --- the server and its dialect ----------------------------------------------------------------------------------


def test_embedded_server_is_arcadedb_speaking_neo4j_5(store: Store) -> None:
    assert "ArcadeDB" in store.server_agent and store.server_agent.startswith("Neo4j/5")
    assert store.dialect is ARCADEDB
    assert store.database == "neo4j"


# --- schema and batched writes -----------------------------------------------------------------------------------


def test_schema_statements_are_idempotent(store: Store) -> None:
    create_schema(store)
    create_schema(store)
    constraints = {
        c["name"]: (c["labelsOrTypes"], c["properties"])
        for c in store.read("SHOW CONSTRAINTS YIELD name, labelsOrTypes, properties RETURN *")
        if c["name"].startswith("store_test_")
    }
    assert constraints == {"store_test_a_id": (["StoreTestA"], ["id"]), "store_test_b_id": (["StoreTestB"], ["id"])}
    indexes = store.read("SHOW INDEXES YIELD name RETURN collect(name) AS names")[0]["names"]
    assert "store_test_a_name" in indexes


def test_uniqueness_constraint_is_enforced(store: Store) -> None:
    create_schema(store)
    store.write(MERGE_NODES, rows=[{"id": "dup", "props": {}}])
    with pytest.raises(ConstraintError):
        store.write("CREATE (:StoreTestA {id: 'dup'})")


def test_batched_merge_is_idempotent(store: Store) -> None:
    create_schema(store)  # without the constraint's index every MERGE scans the label: 5,000 rows took 10 s
    rows = node_rows(2500, prefix="batch")
    batches: list[int] = []
    assert store.write_batches(MERGE_NODES, rows, batch_size=1000, on_batch=batches.append) == 2500
    assert batches == [1000, 1000, 500]
    store.write_batches(MERGE_NODES, iter(rows), batch_size=1000)  # any iterable, run twice
    assert count(store, "MATCH (n:StoreTestA) WHERE n.id STARTS WITH 'batch' RETURN count(n) AS c") == 2500
    node = store.read("MATCH (n:StoreTestA {id: 'batch7'}) RETURN n.name AS name, n.aliases AS aliases")[0]
    assert node == {"name": "node 7", "aliases": ["n7", "#7"]}  # list properties round-trip


def test_write_batches_wants_unwind_rows(store: Store) -> None:
    with pytest.raises(ValueError, match="UNWIND"):
        store.write_batches("MERGE (n:StoreTestA {id: $id})", [{"id": "x"}])


def test_null_in_props_removes_the_property(store: Store) -> None:
    """SET n += {name: null} removes `name`, as on Neo4j: a loader can clear a property by sending null."""
    store.write(MERGE_NODES, rows=[{"id": "nulls", "props": {"name": "before", "name_en": "x"}}])
    store.write(MERGE_NODES, rows=[{"id": "nulls", "props": {"name": None, "kind": "k"}}])
    props = store.read("MATCH (n:StoreTestA {id: 'nulls'}) RETURN properties(n) AS p")[0]["p"]
    assert props == {"id": "nulls", "name_en": "x", "kind": "k"}


def test_relationship_merge_by_id(store: Store) -> None:
    create_schema(store)
    store.write_batches(MERGE_NODES, node_rows(3, prefix="rel"))
    store.write("UNWIND $ids AS id MERGE (:StoreTestB {id: id})", ids=["b0", "b1"])
    rels = [
        {"id": "t1", "start": "rel0", "end": "b0", "props": {"weight": 1, "note": None}},
        {"id": "t2", "start": "rel0", "end": "b0", "props": {"weight": 2}},  # a second fact, same two nodes
        {"id": "t3", "start": "rel1", "end": "b1", "props": {"weight": 3}},
    ]
    store.write_batches(MERGE_RELS, rels)
    store.write_batches(MERGE_RELS, rels)
    found = store.read(
        "MATCH (:StoreTestA)-[r:STORE_TEST_T]->(:StoreTestB) RETURN r.id AS id, keys(r) AS keys ORDER BY id"
    )
    assert [r["id"] for r in found] == ["t1", "t2", "t3"]
    assert sorted(found[0]["keys"]) == ["id", "weight"]  # the null property was not stored
    assert store.relationship_counts()["STORE_TEST_T"] == 3


def test_prune_nodes_and_relationships_not_in_the_new_build(store: Store) -> None:
    store.write(MERGE_NODES, rows=node_rows(4, prefix="prune"))
    store.write("MERGE (:StoreTestB {id: 'prune-b'})")
    store.write(
        MERGE_RELS,
        rows=[{"id": f"prune-t{i}", "start": f"prune{i}", "end": "prune-b", "props": {}} for i in range(4)],
    )
    store.write(
        "MATCH ()-[r:STORE_TEST_T]->() WHERE r.id STARTS WITH 'prune' AND NOT r.id IN $ids DELETE r",
        ids=["prune-t0", "prune-t1"],
    )
    store.write(
        "MATCH (n:StoreTestA) WHERE n.id STARTS WITH 'prune' AND NOT n.id IN $ids DETACH DELETE n",
        ids=["prune1", "prune2"],
    )
    nodes = store.read("MATCH (n:StoreTestA) WHERE n.id STARTS WITH 'prune' RETURN n.id AS id ORDER BY id")
    rels = store.read("MATCH ()-[r:STORE_TEST_T]->() WHERE r.id STARTS WITH 'prune' RETURN r.id AS id")
    assert [n["id"] for n in nodes] == ["prune1", "prune2"]
    assert [r["id"] for r in rels] == ["prune-t1"]  # t0 deleted with its node, t2/t3 pruned


def test_counts_per_label_and_type(store: Store) -> None:
    store.write("MERGE (:StoreTestC:StoreTestD {id: 'two-labels'})")
    counts = store.label_counts()
    assert counts["StoreTestC"] == 1 and counts["StoreTestD"] == 1
    assert "StoreTestC" in [r["label"] for r in store.read("CALL db.labels() YIELD label RETURN label")]


# --- transactions and access modes -------------------------------------------------------------------------------


class Abort(Exception):
    pass


def test_exception_in_a_write_transaction_rolls_everything_back(store: Store) -> None:
    def write_then_fail(tx: ManagedTransaction) -> None:
        tx.run("UNWIND range(1, 5000) AS i CREATE (:StoreTestRollback {i: i})").consume()
        tx.run(MERGE_NODES, rows=[{"id": "rollback", "props": {}}]).consume()
        raise Abort

    with pytest.raises(Abort):
        store.run_in_write_transaction(write_then_fail)
    assert count(store, "MATCH (n:StoreTestRollback) RETURN count(n) AS c") == 0
    assert count(store, "MATCH (n:StoreTestA {id: 'rollback'}) RETURN count(n) AS c") == 0


def test_one_transaction_of_5000_merges_commits(store: Store) -> None:
    create_schema(store)

    def merge_all(tx: ManagedTransaction) -> int:
        return tx.run(MERGE_NODES + " RETURN count(*) AS c", rows=node_rows(5000, prefix="big")).single()["c"]

    assert store.run_in_write_transaction(merge_all) == 5000
    assert count(store, "MATCH (n:StoreTestA) WHERE n.id STARTS WITH 'big' RETURN count(n) AS c") == 5000


def test_read_access_mode_does_not_refuse_writes_on_arcadedb(store: Store) -> None:
    """The gap behind Dialect.enforces_read_access_mode: a read-only endpoint needs a read-only user instead."""
    assert not store.dialect.enforces_read_access_mode
    store.read("CREATE (:StoreTestReadMode {id: 'written-by-read'})")
    assert count(store, "MATCH (n:StoreTestReadMode) RETURN count(n) AS c") == 1


# --- lifecycle ---------------------------------------------------------------------------------------------------


def start_concurrently(home: Path) -> list[tuple[embedded.ServerInfo, bool]]:
    results: list[tuple[embedded.ServerInfo, bool]] = []
    threads = [threading.Thread(target=lambda: results.append(embedded.start_if_needed(home))) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_data_survives_stop_and_kill_9(tmp_path: Path) -> None:
    home = tmp_path / "home"
    (first, spawned_a), (second, spawned_b) = start_concurrently(home)
    assert first.pid == second.pid and sorted([spawned_a, spawned_b]) == [False, True]  # the lock: one server
    assert (home / "password").stat().st_mode & 0o777 == 0o600

    with Store.connect(settings_for_server(first)) as store:
        store.write(MERGE_NODES, rows=node_rows(10))
    assert embedded.stop(home) is True
    assert embedded.status(home) is None and not (home / "server.json").exists()
    assert embedded.stop(home) is False

    restarted = embedded.start(home)
    assert restarted.password == first.password
    with Store.connect(settings_for_server(restarted)) as store:
        assert count(store, "MATCH (n:StoreTestA) RETURN count(n) AS c") == 10
        store.write(MERGE_NODES, rows=node_rows(20))

    os.kill(restarted.pid, signal.SIGKILL)  # no shutdown at all: the WAL must carry the last write
    time.sleep(0.5)
    assert embedded.status(home) is None and not (home / "server.json").exists()  # stale state cleaned

    recovered = embedded.start(home)
    with Store.connect(settings_for_server(recovered)) as store:
        assert count(store, "MATCH (n:StoreTestA) RETURN count(n) AS c") == 20
    assert embedded.stop(home) is True


def test_open_store_stops_only_a_server_it_started(
    tmp_path: Path, embedded_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NEO4J_URI", raising=False)
    with open_store(embedded_home) as store:
        assert store.dialect is ARCADEDB
    assert embedded.status(embedded_home) is not None  # started before: left running

    home = tmp_path / "own"
    with open_store(home) as store:
        assert embedded.status(home) is not None
        store.write("MERGE (:StoreTestOwn {id: 'x'})")
    assert embedded.status(home) is None  # started by open_store: stopped on exit

    with pytest.raises(StoreError, match="not running"), open_store(home, start_embedded=False):
        pass


def test_wrong_neo4j_uri_fails_fast_with_one_clear_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEO4J_URI", "bolt://127.0.0.1:1")
    monkeypatch.setenv("NEO4J_PASSWORD", "irrelevant")
    started = time.monotonic()
    with pytest.raises(StoreError) as error, open_store(tmp_path):
        pass
    assert time.monotonic() - started < 5
    message = str(error.value)
    assert message.startswith("cannot reach Neo4j at bolt://127.0.0.1:1: ") and "\n" not in message
    assert "refused" in message.lower()
    assert not (tmp_path / "server.json").exists()  # NEO4J_URI set: the embedded server is not started


def test_wrong_password_is_reported_as_such(store: Store, embedded_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    info = embedded.status(embedded_home)
    monkeypatch.setenv("NEO4J_URI", info.uri)
    monkeypatch.setenv("NEO4J_USERNAME", "root")
    monkeypatch.setenv("NEO4J_PASSWORD", "wrong-password")
    with pytest.raises(StoreError, match="refused user 'root'"), open_store(embedded_home):
        pass
