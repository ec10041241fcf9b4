"""Add documents to a corpus folder's sources.yaml, or take one out: what `innograph add` and `remove` change.

The manifest stays the one description of the corpus: `add` appends an entry per file (copying a file from outside
into the folder), `remove` deletes the lines of one entry and leaves the file where it is. Every edit is checked by
reading the new manifest strictly (loaders/corpus.read_manifest) before it replaces the old one, and `restore()`
puts the old text back when the build that follows fails, so a manifest never lists what the store does not hold.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

from graph.model import document_id
from loaders.corpus import BUNDLED_SOURCES, MANIFEST, SourceDocument, read_manifest, read_text
from loaders.errors import SourceError


@dataclass(frozen=True)
class Edit:
    """A manifest replaced by an edit, and what it said before (None: there was no manifest)."""

    manifest: Path
    before: str | None
    copied: tuple[Path, ...] = ()  # files copied into the folder by the edit

    def restore(self) -> None:
        if self.before is None:
            self.manifest.unlink(missing_ok=True)
        else:
            self.manifest.write_text(self.before, encoding="utf-8")
        for path in self.copied:
            path.unlink(missing_ok=True)


def add_documents(folder: Path, files: list[Path], fields: dict[str, str | None]) -> tuple[Edit, list[SourceDocument]]:
    """Append an entry for each of `files` (title: the given one, else the file's name) to folder/sources.yaml;
    returns the edit and the documents added. Refuses the bundled corpus, a file that is not there, a name taken by
    another file, and anything read_manifest refuses (a document listed already, a bad field)."""
    folder = _corpus_folder(folder)
    manifest = folder / MANIFEST
    before = read_text(manifest) if manifest.is_file() else None
    entries, copied = [], []
    try:
        for file in files:
            inside = _into_folder(folder, file)
            if inside != file.resolve():
                copied.append(inside)
            entry = {"file": inside.relative_to(folder.resolve()).as_posix(),
                     **{k: v for k, v in fields.items() if v is not None}}
            entry.setdefault("title", file.stem)
            entries.append(entry)
        added = yaml.safe_dump(entries, allow_unicode=True, sort_keys=False, width=200)
        text = (before.rstrip("\n") + "\n" if before else "documents:\n") + _indent(added)
        edit = Edit(manifest, before, tuple(copied))
        manifest.write_text(text, encoding="utf-8")
        try:
            documents = read_manifest(folder)
        except SourceError:
            edit.restore()
            raise
    except BaseException:
        for path in copied:
            path.unlink(missing_ok=True)
        raise
    names = {e["file"] for e in entries}
    return edit, [d for d in documents if d.path.relative_to(folder.resolve()).as_posix() in names]


def remove_document(folder: Path, which: str) -> tuple[Edit, SourceDocument]:
    """Delete the entry of one document — named by its file, its id (doc:…) or the start of its sha256 — from
    folder/sources.yaml; the file itself stays. Returns the edit and the document taken out."""
    folder = _corpus_folder(folder)
    manifest = folder / MANIFEST
    documents = read_manifest(folder)  # also: the folder has a manifest, and it is valid
    matches = [d for d in documents if _names(d, which, folder)]
    if not matches:
        known = ", ".join(d.path.relative_to(folder.resolve()).as_posix() for d in documents)
        raise SourceError(str(manifest), f"no document {which!r} in it (listed: {known})")
    if len(matches) > 1:
        raise SourceError(str(manifest), f"{which!r} names {len(matches)} documents: give the file name")
    if len(documents) == 1:
        raise SourceError(str(manifest), f"{which!r} is its only document: a corpus needs one at least")
    before = read_text(manifest)
    root = yaml.compose(before, Loader=yaml.SafeLoader)
    entries = next(value for key, value in root.value if key.value == "documents").value
    index = documents.index(matches[0])
    lines = before.splitlines(keepends=True)
    start = _entry_first_line(lines, entries[index].start_mark.line)
    end = entries[index + 1].start_mark.line if index + 1 < len(entries) else len(lines)
    end = _entry_first_line(lines, end) if index + 1 < len(entries) else end
    edit = Edit(manifest, before)
    manifest.write_text("".join(lines[:start] + lines[end:]), encoding="utf-8")
    try:
        read_manifest(folder)
    except SourceError:
        edit.restore()
        raise
    return edit, matches[0]


def _entry_first_line(lines: list[str], line: int) -> int:
    """The line of an entry's `- ` (PyYAML marks the entry's first key, on the same line)."""
    while line > 0 and not lines[line].lstrip().startswith("- "):
        line -= 1
    return line


def _names(doc: SourceDocument, which: str, folder: Path) -> bool:
    which = which.strip()
    relative = doc.path.relative_to(folder.resolve()).as_posix()
    return which in (relative, doc.path.name, document_id(doc.content_sha256)) or (
        len(which) >= 8 and (doc.sha256.startswith(which.lower()) or doc.content_sha256.startswith(which.lower())))


def _corpus_folder(folder: Path) -> Path:
    if not folder.is_dir():
        raise SourceError(str(folder), "no such folder (--sources names the corpus folder with its sources.yaml)")
    if folder.resolve() == BUNDLED_SOURCES.resolve():
        raise SourceError(str(folder), "the bundled corpus is not changed by add/remove: give --sources a folder "
                                       "of your own (copy data/sources there to start from it)")
    return folder


def _into_folder(folder: Path, file: Path) -> Path:
    """The file's path inside the folder, copied there when it is outside."""
    if not file.is_file():
        raise SourceError(str(file), "no such file")
    resolved = file.resolve()
    if resolved.is_relative_to(folder.resolve()):
        return resolved
    target = folder.resolve() / file.name
    if target.exists():
        raise SourceError(str(file), f"the corpus folder has another file named {file.name} already")
    shutil.copyfile(file, target)
    return target


def _indent(dumped: str) -> str:
    return "".join(f"  {line}" if line.strip() else line for line in dumped.splitlines(keepends=True))
