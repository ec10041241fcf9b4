"""The query layer: one way into the store, Cypher only in .cypher files, label lists from the model, and the API's
parameters and models declared once.

The source scans read the code as Python (ast), not as text, so a comment or docstring about Cypher does not count
and a query split over an f-string does; each scanner is first shown a planted violation, so it cannot pass by
seeing nothing.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import neo4j
import pytest

from graph import cookbook, cypher
from graph.model import ENTITY_LABELS, AmountType, Label
from graph.search import SEARCH_LABELS
from graph.store import Store, StoreError

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("graph", "api", "loaders", "innograph")
ENTITIES = [str(label) for label in ENTITY_LABELS]

# A string that starts like a Cypher statement: the clause keyword in capitals, then what follows it in a query.
CYPHER_START = re.compile(
    r"^\s*(?:OPTIONAL\s+)?MATCH\s*[(\[]|^\s*RETURN\s+\S|^\s*(?:CREATE|MERGE)\s*[(\[]|^\s*UNWIND\s+[\[$]"
    r"|^\s*(?:CREATE|DROP)\s+(?:CONSTRAINT|INDEX)\s"
    r"|^\s*SHOW\s+[A-Z]{3}|^\s*CALL\s*(?:\{|[A-Za-z_]+\.)|^\s*(?:TERMINATE|EXPLAIN)\s+\S"
)
# Where Cypher may be written in Python: functions that write Cypher files as their output, never run as such — the
# export's script, and cypher/schema.cypher generated from the model (which the build then loads by name).
CYPHER_WRITERS = {("graph/export.py", "export_cypher"), ("graph/model_files.py", "schema_cypher")}


def python_modules() -> list[Path]:
    return sorted(p for package in PACKAGES for p in (ROOT / package).rglob("*.py"))


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _text(node: ast.AST) -> str | None:
    """The string a constant or f-string spells, with `…` for what is filled in at run time."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "…" for v in node.values)
    return None


def cypher_strings(source: str, path: str) -> list[str]:
    """Every string of `source` that starts like a Cypher statement, outside docstrings and the allowed writers."""
    tree = ast.parse(source)
    docstrings = _docstrings(tree)
    allowed: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef) and (path, node.name) in CYPHER_WRITERS:
            allowed |= {id(inner) for inner in ast.walk(node)}
    inside_fstring = {id(v) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for v in node.values}
    found = []
    for node in ast.walk(tree):
        if id(node) in docstrings or id(node) in allowed or id(node) in inside_fstring:
            continue
        text = _text(node)
        if text is not None and CYPHER_START.match(text):
            found.append(f"{path}:{node.lineno}: {text[:60]!r}")
    return found


def session_calls(source: str, path: str) -> list[str]:
    """Every call of a `.session(...)` method: a driver session opened outside the store."""
    return [f"{path}:{node.lineno}" for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "session"]


# --- Cypher lives in .cypher files; sessions live in graph/store.py -----------------------------------------------


def test_the_scanners_see_what_they_look_for():
    planted = '''
"""MATCH (n) RETURN n in a docstring is prose."""
QUERY = "MATCH (n:Scheme) RETURN n"
def f(label, store):
    """A function's docstring: CREATE (n) is prose here too."""
    store.read(f"MATCH (n:{label} {{id: $id}}) RETURN n")
    store.read("  RETURN 1 AS ok")
    store.read("SHOW TRANSACTIONS YIELD transactionId")
    store.read("CALL db.labels()")
    store.write(f"CREATE INDEX {label}_name IF NOT EXISTS FOR (n:{label}) ON (n.name)")
    message = "CALL without a procedure or subquery"  # an error message, not a query
    with store.driver.session(database="neo4j") as session:
        session.run("UNWIND $rows AS row MERGE (n:X {id: row.id})")
def export_cypher(out):
    out.write(f"UNWIND [{out}] AS row MERGE (n:X)")
'''
    found = cypher_strings(planted, "graph/export.py")
    assert [line.split(": ", 1)[1] for line in found] == [
        "'MATCH (n:Scheme) RETURN n'", "'MATCH (n:… {id: $id}) RETURN n'", "'  RETURN 1 AS ok'",
        "'SHOW TRANSACTIONS YIELD transactionId'", "'CALL db.labels()'",
        "'CREATE INDEX …_name IF NOT EXISTS FOR (n:…) ON (n.name)'",
        "'UNWIND $rows AS row MERGE (n:X {id: row.id})'"]
    assert len(cypher_strings(planted, "graph/other.py")) == 8  # the export writer is allowed in export.py only
    assert session_calls(planted, "x.py") == ["x.py:12"]


def test_no_python_module_holds_a_cypher_query():
    found = [hit for path in python_modules()
             for hit in cypher_strings(path.read_text(encoding="utf-8"), path.relative_to(ROOT).as_posix())]
    assert not found, "Cypher belongs in cypher/*.cypher, loaded by name (graph/cypher.py):\n" + "\n".join(found)


def test_only_the_store_opens_driver_sessions():
    found = [hit for path in python_modules() if path != ROOT / "graph" / "store.py"
             for hit in session_calls(path.read_text(encoding="utf-8"), path.relative_to(ROOT).as_posix())]
    assert not found, "every query goes through graph.store.Store:\n" + "\n".join(found)


def test_no_cypher_file_spells_out_the_entity_labels():
    """A query about any entity takes $entity_labels; the model's entity labels are never listed by hand."""
    spelled = re.compile(r"(?:\b\w+:(?:" + "|".join(ENTITIES) + r")\s+OR\s+){2,}|(?:" + "|".join(ENTITIES) + r")\|")
    assert spelled.search("WHERE n:Bureau OR n:Department OR n:Scheme") and spelled.search("one of Bureau|Scheme")
    offenders = [str(p.relative_to(ROOT)) for p in sorted((ROOT / "cypher").rglob("*.cypher"))
                 if p.name != "schema.cypher" and spelled.search(p.read_text(encoding="utf-8"))]
    assert offenders == []


# --- the store's narrow methods -----------------------------------------------------------------------------------


def test_stream_yields_records_as_they_come_and_read_rows_keeps_driver_values(store: Store):
    records = store.stream(cypher.load("store/ping"))
    assert not isinstance(records, list) and list(records) == [{"ok": 1}]
    columns, rows = store.read_rows(cypher.render("api/neighbours_1", label=Label.SCHEME), id="scheme:none-such",
                                    type=None, limit=10)
    assert rows == [] and columns in ([], ["hops", "nodes", "rels"])  # ArcadeDB names no columns when there are no rows


def test_read_once_rolls_back_and_is_not_retried(store: Store):
    """Even where a write got through (the store's own user may write), read_once leaves nothing behind."""
    create = "CREATE (n:QueryLayerProbe {id: $id}) RETURN n.id AS id"
    assert store.read_once(create, {"id": "probe:1"}, lambda result: result.single()["id"]) == "probe:1"
    assert store.label_counts().get("QueryLayerProbe", 0) == 0
    with pytest.raises(neo4j.exceptions.Neo4jError):  # the caller gets the driver's error, to classify it
        store.read_once("RETURN nonsense(", {}, lambda result: result.single())


def test_run_command_lists_transactions(store: Store):
    running = store.run_command(cypher.load("readonly/running_transactions"))
    assert running and {"transactionId", "currentQuery"} <= set(running[0])


def test_stream_of_a_store_known_to_be_down_is_a_store_error(store: Store):
    class Down:
        def down_reason(self) -> str:
            return "the test says the store is down"

    store.watch = Down()
    with pytest.raises(StoreError, match="the test says"):
        list(store.stream(cypher.load("store/ping")))


# --- the cookbook fills in the model's parameters -------------------------------------------------------------------


def test_model_parameters_are_filled_in_and_never_taken_from_the_caller():
    q = cookbook.get("entities_two_hops_from_legislator")
    assert q.model_parameters == ("entity_labels",) and q.model_values() == {"entity_labels": ENTITIES}
    assert "entity_labels" not in [p.name for p in q.parameters]
    with pytest.raises(cookbook.ParameterError, match="filled in from the graph model"):
        q.validate({"legislator_id": "legislator:陳振英", "entity_labels": ["Question"]})
    header = """// Question: Who?
// Parameters: entity_labels (list<string>, required) — labels
// Example: {"entity_labels": ["Scheme"]}
// Returns: id
// Cookbook: yes
MATCH (n) WHERE any(l IN labels(n) WHERE l IN $entity_labels) RETURN n.id AS id
"""
    with pytest.raises(cookbook.HeaderError, match="filled in from the model"):
        cookbook.parse(header, Path("declares_a_model_parameter.cypher"))


def test_header_choices_may_name_the_models_lists():
    header = """// Question: Who?
// Parameters: label (string, default null, one of @entity_labels|Legislator) — a label
// Example: {"label": "Legislator"}
// Returns: id
// Cookbook: yes
MATCH (n) WHERE $label IS NULL OR $label IN labels(n) RETURN n.id AS id
"""
    q = cookbook.parse(header, Path("choices.cypher"))
    assert q.parameter("label").choices == (*ENTITIES, "Legislator")
    with pytest.raises(cookbook.HeaderError, match="no list '@labels' in the model"):
        cookbook.parse(header.replace("@entity_labels", "@labels"), Path("choices.cypher"))


def test_every_label_choice_of_the_cookbook_is_the_models():
    for q in cookbook.queries():
        p = q.parameter("label")
        if p is not None:
            assert set(p.choices) - {"Legislator"} == set(ENTITIES), q.name


def test_the_entity_labels_come_from_the_parameter_not_the_query(corpus_store, monkeypatch):
    """Take Institution out of the model's list: the queries that spell no label stop finding institutions."""
    def both() -> tuple[list[dict], list[dict]]:
        found = cookbook.run(corpus_store, "find_entities", {"text": "數碼港"}).records()
        hops = cookbook.run(corpus_store, "entities_two_hops_from_legislator", {"legislator_id": "legislator:陳振英"})
        return found, hops.records()

    found, hops = both()
    assert "Institution" in {r["label"] for r in found} and "Institution" in {r["label"] for r in hops}
    monkeypatch.setitem(cookbook.MODEL_PARAMETERS, "entity_labels", [e for e in ENTITIES if e != "Institution"])
    fewer_found, fewer_hops = both()
    assert fewer_found == [r for r in found if r["label"] != "Institution"] and fewer_found
    assert fewer_hops == [r for r in hops if r["label"] != "Institution"] and fewer_hops


def test_the_model_parameters_are_shown_and_refused_over_http(client):
    described = client.get("/queries/find_entities").json()
    assert described["model_parameters"] == {"entity_labels": ENTITIES}
    assert client.get("/queries/who_asked_about").json()["model_parameters"] == {}
    refused = client.post("/queries/find_entities", json={"text": "數碼港", "entity_labels": ["Question"]})
    assert refused.status_code == 422 and "filled in from the graph model" in refused.json()["detail"]


# --- the API: labels from the model, parameters and models declared once ------------------------------------------


def _parameters(spec: dict, path: str) -> dict[str, dict]:
    return {p["name"]: p for p in spec["paths"][path]["get"]["parameters"]}


def _enum(spec: dict, schema: dict) -> list[str]:
    """The enum of a parameter's schema, following $ref, anyOf (optional) and arrays."""
    for option in schema.get("anyOf", [schema]):
        if "$ref" in option:
            return _enum(spec, spec["components"]["schemas"][option["$ref"].rsplit("/", 1)[1]])
        if "items" in option:
            return _enum(spec, option["items"])
        if "enum" in option:
            return option["enum"]
    raise AssertionError(f"no enum in {schema}")


def test_openapi_offers_the_models_labels(client):
    spec = client.get("/openapi.json").json()
    assert _enum(spec, _parameters(spec, "/entities")["label"]["schema"]) == ENTITIES
    assert _enum(spec, _parameters(spec, "/search")["label"]["schema"]) == [str(label) for label in SEARCH_LABELS]
    assert _enum(spec, _parameters(spec, "/analytics/top-entities")["label"]["schema"]) == ENTITIES


def test_entities_of_a_label_from_the_model(client):
    for label in ENTITIES:
        listed = client.get("/entities", params={"label": label, "limit": 500}).json()
        assert listed["total"] == len(listed["items"]) > 0, label
    assert client.get("/entities", params={"label": "Scheme", "limit": 500}).json() == \
        client.get("/schemes", params={"limit": 500}).json()
    assert client.get("/entities", params={"label": "Question"}).status_code == 422
    assert client.get("/entities").status_code == 422  # which entities must be said


def test_shared_parameters_are_the_same_everywhere(client):
    """fiscal_year, limit and offset are declared once (api/deps.py): the same rules wherever they appear."""
    spec = client.get("/openapi.json").json()
    seen: dict[str, list[tuple[str, dict]]] = {}
    for path, operations in spec["paths"].items():
        for operation in operations.values():
            for p in operation.get("parameters", []):
                seen.setdefault(p["name"], []).append((path, p))
    years = {str(p["schema"]) for _, p in seen["fiscal_year"]}
    assert len(seen["fiscal_year"]) >= 3 and len(years) == 1
    assert seen["fiscal_year"][0][1]["schema"]["anyOf"][0]["pattern"] == r"^\d{4}-\d{2}$"
    kinds = {str(p["schema"]) for _, p in seen["amount_type"]}  # /funding and /entities/{id}/figures
    assert len(seen["amount_type"]) >= 2 and len(kinds) == 1
    assert _enum(spec, seen["amount_type"][0][1]["schema"]) == [str(kind) for kind in AmountType]
    offsets = {str(p["schema"]) for _, p in seen["offset"]}
    assert len(seen["offset"]) >= 6 and len(offsets) == 1
    for path, p in seen["limit"]:
        assert p.get("description") and p["schema"]["minimum"] == 1 and p["schema"]["maximum"] in (100, 500, 1000), path
    for bad in ("/questions?fiscal_year=2025", "/funding?fiscal_year=25-26", "/questions/ITIB001?fiscal_year=x",
                "/questions/ITIB1", "/entities/ab", "/paths?from=ab&to=inst:ugc"):
        assert client.get(bad).status_code == 422, bad


def test_every_model_is_in_api_models():
    for path in sorted((ROOT / "api" / "routers").glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        classes = [node.name for node in ast.walk(tree) if isinstance(node, ast.ClassDef)]
        assert classes == [], f"{path.name} defines {classes}: models belong in api/models.py"


def test_the_openapi_examples_of_post_cypher_run(client):
    spec = client.get("/openapi.json").json()
    examples = spec["paths"]["/cypher"]["post"]["requestBody"]["content"]["application/json"]["examples"]
    assert len(examples) == 4
    for name, example in examples.items():
        answer = client.post("/cypher", json=example["value"])
        assert answer.status_code == 200 and answer.json()["rows"], (name, answer.text[:300])
