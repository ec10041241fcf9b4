"""Name search over entities and legislators: exact, then prefix, then contains — CJK-aware, in memory.

The embedded store has no full-text index, and a Lucene analyser would split Chinese names wrongly anyway, so the
search is deliberate: every name, English name and alias is folded to one key (NFKC folds full-width forms,
U+31D0 "㇐" becomes "一", spaces go, Latin goes lower case) and matched by characters, not words. A few hundred
entities with a few aliases each fit in memory many times over; the index is loaded from the store once and
reloaded when the graph changes (its node count, checked at most every few seconds).
"""

from __future__ import annotations

import time
import unicodedata
from dataclasses import dataclass

from graph import cypher
from graph.model import SEARCHABLE_LABELS, Label
from graph.store import Store

EXACT, PREFIX, CONTAINS = 0, 1, 2
MATCH_KINDS = {EXACT: "exact", PREFIX: "prefix", CONTAINS: "contains"}
_RECHECK_SECONDS = 5.0
# What the search finds: the labels data/model.yaml marks `searchable`.
SEARCH_LABELS: tuple[Label, ...] = SEARCHABLE_LABELS
_LABEL_PARAMETERS = {"searchable_labels": [str(label) for label in SEARCHABLE_LABELS]}


def search_key(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).replace("\u31d0", "一")
    return "".join(folded.split()).casefold()


@dataclass(frozen=True)
class Entry:
    id: str
    label: str
    name: str
    name_en: str | None
    aliases: tuple[str, ...]
    kind: str | None
    degree: int
    keys: tuple[tuple[str, str], ...]  # (folded key, the surface form it came from)


@dataclass(frozen=True)
class Hit:
    entry: Entry
    match: str  # exact | prefix | contains
    matched: str  # the name, English name or alias that matched


class SearchIndex:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.entries: list[Entry] = []
        self._count: int | None = None
        self._checked = 0.0
        self.refresh()

    def refresh(self) -> None:
        rows = self.store.read(cypher.load("api/search_index"), **_LABEL_PARAMETERS)
        self.entries = [_entry(row) for row in rows]
        self._count = len(rows)
        self._checked = time.monotonic()

    def _refresh_if_changed(self) -> None:
        if time.monotonic() - self._checked < _RECHECK_SECONDS:
            return
        self._checked = time.monotonic()
        if self.store.read(cypher.load("api/search_index_count"), **_LABEL_PARAMETERS)[0]["total"] != self._count:
            self.refresh()

    def search(self, query: str, labels: set[str] | None = None, limit: int = 20) -> list[Hit]:
        """Best first: exact before prefix before contains; then the shorter name, the better connected entity."""
        self._refresh_if_changed()
        key = search_key(query)
        if not key:
            return []
        ranked: list[tuple[tuple, Hit]] = []
        for entry in self.entries:
            if labels and entry.label not in labels:
                continue
            best = _best_match(entry, key)
            if best is not None:
                kind, surface = best
                ranked.append(((kind, len(surface), -entry.degree, entry.id), Hit(entry, MATCH_KINDS[kind], surface)))
        ranked.sort(key=lambda pair: pair[0])
        return [hit for _, hit in ranked[:limit]]


def _entry(row: dict) -> Entry:
    labels = row["labels"] or []
    surfaces = [s for s in (row["name"], row["name_en"], *row["aliases"]) if s]
    return Entry(
        id=row["id"],
        label=labels[0] if labels else "",
        name=row["name"] or row["id"],
        name_en=row["name_en"],
        aliases=tuple(row["aliases"]),
        kind=row["kind"],
        degree=row["degree"] or 0,
        keys=tuple((search_key(s), s) for s in dict.fromkeys(surfaces)),
    )


def _best_match(entry: Entry, key: str) -> tuple[int, str] | None:
    best: tuple[int, str] | None = None
    for folded, surface in entry.keys:
        if folded == key:
            kind = EXACT
        elif folded.startswith(key):
            kind = PREFIX
        elif key in folded:
            kind = CONTAINS
        else:
            continue
        if best is None or (kind, len(surface)) < (best[0], len(best[1])):
            best = (kind, surface)
    return best
