"""The corpus: a folder of documents and the sources.yaml manifest that describes them.

The manifest is read strictly, from the YAML node tree rather than from plain Python values, so that every
complaint names the line of the entry or field at fault: a wrong shape, an unknown field (a typo would otherwise
be ignored), a value YAML did not read as text (`sha256: 000…0` is the integer 0), a file outside the folder or
listed twice.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from graph import yaml_text
from graph.model import MODEL
from graph.resources import DATA_DIR
from loaders.errors import SourceError, yaml_error
from loaders.pdf import PDF_MAGIC, PageMap, is_pdf, read_pdf
from loaders.text import is_cjk

BUNDLED_SOURCES = DATA_DIR / "sources"
MANIFEST = "sources.yaml"
DOC_TYPES = MODEL.properties["doc_type"].values  # each has a loader (loaders/pipeline.DOCUMENT_LOADERS)
_REQUIRED = ("file", "title", "publisher", "published", "language", "doc_type")
_OPTIONAL = ("fiscal_year", "title_en", "publisher_en", "sha256", "expect", "excerpt")
# `excerpt: true`: the file is a copy of part of the document (a web page's excerpt) that may stop inside its last
# reply; that reply is read as far as it goes and marked truncated, where otherwise a reply with no end is refused
_BOOL_FIELDS = ("excerpt",)
_FIELDS = _REQUIRED + _OPTIONAL
_DATE_FIELDS = ("published",)  # an unquoted 2025-02-26 is a YAML date; the text as written is what we keep
_SHA256 = re.compile(r"[0-9a-fA-F]{64}")
_STR_TAG = "tag:yaml.org,2002:str"
_NULL_TAG = "tag:yaml.org,2002:null"
_TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
_BOOL_TAG = "tag:yaml.org,2002:bool"


@dataclass(frozen=True)
class Expectation:
    """One line of a document's `expect:` block: at least (min) or at most (max) `count` nodes of a label or
    relationships of a type that the document yields. Checked by loaders/expectations.py."""

    bound: str  # "min" or "max"
    name: str  # a label or a relationship type of data/model.yaml
    count: int
    line: int  # of sources.yaml


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
    # Of the file with LF line ends and no BOM (the file's own for such a file): the document's identity, so that a
    # copy saved on Windows or with a BOM is the same document with the same ids.
    content_sha256: str
    expectations: tuple[Expectation, ...] = ()  # what the document must yield (`expect:`), checked by the build
    manifest: Path | None = None
    excerpt: bool = False  # `excerpt: true`: its last reply may stop mid-answer (read so far, marked truncated)

    @property
    def file_name(self) -> str:
        return self.path.name


def read_manifest(folder: Path = BUNDLED_SOURCES) -> list[SourceDocument]:
    manifest = folder / MANIFEST
    if not manifest.is_file():
        raise SourceError(str(manifest), "no manifest: every corpus folder needs a sources.yaml")
    where = str(manifest)
    entries = _documents_node(_compose(manifest), where)
    seen: dict[Path | str, int] = {}  # resolved file and content hash -> line of the entry that lists it
    return [_document(folder, where, entry, seen) for entry in entries.value]


def _compose(manifest: Path) -> yaml.Node | None:
    text = read_text(manifest)
    try:
        return yaml_text.compose(text)
    except yaml.YAMLError as err:
        raise yaml_error(str(manifest), err, text) from None


def _documents_node(root: yaml.Node | None, where: str) -> yaml.SequenceNode:
    if not isinstance(root, yaml.MappingNode):
        found = f", not {_kind(root)}" if root is not None else ""
        raise SourceError(where, f"the top level must be a mapping with a 'documents:' list{found}", line=_line(root))
    documents = None
    for key, value in root.value:
        name = _key(key, where)
        if name != "documents":
            raise SourceError(where, f"unknown top-level key '{name}' (only 'documents:' is read)", line=_line(key))
        documents = value
    if documents is None:
        raise SourceError(where, "no 'documents:' list", line=_line(root))
    if not isinstance(documents, yaml.SequenceNode) or not documents.value:
        found = f", not {_kind(documents)}" if not isinstance(documents, yaml.SequenceNode) else " is empty"
        raise SourceError(where, f"'documents:' must be a list of entries{found}", line=_line(documents))
    return documents


def _document(folder: Path, where: str, entry: yaml.Node, seen: dict[Path | str, int]) -> SourceDocument:
    line = _line(entry)
    if not isinstance(entry, yaml.MappingNode):
        raise SourceError(
            where, f"a document entry must be a mapping of fields (file:, title:, …), not {_kind(entry)}", line
        )
    expect_node = next((node for key, node in entry.value if isinstance(key, yaml.ScalarNode)
                        and key.value == "expect"), None)
    entry = yaml.MappingNode(entry.tag, [(k, v) for k, v in entry.value if v is not expect_node],
                             entry.start_mark, entry.end_mark)
    fields = _fields(entry, where)
    missing = [k for k in _REQUIRED if not fields.get(k, (None,))[0]]
    if missing:
        raise SourceError(where, f"document entry without '{missing[0]}:'", line=line)
    value = {k: v for k, (v, _) in fields.items()}
    if value["doc_type"] not in DOC_TYPES:
        raise SourceError(
            where, f"doc_type '{value['doc_type']}' is not one of {', '.join(DOC_TYPES)}", line=fields["doc_type"][1]
        )
    if value.get("sha256") is not None and not _SHA256.fullmatch(value["sha256"]):
        shown = value["sha256"][:80]
        raise SourceError(where, f"sha256 '{shown}' is not 64 hexadecimal digits", line=fields["sha256"][1])
    if value.get("excerpt") not in (None, "true", "false"):
        raise SourceError(where, f"'excerpt' must be true or false, not '{value['excerpt'][:40]}'",
                          line=fields["excerpt"][1])
    path = _file_in_folder(folder, value["file"], where, fields["file"][1])
    digest, content = _hashes(path, value.get("sha256"))
    for key, twice in (
        (path.resolve(), "is listed twice (first at line {})"),
        (content, "is the same document as the entry at line {} (a copy, whatever its line ends)"),
    ):
        if key in seen:
            raise SourceError(where, f"{value['file']} {twice.format(seen[key])}", line=line)
        seen[key] = line
    return SourceDocument(
        path=path,
        title=value["title"],
        publisher=value["publisher"],
        published=value["published"],
        language=value["language"],
        doc_type=value["doc_type"],
        fiscal_year=value.get("fiscal_year"),
        title_en=value.get("title_en"),
        publisher_en=value.get("publisher_en"),
        sha256=digest,
        content_sha256=content,
        expectations=_expectations(expect_node, where) if expect_node is not None else (),
        manifest=Path(where),
        excerpt=value.get("excerpt") == "true",
    )


def _expectations(node: yaml.Node, where: str) -> tuple[Expectation, ...]:
    """`expect: {min: {Question: 251, FUNDS: 100}, max: {Question: 251}}`: names from data/model.yaml, whole
    counts; anything else is refused at its line."""
    names = set(MODEL.labels) | set(MODEL.relationships)
    if not isinstance(node, yaml.MappingNode):
        raise SourceError(where, f"'expect' must be a mapping with min: and/or max:, not {_kind(node)}", _line(node))
    found = []
    for bound_node, counts in node.value:
        bound = _key(bound_node, where)
        if bound not in ("min", "max"):
            raise SourceError(where, f"expect: '{bound}' must be min or max", _line(bound_node))
        if not isinstance(counts, yaml.MappingNode):
            raise SourceError(where, f"expect: {bound}: must map labels or relationship types to counts",
                              _line(counts))
        for name_node, count_node in counts.value:
            name = _key(name_node, where)
            if name not in names:
                close = difflib.get_close_matches(name, names, n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else ""
                raise SourceError(where, f"expect: {bound}: '{name}' is no label or relationship type of "
                                         f"data/model.yaml{hint}", _line(name_node))
            if not (isinstance(count_node, yaml.ScalarNode) and count_node.tag == "tag:yaml.org,2002:int"):
                raise SourceError(where, f"expect: {bound}: {name}: must be a whole number", _line(count_node))
            found.append(Expectation(bound, name, int(count_node.value), _line(name_node)))
    return tuple(found)


def _hashes(path: Path, expected: str | None) -> tuple[str, str]:
    """The sha256 of the file, checked against the manifest's, and of its content with LF line ends and no BOM."""
    data = _read_bytes(path)
    digest = hashlib.sha256(data).hexdigest()
    if expected and expected.lower() != digest:
        raise SourceError(str(path), "content differs from the sha256 in the manifest (was the file edited?)")
    if is_pdf(path, data[: len(PDF_MAGIC)]):
        return digest, digest  # binary: its bytes are its content
    return digest, hashlib.sha256(_LINE_ENDS.sub(b"\n", data.removeprefix(_UTF8_BOM))).hexdigest()


def _fields(entry: yaml.MappingNode, where: str) -> dict[str, tuple[str | None, int]]:
    """Every field of one entry as (text or None, line); anything but a known field with a text value is refused."""
    fields: dict[str, tuple[str | None, int]] = {}
    for key, node in entry.value:
        name, line = _key(key, where), _line(key)
        if name not in _FIELDS:
            close = difflib.get_close_matches(name, _FIELDS, n=1)
            hint = f" (did you mean '{close[0]}'?)" if close else f" (known: {', '.join(_FIELDS)})"
            raise SourceError(where, f"unknown field '{name}'{hint}", line=line)
        if name in fields:
            raise SourceError(where, f"field '{name}' is given twice in one entry", line=line)
        fields[name] = (_text(name, node, where), _line(node))
    return fields


def _text(name: str, node: yaml.Node, where: str) -> str | None:
    if isinstance(node, yaml.ScalarNode):
        if node.tag == _STR_TAG or (node.tag == _TIMESTAMP_TAG and name in _DATE_FIELDS):
            return node.value
        if node.tag == _NULL_TAG:
            return None
        if node.tag == _BOOL_TAG and name in _BOOL_FIELDS:
            return "true" if node.value.lower() in ("true", "yes", "on") else "false"
    scalar = isinstance(node, yaml.ScalarNode)
    hint = f" (YAML read {node.value[:80]} as {_kind(node)}; put it in quotes)" if scalar else ""
    raise SourceError(where, f"'{name}' must be text, not {_kind(node)}{hint}", line=_line(node))


def _key(node: yaml.Node, where: str) -> str:
    if not isinstance(node, yaml.ScalarNode) or node.tag != _STR_TAG:
        raise SourceError(where, f"a key must be a plain name, not {_kind(node)}", line=_line(node))
    return node.value


def _file_in_folder(folder: Path, name: str, where: str, line: int) -> Path:
    """The file `name` names, which must be inside the corpus folder once symlinks and '..' are resolved."""
    if Path(name).is_absolute():
        raise SourceError(where, f"file '{name}' must be a path inside the corpus folder, not an absolute path", line)
    path = folder / name
    try:
        inside = path.resolve().is_relative_to(folder.resolve())
        exists, is_file = path.exists(), path.is_file()
    except (OSError, ValueError, RuntimeError) as err:  # a NUL in the name, a symlink loop
        raise SourceError(where, f"file '{name}' cannot be opened: {err}", line=line) from None
    if not inside:
        raise SourceError(where, f"file '{name}' is outside the corpus folder {folder}", line=line)
    if not exists:
        raise SourceError(where, f"file {path} does not exist", line=line)
    if not is_file:
        raise SourceError(where, f"file {path} is not a file", line=line)
    return path


def _line(node: yaml.Node | None) -> int | None:
    return node.start_mark.line + 1 if node is not None else None  # marks count lines from 0


def _kind(node: yaml.Node | None) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if node is None or node.tag == _NULL_TAG:
        return "empty"
    kinds = {"int": "a number", "float": "a number", "bool": "true/false", "timestamp": "a date", "str": "text"}
    return kinds.get(node.tag.rsplit(":", 1)[-1], f"a {node.tag} value")


# --- documents -----------------------------------------------------------------------------------------------------

_UTF8_BOM = b"\xef\xbb\xbf"
_LINE_ENDS = re.compile(rb"\r\n?")
_UTF16_BOMS = {b"\xff\xfe": "utf-16-le", b"\xfe\xff": "utf-16-be"}
# Characters frequent in any Chinese text, in both scripts: a legacy decoding that is right is full of them, a
# wrong one (Big5 bytes read as GBK, or the reverse) yields other characters.
_COMMON_HANZI = frozenset("的一是在不了有和人中大上年及以於于為为這这個个們们會会與与國国對对發发時时說说之出後后等")
_LEGACY_ENCODINGS = (("big5hkscs", "Big5 (Traditional Chinese)"), ("gbk", "GBK (Simplified Chinese)"))


@dataclass(frozen=True)
class DocumentText:
    """A document's text and, for a PDF, the page of every offset of that text (loaders/pdf.py)."""

    text: str
    pages: PageMap | None = None


def read_document(path: Path) -> DocumentText:
    """The text of a text file (see read_text) or of a PDF (loaders/pdf.py: extracted, with its page map)."""
    data = _read_bytes(path)
    if is_pdf(path, data[: len(PDF_MAGIC)]):
        pdf = read_pdf(path, data)
        return DocumentText(pdf.text, pdf.pages)
    return DocumentText(_decoded(path, data))


def read_text(path: Path) -> str:
    """The document's text, exactly as on disk (a BOM and CR/CRLF line ends included: offsets point into it); for a
    PDF (by its first bytes or its name) the text loaders/pdf.py extracts.

    A file that is empty, binary or not UTF-8 is a SourceError naming the line of the first bad byte and, when
    it looks like UTF-16, Big5 or GBK, the encoding to convert from.
    """
    return read_document(path).text


def _decoded(path: Path, data: bytes) -> str:
    if not data.removeprefix(_UTF8_BOM).strip():
        raise SourceError(str(path), "empty file")
    if (nul := data.find(b"\x00")) >= 0:
        raise _not_utf8(path, data, nul)  # UTF-16 has NULs (in every ASCII character), binary files too
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise _not_utf8(path, data, err.start) from None


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as err:  # a folder, no permission
        raise SourceError(str(path), f"cannot be read: {err.strerror or err}") from None


def _not_utf8(path: Path, data: bytes, bad: int) -> SourceError:
    if utf16 := _as_utf16(data):
        encoding, text = utf16
        line = text[: bad // 2].count("\n") + 1  # UTF-16 code units are two bytes
        return SourceError(str(path), f"looks like {encoding.upper()}; save it as UTF-8", line=line)
    if data[bad] == 0:
        return SourceError(str(path), f"binary file (NUL byte at offset {bad}), not text")
    line = _byte_line(data, bad)
    if guess := _legacy_chinese(data):
        return SourceError(
            str(path), f"not UTF-8 text: {guess}; save it as UTF-8 (invalid byte at offset {bad})", line=line
        )
    return SourceError(str(path), f"not UTF-8 text (invalid byte at offset {bad})", line=line)


def _byte_line(data: bytes, offset: int) -> int:
    """1-based line of byte `offset`, counting LF, CRLF and lone CR (ASCII bytes in UTF-8, Big5 and GBK alike)."""
    return data.count(b"\n", 0, offset) + data.count(b"\r", 0, offset) - data.count(b"\r\n", 0, offset) + 1


def _as_utf16(data: bytes) -> tuple[str, str] | None:
    """(encoding, text) when `data` is UTF-16: a UTF-16 BOM, or no BOM and a strict decoding that reads as text."""
    for bom, encoding in _UTF16_BOMS.items():
        if data.startswith(bom):
            return encoding, data[len(bom) :].decode(encoding, errors="replace")
    if len(data) % 2:
        return None
    for encoding in ("utf-16-le", "utf-16-be"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _mostly_text(text):
            return encoding, text
    return None


def _mostly_text(text: str) -> bool:
    plausible = sum(ch in "\t\r\n" or " " <= ch <= "~" or is_cjk(ch) for ch in text)
    return plausible >= 0.95 * len(text)


def _legacy_chinese(data: bytes) -> str | None:
    """Which legacy Chinese encoding `data` decodes in and reads best in, if any: a guess, worded as one.

    Big5 bytes nearly always decode as GBK too (the byte ranges overlap), so decoding alone cannot tell them apart;
    the share of very common characters in each decoding can. "looks like" when that is clear, "may be" if not.
    """
    scores = {}
    for encoding, name in _LEGACY_ENCODINGS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        hanzi = [ch for ch in text if "\u4e00" <= ch <= "\u9fff"]
        scores[name] = sum(ch in _COMMON_HANZI for ch in hanzi) / max(len(hanzi), 1)
    if not scores:
        return None
    best = max(scores, key=scores.get)
    if scores[best] >= 0.05:
        return f"looks like {best}"
    return "may be Big5 or GBK (legacy Chinese)" if len(scores) > 1 else f"may be {best}"
