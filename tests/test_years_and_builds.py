"""Years, builds and expectations, as data/model.yaml, the gazetteer and sources.yaml declare them.

- yearly things (a year's programmes and questions) carry their fiscal year in their ids; a budget head number
  resolves to the body that held it that year;
- every gazetteer field is a model property or a relationship (`part_of` becomes PART_OF); others are refused;
- each load writes a Build node saying which code, rules and corpus made the graph;
- each document's `expect:` in sources.yaml is checked by `innograph build` and `innograph report --check`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graph.kg import GraphIntegrityError, KnowledgeGraph, Node
from graph.model import Label, Rel, programme_id
from graph.model_files import stale_files
from graph.store import Store
from loaders.corpus import BUNDLED_SOURCES, read_manifest
from loaders.errors import SourceError
from loaders.gazetteer import GAZETTEER_DIR, load_gazetteer
from loaders.pipeline import CorpusBuild, build_corpus_graph
from loaders.version import LOADER_VERSION
from tests.conftest import ETWB_2003_04_ENTRY, build_and_export, run_cli, warm_home


@pytest.fixture(scope="module")
def corpus(corpus_build) -> CorpusBuild:
    return corpus_build


# --- years ---------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("head", "year", "body"), [
    ("47", "2025-26", "dept:dpo"),  # the Digital Policy Office, formed 2024-07-25
    ("47", "2024-25", "dept:ogcio"),  # replies of April 2024: still the OGCIO
    ("135", "2025-26", "bureau:itib"),
    ("135", "2021-22", "bureau:itb"),  # before the 2022 reorganisation
    ("155", "2003-04", "dept:itc"),  # the ITC has held head 155 throughout
])
def test_a_head_number_resolves_to_the_body_of_that_year(head: str, year: str, body: str) -> None:
    assert load_gazetteer().by_head(head, year).id == body


def test_a_head_no_listed_body_held_that_year_is_not_guessed() -> None:
    assert load_gazetteer().by_head("47", "2003-04") is None  # before the OGCIO: read off the reply's own header


def test_programmes_are_yearly_and_questions_reach_the_programme_of_their_year(corpus: CorpusBuild) -> None:
    kg = corpus.graph
    programmes = list(kg.nodes(Label.PROGRAMME))
    assert programmes and all(p.id.startswith(f"programme:{p.props['fiscal_year']}:") for p in programmes)
    assert "programme:2025-26:155:2" in kg
    for rel in kg.relationships(Rel.UNDER_PROGRAMME):
        assert kg.g.nodes[rel.start]["props"]["fiscal_year"] == kg.g.nodes[rel.end]["props"]["fiscal_year"]


def test_a_yearly_node_must_carry_its_year() -> None:
    kg = KnowledgeGraph()
    with pytest.raises(GraphIntegrityError, match="a Programme is yearly: it needs a fiscal_year"):
        kg.add_node(Node(Label.PROGRAMME, "programme:155:2", {"name": "推動科技創業活動"}))
    with pytest.raises(GraphIntegrityError, match="its id must carry its fiscal year 2024-25"):
        kg.add_node(Node(Label.PROGRAMME, programme_id("2025-26", "155", "2"), {"fiscal_year": "2024-25"}))
    kg.add_node(Node(Label.PROGRAMME, programme_id("2024-25", "155", "2"), {"fiscal_year": "2024-25"}))
    kg.add_node(Node(Label.PROGRAMME, programme_id("2025-26", "155", "2"), {"fiscal_year": "2025-26"}))
    assert len(list(kg.nodes(Label.PROGRAMME))) == 2  # two years' programme (2) of head 155 stay apart


def test_summaries_and_undated_figures_are_kept_per_year(corpus: CorpusBuild) -> None:
    kg = corpus.graph
    asked_about = list(kg.relationships(Rel.ASKED_ABOUT))
    assert asked_about and {r.props["fiscal_year"] for r in asked_about} == {"2025-26"}
    funds = list(kg.relationships(Rel.FUNDS))
    # every figure says the year of the document that states it: an undated one is keyed by it
    assert all(r.props["document_year"] for r in funds)
    undated = [r for r in funds if not r.props.get("fiscal_year")]
    assert undated, "the corpus states figures without a year"


# --- the gazetteer against the model ------------------------------------------------------------------------------


def _gazetteer_copy(tmp_path: Path, file_name: str, old: str, new: str) -> Path:
    folder = tmp_path / "gazetteer"
    shutil.copytree(GAZETTEER_DIR, folder)
    path = folder / file_name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


def _line_of(folder: Path, file_name: str, needle: str) -> int:
    lines = (folder / file_name).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if needle in line)


@pytest.mark.parametrize(("new", "message"), [
    ("    part_of: itf\n    funded_by: itf", "unknown field 'funded_by' for a Scheme"),
    ("    part_of: no_such_fund", "part_of: no Bureau/Institution/Scheme entry has the key 'no_such_fund'"),
])
def test_a_gazetteer_field_the_model_does_not_allow_is_refused_at_its_line(tmp_path: Path, new: str,
                                                                           message: str) -> None:
    folder = _gazetteer_copy(tmp_path, "schemes.yaml", "    part_of: itf", new)
    with pytest.raises(SourceError) as error:
        load_gazetteer.__wrapped__(folder)
    line = _line_of(folder, "schemes.yaml", new.split("\n")[-1].strip())
    assert str(error.value).startswith(f"{folder / 'schemes.yaml'}:{line}: ")
    assert message in str(error.value)


def test_a_gazetteer_value_of_the_wrong_type_is_refused(tmp_path: Path) -> None:
    folder = _gazetteer_copy(tmp_path, "government.yaml", 'valid_from: "2025-26"', "valid_from: 2025")
    with pytest.raises(SourceError, match=r"government\.yaml:\d+: .*valid_from must be fiscal_year"):
        load_gazetteer.__wrapped__(folder)


def test_part_of_becomes_a_part_of_relationship(corpus: CorpusBuild) -> None:
    kg = corpus.graph
    part_of = {(r.start, r.end): r.props["method"] for r in kg.relationships(Rel.PART_OF)}
    assert part_of[("scheme:gsp", "scheme:itf")] == "gazetteer:part_of"
    assert part_of[("dept:itc", "bureau:itib")] in ("gazetteer:parent", None)


def test_curated_fields_reach_the_nodes(corpus: CorpusBuild) -> None:
    kg = corpus.graph
    assert kg.g.nodes["dept:dpo"]["props"]["valid_from"] == "2025-26"
    assert kg.g.nodes["inst:most"]["props"]["jurisdiction"] == "mainland"


# --- generated files ----------------------------------------------------------------------------------------------


def test_the_schema_and_the_browser_style_are_generated_from_the_model() -> None:
    assert stale_files() == [], "run: python -m graph.model_files --write"


# --- builds and expectations -------------------------------------------------------------------------------------


def test_each_load_writes_a_build_node(corpus_store: Store) -> None:
    [build] = corpus_store.read("MATCH (b:Build) RETURN b")
    props = dict(build["b"])
    assert props["loader_version"] == LOADER_VERSION
    assert props["documents"] == 5 and len(props["corpus_digest"]) == 64
    assert props["started"] <= props["finished"]
    assert "Question=251" in props["node_counts"] and any(c.startswith("FUNDS=") for c in props["relationship_counts"])


def test_the_bundled_corpus_meets_its_expectations(corpus: CorpusBuild) -> None:
    assert [doc.expectations for doc in corpus.documents if not doc.expectations] == []
    assert corpus.shortfalls == []


def _corpus_copy(tmp_path: Path, old: str, new: str) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(BUNDLED_SOURCES, folder)
    manifest = folder / "sources.yaml"
    text = manifest.read_text(encoding="utf-8")
    assert old in text
    manifest.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


def test_an_expectation_naming_nothing_in_the_model_is_refused_at_its_line(tmp_path: Path) -> None:
    folder = _corpus_copy(tmp_path, "min: {Question: 251,", "min: {Questions: 251,")
    with pytest.raises(SourceError, match=r"sources\.yaml:\d+: expect: min: 'Questions' is no label .*did you mean "
                                          r"'Question'"):
        read_manifest(folder)


def test_a_document_below_its_expectation_fails_the_check_and_the_build(tmp_path: Path, bundled_facts: Path) -> None:
    folder = _corpus_copy(tmp_path, "min: {Question: 251,", "min: {Question: 300,")
    line = _line_of(folder, "sources.yaml", "min: {Question: 300,")
    expected = f"{folder / 'sources.yaml'}:{line}: 001_290747ba864f0a9c.txt yields 251 Question, fewer than the 300"
    warm_home(tmp_path / "home", bundled_facts)  # the same documents: their facts from the cache

    checked = run_cli("report", "--check", "--sources", str(folder), home=tmp_path / "home")
    assert checked.returncode == 1 and expected in " ".join(checked.stderr.split()), checked.stderr
    assert "NOT MET" in checked.stdout

    built = run_cli("build", "--sources", str(folder), home=tmp_path / "home")
    assert built.returncode == 1, built.stderr
    assert expected in " ".join(built.stderr.split()) and "nothing was loaded" in built.stderr
    assert "Traceback" not in built.stderr


# --- two fiscal years in one graph --------------------------------------------------------------------------------

ETWB_2003_04 = Path(__file__).parent / "fixtures" / "legco" / "en_etwb_2003_04_replies.txt"


@pytest.fixture(scope="module")
def two_years(tmp_path_factory: pytest.TempPathFactory) -> CorpusBuild:
    """The bundled 2025-26 ITIB replies (Chinese) and three real 2003-04 ETWB replies (English, older layout; see
    tests/fixtures/legco/README.md) in one corpus."""
    folder = tmp_path_factory.mktemp("two-years")
    shutil.copy(BUNDLED_SOURCES / "001_290747ba864f0a9c.txt", folder)
    shutil.copy(ETWB_2003_04, folder)
    manifest = (BUNDLED_SOURCES / "sources.yaml").read_text(encoding="utf-8")
    first_entry = manifest.split("  - file: 000_")[0]  # the header comment and the 2025-26 replies' entry
    folder.joinpath("sources.yaml").write_text(first_entry + """  - file: en_etwb_2003_04_replies.txt
    title: Replies to Finance Committee Members' initial written questions 2003-04 (ETWB, three replies)
    publisher: Legislative Council Finance Committee / Environment, Transport and Works Bureau
    published: "2003-03"
    fiscal_year: 2003-04
    language: en
    doc_type: legco_replies
    expect:
      min: {Question: 3, ASKED: 3}
      max: {Question: 3}
""", encoding="utf-8")
    return build_corpus_graph(folder)


def _figures_stated(kg: KnowledgeGraph, ids: set[str]) -> set[tuple]:
    about = {r.start: r.end for r in kg.relationships(Rel.ABOUT)}
    return {(about[n], kg.node_props(n).get("amount"), kg.node_props(n)["amount_type"]) for n in ids
            if n.startswith("figure:")}


def _ids(kg: KnowledgeGraph) -> tuple[set[str], set[str]]:
    return ({n.id for n in kg.nodes() if n.label != Label.BUILD}, {r.id for r in kg.relationships()})


def test_two_years_in_one_graph_keep_the_years_apart(two_years: CorpusBuild, corpus: CorpusBuild) -> None:
    kg = two_years.graph
    assert two_years.shortfalls == []
    questions = {n.id: n.props for n in kg.nodes(Label.QUESTION)}
    assert sum(1 for p in questions.values() if p["fiscal_year"] == "2003-04") == 3
    assert sum(1 for p in questions.values() if p["fiscal_year"] == "2025-26") == 251
    assert "question:2003-04:ETWB(W)012" in questions
    # each year's programmes are its own: head 39's (1) of 2003-04 is not merged into anything of 2025-26
    programmes = {n.id: n.props for n in kg.nodes(Label.PROGRAMME)}
    assert {p["fiscal_year"] for p in programmes.values()} == {"2003-04", "2025-26"}
    assert programmes["programme:2003-04:39:1"]["name"] == "Stormwater Drainage"
    for rel in kg.relationships(Rel.UNDER_PROGRAMME):
        assert kg.g.nodes[rel.start]["props"]["fiscal_year"] == kg.g.nodes[rel.end]["props"]["fiscal_year"]


def test_two_years_resolve_each_head_to_the_body_of_its_year(two_years: CorpusBuild) -> None:
    kg = two_years.graph
    addressed = {r.start: r.end for r in kg.relationships(Rel.ADDRESSED_TO)}
    assert addressed["question:2025-26:ITIB214"] == "dept:dpo"  # head 47 in 2025-26
    # head 39, read off the reply's own header: "Drainage Services Department" is the gazetteer's 渠務署 by its
    # English name, so the 2003-04 English reply and the 2025-26 Chinese texts name one node
    drainage = addressed["question:2003-04:ETWB(W)012"]
    assert kg.g.nodes[drainage]["props"]["name_en"] == "Drainage Services Department"
    part_of = {(r.start, r.end) for r in kg.relationships(Rel.PART_OF)}
    etwb = next(n for n in kg.nodes(Label.BUREAU) if n.props["name"] == "Environment, Transport and Works Bureau")
    assert (drainage, etwb.id) in part_of  # the bureau the 2003-04 director headed


def test_adding_a_year_changes_nothing_of_the_other(two_years: CorpusBuild, corpus: CorpusBuild) -> None:
    """Every node and relationship of the 2025-26 graph is still there, and everything added is the other year's:
    nothing merged that should not have."""
    one_nodes, one_rels = _ids(corpus.graph)
    two_nodes, two_rels = _ids(two_years.graph)
    replies_2025 = "doc:3942c1bfcb494316"
    kept = {n for n in one_nodes if replies_2025 in (corpus.graph.g.nodes[n]["props"].get("source_ids") or [])}
    # A figure merged from several statements keeps the id of the one that says most, and which one that is depends
    # on the other documents of the corpus (the press adds 「每家」 to the replies' 3,000萬元 cap; this corpus has no
    # press): figures are compared by what they state, everything else by id.
    assert {n for n in kept if not n.startswith("figure:")} <= two_nodes
    assert _figures_stated(corpus.graph, kept) <= _figures_stated(two_years.graph, two_nodes)
    restated = _figures_stated(corpus.graph, one_nodes)
    added = {n for n in two_nodes - one_nodes
             if not (n.startswith("figure:") and _figures_stated(two_years.graph, {n}) <= restated)}
    etwb_doc = next(n.id for n in two_years.graph.nodes(Label.DOCUMENT) if n.props["fiscal_year"] == "2003-04")
    for node_id in added:
        props = two_years.graph.g.nodes[node_id]["props"]
        assert node_id == etwb_doc or etwb_doc in (props.get("source_ids") or []), node_id
    questions_2025 = {r for r in one_rels if r.startswith(("ASKED:", "ADDRESSED_TO:", "UNDER_PROGRAMME:"))}
    assert questions_2025 <= two_rels


# --- the two editions of one year's replies -----------------------------------------------------------------------


def test_the_english_edition_of_a_reply_joins_its_chinese_question_and_asker(corpus: CorpusBuild) -> None:
    """No English edition of the 2025-26 replies is in reach, so this tests the joining rule on hand-made English
    records (not a document): the Chinese reply ITIB001 with English texts, and an English index row for ITIB002.
    Both legislators' English names are the ones LegCo prints (陳振英 is "CHAN Chun-ying" in the 2021-22 ITB index,
    tests/fixtures/legco/en_itb_2021_22_index_excerpt.txt)."""
    from dataclasses import replace

    from loaders.legco_records import IndexEntry, ParsedReplies
    from loaders.replies_graph import add_replies

    zh = next(iter(corpus.replies.values()))
    kg = KnowledgeGraph()
    kg.add_node(Node(Label.DOCUMENT, "doc:zh", {"name": "zh"}))
    kg.add_node(Node(Label.DOCUMENT, "doc:en", {"name": "en"}))
    add_replies(kg, zh, "doc:zh")
    legislators = {n.id for n in kg.nodes(Label.LEGISLATOR)}
    asked = len(list(kg.relationships(Rel.ASKED)))

    reply = replace(zh.by_reply_no["ITIB001"], asker="CHAN Chun-ying", question_text="(English question)",
                    answer_text="(English answer)")
    row = IndexEntry("ITIB002", zh.by_reply_no["ITIB002"].question_no, "CHAN Chun-ying", "135", (), line=1)
    add_replies(kg, ParsedReplies("en.txt", "2025-26", zh.text, [row], [reply], language="en"), "doc:en")

    question = kg.g.nodes["question:2025-26:ITIB001"]["props"]
    assert question["question_text"] == zh.by_reply_no["ITIB001"].question_text  # the Chinese text stays
    assert (question["question_text_en"], question["asker_en"]) == ("(English question)", "CHAN Chun-ying")
    assert set(question["source_ids"]) == {"doc:zh", "doc:en"}
    assert kg.g.nodes["legislator:陳振英"]["props"]["name_en"] == "CHAN Chun-ying"
    assert {n.id for n in kg.nodes(Label.LEGISLATOR)} == legislators  # no second node for the English name
    assert len(list(kg.relationships(Rel.ASKED))) == asked


# --- the whole genre in one build: the bundled corpus, real samples of another year and edition, and a PDF --------


def test_one_build_over_the_corpus_the_samples_and_a_pdf(tmp_path: Path, scratch_home: Path) -> None:
    """`innograph build --sources DIR` over the bundled corpus (2025-26, Chinese), the real 2003-04 ETWB replies
    (English text) and a PDF generated from four real 2025-26 replies (tests/fixtures/pdf/README.md): one graph,
    the years apart, the people of 2025-26 shared between the text and the PDF, the PDF's facts with their page."""
    folder = tmp_path / "corpus"
    shutil.copytree(BUNDLED_SOURCES, folder)
    pdf = Path(__file__).parent / "fixtures" / "pdf" / "zh_itib_2025_26_excerpt.pdf"
    shutil.copy(ETWB_2003_04, folder)
    shutil.copy(pdf, folder)
    with (folder / "sources.yaml").open("a", encoding="utf-8") as manifest:
        manifest.write(ETWB_2003_04_ENTRY)
        manifest.write(f"""  - file: {pdf.name}
    title: 審核2025-26年度開支預算 管制人員的答覆 (ITIB, four replies; PDF generated from the real text)
    publisher: 立法會財務委員會
    published: "2025-04"
    fiscal_year: 2025-26
    language: zh-Hant
    doc_type: legco_replies
""")
    graph = build_and_export(folder, tmp_path, home=scratch_home)
    nodes = {n["id"]: n for n in graph["nodes"]}
    documents = {n["properties"]["file_name"]: n["id"] for n in graph["nodes"] if n["labels"] == ["Document"]}

    years = [n["properties"]["fiscal_year"] for n in graph["nodes"] if n["labels"] == ["Question"]]
    assert (years.count("2003-04"), years.count("2025-26")) == (3, 251)
    # ITIB002 is in the text and in the PDF: one question, one asker, both documents its sources
    assert set(nodes["question:2025-26:ITIB002"]["properties"]["source_ids"]) >= {
        documents["001_290747ba864f0a9c.txt"], documents[pdf.name]}
    assert set(nodes["legislator:陳振英"]["properties"]["source_ids"]) >= {
        documents["001_290747ba864f0a9c.txt"], documents[pdf.name]}
    from_pdf = [r for r in graph["relationships"] if r["type"] == "FUNDS"
                and documents[pdf.name] in r["properties"].get("source_ids", [])]
    assert from_pdf and any(isinstance(r["properties"].get("page"), int) for r in from_pdf)
    assert "legislator:LEECheuk-yan" in nodes  # the 2003-04 asker, a node of his own


def test_a_reply_header_naming_another_known_body_wins_over_the_gazetteer_dates() -> None:
    """The gazetteer dates head 47 (OGCIO to 2024-25, DPO from 2025-26); a reply's header that prints the other body
    is the document's word and wins. Hand-made variations of the real reply ITIB214's header (not documents)."""
    from dataclasses import replace

    from loaders.corpus import read_text
    from loaders.legco import parse_replies
    from loaders.replies_graph import head_body_id

    reply = parse_replies(read_text(BUNDLED_SOURCES / "001_290747ba864f0a9c.txt")).by_reply_no["ITIB214"]
    government = load_gazetteer()
    assert head_body_id(reply, government) == "dept:dpo"
    as_2024 = replace(reply, fiscal_year="2024-25", head_name="政府總部：政府資訊科技總監辦公室")
    assert head_body_id(as_2024, government) == "dept:ogcio"
    assert head_body_id(replace(reply, fiscal_year="2024-25"), government) == "dept:dpo"  # it prints 數字政策辦公室
    unknown_variant = replace(reply, head_name="政府總部：數字政策辦公室(資訊科技)")
    assert head_body_id(unknown_variant, government) == "dept:dpo"  # a name it does not know: the gazetteer's body
