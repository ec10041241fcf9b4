"""The model as data (data/model.yaml): the registry it loads into, and the graph refusing what it does not allow."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from graph.kg import GraphIntegrityError, KnowledgeGraph, Node, Relationship
from graph.model import (
    ENTITY_LABELS,
    MODEL,
    MODEL_FILE,
    AmountType,
    Label,
    ModelError,
    Rel,
    entity_id,
    label_of_id,
    load_model,
)

PROVENANCE = {"source_id": "doc:0123456789abcdef", "reply_no": "ITIB007", "char_start": 10, "char_end": 42,
              "quote": "…", "method": "test"}


def small_graph() -> KnowledgeGraph:
    kg = KnowledgeGraph()
    kg.add_node(Node(Label.BUREAU, "bureau:itib", {"name": "創新科技及工業局"}))
    kg.add_node(Node(Label.SCHEME, "scheme:gsps", {"name": "大學科技初創企業資助計劃"}))
    kg.add_node(Node(Label.LEGISLATOR, "legislator:陳振英", {"name": "陳振英"}))
    return kg


@pytest.fixture(scope="module")
def corpus_graph(corpus_build) -> KnowledgeGraph:
    return corpus_build.graph


def test_the_enums_and_ids_come_from_the_model() -> None:
    assert [str(label) for label in Label] == list(MODEL.labels)
    assert [str(rel) for rel in Rel] == list(MODEL.relationships)
    assert "cap" in {str(a) for a in AmountType} and AmountType.ALLOCATION == "allocation"
    assert {str(label) for label in ENTITY_LABELS} == {"Bureau", "Department", "Scheme", "Institution", "Company"}
    for label in Label:
        node_id = f"{MODEL.labels[label].id_prefix}:x"
        assert label_of_id(node_id) == label
    assert entity_id(Label.DEPARTMENT, "i t c") == "dept:itc"


def test_every_node_and_relationship_of_the_corpus_is_what_the_model_allows(corpus_graph: KnowledgeGraph) -> None:
    """Analytics properties are set after the facts were added: the whole built graph is checked again here."""
    problems = [(n.id, p) for n in corpus_graph.nodes() for p in MODEL.node_problems(n.label, n.props)]
    problems += [(r.id, p) for r in corpus_graph.relationships()
                 for p in MODEL.relationship_problems(r.type, corpus_graph.label_of(r.start),
                                                      corpus_graph.label_of(r.end), r.props)]
    assert problems == []


def test_an_unknown_property_is_refused_naming_where_the_fact_comes_from() -> None:
    kg = small_graph()
    with pytest.raises(GraphIntegrityError, match=r"^FUNDS:x \(doc:0123456789abcdef, reply ITIB007, characters "
                                                  r"10-42\): a FUNDS relationship has no property 'part_of' "
                                                  r"\(data/model.yaml\)$"):
        kg.add_relationship(Relationship(Rel.FUNDS, "bureau:itib", "scheme:gsps", "FUNDS:x",
                                         {"amount": 1, "part_of": "scheme:gsps", **PROVENANCE}))
    with pytest.raises(GraphIntegrityError, match=r"^scheme:x: a Scheme has no property 'part_of'"):
        kg.add_node(Node(Label.SCHEME, "scheme:x", {"name": "x", "part_of": "scheme:gsps"}))


def test_sources_accumulate_as_sorted_lists_without_touching_what_was_given() -> None:
    """A fact stated again adds its sources in order, once each (graph/kg.py keeps the lists sorted without sorting
    them again); the lists a caller passed are never changed in place."""
    kg = small_graph()
    given = {**PROVENANCE, "amount": 1, "amount_type": "allocation", "source_ids": ["doc:b", "doc:b"],
             "reply_nos": ["ITIB009", "ITIB001"], "quotes": ["q"]}
    kg.add_relationship(Relationship(Rel.FUNDS, "bureau:itib", "scheme:gsps", "FUNDS:x", given))
    for reply_nos in (["ITIB005"], ["ITIB001"], ["ITIB010", "ITIB000", "ITIB005"]):
        kg.add_relationship(Relationship(Rel.FUNDS, "bureau:itib", "scheme:gsps", "FUNDS:x",
                                         {**given, "source_ids": ["doc:a"], "reply_nos": reply_nos}))
    props = kg.g.edges["bureau:itib", "scheme:gsps", "FUNDS:x"]["props"]
    assert props["source_ids"] == ["doc:a", "doc:b"]
    assert props["reply_nos"] == ["ITIB000", "ITIB001", "ITIB005", "ITIB009", "ITIB010"]
    assert given["source_ids"] == ["doc:b", "doc:b"] and given["reply_nos"] == ["ITIB009", "ITIB001"]
    for doc in ("doc:b", "doc:a", "doc:c", "doc:a"):
        kg.add_node(Node(Label.SCHEME, "scheme:gsps", {"name": "GSP", "source_ids": [doc]}))
    node = kg.node_props("scheme:gsps")
    assert node["source_ids"] == ["doc:a", "doc:b", "doc:c"] and node["aliases"] == ["GSP"]


def test_a_relationship_between_labels_the_model_does_not_join_is_refused() -> None:
    kg = small_graph()
    funds = {"amount": 100, "currency": "HKD", "amount_type": "allocation", **PROVENANCE}
    with pytest.raises(GraphIntegrityError, match="FUNDS may join Bureau/Department/Institution/Scheme to "
                                                  "Company/Department/Institution/Scheme, not Scheme to Bureau"):
        kg.add_relationship(Relationship(Rel.FUNDS, "scheme:gsps", "bureau:itib", "FUNDS:x", funds))
    kg.add_relationship(Relationship(Rel.FUNDS, "bureau:itib", "scheme:gsps", "FUNDS:y", funds))  # allowed


@pytest.mark.parametrize(("props", "message"), [
    ({"amount": "100"}, "amount must be amount, not str '100'"),
    ({"amount": True}, "amount must be amount, not bool"),
    ({"amount_type": "grant"}, "amount_type must be one of allocation, estimate"),
    ({"fiscal_year": "2025"}, "fiscal_year must be fiscal_year, not str '2025'"),
    ({"quotes": "one quote"}, "quotes must be text_list"),
])
def test_a_value_of_the_wrong_type_is_refused(props: dict, message: str) -> None:
    kg = small_graph()
    with pytest.raises(GraphIntegrityError, match=message):
        kg.add_relationship(Relationship(Rel.FUNDS, "bureau:itib", "scheme:gsps", "FUNDS:x", {**PROVENANCE, **props}))


def test_a_node_without_a_key_is_refused() -> None:
    with pytest.raises(GraphIntegrityError, match="a Scheme node without an id"):
        small_graph().add_node(Node(Label.SCHEME, "", {"name": "x"}))


def _write_model(tmp_path: Path, change) -> Path:
    data = yaml.safe_load(MODEL_FILE.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "model.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize(("change", "message"), [
    (lambda d: d["labels"]["Scheme"].update(colour_dark="#000"), "label Scheme: unknown key 'colour_dark'"),
    (lambda d: d["labels"]["Scheme"]["properties"].append("part_of"), "label Scheme: no property 'part_of'"),
    (lambda d: d["labels"]["Scheme"]["properties"].append("+cash"), "label Scheme: no group 'cash'"),
    (lambda d: d["relationships"]["FUNDS"]["to"].append("Person"), "relationship FUNDS: no label 'Person'"),
    (lambda d: d["properties"]["amount"].update(type="money"), "property amount: type must be one of"),
    (lambda d: d["properties"]["part"].pop("values"), "property part: an enum, and only an enum, lists its values"),
    (lambda d: d.pop("groups"), "needs exactly the sections"),
    (lambda d: d["labels"]["Programme"]["properties"].remove("fiscal_year"),
     "label Programme: a yearly label needs the property fiscal_year"),
    (lambda d: d["labels"]["Scheme"]["browser"].update(caption="title"),
     "label Scheme: browser caption 'title' is not one of its properties"),
    (lambda d: d["relationships"]["FUNDS"]["browser"].pop("width"), "relationship FUNDS: browser: missing 'width'"),
    (lambda d: d["gazetteer_edges"].update(funded_by="PAID_BY"), "gazetteer_edges: funded_by: no relationship"),
])
def test_the_model_file_is_read_strictly(tmp_path: Path, change, message: str) -> None:
    with pytest.raises(ModelError, match=message):
        load_model(_write_model(tmp_path, change))


def test_the_model_file_round_trips(tmp_path: Path) -> None:
    assert load_model(_write_model(tmp_path, lambda d: None)) == MODEL


def test_the_api_serves_the_model(api_url: str) -> None:
    import httpx

    body = httpx.get(f"{api_url}/model", timeout=30).json()
    labels = {label["name"]: label for label in body["labels"]}
    assert labels["Scheme"]["zh"] == "計劃" and labels["Scheme"]["id_prefix"] == "scheme" and labels["Scheme"]["entity"]
    funds = next(rel for rel in body["relationships"] if rel["name"] == "FUNDS")
    assert funds["start"] == ["Bureau", "Department", "Institution", "Scheme"] and "amount_hkd" in funds["properties"]
    amount_type = next(p for p in body["properties"] if p["name"] == "amount_type")
    assert amount_type["type"] == "enum" and "revised_estimate" in amount_type["values"]
    stats = httpx.get(f"{api_url}/stats", timeout=30).json()
    assert set(stats["nodes"]) <= set(labels)
    assert set(stats["relationships"]) <= {rel["name"] for rel in body["relationships"]}


# --- loader_version: which loaders wrote a fact ---------------------------------------------------------------------


def test_every_fact_says_which_loaders_wrote_it(corpus_graph: KnowledgeGraph) -> None:
    from loaders.version import LOADER_VERSION

    versions = {r.props.get("loader_version") for r in corpus_graph.relationships()
                if "loader_version" in MODEL.relationships[r.type].properties}
    assert versions == {LOADER_VERSION} and LOADER_VERSION.split("+")[1] != ""


def test_the_loader_version_follows_the_code_and_rule_files_but_not_line_ends(tmp_path: Path) -> None:
    import shutil

    from loaders.version import loader_files, loader_version

    # Laid out as an installed wheel lays them out: the code in one folder, the data in another.
    code, data = tmp_path / "site-packages", tmp_path / "site-packages" / "innograph_resources"
    for name, path in loader_files().items():
        copy = (code if name.endswith(".py") else data) / name
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, copy)
    assert loader_version(code, data) == loader_version()
    rules = data / "data" / "rules" / "funding.yaml"
    rules.write_bytes(rules.read_bytes().replace(b"\n", b"\r\n"))  # a Windows checkout
    assert loader_version(code, data) == loader_version()
    rules.write_bytes(rules.read_bytes() + b"\n# one more rule\n")
    assert loader_version(code, data) != loader_version()
