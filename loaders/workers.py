"""Text analysis on every core: the units of a corpus cut into contiguous chunks, analysed in forked processes.

Each unit's facts are a pure function of the unit and of what was known before the corpus was read
(loaders/facts.Extraction), so the chunks can be analysed anywhere and in any order; the results come back in the
units' order and are applied to the graph in that order, as a serial build does: the graph is the same whatever the
number of workers (tests/test_build_pipeline.py).

Why fork: a forked worker starts with the parent's spaCy pipelines, jieba dictionary and gazetteer already in
memory (copy-on-write), where a spawned one would spend ~2 s importing spaCy and loading jieba's dictionary again.
Where fork is not available (Windows, macOS's default), the analysis runs in this process.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
from array import array
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from loaders.corpus import DocumentText, SourceDocument, read_document
from loaders.facts import Extraction, TextUnit, UnitFacts, analyse_units
from loaders.legco import parse_replies
from loaders.legco_records import ParsedReplies
from loaders.text import NormalisedText

# Below this many characters a pool costs more than it saves (forking, pickling results back): one core.
PARALLEL_MIN_CHARS = 200_000
CHUNKS_PER_WORKER = 4  # chunks of unequal cost even out over several per worker

# Replies documents are parsed in workers when there are at least this many characters of them (the bundled
# corpus, ~1.3 MB in two documents, stays in one process).
PARALLEL_PARSE_MIN_BYTES = 4_000_000

# The work of the forked workers, set just before the pool forks them (inherited, never pickled).
_shared: tuple[list[TextUnit], Extraction] | None = None
_parent_pid: int | None = None
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def default_workers() -> int:
    """The cores this process may use (INNOGRAPH_WORKERS overrides)."""
    if setting := os.environ.get("INNOGRAPH_WORKERS"):
        return max(1, int(setting))
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


def analyse_in_workers(units: list[TextUnit], extraction: Extraction, workers: int | None = None) -> list[UnitFacts]:
    """analyse_units(units, extraction), cut into chunks over `workers` processes (None: every core, and one for a
    small corpus)."""
    if workers is None:
        workers = default_workers() if sum(len(u.text) for u in units) >= PARALLEL_MIN_CHARS else 1
    workers = min(workers, len(units))
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return analyse_units(units, extraction)
    global _shared, _parent_pid
    _shared, _parent_pid = (units, extraction), os.getpid()
    try:
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                                 initializer=_die_with_the_build) as pool:
            chunks = list(pool.map(_analyse_chunk, _chunks(len(units), workers * CHUNKS_PER_WORKER)))
    finally:
        _shared = None
    return [facts for chunk in chunks for facts in chunk]


def parse_in_workers(documents: list[SourceDocument], workers: int | None = None
                     ) -> dict[tuple[Path, str | None], tuple[DocumentText, ParsedReplies] | None]:
    """Each replies document read and parsed (parse_replies) in forked processes, by (path, fiscal year): parsing
    is ~1 s per MB on one core, the longest serial step of an archive's build after the analysis. A document whose
    reading or parsing raises is None here: the build parses it again itself, to raise the same error at the same
    point (a SourceError does not survive pickling back). {} when the corpus is small or fork is not available."""
    documents = [d for d in documents if d.doc_type == "legco_replies"]
    workers = min(workers or default_workers(), len(documents))
    if (workers <= 1 or "fork" not in multiprocessing.get_all_start_methods()
            or sum(d.path.stat().st_size for d in documents) < PARALLEL_PARSE_MIN_BYTES):
        return {}
    global _parent_pid
    _parent_pid = os.getpid()
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"),
                             initializer=_die_with_the_build) as pool:
        return dict(zip(((d.path, d.fiscal_year) for d in documents), pool.map(_parse_one, documents), strict=True))


def _parse_one(doc: SourceDocument) -> tuple[DocumentText, ParsedReplies] | None:
    try:
        source = read_document(doc.path)
        parsed = parse_replies(source.text, source=str(doc.path), fiscal_year=doc.fiscal_year, excerpt=doc.excerpt)
    except Exception:  # noqa: BLE001 - the build raises it again, serially, with its own message
        return None
    parsed.text = compact(parsed.text)  # half the offsets to send back and hold
    return source, parsed


def compact(text: NormalisedText) -> NormalisedText:
    """The same text, its offsets kept in 4 bytes each: raw_offsets in 8 (one a character), line_starts in ~36 (a
    tuple of ints). A build keeps every document's text, and at 100x the bundled corpus that was ~0.4 GB more."""
    if isinstance(text.raw_offsets, array) and text.raw_offsets.typecode == "i":
        return text
    try:
        return NormalisedText(text.text, array("i", text.raw_offsets), array("i", text.line_starts))
    except OverflowError:  # a text of 2 GB or more
        return text


def _chunks(n: int, count: int) -> list[tuple[int, int]]:
    """`count` contiguous (start, end) ranges covering 0..n, as equal as can be."""
    count = max(1, min(count, n))
    bounds = [n * i // count for i in range(count + 1)]
    return [(bounds[i], bounds[i + 1]) for i in range(count) if bounds[i] < bounds[i + 1]]


def _die_with_the_build() -> None:
    """A worker ends when the build's process does, also when it is killed (SIGKILL runs no cleanup): otherwise
    it would wait for work for ever, holding the build's stdout and every file the build had open when it forked —
    the embedded server's start lock among them while the server starts in the background (innograph/cli.py),
    which then kept that server from ever stopping (tests/test_supervision.py, a killed build)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != _parent_pid:  # the build died before prctl took effect
        os._exit(1)


def _analyse_chunk(span: tuple[int, int]) -> list[UnitFacts]:
    units, extraction = _shared
    return analyse_units(units[span[0] : span[1]], extraction)
