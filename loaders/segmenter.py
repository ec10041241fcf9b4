"""jieba, the Chinese word segmenter, made faster without changing a single word it cuts.

1. Its dictionary, loaded in a third of the time jieba takes. jieba keeps its prefix dictionary (~500,000 words
and their prefixes) as a marshal file in the temporary folder and reads it on first use: 1.2–1.4 s of CPU on this
machine, every build, on the critical path before the text analysis starts. The same dictionary as a pickle loads
in ~0.4 s (benchmarks/README.md, "Cold build"). So the first build on a machine lets jieba build or read its own
cache and keeps a pickle of the result; later builds read the pickle and hand it to jieba as if it had loaded it
itself. Same words, same frequencies: the segmentation, and so
the graph, do not change.

The pickle lives in the user's cache folder ($XDG_CACHE_HOME/innograph, else ~/.cache/innograph), not in the
innograph home: it depends only on the installed jieba, and every new home (a first build, each test's) would
otherwise pay for it again. A file that cannot be read or written is not an error: jieba then loads as it always did.

2. Each block segmented once. jieba cuts a text block by block — a run of Chinese characters, Latin letters and
digits between punctuation or spaces — and the cut of a block depends on the block and the dictionary alone. The
bundled corpus says the same things often (45% of its block characters are in a block met before: headings,
"創新科技及工業局", set phrases of the replies), so BlockSegmenter remembers each block's words and spaCy's tokenizer
uses it in place of jieba's module (its `cut` is the same function). The memory is forgotten when a word is added to
the dictionary, and kept to MAX_BLOCKS blocks.

3. Its HMM (the Viterbi path through B/M/E/S of a run of characters the dictionary does not know) computed as jieba
does, step for step and float for float, but with back-pointers instead of a copy of every path at every step
(quadratic in the run), and once per run: `viterbi` replaces jieba.finalseg.viterbi. It was a fifth of a cold
build's text analysis; jieba's model never changes, so a run's path is remembered (MAX_RUNS runs).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Iterator
from pathlib import Path

import jieba
import jieba.finalseg

MAX_BLOCKS = 200_000  # blocks remembered (~30 MB at most); past that the memory starts again
MAX_RUNS = 100_000  # HMM paths remembered; past that the memory starts again


def cache_folder() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "innograph"


def load_jieba_dictionary(folder: Path | None = None) -> None:
    """Make jieba's default tokenizer ready (jieba.initialize()), from the pickle when there is one."""
    tokenizer = jieba.dt
    if tokenizer.initialized:
        return
    path = (folder or cache_folder()) / f"jieba-{_dictionary_digest(tokenizer)}.pickle"
    try:
        with path.open("rb") as f:
            freq, total = pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, ValueError, TypeError):
        jieba.initialize()
        _keep(path, (tokenizer.FREQ, tokenizer.total))
        return
    with tokenizer.lock:  # what jieba.initialize() sets, under the lock it takes
        tokenizer.FREQ, tokenizer.total, tokenizer.initialized = freq, total, True


def _dictionary_digest(tokenizer: jieba.Tokenizer) -> str:
    """Which dictionary: jieba's version and the dictionary file's path, size and time (a new jieba, another file)."""
    dictionary = tokenizer.dictionary  # None: the one jieba ships
    where = Path(dictionary) if dictionary else Path(jieba.__file__).parent / jieba.DEFAULT_DICT_NAME
    try:
        stat = where.stat()
        facts = f"{jieba.__version__}\0{where}\0{stat.st_size}\0{stat.st_mtime_ns}"
    except OSError:
        facts = f"{jieba.__version__}\0{dictionary}"
    return hashlib.sha256(facts.encode()).hexdigest()[:16]


def _keep(path: Path, dictionary: tuple[dict[str, int], int]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            pickle.dump(dictionary, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)  # whole or not at all, also with two builds writing at once
    except OSError:
        pass


class BlockSegmenter:
    """jieba.cut(text) (accurate mode, with the HMM, on jieba's default tokenizer), remembering each block's words."""

    def __init__(self, tokenizer: jieba.Tokenizer | None = None) -> None:
        self.tokenizer = tokenizer or jieba.dt
        self.words: dict[str, tuple[str, ...]] = {}
        self.dictionary_state: tuple[int, int] = (-1, -1)

    def cut(self, text: str, cut_all: bool = False) -> Iterator[str]:
        if cut_all:
            raise ValueError("BlockSegmenter cuts in jieba's accurate mode only")
        self._forget_if_the_dictionary_changed()
        # jieba's own split: runs of Chinese characters, letters and digits, and what lies between them (spaces
        # and punctuation, which it yields one by one); either kind of piece is cut alone as in the whole text.
        for block in jieba.re_han_default.split(text):
            if not block:
                continue
            words = self.words.get(block)
            if words is None:
                if len(self.words) >= MAX_BLOCKS:
                    self.words.clear()
                words = self.words[block] = tuple(self.tokenizer.cut(block))
            yield from words

    def _forget_if_the_dictionary_changed(self) -> None:
        """jieba.add_word changes the dictionary's size and total frequency; the blocks cut before may cut
        differently now."""
        state = (len(self.tokenizer.FREQ), self.tokenizer.total)
        if state != self.dictionary_state:
            self.words.clear()
            self.dictionary_state = state


_paths: dict[str, tuple[float, list[str]]] = {}
_JIEBA_VITERBI = jieba.finalseg.viterbi


def viterbi(obs: str, states: str, start_p: dict, trans_p: dict, emit_p: dict) -> tuple[float, list[str]]:
    """jieba.finalseg.viterbi: the same sums in the same order, the same choice between equal scores (max of
    (score, state): the later state wins a tie), the same path."""
    model = jieba.finalseg
    if states != "BMES" or start_p is not model.start_P or trans_p is not model.trans_P or emit_p is not model.emit_P:
        return _JIEBA_VITERBI(obs, states, start_p, trans_p, emit_p)  # not jieba's own model: not remembered
    found = _paths.get(obs)
    if found is None:
        if len(_paths) >= MAX_RUNS:
            _paths.clear()
        found = _paths[obs] = _viterbi(obs, start_p, trans_p, emit_p)
    return found[0], list(found[1])  # a list of its own, as jieba's is


_MIN_FLOAT = jieba.finalseg.MIN_FLOAT


def _viterbi(obs: str, start_p: dict, trans_p: dict, emit_p: dict) -> tuple[float, list[str]]:
    emit = {y: emit_p[y] for y in "BMES"}
    # each state's two possible states before it (jieba.finalseg.PrevStatus), with the transition's score
    steps = [(y, [(y0, trans_p[y0].get(y, _MIN_FLOAT)) for y0 in jieba.finalseg.PrevStatus[y]]) for y in "BMES"]
    scores = {y: start_p[y] + emit[y].get(obs[0], _MIN_FLOAT) for y in "BMES"}
    back: list[dict[str, str]] = []
    for char in obs[1:]:
        new, came_from = {}, {}
        for y, ((y0, t0), (y1, t1)) in steps:
            em_p = emit[y].get(char, _MIN_FLOAT)
            first, second = (scores[y0] + t0 + em_p, y0), (scores[y1] + t1 + em_p, y1)
            new[y], came_from[y] = second if second > first else first  # max([first, second])
        scores = new
        back.append(came_from)
    prob, state = max((scores[y], y) for y in "ES")
    path = [state]
    for came_from in reversed(back):
        state = came_from[state]
        path.append(state)
    path.reverse()
    return prob, path


jieba.finalseg.viterbi = viterbi
