"""One fact, however many statements: loaders/reconcile.py on the bundled corpus, each rule on the real statements
it merges (and on what it must keep apart)."""

from __future__ import annotations

import pytest

from graph.model import Rel


@pytest.fixture(scope="module")
def kg(corpus_build):
    return corpus_build.graph


def flows(kg, payer=None, payee=None):
    return [r for r in kg.relationships(Rel.FUNDS)
            if (payer is None or r.start == payer) and (payee is None or r.end == payee)]


def figures(kg, about):
    return [kg.node_props(r.start) for r in kg.relationships(Rel.ABOUT) if r.end == about]


def test_a_table_cell_that_rounds_the_prose_figure_is_the_same_fact(kg):
    # ITIB002: 「2025-26年度的「科技統籌(整體撥款)」計劃(計劃)預算為9,414萬元」; ITIB059's table: 「94.1」 (百萬元)
    estimates = [r.props for r in flows(kg, payee="scheme:techconnect")
                 if r.props.get("fiscal_year") == "2025-26" and r.props["amount_type"] == "estimate"]
    assert [(p["amount_hkd"], p["amount_text"]) for p in estimates] == [(94_140_000, "9,414萬元")]
    assert {"ITIB002", "ITIB059"} <= set(estimates[0]["reply_nos"])


def test_the_press_and_a_reply_stating_one_figure_are_one_fact_with_both_sources(kg):
    # 002 (Wen Wei Po): 「…10億元…人工智能研發院」; ITIB032: 「2025-26年度《財政預算案》宣布預留10億元籌備成立香港人工
    # 智能研發院」; ITIB173 credits the DPO (a department of the bureau): one fact, the reply's year, every source
    facts = [r for r in flows(kg, payee="inst:hkaird") if r.props.get("amount_hkd") == 1_000_000_000]
    assert len(facts) == 1 and facts[0].start == "dept:dpo" and facts[0].props["fiscal_year"] == "2025-26"
    assert len(facts[0].props["source_ids"]) >= 2 and {"ITIB032", "ITIB173"} <= set(facts[0].props["reply_nos"])
    assert not [f for f in figures(kg, "inst:hkaird") if f.get("amount_hkd") == 1_000_000_000]


def test_two_rows_of_one_table_with_equal_values_stay_two_figures(kg):
    # ITIB127 and ITIB133 print the same ITF table: each cell is one fact with both replies …
    itsp = [r.props for r in flows(kg, "scheme:itf", "scheme:itsp") if r.props.get("fiscal_year") == "2020-21"]
    assert [(p["amount_hkd"], p["amount_type"]) for p in itsp] == [(733_000_000, "actual")]
    assert {"ITIB127", "ITIB133"} <= set(itsp[0]["reply_nos"])
    # … while rows of one table about one thing stay apart even with equal values (ITIB129's industries), and the
    # same row restated by another reply is one figure: 應科院's income by year (ITIB091 annex 二, 百萬元) once each
    astri = figures(kg, "inst:astri")
    per_year = {}
    for f in astri:
        per_year.setdefault((f["amount_hkd"], f["amount_type"], f.get("fiscal_year")), []).append(f)
    assert astri and all(len(same) == 1 for same in per_year.values())
    rows = {(f["table_row"], f.get("fiscal_year")) for f in astri if "ITIB091" in f["reply_nos"]}
    assert {("營運開支(百萬元)", "2023-24"), ("研發開支(百萬元)", "2023-24")} <= rows


def test_figures_of_different_types_are_never_merged(kg):
    # 28.4億元 for the microelectronics institute: set aside (ITIB102 「政府已預留28.4億港元」) and committed (ITIB138
    # 「開立一筆為數28.4億元的新承擔額」) are two kinds of figure; the reconciler merges neither into the other.
    kinds = {r.props["amount_type"]: r.props["reply_nos"] for r in flows(kg, "bureau:itib", "inst:hkmrdi")
             if r.props.get("amount_hkd") == 2_840_000_000}
    assert set(kinds) == {"allocation", "committed"}
    assert "ITIB102" in kinds["allocation"] and "ITIB138" in kinds["committed"]
