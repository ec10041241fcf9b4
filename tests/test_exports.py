"""`innograph export json|graphml|gexf|csv|cypher`: every format written by the CLI from the corpus store, read back
(networkx, the csv module, or loaded into a fresh embedded store) and compared with what the store holds — every
node and relationship with every property, plus named samples a reader can check by eye.

The fresh store is one embedded server for this module, started in a home of its own and stopped at the end
(a start costs seconds and a new JVM's first writes tens of seconds); it is emptied, and checked empty, before
each load.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from graph import cypher, embedded
from graph.export import (
    MONEY_RECORD,
    export_csv,
    export_cypher,
    export_gexf,
    export_graphml,
    export_json,
    script_statements,
)
from graph.model import Label, Rel
from graph.store import Store, settings_for_server
from graph.writer import apply_schema
from tests.conftest import run_cli

# A graph as plain data: nodes {id: (labels, properties)}, relationships {relationship id: (type, start, end, props)}.
Graph = tuple[dict[str, tuple[tuple[str, ...], dict]], dict[str, tuple[str, str, str, dict]]]

TARGETS = {"json": "graph.json", "graphml": "graph.graphml", "gexf": "graph.gexf", "cypher": "graph.cypher",
           "csv": "csv"}


# --- fixtures -----------------------------------------------------------------------------------------------------


def snapshot(store: Store) -> Graph:
    """What the store holds, read with Cypher of its own (not the export's queries)."""
    nodes = {
        r["id"]: (tuple(sorted(r["labels"])), r["props"])
        for r in store.read("MATCH (n) RETURN n.id AS id, labels(n) AS labels, properties(n) AS props")
    }
    rels = {
        r["props"]["id"]: (r["type"], r["start"], r["end"], r["props"])
        for r in store.read(
            "MATCH (a)-[r]->(b) RETURN type(r) AS type, a.id AS start, b.id AS end, properties(r) AS props"
        )
    }
    return nodes, rels


@pytest.fixture(scope="module")
def original(corpus_store: Store) -> Graph:
    nodes, rels = snapshot(corpus_store)
    # Ids are unique: the dicts lost nothing.
    assert len(nodes) == sum(corpus_store.label_counts().values())
    assert len(rels) == sum(corpus_store.relationship_counts().values())
    return nodes, rels


@pytest.fixture(scope="module")
def exported(corpus_home: Path, corpus_store: Store, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """All five exports, each by `innograph export FORMAT PATH` as a user runs it (the five at once)."""
    folder = tmp_path_factory.mktemp("exports")

    def export(fmt: str) -> tuple[str, subprocess.CompletedProcess[str]]:
        return fmt, run_cli("export", fmt, str(folder / TARGETS[fmt]), home=corpus_home)

    nodes, rels = sum(corpus_store.label_counts().values()), sum(corpus_store.relationship_counts().values())
    with ThreadPoolExecutor(len(TARGETS)) as pool:
        for fmt, result in pool.map(export, TARGETS):
            assert result.returncode == 0, f"export {fmt}: {result.stderr}"
            said = " ".join(result.stderr.split())
            assert f"exported {nodes} nodes and {rels} relationships to" in said, said
    return {fmt: folder / name for fmt, name in TARGETS.items()}


@pytest.fixture(scope="module")
def fresh(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    home = tmp_path_factory.mktemp("fresh-home")
    info = embedded.start(home)
    try:
        with Store.connect(settings_for_server(info)) as store:
            yield store
    finally:
        embedded.stop(home)


def emptied(store: Store) -> Store:
    store.write("MATCH (n) DETACH DELETE n")
    assert store.label_counts() == {} and store.relationship_counts() == {}
    return store


# --- comparing ----------------------------------------------------------------------------------------------------


def assert_same_graph(got: Graph, want: Graph) -> None:
    """Equal node for node and relationship for relationship; a failure names the first differences."""
    for kind, g, w in (("node", got[0], want[0]), ("relationship", got[1], want[1])):
        assert len(g) == len(w), f"{len(g)} {kind}s, the store has {len(w)}"
        missing = sorted(set(w) - set(g))[:3]
        assert not missing, f"{kind}s missing: {missing}"
        differ = [(k, g[k], w[k]) for k in sorted(w) if g[k] != w[k]][:2]
        assert not differ, f"{kind}s differ (got, want): {differ}"


def assert_samples(graph: Graph) -> None:
    """Named facts, so that a reader sees what survived: asker, English name, money, Chinese text with newlines."""
    nodes, rels = graph
    assert nodes["question:2025-26:ITIB001"][1]["asker"] == "陳振英"
    assert nodes["dept:itc"][0] == ("Department",)
    assert nodes["dept:itc"][1]["name_en"] == "Innovation and Technology Commission"
    assert nodes["dept:itc"][1]["aliases"] == ["創科署"]
    answer = nodes["question:2025-26:ITIB001"][1]["answer_text"]
    assert answer.startswith("就問題各部分的綜合答覆如下：\n「傑出創科學人計劃」(「計劃」)支持")
    assert nodes["programme:2025-26:155:2"][1]["label"] == "(2) 推動科技創業活動"
    assert type(nodes["question:2025-26:ITIB001"][1]["char_start"]) is int
    assert nodes["question:2025-26:ITIB001"][1]["reply_no_printed"] in (True, False)
    gsps = [p for t, s, e, p in rels.values() if (t, s, e) == ("FUNDS", "bureau:itib", "scheme:gsps")]
    assert 2_000_000_000 in [p["amount_hkd"] for p in gsps]  # a flow: a FUNDS edge holds the value
    # a figure about one thing: a Figure node holds the value, one ABOUT from the scheme (ITIB032: 「最多4,500萬元」)
    about_nifs = {s for t, s, e, _ in rels.values() if (t, e) == ("ABOUT", "scheme:nifs")}
    caps = [nodes[f][1] for f in about_nifs if nodes[f][1].get("reply_no") == "ITIB032"]
    assert [(p["amount_hkd"], p["amount_type"]) for p in caps] == [(45_000_000, "cap")]
    assert type(caps[0]["amount_hkd"]) is int and nodes[next(iter(about_nifs))][0] == ("Figure",)
    # ITIB032 states the cap twice (「合計最多共4,500萬元的資助」, then 「最多4,500萬元資助」): one fact, two quotes
    assert caps[0]["quote"] in caps[0]["quotes"] and len(caps[0]["quotes"]) == 2
    assert all("4,500萬元" in quote for quote in caps[0]["quotes"])
    assert caps[0]["amount_type"] and caps[0]["currency"] == "HKD"
    asked = [p for t, s, e, p in rels.values() if t == "ASKED" and e == "question:2025-26:ITIB001"]
    assert len(asked) == 1 and asked[0]["char_start"] < asked[0]["char_end"]


def test_samples_hold_in_the_store(original):
    assert_samples(original)


# --- JSON ---------------------------------------------------------------------------------------------------------


def read_json(path: Path) -> Graph:
    """The graph of a JSON export; a null is a money field the store does not hold (it keeps no nulls)."""
    data = json.loads(path.read_text(encoding="utf-8"))

    def stored(props: dict) -> dict:
        return {k: v for k, v in props.items() if v is not None}

    nodes = {n["id"]: (tuple(n["labels"]), stored(n["properties"])) for n in data["nodes"]}
    rels = {r["properties"]["id"]: (r["type"], r["start"], r["end"], stored(r["properties"]))
            for r in data["relationships"]}
    return nodes, rels


def test_json_export_gives_every_money_fact_the_same_keys(exported):
    """The issue's promise: on the element that holds the value, amount_hkd, amount_type, fiscal_year and the
    provenance, null when unknown — a FUNDS edge and a Figure node alike."""
    data = json.loads(exported["json"].read_text(encoding="utf-8"))
    flows = [r["properties"] for r in data["relationships"] if r["type"] == "FUNDS"]
    figures = [n["properties"] for n in data["nodes"] if n["labels"] == ["Figure"]]
    assert flows and figures
    for props in flows + figures:
        assert set(MONEY_RECORD) <= set(props), props["id"]
        assert props["amount_type"] and props["quote"] and props["source_id"]
        if props["amount"] is not None and props["currency"] == "HKD":
            assert props["amount_hkd"] == props["amount"]
    undated = next(p for p in figures if p["fiscal_year"] is None)
    assert "fiscal_year" in undated  # there, as null: not left out
    listed = next(p for p in flows if p["amount"] is None)  # a listed recipient: the edge, no amount
    assert listed["amount_hkd"] is None and listed["amount_type"]
    ordinary = next(r for r in data["relationships"] if r["type"] == "ASKED")
    assert "amount_hkd" not in ordinary["properties"]  # only money elements get the money keys


def test_json_export_is_the_store(exported, original):
    graph = read_json(exported["json"])
    assert_same_graph(graph, original)
    assert_samples(graph)


def load_into(store: Store, graph: Graph) -> None:
    """Load a graph with the project's own batched UNWIND … MERGE templates (cypher/write/), schema first."""
    nodes, rels = graph
    apply_schema(store)
    by_label: dict[str, list[dict]] = defaultdict(list)
    for node_id, (labels, props) in nodes.items():
        (label,) = labels
        by_label[label].append({"id": node_id, "props": props})
    for label, rows in by_label.items():
        store.write_batches(cypher.render("write/merge_nodes", label=Label(label)), rows)
    by_ends: dict[tuple[str, str, str], list[dict]] = defaultdict(list)
    for rel_id, (rel_type, start, end, props) in rels.items():
        by_ends[rel_type, nodes[start][0][0], nodes[end][0][0]].append(
            {"id": rel_id, "start": start, "end": end, "props": props}
        )
    for (rel_type, start_label, end_label), rows in sorted(by_ends.items()):
        query = cypher.render(
            "write/merge_relationships", type=Rel(rel_type), start_label=Label(start_label), end_label=Label(end_label)
        )
        store.write_batches(query, rows)


def test_json_export_loads_into_a_fresh_store(exported, original, fresh):
    load_into(emptied(fresh), read_json(exported["json"]))
    assert_same_graph(snapshot(fresh), original)
    assert_samples(snapshot(fresh))


# --- GraphML and GEXF ---------------------------------------------------------------------------------------------


def from_networkx(g: nx.MultiDiGraph, original: Graph, display_label: bool) -> Graph:
    """Undo the documented encoding: `labels` joined by ':', `type`, lists as JSON strings, edge id = key; GEXF
    also gives every element a display `label` (a node's name, or its own `label` property; an edge's type)."""
    list_keys = {k for _, p in original[0].values() for k, v in p.items() if isinstance(v, list)}
    list_keys |= {k for *_, p in original[1].values() for k, v in p.items() if isinstance(v, list)}

    def decode(data: dict) -> dict:
        return {k: json.loads(v) if k in list_keys else v for k, v in data.items()}

    nodes = {}
    for node_id, data in g.nodes(data=True):
        data = dict(data)
        labels = tuple(data.pop("labels").split(":"))
        if display_label:
            shown = data.pop("label")
            props = original[0][node_id][1]
            assert shown == props.get("label", props["name"]), node_id
            if "label" in props:
                data["label"] = shown
        nodes[node_id] = (labels, {"id": node_id, **decode(data)})
    rels = {}
    for start, end, key, data in g.edges(keys=True, data=True):
        data = dict(data)
        rel_type = data.pop("type")
        if display_label:
            assert data.pop("label") == rel_type
            assert data.pop("id") == key
        rels[key] = (rel_type, start, end, {"id": key, **decode(data)})
    return nodes, rels


def test_graphml_reads_back_with_networkx(exported, original):
    g = nx.read_graphml(exported["graphml"])
    assert isinstance(g, nx.MultiDiGraph)  # parallel FUNDS facts between the same two nodes stay apart
    assert (g.number_of_nodes(), g.number_of_edges()) == (len(original[0]), len(original[1]))
    assert g.nodes["dept:itc"]["labels"] == "Department"
    assert json.loads(g.nodes["dept:itc"]["aliases"]) == ["創科署"]
    assert type(g.nodes["question:2025-26:ITIB001"]["char_start"]) is int
    assert type(g.nodes["question:2025-26:ITIB001"]["reply_no_printed"]) is bool
    graph = from_networkx(g, original, display_label=False)
    assert_same_graph(graph, original)
    assert_samples(graph)
    head = exported["graphml"].read_text(encoding="utf-8")[:20000]
    assert '<key id="n0" for="node" attr.name="labels" attr.type="string"/>' in head
    assert 'attr.name="char_start" attr.type="long"' in head and 'attr.name="aliases" attr.type="string"' in head
    assert 'attr.name="type" attr.type="string"' in head and 'attr.name="amount_hkd" attr.type="long"' in head


def test_gexf_reads_back_with_networkx(exported, original):
    g = nx.read_gexf(exported["gexf"])
    assert isinstance(g, nx.MultiDiGraph)
    assert (g.number_of_nodes(), g.number_of_edges()) == (len(original[0]), len(original[1]))
    assert g.nodes["dept:itc"]["label"] == "創新科技署"  # what Gephi shows
    assert g.nodes["programme:2025-26:155:2"]["label"] == "(2) 推動科技創業活動"
    graph = from_networkx(g, original, display_label=True)
    assert_same_graph(graph, original)
    assert_samples(graph)
    head = exported["gexf"].read_text(encoding="utf-8")[:6000]
    assert '<gexf xmlns="http://www.gexf.net/1.2draft"' in head and 'defaultedgetype="directed"' in head
    assert 'title="char_start" type="long"' in head and 'title="reply_no_printed" type="boolean"' in head


# --- CSV for neo4j-admin ------------------------------------------------------------------------------------------


def convert(text: str, kind: str) -> Any:
    if kind in ("int", "long"):
        return int(text)
    if kind in ("double", "float"):
        return float(text)
    if kind == "boolean":
        assert text in ("true", "false"), text
        return text == "true"
    return text


def header_field(field: str) -> tuple[str, str]:
    """`id:ID` -> (id, ID); `:LABEL` -> ("", LABEL); `aliases:string[]` -> (aliases, string[]); `name` -> string."""
    name, colon, kind = field.partition(":")
    return name, kind if colon else "string"


def read_neo4j_admin_csv(folder: Path, delimiter: str = ";") -> tuple[Graph, dict[str, list[str]]]:
    """Parse the CSVs as neo4j-admin does: typed header fields, arrays split on the array delimiter, an empty
    field is no property. Returns the graph and each file's header."""
    nodes, rels, headers = {}, {}, {}
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.reader(f)
            header = next(reader)
            headers[path.name] = header
            fields = [header_field(h) for h in header]
            for row in reader:
                assert len(row) == len(header), (path.name, row[:3])
                record, props = {}, {}
                for (name, kind), text in zip(fields, row, strict=True):
                    if not name or kind == "ID":  # :LABEL, :START_ID, :END_ID, :TYPE; id:ID is also a property
                        record[kind] = text
                        if name:
                            props[name] = text
                    elif text != "":
                        if kind.endswith("[]"):
                            props[name] = [convert(item, kind[:-2]) for item in text.split(delimiter)]
                        else:
                            props[name] = convert(text, kind)
                if "ID" in record:
                    nodes[record["ID"]] = (tuple(record["LABEL"].split(delimiter)), props)
                else:
                    rels[props["id"]] = (record["TYPE"], record["START_ID"], record["END_ID"], props)
    return (nodes, rels), headers


def test_csv_follows_neo4j_admin_conventions(exported, original):
    folder = exported["csv"]
    graph, headers = read_neo4j_admin_csv(folder)
    labels = sorted({lbl for labels, _ in original[0].values() for lbl in labels})
    types = sorted({t for t, *_ in original[1].values()})
    assert sorted(headers) == sorted([f"nodes_{x}.csv" for x in labels] + [f"relationships_{t}.csv" for t in types])
    for name, header in headers.items():
        if name.startswith("nodes_"):
            assert header[0] == "id:ID" and header[-1] == ":LABEL", name
            assert header[1] == "name", name
        else:
            assert header[:4] == [":START_ID", ":END_ID", ":TYPE", "id"], name
    question = headers["nodes_Question.csv"]
    assert {"char_start:int", "char_end:int", "reply_no_printed:boolean", "subheads:string[]",
            "source_ids:string[]", "answer_text", "asker"} <= set(question)
    assert "aliases:string[]" in headers["nodes_Department.csv"]
    assert {"amount_hkd:long", "quotes:string[]", "approx:boolean"} <= set(headers["relationships_FUNDS.csv"])
    assert "count:int" in headers["relationships_MENTIONS.csv"]
    # Every text field is quoted, so commas, quotes and newlines in Chinese text stay inside their field.
    raw = (folder / "nodes_Question.csv").read_text(encoding="utf-8")
    assert raw.count("\n") > len(original[0]) and '"question:2025-26:ITIB001","ITIB001","就問題' in raw
    assert_same_graph(graph, original)
    assert_samples(graph)


def test_csv_import_script_is_the_neo4j5_command(exported, tmp_path):
    folder = exported["csv"]
    script = folder / "import.sh"
    assert script.stat().st_mode & 0o111
    assert subprocess.run(["sh", "-n", str(script)]).returncode == 0
    # Run it with a stand-in for neo4j-admin that prints its arguments: the exact command line neo4j-admin gets.
    fake = tmp_path / "neo4j-admin"
    fake.write_text('#!/bin/sh\nfor a in "$@"; do printf "%s\\n" "$a"; done\n')
    fake.chmod(0o755)
    result = subprocess.run([str(script), "innograph", "--overwrite-destination=true"], capture_output=True,
                            text=True, env={"PATH": "/usr/bin:/bin", "NEO4J_ADMIN": str(fake)})
    assert result.returncode == 0, result.stderr
    args = result.stdout.splitlines()
    assert args[:4] == ["database", "import", "full", "innograph"]
    node_files = sorted(p.name for p in folder.glob("nodes_*.csv"))
    rel_files = sorted(p.name for p in folder.glob("relationships_*.csv"))
    assert sorted(a for a in args if a.startswith("--nodes=")) == [
        f"--nodes={f.removeprefix('nodes_').removesuffix('.csv')}={f}" for f in node_files
    ]
    assert sorted(a for a in args if a.startswith("--relationships=")) == [
        f"--relationships={f.removeprefix('relationships_').removesuffix('.csv')}={f}" for f in rel_files
    ]
    assert args[-3:] == ["--array-delimiter=;", "--multiline-fields=true", "--overwrite-destination=true"]
    assert (folder / "schema.cypher").read_text(encoding="utf-8") == cypher.load("schema")
    assert "neo4j-admin database import full" in (folder / "README.md").read_text(encoding="utf-8")


def test_csv_rows_load_into_a_fresh_store(exported, original, fresh):
    graph, _ = read_neo4j_admin_csv(exported["csv"])
    load_into(emptied(fresh), graph)
    assert_same_graph(snapshot(fresh), original)


# --- Cypher script ------------------------------------------------------------------------------------------------


def test_cypher_script_rebuilds_the_graph_in_a_fresh_store(exported, original, fresh):
    text = exported["cypher"].read_text(encoding="utf-8")
    statements = script_statements(text)
    # One statement per line, each ending in ';'; no other ';' anywhere (inside strings it is \u003B).
    code = [line for line in text.splitlines() if line.strip() and not line.startswith("//")]
    assert all(line.endswith(";") for line in code) and text.count(";") == len(code) == len(statements)
    schema = cypher.statements("schema")
    assert statements[: len(schema)] == [" ".join(s.split()) for s in schema]
    assert statements[len(schema)].startswith("UNWIND [{id: ") and " MERGE (n:" in statements[len(schema)]
    assert all(" SET n += row.props" in s or " SET r += row.props" in s for s in statements[len(schema):])
    store = emptied(fresh)
    for statement in statements:
        store.write(statement)
    got = snapshot(store)
    assert_same_graph(got, original)
    assert_samples(got)
    for statement in statements[len(schema):][:3]:  # MERGE on ids: running it again changes nothing
        store.write(statement)
    assert store.label_counts() == _counts(original[0])
    assert store.relationship_counts() == _rel_counts(original[1])


def _counts(nodes) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for labels, _ in nodes.values():
        for label in labels:
            counts[label] += 1
    return dict(counts)


def _rel_counts(rels) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for rel_type, *_ in rels.values():
        counts[rel_type] += 1
    return dict(counts)


# --- awkward values, through every format -------------------------------------------------------------------------

TRICKY = 'quote " apostrophe \' backslash \\ semicolon ; comma , tab \t CR \r LF \n「引號」，；😀 \u2028 \\u003B end'
TRICKY_NODES = {
    "scheme:tricky": (("Scheme",), {
        "id": "scheme:tricky", "name": TRICKY, "aliases": ["a;b", "c|d", 'e"f', "g\nh", "中，文"],
        "big": 52_000_000_000, "neg": -7, "ratio": 0.125, "flag": True, "empty": "",
    }),
    "inst:plain": (("Institution",), {"id": "inst:plain", "name": "普通", "kind": "university"}),
}
TRICKY_RELS = {
    "FUNDS:scheme:tricky->inst:plain:1": ("FUNDS", "scheme:tricky", "inst:plain", {
        "id": "FUNDS:scheme:tricky->inst:plain:1", "amount_hkd": 52_000_000_000, "quote": TRICKY,
        "quotes": [TRICKY, "二"], "approx": False,
    }),
    "FUNDS:scheme:tricky->inst:plain:2": ("FUNDS", "scheme:tricky", "inst:plain", {
        "id": "FUNDS:scheme:tricky->inst:plain:2", "amount_hkd": 1,
    }),
}


def test_awkward_values_survive_every_format(fresh, tmp_path):
    tricky: Graph = (TRICKY_NODES, TRICKY_RELS)
    store = emptied(fresh)
    load_into(store, tricky)
    assert_same_graph(snapshot(store), tricky)

    out = io.StringIO()
    export_json(store, out)
    json_path = tmp_path / "t.json"
    json_path.write_text(out.getvalue(), encoding="utf-8")
    assert_same_graph(read_json(json_path), tricky)

    for write, read, display in ((export_graphml, nx.read_graphml, False), (export_gexf, nx.read_gexf, True)):
        path = tmp_path / f"t.{write.__name__}"
        with path.open("w", encoding="utf-8", newline="\n") as f:
            write(store, f)
        assert_same_graph(from_networkx(read(path), tricky, display_label=display), tricky)

    result = export_csv(store, tmp_path / "csv")
    assert result.array_delimiter == "^"  # ';' and '|' occur inside list elements: the first free one is taken
    assert '--array-delimiter="^"' in (tmp_path / "csv" / "import.sh").read_text(encoding="utf-8")
    graph, headers = read_neo4j_admin_csv(tmp_path / "csv", delimiter="^")
    assert {"big:long", "neg:int", "ratio:double", "flag:boolean", "aliases:string[]"} <= set(
        headers["nodes_Scheme.csv"]
    )
    assert ',"",' in (tmp_path / "csv" / "nodes_Scheme.csv").read_text(encoding="utf-8")  # "" is an empty string
    graph[0]["scheme:tricky"][1]["empty"] = ""  # (the csv module cannot tell "" from a missing field)
    assert_same_graph(graph, tricky)

    script = io.StringIO()
    export_cypher(store, script, batch_rows=1)
    statements = script_statements(script.getvalue())
    assert TRICKY not in script.getvalue() and "\\u003B" in script.getvalue()
    store = emptied(fresh)
    for statement in statements:
        store.write(statement)
    assert_same_graph(snapshot(store), tricky)
