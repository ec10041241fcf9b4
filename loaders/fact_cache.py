"""The facts each document's text states, kept on disk so that a rebuild analyses only the documents that changed.

A document's facts (loaders/facts.UnitFacts, one per text unit) are a pure function of its units' texts and of
what was known before the corpus was read (the gazetteer, the names discovery accepted, the rules: Extraction). The
cache key is a digest of exactly those inputs, plus the loader version (the code, rules and gazetteer:
loaders/version.py), so a hit is the analysis a fresh run would do, and anything that could change it misses:
an edited document, another fiscal year or language in its manifest entry, a new gazetteer entry, a name that
discovery accepts once another document joins the corpus (then every document is analysed again, which is right:
the new name may be mentioned anywhere).

One file per document, `<cache>/<loader version>/<document id>-<digest>.pickle`; writing a document's new entry
removes its older ones, and a build removes the entries of documents it no longer has (an edited file is a new
document: its old text's entry goes), so the cache holds the last build's documents and no more. The files are
pickles innograph wrote itself in the user's own innograph home; a file that cannot be read is a miss, never an
error.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Sequence
from pathlib import Path

from loaders.facts import Extraction, TextUnit, UnitFacts
from loaders.version import LOADER_VERSION

DIGEST_CHARS = 20


class FactCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder / LOADER_VERSION.replace("+", "-")
        self.hits: list[str] = []  # document ids read from the cache in this build
        self.misses: list[str] = []  # document ids analysed in this build

    def get(self, doc_id: str, digest: str) -> list[UnitFacts] | None:
        path = self._path(doc_id, digest)
        try:
            with path.open("rb") as f:
                facts = pickle.load(f)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            self.misses.append(doc_id)
            return None
        self.hits.append(doc_id)
        return facts

    def put(self, doc_id: str, digest: str, facts: list[UnitFacts]) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self._path(doc_id, digest)
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as f:
            pickle.dump(facts, f, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)  # a build killed while writing leaves no half file under the real name
        for older in self.folder.glob(f"{_safe(doc_id)}-*.pickle"):
            if older != path:
                older.unlink(missing_ok=True)

    def keep_only(self, doc_ids: set[str]) -> None:
        """Remove the entries of documents not in `doc_ids` (the corpus just built)."""
        kept = {_safe(doc_id) for doc_id in doc_ids}
        for path in self.entries():
            if path.stem.rsplit("-", 1)[0] not in kept:
                path.unlink(missing_ok=True)

    def entries(self) -> list[Path]:
        return sorted(self.folder.glob("*.pickle")) if self.folder.is_dir() else []

    def _path(self, doc_id: str, digest: str) -> Path:
        return self.folder / f"{_safe(doc_id)}-{digest}.pickle"


def _safe(doc_id: str) -> str:
    return doc_id.replace(":", "_")


def extraction_digest(extraction: Extraction) -> str:
    """What the analysis of any unit reads besides the unit: the accepted names (discovery's and the gazetteer's,
    the latter in LOADER_VERSION) and the entities never funded."""
    digest = hashlib.sha256(LOADER_VERSION.encode())
    for candidate in sorted(extraction.recognizer.candidates.values(), key=lambda c: c.id):
        digest.update(repr(candidate).encode() + b"\0")
    digest.update(repr(sorted(extraction.not_recipients)).encode())
    return digest.hexdigest()


def units_digest(units: Sequence[TextUnit], extraction_key: str) -> str:
    """The inputs of one document's analysis: each unit's text and the fields _analyse reads, and the extraction."""
    digest = hashlib.sha256(extraction_key.encode())
    for u in units:
        digest.update(u.text.encode() + b"\0")
        digest.update(repr((u.regions, u.default_funder, u.answering_body, u.programmes, u.fiscal_year,
                            u.language)).encode() + b"\0")
    return digest.hexdigest()[:DIGEST_CHARS]
