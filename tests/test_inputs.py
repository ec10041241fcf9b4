"""Input files as they arrive from other machines and careless hands (issue 8, findings 7, 8 and 9).

- CRLF, lone-CR and BOM copies of the corpus give the graph the LF files give, and spans still map into the file
  on disk;
- every error that names a line names the line of the file on disk (1-based, whatever its line terminators);
  expected lines are found here by searching the raw file, not by the loaders' own arithmetic;
- a malformed manifest, a file in the wrong encoding, a replies document whose numbers repeat: one line each.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from graph.model import Label, Rel
from loaders.corpus import BUNDLED_SOURCES, read_manifest, read_text
from loaders.errors import SourceError
from loaders.gazetteer import GAZETTEER_DIR, load_gazetteer
from loaders.legco import parse_replies
from loaders.pipeline import CorpusBuild, build_corpus_graph
from loaders.text import normalise
from tests.conftest import run_cli, warm_fact_cache

SEED = "001_290747ba864f0a9c.txt"
NEWS = "002_7248ee00a4c7a5f9.txt"
RAW = (BUNDLED_SOURCES / SEED).read_bytes().decode("utf-8")
NEWLINES = {"lf": "\n", "crlf": "\r\n", "cr": "\r"}


def line_in(raw: str, needle: str, start: int = 0) -> int:
    """The 1-based line of `raw` (LF) where `needle` first occurs at or after `start`: what an editor shows."""
    return raw.count("\n", 0, raw.index(needle, start)) + 1


def first_text_line_after(raw: str, index: int) -> int:
    """The first line below the one holding `index` with text other than a page footer: where a reply begins."""
    lines = raw.split("\n")
    line = raw.count("\n", 0, index) + 1  # 1-based line of `index`
    while not lines[line].strip() or _is_page_footer(lines[line]):  # lines[line] is the line after it
        line += 1
    return line + 1


def _is_page_footer(line: str) -> bool:
    return "節" in line and line.rstrip().endswith("頁")  # "第  1 9  節  IT IB  -  第  6  頁"


def write(path: Path, text: str, newline: str = "\n") -> Path:
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    return path


def parse_error(path: Path) -> SourceError:
    with pytest.raises(SourceError) as caught:
        parse_replies(read_text(path), source=str(path))
    assert "\n" not in str(caught.value) and "\r" not in str(caught.value)
    return caught.value


def corpus_copy(folder: Path, convert=lambda data: data, names: tuple[str, ...] | None = None) -> Path:
    """A copy of the bundled corpus with every document converted, and a manifest whose sha256s match the copies."""
    folder.mkdir(parents=True, exist_ok=True)
    manifest = (BUNDLED_SOURCES / "sources.yaml").read_text(encoding="utf-8")
    for source in sorted(BUNDLED_SOURCES.glob("*.txt")):
        if names is not None and source.name not in names:
            continue
        data = convert(source.read_bytes())
        (folder / source.name).write_bytes(data)
        old = hashlib.sha256(source.read_bytes()).hexdigest()
        manifest = manifest.replace(old, hashlib.sha256(data).hexdigest())
    (folder / "sources.yaml").write_text(manifest, encoding="utf-8")
    return folder


# --- CRLF, CR and BOM: the graph the LF files give -------------------------------------------------------------


@pytest.fixture(scope="module")
def lf_build(corpus_build) -> CorpusBuild:
    return corpus_build


def _canonical(build: CorpusBuild) -> tuple[list[str], list[str]]:
    """Every node and relationship with its properties, except the sha256 of the file as it is on disk and the
    Build node (it records when the build ran)."""
    nodes = sorted(
        json.dumps([str(n.label), n.id, {k: v for k, v in n.props.items() if k != "sha256"}], sort_keys=True)
        for n in build.graph.nodes() if n.label != Label.BUILD
    )
    rels = sorted(
        json.dumps([str(r.type), r.start, r.end, r.id, r.props], sort_keys=True) for r in build.graph.relationships()
    )
    return nodes, rels


CONVERSIONS = {
    "crlf": lambda data: data.replace(b"\n", b"\r\n"),
    "cr": lambda data: data.replace(b"\n", b"\r"),
    "bom": lambda data: b"\xef\xbb\xbf" + data,
}


@pytest.mark.parametrize("kind", CONVERSIONS)
def test_crlf_cr_and_bom_copies_give_the_lf_graph(lf_build, bundled_facts, tmp_path, kind):
    folder = corpus_copy(tmp_path / kind, CONVERSIONS[kind])
    # With the LF build's fact cache: a document whose normalised text (and so every input of its analysis) is the
    # LF one's reads its facts from there; one that normalised differently misses, is analysed, and differs below.
    build = build_corpus_graph(folder, cache=warm_fact_cache(tmp_path / "facts", bundled_facts))

    def rel_counts(b: CorpusBuild) -> Counter:
        return Counter(str(r.type) for r in b.graph.relationships())

    assert rel_counts(build) == rel_counts(lf_build)
    # not two empty graphs: the floors of sources.yaml's `expect`
    assert rel_counts(build)[str(Rel.FUNDS)] >= 140 and rel_counts(build)[str(Rel.MENTIONS)] >= 1400
    assert rel_counts(build)[str(Rel.ABOUT)] >= 45

    def funds(b: CorpusBuild) -> dict[str, dict]:
        return {r.id: r.props for r in b.graph.relationships(Rel.FUNDS)}

    theirs, ours = funds(lf_build), funds(build)
    for rel_id in sorted(theirs)[::10]:  # a sample of quotes and offsets, named, before the whole graph
        for prop in ("quote", "quotes", "char_start", "char_end"):
            assert ours[rel_id].get(prop) == theirs[rel_id].get(prop), (rel_id, prop)
    assert _canonical(build) == _canonical(lf_build)
    assert {d.sha256 for d in build.documents}.isdisjoint({d.sha256 for d in lf_build.documents})  # files differ


def test_raw_spans_map_into_the_crlf_file_on_disk(lf_build, tmp_path):
    folder = corpus_copy(tmp_path / "crlf", CONVERSIONS["crlf"], names=(SEED,))
    manifest = folder / "sources.yaml"
    entries = manifest.read_text(encoding="utf-8").split("  - file: ")
    manifest.write_text("  - file: ".join(entries[:2]), encoding="utf-8")  # the replies document only
    build = build_corpus_graph(folder)
    raw_crlf = (folder / SEED).read_bytes().decode("utf-8")
    (doc_id,) = build.texts
    text, lf_text = build.texts[doc_id], lf_build.texts[doc_id]
    assert text.text == lf_text.text
    facts = [r for r in build.graph.relationships(Rel.FUNDS) if r.props["source_id"] == doc_id]
    checked = 0
    for fact in facts[:40]:
        start, end = fact.props["char_start"], fact.props["char_end"]
        raw_start, raw_end = text.raw_span(start, end)
        lf_start, lf_end = lf_text.raw_span(start, end)
        on_disk = raw_crlf[raw_start:raw_end]
        assert "\r\n" in on_disk or "\n" not in on_disk  # whole terminators: the span is in the CRLF file
        assert on_disk.replace("\r\n", "\n") == RAW[lf_start:lf_end]
        assert re.sub(r"\s", "", on_disk) == re.sub(r"\s", "", text.text[start:end])
        checked += 1
    assert checked >= 20
    itib001 = build.replies[doc_id].by_reply_no["ITIB001"]
    start, end = text.raw_span(itib001.asker_start, itib001.asker_end)
    assert re.sub(r"\s", "", raw_crlf[start:end]) == "陳振英議員(立法會內部參考編號：18)"


def test_mixed_line_ends_and_a_bom_normalise_like_lf():
    lf = "合 夥 人 (Limited \n\n Partner)， 1,180 萬 元 \n\n政 府 將 會 作 為 子 基\n\n金 的 有 限"
    mixed = "\ufeff" + lf.replace("\n\n", "\r\n\r", 1).replace("\n\n", "\r\r", 1).replace("\n\n", "\r\n\n", 1)
    assert (
        normalise(mixed).text == normalise(lf).text == "合夥人(Limited\nPartner)，1,180萬元\n政府將會作為子基金的有限"
    )
    text = normalise(mixed)
    assert mixed[text.raw_offsets[0]] == "合"  # the BOM is skipped, not counted away
    for i, ch in enumerate(text.text):
        if ch not in " \n":
            assert mixed[text.raw_offsets[i]] == ch
    assert [text.raw_line(text.text.index(c)) for c in "合P1政金"] == [1, 3, 3, 5, 7]


# --- error lines are lines of the file on disk -------------------------------------------------------------------


def _idx(needle: str, start: int = 0) -> int:
    return RAW.index(needle, start)


Q0643 = "(問 題 編 號 ： 0643)"


def _truncated_0517() -> tuple[str, int, str]:
    cut = RAW[: _idx("答 覆 ：", _idx("(問 題 編 號 ： 0517)"))]
    message = ("reply to question 0517 is truncated: it ends without '– 完 –' (a copy that stops inside its last "
               "reply is read as far as it goes with 'excerpt: true' in sources.yaml)")
    return cut, line_in(RAW, "(問 題 編 號 ： 0517)"), message


def _no_terminator() -> tuple[str, int, str]:
    broken = RAW.replace("– 完  –", "", 1)
    return broken, line_in(RAW, "(問 題 編 號 ： 3139)"), "reply to question 3130 has no '– 完 –' before question 3139"


def _no_answer_field() -> tuple[str, int, str]:
    answer = _idx("答 覆 ：", _idx(Q0643))
    broken = RAW[:answer] + RAW[answer + len("答 覆 ：") :]
    previous_end = RAW.rindex("– 完  –", 0, _idx(Q0643))
    return broken, first_text_line_after(RAW, previous_end), "reply to question 0643 (ITIB003) is truncated"


def _unreadable_head() -> tuple[str, int, str]:
    head = _idx("總 目 ：  (135)", _idx(Q0643))
    broken = RAW[:head] + "總 目 ：  不 明" + RAW[head + len("總 目 ：  (135)") :]
    return broken, line_in(RAW, "總 目 ：", _idx(Q0643)), "reply to question 0643: cannot read the head (總目)"


def _unreadable_asker() -> tuple[str, int, str]:
    ref = _idx("(立 法 會 內 部 參 考 編 號", _idx(Q0643))
    broken = RAW[:ref] + "(編 號" + RAW[ref + len("(立 法 會 內 部 參 考 編 號") :]
    return broken, line_in(RAW, "提 問 人 ：", _idx(Q0643)), "reply to question 0643: cannot read the asker (提問人)"


def _no_reply_number() -> tuple[str, int, str]:
    # ITIB007 does not print its number; with a question number the index table does not know, nothing gives it.
    number = _idx("(問 題 編 號 ： 0637)")
    broken = RAW.replace("(問 題 編 號 ： 0637)", "(問 題 編 號 ： 9637)")
    line = first_text_line_after(RAW, RAW.rindex("– 完  –", 0, number))
    return broken, line, "reply to question 9637: no reply number in its body nor in the index table"


def _no_question_number() -> tuple[str, int, str]:
    broken = RAW.replace(Q0643, "")
    return broken, line_in(RAW, "– 完  –", _idx(Q0643)), "a reply without '(問題編號：…)' before '– 完 –'"


def _question_answered_twice() -> tuple[str, int, str]:
    broken = RAW.replace("(問 題 編 號 ： 2083)", Q0643)
    message = f"question 0643 is answered twice (first at line {line_in(RAW, Q0643)})"
    return broken, line_in(RAW, "(問 題 編 號 ： 2083)"), message


def _reply_number_twice() -> tuple[str, int, str]:
    broken = RAW.replace("\nITIB002 \n", "\nITIB001 \n")
    first = line_in(RAW, "\nITIB001 \n") + 1
    return broken, line_in(RAW, "\nITIB002 \n") + 1, f"reply number ITIB001 is used twice (first at line {first})"


def _index_row_twice() -> tuple[str, int, str]:
    broken = RAW.replace("ITIB002 3139", "ITIB001 3139", 1)
    first = line_in(RAW, "ITIB001 3130")
    return broken, line_in(RAW, "ITIB002 3139"), f"the index table lists reply ITIB001 twice (first at line {first})"


DAMAGES = {
    "truncated": _truncated_0517,
    "no-terminator": _no_terminator,
    "no-answer-field": _no_answer_field,
    "unreadable-head": _unreadable_head,
    "unreadable-asker": _unreadable_asker,
    "no-reply-number": _no_reply_number,
    "no-question-number": _no_question_number,
    "question-twice": _question_answered_twice,
    "reply-number-twice": _reply_number_twice,
    "index-row-twice": _index_row_twice,
}


def test_the_truncated_reply_of_the_issue_is_at_line_14575(tmp_path):
    cut, line, _ = _truncated_0517()
    assert line == 14575  # the number the issue found by hand; the loaders said 3403
    assert parse_error(write(tmp_path / "cut.txt", cut)).line == 14575


@pytest.mark.parametrize("newline", NEWLINES.values(), ids=NEWLINES.keys())
@pytest.mark.parametrize("damage", DAMAGES.values(), ids=DAMAGES.keys())
def test_errors_name_the_line_of_the_file_on_disk(tmp_path, damage, newline):
    broken, line, message = damage()
    path = write(tmp_path / "broken.txt", broken, newline)
    error = parse_error(path)
    assert (error.line, error.reason[: len(message)]) == (line, message)
    assert str(error).startswith(f"{path}:{line}: {message}")


def test_a_document_whose_replies_repeat_is_refused_before_extraction(tmp_path):
    first = RAW.index("  審 核 2025-26年 度")  # where the replies begin, after the index table
    doubled = RAW + "\n" + RAW[first:] + "\n" + RAW[first:]  # every reply three times (the issue had 43)
    folder = tmp_path / "corpus"
    folder.mkdir()
    write(folder / SEED, doubled, "\r\n")
    manifest = (BUNDLED_SOURCES / "sources.yaml").read_text(encoding="utf-8").split("  - file: ")
    (folder / "sources.yaml").write_text(
        "  - file: ".join(manifest[:2]).replace(
            "    sha256: 3942c1bfcb494316c0d968e7aeebee54bddcc89b194aff3bfb48505f9d1be7f4\n", ""
        ),
        encoding="utf-8",
    )
    second = doubled.index("(問 題 編 號 ： 3130)", len(RAW))
    expected = (
        f"{folder / SEED}:{doubled.count(chr(10), 0, second) + 1}: question 3130 is answered twice (first at line 328)"
    )
    with pytest.raises(SourceError) as caught:
        parse_replies(read_text(folder / SEED), source=str(folder / SEED))  # the parse, which comes before extraction
    assert str(caught.value) == expected
    with pytest.raises(SourceError) as caught:
        build_corpus_graph(folder)
    assert str(caught.value) == expected


def test_the_bundled_document_has_no_repeated_numbers():
    parsed = parse_replies(RAW)
    assert len({r.reply_no for r in parsed.replies}) == len({r.question_no for r in parsed.replies}) == 251
    assert len({e.reply_no for e in parsed.index}) == len({e.question_no for e in parsed.index}) == 251
    assert parsed.index[1].line == line_in(RAW, "ITIB002 3139")  # index rows carry lines of the file


@pytest.mark.parametrize("newline", NEWLINES.values(), ids=NEWLINES.keys())
def test_a_bad_byte_is_on_its_line(tmp_path, newline):
    lines = RAW.split("\n")
    lines[4999] = lines[4999] + "Caf\udce9"  # a Latin-1 é pasted into line 5000
    data = "\n".join(lines).replace("\n", newline).encode("utf-8", errors="surrogateescape")
    path = tmp_path / "pasted.txt"
    path.write_bytes(data)
    with pytest.raises(SourceError) as caught:
        read_text(path)
    assert caught.value.line == 5000
    assert re.fullmatch(
        rf"{re.escape(str(path))}:5000: not UTF-8 text \(invalid byte at offset \d+\)", str(caught.value)
    )


# --- encodings -----------------------------------------------------------------------------------------------------


def _first_non_ascii_line(text: str) -> int:
    return next(i for i, line in enumerate(text.split("\n"), start=1) if not line.isascii())


@pytest.mark.parametrize(
    "encoding, message",
    [
        ("utf-16", "looks like UTF-16-LE; save it as UTF-8"),  # Python writes a BOM, little-endian here
        ("utf-16-le", "looks like UTF-16-LE; save it as UTF-8"),
        ("utf-16-be", "looks like UTF-16-BE; save it as UTF-8"),
        ("big5hkscs", "not UTF-8 text: looks like Big5 (Traditional Chinese); save it as UTF-8"),
        ("gbk", "not UTF-8 text: looks like GBK (Simplified Chinese); save it as UTF-8"),
    ],
)
def test_files_in_other_encodings_say_which(tmp_path, encoding, message):
    text = (BUNDLED_SOURCES / NEWS).read_text(encoding="utf-8")
    path = tmp_path / f"news.{encoding}.txt"
    path.write_bytes(text.encode(encoding))
    with pytest.raises(SourceError) as caught:
        read_text(path)
    assert caught.value.reason.startswith(message)
    assert caught.value.line == (1 if encoding.startswith("utf-16") else _first_non_ascii_line(text))


def test_a_replies_document_in_utf16_is_named_so(tmp_path):
    path = tmp_path / "replies.txt"
    path.write_bytes(RAW.replace("\n", "\r\n").encode("utf-16"))
    with pytest.raises(SourceError, match=r"replies\.txt:1: looks like UTF-16-LE; save it as UTF-8$"):
        read_text(path)


def test_a_legacy_file_that_reads_badly_in_both_is_only_a_guess(tmp_path):
    path = tmp_path / "odd.txt"
    path.write_bytes(bytes(range(0xA1, 0xF9)) * 3)  # decodes in GBK, but not as anything one would write
    with pytest.raises(SourceError) as caught:
        read_text(path)
    assert "may be" in caught.value.reason and "looks like" not in caught.value.reason


# --- the manifest, strictly ------------------------------------------------------------------------------------

ENTRY = """\
  - file: {file}
    title: 香港人工智能的發展 (簡報)
    publisher: unknown
    published: "2025"
    language: zh-Hant
    doc_type: slides
"""
SLIDES = "003_3e86e7c9f427e146.txt"
ZEROS = "0" * 64


def _manifest_error(folder: Path, manifest: str) -> SourceError:
    folder.mkdir(exist_ok=True)
    shutil.copy(BUNDLED_SOURCES / SLIDES, folder / SLIDES)
    (folder / "sources.yaml").write_text(manifest, encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        read_manifest(folder)
    assert "\n" not in str(caught.value)
    assert caught.value.source == str(folder / "sources.yaml")
    return caught.value


def _line_of(manifest: str, needle: str, nth: int = 1) -> int:
    index = -1
    for _ in range(nth):
        index = manifest.index(needle, index + 1)
    return manifest.count("\n", 0, index) + 1


ONE = "documents:\n" + ENTRY.format(file=SLIDES)
MANIFESTS = {
    "scalar": ("just a sentence\n", "the top level must be a mapping with a 'documents:' list, not text", "just"),
    "list": ("- file: a.txt\n", "the top level must be a mapping with a 'documents:' list, not a list", "- file"),
    "no-documents": ("document:\n" + ENTRY.format(file=SLIDES), "unknown top-level key 'document'", "document:"),
    "documents-mapping": ("documents:\n  file: x\n", "'documents:' must be a list of entries, not a mapping", "file"),
    "string-entry": ("documents:\n  - " + SLIDES + "\n", "a document entry must be a mapping of fields", "  - 0"),
    "file-number": (
        "documents:\n" + ENTRY.format(file="12345"),
        "'file' must be text, not a number (YAML read 12345 as a number; put it in quotes)",
        "12345",
    ),
    "title-list": (
        ONE.replace("title: 香港人工智能的發展 (簡報)", "title: [a, b]"),
        "'title' must be text, not a list",
        "[a",
    ),
    "unknown-field": (
        ONE + "    fiscal_yaer: 2025-26\n",
        "unknown field 'fiscal_yaer' (did you mean 'fiscal_year'?)",
        "fiscal_yaer",
    ),
    "field-twice": (ONE + "    title: again\n", "field 'title' is given twice in one entry", "title: again"),
    "excerpt-word": (ONE + "    excerpt: partly\n", "'excerpt' must be true or false, not 'partly'", "excerpt"),
    "missing-field": (ONE.replace("    language: zh-Hant\n", ""), "document entry without 'language:'", "- file"),
    "doc-type": (ONE.replace("doc_type: slides", "doc_type: slide"), "doc_type 'slide' is not one of", "slide"),
    "zero-sha": (
        ONE + f"    sha256: {ZEROS}\n",
        f"'sha256' must be text, not a number (YAML read {ZEROS} as a number; put it in quotes)",
        "sha256",
    ),
    "short-sha": (ONE + '    sha256: "abc123"\n', "sha256 'abc123' is not 64 hexadecimal digits", "sha256"),
    "duplicate": (
        ONE + ENTRY.format(file="./" + SLIDES),
        f"./{SLIDES} is listed twice (first at line 2)",
        "  - file: ./",
    ),
    "parent": (
        "documents:\n" + ENTRY.format(file="../../elsewhere.txt"),
        "file '../../elsewhere.txt' is outside the corpus folder",
        "../..",
    ),
    "absolute": (
        "documents:\n" + ENTRY.format(file="/etc/hostname"),
        "file '/etc/hostname' must be a path inside the corpus folder, not an absolute path",
        "/etc",
    ),
    "missing-file": ("documents:\n" + ENTRY.format(file="nope.txt"), "file ", "nope.txt"),
    "yaml-syntax": (
        ONE + "\tlanguage: en\n",
        "not valid YAML: found character '\\t' that cannot start any token",
        "\t",
    ),
}


@pytest.mark.parametrize("manifest, message, where", MANIFESTS.values(), ids=MANIFESTS.keys())
def test_a_bad_manifest_is_one_line_at_the_line_of_the_entry(tmp_path, manifest, message, where):
    error = _manifest_error(tmp_path / "corpus", manifest)
    assert error.reason.startswith(message), error.reason
    assert error.line == _line_of(manifest, where)


def test_a_symlink_out_of_the_corpus_folder_is_refused(tmp_path):
    outside = tmp_path / "outside.txt"
    shutil.copy(BUNDLED_SOURCES / SLIDES, outside)
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "link.txt").symlink_to(outside)
    manifest = ONE + ENTRY.format(file="link.txt")
    error = _manifest_error(folder, manifest)
    assert error.reason.startswith("file 'link.txt' is outside the corpus folder")
    assert error.line == _line_of(manifest, "link.txt")


def test_one_document_listed_twice_under_two_names_is_refused(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "copy.txt").write_bytes((BUNDLED_SOURCES / SLIDES).read_bytes().replace(b"\n", b"\r\n"))
    manifest = ONE + ENTRY.format(file="copy.txt")
    error = _manifest_error(folder, manifest)
    assert error.reason == "copy.txt is the same document as the entry at line 2 (a copy, whatever its line ends)"
    assert error.line == _line_of(manifest, "copy.txt")


def test_a_quoted_hash_and_an_unquoted_date_are_accepted(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(BUNDLED_SOURCES / SLIDES, folder / SLIDES)
    digest = hashlib.sha256((folder / SLIDES).read_bytes()).hexdigest()
    manifest = ONE.replace('published: "2025"', "published: 2025-02-26") + f'    sha256: "{digest.upper()}"\n'
    (folder / "sources.yaml").write_text(manifest, encoding="utf-8")
    (document,) = read_manifest(folder)
    assert (document.published, document.sha256) == ("2025-02-26", digest)


def test_the_bundled_manifest_is_still_read():
    assert [d.file_name for d in read_manifest()] == [
        SEED,
        "000_fe1fd75796096d66.txt",
        NEWS,
        SLIDES,
        "004_27ebd2316b9477aa.txt",
    ]


def test_a_gazetteer_yaml_error_is_at_its_1_based_line(tmp_path):
    folder = tmp_path / "gazetteer"
    shutil.copytree(GAZETTEER_DIR, folder)
    schemes = folder / "schemes.yaml"
    lines = schemes.read_text(encoding="utf-8").split("\n")
    lines.insert(9, "\tbroken: here")  # becomes line 10
    schemes.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(SourceError) as caught:
        load_gazetteer(folder)
    assert str(caught.value) == (
        f"{schemes}:10: not valid YAML: found character '\\t' that cannot start any token "
        "(while scanning for the next token)"
    )


# --- the CLI: one line, exit 1, and no store started for bad input ----------------------------------------------


def _one_line_failure(result) -> str:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert lines[-1].startswith("innograph: ")
    return lines[-1]


def test_parse_shows_bad_files_in_one_line(tmp_path):
    home = tmp_path / "home"
    cut, line, message = _truncated_0517()
    truncated = write(tmp_path / "cut.txt", cut, "\r\n")
    assert _one_line_failure(run_cli("parse", str(truncated), home=home)) == f"innograph: {truncated}:{line}: {message}"
    big5 = tmp_path / "big5.txt"
    big5.write_bytes((BUNDLED_SOURCES / NEWS).read_text(encoding="utf-8").encode("big5hkscs"))
    assert "looks like Big5" in _one_line_failure(run_cli("parse", str(big5), home=home))
    assert not home.exists()  # parse does not start the store


@pytest.mark.parametrize(
    "manifest, message",
    [
        ("- just\n- a list\n", "sources.yaml:1: the top level must be a mapping"),
        ("documents:\n  - file.txt\n", "sources.yaml:2: a document entry must be a mapping"),
        ("documents:\n" + ENTRY.format(file="12345"), "sources.yaml:2: 'file' must be text, not a number"),
        (ONE + f"    sha256: {ZEROS}\n", "sources.yaml:8: 'sha256' must be text, not a number"),
    ],
    ids=["list", "string-entry", "file-number", "zero-sha"],
)
def test_build_shows_a_bad_manifest_in_one_line_before_starting_the_store(tmp_path, manifest, message):
    home = tmp_path / "home"
    home.mkdir()
    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(BUNDLED_SOURCES / SLIDES, folder / SLIDES)
    (folder / "sources.yaml").write_text(manifest, encoding="utf-8")
    error = _one_line_failure(run_cli("build", "--sources", str(folder), home=home))
    assert message in error
    assert list(home.iterdir()) == []  # no server was started, no database created


def test_build_shows_a_utf16_document_in_one_line(tmp_path):
    home = tmp_path / "home"
    home.mkdir()
    folder = corpus_copy(tmp_path / "corpus", lambda data: data.decode("utf-8").encode("utf-16"), names=(NEWS,))
    manifest = (folder / "sources.yaml").read_text(encoding="utf-8").split("  - file: ")
    keep = [manifest[0]] + [e for e in manifest[1:] if e.startswith(NEWS)]
    (folder / "sources.yaml").write_text("  - file: ".join(keep), encoding="utf-8")
    error = _one_line_failure(run_cli("build", "--sources", str(folder), home=home))
    assert error == f"innograph: {folder / NEWS}:1: looks like UTF-16-LE; save it as UTF-8"
    assert list(home.iterdir()) == []


def test_a_chinese_excerpt_reads_its_last_reply_as_far_as_it_goes():
    # the bundled document cut inside reply 0517's answer, as a web page's excerpt would stop: with `excerpt` its
    # replies up to 0517 are read, 0517 marked truncated with the answer it has
    cut = RAW[: _idx("。", _idx("答 覆 ：", _idx("(問 題 編 號 ： 0517)"))) + 1]
    parsed = parse_replies(cut, SEED, excerpt=True)
    last = parsed.replies[-1]
    assert last.question_no == "0517" and last.truncated and last.answer_text
    assert not any(r.truncated for r in parsed.replies[:-1])
