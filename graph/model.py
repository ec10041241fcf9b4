"""The vocabulary of the graph, declared once in data/model.yaml and loaded here into a typed registry.

Every label, relationship type, property and id prefix that researchers type into Cypher or services read from the
API comes from that file: `Label`, `Rel` and `AmountType` are built from it, and so are the entity labels, the id
prefixes and the properties that accumulate across sources. The in-memory graph asks `MODEL` what a node or a
relationship may carry (graph/kg.py). Cypher templates receive labels and relationship types only from these enums
(an allow-list), never from user input.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml

from graph import yaml_text
from graph.resources import DATA_DIR

MODEL_FILE = DATA_DIR / "model.yaml"


class ModelError(ValueError):
    """data/model.yaml is not a valid model, or a fact breaks it. The message is one line."""


# --- the registry -------------------------------------------------------------------------------------------------

_FISCAL_YEAR = re.compile(r"^\d{4}-\d{2}$")
# What a value of each property type must be, in Python, before it is written.
_TYPE_CHECKS: dict[str, Any] = {
    "text": lambda v: isinstance(v, str),
    "id": lambda v: isinstance(v, str) and bool(v),
    "date": lambda v: isinstance(v, str),
    "fiscal_year": lambda v: isinstance(v, str) and bool(_FISCAL_YEAR.match(v)),
    "int": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "amount": lambda v: isinstance(v, int) and not isinstance(v, bool),
    "float": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
    "bool": lambda v: isinstance(v, bool),
    "text_list": lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
    "enum": lambda v: isinstance(v, str),
}


@dataclass(frozen=True)
class PropertySpec:
    name: str
    type: str
    description: str
    accumulates: bool = False
    values: tuple[str, ...] = ()  # for enums
    indexed: bool = False  # cypher/schema.cypher indexes it
    detail: bool = False  # long or per-source: shipped when one node or fact is asked for, not in neighbourhoods

    def problem_with(self, value: Any) -> str | None:
        """Why `value` cannot be this property's value (None: it can). Nulls are always allowed: they are not
        written."""
        if value is None:
            return None
        if not _TYPE_CHECKS[self.type](value):
            return f"{self.name} must be {self.type}, not {type(value).__name__} {str(value)[:40]!r}"
        if self.values and value not in self.values:
            return f"{self.name} must be one of {', '.join(self.values)}, not {str(value)[:40]!r}"
        return None


@dataclass(frozen=True)
class BrowserStyle:
    """How Neo4j Browser draws a label or relationship type (cypher/browser/style.grass is generated from it)."""

    caption: str  # a property name, or "<type>"
    size: int = 0  # node diameter in px
    colour: str = ""  # relationships only: nodes take their label's colour
    width: int = 0  # relationship shaft width in px


@dataclass(frozen=True)
class LabelSpec:
    name: str
    id_prefix: str
    zh: str
    en: str
    colour: str
    entity: bool
    yearly: bool  # one node per fiscal year: the id carries the year, and fiscal_year is required
    searchable: bool  # found by the search box
    properties: frozenset[str]
    browser: BrowserStyle
    plural: str = ""  # entity labels: the API's list path (/schemes)
    description: str = ""


@dataclass(frozen=True)
class RelSpec:
    name: str
    zh: str
    start: frozenset[str]
    end: frozenset[str]
    properties: frozenset[str]
    browser: BrowserStyle
    description: str = ""


@dataclass(frozen=True)
class Model:
    properties: dict[str, PropertySpec]
    labels: dict[str, LabelSpec]
    relationships: dict[str, RelSpec]
    gazetteer_edges: dict[str, str]  # gazetteer field -> the relationship type it becomes
    groups: dict[str, tuple[str, ...]] = field(default_factory=dict)  # named property lists (`+group`)

    @property
    def accumulating(self) -> frozenset[str]:
        return frozenset(p.name for p in self.properties.values() if p.accumulates)

    @property
    def detail_properties(self) -> frozenset[str]:
        """The properties marked `detail: true`: texts and provenance a view asks for one node or fact at a time."""
        return frozenset(p.name for p in self.properties.values() if p.detail)

    def node_problems(self, label: str, props: dict[str, Any]) -> list[str]:
        spec = self.labels[label]
        return _property_problems(self, spec.properties, props, f"a {label}")

    def yearly_problem(self, label: str, node_id: str, props: dict[str, Any]) -> str | None:
        """A yearly node must say its fiscal year and carry it in its id, so that two years never merge."""
        if not self.labels[label].yearly:
            return None
        year = props.get("fiscal_year")
        if not year:
            return f"a {label} is yearly: it needs a fiscal_year"
        if f":{year}:" not in f"{node_id}:":
            return f"a {label} is yearly: its id must carry its fiscal year {year}"
        return None

    def gazetteer_field_problem(self, label: str, field: str) -> str | None:
        """Why a gazetteer entry of `label` may not have `field` (None: it may)."""
        if field in _GAZETTEER_CORE or field in self.labels[label].properties or field in self.gazetteer_edges:
            return None
        allowed = sorted((self.labels[label].properties - {"id", "source_ids"}) | set(self.gazetteer_edges)
                         | set(_GAZETTEER_CORE))
        return f"unknown field {field!r} for a {label} (data/model.yaml allows: {', '.join(allowed)})"

    def relationship_problems(self, rel_type: str, start_label: str, end_label: str,
                              props: dict[str, Any]) -> list[str]:
        spec = self.relationships[rel_type]
        problems = []
        if start_label not in spec.start or end_label not in spec.end:
            problems.append(f"{rel_type} may join {'/'.join(sorted(spec.start))} to {'/'.join(sorted(spec.end))}, "
                            f"not {start_label} to {end_label}")
        return problems + _property_problems(self, spec.properties, props, f"a {rel_type} relationship")


def _property_problems(model: Model, allowed: frozenset[str], props: dict[str, Any], what: str) -> list[str]:
    problems = []
    for key, value in props.items():
        if key not in allowed:
            problems.append(f"{what} has no property {key!r} (data/model.yaml)")
        elif problem := model.properties[key].problem_with(value):
            problems.append(problem)
    return problems


_PROPERTY_KEYS = {"type", "description", "accumulates", "values", "indexed", "detail"}
_LABEL_KEYS = {"id_prefix", "zh", "en", "colour", "entity", "yearly", "searchable", "properties", "browser",
               "plural", "description"}
_OPTIONAL_KEYS = {"accumulates", "detail", "values", "entity", "yearly", "searchable", "description", "indexed",
                  "plural"}
_SECTIONS = {"properties", "groups", "labels", "relationships", "gazetteer_edges"}
# The fields every gazetteer entry may have, whatever its label.
_GAZETTEER_CORE = ("key", "name", "name_en", "kind", "aliases")
_REL_KEYS = {"zh", "from", "to", "properties", "browser", "description"}
_LABEL_BROWSER_KEYS = {"size", "caption"}
_REL_BROWSER_KEYS = {"colour", "width", "caption"}


def load_model(path: Path = MODEL_FILE) -> Model:
    """Read and check the model file: unknown keys, types, groups, labels and properties are refused."""
    try:
        data = yaml_text.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise ModelError(f"{path}: {' '.join(str(error).split())[:200]}") from None
    if not isinstance(data, dict) or set(data) != _SECTIONS:
        raise ModelError(f"{path}: needs exactly the sections {', '.join(sorted(_SECTIONS))}")
    properties = {name: _property(path, name, spec) for name, spec in data["properties"].items()}
    groups = data["groups"]

    def expand(names: list[str], where: str) -> frozenset[str]:
        found: set[str] = set()
        for name in names:
            members = groups.get(name[1:]) if name.startswith("+") else [name]
            if members is None:
                raise ModelError(f"{path}: {where}: no group {name[1:]!r}")
            for member in members:
                if member not in properties:
                    raise ModelError(f"{path}: {where}: no property {member!r} (declare it under properties:)")
                found.add(member)
        return frozenset(found)

    labels = {}
    for name, spec in data["labels"].items():
        _known_keys(path, f"label {name}", spec, _LABEL_KEYS)
        labels[name] = LabelSpec(name, str(spec["id_prefix"]), str(spec["zh"]), str(spec["en"]), str(spec["colour"]),
                                 bool(spec.get("entity", False)), bool(spec.get("yearly", False)),
                                 bool(spec.get("searchable", False)),
                                 (props := expand(spec["properties"], f"label {name}")),
                                 _browser(path, f"label {name}", spec["browser"], _LABEL_BROWSER_KEYS, props),
                                 str(spec.get("plural", "")), str(spec.get("description", "")))
        if labels[name].entity and not labels[name].plural:
            raise ModelError(f"{path}: label {name}: an entity label needs a plural (its list in the API)")
        if labels[name].yearly and "fiscal_year" not in labels[name].properties:
            raise ModelError(f"{path}: label {name}: a yearly label needs the property fiscal_year")
    relationships = {}
    for name, spec in data["relationships"].items():
        _known_keys(path, f"relationship {name}", spec, _REL_KEYS)
        for end in (*spec["from"], *spec["to"]):
            if end not in labels:
                raise ModelError(f"{path}: relationship {name}: no label {end!r}")
        props = expand(spec["properties"], f"relationship {name}")
        relationships[name] = RelSpec(name, str(spec["zh"]), frozenset(spec["from"]), frozenset(spec["to"]), props,
                                      _browser(path, f"relationship {name}", spec["browser"], _REL_BROWSER_KEYS, props),
                                      str(spec.get("description", "")))
    gazetteer_edges = data["gazetteer_edges"] or {}
    for field_name, rel in gazetteer_edges.items():
        if rel not in relationships:
            raise ModelError(f"{path}: gazetteer_edges: {field_name}: no relationship {rel!r}")
    for name in groups:
        expand([f"+{name}"], f"group {name}")  # every member is a declared property
    return Model(properties, labels, relationships, dict(gazetteer_edges),
                 {name: tuple(members) for name, members in groups.items()})


def _browser(path: Path, where: str, spec: object, keys: set[str], props: frozenset[str]) -> BrowserStyle:
    _known_keys(path, f"{where}: browser", spec, keys)
    caption = str(spec["caption"])
    if caption != "<type>" and caption not in props:
        raise ModelError(f"{path}: {where}: browser caption {caption!r} is not one of its properties")
    return BrowserStyle(caption, int(spec.get("size", 0)), str(spec.get("colour", "")), int(spec.get("width", 0)))


def _property(path: Path, name: str, spec: dict) -> PropertySpec:
    _known_keys(path, f"property {name}", spec, _PROPERTY_KEYS)
    if spec.get("type") not in _TYPE_CHECKS:
        raise ModelError(f"{path}: property {name}: type must be one of {', '.join(_TYPE_CHECKS)}")
    if (spec["type"] == "enum") != bool(spec.get("values")):
        raise ModelError(f"{path}: property {name}: an enum, and only an enum, lists its values")
    return PropertySpec(name, spec["type"], str(spec.get("description", "")), bool(spec.get("accumulates", False)),
                        tuple(spec.get("values", ())), bool(spec.get("indexed", False)),
                        bool(spec.get("detail", False)))


def _known_keys(path: Path, where: str, spec: object, known: set[str]) -> None:
    if not isinstance(spec, dict):
        raise ModelError(f"{path}: {where}: must be a mapping")
    if unknown := sorted(set(spec) - known):
        raise ModelError(f"{path}: {where}: unknown key {unknown[0]!r} (known: {', '.join(sorted(known))})")
    if missing := sorted(k for k in known - _OPTIONAL_KEYS if k not in spec):
        raise ModelError(f"{path}: {where}: missing {missing[0]!r}")


MODEL = load_model()

# The enums code and Cypher templates use, built from the model: Label.BUREAU == "Bureau", Rel.FUNDS == "FUNDS".
Label = StrEnum("Label", {name.upper(): name for name in MODEL.labels}, module=__name__)
Rel = StrEnum("Rel", {name: name for name in MODEL.relationships}, module=__name__)
# Kinds of money figure. Amounts of different kinds are never summed together.
AmountType = StrEnum("AmountType", {v.upper(): v for v in MODEL.properties["amount_type"].values}, module=__name__)


# Properties every node carries (DESIGN.md §3).
ID = "id"
NAME = "name"
NAME_EN = "name_en"
ALIASES = "aliases"
SOURCE_IDS = "source_ids"

# Provenance properties on extracted facts (DESIGN.md §3).
PROVENANCE_KEYS = ("source_id", "reply_no", "char_start", "char_end", "quote", "method", "loader_version")


# --- ids: deterministic, namespaced, rebuilt identically from the same documents ---------------------------------

_SPACES = re.compile(r"\s+")


def _clean(text: str) -> str:
    return _SPACES.sub("", text)


def document_id(sha256: str) -> str:
    return f"doc:{sha256[:16]}"


def question_id(fiscal_year: str, reply_no: str) -> str:
    return f"question:{fiscal_year}:{reply_no}"


def legislator_id(name: str) -> str:
    return f"legislator:{_clean(name)}"


def programme_id(fiscal_year: str, head_no: str, number: str) -> str:
    """A programme is yearly: head 135's programme (2) of 2024-25 and of 2025-26 are two nodes (names, aims and
    money change from year to year; a researcher compares them, the graph must not merge them)."""
    return f"programme:{fiscal_year}:{head_no}:{_clean(number)}"


def build_id(started: str) -> str:
    return f"build:{started}"


def entity_id(label: Label, key: str) -> str:
    """Id for a curated or extracted entity: `dept:itc`, `scheme:創新及科技基金`."""
    return f"{MODEL.labels[label].id_prefix}:{_clean(key)}"


def relationship_id(rel: Rel, start: str, end: str, *qualifiers: object) -> str:
    """A stable id for one relationship, so that MERGE on it is idempotent.

    Qualifiers distinguish several facts between the same two nodes (e.g. two FUNDS amounts of different years).
    """
    if not qualifiers:
        return f"{rel}:{start}->{end}"
    digest = hashlib.sha1("|".join(map(str, qualifiers)).encode()).hexdigest()[:12]
    return f"{rel}:{start}->{end}:{digest}"


def relationship_start(rel_id: str) -> tuple[Rel, str] | None:
    """The type and the start node's id of a relationship id made by `relationship_id` (TYPE:start->end…), or
    None when the id is not one of those."""
    rel_type, _, rest = rel_id.partition(":")
    start, arrow, _ = rest.partition("->")
    if rel_type not in MODEL.relationships or not arrow or not start:
        return None
    return Rel(rel_type), start


# Labels that may appear as the far end of a budget head (ADDRESSED_TO, HAS_PROGRAMME).
HEAD_LABELS = tuple(Label(name) for name in MODEL.labels if name in MODEL.relationships["ADDRESSED_TO"].end)

# The entities the loaders find in text (as opposed to questions, programmes, documents and legislators).
ENTITY_LABELS = tuple(Label(name) for name, spec in MODEL.labels.items() if spec.entity)
# What the search box finds: the entities and the legislators.
SEARCHABLE_LABELS = tuple(Label(name) for name, spec in MODEL.labels.items() if spec.searchable)

_PREFIX_LABEL = {spec.id_prefix: Label(name) for name, spec in MODEL.labels.items()}


def label_of_id(node_id: str) -> Label | None:
    """The label an id belongs to, read off its namespace ("dept:itc" -> Department); None if it has none."""
    return _PREFIX_LABEL.get(node_id.split(":", 1)[0]) if ":" in node_id else None
