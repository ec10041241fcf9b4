"""Discovery of names nobody listed (loaders/discovery.py, loaders/train_names.py): each rule on a real sentence of
the documents, the name model's training step, the held-out measurement's parts, and the report's review list.

Sentences are from data/sources/001 (the ITIB replies, reply number given), 000 (the Computer Society's press
release), tests/fixtures/legco (English replies of other bureaus) and, for English names, the 2018 Budget Speech
sentence tests/test_entities_en.py quotes.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
import yaml
from rich.console import Console

from graph.model import Label, Rel
from loaders.discovery import (
    KnownForms,
    discover,
    head_windows,
    load_name_model,
    load_rules,
    pattern_candidates,
    plausible_name,
    says_which_one,
    training_facts,
    window_doc,
)
from loaders.gazetteer import load_gazetteer

PROJECT = Path(__file__).resolve().parent.parent
LEGCO = PROJECT / "tests" / "fixtures" / "legco"


def new_names(text: str) -> dict[str, tuple]:
    """name -> (label, method, aliases) of what the patterns alone find in `text` and the gazetteer does not know."""
    found = discover([text], load_gazetteer(), use_model=False)
    return {c.name: (c.label, c.method, c.aliases) for c in found.accepted + found.review}


# --- patterns, each on a real sentence ------------------------------------------------------------------------

ITIB225 = "數字辦亦正構建「數碼企業身份」平台，以提升香港企業使用電子政府服務的體驗及局/部門處理企業網上申請的效率。"


def test_a_quoted_core_before_a_head_word_is_a_name_and_the_core_an_alias() -> None:
    assert new_names(ITIB225) == {
        "數碼企業身份平台": (Label.SCHEME, "pattern:quoted-core", ("數碼企業身份",))
    }


def test_a_quoted_app_or_known_name_before_a_head_word_is_not_a_new_name() -> None:
    # ITIB015: 智方便 is an app (nonentities.yaml); ITIB010: 研究人才庫 is a gazetteer scheme already
    assert new_names("包括利用「智方便」平台推動政府服務「一網通辦」") == {}
    assert new_names("創新科技署負責推行「研究人才庫」計劃，在過去3個財政年度") == {}


def test_spellings_of_one_name_are_one_name() -> None:
    # 000: "「數碼企業身分」平台" with 分, ITIB235 "「數碼企業身份平台」" in one pair of quotes
    found = new_names(ITIB225 + "•「數碼企業身分」平台：數字辦計劃在明年底前逐步推出")
    assert list(found) == ["數碼企業身份平台"]
    assert set(found["數碼企業身份平台"][2]) == {"數碼企業身份", "數碼企業身分", "數碼企業身分平台"}


def test_a_quoted_slogan_is_not_a_name() -> None:
    assert new_names("利用香港「背靠祖國、聯通世界」的一國兩制優勢") == {}


def test_an_english_name_of_capitalised_words_before_a_head_word() -> None:
    text = "I will allocate $10 billion to the Hong Kong Science and Technology Parks Corporation (HKSTPC)."
    names = {(c.name, c.label) for c in pattern_candidates(text, load_gazetteer(), load_rules())
             if c.method == "pattern:english-name"}
    assert names == {("Hong Kong Science and Technology Parks Corporation", Label.COMPANY)}


@pytest.mark.parametrize("file_name", ["en_etwb_2003_04_replies.txt", "en_itb_2021_22_index_excerpt.txt",
                                       "en_cedb_2012_13_excerpt.txt"])
def test_the_fields_of_an_english_reply_form_are_no_names(file_name: str) -> None:
    # "Director of Highways⏎⏎Director of Bureau", "Gototop⏎⏎The Department", "Name of Member Head Programme"
    text = (LEGCO / file_name).read_text(encoding="utf-8")
    assert new_names(text) == {}


# --- what a name must be ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "plausible"), [
    ("政府檔案處", True),  # the Government Records Service: in no gazetteer
    ("社會福利署", False),  # a gazetteer name is not a new one
    ("政府計劃", False),  # a kind of thing: "政府計劃" names no particular scheme
    ("創科公司", False),
    ("共同投資夥伴及基金", False),  # two things
    ("運輸及物流局作為秘書處", False),  # a clause (ITIB 2025-26, the low-altitude economy reply)
    ("設立香港人工智能研發院", False),  # a known name with a verb stuck before it (ITIB225)
    ("科技及工業局", False),  # a known name cut short by a line break
    ("智方便", False),  # an app
])
def test_plausible_names(name: str, plausible: bool) -> None:
    gazetteer, rules = load_gazetteer(), load_rules()
    assert plausible_name(name, gazetteer, rules, KnownForms(gazetteer)) is plausible


def test_a_head_word_that_ends_another_word_proposes_nothing() -> None:
    # 000: "進行身分認證及數碼簽署": 簽署 (to sign) ends with 署 but is no department; 大局, 好處 likewise
    rules = load_rules()
    assert [w.head.suffix for w in head_windows("可安全便捷地進行身分認證及數碼簽署。融入國家發展大局", rules)] == []
    assert [w.head.suffix for w in head_windows("土木工程拓展署轄下土力工程處應用", rules)] == ["署", "處"]
    assert says_which_one("土力工程處", rules)


# --- the model -------------------------------------------------------------------------------------------------


def test_the_shipped_model_was_trained_on_this_gazetteer_rules_and_corpus() -> None:
    """A change to the gazetteer, the rules or the corpus must be followed by `python -m loaders.train_names`
    (the model learns from them): the digests recorded at training must be today's."""
    from loaders.train_names import corpus_texts, inputs_digest

    facts = training_facts()
    assert {k: facts[k] for k in ("corpus_sha256", "gazetteer_sha256", "rules_sha256")} == \
        inputs_digest(corpus_texts()), "retrain: python -m loaders.train_names"


def test_the_shipped_model_finds_where_an_unlisted_name_starts() -> None:
    # ITIB (DPO, smoking cessation app): 衞生署控煙酒辦公室 is in no gazetteer; the model must say it starts at 衞
    nlp = load_name_model()
    [window] = [w for w in head_windows("市民對戒煙服務的需求亦愈見增加。衞生署控煙酒辦公室特此推出", load_rules())
                if w.text.endswith("辦公室")]
    doc = next(nlp.pipe([window_doc(nlp, window.text)]))
    group = doc.spans["names"]
    assert group, "the model sees no name"
    best = max(zip(group, group.attrs["scores"].reshape(-1), strict=True), key=lambda x: x[1])[0]
    assert best.text == "衞生署控煙酒辦公室"


def test_training_is_reproducible_on_a_tiny_slice() -> None:
    from loaders.train_names import corpus_texts, train

    texts = corpus_texts()[:12]
    windows = [w.text for t in texts for w in head_windows(t, load_rules())][:200]

    def trained() -> tuple[list, list]:
        nlp = train(texts, epochs=3)
        scores = [doc.spans["names"].attrs.get("scores", []).tolist() if len(doc.spans["names"]) else []
                  for doc in nlp.pipe(window_doc(nlp, w) for w in windows)]
        return nlp.meta["losses"], scores

    first = trained()
    assert first == trained()  # the same losses epoch by epoch, the same scores
    losses = first[0]
    assert losses == sorted(losses, reverse=True) and losses[-1] < 0.9 * losses[0], f"no learning: {losses}"


# --- the held-out measurement ------------------------------------------------------------------------------------


def test_the_held_out_fifth_is_fixed_and_leaves_no_dangling_field() -> None:
    sys.path.insert(0, str(PROJECT))
    from benchmarks.discovery import held_out_entries, without
    from graph.model import ENTITY_LABELS

    gazetteer = load_gazetteer()
    held = held_out_entries(gazetteer)
    entities = [e for e in gazetteer.entries if e.label in ENTITY_LABELS]
    assert len(held) == len(entities) // 5 and held == held_out_entries(gazetteer)
    reduced = without(gazetteer, held)
    assert not {e.id for e in held} & {e.id for e in reduced.entries}
    assert all(target is not None for _, _, _, target in reduced.edges())


def test_the_judged_names_are_well_formed() -> None:
    data = yaml.safe_load((PROJECT / "tests" / "fixtures" / "accuracy" / "discovered.yaml").read_text("utf-8"))
    assert {item["verdict"] for item in data["judged"]} <= {"name", "not a name"}


# --- in the built corpus graph and in the report ----------------------------------------------------------------


def test_the_digital_corporate_identity_platform_is_an_entity_by_a_general_rule(corpus_build) -> None:
    kg = corpus_build.graph
    assert load_gazetteer().lookup("數碼企業身份平台") is None  # not a gazetteer entry
    [node] = [n for n in kg.nodes(Label.SCHEME) if n.props["name"] == "數碼企業身份平台"]
    assert node.props["method"] == "pattern:quoted-core"
    assert node.props["confidence"] >= load_rules().min_confidence
    mentioned_by = {r.start for r in kg.relationships(Rel.MENTIONS) if r.end == node.id}
    assert {"question:2025-26:ITIB225", "question:2025-26:ITIB235"} <= mentioned_by


def test_gazetteer_entities_say_so_and_carry_no_confidence(corpus_build) -> None:
    node = corpus_build.graph.node_props("scheme:itf")
    assert node["method"] == "gazetteer" and "confidence" not in node


def test_the_report_lists_the_names_not_trusted_and_the_graph_has_none_of_them(corpus_build) -> None:
    from innograph.report import print_report

    review = corpus_build.review_names
    assert review and all(c.confidence < load_rules().min_confidence for c in review)
    names = {n.props.get("name") for n in corpus_build.graph.nodes()}
    assert not names & {c.name for c in review}
    out = io.StringIO()
    print_report(corpus_build, Console(file=out, width=400), limit=400)
    text = out.getvalue()
    assert "not trusted enough to be entities" in text
    assert all(c.name in text for c in review)
