"""The Cypher cookbook: headers, parameter checks, docs/cookbook.md, and every query run against the loaded corpus,
directly (graph.cookbook.run) and over HTTP (POST /queries/{name}), with answers checked in the documents.

Where a comment says "001 line N" it means data/sources/001_290747ba864f0a9c.txt (the 251 ITIB replies), line N
of the raw file; "the index" is that file's own table of replies (lines 2-399: reply no, question no, asker, head,
programme). Spans (char_start/char_end) are checked against the normalised text of the document, as the loaders
build it.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from api.graph_json import value_json
from graph import cookbook
from graph.cookbook import HeaderError, ParameterError
from graph.model import AmountType

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "data" / "sources"
ITIB_DOC = "doc:3942c1bfcb494316"  # 001_290747ba864f0a9c.txt
NEWS_DOC = "doc:1af5e5a84e25d74b"  # 002_7248ee00a4c7a5f9.txt, 文匯報 "10億元建AI研發院 拓展關鍵產業"
SLIDES_DOC = "doc:728e4cbf64d692fd"  # 003_3e86e7c9f427e146.txt
HKCS_DOC = "doc:af70a85f699ffa83"  # 000_fe1fd75796096d66.txt, 香港電腦學會 press release
CYBERPORT_DOC = "doc:d999ec3fad14b8e0"  # 004_27ebd2316b9477aa.txt, 數碼港 press release

NAMES = [q.name for q in cookbook.queries()]
# The kinds of figure that are about one thing and never a flow (data/model.yaml, amount_type).
FIGURE_TYPES = {"cap", "average", "change", "threshold", "salary", "income", "cost"}


@cache
def document_text(doc_id: str) -> str:
    """The normalised text of a source document, which every char_start/char_end points into."""
    from loaders.legco import normalise_replies_text
    from loaders.text import normalise

    manifest = yaml.safe_load((SOURCES / "sources.yaml").read_text(encoding="utf-8"))
    entry = next(d for d in manifest["documents"] if f"doc:{d['sha256'][:16]}" == doc_id)
    raw = (SOURCES / entry["file"]).read_text(encoding="utf-8")
    return (normalise_replies_text(raw) if entry["doc_type"] == "legco_replies" else normalise(raw)).text


def in_document(quote: str, doc_id: str) -> bool:
    """The quote is in the document's text, read as one line (a table row's quote joins its cells' lines)."""
    return " ".join(quote.split()) in " ".join(document_text(doc_id).split())


def by(records: list[dict[str, Any]], key: str) -> dict[Any, dict[str, Any]]:
    return {r[key]: r for r in records}


# --- expected answers on the corpus, one per cookbook query (run with its header's Example) -------------------


def check_who_asked_about(rows):
    # 傑出創科學人計劃 is named in the questions of ITIB001 (陳振英, 001 line 348), ITIB012 (周文港, line 1716),
    # ITIB046 (吳永嘉) and ITIB063 (黃錦輝): the index, lines 2, 13, 51, 68.
    assert {r["legislator"]: r["reply_nos"] for r in rows} == {
        "陳振英": ["ITIB001"], "周文港": ["ITIB012"], "吳永嘉": ["ITIB046"], "黃錦輝": ["ITIB063"]}
    assert all(r["question_count"] == 1 for r in rows)


def check_entity_funding(rows):
    # ITIB002 (001 line 504): 「2025-26年度的「科技統籌(整體撥款)」計劃(計劃)預算為9,414萬元」 and its annex 一
    # (the projects approved so far: 香港警務處 7.5, 渠務署 5.8 and 2.0, 路政署 5.6, 懲教署 5.4, 機電工程署 2.5,
    # 古物古蹟辦事處 1.4, in 百萬元); its table of programme (2) gives the 2024-25 estimate and revised estimate
    # (「科技統籌(整體撥款) 119.7 86.0」). ITIB152 names the departments funded without their amounts: 「獲支持撥款的
    # 部門/辦公室包括漁農自然護理署、古物古蹟辦事處、…、運輸署及水務署。」. ITIB243's 「撥款額每年平均約8,300萬元」 is
    # a figure about the scheme, not a flow: figures_about has it, entity_funding does not. The annex's amounts are
    # approved (「2025-26年度獲資助之科技項目」), which sorts before the 2025-26 estimate the scheme receives.
    # ITIB059's table rounds the 9,414萬元 to 「94.1」 (百萬元): one fact with both replies (loaders/reconcile.py).
    first = next(r for r in rows if r["direction"] == "in")
    assert (first["direction"], first["funder_id"], first["amount"], first["amount_type"], first["fiscal_year"],
            first["currency"], first["reply_nos"]) == ("in", "bureau:itib", 94_140_000, "estimate", "2025-26", "HKD",
                                                       ["ITIB002", "ITIB059"])
    assert first["amount_text"] == "9,414萬元" and (first["amount_max"], first["per"], first["bound"]) == (None,) * 3
    out = [(r["recipient_id"], r["amount"]) for r in rows if r["direction"] == "out" and r["fiscal_year"] == "2025-26"]
    assert out[0] == ("dept:hkpf", 7_500_000) and ("dept:amo", 1_400_000) in out and len(out) == 7
    assert rows[0]["recipient_id"] == "dept:hkpf" and rows[0]["amount_type"] == "approved"
    earlier = {(r["amount_type"], r["amount"]) for r in rows if r["fiscal_year"] == "2024-25"}
    assert earlier == {("estimate", 119_700_000), ("revised_estimate", 86_000_000)}
    # (古物古蹟辦事處 is also one of ITIB002's approved projects: its listing is folded into that flow of 1.4)
    listed = [r for r in rows if r["amount"] is None]
    assert {"dept:afcd", "dept:wsd"} <= {r["recipient_id"] for r in listed}
    assert all((r["direction"], r["fiscal_year"], r["reply_nos"]) == ("out", None, ["ITIB152"]) for r in listed)
    assert rows[-len(listed):] == listed and 83_000_000 not in {r["amount"] for r in rows}


def check_funding_totals(rows):
    # dept:itc gives money only (direction out); one row per amount_type, currency, per and bound, each HKD, never a
    # mixed total. Its own budget's change (ITIB111 「…較上年度的原來預算增加了約16.62億元」) and the caps it sets are
    # figures about it or its schemes (figures_about), never summed with the money it pays out.
    kinds = [(r["amount_type"], r["currency"], r["per"], r["bound"], r["direction"]) for r in rows]
    assert len(kinds) == len(set(kinds)) and {k[0] for k in kinds} <= set(AmountType)
    assert {r["direction"] for r in rows} == {"out"} and {r["currency"] for r in rows} == {"HKD"}
    assert all(r["smallest"] <= r["largest"] <= r["total_max"] and r["total"] <= r["total_max"] for r in rows)
    # (the grants its schemes approved, with no payer named, are figures about the schemes: not flows out of it)
    assert {"allocation", "estimate"} <= {r["amount_type"] for r in rows}
    assert not {r["amount_type"] for r in rows} & FIGURE_TYPES
    # ITIB101: 「共有198間初創企業獲得「大學科技初創企業資助計劃」的資助，涉及資助超過1.3億元」 is what the scheme
    # approved, a figure about it (涉及資助: funding.yaml), so no lower bound of an allocation flows out of the ITC
    lower = by([r for r in rows if r["bound"] == "lower"], "amount_type")
    assert "allocation" not in lower
    # ITIB099: 「大部分InnoHK的研發中心於5年內獲得約3至5億元的政府資助」, a range: 3億 in `total`, 5億 in `total_max`.
    (exact,) = [r for r in rows if (r["amount_type"], r["bound"], r["per"]) == ("allocation", None, None)]
    assert exact["total_max"] - exact["total"] == 200_000_000


def check_funding_by_fiscal_year(rows):
    # ITIB085 annex 一 (001 line 11813): 「香港城市大學 215 398 400 400 400 400 800 800 800 800 800 1,600」 (萬元),
    # 2013-14 to 2024-25: the closed years (to 2023-24) are amounts paid ("以實報實銷及發還款項的方式發放"),
    # 2024-25 the budgeted ceiling (its note 「註(1 )： 2024-25年度資助額預算為資助上限。」: an estimate).
    # Without a year, all approved: two ITIB122 project rows (資助額 1.76 + 2.5 百萬元) and ITIB131's table
    # of 大學科技初創企業資助計劃 over three years (「香港城市大學 38 3,874 32」, 獲批資助總額(萬元)); the lists that
    # name 城大 among the grantees without its amount (人工智能資助計劃's, 產學研1+計劃's) are not counted.
    totals = {(r["fiscal_year"], r["amount_type"]): r["total"] for r in rows}
    assert totals[("2013-14", "actual")] == 2_150_000 and totals[("2014-15", "actual")] == 3_980_000
    assert [totals[(f"20{y}-{y + 1}", "actual")] for y in range(19, 24)] == [8_000_000] * 5
    assert totals[("2024-25", "estimate")] == 16_000_000
    undated = {(r["amount_type"], r["facts"], r["total"]) for r in rows if r["fiscal_year"] is None}
    assert undated == {("approved", 3, 4_260_000 + 38_740_000)}
    dated = [r["fiscal_year"] for r in rows if r["fiscal_year"] is not None]
    assert dated == sorted(dated) and rows[-1]["fiscal_year"] is None


def check_figures_about(rows):
    # ITIB091 annex 二, the five R&D centres' figures by year (2019-20 … 2023-24, 百萬元), the rows of 應科院:
    # 「營運開支(百萬元) 170.2 174 181.8 186.5 202.1」, 「研發開支(百萬元) 358.6 333.2 298.7 284.6 318.4」,
    # 「來自業界及其他收入(百萬元) 117 65.5 121.9 112.6 154」; its 員工人數 (staff) row is not money.
    got = {(r["fiscal_year"], r["table_row"]): r for r in rows}
    operating = got[("2023-24", "營運開支(百萬元)")]
    assert (operating["amount"], operating["amount_type"], operating["table_column"]) == (202_100_000, "actual",
                                                                                           "2023-24")
    assert got[("2019-20", "研發開支(百萬元)")]["amount"] == 358_600_000
    income = got[("2023-24", "來自業界及其他收入(百萬元)")]
    assert (income["amount"], income["amount_type"], income["reply_nos"]) == (154_000_000, "income", ["ITIB091"])
    assert not any(r["table_row"] and r["table_row"].startswith("員工人數") for r in rows)
    assert all(r["figure_id"].startswith("figure:inst:astri:") and in_document(r["quote"], ITIB_DOC) for r in rows)
    years = [r["fiscal_year"] or "" for r in rows]
    assert years == sorted(years, reverse=True) and years[0] == "2023-24"


def check_schemes_administered_by(rows):
    # 數字政策辦公室 runs the elderly digital programmes, IT Lab, 奇趣IT識多啲 …; for 人工智能資助計劃 the link is
    # ITIB250's question 「數字政策辦公室中負責「人工智能資助計劃」的人手數量」.
    assert [r["scheme_id"] for r in rows] == [
        "scheme:aiss", "scheme:elderly_advanced_training", "scheme:elderly_inclusion", "scheme:elderly_outreach",
        "scheme:it_lab_secondary", "scheme:kmait", "scheme:school_it_enrichment",
        "scheme:數碼企業身份平台"]  # discovered (issue 12): 「數字辦全速推進「數碼企業身份」平台項目」
    aiss = rows[0]
    assert aiss["reply_nos"] == ["ITIB250"] and "數字政策辦公室中負責「人工智能資助計劃」" in aiss["quote"]
    assert {r["administered_by"] for r in rows} == {"dept:dpo"}


def check_most_active_legislators_per_head(rows):
    # Counted in the index (001 lines 2-399): head 135 黃錦輝 7, 吳永嘉 5, 尚海龍 5; head 155 黃錦輝 8, 梁子穎 6,
    # 嚴剛 5; head 47 葛珮帆 8, then 容海恩, 梁子穎 and 黃錦輝 with 6 each (ties go by id).
    got = [(r["head_no"], r["legislator"], r["questions"]) for r in rows]
    assert got == [("135", "黃錦輝", 7), ("135", "吳永嘉", 5), ("135", "尚海龍", 5),
                   ("155", "黃錦輝", 8), ("155", "梁子穎", 6), ("155", "嚴剛", 5),
                   ("47", "葛珮帆", 8), ("47", "容海恩", 6), ("47", "梁子穎", 6)]
    assert [r["rank"] for r in rows] == [1, 2, 3] * 3


def check_most_active_legislators_per_programme(rows):
    # The index: under 47 (1) 數字政府, 葛珮帆 (ITIB214-216), 蘇長荣 and 黃錦輝 asked 3 each, nobody more.
    assert {(r["legislator"], r["questions"]) for r in rows} == {("葛珮帆", 3), ("蘇長荣", 3), ("黃錦輝", 3)}
    assert {r["programme"] for r in rows} == {"(1) 數字政府"}


def check_entities_two_hops_from_legislator(rows):
    # 陳振英 asked ITIB001 (傑出創科學人計劃, 科技人才入境計劃 in the question; 研究人才庫 in the answer: 001 lines
    # 348-390) and ITIB002 (科技統籌(整體撥款), line 421 on).
    got = {r["entity_id"]: r for r in rows}
    assert set(got) == {"scheme:gsps", "scheme:techtas", "scheme:rth", "scheme:techconnect"}
    assert got["scheme:rth"]["asked_about"] is False and got["scheme:gsps"]["asked_about"] is True
    assert got["scheme:gsps"]["via"] == ["question:2025-26:ITIB001"]
    assert got["scheme:techconnect"]["relationship_types"] == ["ASKED/MENTIONS"]


def check_shortest_path(rows):
    # 陳振英 asked ITIB001, which went to head 135, the bureau (the index, line 2): two hops.
    (row,) = rows
    assert row["hops"] == 2 and row["node_ids"][0] == "legislator:陳振英" and row["node_ids"][-1] == "bureau:itib"
    assert len(row["relationship_types"]) == 2


def check_edge_sources(rows):
    # ITIB001's question (001 line 348): 「會繼續推行「傑出創科學人計劃」，以加強對本地大學的支援」.
    (row,) = rows
    assert (row["type"], row["from_id"], row["to_id"], row["reply_no"], row["source_id"]) == (
        "MENTIONS", "question:2025-26:ITIB001", "scheme:gsps", "ITIB001", ITIB_DOC)
    assert document_text(ITIB_DOC)[row["char_start"]:row["char_end"]] == "傑出創科學人計劃"
    assert "會繼續推行「傑出創科學人計劃」" in row["quote"] and row["quote"] in document_text(ITIB_DOC)
    assert row["doc_type"] == "legco_replies" and row["documents"][0]["id"] == ITIB_DOC


def check_schemes_in_replies_and_press(rows):
    # 人工智能資助計劃 is in 23 replies and in the 文匯報 article, the HKCS press release (「「人工智能資助計劃」已於
    # 2024年10月推出」) and the slides; InnoHK in 33 replies.
    got = by(rows, "scheme_id")
    aiss = got["scheme:aiss"]
    assert {d["id"] for d in aiss["press_documents"]} == {NEWS_DOC, HKCS_DOC, SLIDES_DOC}
    assert aiss["reply_count"] == 23 and "ITIB153" in aiss["reply_nos"]
    assert got["scheme:innohk"]["reply_count"] == 33
    assert "人工智能資助計劃" in document_text(HKCS_DOC) and "人工智能資助計劃" in document_text(NEWS_DOC)
    assert all(r["reply_count"] >= 1 and r["press_count"] >= 1 for r in rows)


def check_entities_asked_by_many_legislators(rows):
    # 創科產業引導基金 is in the questions of 11 legislators (ITIB007 邱達根, ITIB020 簡慧敏, ITIB023 江玉歡,
    # ITIB034 梁子穎, ITIB039 盧偉國, ITIB051 尚海龍, ITIB055 陳祖恒, ITIB058 鄧飛, ITIB060 黃錦輝, ITIB070 嚴剛,
    # ITIB073 張欣宇),
    # 產學研1+計劃 of 11 too; 人工智能資助計劃 of 10.
    got = by(rows, "entity_id")
    assert [r["entity_id"] for r in rows[:2]] == ["scheme:itiof", "scheme:raise_plus"]
    assert got["scheme:itiof"]["legislators"] == 11 and "邱達根" in got["scheme:itiof"]["legislator_names"]
    assert got["scheme:aiss"]["legislators"] == 10
    assert all(r["legislators"] >= 3 and r["label"] == "Scheme" for r in rows)


def check_questions_under_programme(rows):
    # The index has 40 replies under 47 (3) 數字基建, the first ITIB146 陳克勤 (001 line 181).
    assert len(rows) == 40 and rows[0]["reply_no"] == "ITIB146" and rows[0]["asker"] == "陳克勤"
    assert {r["programme"] for r in rows} == {"(3) 數字基建"} and {r["head_no"] for r in rows} == {"47"}


def check_legislator_topics(rows):
    # 葛珮帆's ITIB213-217 and ITIB219 each begin 「…數字辦將…」 (數字政策辦公室).
    assert rows[0]["entity_id"] == "dept:dpo"
    assert rows[0]["reply_nos"] == ["ITIB213", "ITIB214", "ITIB215", "ITIB216", "ITIB217", "ITIB219"]
    assert by(rows, "entity_id")["scheme:itf"]["reply_nos"] == ["ITIB120", "ITIB122"]


def check_scheme_funding_recipients(rows):
    # ITIB002 annex 一 (001 lines ~510-545), 百萬元: 「2025-26年度獲資助之科技項目」, the amounts approved for the
    # projects (its 預算開支金額 column). The two 機電工程署 projects of 2.5 each are one fact in the graph.
    estimates = [r for r in rows if r["amount_type"] == "approved" and r["amount"] is not None]
    assert [(r["recipient_id"], r["amount"]) for r in estimates] == [
        ("dept:hkpf", 7_500_000), ("dept:dsd", 5_800_000), ("dept:hyd", 5_600_000), ("dept:csd", 5_400_000),
        ("dept:emsd", 2_500_000), ("dept:dsd", 2_000_000), ("dept:amo", 1_400_000)]
    assert {(r["fiscal_year"], r["currency"]) for r in estimates} == {("2025-26", "HKD")}
    # ITIB152's list of the departments funded (「…包括漁農自然護理署、…、運輸署及水務署。」), without amounts
    listed = [r for r in rows if r["amount"] is None]
    assert len(listed) == len(rows) - 7 and {r["amount_type"] for r in listed} == {"approved"}
    assert {"dept:afcd", "dept:td", "dept:wsd"} <= {r["recipient_id"] for r in listed}


def check_departments_of_bureau(rows):
    # The index: 106 replies under head 47 (數字政策辦公室), 72 under head 155 (創新科技署).
    got = by(rows, "department_id")
    assert set(got) == {"dept:dpo", "dept:itc", "dept:ogcio", "dept:effo", "dept:nido"}
    assert got["dept:dpo"]["questions_addressed"] == 106 and got["dept:itc"]["questions_addressed"] == 72
    assert got["dept:itc"]["head_no"] == "155" and got["dept:itc"]["schemes_administered"] == 27


def check_documents_mentioning(rows):
    # 數碼港 appears 34 times in the Cyberport press release (004), 10 in the 文匯報 article (002), 6 in the HKCS
    # press release (000, 5 of them as the entity) and once in the slides (003).
    got = by(rows, "document_id")
    assert set(got) == {ITIB_DOC, CYBERPORT_DOC, NEWS_DOC, HKCS_DOC, SLIDES_DOC}
    assert got[CYBERPORT_DOC]["mentions"] == 34 and got[NEWS_DOC]["mentions"] == 10
    assert got[ITIB_DOC]["doc_type"] == "legco_replies" and "ITIB015" in got[ITIB_DOC]["reply_nos"]
    assert got[CYBERPORT_DOC]["reply_nos"] == []
    assert all(r["quote"] in document_text(r["document_id"]) for r in rows)


def check_co_mentioned_entities(rows):
    # 人工智能資助計劃 subsidises use of 數碼港's 人工智能超算中心: named together in 26 replies and press documents.
    assert rows[0]["entity_id"] == "inst:aisc" and rows[0]["shared"] == 26
    assert rows[1]["entity_id"] == "inst:cyberport"
    assert all(r["label"] == "Institution" for r in rows)


def check_top_funded_recipients(rows):
    # ITIB127/ITIB133's table of the ITF's spending (百萬元), its column 2021-22 年度 實際開支: 「創新及科技支援計劃
    # 733.0 704.1 …」, 「研究人才庫 346.8 341.4 …」, 「科技券 95.4 319.4 …」; then the universities of ITIB085 annex 一
    # (萬元, the 2021-22 column: 城大 800, 浸大 800, 港大 800, …).
    top = [(r["recipient_id"], r["total"]) for r in rows]
    assert top[:3] == [("scheme:itsp", 704_100_000), ("scheme:rth", 341_400_000), ("scheme:tvp", 319_400_000)]
    assert ("inst:cityu", 8_000_000) in top and all(r["fiscal_years"] == ["2021-22"] for r in rows)
    assert [r["total"] for r in rows] == sorted((r["total"] for r in rows), reverse=True)


def check_find_entities(rows):
    # 數碼港秘書處, a unit of Cyberport the name model once took for a department, is no entity any more (issue 12)
    assert [r["entity_id"] for r in rows] == ["inst:cyberport", "inst:aisc", "scheme:cmf"]


def check_reply_entities(rows):
    # ITIB001 (001 lines 340-400): the question names 傑出創科學人計劃 and 科技人才入境計劃, the answer also
    # 大學教育資助委員會, 研究人才庫 and 香港賽馬會慈善信託基金.
    assert {r["entity_id"]: r["part"] for r in rows} == {
        "scheme:gsps": "both", "scheme:techtas": "both", "inst:ugc": "answer", "scheme:rth": "answer",
        "inst:hkjcct": "answer"}
    text = document_text(ITIB_DOC)
    assert all(text[r["char_start"]:r["char_end"]] in (r["entity"], "大學教育資助委員會") for r in rows)


EXPECTED = {name[len("check_"):]: f for name, f in globals().items() if name.startswith("check_")}


# --- headers, catalogue, docs (no server) -----------------------------------------------------------------------


def test_every_query_file_has_a_complete_header():
    files = sorted(cookbook.QUERIES_DIR.glob("*.cypher"))
    parsed = cookbook.all_queries()  # raises HeaderError naming the file if any header is incomplete
    assert [p.stem for p in files] == list(parsed)
    for q in parsed.values():
        assert q.question and q.returns and isinstance(q.example, dict)
        assert q.cookbook or q.usage, f"{q.name}: an internal query says who uses it"


def test_the_cookbook_has_at_least_15_queries_with_the_required_ones():
    assert len(NAMES) >= 15
    assert {"who_asked_about", "entity_funding", "schemes_administered_by", "most_active_legislators_per_head",
            "entities_two_hops_from_legislator", "shortest_path", "edge_sources", "schemes_in_replies_and_press",
            "entities_asked_by_many_legislators", "funding_totals"} <= set(NAMES)
    internal = {q.name for q in cookbook.all_queries().values() if not q.cookbook}
    assert internal >= {"count_legislators", "count_nodes_by_label", "count_relationships_by_type", "export_nodes",
                        "export_relationships", "legislator_questions", "legislators", "question_by_reply_no",
                        "questions_filtered", "questions_filtered_count"}


def test_every_cookbook_query_has_an_expected_answer():
    assert set(EXPECTED) == set(NAMES)


def test_cookbook_queries_are_read_only_and_use_parameters_only():
    for q in cookbook.queries():
        body = re.sub(r"//[^\n]*", "", q.text)
        assert not re.search(r"\b(CREATE|MERGE|SET|DELETE|REMOVE|DROP|LOAD\s+CSV|CALL|FOREACH)\b", body, re.I), q.name
        assert "{{" not in body and "apoc." not in body.lower(), q.name
        for p in q.parameters:  # optional parameters are guarded
            if p.default is None and not p.required:
                assert f"${p.name} IS NULL OR" in body, f"{q.name}: ${p.name} is not guarded"


def test_shortest_path_uses_a_literal_bound():
    q = cookbook.get("shortest_path")
    assert "shortestPath((a)-[*..6]-(b))" in q.text
    assert (q.parameter("max_hops").minimum, q.parameter("max_hops").maximum) == (1, 6)


def test_amount_type_choices_are_the_models():
    for q in cookbook.queries():
        p = q.parameter("amount_type")
        if p is not None:
            assert set(p.choices) == set(AmountType), q.name


def test_header_parsing():
    text = """// Question: Who?
// Parameters: entity_id (string, required) — an id; "like this";
//   limit (integer, default 50, 1..1000) — most rows; kind (string, default null, one of a|b) — a kind;
//   flag (boolean, default false) — (with brackets) in the text
// Example: {"entity_id": "scheme:gsps", "kind": "a"}
// Returns: a, b_c
// Cookbook: yes
// Notes: first line
//   second line
MATCH (n {id: $entity_id}) WHERE ($kind IS NULL OR n.kind = $kind) AND $flag RETURN n.a AS a, n.b AS b_c LIMIT $limit
"""
    q = cookbook.parse(text, Path("my_query.cypher"))
    assert q.name == "my_query" and q.question == "Who?" and q.cookbook
    assert [p.name for p in q.parameters] == ["entity_id", "limit", "kind", "flag"]
    entity, limit, kind, flag = q.parameters
    assert entity.required and entity.type == "string" and entity.description == 'an id; "like this"'
    assert (limit.default, limit.minimum, limit.maximum, limit.required) == (50, 1, 1000, False)
    assert kind.choices == ("a", "b") and kind.default is None
    assert flag.type == "boolean" and flag.default is False and flag.description == "(with brackets) in the text"
    assert q.example == {"entity_id": "scheme:gsps", "kind": "a"} and q.returns == ("a", "b_c")
    assert q.notes == "first line second line"
    assert limit.spec() == "limit (integer, default 50, 1..1000)"
    internal = cookbook.parse(text.replace("Cookbook: yes", "Cookbook: no — GET /stats"), Path("x.cypher"))
    assert not internal.cookbook and internal.usage == "GET /stats"


@pytest.mark.parametrize(("change", "message"), [
    (lambda t: t.replace("// Returns: a, b_c\n", ""), "lacks Returns"),
    (lambda t: t.replace("// Cookbook: yes", "// Cookbook: maybe"), "Cookbook is"),
    (lambda t: t.replace("(string, required)", "(text, required)"), "type 'text'"),
    (lambda t: t.replace("(string, required)", "(string)"), "either `required` or have a `default`"),
    (lambda t: t.replace("LIMIT $limit", "LIMIT $lim"), "differ from those the Cypher uses"),
    (lambda t: t.replace('{"entity_id": "scheme:gsps"}', '{"entity": 1}'), "Example does not fit"),
    (lambda t: t.replace('{"entity_id": "scheme:gsps"}', "{entity_id: 1}"), "Example is not JSON"),
    (lambda t: t.replace("default 50", "default 5000"), "its default does not fit"),
    (lambda t: t.replace("// Question: Who?", "// Question: Who?\n// Author: me"), "unknown header field"),
    (lambda t: t.replace("// Question: Who?\n", "") + "// Question: Who?\n", "lacks Question"),
])
def test_header_errors_name_the_problem(change, message):
    text = """// Question: Who?
// Parameters: entity_id (string, required) — an id; limit (integer, default 50, 1..1000) — most rows
// Example: {"entity_id": "scheme:gsps"}
// Returns: a, b_c
// Cookbook: yes
MATCH (n {id: $entity_id}) RETURN n.a AS a, n.b AS b_c LIMIT $limit
"""
    cookbook.parse(text, Path("ok.cypher"))
    with pytest.raises(HeaderError, match=re.escape(message)):
        cookbook.parse(change(text), Path("broken.cypher"))


def test_parameter_validation():
    q = cookbook.get("entity_funding")
    assert q.validate({"entity_id": "scheme:gsps"}) == {
        "entity_id": "scheme:gsps", "direction": None, "fiscal_year": None, "amount_type": None, "limit": 200}
    assert q.validate({"entity_id": "x:y", "limit": 5, "direction": "in"})["limit"] == 5
    cases = [
        ({}, "missing required parameter 'entity_id'"),
        ({"entity_id": None}, "'entity_id' is required"),
        ({"entity_id": "x:y", "colour": "red"}, "unknown parameter 'colour'"),
        ({"entity_id": 12}, "'entity_id' must be a string"),
        ({"entity_id": "x:y", "limit": "10"}, "'limit' must be an integer"),
        ({"entity_id": "x:y", "limit": 2.5}, "'limit' must be an integer"),
        ({"entity_id": "x:y", "limit": True}, "'limit' must be an integer"),
        ({"entity_id": "x:y", "limit": 0}, "'limit' must be from 1 to 1000"),
        ({"entity_id": "x:y", "limit": None}, "'limit' may not be null"),
        ({"entity_id": "x:y", "direction": "sideways"}, "'direction' must be one of in, out"),
        ({"entity_id": "x:y", "amount_type": "guess"}, "'amount_type' must be one of allocation"),
        ({"entity_id": "  "}, "'entity_id' may not be empty"),
    ]
    for params, message in cases:
        with pytest.raises(ParameterError, match=re.escape(message)):
            q.validate(params)
    with pytest.raises(ParameterError, match="JSON object"):
        q.validate(["scheme:gsps"])  # type: ignore[arg-type]
    assert cookbook.get("who_asked_about").validate({"entity_id": "a:b", "include_answers": True})["include_answers"]
    with pytest.raises(ParameterError, match="'include_answers' must be a boolean"):
        cookbook.get("who_asked_about").validate({"entity_id": "a:b", "include_answers": "yes"})
    with pytest.raises(ParameterError, match="at least 1"):
        cookbook.get("entities_asked_by_many_legislators").validate({"min_legislators": 0})
    with pytest.raises(cookbook.UnknownQuery):
        cookbook.get("export_nodes")  # internal: not in the cookbook
    with pytest.raises(cookbook.UnknownQuery):
        cookbook.get("no_such_query")


def test_docs_cookbook_md_is_up_to_date():
    assert cookbook.DOC_PATH.read_text(encoding="utf-8") == cookbook.markdown(), (
        "docs/cookbook.md is stale: run `python -m graph.cookbook > docs/cookbook.md`")
    for q in cookbook.queries():
        assert f"### {q.name}" in cookbook.markdown()


# --- every cookbook query against the loaded corpus, directly and over HTTP -------------------------------------


def plain(rows: list[list[Any]]) -> list[list[Any]]:
    return json.loads(json.dumps(value_json(rows), ensure_ascii=False))


@pytest.mark.parametrize("name", NAMES)
def test_query_answers_on_the_corpus_directly_and_over_http(name, corpus_store, client):
    q = cookbook.get(name)
    direct = cookbook.run(corpus_store, name, q.example)
    assert direct.columns == list(q.returns), f"{name}: the header's Returns differ from the columns"
    assert direct.rows, f"{name}: its example gives no rows"
    EXPECTED[name](direct.records())

    response = client.post(f"/queries/{name}", json=q.example)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["name"] == name and body["columns"] == direct.columns
    if name == "shortest_path":  # one of several equally short paths: compare everything but the path itself
        strip = [c != "path" for c in direct.columns]
        assert [[v for v, keep in zip(row, strip, strict=True) if keep] for row in body["rows"]] == \
            [[v for v, keep in zip(row, strip, strict=True) if keep] for row in plain(direct.rows)]
    else:
        assert body["rows"] == plain(direct.rows)


def test_who_asked_about_matches_asked_about(corpus_store):
    """who_asked_about recomputes, from ASKED and MENTIONS, what the derived ASKED_ABOUT edges summarise."""
    summary = corpus_store.read("MATCH (l:Legislator)-[a:ASKED_ABOUT]->(e) "
                                "RETURN e.id AS entity, l.id AS legislator, a.reply_nos AS reply_nos")
    expected: dict[str, dict[str, list[str]]] = {}
    for r in summary:
        expected.setdefault(r["entity"], {})[r["legislator"]] = sorted(r["reply_nos"])
    for entity in ["scheme:gsps", "scheme:aiss", "inst:hkstp", "dept:itc", "bureau:itib", "scheme:itiof"]:
        rows = cookbook.run(corpus_store, "who_asked_about", {"entity_id": entity, "limit": 1000}).records()
        assert {r["legislator_id"]: r["reply_nos"] for r in rows} == expected[entity], entity


def test_variants_of_the_examples(corpus_store):
    def run(name, **params):
        return cookbook.run(corpus_store, name, params).records()

    # Answers that name 傑出創科學人計劃 add e.g. ITIB012's and ITIB046's askers again, and others' replies.
    more = run("who_asked_about", entity_id="scheme:gsps", include_answers=True)
    assert {"陳振英", "周文港", "吳永嘉", "黃錦輝"} <= {r["legislator"] for r in more}
    assert run("who_asked_about", entity_id="scheme:gsps", fiscal_year="2024-25") == []
    out = run("entity_funding", entity_id="scheme:techconnect", direction="out")
    assert len([r for r in out if r["amount"] is not None]) == 7 and {r["direction"] for r in out} == {"out"}
    # ITIB243's 「支持新科技項目的撥款額每年平均約8,300萬元」 is the scheme's yearly average: a figure about it, not a
    # flow to or from it, so never summed with what it pays out.
    assert run("entity_funding", entity_id="scheme:techconnect", amount_type="average") == []
    (average,) = run("figures_about", entity_id="scheme:techconnect")
    assert (average["amount"], average["amount_type"], average["per"], average["fiscal_year"],
            average["reply_nos"]) == (83_000_000, "average", "year", None, ["ITIB243"])
    assert "每年平均約8,300萬元" in average["quote"] and average["approx"] is True
    assert run("figures_about", entity_id="scheme:techconnect", amount_type="allocation") == []
    assert run("figures_about", entity_id="scheme:techconnect", fiscal_year="2025-26") == []  # it states no year
    # ITIB111: 「創新科技署在2025-26年度的預算較…上年度的原來預算增加了約16.62億元」, the department's own budget's
    # change; (ii) and (iii) give two of its parts. (ITIB127's 「總預算為25.794億元」 is in the question: not a fact.)
    changes = run("figures_about", entity_id="dept:itc", amount_type="change", fiscal_year="2025-26")
    assert {(c["amount"], tuple(c["reply_nos"])) for c in changes} >= {(1_662_000_000, ("ITIB111",)),
                                                                      (37_380_000, ("ITIB111",))}
    assert not run("figures_about", entity_id="dept:itc", amount_type="estimate", fiscal_year="2025-26")
    # Figures about 數字政策辦公室 stated in prose: ITIB225 「2025至26年度數字政策辦公室的預算為34.9億元」 (its budget),
    # 「(月薪為36,850元至44,765元)」 (a salary
    # range, per month); 「數字辦在2024年6月獲立法會財務委員會撥款3億元」 (ITIB175, ITIB225: 「獲立法會批准撥款3億元」),
    # the Finance Committee's approval, states no fiscal year.
    dpo = {(r["amount_type"], r["fiscal_year"], r["amount"]): r for r in run("figures_about", entity_id="dept:dpo")}
    assert dpo[("estimate", "2025-26", 3_490_000_000)]["reply_nos"] == ["ITIB225"]
    # ITIB158: 「綱領 (2)「數據治理」的2025-26年度預算開支較上年度的修訂預算增加約1.613億元(16.7%)」: the change of
    # the DPO's programme (2) (data governance), a figure about that Programme, not about the office as a whole
    (change,) = [r for r in run("figures_about", entity_id="programme:2025-26:47:2", amount_type="change")
                 if r["amount"] == 161_300_000]
    assert change["fiscal_year"] == "2025-26" and "ITIB158" in change["reply_nos"]
    salary = dpo[("salary", "2025-26", 36_850)]
    assert (salary["amount_max"], salary["per"], salary["currency"]) == (44_765, "month", "HKD")
    # 「數字辦在2024年6月獲立法會財務委員會撥款3億元，以建立「數碼企業身份」平台」 (ITIB175, ITIB225): now that the
    # platform is an entity (issue 12) the 3億元 is a flow from the office to it, the Finance Committee's approval
    (platform,) = [r for r in run("entity_funding", entity_id="scheme:數碼企業身份平台") if r["amount"] == 300_000_000]
    assert (platform["funder_id"], platform["amount_type"], platform["fiscal_year"]) == ("dept:dpo", "approved", None)
    assert {"ITIB175", "ITIB225"} <= set(platform["reply_nos"])
    assert all(in_document(r["quote"], ITIB_DOC) for r in dpo.values())
    # ITIB074: 「資助計劃相關的現金流初步估算如下- 財政年度 估計現金流(百萬元) 2025-26 1,800 2026-27 1,800 2027-28 300
    # 2028-29及以後 2,100 總計 6,000」 — the scheme's estimated cash flow by year, the last row for that year "and
    # after", and its total: an estimate too (a total row keeps its column's kind), of no one year.
    cash = run("figures_about", entity_id="scheme:lhri_scheme")
    assert [(r["fiscal_year"], r["fiscal_year_onward"], r["amount_type"], r["amount"]) for r in cash] == [
        (None, "2028-29", "estimate", 2_100_000_000), ("2027-28", None, "estimate", 300_000_000),
        ("2026-27", None, "estimate", 1_800_000_000), ("2025-26", None, "estimate", 1_800_000_000),
        (None, None, "estimate", 6_000_000_000)]
    assert all(r["reply_nos"] == ["ITIB074"] and r["table_column"] == "估計現金流(百萬元)" for r in cash)
    # Only the universities, of ITIB085 annex 一's 2021-22 column (萬元): 城大 800, 浸大 800, 中大 785, 教大 622,
    # 理大 449, 科大 800, 港大 800 (嶺南 "-").
    assert [(r["recipient_id"], r["total"]) for r in run("top_funded_recipients", amount_type="actual",
                                                          fiscal_year="2021-22", label="Institution")] == [
        ("inst:cityu", 8_000_000), ("inst:hkbu", 8_000_000), ("inst:hku", 8_000_000), ("inst:hkust", 8_000_000),
        ("inst:cuhk", 7_850_000), ("inst:eduhk", 6_220_000), ("inst:polyu", 4_490_000)]
    # Funding totals are per (amount_type, currency, per, bound): each row is the sum of exactly the flows of its
    # kind that state an amount, as entity_funding lists them one by one (no amount of another kind, currency, unit
    # or bound slips in; ITIB152's departments named without amounts are not counted).
    for entity in ("dept:itc", "scheme:techconnect", "inst:cityu", "bureau:itib", "scheme:aiss"):
        facts = run("entity_funding", entity_id=entity, limit=1000)
        sums: Counter = Counter()
        counts: Counter = Counter()
        for f in facts:
            if f["amount"] is not None:
                key = (f["amount_type"], f["currency"], f["per"], f["bound"], f["direction"])
                sums[key] += f["amount"]
                counts[key] += 1
        totals = run("funding_totals", entity_id=entity)
        assert {(r["amount_type"], r["currency"], r["per"], r["bound"], r["direction"]): (r["total"], r["facts"])
                for r in totals} == {key: (sums[key], counts[key]) for key in sums}, entity
    # approved: ITIB002's seven projects with their amounts (30.2 百萬元 in all) and ITIB152's departments named
    # without theirs, which no total counts
    listed = run("entity_funding", entity_id="scheme:techconnect", amount_type="approved")
    assert len([r for r in listed if r["amount"] is not None]) == 7 and any(r["amount"] is None for r in listed)
    approved = [r for r in run("funding_totals", entity_id="scheme:techconnect") if r["amount_type"] == "approved"]
    assert [(r["total"], r["facts"]) for r in approved] == [(30_200_000, 7)]
    everything = run("funding_totals")
    kinds = [(r["amount_type"], r["currency"], r["per"], r["bound"]) for r in everything]
    assert len(kinds) == len(set(kinds)) and all(r["direction"] == "all" for r in everything)
    year = run("funding_totals", fiscal_year="2025-26")
    assert ("estimate", "HKD") in {(r["amount_type"], r["currency"]) for r in year}
    # The bureau administers 傑出創科學人計劃, 創科產業引導基金, 科技統籌; with its units, also ITC's and DPO's.
    own = {r["scheme_id"] for r in run("schemes_administered_by", body_id="bureau:itib")}
    assert own == {"scheme:gsps", "scheme:itiof", "scheme:techconnect"}
    units = run("schemes_administered_by", body_id="bureau:itib", include_units=True)
    assert {r["administered_by"] for r in units} == {"bureau:itib", "dept:itc", "dept:dpo"}
    assert run("most_active_legislators_per_head", head_no="47", top=1)[0]["legislator"] == "葛珮帆"
    assert run("shortest_path", from_id="legislator:陳振英", to_id="bureau:itib", max_hops=1) == []
    assert run("shortest_path", from_id="bureau:itib", to_id="bureau:itib") == []
    under = run("questions_under_programme", programme_id="programme:2025-26:47:1", legislator_id="legislator:葛珮帆")
    assert under[0]["reply_no"] == "ITIB214"
    press = run("schemes_in_replies_and_press", doc_type="slides")
    assert {d["doc_type"] for r in press for d in r["press_documents"]} == {"slides"}
    hkcs = run("documents_mentioning", entity_id="scheme:aiss")
    assert {r["document_id"] for r in hkcs} == {ITIB_DOC, NEWS_DOC, HKCS_DOC, SLIDES_DOC}
    assert run("find_entities", text="digital policy", label="Department")[0]["entity_id"] == "dept:dpo"
    assert run("find_entities", text="陳振英")[0]["label"] == "Legislator"
    edge = next(r for r in run("entity_funding", entity_id="scheme:techconnect") if r["direction"] == "in")["edge_id"]
    (src,) = run("edge_sources", edge_id=edge)
    assert src["type"] == "FUNDS" and document_text(ITIB_DOC)[src["char_start"]:src["char_end"]].startswith("9,414")
    assert run("edge_sources", edge_id="no such edge") == []


def test_empty_answers_still_name_their_columns(corpus_store, client):
    # ArcadeDB sends no column names when a query has no rows; the cookbook falls back to the header's Returns.
    result = cookbook.run(corpus_store, "reply_entities", {"reply_no": "ITIB999"})
    assert result.rows == [] and result.columns == list(cookbook.get("reply_entities").returns)
    body = client.post("/queries/reply_entities", json={"reply_no": "ITIB999"}).json()
    assert body == {"name": "reply_entities", "columns": result.columns, "rows": []}


# --- the API's listing and errors -------------------------------------------------------------------------------


def test_list_and_describe_queries(client):
    listed = client.get("/queries").json()
    assert [q["name"] for q in listed] == NAMES
    for q in listed:
        assert set(q) >= {"name", "question", "parameters", "example", "returns"}
    one = client.get("/queries/who_asked_about").json()
    assert one["example"] == {"entity_id": "scheme:gsps"}
    assert one["parameters"][0] == {**one["parameters"][0], "name": "entity_id", "type": "string", "required": True}
    assert one["returns"] == ["legislator_id", "legislator", "question_count", "reply_nos"]
    assert client.get("/queries/nothing_like_this").status_code == 404
    assert client.get("/queries/export_nodes").status_code == 404  # internal queries are not served


def test_run_errors(client):
    def post(name, body):
        return client.post(f"/queries/{name}", json=body)

    missing = post("no_such_query", {})
    assert missing.status_code == 404 and "no_such_query" in missing.json()["detail"]
    assert post("export_nodes", {}).status_code == 404
    for body, message in [
        ({}, "missing required parameter 'entity_id'"),
        ({"entity_id": "scheme:gsps", "colour": "red"}, "unknown parameter 'colour'"),
        ({"entity_id": "scheme:gsps", "limit": "ten"}, "'limit' must be an integer"),
        ({"entity_id": "scheme:gsps", "limit": 100000}, "'limit' must be from 1 to 1000"),
        ({"entity_id": None}, "'entity_id' is required"),
    ]:
        response = post("who_asked_about", body)
        assert response.status_code == 422 and message in response.json()["detail"], (body, response.text)
    hops = post("shortest_path", {"from_id": "legislator:陳振英", "to_id": "bureau:itib", "max_hops": 7})
    assert hops.status_code == 422 and "'max_hops' must be from 1 to 6" in hops.json()["detail"]
    kind = post("entity_funding", {"entity_id": "dept:itc", "amount_type": "spent"})
    assert kind.status_code == 422 and "amount_type" in kind.json()["detail"]
    assert post("who_asked_about", ["scheme:gsps"]).status_code == 422  # not a JSON object
    bad_json = client.post("/queries/who_asked_about", content=b"{not json",
                           headers={"content-type": "application/json"})
    assert bad_json.status_code == 422
    # no body at all: the defaults (find_entities needs `text`, funding_totals needs nothing)
    assert client.post("/queries/funding_totals").status_code == 200
    assert client.post("/queries/find_entities").status_code == 422


def test_openapi_documents_the_examples(client):
    spec = client.get("/openapi.json").json()
    post = spec["paths"]["/queries/{name}"]["post"]
    examples = post["requestBody"]["content"]["application/json"]["examples"]
    assert examples["who_asked_about"]["value"] == {"entity_id": "scheme:gsps"}
    assert "422" in post["responses"] and "404" in post["responses"]
    counts = Counter(q["name"] for q in client.get("/queries").json())
    assert max(counts.values()) == 1
