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
from concurrent.futures import ProcessPoolExecutor

from loaders.facts import Extraction, TextUnit, UnitFacts, analyse_units

# Below this many characters a pool costs more than it saves (forking, pickling results back): one core.
PARALLEL_MIN_CHARS = 200_000
CHUNKS_PER_WORKER = 4  # chunks of unequal cost even out over several per worker

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
