"""The build pipeline's parallel text analysis gives the graph a serial build gives (loaders/workers.py).

A small real corpus, built in memory only (no store): the four bundled press documents and the three real ETWB
English replies, so that both the Chinese and the English pipelines and a replies document go through the workers.
"""

from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest

from loaders import workers
from loaders.corpus import BUNDLED_SOURCES, read_document, read_manifest
from loaders.errors import SourceError
from loaders.legco import parse_replies
from loaders.pipeline import build_corpus_graph
from loaders.segmenter import BlockSegmenter, load_jieba_dictionary
from loaders.workers import _chunks
from tests.conftest import ETWB_2003_04_ENTRY, PROJECT_DIR

PRESS = ("000_fe1fd75796096d66.txt", "002_7248ee00a4c7a5f9.txt", "003_3e86e7c9f427e146.txt",
         "004_27ebd2316b9477aa.txt")


def _graph(build) -> tuple[list, list]:
    """Every node and relationship with its properties, the Build node's run-dependent times left out."""
    nodes = sorted((n.id, str(n.label), repr(sorted(n.props.items()))) for n in build.graph.nodes()
                   if str(n.label) != "Build")
    rels = sorted((r.id, str(r.type), r.start, r.end, repr(sorted(r.props.items())))
                  for r in build.graph.relationships())
    return nodes, rels


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("small-corpus")
    manifest = (BUNDLED_SOURCES / "sources.yaml").read_text(encoding="utf-8")
    entries = manifest.split("\n  - file: ")[1:]
    kept = [e for e in entries if e.split("\n", 1)[0] in PRESS]
    for name in PRESS:
        shutil.copy(BUNDLED_SOURCES / name, folder / name)
    shutil.copy(PROJECT_DIR / "tests/fixtures/legco/en_etwb_2003_04_replies.txt", folder)
    text = "documents:\n" + "".join("  - file: " + e.rstrip("\n") + "\n" for e in kept) + ETWB_2003_04_ENTRY
    (folder / "sources.yaml").write_text(text, encoding="utf-8")
    return folder


def test_two_workers_build_the_graph_one_worker_builds(small_corpus: Path):
    serial = build_corpus_graph(small_corpus, workers=1)
    parallel = build_corpus_graph(small_corpus, workers=2)
    assert serial.graph.g.number_of_nodes() > 50 and serial.facts.mentions > 50  # a real corpus, not an empty one
    assert _graph(parallel) == _graph(serial)
    counts = [(b.facts.mentions, b.facts.funding_facts, b.facts.amounts) for b in (serial, parallel)]
    assert counts[0] == counts[1]


def test_chunks_cover_every_unit_once_in_order():
    for n, count in ((1, 8), (7, 8), (251, 8), (1000, 3)):
        spans = _chunks(n, count)
        assert [i for start, end in spans for i in range(start, end)] == list(range(n))
        assert len(spans) == min(n, count)


def test_block_segmenter_cuts_as_jieba_does_and_forgets_when_the_dictionary_changes():
    """The remembered cuts are jieba's, on a real replies text read twice (the second time from memory), and a
    word added to the dictionary is not hidden by a cut remembered before it (loaders/segmenter.py)."""
    import jieba

    load_jieba_dictionary()
    text = read_document(BUNDLED_SOURCES / "001_290747ba864f0a9c.txt").text[:30_000]
    segmenter = BlockSegmenter()
    assert list(segmenter.cut(text)) == list(jieba.cut(text))
    assert len(segmenter.words) > 500 and list(segmenter.cut(text)) == list(jieba.cut(text))

    # A tokenizer of its own (a copy of the dictionary), so that the word added does not reach other tests.
    private = jieba.Tokenizer()
    private.FREQ, private.total, private.initialized = dict(jieba.dt.FREQ), jieba.dt.total, True
    segmenter = BlockSegmenter(private)
    block = "甲乙丙丁戊己"  # no dictionary word: cut by the HMM, not into the four characters added below
    assert "乙丙丁戊" not in list(segmenter.cut(block))
    private.add_word("乙丙丁戊", freq=10**6)
    assert "乙丙丁戊" in list(segmenter.cut(block)) == list(private.cut(block))


def test_the_hmm_path_is_jiebas_own():
    """jieba's HMM as loaders/segmenter.py computes it (back-pointers, each run once) gives the score and path of
    jieba's own Viterbi, on every run of Chinese characters of a real reply and on characters its model never saw;
    a path handed out is the caller's to change."""
    import jieba.finalseg as hmm

    from loaders import segmenter

    text = read_document(BUNDLED_SOURCES / "001_290747ba864f0a9c.txt").text[:30_000]
    runs = [*hmm.re_han.findall(text), "㐀㐁㐂", "甲乙丙丁戊己", "的"]
    model = ("BMES", hmm.start_P, hmm.trans_P, hmm.emit_P)
    assert len(runs) > 500 and hmm.viterbi is segmenter.viterbi  # what jieba's cut calls
    for run in runs:
        expected = segmenter._JIEBA_VITERBI(run, *model)
        found = segmenter.viterbi(run, *model)
        assert found == expected, run
        found[1].append("X")
        assert segmenter.viterbi(run, *model) == expected, run  # remembered, and unchanged


def test_replies_parsed_in_workers_are_those_parsed_serially(monkeypatch):
    """An archive's replies documents are parsed in forked workers (loaders/workers.py): the same records."""
    monkeypatch.setattr(workers, "PARALLEL_PARSE_MIN_BYTES", 0)
    documents = [d for d in read_manifest(BUNDLED_SOURCES) if d.doc_type == "legco_replies"] * 2
    ahead = workers.parse_in_workers(documents, 2)
    assert len(ahead) == 1  # the same document twice: one entry, by path and fiscal year
    for doc in documents[:1]:
        source = read_document(doc.path)
        serial = parse_replies(source.text, source=str(doc.path), fiscal_year=doc.fiscal_year)
        assert ahead[(doc.path, doc.fiscal_year)][0] == source
        serial.text = workers.compact(serial.text)  # what the workers send back: the offsets in 4 bytes
        assert pickle.dumps(ahead[(doc.path, doc.fiscal_year)][1]) == pickle.dumps(serial)


def test_a_bad_replies_document_fails_a_parallel_parse_as_a_serial_one(small_corpus: Path, tmp_path: Path,
                                                                      monkeypatch):
    """A document a worker cannot parse is parsed again by the build, which raises the serial build's error."""
    folder = tmp_path / "corpus"
    shutil.copytree(small_corpus, folder)
    entry = ETWB_2003_04_ENTRY.replace("en_etwb_2003_04_replies.txt", "broken.txt").replace("2003-04", "2004-05")
    (folder / "broken.txt").write_text("Replies to initial written questions\nnothing else\n", encoding="utf-8")
    with (folder / "sources.yaml").open("a", encoding="utf-8") as manifest:
        manifest.write(entry)
    monkeypatch.setattr(workers, "PARALLEL_PARSE_MIN_BYTES", 0)
    assert sorted(map(bool, workers.parse_in_workers(read_manifest(folder), 2).values())) == [False, True]
    errors = []
    for threshold in (10**12, 0):  # serial, then in two workers
        monkeypatch.setattr(workers, "PARALLEL_PARSE_MIN_BYTES", threshold)
        with pytest.raises(SourceError) as raised:
            build_corpus_graph(folder, workers=2)
        errors.append(str(raised.value))
    assert errors[0] == errors[1] and "broken.txt" in errors[0]
