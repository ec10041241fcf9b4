"""PDF in (loaders/pdf.py): the generated test PDFs of tests/fixtures/pdf/ (laid out from real reply text, see its
README) read back to the same replies as that text, with every offset mapped to its page, and without the pages'
headers and footers; a corpus whose replies document is a PDF builds, and its facts say the page."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import asdict
from pathlib import Path

import pytest

from graph.model import Rel
from loaders.corpus import read_document, read_text
from loaders.errors import SourceError
from loaders.fact_cache import FactCache
from loaders.legco import parse_replies
from loaders.pdf import read_pdf
from loaders.pipeline import build_corpus_graph
from tests.conftest import build_and_export, run_cli, warm_home

PDFS = Path(__file__).parent / "fixtures" / "pdf"
ZH_PDF = PDFS / "zh_itib_2025_26_excerpt.pdf"
EN_PDF = PDFS / "en_etwb_2003_04_replies.pdf"
MADE_FROM = {
    ZH_PDF: PDFS / "zh_itib_2025_26_excerpt.txt",
    EN_PDF: Path(__file__).parent / "fixtures" / "legco" / "en_etwb_2003_04_replies.txt",
}
SPANS = {"char_start", "char_end", "question_start", "answer_start", "asker_start", "asker_end", "line"}
# What the generator printed on every page (tests/fixtures/pdf/make_pdfs.py): none of it is the documents' text.
FURNITURE = re.compile(r"GENERATED|測試用生成文件|第\s*\d+\s*節\s*ITIB|^Page \d+", re.M)


def _fields(record) -> dict:
    return {k: v for k, v in asdict(record).items() if k not in SPANS}


@pytest.mark.parametrize("pdf", [ZH_PDF, EN_PDF], ids=["zh", "en"])
def test_a_pdf_parses_to_the_replies_of_the_text_it_was_made_from(pdf: Path) -> None:
    from_text = parse_replies(read_text(MADE_FROM[pdf]), source="text")
    from_pdf = parse_replies(read_text(pdf), source=str(pdf))
    assert [_fields(r) for r in from_pdf.replies] == [_fields(r) for r in from_text.replies]
    assert [_fields(e) for e in from_pdf.index] == [_fields(e) for e in from_text.index]
    assert from_pdf.disagreements == from_text.disagreements
    assert from_pdf.fiscal_year == from_text.fiscal_year and from_pdf.language == from_text.language
    assert len(from_pdf.replies) == (4 if pdf == ZH_PDF else 3)


def test_the_two_column_index_page_is_read_column_by_column() -> None:
    parsed = parse_replies(read_text(ZH_PDF), source=str(ZH_PDF))
    assert [e.reply_no for e in parsed.index] == [f"ITIB{n:03d}" for n in range(1, 41)]
    assert parsed.index[20].legislator == "簡慧敏" and parsed.index[19].legislator == "簡慧敏"  # 021 / 020


@pytest.mark.parametrize(("pdf", "quote", "page"), [
    (ZH_PDF, "ITIB001 3130 陳振英", 1),  # the index page
    (ZH_PDF, "該綱領2024/25年修訂預算較核准預算少16.1%", 2),  # ITIB002's question
    (ZH_PDF, "古物古蹟辦事處整合利用三維激光掃描", 3),  # ITIB002's annex, continued on its second page
    (ZH_PDF, "提交意向書的期限已於3月3日結束", 5),  # ITIB007
    (EN_PDF, "service contract staff by about 50", 1),
    (EN_PDF, "ETWB(T)007", 2),  # the Highways reply's serial number, its label at the foot of page 1
    (EN_PDF, "39 – Drainage Services Department", 2),
    (EN_PDF, "Hon. LEE Cheuk-yan", 1),
])
def test_every_offset_maps_to_its_page(pdf: Path, quote: str, page: int) -> None:
    document = read_pdf(pdf)
    assert document.pages.page_at(_find(quote, document.text)) == page
    parsed = parse_replies(document.text, source=str(pdf))
    assert document.pages.through(parsed.text).page_at(_find(quote, parsed.text.text)) == page


def _find(quote: str, text: str) -> int:
    """Where `quote` starts in `text`, whatever the spaces and line breaks between its characters."""
    found = re.search(r"\s*".join(map(re.escape, quote.replace(" ", ""))), text)
    assert found, quote
    return found.start()


def test_a_reply_that_breaks_across_pages_spans_them() -> None:
    document = read_document(ZH_PDF)
    parsed = parse_replies(document.text, source=str(ZH_PDF))
    pages = document.pages.through(parsed.text)
    reply = parsed.by_reply_no["ITIB012"]
    assert (pages.page_at(reply.char_start), pages.page_at(reply.char_end - 1)) == (6, 9)


@pytest.mark.parametrize("pdf", [ZH_PDF, EN_PDF], ids=["zh", "en"])
def test_headers_and_footers_do_not_leak_into_the_text(pdf: Path) -> None:
    document = read_pdf(pdf)
    assert document.page_count == (9 if pdf == ZH_PDF else 2)
    assert not FURNITURE.search(document.text)
    for reply in parse_replies(document.text, source=str(pdf)).replies:
        for value in _fields(reply).values():
            assert not FURNITURE.search(str(value)), value


def test_cjk_is_not_spaced_out_and_cell_gaps_are_kept() -> None:
    text = read_pdf(ZH_PDF).text
    assert "創新科技及工業局常任秘書長(麥德偉)" in text
    assert re.search(r"^路政署  在道路建設", text, re.M)  # a gap between two cells is two spaces


def test_a_corrupt_pdf_is_one_line_naming_the_file(tmp_path: Path) -> None:
    broken = tmp_path / "replies.pdf"
    broken.write_bytes(ZH_PDF.read_bytes()[:5000])  # cut short: no page tree, no cross-reference table
    with pytest.raises(SourceError) as caught:
        read_text(broken)
    message = str(caught.value)
    assert message.startswith(f"{broken}: not a readable PDF") and "\n" not in message
    result = run_cli("parse", str(broken), home=tmp_path / "home")
    assert result.returncode == 1
    assert f"{broken}: not a readable PDF" in result.stderr + result.stdout


def test_parse_prints_the_pages_of_each_reply(tmp_path: Path) -> None:
    result = run_cli("parse", str(ZH_PDF), home=tmp_path / "home")
    assert result.returncode == 0, result.stderr
    replies = {r["reply_no"]: r for r in json.loads(result.stdout[: result.stdout.rindex("}") + 1])["replies"]}
    assert {k: replies["ITIB002"][k] for k in ("page_start", "page_end", "question_page", "answer_page")} == {
        "page_start": 2, "page_end": 3, "question_page": 2, "answer_page": 2}


MANIFEST = """documents:
  - file: {file}
    title: 審核2025-26年度開支預算 管制人員的答覆 (ITIB, excerpt, generated PDF)
    publisher: 立法會財務委員會
    published: "2025-04-01"
    language: zh-Hant
    doc_type: legco_replies
    fiscal_year: 2025-26
"""


@pytest.fixture(scope="module")
def pdf_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pdf-corpus")
    shutil.copy(ZH_PDF, folder / ZH_PDF.name)
    (folder / "sources.yaml").write_text(MANIFEST.format(file=ZH_PDF.name), encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def pdf_facts(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fact cache of the PDF corpus: the in-process build below fills it, the CLI build reads it."""
    return tmp_path_factory.mktemp("pdf-facts")


def test_facts_from_a_pdf_carry_their_page(pdf_corpus: Path, pdf_facts: Path) -> None:
    build = build_corpus_graph(pdf_corpus, cache=FactCache(pdf_facts))
    funds = list(build.graph.relationships(Rel.FUNDS))
    assert funds and all(isinstance(r.props.get("page"), int) for r in funds)
    doc_id = next(iter(build.texts))
    text, pages = build.texts[doc_id].text, build.pages[doc_id]
    for rel in funds + list(build.graph.relationships(Rel.MENTIONS)):
        assert rel.props["page"] == pages.page_at(rel.props["char_start"])
    # the 9,414萬元 of the 科技統籌(整體撥款) scheme is stated on ITIB002's first page
    budget = [r for r in funds if r.props["amount_hkd"] == 94_140_000]
    assert budget and {r.props["page"] for r in budget} == {2}
    assert "9,414萬元" in text[budget[0].props["char_start"] : budget[0].props["char_end"]]


def test_a_corpus_whose_replies_are_a_pdf_builds_end_to_end(pdf_corpus: Path, pdf_facts: Path, tmp_path: Path,
                                                            scratch_home: Path) -> None:
    graph = build_and_export(pdf_corpus, tmp_path, home=warm_home(scratch_home, pdf_facts))
    questions = [n for n in graph["nodes"] if "Question" in n["labels"]]
    assert sorted(n["properties"]["reply_no"] for n in questions) == ["ITIB002", "ITIB003", "ITIB007", "ITIB012"]
    funds = [r for r in graph["relationships"] if r["type"] == "FUNDS"]
    assert funds and all(isinstance(r["properties"].get("page"), int) for r in funds)
