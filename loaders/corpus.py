"""The corpus: a folder of documents and the sources.yaml manifest that describes them."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml

from loaders.errors import SourceError

PROJECT_DIR = Path(__file__).resolve().parent.parent
BUNDLED_SOURCES = PROJECT_DIR / "data" / "sources"
MANIFEST = "sources.yaml"
DOC_TYPES = ("legco_replies", "press_release", "news", "slides")
_REQUIRED = ("file", "title", "publisher", "published", "language", "doc_type")


@dataclass(frozen=True)
class SourceDocument:
    path: Path
    title: str
    publisher: str
    published: str
    language: str
    doc_type: str
    fiscal_year: str | None
    title_en: str | None
    publisher_en: str | None
    sha256: str  # of the file as read; checked against the manifest when it gives one

    @property
    def file_name(self) -> str:
        return self.path.name


def read_manifest(folder: Path = BUNDLED_SOURCES) -> list[SourceDocument]:
    manifest = folder / MANIFEST
    if not manifest.is_file():
        raise SourceError(str(manifest), "no manifest: every corpus folder needs a sources.yaml")
    try:
        data = yaml.safe_load(manifest.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as err:
        line = getattr(getattr(err, "problem_mark", None), "line", None)
        raise SourceError(str(manifest), f"not valid YAML: {err}".splitlines()[0], line=line) from None
    entries = data.get("documents")
    if not isinstance(entries, list) or not entries:
        raise SourceError(str(manifest), "no 'documents:' list")
    return [_document(folder, manifest, i, entry) for i, entry in enumerate(entries, start=1)]


def _document(folder: Path, manifest: Path, number: int, entry: dict) -> SourceDocument:
    where = f"{manifest} (document {number})"
    missing = [k for k in _REQUIRED if not entry.get(k)]
    if missing:
        raise SourceError(where, f"missing field '{missing[0]}'")
    if entry["doc_type"] not in DOC_TYPES:
        raise SourceError(where, f"doc_type '{entry['doc_type']}' is not one of {', '.join(DOC_TYPES)}")
    path = folder / entry["file"]
    if not path.is_file():
        raise SourceError(where, f"file {path} does not exist")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if entry.get("sha256") and entry["sha256"] != digest:
        raise SourceError(str(path), "content differs from the sha256 in the manifest (was the file edited?)")
    return SourceDocument(
        path=path,
        title=str(entry["title"]),
        publisher=str(entry["publisher"]),
        published=str(entry["published"]),
        language=str(entry["language"]),
        doc_type=entry["doc_type"],
        fiscal_year=entry.get("fiscal_year"),
        title_en=entry.get("title_en"),
        publisher_en=entry.get("publisher_en"),
        sha256=digest,
    )


def read_text(path: Path) -> str:
    """The document's text; a binary or non-UTF-8 file is a SourceError naming the byte where it goes wrong."""
    data = path.read_bytes()
    if not data.strip():
        raise SourceError(str(path), "empty file")
    if (nul := data.find(b"\x00")) >= 0:
        raise SourceError(str(path), f"binary file (NUL byte at offset {nul}), not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise SourceError(str(path), f"not UTF-8 text (invalid byte at offset {err.start})", line=line) from None
