"""`innograph build` end to end: the bundled corpus in a real embedded store, read back over Bolt."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from graph import embedded
from graph.store import Store, settings_for_server
from loaders.corpus import BUNDLED_SOURCES
from tests.conftest import run_cli, warm_home

# What the replies themselves fix (the entity and funding counts are checked in test_facts.py).
EXPECTED_NODES = {"Document": 5, "Legislator": 64, "Programme": 10, "Question": 251}
EXPECTED_RELS = {"ASKED": 251, "ADDRESSED_TO": 251, "FROM_DOCUMENT": 251, "UNDER_PROGRAMME": 259, "HAS_PROGRAMME": 10}


def counts(store: Store) -> tuple[dict[str, int], dict[str, int]]:
    return store.label_counts(), store.relationship_counts()


def test_counts_match_the_corpus(corpus_store):
    labels, types = counts(corpus_store)
    for label, n in EXPECTED_NODES.items():
        assert labels.get(label) == n, label
    for rel_type, n in EXPECTED_RELS.items():
        assert types.get(rel_type) == n, rel_type


def test_itib001_in_the_store(corpus_store):
    rows = corpus_store.read(
        "MATCH (l:Legislator)-[a:ASKED]->(q:Question {reply_no: 'ITIB001'})-[:ADDRESSED_TO]->(b) "
        "MATCH (q)-[:UNDER_PROGRAMME]->(p:Programme) MATCH (q)-[:FROM_DOCUMENT]->(d:Document) "
        "RETURN l.name AS asker, a.legco_ref AS ref, a.quote AS quote, q.question_no AS qno, b.id AS body, "
        "b.head_no AS head, p.label AS programme, d.sha256 AS sha"
    )
    assert rows == [
        {
            "asker": "陳振英",
            "ref": "18",
            "quote": "陳振英議員(立法會內部參考編號：18)",
            "qno": "3130",
            "body": "bureau:itib",
            "head": "135",
            "programme": "(2) 創新科技及工業",
            "sha": "3942c1bfcb494316c0d968e7aeebee54bddcc89b194aff3bfb48505f9d1be7f4",
        }
    ]


def test_heads_and_programmes(corpus_store):
    parts = corpus_store.read(
        "MATCH (d:Department)-[:PART_OF]->(b:Bureau {id: 'bureau:itib'}) WHERE d.id IN ['dept:dpo', 'dept:itc'] "
        "RETURN d.id AS d, b.id AS b ORDER BY d"
    )
    assert parts == [{"d": "dept:dpo", "b": "bureau:itib"}, {"d": "dept:itc", "b": "bureau:itib"}]
    per_head = corpus_store.read(
        "MATCH (q:Question)-[:ADDRESSED_TO]->(b) RETURN b.id AS body, count(q) AS n ORDER BY body"
    )
    assert per_head == [{"body": "bureau:itib", "n": 73}, {"body": "dept:dpo", "n": 106}, {"body": "dept:itc", "n": 72}]
    itib091 = corpus_store.read(
        "MATCH (:Question {reply_no: 'ITIB091'})-[:UNDER_PROGRAMME]->(p:Programme)<-[:HAS_PROGRAMME]-(:Department "
        "{id: 'dept:itc'}) RETURN p.id AS id ORDER BY id"
    )
    assert [r["id"] for r in itib091] == [f"programme:2025-26:155:{n}" for n in (1, 2, 3)]
    none = corpus_store.read("MATCH (q:Question) WHERE NOT (q)-[:UNDER_PROGRAMME]->() RETURN count(q) AS n")
    assert none == [{"n": 9}]


def test_build_twice_gives_the_same_graph(corpus_home, corpus_store, tmp_path):
    before = counts(corpus_store)
    first = tmp_path / "first.json"
    assert run_cli("export", "json", str(first), home=corpus_home).returncode == 0
    result = run_cli("build", home=corpus_home)
    assert result.returncode == 0, result.stderr
    assert "Question" in result.stdout and "251" in result.stdout
    assert counts(corpus_store) == before
    second = tmp_path / "second.json"
    assert run_cli("export", "json", str(second), home=corpus_home).returncode == 0
    graphs = [json.loads(path.read_text(encoding="utf-8")) for path in (first, second)]
    builds = [[n for n in g["nodes"] if n["labels"] == ["Build"]] for g in graphs]
    assert [len(b) for b in builds] == [1, 1]  # the store keeps the latest build's record …
    assert builds[0][0]["id"] < builds[1][0]["id"]  # … which says when it ran: the one thing that differs
    for g in graphs:
        g["nodes"] = [n for n in g["nodes"] if n["labels"] != ["Build"]]
    assert graphs[0] == graphs[1]


def test_export_json_shape(corpus_home, corpus_store, tmp_path):
    path = tmp_path / "graph.json"
    result = run_cli("export", "json", str(path), home=corpus_home)
    assert result.returncode == 0, result.stderr
    data = json.loads(path.read_text(encoding="utf-8"))
    labels, types = counts(corpus_store)
    assert len(data["nodes"]) == sum(labels.values())
    assert len(data["relationships"]) == sum(types.values())
    ids = {n["id"] for n in data["nodes"]}
    assert all(r["start"] in ids and r["end"] in ids for r in data["relationships"])
    itc = next(n for n in data["nodes"] if n["id"] == "dept:itc")
    assert itc["labels"] == ["Department"]
    assert itc["properties"]["name_en"] == "Innovation and Technology Commission"
    assert set(data["relationships"][0]) == {"type", "start", "end", "properties"}


@pytest.mark.parametrize(
    "damage, message",
    [
        (lambda raw: raw.replace("– 完  –", "", 1), "has no '– 完 –' before question 3139"),
        (lambda raw: raw[: raw.index("(問 題 編 號 ： 0643)") + 200], "reply to question 0643 is truncated"),
        (lambda raw: "", "empty file"),
    ],
    ids=["no-terminator", "truncated", "empty"],
)
def test_bad_input_fails_cleanly_and_writes_nothing(corpus_home, corpus_store, tmp_path, damage, message):
    before = counts(corpus_store)
    corpus = tmp_path / "corpus"
    shutil.copytree(BUNDLED_SOURCES, corpus)
    target = corpus / "001_290747ba864f0a9c.txt"
    target.write_text(damage(target.read_text(encoding="utf-8")), encoding="utf-8")
    manifest = corpus / "sources.yaml"
    manifest.write_text(
        manifest.read_text(encoding="utf-8").replace(
            "sha256: 3942c1bfcb494316c0d968e7aeebee54bddcc89b194aff3bfb48505f9d1be7f4", ""
        ),
        encoding="utf-8",
    )

    result = run_cli("build", "--sources", str(corpus), home=corpus_home)
    assert result.returncode == 1
    error = result.stderr.strip().splitlines()[-1]
    assert error.startswith("innograph: ") and "Traceback" not in result.stderr
    assert "001_290747ba864f0a9c.txt" in error and message in error
    assert counts(corpus_store) == before


def test_edited_file_is_refused_by_its_checksum(corpus_home, tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(BUNDLED_SOURCES, corpus)
    with (corpus / "002_7248ee00a4c7a5f9.txt").open("a", encoding="utf-8") as f:
        f.write("edited")
    result = run_cli("build", "--sources", str(corpus), home=corpus_home)
    assert result.returncode == 1
    assert "002_7248ee00a4c7a5f9.txt: content differs from the sha256 in the manifest" in result.stderr


def test_parse_command_prints_json(corpus_home):
    result = run_cli("parse", str(BUNDLED_SOURCES / "001_290747ba864f0a9c.txt"), home=corpus_home)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert len(data["replies"]) == 251 and data["disagreements"] == []
    assert data["replies"][0]["reply_no"] == "ITIB001" and data["replies"][0]["legislator"] == "陳振英"
    assert (data["language"], data["fiscal_year"], data["bureau"]) == ("zh-Hant", "2025-26", "創新科技及工業局")
    assert len(data["index"]) == 251 and data["index"][0]["programmes"] == [{"number": "2", "name": "創新科技及工業"}]
    missing = run_cli("parse", "no/such/file.txt", home=corpus_home)
    assert missing.returncode == 1 and "no/such/file.txt: no such file" in missing.stderr


def test_data_survives_a_restart(tmp_path, bundled_facts):
    home = warm_home(tmp_path / "home", bundled_facts)  # the bundled documents' facts: no text analysis again
    result = run_cli("build", home=home)  # starts its own embedded server and stops it when done
    assert result.returncode == 0, result.stderr
    assert embedded.status(home) is None
    info = embedded.start(home)
    try:
        with Store.connect(settings_for_server(info)) as store:
            assert store.label_counts()["Question"] == 251
    finally:
        embedded.stop(home)


def test_db_commands(tmp_path):
    home = tmp_path / "dbhome"
    assert run_cli("db", "status", home=home).returncode == 3
    started = run_cli("db", "start", home=home)
    assert started.returncode == 0 and "bolt://" in started.stdout
    try:
        status = run_cli("db", "status", home=home)
        assert status.returncode == 0 and "running" in status.stdout
    finally:
        stopped = run_cli("db", "stop", home=home)
    assert stopped.returncode == 0 and "stopped" in stopped.stdout
    assert not (Path(home) / embedded.STATE_FILE).exists()


def test_wrong_neo4j_uri_is_one_line(tmp_path, bundled_facts):
    import os
    import subprocess
    import sys

    warm_home(tmp_path, bundled_facts)  # the corpus is parsed before the store is reached: no text analysis again
    env = {**os.environ, "NEO4J_URI": "bolt://127.0.0.1:1", "INNOGRAPH_HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "innograph", "build"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parent.parent,
    )
    assert result.returncode == 1
    assert "cannot reach Neo4j at bolt://127.0.0.1:1" in result.stderr.strip().splitlines()[-1]


def test_a_server_that_cannot_start_fails_the_build_in_one_line_and_leaves_none_running(tmp_path):
    """The server starts in the background while the corpus is parsed (innograph/cli.py): when it cannot start
    (here a JVM flag that does not exist), the build still ends with one line and exit code 1, and no server of
    its home is left. A corpus of one press release keeps the parse short."""
    import os
    import subprocess
    import sys

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    name = "000_fe1fd75796096d66.txt"
    shutil.copy(BUNDLED_SOURCES / name, corpus)
    manifest = (BUNDLED_SOURCES / "sources.yaml").read_text(encoding="utf-8")
    entry = next(e for e in manifest.split("\n  - file: ")[1:] if e.startswith(name))
    lines = [line for line in entry.rstrip("\n").split("\n") if not line.startswith(("    expect:", "      "))]
    (corpus / "sources.yaml").write_text("documents:\n  - file: " + "\n".join(lines) + "\n", encoding="utf-8")
    home = tmp_path / "home"
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env.update(INNOGRAPH_HOME=str(home), ARCADEDB_JVM_ARGS="-XX:+NoSuchFlagInAnyJvm")
    result = subprocess.run([sys.executable, "-m", "innograph", "build", "--sources", str(corpus)], env=env,
                            capture_output=True, text=True, timeout=300, cwd=Path(__file__).resolve().parent.parent)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("innograph: embedded server exited during start") and "server.log" in last
    assert embedded.status(home) is None and not (home / embedded.STATE_FILE).exists()


def test_serve_answers_and_stops_the_embedded_server_it_started(tmp_path):
    """`innograph serve` as a user runs it: it starts the embedded store, answers over HTTP (researchers' read-only
    Cypher included: the reader user exists from the first start), and on SIGTERM stops the store it started."""
    import os
    import signal
    import socket
    import subprocess
    import sys
    import time

    import httpx

    from tests.conftest import PROJECT_DIR

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env["INNOGRAPH_HOME"] = str(tmp_path)
    serving = subprocess.Popen([sys.executable, "-m", "innograph", "serve", "--port", str(port)], cwd=PROJECT_DIR,
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert serving.poll() is None and time.monotonic() < deadline, "serve did not come up"
            time.sleep(0.3)
        assert embedded.status(tmp_path) is not None
        answer = httpx.post(f"http://127.0.0.1:{port}/cypher", json={"query": "RETURN 1 AS one"}, timeout=30)
        assert answer.json()["rows"] == [[1]]
    finally:
        serving.send_signal(signal.SIGTERM)
        serving.wait(timeout=60)
    assert embedded.status(tmp_path) is None, "the embedded server outlived `innograph serve`"
