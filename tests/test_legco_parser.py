"""The reply parser against facts read by hand in seed 001, and against broken input."""

from __future__ import annotations

import re

import pytest

from loaders.corpus import BUNDLED_SOURCES, read_text
from loaders.errors import SourceError
from loaders.legco import parse_replies
from loaders.text import normalise

SEED_001 = BUNDLED_SOURCES / "001_290747ba864f0a9c.txt"


@pytest.fixture(scope="module")
def raw() -> str:
    return read_text(SEED_001)


@pytest.fixture(scope="module")
def parsed(raw):
    return parse_replies(raw, source=str(SEED_001))


def test_all_251_replies_parsed_and_equal_to_the_index_table(parsed):
    assert len(parsed.index) == 251
    assert len(parsed.replies) == 251
    assert [r.reply_no for r in parsed.replies] == [f"ITIB{i:03d}" for i in range(1, 252)]
    assert parsed.disagreements == []
    assert parsed.fiscal_year == "2025-26"


def test_itib001_header_fields(parsed):
    r = parsed.by_reply_no["ITIB001"]
    assert r.question_no == "3130"
    assert r.asker == "陳振英"
    assert r.legco_ref == "18"
    assert r.head_no == "135"
    assert r.head_name == "政府總部：創新科技及工業局"
    assert r.subheads == ("(000) 運作開支",)
    assert [p.label for p in r.programmes] == ["(2) 創新科技及工業"]
    assert r.controlling_officer == "創新科技及工業局常任秘書長(麥德偉)"
    assert (r.controlling_officer_post, r.controlling_officer_name) == ("創新科技及工業局常任秘書長", "麥德偉")
    assert r.director_of_bureau == "創新科技及工業局局長"
    assert r.question_text.startswith("當局在2025-26年度需要特別留意的事項中提及，會繼續推行「傑出創科學人計劃」")
    assert r.answer_text.startswith("就問題各部分的綜合答覆如下：")
    assert r.answer_text.endswith("我們未有備存上述兩個計劃下成功將研究成果應用於本地產業的相關資料。")
    assert r.reply_no_printed


def test_reply_numbers_missing_from_the_body_come_from_the_index(parsed):
    r = parsed.by_reply_no["ITIB007"]
    assert not r.reply_no_printed
    assert (r.question_no, r.asker, r.head_no) == ("0637", "邱達根", "135")
    assert sum(not r.reply_no_printed for r in parsed.replies) > 100


def test_several_programmes(parsed):
    assert [p.label for p in parsed.by_reply_no["ITIB091"].programmes] == [
        "(1) 支援研究及發展",
        "(2) 推動科技創業活動",
        "(3) 規劃創新及科技發展",
    ]
    six = parsed.by_reply_no["ITIB127"].programmes
    assert len(six) == 6
    assert six[-1].label == "(6) 資助金：香港生產力促進局，香港應用科技研究院有限公司"
    assert [p.number for p in parsed.by_reply_no["ITIB158"].programmes] == ["1", "2", "3"]


def test_replies_without_a_programme(parsed):
    # "綱領： 沒有指定" in the body, an empty cell in the index table.
    none = [r.reply_no for r in parsed.replies if not r.programmes]
    assert none == ["ITIB007", "ITIB018", "ITIB019", "ITIB023", "ITIB024", "ITIB050", "ITIB111", "ITIB133", "ITIB225"]


def test_two_subheads_and_other_heads(parsed):
    assert parsed.by_reply_no["ITIB110"].subheads == ("(603) 機器、車輛及設備", "(661) 小型機器、車輛及設備(整體撥款)")
    r = parsed.by_reply_no["ITIB251"]
    assert (r.question_no, r.asker, r.head_no, r.legco_ref) == ("3856", "張欣宇", "47", "34")
    assert r.controlling_officer == "數字政策專員(黃志光)"
    assert parsed.by_reply_no["ITIB091"].controlling_officer == "創新科技署署長(李國彬)"


def test_askers_have_no_spaces_or_titles(parsed):
    askers = {r.asker for r in parsed.replies}
    assert len(askers) == 64
    assert all(" " not in a and not a.endswith("議員") for a in askers)
    assert "葉劉淑儀" in askers


def test_offsets_point_into_the_normalised_text(parsed):
    text = parsed.text.text
    for r in parsed.replies:
        assert text[r.question_start :].startswith(r.question_text)
        assert text[r.answer_start :].startswith(r.answer_text)
        assert text[r.asker_start : r.asker_end].startswith(r.asker)
        assert r.char_start < r.question_start < r.answer_start < r.char_end


def test_raw_offsets_map_back_to_the_extracted_text(raw, parsed):
    r = parsed.by_reply_no["ITIB001"]
    start, end = parsed.text.raw_span(r.asker_start, r.asker_end)
    assert re.sub(r"\s", "", raw[start:end]) == "陳振英議員(立法會內部參考編號：18)"


def test_normalisation_keeps_the_spaces_that_belong():
    text = normalise(
        "合 夥 人 (Limited \n\n Partner)， 1,180 萬 元 \n\n第  1 9  節  IT IB  -  第  6  頁  \n\n下 一 行"
    ).text
    assert text == "合夥人(Limited\nPartner)，1,180萬元\n下一行"
    # a snippet too short to tell how its document marks breaks: told, as the bundled extraction does
    wrapped = normalise("政 府 將 會 作 為 子 基\n\n金 的 有 限 合 夥 人 (General\n\nPartners)", marks_breaks=True).text
    assert wrapped == "政府將會作為子基金的有限合夥人(General Partners)"
    assert normalise("㇐系列 ＡＩ＠ＩｎｎｏＨＫ 研發院").text == "一系列AI@InnoHK研發院"


def test_text_without_trailing_blanks_breaks_lines_only_outside_chinese_text():
    """Text from elsewhere does not mark its hard breaks with trailing blanks (data/sources/002 has none, nor have the
    English samples): a wrap inside Chinese text is joined, English words and digits are never glued."""
    news = (BUNDLED_SOURCES / "002_7248ee00a4c7a5f9.txt").read_text(encoding="utf-8")
    text = normalise(news).text
    assert "藉以引導及助力香港的人工智能創新研發和產業應用" in text  # "…人工智\n\n能產業…"-style wraps joined
    assert "包括預留10億元成立香港人工智能研發院" in text  # "預留\n\n10億元": the figure stays whole
    assert "能產業國際交流協作的匯聚地。\n●香港文匯報記者" in text  # a sentence end before a break is a hard break
    english = normalise("Reply Serial No.\nQuestion Serial No.\n(3\n1 Financial)").text
    assert english == "Reply Serial No.\nQuestion Serial No.\n(3\n1 Financial)"  # nothing glued


def test_normalisation_is_deterministic(raw):
    assert normalise(raw).text == normalise(raw).text


# --- bad input: a clear one-line error that names the file and the place ---------------------------------------


def test_empty_document():
    with pytest.raises(SourceError, match=r"^x\.txt: empty document"):
        parse_replies("  \n\n ", source="x.txt")


def test_empty_and_binary_files(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    with pytest.raises(SourceError, match="empty.txt: empty file"):
        read_text(empty)
    binary = tmp_path / "scan.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x01\x02\xff")
    with pytest.raises(SourceError, match=r"scan.png: binary file \(NUL byte at offset 8\)"):
        read_text(binary)
    broken_pdf = tmp_path / "scan.pdf"  # a PDF is read as one (loaders/pdf.py), and this one is broken
    broken_pdf.write_bytes(b"%PDF-1.7\n\x00\x01\x02\xff")
    with pytest.raises(SourceError, match=r"scan.pdf: not a readable PDF"):
        read_text(broken_pdf)
    latin1 = tmp_path / "latin1.txt"
    latin1.write_bytes("答覆".encode() + b"\n\xe9t\xe9")
    with pytest.raises(SourceError, match=r"latin1.txt:2: not UTF-8 text"):
        read_text(latin1)


def test_not_a_replies_document():
    with pytest.raises(SourceError, match="not a replies document"):
        parse_replies("香港電腦學會回應財政預算案", source="press.txt")


def test_truncated_reply(raw):
    cut = raw[: raw.index("答 覆 ：", raw.index("(問 題 編 號 ： 0643)"))]
    with pytest.raises(SourceError, match=r"reply to question 0643 is truncated") as err:
        parse_replies(cut, source="cut.txt")
    assert "\n" not in str(err.value)
    assert re.match(r"cut\.txt:\d+: ", str(err.value))


def test_reply_missing_its_answer(raw):
    start = raw.index("答 覆 ：", raw.index("(問 題 編 號 ： 0643)"))
    broken = raw[:start] + raw[start + len("答 覆 ：") :]
    with pytest.raises(SourceError, match=r"ITIB003\) is truncated: no '答覆：' field"):
        parse_replies(broken, source="broken.txt")


def test_reply_without_its_terminator(raw):
    first_end = raw.index("– 完  –")
    broken = raw[:first_end] + raw[first_end + len("– 完  –") :]
    with pytest.raises(SourceError, match=r"question 3130 has no '– 完 –' before question 3139"):
        parse_replies(broken, source="broken.txt")
