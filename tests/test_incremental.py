"""Incremental builds: `innograph add` and `remove` on a small real corpus, and the facts cache.

The corpus: a bundled press release and the three real ETWB English replies; the document added and removed: another
bundled press release. Everything runs through the CLI against an embedded server of the test's own home.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from graph import embedded, writer
from graph.kg import KnowledgeGraph, Node, Relationship
from graph.model import Label, Rel
from graph.store import Store, settings_for_server
from loaders.corpus import BUNDLED_SOURCES
from loaders.fact_cache import FactCache
from loaders.pipeline import build_corpus_graph
from tests.conftest import ETWB_2003_04_ENTRY, PROJECT_DIR, run_cli

BASE = "000_fe1fd75796096d66.txt"
ADDED = "004_27ebd2316b9477aa.txt"


def _entry(name: str) -> str:
    manifest = (BUNDLED_SOURCES / "sources.yaml").read_text(encoding="utf-8")
    entry = next(e for e in manifest.split("\n  - file: ")[1:] if e.startswith(name))
    # without its `expect:` block: its floors hold beside the replies of the bundled corpus, not alone
    lines = [line for line in entry.rstrip("\n").split("\n") if not line.startswith(("    expect:", "      "))]
    return "  - file: " + "\n".join(lines) + "\n"


def _corpus(folder: Path) -> Path:
    folder.mkdir()
    shutil.copy(BUNDLED_SOURCES / BASE, folder)
    shutil.copy(PROJECT_DIR / "tests/fixtures/legco/en_etwb_2003_04_replies.txt", folder)
    (folder / "sources.yaml").write_text("documents:\n" + _entry(BASE) + ETWB_2003_04_ENTRY, encoding="utf-8")
    return folder


def _graph(store: Store) -> dict:
    """The store's graph as comparable data: every node but the Build node, every relationship, with properties."""
    nodes = store.read("MATCH (n) WHERE NOT n:Build RETURN n.id AS id, labels(n) AS labels, "
                       "properties(n) AS props ORDER BY id")
    rels = store.read("MATCH (a)-[r]->(b) RETURN r.id AS id, type(r) AS type, a.id AS start, b.id AS end, "
                      "properties(r) AS props ORDER BY id")
    return json.loads(json.dumps({"nodes": nodes, "relationships": rels}, sort_keys=True, default=str))


def _ok(result) -> str:
    assert result.returncode == 0, result.stderr
    return " ".join((result.stdout + result.stderr).split())


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory):
    """A server of the module's own: the writer deletes what a graph does not have, so not the session's store."""
    home = tmp_path_factory.mktemp("incremental-home")
    embedded.start(home)
    yield home
    embedded.stop(home)


def _small_graph(questions: int, build: str = "build:1") -> KnowledgeGraph:
    kg = KnowledgeGraph()
    kg.add_node(Node(Label.LEGISLATOR, "legislator:甲", {"name": "甲"}))
    for i in range(questions):
        qid = f"question:2025-26:TEST{i:03d}"
        kg.add_node(Node(Label.QUESTION, qid, {"name": f"TEST{i:03d}", "fiscal_year": "2025-26", "reply_no":
                                                f"TEST{i:03d}"}))
        kg.add_relationship(Relationship(Rel.ASKED, "legislator:甲", qid, f"ASKED:{i}", {}))
    kg.add_node(Node(Label.BUILD, build, {"name": build}))
    return kg


def test_a_big_difference_is_committed_in_batches_and_a_rebuild_writes_only_what_changed(home: Path, monkeypatch):
    monkeypatch.setattr(writer, "ONE_TRANSACTION_RECORDS", 10)
    monkeypatch.setattr(writer, "BATCH_SIZE", 4)
    with Store.connect(settings_for_server(embedded.start(home))) as store:
        writer.apply_schema(store)
        kg = _small_graph(12)
        order: list[int] = []
        report = writer.write_graph(store, kg, order.append)
        assert (report.created, report.updated, report.deleted) == (26, 0, 0) and report.transactions == 8
        assert order == [1, 4, 4, 4, 4, 4, 4, 1]  # the legislator, the questions, the ASKED, the Build node last
        assert store.label_counts()["Question"] == 12 and store.relationship_counts()["ASKED"] == 12
        again = writer.write_graph(store, kg)
        assert (again.created, again.updated, again.deleted) == (0, 0, 0)
        smaller = _small_graph(10, build="build:2")
        smaller.node_props("question:2025-26:TEST000")["name"] = "renamed"
        report = writer.write_graph(store, smaller)
        # two questions gone (with their ASKED), the old Build node replaced, one question renamed
        assert (report.created, report.updated, report.deleted) == (1, 1, 5)
        assert store.label_counts()["Question"] == 10 and store.relationship_counts()["ASKED"] == 10
        assert store.read("MATCH (n:Build) RETURN n.id AS id") == [{"id": "build:2"}]


def test_add_remove_and_add_again(home: Path, tmp_path: Path):
    corpus = _corpus(tmp_path / "corpus")
    _ok(run_cli("build", "--sources", str(corpus), home=home))
    with Store.connect(settings_for_server(embedded.start(home))) as store:
        original = _graph(store)
        added_file = tmp_path / ADDED  # from outside the corpus folder: add copies it in
        shutil.copy(BUNDLED_SOURCES / ADDED, added_file)
        printed = _ok(run_cli("add", str(added_file), "--sources", str(corpus), "--publisher", "香港數碼港管理有限公司",
                              "--published", "2024-02-28", "--fiscal-year", "2024-25", home=home))
        assert "from the cache" in printed and (corpus / ADDED).is_file()
        with_added = _graph(store)
        doc_ids = {n["id"] for n in with_added["nodes"] if n["labels"] == ["Document"]}
        assert len(doc_ids) == 3 and len(with_added["relationships"]) > len(original["relationships"])

        # incremental add == a full build of the same documents: the full build finds nothing else to write
        printed = _ok(run_cli("build", "--sources", str(corpus), home=home))
        assert "1 records created, 0 updated, 1 deleted" in printed  # the new Build node in place of the old
        assert _graph(store) == with_added

        printed = _ok(run_cli("remove", ADDED, "--sources", str(corpus), home=home))
        assert _graph(store) == original  # its own facts gone, shared ones without it among their sources
        # remove then add == the graph before the remove (the file stayed in the folder: add it from there)
        assert ADDED not in (corpus / "sources.yaml").read_text(encoding="utf-8") and (corpus / ADDED).is_file()

        _ok(run_cli("add", str(corpus / ADDED), "--sources", str(corpus), "--publisher", "香港數碼港管理有限公司",
                    "--published", "2024-02-28", "--fiscal-year", "2024-25", home=home))
        assert _graph(store) == with_added


def test_add_and_remove_refuse_bad_requests_in_one_line(tmp_path: Path):
    home, corpus = tmp_path / "home", _corpus(tmp_path / "corpus")
    before = (corpus / "sources.yaml").read_text(encoding="utf-8")
    for args, message in (
        (("add", str(tmp_path / "missing.txt"), "--sources", str(corpus), "--publisher", "p", "--published", "2025"),
         "no such file"),
        (("add", str(corpus / BASE), "--sources", str(corpus), "--publisher", "p", "--published", "2025"),
         "listed twice"),
        (("add", str(BUNDLED_SOURCES / ADDED), "--sources", str(corpus), "--publisher", "p", "--published", "2025",
          "--doc-type", "memo"), "doc_type 'memo'"),
        (("remove", "nothing.txt", "--sources", str(corpus)), "no document 'nothing.txt'"),
        (("remove", BASE, "--sources", str(BUNDLED_SOURCES)), "bundled corpus is not changed"),
    ):
        result = run_cli(*args, home=home)
        assert result.returncode == 1 and message in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert (corpus / "sources.yaml").read_text(encoding="utf-8") == before
    assert not (corpus / ADDED).exists()  # the refused add copied nothing in


def test_a_rebuild_analyses_only_the_document_that_changed(tmp_path: Path):
    corpus = _corpus(tmp_path / "corpus")
    cache = FactCache(tmp_path / "cache")
    first = build_corpus_graph(corpus, cache=cache, workers=1)
    assert len(cache.misses) == 2 and cache.hits == [] and len(cache.entries()) == 2
    press = corpus / BASE
    press.write_text(press.read_text(encoding="utf-8") + "\n本新聞稿完。\n", encoding="utf-8")
    (corpus / "sources.yaml").write_text((corpus / "sources.yaml").read_text(encoding="utf-8").replace(
        "    sha256: af70a85f699ffa8352ab993949e3c45816845fca87d35fd5bbaa30ee356ad1a6\n", ""), encoding="utf-8")
    again = FactCache(tmp_path / "cache")
    second = build_corpus_graph(corpus, cache=again, workers=1)
    changed = next(n.id for n in second.graph.nodes() if n.props.get("file_name") == BASE)
    assert again.misses == [changed] and len(again.hits) == 1  # the replies' text did not change: from the cache
    assert len(again.entries()) == 2  # the old text's entry was removed with it
    assert first.facts.mentions == second.facts.mentions
