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
    # "Director of Highways⏎⏎Director of Bureau", "Gototop⏎⏎The Department", "Name of Member Head Programme"; the one
    # name of these headers, LegCo's Finance Committee ("raised by Finance Committee Members"), has one capitalised
    # word before its head word (Committee): kept for review at most, never an entity
    text = (LEGCO / file_name).read_text(encoding="utf-8")
    found = discover([text], load_gazetteer(), use_model=False)
    assert found.accepted == []
    assert {c.name for c in found.review} <= {"Finance Committee"}


# --- bodies named with their jurisdiction, each on a real sentence ----------------------------------------------


def bodies(text: str) -> dict[str, tuple]:
    """name -> (label, kind, jurisdiction, aliases) of the bodies the jurisdiction rule finds in `text` that
    discovery keeps (patterns alone)."""
    found = discover([text], load_gazetteer(), use_model=False)
    return {c.name: (c.label, c.kind, c.jurisdiction, c.aliases) for c in found.accepted + found.review
            if "pattern:jurisdiction-body" in c.method.split("+")}


@pytest.mark.parametrize(("sentence", "expected"), [
    # ITIB099: a mainland institute and a foreign space agency, each named once, after 包括 and 及
    ("會與內地及海外機構合作，包括上海航天技術研究院及南非國家航天局，利用香港「背靠祖國、聯通世界」的一國兩制優勢",
     {"上海航天技術研究院": (Label.INSTITUTION, "rd_institute", "mainland", ()),
      "南非國家航天局": (Label.INSTITUTION, "public_body", "overseas", ())}),
    # ITIB150: a provincial office and a Macao committee; the name ends at 委員會, not at 簽署's 署
    ("期間，數字辦與廣東省互聯網信息辦公室及澳門特區網絡安全委員會簽署合作備忘錄，促進網絡安全技術交流",
     {"廣東省互聯網信息辦公室": (Label.INSTITUTION, "public_body", "mainland", ()),
      "澳門特區網絡安全委員會": (Label.INSTITUTION, "public_body", "macao", ())}),
    # ITIB099: the longest name of the clause (國家: a national body), not 國家航天局 inside it
    ("b)中心的目標是完成國家航天局探月與航天工程中心委派的國際合作項目，研發兼具精細操作能力",
     {"國家航天局探月與航天工程中心": (Label.INSTITUTION, "public_body", "mainland", ())}),
    # ITIB134: two bodies joined by 及 are two names
    ("創新科技署於2024年分別與上海市科學技術委員會及陝西省科學技術廳簽署合作備忘錄，進一步加強滬港及陝港的創科合作。",
     {"上海市科學技術委員會": (Label.INSTITUTION, "public_body", "mainland", ()),
      "陝西省科學技術廳": (Label.INSTITUTION, "public_body", "mainland", ())}),
    # ITIB134: a government is named by its place alone
    ("在省市層面，特區政府與廣東省政府及相關單位緊密溝通，加強粵港科技合作。",
     {"廣東省政府": (Label.INSTITUTION, "public_body", "mainland", ())}),
    # ITIB123: 中國科學院 by its place alone; 北京大學 is no body of this rule (英國大學 would be a kind of thing)
    ("牛津大學、劍橋大學、蘇黎世聯邦理工學院、中國科學院及北京大學等，匯聚本地和全球各地約2 500名科研人員",
     {"中國科學院": (Label.INSTITUTION, "rd_institute", "mainland", ())}),
], ids=["ITIB099-institute-agency", "ITIB150-office-committee", "ITIB099-longest", "ITIB134-two", "ITIB134-government",
        "ITIB123-academy"])
def test_a_body_named_with_its_jurisdiction_is_trusted_on_one_mention(sentence: str, expected: dict) -> None:
    found = bodies(sentence)
    assert found == expected
    rules = load_rules()
    assert all(c.confidence >= rules.min_confidence for c in discover([sentence], load_gazetteer(), use_model=False)
               .accepted if c.name in expected)


def test_a_short_form_in_brackets_and_alone_elsewhere_is_the_same_body() -> None:
    # ITIB167: defined in one sentence, written alone in another
    text = ("創新科技及工業局和廣東省政務服務和數據管理局(廣東省政數局)於2023年11月簽署《粵港政務服務「跨境通辦」"
            "合作協議》。此外，數字辦與廣東省政數局已完成「智方便」與「廣東省統一身份認證平台」對接")
    assert bodies(text) == {
        "廣東省政務服務和數據管理局": (Label.INSTITUTION, "public_body", "mainland", ("廣東省政數局",))}


@pytest.mark.parametrize("sentence", [
    "安排轄下所有現職公務員參觀國家安全展覽廳、定期傳閱國家安全相關資訊等",  # ITIB210: a hall, after a verb
    "亦包括向8所的大學技術轉移處、16所國家重點實驗室、6所國家工程技術研究中心香港分中心提供資助",  # ITIB127: kinds
    "會否研究與深圳共同委任由兩地政府和海內外專家組成的諮詢委員會；如會，詳情為何",  # ITIB021: a clause
    "為推進內地和香港在電子支付的聯通，中國人民銀行與金管局正積極落實兩地快速支付系統的互聯",  # 000: 與 after a bank
    "就積極融入國家發展大局，做好連通內地與世界的橋樑",  # ITIB015: 大局 is no bureau
    "例如會否與國家網信部門協調，推動自貿區負面清單政策落地",  # ITIB188: 部門 (departments) is no ministry
], ids=["ITIB210", "ITIB127", "ITIB021", "000", "ITIB015", "ITIB188"])
def test_a_place_before_a_head_word_that_names_no_new_body_is_no_name(sentence: str) -> None:
    found = [c.name for c in pattern_candidates(sentence, load_gazetteer(), load_rules())
             if c.method == "pattern:jurisdiction-body"]
    assert found == [], "the rule itself must find nothing: a gazetteer that does not know 金管局 must not help"


def test_a_gazetteer_body_named_with_its_jurisdiction_is_no_new_name() -> None:
    # ITIB056: the rule reads 國家工業和信息化部 (和 inside a name), the gazetteer knows it (inst:miit)
    sentence = "自特區政府2024年9月與國家工業和信息化部簽署《關於發展新質生產力推進新型工業化的合作協議》後"
    assert [c.name for c in pattern_candidates(sentence, load_gazetteer(), load_rules())
            if c.method == "pattern:jurisdiction-body"] == ["國家工業和信息化部"]
    assert bodies(sentence) == {}


def test_the_rule_reads_the_gazetteers_outside_bodies_as_the_gazetteer_types_them() -> None:
    """Run over the whole corpus, the rule finds bodies the gazetteer lists too (國家工業和信息化部, 深圳市政府,
    中國科學技術協會 …): each with the gazetteer's label, kind and jurisdiction."""
    from loaders.train_names import corpus_texts

    gazetteer, rules = load_gazetteer(), load_rules()
    found = {c.name: c for text in corpus_texts() for c in pattern_candidates(text, gazetteer, rules)
             if c.method == "pattern:jurisdiction-body"}
    listed = {name: gazetteer.lookup(name) for name in found if gazetteer.lookup(name) is not None}
    assert len(listed) >= 5
    assert {name: (c.label, c.kind, c.jurisdiction) for name, c in found.items() if name in listed} == \
        {name: (e.label, e.kind, e.get("jurisdiction")) for name, e in listed.items()}


def test_a_place_inside_a_longer_word_starts_no_name() -> None:
    # the left boundary: 駐 is part of the name before it ("…駐北京辦事處" is a Hong Kong office, not Beijing's);
    # the same place after 與 starts one (both sentences made up: the corpus names neither)
    rules = load_rules()
    assert [c.name for c in pattern_candidates("香港特別行政區政府駐北京辦事處", load_gazetteer(), rules)
            if c.method == "pattern:jurisdiction-body"] == []
    assert "北京市科學技術委員會" in bodies("並與北京市科學技術委員會簽署")


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


def test_an_outside_body_named_once_is_an_entity_with_its_jurisdiction_and_receives_no_funding(corpus_build) -> None:
    kg = corpus_build.graph
    bodies = {n.props["name"]: n for n in kg.nodes(Label.INSTITUTION)
              if "pattern:jurisdiction-body" in n.props.get("method", "").split("+")}
    node = bodies["上海航天技術研究院"]
    assert (node.props["jurisdiction"], node.props["kind"]) == ("mainland", "rd_institute")
    assert bodies["澳門特區網絡安全委員會"].props["jurisdiction"] == "macao"
    # found by two patterns (its short form in brackets too): the place's jurisdiction all the same
    assert bodies["廣東省政務服務和數據管理局"].props["jurisdiction"] == "mainland"
    assert "question:2025-26:ITIB099" in {r.start for r in kg.relationships(Rel.MENTIONS) if r.end == node.id}
    outside = {b.id for b in bodies.values() if b.props["jurisdiction"] in ("mainland", "macao")}
    assert not {r.end for r in kg.relationships(Rel.FUNDS)} & outside
    # the funding rules are told so, as they are told of the gazetteer's mainland bodies (funding.yaml)
    from loaders.discovery import Candidate
    from loaders.facts import _not_recipients

    found = [Candidate(b.props["name"], b.label, b.props["kind"], b.props["method"],
                       jurisdiction=b.props["jurisdiction"]) for b in bodies.values()]
    assert outside and outside <= _not_recipients(load_gazetteer(), found)


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


# --- names a list, a definition or a consulted-body sentence vouches for, each on a real sentence ----------------
# The gazetteer lists every body these sentences name, so each test takes out the entries a rule must find on its
# own (as benchmarks/discovery.py holds out a fifth of them), and keeps the others as the known items around them.


def gazetteer_without(*names: str):
    from loaders.gazetteer import Gazetteer

    full = load_gazetteer()
    gone = {full.lookup(n).id for n in names}
    return Gazetteer(tuple(e for e in full.entries if e.id not in gone), full.not_entities, full.generic_short_forms)


def found_by(text: str, method: str, *unknown: str) -> dict[str, tuple]:
    """name -> (label, aliases) of the names `method` finds in `text` (patterns alone) when the gazetteer does not
    list `unknown`."""
    found = discover([text], gazetteer_without(*unknown), use_model=False)
    return {c.name: (c.label, c.aliases) for c in found.accepted if method in c.method.split("+")}


def test_bodies_listed_beside_a_known_body_are_names_of_their_head_words_label() -> None:
    # ITIB030: the first item after an opener (經諮詢), the last split at 和 after a head word; 律政司後 ends with
    # no head word; 財經事務及庫務局 is one name (no head word before its 及), and 發展局 inside no other
    text = "答覆：\n經諮詢保安局、發展局、財經事務及庫務局和律政司後，就問題各部分現綜合回覆如下："
    assert found_by(text, "pattern:enumeration", "保安局", "財經事務及庫務局") == {
        "保安局": (Label.BUREAU, ()), "財經事務及庫務局": (Label.BUREAU, ())}
    # ITIB182: 商務及經濟發展局 ends with a known name (發展局) and is a name of its own
    text = "涉及50多個局/部門，包括教育局、商務及經濟發展局、稅務局、運輸署、衞生署、康樂及文化事務署、社會福利署等"
    assert found_by(text, "pattern:enumeration", "商務及經濟發展局") == {"商務及經濟發展局": (Label.BUREAU, ())}


def test_the_first_item_of_an_enumeration_without_an_opener_is_no_new_name() -> None:
    # question 0771: "政府已邀請港投公司" is the sentence's subject and verb before the first item
    text = "《預算案》表示，政府已邀請港投公司、科技園公司及數碼港統籌旗下合共超過100家科企"
    assert found_by(text, "pattern:enumeration", "港投公司") == {}


def test_the_rows_of_a_numbered_list_of_known_companies_are_companies() -> None:
    # question 3837 (Cyberport's listed companies and unicorns): rows with a second cell, one stuck to a Latin name
    text = ("公司名稱 業務領域\n1.康諾思騰 生物醫藥\n2.貨拉拉 資訊及通訊科技\n3.商湯科技\n(已於2021年上市)\n"
            "資訊及通訊科技\n4.思謀科技 物料及精密工程\n5.君聖泰醫藥 生物醫藥\n6.金域檢驗 生物醫藥\n"
            "7.地平線機器人 電子\n8. Medpace生物醫藥\n9.再心生物科技 生物醫藥\n")
    assert found_by(text, "pattern:numbered-list", "康諾思騰", "君聖泰醫藥", "Medpace") == {
        "康諾思騰": (Label.COMPANY, ()), "君聖泰醫藥": (Label.COMPANY, ()), "Medpace": (Label.COMPANY, ())}


def test_a_row_whose_second_cell_is_chinese_keeps_its_whole_name() -> None:
    # the same reply: 華潤微電子 is one name though 電子 is another row's second cell
    text = "1.知臨集團 生物醫藥\n2.華潤微電子 電子\n3.康盛人生 生物醫藥\n4.晶門半導體 電子\n"
    assert found_by(text, "pattern:numbered-list", "華潤微電子") == {"華潤微電子": (Label.COMPANY, ())}


def test_the_rows_of_a_list_of_departments_take_their_head_words_label() -> None:
    # question 0068 (the Government's mobile apps, one row per app): a bureau among departments stays a bureau
    text = "45.香港郵政\n香港郵政\n328,000\n46.入境事務處\n非觸式e-道\n47.入境事務處\n48.政府新聞處\n香港政府新聞網\n"
    text += "49.勞工處\n50.勞工處\n51.勞工處\n52.保安局\n"
    assert found_by(text, "pattern:numbered-list", "入境事務處", "保安局") == {
        "入境事務處": (Label.DEPARTMENT, ()), "保安局": (Label.BUREAU, ())}


def test_a_numbered_list_of_questions_names_nothing() -> None:
    # ITIB028's question: numbered rows of a sentence each, and no known name among them
    text = "1.過去三個年度，每年度「創新斗室」接獲的申請數目\n2.過去三個年度，每年度營運「創新斗室」的開支；\n"
    assert found_by(text, "pattern:numbered-list") == {}


@pytest.mark.parametrize(("text", "unknown", "expected"), [
    # ITIB005: the short form starts where the name does
    ("根據環境及生態局提供的資料，漁農自然護理署(漁護署)委託顧問進行的《建立濕地保育公園系統策略可行性研究》",
     ("漁農自然護理署",), {"漁農自然護理署": (Label.DEPARTMENT, ("漁護署",))}),
    # question 0271: 香港 before the short form's first character, at a clause's start; …院 is an institute
    ("政府正積極推動各項措施：\n(a)香港微電子研發院(微電子研發院)於2024年9月成立",
     ("香港微電子研發院",), {"香港微電子研發院": (Label.INSTITUTION, ("微電子研發院",))}),
    # question 1826: 香港…局 is a statutory body, not a policy bureau
    ("在工業貿易署的支持下，由香港生產力促進局(「生產力局」)運作。",
     ("香港生產力促進局",), {"香港生產力促進局": (Label.INSTITUTION, ("生產力局",))}),
    # ITIB050: a count before a kind of thing is no name
    ("而根據政府分別與兩間電力公司(兩電)簽訂的《管制計劃協議》", (), {}),
    # ITIB091: 研究及發展(研發) defines a word, not a name
    ("5所研究及發展(研發)中心(即汽車科技研發中心、香港應用科技研究院(應科院)", (), {}),
], ids=["ITIB005", "q0271", "q1826-statutory", "ITIB050-count", "ITIB091-word"])
def test_a_name_before_its_short_form_in_brackets(text: str, unknown: tuple, expected: dict) -> None:
    assert found_by(text, "pattern:defined-short-form", *unknown) == expected


@pytest.mark.parametrize(("text", "unknown", "expected"), [
    ("就議員提出的問題，經諮詢工業貿易署後，現綜合答覆如下：", ("工業貿易署",),
     {"工業貿易署": (Label.DEPARTMENT, ())}),  # question 1826
    ("根據環境及生態局提供的資料，漁農自然護理署(漁護署)委託顧問", ("環境及生態局",),
     {"環境及生態局": (Label.BUREAU, ())}),  # ITIB005
    ("根據獲資助大學提供的資料，各大學已制訂處理因研發成果商品化所產生收入的相關政策", (), {}),  # ITIB085: a kind
], ids=["q1826", "ITIB005", "ITIB085-kind"])
def test_a_body_a_reply_consulted_or_quotes(text: str, unknown: tuple, expected: dict) -> None:
    assert found_by(text, "pattern:source-body", *unknown) == expected


def test_a_quoted_committee_is_a_name() -> None:
    # question 0949: 「…委員會」 (a quoted name ending with the word for a body)
    text = "由政務司司長領導的「地區治理領導委員會」已於2024年10月優化1823的投訴處理機制"
    assert found_by(text, "pattern:quoted-name") == {"地區治理領導委員會": (Label.INSTITUTION, ())}


def test_the_head_field_of_an_english_reply_names_its_department() -> None:
    # ETWB 2003-04 (tests/fixtures/legco): "Highways" is one capitalised word, too thin for the English-name rule
    # alone; the Head field's number and dash say it is the department's name
    text = (LEGCO / "en_etwb_2003_04_replies.txt").read_text(encoding="utf-8")
    found = found_by(text, "pattern:head-field", "Highways Department", "Drainage Services Department")
    assert found == {"Highways Department": (Label.DEPARTMENT, ()),
                     "Drainage Services Department": (Label.DEPARTMENT, ())}
    # ETWB's own text: an amount and a year before a dash are no head number
    assert found_by("In 2002-03 – Operational Expenses of $43.3 M – Highways Department", "pattern:head-field",
                    "Highways Department") == {}


def test_the_title_of_a_chinese_reply_form_names_its_body() -> None:
    # HAB 2016-17 index (tests/fixtures/legco, normalised): "管制人員的答覆" then the body, then the next field
    text = "1財務委員會審核二零一六一七年度開支預算管制人員的答覆民政事務總署答覆編號問題編號委員姓名總目綱領"
    assert found_by(text, "pattern:source-body", "民政事務總署") == {"民政事務總署": (Label.DEPARTMENT, ())}


def test_a_chinese_name_and_its_english_one_in_one_pair_of_quotes() -> None:
    # questions 0073 and 1008 (the Loop's life and health centre): the English name is an alias of the Chinese one
    text = "一方面，為推進河套港深創新及科技園建設「生命健康創新科研中心InnoLife Healthtech Hub」，吸引國際頂尖"
    assert found_by(text, "pattern:quoted-name", "生命健康創新科研中心") == {
        "生命健康創新科研中心": (Label.INSTITUTION, ("InnoLife Healthtech Hub",))}
    # a quoted Latin name with no Chinese name before it stays what it was: no name of this rule
    assert found_by("為領先的綠色科技樞紐「GreenTech Hub」，匯聚超過", "pattern:quoted-name", "GreenTech Hub") == {}


# --- the second round (names2): rules for the classes still missed, each on its real sentence -----------------


def test_a_verb_right_before_the_head_word_of_a_consulted_body_is_part_of_its_name() -> None:
    # ITIB020: 推廣 names what the department does; it is no verb of the sentence when the sentence gives the start
    text = "包括豐富創投融資渠道，支持初創和產業發展。經諮詢投資推廣署，就問題各部分的回覆如下："
    assert found_by(text, "pattern:source-body", "投資推廣署") == {"投資推廣署": (Label.DEPARTMENT, ())}
    # ITIB057: a verb not right before the head word is the sentence's ("運輸及物流局作為秘書處")
    rules, gazetteer = load_rules(), load_gazetteer()
    known = KnownForms(gazetteer, harmless_prefixes=rules.generic_modifiers)
    assert not plausible_name("運輸及物流局作為秘書處", gazetteer, rules, known, "sentence")
    # a one-character word (的) before the head is never part of a name, and a name the model bounds keeps the rule
    assert not plausible_name("政府成立的研發中心", gazetteer, rules, known, "sentence")
    assert not plausible_name("投資推廣署", gazetteer_without("投資推廣署"), rules, known)


def test_a_tail_of_a_known_name_is_a_name_where_a_list_says_where_it_starts() -> None:
    # ITIB030: 發展局 is the tail of 商務及經濟發展局, but the items of the list after 經諮詢 start where 、 says
    text = "答覆：\n經諮詢保安局、發展局、財經事務及庫務局和律政司後，就問題各部分現綜合回覆如下："
    found = found_by(text, "pattern:enumeration", "發展局", "律政司")
    assert found == {"發展局": (Label.BUREAU, ()), "律政司": (Label.DEPARTMENT, ())}
    # the model's names have no such bound: a known name's tail stays a known name cut short
    rules = load_rules()
    known = KnownForms(gazetteer_without("發展局"), harmless_prefixes=rules.generic_modifiers)
    assert not plausible_name("發展局", gazetteer_without("發展局"), rules, known)


def test_a_post_or_a_company_ending_with_si_is_no_department() -> None:
    # ITIB211 (question 0949): 政務司副司長 is a post; 公司 is a company's word
    assert rules_head("會由政務司副司長作最終定奪") is None
    assert rules_head("香港科技園公司").label == Label.COMPANY
    assert rules_head("律政司").label == Label.DEPARTMENT


def rules_head(text: str):
    m = list(load_rules().head_regex.finditer(text))
    return load_rules().head_of(text[: m[-1].end()]) if m else None


def test_an_association_listed_beside_known_bodies() -> None:
    # ITIB013: the alliance's founding members, 聯合會 the word for an association
    text = ("8位「聯盟」創會成員包括(排名不分先後)：香港工業總會、香港中華廠商聯合會、香港生產力促進局、"
            "香港科技園公司、職業訓練局、香港工程師學會、中銀集團投資公司，以及香港新型工業化聯盟。")
    assert found_by(text, "pattern:enumeration", "香港中華廠商聯合會") == {
        "香港中華廠商聯合會": (Label.INSTITUTION, ())}


@pytest.mark.parametrize(("text", "unknown", "expected"), [
    # ITIB099: a quoted centre (its short form 中心 right after it is a generic word)
    ("InnoHK創新香港研發平台(InnoHK)旗下成立的「香港太空機械人與能源中心」(中心)，會與內地及海外機構合作",
     ("香港太空機械人與能源中心",), {"香港太空機械人與能源中心": (Label.INSTITUTION, ())}),
    # ITIB134: a quoted programme of the national fund
    ("國家自然科學基金委員會在\n2024年起將「優秀青年科學基金項目(港澳)」併入「優秀青年科學基金項目」，並開放",
     ("優秀青年科學基金項目",), {"優秀青年科學基金項目": (Label.SCHEME, ())}),
    # the Financial Secretary's speech: Hong Kong's aim, quoted, is no centre (gazetteer/nonentities.yaml)
    ("鞏固香港作為「國際綠色金融中心」的地位", (), {}),
    # ITIB124: a phrase a reply defines as its short form names nothing of its own
    ("(a)獲創新及科技基金資助的研發項目(「基金項目」)；以及\n2.就「基金項目」而言", (), {}),
], ids=["ITIB099-centre", "ITIB134-programme", "aim", "ITIB124-short-form"])
def test_a_quoted_centre_or_programme(text: str, unknown: tuple, expected: dict) -> None:
    assert found_by(text, "pattern:quoted-name", *unknown) == expected


def test_the_title_of_a_budget_subhead_that_ends_with_a_head_word_is_a_name() -> None:
    # ITIB127 (question 0866) and question 0988: the ITC's subheads
    text = ("修訂預算\n分目090院校中游研發計劃(整體撥款)(自2021年6月起納入創新及科技支援計劃內)\n38.8 15.2 - - -\n"
            "分目101創新及科技(整體撥款)(註(1)及(2))\n創新及科技支援計劃 733.0 70\n")
    assert found_by(text, "pattern:subhead", "院校中游研發計劃") == {"院校中游研發計劃": (Label.SCHEME, ())}
    # question 0988: a known fund with the word for its company after it is the fund (its spending, in the table)
    text = "修訂預算\n分目110創科創投基金公司\n33.2 27.6 16.4 16.0 192.0\n"
    assert found_by(text, "pattern:subhead") == {}
    assert found_by(text, "pattern:subhead", "創科創投基金") == {"創科創投基金公司": (Label.COMPANY, ())}
    # question 2332: a subhead of spending on things names nothing
    text = "(b)分目603機器、車輛及設備項下的撥款為2,010萬元，主要用於在將軍澳政府聯用辦公大樓"
    assert found_by(text, "pattern:subhead") == {}


def test_a_post_does_not_vouch_for_a_name_the_model_proposes() -> None:
    # ITIB042's question and the press release: 財政司 is written after a line break only as 財政司司長 (a post);
    # "財政司表示" (question 1136) is once, after a word. ITIB020 and ITIB022: a department's name written in two
    # texts, once after a line break, is vouched for
    from loaders.discovery import _Support

    texts = ["問題：\n財政司司長在預算案演辭的第36至52段中闡述要促進",
             "均表示感謝及支持。\n財政司司長於《財政預算2025》公布", "第65段，財政司表示已預留三十七億元"]
    assert not _Support(texts).vouches_for("財政司", load_rules())
    texts = ["(+7%)\n投資推廣署沒有備存按照業務領域分類的分項數字。", "此外，根據投資推廣署就香港獨角獸企業的調研"]
    assert _Support(texts).vouches_for("投資推廣署", load_rules())


# --- the third round (names3): each rule on its real sentence, positive and negative --------------------------


def test_a_latin_acronym_after_a_name_says_it_is_one_and_the_clause_says_where_it_starts() -> None:
    # ITIB055: the clause starts after 此外，; 訓練局 is the word for a statutory body, never a policy bureau
    text = "所需人手可減少35%。\n此外，製衣業訓練局(CITA)在多方面為紡織業培訓人工智能方面的人才。去年，CITA舉辦"
    assert found_by(text, "pattern:defined-short-form", "製衣業訓練局") == {
        "製衣業訓練局": (Label.INSTITUTION, ("CITA",))}
    # ITIB085: the clause holds more than the name (的 before it): no name
    text = "創新科技署對8所教資會資助大學(「八大」)的技術轉移處(TTO)提供的每年資助金額上限"
    assert found_by(text, "pattern:defined-short-form") == {}


def test_an_acronym_is_latin_capitals_not_a_chinese_short_form_nor_a_word() -> None:
    from loaders.discovery import _LATIN_ACRONYM

    assert [bool(_LATIN_ACRONYM.fullmatch(s)) for s in ("CITA", "HKCS", "HyD", "InnoHK", "TTO")] == [True] * 5
    assert [bool(_LATIN_ACRONYM.fullmatch(s)) for s in ("Hub", "AI", "2024", "科學園")] == [False, True, False, False]


def test_a_park_is_named_by_its_place() -> None:
    # ITIB022: 香港 before 科學園 says which park (a generic word before any other head says none: 香港分中心)
    text = "1)過去5個財政年度(截至2025年2月)，香港科學園(科學園)和數碼港的租戶數目、培育公司數目"
    assert found_by(text, "pattern:defined-short-form", "香港科學園") == {
        "香港科學園": (Label.INSTITUTION, ("科學園",))}
    rules = load_rules()
    assert says_which_one("香港科學園", rules)
    assert not says_which_one("香港分中心", rules)
    assert not says_which_one("科學園", rules)


def test_a_bureau_the_corpus_also_writes_with_hong_kong_before_it_is_a_statutory_body() -> None:
    # the Computer Society's release (000) and the news article (002): 貿易發展局(貿發局) in one, 香港貿易發展局 in
    # the other
    release = "•會為本港科企提供更多產品的實體展示和銷售場景。\n•貿易發展局（貿發局）在重點展覽會期間，將在旗艦零售平台"
    news = "特區政府會為本港科企提供更多產品的實體展示和銷售場景。香港貿易發展局將在重點展覽會期內，在旗艦零售平台"
    found = discover([release, news], gazetteer_without("香港貿易發展局"), use_model=False)
    assert {c.name: (c.label, c.kind, c.aliases) for c in found.accepted} == {
        "香港貿易發展局": (Label.INSTITUTION, "statutory_body", ("貿易發展局", "貿發局"))}
    # the release alone says nothing of it: a bureau by its head word
    assert found_by(release, "pattern:defined-short-form", "香港貿易發展局") == {
        "貿易發展局": (Label.BUREAU, ("貿發局",))}
    # ITIB030: a bureau written without 香港 anywhere stays a bureau
    text = "答覆：\n經諮詢保安局、發展局、財經事務及庫務局和律政司後，就問題各部分現綜合回覆如下："
    assert found_by(text, "pattern:enumeration", "發展局")["發展局"][0] == Label.BUREAU


# --- English names on real text of other documents (stored public pages, address given) -------------------------

TVP_RELEASE = (  # https://www.bastillepost.com/global/article/4405082-technology-voucher-programme-to-stop-accepting-applications-after-december-31-2024
    "The Innovation and Technology Commission (ITC) announced today (December 13) that the Technology Voucher "
    "Programme (TVP) will cease accepting applications after December 31, 2024.")


def english_names(text: str, *unknown: str) -> dict[str, tuple]:
    """name -> (label, aliases) of what discovery's patterns find in English `text`, `unknown` held out."""
    found = discover([text], gazetteer_without(*unknown), use_model=False)
    return {c.name: (c.label, c.aliases) for c in found.accepted}


def test_an_english_name_runs_over_head_words_and_takes_its_acronym_in_brackets() -> None:
    # "Technology Voucher Programme": Voucher and Programme are both head words, the name ends at the last;
    # "(TVP)" has its words' initials, so it is an alias; ITC and the ITF stay the gazetteer's
    assert english_names(TVP_RELEASE, "Technology Voucher Programme") == {
        "Technology Voucher Programme": (Label.SCHEME, ("TVP",))}
    # https://www.policyaddress.gov.hk/2021/eng/p65.html
    text = ("65. The Government's Innovation and Technology Venture Fund (ITVF) co-invests with venture capital funds "
            "on a matching basis in local I&T start-ups.")
    assert english_names(text, "Innovation and Technology Venture Fund") == {
        "Innovation and Technology Venture Fund": (Label.SCHEME, ("ITVF",))}
    # brackets that are no acronym of the name before them: the release's "(December 13)", and (a made-up pairing)
    # "(ITC)" after the Fund: its capitals are not the Fund's initials in order
    from loaders.discovery import _acronym_after

    assert _acronym_after("Fund (December 13)", 4, "Innovation and Technology Fund") == ()
    assert _acronym_after("Fund (ITC)", 4, "Innovation and Technology Fund") == ()


def test_an_english_name_goes_on_with_of_or_for_and_capitalised_words() -> None:
    # https://news.gov.hk/eng/2019/02/20190227/20190227_095228_891.html: the known scheme "… for Universities" is
    # no new "Technology Start-up Support Scheme"
    text = ("The Government will also double to $8 million the annual funding ceiling for each institution under the "
            "Technology Start-up Support Scheme for Universities.")
    assert english_names(text) == {}
    assert english_names(text, "Technology Start-up Support Scheme for Universities") == {
        "Technology Start-up Support Scheme for Universities": (Label.SCHEME, ())}
    # http://government-world.com/tag/china/page/315/ (LCQ20, 27 November): the Institute "of Textiles and Apparel"
    text = ("the Hong Kong Applied Science and Technology Research Institute, the Hong Kong Research Institute of "
            "Textiles and Apparel, the Logistics and Supply Chain MultiTech R&D Centre")
    assert english_names(text) == {}
    assert english_names(text, "The Hong Kong Research Institute of Textiles and Apparel") == {
        "Hong Kong Research Institute of Textiles and Apparel": (Label.INSTITUTION, ())}


def test_a_known_english_name_spelled_with_an_ampersand_or_without_its_legal_form_is_no_new_name() -> None:
    # https://news.gov.hk/eng/2019/02/20190227/20190227_095228_891.html
    text = ("For the Corporate Venture Fund run by the Hong Kong Science & Technology Parks Corporation, it will be "
            "expanded to $200 million. The Government also plans to inject $2 billion into the Innovation & "
            "Technology Fund for launching a Re-industrialisation Funding Scheme to subsidise manufacturers")
    # (the Re-industrialisation Funding Scheme, found here as a new name before, is the gazetteer's former name of the
    # New Industrialisation Funding Scheme now: nothing in the sentence is new)
    assert english_names(text) == {}
    from loaders.entities import EntityRecognizer

    ids = {m.entity_id for m in EntityRecognizer(load_gazetteer()).mentions(text, "en")}
    assert {"inst:hkstp", "scheme:itf", "scheme:cvf"} <= ids
    # LCQ20 (above): ASTRI's register name ends "Company Limited"; the question writes it without
    text = "the five Research and Development (R&D) Centres (including the Hong Kong Applied Science and Technology " \
           "Research Institute, the Hong Kong Research Institute of Textiles and Apparel"
    assert english_names(text) == {}
    assert "inst:astri" in {m.entity_id for m in EntityRecognizer(load_gazetteer()).mentions(text, "en")}


def test_the_rows_of_an_english_list_of_companies_are_one_name_each() -> None:
    # https://www.hkstp.org/en/services/incubation/incubation-programmes/incu-app/ (the partners, one a line): a
    # short line is a row, a word that ends a company's name ends it; "Kingsoft Corporation Limited" is one name
    text = ("HKSTP has partnership arrangements with:\nAmazon Web Services\nApp Annie\nHong Kong Applied Science and "
            "Technology Research Institute Co., Ltd.\nCITIC Telecom International Holdings Ltd\nCluster Technology "
            "Ltd\nGoogle Hong Kong Limited\nAdBeyond (Group) Limited\nHong Kong Broadband Network Limited\nKingsoft "
            "Corporation Limited\nOutblaze Ltd.\nSoftLayer Technologies. Inc\nHong Kong Wireless Technology Industry "
            "Association\nSony Mobile Communication International AB\nMicrosoft Hong Kong Ltd.\n")
    assert set(english_names(text)) == {
        "CITIC Telecom International Holdings Ltd", "Cluster Technology Ltd", "Google Hong Kong Limited",
        "Hong Kong Broadband Network Limited", "Kingsoft Corporation Limited", "Outblaze Ltd",
        "SoftLayer Technologies. Inc", "Hong Kong Wireless Technology Industry Association", "Microsoft Hong Kong Ltd"}


def test_the_scheme_capitalised_refers_back_to_the_last_scheme_named() -> None:
    from loaders.entities import EntityRecognizer

    # https://policyaddress.gov.hk/2024/en/p78.html (paragraph 80): the gazetteer's "Pilot I&T Accelerator Scheme"
    # with its "Pilot" before its kind word (search_variants.yaml `word_order`), then "The Scheme"
    text = ("80. The Government will launch the I&T Accelerator Pilot Scheme with a funding allocation of $180 million "
            "at a one-to-two matching ratio between the Government and the institution, up to a subsidy ceiling of "
            "$30 million. The Scheme aims to attract professional start-up service providers")
    found = discover([text], load_gazetteer(), use_model=False)
    assert found.accepted == []  # a known name spelled another way is no new one
    mentions = EntityRecognizer(load_gazetteer(), found.accepted, refer_back=True).mentions(text, "en")
    assert [(m.surface, m.method, m.entity_id) for m in mentions] == [
        ("I&T Accelerator Pilot Scheme", "gazetteer", "scheme:pilot_accelerator"),
        ("Scheme", "reference:back", "scheme:pilot_accelerator")]
    # https://sites.google.com/a/charlesmok.hk/2018-19-work-report/home/fostering-growth-of-it-industry: "the
    # Programme" is the Technology Voucher Programme; "the fund" (lower case) the one fund named before it
    text = ("As a continued effort to improve the Technology Voucher Programme, I urged the government to facilitate "
            "the application process and extend the coverage of the Programme. The Innovation and Technology Venture "
            "Fund is in operation and I will continue to press on the government to streamline the application and "
            "monitor the use of the fund.")
    mentions = EntityRecognizer(load_gazetteer()).mentions(text, "en")
    assert [(m.surface, m.entity_id) for m in mentions] == [
        ("Technology Voucher Programme", "scheme:tvp"), ("Programme", "scheme:tvp"),
        ("Innovation and Technology Venture Fund", "scheme:itvf"), ("fund", "scheme:itvf")]
    # on by default (the build), and can be turned off
    assert [m.surface for m in EntityRecognizer(load_gazetteer(), refer_back=False).mentions(text, "en")] == [
        "Technology Voucher Programme", "Innovation and Technology Venture Fund"]


CYBERPORT_PARTNERS = ("先後與迪拜未來基金會、韓國創業孵化器\n「d·camp」、華潤創業、華為、百度、螞蟻集團、上海臨港集團、"
                      "北京中關村、北京國際大數據交易所等簽署合作備忘錄，深化香港與其他地區的前沿技術交流")


def test_an_item_without_a_head_word_in_a_list_of_known_companies_is_a_company() -> None:
    # Cyberport's release (004): 華為 and 百度 among known companies; 北京中關村 starts with a place (a district),
    # and the last item runs into the sentence (…交易所等簽署合作備忘錄)
    text = CYBERPORT_PARTNERS
    assert found_by(text, "pattern:enumeration", "華為", "百度") == {
        "華為": (Label.COMPANY, ()), "百度": (Label.COMPANY, ())}
    # the same release: the last item is one when 等 ends it; one known company is too few to say what a list is
    text = "過去一年，數碼港積極引進多間重點企業，包括多點Dmall、永信至誠、CertiK等，匯聚創科資金"
    assert found_by(text, "pattern:enumeration", "CertiK") == {"CertiK": (Label.COMPANY, ())}
    assert found_by(text, "pattern:enumeration", "永信至誠", "多點DMall") == {}
    # the list with one company known (北京國際大數據交易所): it says nothing of its other items
    held = ("華為", "百度", "華潤創業", "螞蟻集團", "上海臨港集團")
    assert found_by(CYBERPORT_PARTNERS, "pattern:enumeration", *held) == {}


def test_a_head_word_defined_as_a_short_form_does_not_hide_the_names_ending_with_it_from_the_model() -> None:
    # ITIB153: "資助計劃委員會(委員會)" makes 委員會 an alias of what the short-form rule finds; as a known ending
    # it hid every window ending with 委員會 from the model (ITIB016's "政府會向立法會財務委員會申請撥款" too)
    from loaders.discovery import pattern_forms

    rules, gazetteer = load_rules(), load_gazetteer()
    text = "截至2025年2月底，由政府委任的資助計劃委員會(委員會)已評審並批出9個由本地院校、研發機構"
    found = [list(pattern_candidates(text, gazetteer, rules))]
    assert "委員會" in {f for c in found[0] for f in c.surface_forms}
    forms = pattern_forms(found, gazetteer, rules)
    assert "委員會" not in forms and "政府委任的資助計劃委員會" in forms
    unlisted = gazetteer_without("立法會財務委員會")
    assert not KnownForms(unlisted, forms).ends("隨後，政府會向立法會財務委員會")


def test_a_quoted_name_with_a_qualifier_in_brackets_is_one_name() -> None:
    # ITIB134: the programme's Hong Kong and Macao edition, quoted with its qualifier; a qualifier with no head word
    # before it names nothing (「創新及科技(整體撥款)」, a subhead's title, in the ITIB replies)
    text = "國家自然科學基金委員會在\n2024年起將「優秀青年科學基金項目(港澳)」併入「優秀青年科學基金項目」，並開放"
    assert found_by(text, "pattern:quoted-name", "優秀青年科學基金項目(港澳)") == {
        "優秀青年科學基金項目(港澳)": (Label.SCHEME, ())}
    text = "個別研究發展項目的研發開支向創科基金項下分目101「創新及科技(整體撥款)」申請撥款資助。"
    assert found_by(text, "pattern:quoted-name") == {}


def test_a_name_after_the_tail_of_another_and_a_committee_are_english_names() -> None:
    # https://news.gov.hk/eng/2019/02/20190227/20190227_095228_891.html: the next sentence starts inside the match
    # that ran on over "for Universities."; "Committee-funded" ends a committee's name
    text = ("The Government will also double to $8 million the annual funding ceiling for each institution under the "
            "Technology Start-up Support Scheme for Universities.\nFor the Corporate Venture Fund run by the Hong Kong "
            "Science & Technology Parks Corporation, it will be expanded to $200 million.")
    assert english_names(text, "Corporate Venture Fund") == {"Corporate Venture Fund": (Label.SCHEME, ())}
    text = "It will also set aside $16 billion for University Grants Committee-funded universities to upgrade"
    assert english_names(text, "University Grants Committee") == {
        "University Grants Committee": (Label.INSTITUTION, ())}


def test_a_company_written_with_a_full_stop_after_ltd_is_its_name() -> None:
    # https://www.hkstp.org/en/services/incubation/incubation-programmes/incu-app/: spaCy keeps "Ltd." one token
    from loaders.entities import EntityRecognizer

    text = "HKT Limited\nKingsoft Corporation Limited\nOutblaze Ltd.\nSoftLayer Technologies. Inc\n"
    found = discover([text], load_gazetteer(), use_model=False)
    mentions = EntityRecognizer(load_gazetteer(), found.accepted).mentions(text, "en")
    assert [m.surface for m in mentions] == ["HKT Limited", "Kingsoft Corporation Limited", "Outblaze Ltd.",
                                             "SoftLayer Technologies. Inc"]


def test_an_english_park_is_a_place_named_like_a_centre() -> None:
    # https://hkcpe.com/biznews_details.php?news_data=1116472 (the 2024-25 Budget story): "Park" is the head word of
    # 科學園's English name; "Science Park and Cyberport companies" has one word before it: for review at most
    text = ("He noted that as at the end of 2023, enterprises incubated at the Hong Kong Science Park or Cyberport now "
            "include 16 listed firms, nine of which are unicorns, with Science Park and Cyberport companies having "
            "raised a combined total of some $130 billion")
    assert english_names(text, "Hong Kong Science Park") == {"Hong Kong Science Park": (Label.INSTITUTION, ())}


def test_the_applicant_of_an_approved_application_is_a_company() -> None:
    # the ITC's release of 2025-04-07 (tests/fixtures/press_zh_check): the name follows 由 and precedes 提交
    text = ("「創新及科技基金」下「新型工業評審委員會」(評審委員會)已支持一宗由亞洲先進同位素技術有限公司提交的"
            "「新型工業加速計劃」(「加速計劃」)申請")
    found = discover([text], load_gazetteer(), use_model=False)
    assert [(c.name, c.label, c.method) for c in found.accepted] == [
        ("亞洲先進同位素技術有限公司", Label.COMPANY, "pattern:applicant")]


def test_a_quoted_name_with_matching_in_it_is_a_name() -> None:
    # 2024 Policy Address, paragraph 78 (tests/fixtures/press_zh): 配對 is a noun, not the preposition 對
    text = "政府會推出新一輪15億元的「研究配對補助金計劃」,鼓勵更多機構資助院校研究。"
    found = discover([text], load_gazetteer(), use_model=False)
    assert [c.name for c in found.accepted] == ["研究配對補助金計劃"]


def test_two_english_names_joined_by_and_are_two() -> None:
    # the Secretary for I&T on InnoHK (news.gov.hk 2019-04-25, tests/fixtures/press_en_check3)
    text = ("few examples, Harvard University, Stanford University, Imperial College London, University College London "
            "and Johns Hopkins University have teamed up with Hong Kong's institu")
    found = discover([text], load_gazetteer(), use_model=False)
    assert "Johns Hopkins University" in [c.name for c in found.accepted]
    assert not any(" and " in c.name for c in found.accepted)


def test_a_name_written_in_latin_letters_is_found_in_english_text() -> None:
    from loaders.entities import EntityRecognizer

    text = "We have set aside US$1.3 billion to establish Health@InnoHK focusing on healthcare technologies"
    assert [m.entity_id for m in EntityRecognizer(load_gazetteer()).mentions(text, "en")] == ["scheme:health_innohk"]


def test_no_english_name_starts_with_a_preposition_or_the_head_word_of_a_bracketed_name() -> None:
    # ETWB(W)045 of 2003-04 (tests/fixtures/legco_other): "… under the Landslip Preventive Measures (LPM)
    # Programme of the Civil Engineering Department. … Under the LPM Programme, …"
    text = ("The estimated expenditure in improving slope appearance in 2003-04 is about $60 million under the "
            "Landslip Preventive Measures (LPM) Programme of the Civil Engineering Department.\n"
            "Under the LPM Programme, landscaping works will be carried out.")
    names = english_names(text)
    assert "Civil Engineering Department" in names
    assert not any(name.startswith(("Programme", "Under")) for name in names)


def test_a_meetings_working_group_is_no_company() -> None:
    # CEDB(CIT)224 of 2010-11: a row of the programme's spending, not a company's grant
    text = "Hosting of the 30th APEC SME Working Group Meeting and its related activities"
    assert not any(c.label == Label.COMPANY for c in discover([text], load_gazetteer(), use_model=False).accepted)


def test_english_names_a_text_defines_a_short_form_for() -> None:
    # CEDB(CIT)021 and CEDB(CIT)180 of 2012-13, EMB 0008 of 2000-01: "the Competition Commission (the Commission)" is
    # a statutory body, no thin name; a quoted name with its short form is the whole of it, dash and all; a tail
    # "for the Campaign" is the text's back-reference, not the fund's name, whose tail of capitalised words counts
    names = english_names(
        'preparatory work relating to the Competition Commission (the Commission), in view of …\n'
        'Works for the "Tourist District Enhancement Programme – The Peak" (the Project) commenced in 2005.\n'
        'An amount totalling $62 million has been earmarked from the Language Fund for the Campaign.\n'
        '$50 million has been allocated for the Funding Scheme for Workplace English Training.')
    assert names["Competition Commission"][0] == Label.INSTITUTION
    assert names["Tourist District Enhancement Programme – The Peak"][0] == Label.SCHEME
    assert "Funding Scheme for Workplace English Training" in names
    assert not any("Campaign" in name for name in names)


def test_a_name_of_head_words_only_names_nothing_and_a_forerunners_name() -> None:
    # FCR(97-98)95 (press_en_check6): "the Company and the Corporation" refer back to the two bodies named before it;
    # the Hong Kong Science Park Corporation is the gazetteer's hkstp (its forerunner, merged into it in 2001)
    text = ("The Hong Kong Science Park Corporation (the Corporation) and its forerunner require funding. We propose "
            "a commitment to meet expenses of the Company and the Corporation for planning the Science Park.")
    assert not any("Company and" in c.name for c in discover([text], load_gazetteer(), use_model=False).accepted)
    from loaders.entities import EntityRecognizer

    assert "inst:hkstp" in {m.entity_id for m in EntityRecognizer(load_gazetteer()).mentions(text, "en")}
