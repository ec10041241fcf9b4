"""The reply parser on real Finance Committee documents of other years, bureaus and languages (issue 10), and the
bundled 2025-26 Chinese document read exactly as before.

Expected values are read by hand from the sample files; each comment quotes where in the file they are.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from loaders.corpus import read_text
from loaders.errors import IndexPageOnly, SourceError
from loaders.legco import bureau_of_document, parse_index_page, parse_replies
from loaders.legco_layouts import fiscal_year_in, layouts
from loaders.text import normalise
from tests.fixtures.legco.dump_itib_2025_26_parse import parse_record

FIXTURES = Path(__file__).parent / "fixtures" / "legco"


def test_the_2025_26_chinese_document_parses_exactly_as_on_main():
    """Every field of all 251 replies and index rows against the dump of main's parse (see the dump script)."""
    expected = json.loads((FIXTURES / "itib_2025_26_parse.json").read_text(encoding="utf-8"))
    got = json.loads(json.dumps(parse_record(), ensure_ascii=False))  # tuples become lists, as in the file
    assert len(got["replies"]) == len(expected["replies"]) == 251
    for ours, theirs in zip(got["replies"], expected["replies"], strict=True):
        assert ours == theirs, ours["reply_no"]
    assert got == expected


# --- English replies, 2003-04 layout (tests/fixtures/legco/en_etwb_2003_04_replies.txt, from yumpu.com; see README) -
ETWB = FIXTURES / "en_etwb_2003_04_replies.txt"


@pytest.fixture(scope="module")
def etwb():
    return parse_replies(read_text(ETWB), source=str(ETWB))


def test_etwb_2003_04_three_replies_with_numbers_printed_away_from_their_labels(etwb):
    assert (etwb.language, etwb.fiscal_year) == (
        "en",
        "2003-04",
    )  # line 7 "Examination of Estimates of Expenditure 2003-04"
    # Reply numbers: line 13 "ETWB(E)064" (mid header), line 104 "ETWB(T)007" and line 159 "ETWB(W)012" (page foot).
    # Question numbers: line 45 "1282" (after "Signature"), line 64 "1289" (under the table row), line 163 "1280".
    assert [(r.reply_no, r.question_no) for r in etwb.replies] == [
        ("ETWB(E)064", "1282"),
        ("ETWB(T)007", "1289"),
        ("ETWB(W)012", "1280"),
    ]
    assert all(r.reply_no_printed and r.fiscal_year == "2003-04" and r.legco_ref == "" for r in etwb.replies)
    # lines 33, 80, 133: "Asked by : Hon. LEE Cheuk-yan"
    assert {r.asker for r in etwb.replies} == {"LEE Cheuk-yan"}
    assert {r.director_of_bureau for r in etwb.replies} == {"Secretary for the Environment, Transport and Works"}


def test_etwb_e064_label_and_value_on_separate_lines(etwb):
    r = etwb.by_reply_no["ETWB(E)064"]
    # lines 1-3 "Head : 44 Environmental Protection" / "Department"; line 5 "Programme :" (blank)
    assert (r.head_no, r.head_name, r.programmes) == ("44", "Environmental Protection Department", ())
    assert r.subheads == (
        "(000) Operational Expenses",
    )  # lines 15-17 "Subhead(No. & title): 000" / "Operational Expenses"
    assert r.controlling_officer == "Director of Environmental Protection"  # line 19
    # the name is the signature block's ("Name in block letters ROBERT J. S. LAW"); the header field gives the post
    assert (r.controlling_officer_post, r.controlling_officer_name) == ("Director of Environmental Protection",
                                                                         "ROBERT J. S. LAW")
    assert r.question_text.startswith("What is the number of Non-Civil Service Contract (NCSC) staff")  # line 25
    assert r.question_text.endswith("is the number of NCSC staff and amount of expenditure involved?")  # line 31
    assert r.answer_text.startswith("In 2002-03, the Environmental Protection Department")  # line 35
    assert r.answer_text.endswith("employ a similar number of NCSC staff.")  # line 39, before "Gototop" / "Signature"


def test_etwb_t007_two_column_table_header(etwb):
    r = etwb.by_reply_no["ETWB(T)007"]
    # line 60 "Head : Subhead (No. & title) Question : Serial No.", line 62 "60 – Highways Department 000 Operational
    # Expenses", line 66 "Programme :" (blank), line 68 "Controlling Officer : Director of Highways"
    assert (r.head_no, r.head_name, r.subheads, r.programmes) == (
        "60",
        "Highways Department",
        ("(000) Operational Expenses",),
        (),
    )
    assert r.controlling_officer == "Director of Highways"
    assert r.answer_text.startswith("The number of non-civil service contract staff employed by the department in")
    assert r.answer_text.endswith("about $6.15 M.")  # line 90


def test_etwb_w012_numbered_programmes_and_site_chrome_in_the_answer(etwb):
    r = etwb.by_reply_no["ETWB(W)012"]
    # line 113 "Head : 39 – Drainage Services Department Subhead (No. & title) :", line 115 "000 Operational Expenses"
    assert (r.head_no, r.head_name, r.subheads) == (
        "39",
        "Drainage Services Department",
        ("(000) Operational Expenses",),
    )
    # lines 117-119 "Programme : (1) Stormwater Drainage &" / "(2) Sewage Services"
    assert [(p.number, p.name) for p in r.programmes] == [("1", "Stormwater Drainage"), ("2", "Sewage Services")]
    assert [p.label for p in r.programmes] == ["(1) Stormwater Drainage", "(2) Sewage Services"]
    assert r.controlling_officer == "Director of Drainage Services"  # line 121
    # line 135 "Reply :", line 137 "Gototop" (the web site's link, not LegCo's text), line 139 the answer
    assert r.answer_text.startswith("The Department employed a total of 201 non-civil service contract (NCSC) staff")
    assert "Gototop" not in r.answer_text
    assert r.answer_text.endswith("expenditure will be $38 million due to payment of contract gratuities.")  # line 147


def test_english_spans_point_into_the_text_and_back_to_the_file(etwb):
    raw, text = read_text(ETWB), etwb.text
    for r in etwb.replies:
        assert text.text[r.question_start :].startswith(r.question_text)
        assert text.text[r.answer_start :].startswith(r.answer_text)
        assert text.text[r.asker_start : r.asker_end] == "Hon. LEE Cheuk-yan"
        assert r.char_start <= r.question_start < r.asker_start < r.answer_start < r.char_end
        # in the file, the texts start where their spans say (line ends there are "\n\n" instead of "\n")
        assert raw[text.raw_offsets[r.question_start] :].startswith(r.question_text.split("\n")[0])
        start, end = text.raw_span(r.asker_start, r.asker_end)
        assert raw[start:end] == "Hon. LEE Cheuk-yan"
    spans = [(r.char_start, r.char_end) for r in etwb.replies]
    assert all(a[1] <= b[0] for a, b in zip(spans, spans[1:], strict=False))  # in order, not overlapping


# --- English reply, 2012-13 layout, serial numbers blank (en_cedb_2012_13_excerpt.txt, from ininet.org) ----------
CEDB = FIXTURES / "en_cedb_2012_13_excerpt.txt"


def test_cedb_blank_serial_numbers_are_an_error_naming_file_and_line():
    # lines 3 and 7: "Reply Serial No." and "Question Serial No." with nothing after them; there is no index table
    with pytest.raises(SourceError) as err:
        parse_replies(read_text(CEDB), source=str(CEDB))
    assert str(err.value) == (
        f"{CEDB}:3: reply without a number: 'Reply Serial No.' and 'Question Serial No.' are blank "
        "and no index table gives it"
    )


def test_cedb_fields_when_unnumbered_replies_are_kept():
    parsed = parse_replies(read_text(CEDB), source=str(CEDB), allow_unnumbered=True)
    assert (parsed.language, parsed.fiscal_year) == ("en", "2012-13")  # line 1
    (r,) = parsed.replies
    assert (r.reply_no, r.question_no, r.reply_no_printed) == ("", "", False)  # nothing invented
    # lines 12-18 "152 Government Secretariat:" / "Commerce and Economic" / "Development Bureau (Commerce," / ...
    assert r.head_no == "152"
    assert r.head_name == (
        "Government Secretariat: Commerce and Economic Development Bureau (Commerce, Industry and Tourism Branch)"
    )
    assert r.subheads == ()  # line 20 "Subhead (No. & title) :" with nothing after it
    assert [(p.number, p.name) for p in r.programmes] == [("1", "Director of Bureau’s Office")]  # line 24
    # lines 28-29: the bracket names the branch, not an officer
    assert r.controlling_officer == (
        "Permanent Secretary for Commerce and Economic Development (Commerce, Industry and Tourism)"
    )
    assert r.controlling_officer_name == "Andrew HY WONG"  # the signature block's "Name in block letters", 2 lines on
    assert r.director_of_bureau == "Secretary for Commerce and Economic Development"  # line 33
    assert r.question_text.startswith("The estimate for the Office increases by $4.9 million (69%)")  # line 36
    assert r.question_text.endswith("What is the estimated expenditure for this item?")
    assert (r.asker, r.legco_ref) == ("WONG Ting-kwong", "")  # line 37 "Asked by : Hon. WONG Ting-kwong"
    assert r.answer_text.startswith("It has been the Government’s position")  # line 39
    assert r.answer_text.endswith("are $2.54 million and $1.86 million respectively.")  # before "Name in block letters"
    assert parsed.text.text[r.answer_start :].startswith(r.answer_text)


# --- Index pages only: refused by parse_replies (a build cannot use them); their rows read by parse_index_page ---
@pytest.mark.parametrize(
    ("name", "line", "year"),
    [
        ("en_itb_2021_22_index_excerpt.txt", 1, "2021-22"),  # "Index Page Replies to ... Expenditure 2021-22"
        ("en_itb_2017_18_index_excerpt.txt", 1, "2017-18"),
        ("en_citb_itb_2003_04_index_excerpt.txt", 1, "2003-04"),
        ("zh_hab_2016_17_index_excerpt.txt", 1, "2016-17"),  # "審 核 二 零 一 六 一 七 年 度" (Chinese numerals)
    ],
)
def test_index_pages_are_refused_with_their_year_and_line(name, line, year):
    path = FIXTURES / name
    with pytest.raises(IndexPageOnly) as err:
        parse_replies(read_text(path), source=str(path))
    assert str(err.value).startswith(f"{path}:{line}: an index page only ({year}):")
    assert "\n" not in str(err.value)


def _index(name: str):
    path = FIXTURES / name
    return parse_index_page(read_text(path), source=str(path))


def test_an_english_index_run_into_one_line_is_read_row_by_row():
    page = _index("en_itb_2021_22_index_excerpt.txt")
    assert (page.fiscal_year, page.language, len(page.index)) == ("2021-22", "en", 24)  # ITB001 … ITB024
    row = {e.reply_no: e for e in page.index}
    # "ITB004 1691 CHEUNG Wah-fung, Christopher 135 (2) Innovation and Technology ITB005"
    assert (row["ITB004"].question_no, row["ITB004"].legislator, row["ITB004"].head_no) == (
        "1691", "CHEUNG Wah-fung, Christopher", "135")
    assert [(p.number, p.name) for p in row["ITB004"].programmes] == [("2", "Innovation and Technology")]
    assert row["ITB007"].programmes == ()  # "ITB007 1291 CHIANG Lai-wan 135 ITB008": no programme printed
    assert row["ITB013"].legislator == "IP LAU Suk-yee, Regina"  # "ITB013 0409 IP LAU Suk-yee, Regina 135"
    assert [p.name for p in row["ITB002"].programmes] == ["Director of Bureau’s Office"]
    assert bureau_of_document(page) == "Innovation and Technology Bureau"  # "Secretary for Innovation and Technology"


def test_a_2003_04_index_row_with_six_heads_and_programmes_by_name():
    row = {e.reply_no: e for e in _index("en_citb_itb_2003_04_index_excerpt.txt").index}
    assert len(row) == 25
    # "CITB(ITB)004 0105 HO Sau-lan, Cyd 55 47 155 160 177 180 Operational Expenses"
    assert row["CITB(ITB)004"].head_nos == ("55", "47", "155", "160", "177", "180")
    assert [(p.number, p.name) for p in row["CITB(ITB)004"].programmes] == [(None, "Operational Expenses")]
    # "CITB(ITB)023 0262 CHAN Kwok-keung 47 IT Infrastucture and Standards" (the site's spelling)
    it_row = row["CITB(ITB)023"]
    assert (it_row.head_no, it_row.programmes[0].name) == ("47", "IT Infrastucture and Standards")


def test_a_chinese_index_whose_site_dropped_numbers_keeps_its_rows_with_the_numbers_missing():
    page = _index("zh_hab_2016_17_index_excerpt.txt")
    assert page.fiscal_year == "2016-17"
    first = page.index[0]  # "HAB126 2508 梁 家 傑 63 (3 地 區 環 境 改 善 工 程" (the ")" lost)
    assert (first.reply_no, first.question_no, first.legislator, first.head_no) == ("HAB126", "2508", "梁家傑", "63")
    assert [(p.number, p.name) for p in first.programmes] == [("3", "地區環境改善工程")]
    # "HAB 陳 家 洛 63 (1 地 區 行 政": the reply number's digits and the question number were dropped by the site
    unnumbered = next(e for e in page.index if e.legislator == "陳家洛")
    assert (unnumbered.reply_no, unnumbered.question_no, unnumbered.head_no) == ("", "", "63")
    # the page title and header repeated after a page break are not read as a programme
    assert all("財務委員會" not in p.name for e in page.index for p in e.programmes)


def test_an_index_whose_columns_the_site_broke_apart_is_refused():
    with pytest.raises(SourceError, match="the index table's columns are broken apart"):
        _index("en_itb_2017_18_index_excerpt.txt")


def test_parse_prints_index_pages_and_reports_blank_serial_numbers(tmp_path):
    from tests.conftest import run_cli

    index = run_cli("parse", str(FIXTURES / "en_itb_2021_22_index_excerpt.txt"), home=tmp_path)
    assert index.returncode == 0, index.stderr
    printed = json.loads(index.stdout)
    assert printed["bureau"] == "Innovation and Technology Bureau"
    assert (len(printed["index"]), printed["replies"]) == (24, [])
    blank = run_cli("parse", str(FIXTURES / "en_cedb_2012_13_excerpt.txt"), home=tmp_path)
    assert blank.returncode == 0, blank.stderr
    [reply] = json.loads(blank.stdout)["replies"]
    assert reply["missing"] == ["reply_no", "question_no"] and reply["legislator"]


@pytest.mark.parametrize(
    ("title", "year"),
    [
        ("審核二零一六至一七年度", "2016-17"),
        ("審 核 二 零 一 六 一 七 年 度", "2016-17"),
        ("審核2025-26年度", "2025-26"),
    ],
)
def test_chinese_fiscal_years_in_numerals_or_digits(title, year):
    assert fiscal_year_in(normalise(title).text, layouts()["zh"]["fiscal_year"]) == year


# --- English replies of other years as ininet.org and yumpu.com re-published them (tests/fixtures/legco_other) -------
OTHER = Path(__file__).parent / "fixtures" / "legco_other"


def test_ininets_cell_borders_are_read_through_and_keep_offsets_into_the_file():
    # CEDB(CIT)021 of 2012-13: "Head :" / "|" / "152 Government Secretariat: …", "| Examination of Estimates … |"
    path = OTHER / "en_cedb_cit_2012_13_p18.txt"
    parsed = parse_replies(read_text(path), str(path))
    [reply] = parsed.replies
    assert (reply.reply_no, reply.question_no, reply.fiscal_year, reply.head_no) == ("CEDB(CIT)021", "0931",
                                                                                     "2012-13", "152")
    assert [(p.number, p.name) for p in reply.programmes] == [
        ("4", "Posts, Competition Policy and Consumer Protection")]
    assert reply.answer_text.startswith("Provision in the original estimate for Programme (4) in 2011-12")
    raw = read_text(path)
    assert raw[parsed.text.raw_offsets[reply.answer_start] :].startswith("Provision in the original estimate")


def test_serial_numbers_printed_beside_the_titles_and_a_capital_works_item():
    # ETWB(W)045 of 2003-04 (yumpu.com): "Examination of Estimates of Expenditure 2003-04 ETWB(W)045",
    # "INITIAL WRITTEN QUESTION 0780", "Subhead (No. & title): 5001BX – Landslip / Preventive Measures"
    path = OTHER / "en_etwb_2003_04_p250.txt"
    [reply] = parse_replies(read_text(path), str(path)).replies
    assert (reply.reply_no, reply.question_no, reply.head_no) == ("ETWB(W)045", "0780", "705")
    assert reply.subheads == ("(5001BX) Landslip Preventive Measures",)


def test_a_copy_that_stops_inside_its_reply_is_refused_unless_an_excerpt():
    # CEDB(CIT)063 of 2012-13: the stored page stops mid-answer ("…to enable its passage within the")
    path = OTHER / "en_cedb_cit_2012_13_p49.txt"
    with pytest.raises(SourceError, match=r"p49\.txt:\d+: reply is truncated: .*'excerpt: true'"):
        parse_replies(read_text(path), str(path))
    [reply] = parse_replies(read_text(path), str(path), excerpt=True).replies
    assert reply.reply_no == "CEDB(CIT)063" and reply.truncated
    assert reply.answer_text.endswith("to enable its passage within the")
    # a whole reply is never marked so
    whole = OTHER / "en_cedb_cit_2012_13_p18.txt"
    assert not parse_replies(read_text(whole), str(whole), excerpt=True).replies[0].truncated


OTHER2 = Path(__file__).parent / "fixtures" / "legco_other2"


@pytest.mark.parametrize("file_name, numbers, director", [
    # 2004-05: the serial numbers above the form's title; "Bureau Secretary :" for the director
    ("en_cad_2004_05_edlb_ed_003.txt", ("EDLB(ED)003", "0231"), "Secretary for Economic Development and Labour"),
    # 2000-01: "Bureau Serial No. EMB 0008", "Head 146 …" without its colon, "Policy Secretary :", "2000-2001"
    ("en_emb_2000_01_emb0008.txt", ("EMB 0008", "0028"), "Secretary for Education and Manpower"),
    # 2001-02: the whole form on one line of the web page, down to "Signature:"
    ("en_cad_2001_02_sb165.txt", ("SB165", "0408"), "Secretary for Security"),
])
def test_older_layouts_of_the_english_replies(file_name, numbers, director):
    path = OTHER2 / file_name
    parsed = parse_replies(read_text(path), str(path))
    [reply] = parsed.replies
    assert (reply.reply_no, reply.question_no) == numbers
    assert reply.director_of_bureau == director
    assert parsed.fiscal_year == file_name.split("_")[2] + "-" + file_name.split("_")[3]
    assert reply.asker and not reply.asker.startswith(("The", "Hon"))
    assert reply.answer_text and not reply.truncated
    if reply.reply_no == "SB165":
        assert [(p.number, p.name) for p in reply.programmes] == [("2", "Airport Standards")]  # no brackets


def test_a_head_of_a_bureaus_branch_is_answered_by_the_bureau():
    # CEDB(CIT)021 of 2012-13: "152 Government Secretariat: Commerce and Economic Development Bureau (Commerce, Industry
    # and Tourism Branch)" — the bureau of the gazetteer, not a department named after the branch
    from loaders.gazetteer import load_gazetteer
    from loaders.replies_graph import head_body_id

    path = OTHER / "en_cedb_cit_2012_13_p18.txt"
    [reply] = parse_replies(read_text(path), str(path)).replies
    assert head_body_id(reply, load_gazetteer()) == "bureau:cedb"
