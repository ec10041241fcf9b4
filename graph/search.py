"""Name search over entities and legislators, in memory: the spellings people type find the name the documents print.

The embedded store has no full-text index, and a Lucene analyser would split Chinese names wrongly anyway, so the
search is deliberate. Every name, English name, alias and abbreviation is folded to one key (graph/names.py:
width, case, spaces, quotes and brackets, variant and simplified characters, English short forms and their Chinese),
and so is the query. How a name matched ranks it, best first:

  exact     the name as typed (only width, case and spaces aside)       港投公司, "digital  POLICY office"
  variant   the same key: another spelling of the whole name            「升」級 for 『升』級, AI資助計劃, 蘇長榮
  prefix    the name starts with the query's key                         港投, "Hong Kong Sci"
  contains  the name contains it (English from the start of a word)      科學園, "Subsidy Scheme"
  words     every word of the query starts a word of the name, or for    "tech talent scheme", "AI scheme subsidy"
            Chinese stands in it, in any order
  acronym   the query is the acronym of an English name                  HKSTP, ASTRI, LSCM
  fuzzy     a near miss (rapidfuzz), the closer first                    Cyberprot, 數碼政策辦公室

then the shorter name, then the better connected entity. The entities fit in memory many times over; the index is
loaded from the store once and reloaded when the graph changes (its node count, checked at most every few seconds).
A query does not walk every name: the keys are one string that str.find scans, English words are looked up in a
vocabulary, near misses are rapidfuzz's (C++) over all keys at once (benchmarks/bench_search.py).
"""

from __future__ import annotations

import re
import time
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from graph import cypher
from graph.model import SEARCHABLE_LABELS, Label
from graph.names import (
    acronyms,
    compact,
    folding,
    plain_key,
    search_key,
    search_words,
    spelling_key,
    spelling_words,
)
from graph.store import Store

MATCH_KINDS = ("exact", "variant", "prefix", "contains", "words", "acronym", "fuzzy")
EXACT, VARIANT, PREFIX, CONTAINS, WORDS, ACRONYM, FUZZY = range(len(MATCH_KINDS))
_RECHECK_SECONDS = 5.0
# What the search finds: the labels data/model.yaml marks `searchable`.
SEARCH_LABELS: tuple[Label, ...] = SEARCHABLE_LABELS
_LABEL_PARAMETERS = {"searchable_labels": [str(label) for label in SEARCHABLE_LABELS]}


@dataclass(frozen=True)
class Surface:
    """One name of an entry, folded the ways the search compares it."""

    text: str  # as the graph has it
    plain: str  # width, case and spaces folded: what `exact` compares
    key: str  # graph.names.search_key
    words: tuple[str, ...]  # the key's words (graph.names.search_words)
    spelling: str  # graph.names.spelling_key, without the terms: a typo is in the words as written
    spelled_words: tuple[str, ...]
    word_starts: frozenset[int]  # where in `key` an English word may start: after a space, a digit or Chinese

    def contains(self, key: str) -> bool:
        """`key` stands in this name: Chinese anywhere, English from the start of a word (the "nami" of "Cat
        Dynamics" is no name)."""
        if not key.isascii():
            return key in self.key
        start = self.key.find(key)
        while start >= 0 and start not in self.word_starts:
            start = self.key.find(key, start + 1)
        return start >= 0


@dataclass(frozen=True)
class Entry:
    id: str
    label: str
    name: str
    name_en: str | None
    aliases: tuple[str, ...]
    kind: str | None
    degree: int
    surfaces: tuple[Surface, ...]
    acronyms: frozenset[str]  # of its English name


@dataclass(frozen=True)
class Hit:
    entry: Entry
    match: str  # one of MATCH_KINDS
    matched: str  # the name, English name, alias or abbreviation that matched
    score: float = 100.0  # how close a fuzzy match is (0-100); 100 for every other kind


@dataclass(frozen=True)
class Query:
    plain: str
    key: str
    words: tuple[str, ...]
    spelling: str
    spelled_words: tuple[str, ...]

    @classmethod
    def of(cls, text: str) -> Query:
        return cls(plain_key(text), search_key(text), tuple(search_words(text)), spelling_key(text),
                   tuple(spelling_words(text)))

    @property
    def latin_letters(self) -> bool:
        return self.key.isascii() and self.key.replace("&", "").isalpha()


class WordIndex:
    """The English words of every name, each with the names (their numbers in a list of surfaces) that have it: a
    query word is looked up in the vocabulary once, not in every name."""

    def __init__(self, words_of_names: list[tuple[str, ...]]) -> None:
        postings: dict[str, set[int]] = defaultdict(set)
        for number, words in enumerate(words_of_names):
            for word in words:
                if word.isascii():
                    postings[word].add(number)
        self.vocabulary = list(postings)
        self.postings = [postings[word] for word in self.vocabulary]

    def starting(self, word: str) -> set[int]:
        """The names with a word that starts with `word`."""
        found: set[int] = set()
        for known, names in zip(self.vocabulary, self.postings, strict=True):
            if known.startswith(word):
                found |= names
        return found

    def near(self, word: str, min_score: float, min_length: int) -> dict[int, float]:
        """The names with a word that starts with `word` (score 100) or, for a word of `min_length` letters or more,
        is spelled within `min_score` of it: name -> its best score."""
        scores = dict.fromkeys(self.starting(word), 100.0)
        if len(word) >= min_length:
            for _, score, index in process.extract(word, self.vocabulary, scorer=fuzz.ratio, score_cutoff=min_score,
                                                   limit=None):
                for number in self.postings[index]:
                    scores[number] = max(scores.get(number, 0.0), score)
        return scores


class SearchIndex:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.entries: list[Entry] = []
        self._count: int | None = None
        self._checked = 0.0
        self.refresh()

    def refresh(self) -> None:
        rows = self.store.read(cypher.load("api/search_index"), **_LABEL_PARAMETERS)
        self.load([entry_of(row) for row in rows])
        self._count = len(rows)
        self._checked = time.monotonic()

    def load(self, entries: list[Entry]) -> None:
        """Index `entries`: look-up tables for the exact kinds, one list of every name for the scans."""
        self.entries = entries
        self._by_plain: dict[str, list[tuple[int, Surface]]] = defaultdict(list)
        self._by_key: dict[str, list[tuple[int, Surface]]] = defaultdict(list)
        self._by_acronym: dict[str, list[int]] = defaultdict(list)
        self._surfaces: list[tuple[int, Surface]] = []
        for number, entry in enumerate(entries):
            for surface in entry.surfaces:
                self._by_plain[surface.plain].append((number, surface))
                self._by_key[surface.key].append((number, surface))
                self._surfaces.append((number, surface))
            for acronym in entry.acronyms:
                self._by_acronym[acronym].append(number)
        self._spellings = [surface.spelling for _, surface in self._surfaces]
        # every key in one string, one per line: a fragment is found by str.find over all of them at once
        keys = [surface.key for _, surface in self._surfaces]
        self._all_keys = "\n".join(keys)
        self._key_starts = [0] * len(keys)
        for index in range(1, len(keys)):
            self._key_starts[index] = self._key_starts[index - 1] + len(keys[index - 1]) + 1
        self._words = WordIndex([surface.words for _, surface in self._surfaces])
        self._spelled_words = WordIndex([surface.spelled_words for _, surface in self._surfaces])

    def _refresh_if_changed(self) -> None:
        if time.monotonic() - self._checked < _RECHECK_SECONDS:
            return
        self._checked = time.monotonic()
        if self.store.read(cypher.load("api/search_index_count"), **_LABEL_PARAMETERS)[0]["total"] != self._count:
            self.refresh()

    def search(self, query: str, labels: set[str] | None = None, limit: int = 20) -> list[Hit]:
        self._refresh_if_changed()
        return self.find(query, labels, limit)

    def find(self, query: str, labels: set[str] | None = None, limit: int = 20) -> list[Hit]:
        """Best first: by match kind (MATCH_KINDS), then the closer fuzzy match, the shorter name, the better
        connected entity."""
        q = Query.of(query)
        if not q.key:
            return []
        best: dict[int, tuple[tuple, Hit]] = {}

        def found(number: int, kind: int, matched: str, score: float = 100.0) -> None:
            entry = self.entries[number]
            if labels and entry.label not in labels:
                return
            rank = (kind, -score, len(matched), -entry.degree, entry.id)
            if number not in best or rank < best[number][0]:
                best[number] = (rank, Hit(entry, MATCH_KINDS[kind], matched, score))

        for number, surface in self._by_plain.get(q.plain, ()):
            found(number, EXACT, surface.text)
        for number, surface in self._by_key.get(q.key, ()):
            found(number, VARIANT, surface.text)
        for index in self._containing(q.key):
            number, surface = self._surfaces[index]
            if surface.contains(q.key):
                found(number, PREFIX if surface.key.startswith(q.key) else CONTAINS, surface.text)
        if len(q.words) > 1:
            for index in self._with_every_word(q):
                found(*self._hit(index, WORDS))
        if q.latin_letters:
            self._acronyms(q, found)
        if len(best) < limit:  # a fuzzy match ranks after every other kind: needed only to fill the page
            for index, score in self._near_misses(q).items():
                found(*self._hit(index, FUZZY), round(score, 1))
        return [hit for _, hit in sorted(best.values(), key=lambda pair: pair[0])[:limit]]

    def _containing(self, fragment: str) -> Iterator[int]:
        """The names (their numbers in the list of surfaces) whose key contains `fragment`, each once."""
        at = self._all_keys.find(fragment)
        while at >= 0:
            index = bisect_right(self._key_starts, at) - 1
            yield index
            next_key = self._key_starts[index + 1] if index + 1 < len(self._key_starts) else len(self._all_keys)
            at = self._all_keys.find(fragment, next_key)

    def _hit(self, index: int, kind: int) -> tuple[int, int, str]:
        number, surface = self._surfaces[index]
        return number, kind, surface.text

    def _with_every_word(self, q: Query) -> set[int]:
        """The names that have every word of the query, in any order: an English word starts a word of the name
        ("tech" in "Technology"), a Chinese one stands anywhere in it."""
        latin = [w for w in q.words if w.isascii()]
        chinese = sorted((w for w in q.words if not w.isascii()), key=len, reverse=True)
        if latin:
            candidates = set.intersection(*(self._words.starting(w) for w in latin))
        else:
            candidates = set(self._containing(chinese[0]))
        return {i for i in candidates if all(w in self._surfaces[i][1].key for w in chinese)}

    def _acronyms(self, q: Query, found) -> None:
        numbers = set(self._by_acronym.get(q.key, ()))
        if len(q.key) >= folding().acronym_prefix_min_length:
            numbers |= {n for acronym, ns in self._by_acronym.items() if acronym.startswith(q.key) for n in ns}
        for number in numbers:
            found(number, ACRONYM, self.entries[number].name_en or self.entries[number].name)

    def _near_misses(self, q: Query) -> dict[int, float]:
        """Names a typo away: English word by word (each word of the query near a word of the name), anything
        else as a whole (its spelling key against each name's)."""
        rules = folding()
        if q.spelling.isascii():
            scores: dict[int, float] | None = None
            for word in q.spelled_words:
                near = self._spelled_words.near(word, rules.fuzzy_min_word_score, rules.fuzzy_min_word_length)
                scores = near if scores is None else {i: s + near[i] for i, s in scores.items() if i in near}
            return {i: s / len(q.spelled_words) for i, s in (scores or {}).items()}
        if len(q.spelling) < rules.fuzzy_min_query_length:
            return {}
        return {index: score for _, score, index in process.extract(
            q.spelling, self._spellings, scorer=fuzz.ratio, score_cutoff=rules.fuzzy_min_score, limit=None)}


def surface_of(text: str) -> Surface:
    spelled = folding().spelled(text)
    words = folding().searched_from(spelled).split()
    return Surface(text, plain_key(text), "".join(words), tuple(words), compact(spelled), tuple(spelled.split()),
                   _word_starts(words))


_LATIN_START = re.compile(r"(?<![0-9a-z])[0-9a-z]")


def _word_starts(words: list[str]) -> frozenset[int]:
    """The offsets in the joined `words` where a word starts, and where Latin follows anything else (InnoHK in
    第三個InnoHK研發平台)."""
    starts, offset = set(), 0
    for word in words:
        starts.add(offset)
        offset += len(word)
    starts.update(m.start() for m in _LATIN_START.finditer("".join(words)))
    return frozenset(starts)


def entry_of(row: dict) -> Entry:
    labels = row["labels"] or []
    names = [s for s in (row["name"], row["name_en"], *row["aliases"], row.get("abbreviation")) if s]
    return Entry(
        id=row["id"],
        label=labels[0] if labels else "",
        name=row["name"] or row["id"],
        name_en=row["name_en"],
        aliases=tuple(row["aliases"]),
        kind=row["kind"],
        degree=row["degree"] or 0,
        surfaces=tuple(surface_of(s) for s in dict.fromkeys(names)),
        acronyms=frozenset(acronyms(row["name_en"])) if row["name_en"] else frozenset(),
    )
