"""Exports of the whole graph, read back from the store (so an export shows what the store really holds).

Formats (docs/exports.md describes each one, with examples):

    export_json(store, out)        {"nodes": [{id, labels, properties}], "relationships": [{type, start, end, …}]}
    export_graphml(store, out)     GraphML for networkx, yEd, Cytoscape, Gephi: typed attributes, lists as JSON strings
    export_gexf(store, out)        GEXF 1.2 for Gephi: the same attributes, `label` = name for display
    export_csv(store, directory)   neo4j-admin import CSVs (one file per label and per relationship type) + import.sh
    export_cypher(store, out)      a Cypher script: schema.cypher, then batched UNWIND [...] MERGE statements

Every export streams: records come from the store (Store.stream) a fetch at a time (never one list of the whole
graph). The formats that must declare their attributes before the first element (GraphML, GEXF, the CSV headers)
first spool the records to a temporary JSON-lines file while noting each property's type, then write the file from
the spool: memory stays proportional to the number of distinct property names, not to the graph.

Node ids are always our `id` property, never the store's element ids (they differ between stores, and change on
ArcadeDB when labels change).
"""

from __future__ import annotations

import json
import math
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, TextIO

from graph import cypher
from graph.model import MODEL
from graph.store import Store

NODES_QUERY = "queries/export_nodes"
RELATIONSHIPS_QUERY = "queries/export_relationships"

# neo4j-admin's default array delimiter. If some list element contains it, the CSV export picks the first of the
# others that no element contains, and writes that one into import.sh (neo4j-admin has no escape for it).
ARRAY_DELIMITERS = (";", "|", "^", "~", "¦")

CYPHER_BATCH_ROWS = 200  # rows per UNWIND statement in the Cypher script …
CYPHER_BATCH_CHARS = 1_000_000  # … or fewer, so that one statement stays under ~1 MB of text

INT32 = (-(2**31), 2**31 - 1)


class ExportError(ValueError):
    """The store holds something an export format cannot represent. The message is one line, fit for a CLI."""


class Exported(NamedTuple):
    nodes: int
    relationships: int


# --- reading the store --------------------------------------------------------------------------------------------


# The keys every element holding money carries in the JSON export, null when unknown (data/model.yaml `money_record`).
MONEY_RECORD = MODEL.groups["money_record"]
_MONEY_LABELS = frozenset(name for name, spec in MODEL.labels.items() if "amount_type" in spec.properties)
_MONEY_TYPES = frozenset(name for name, spec in MODEL.relationships.items() if "amount_type" in spec.properties)


def _nodes(store: Store, money_nulls: bool = False) -> Iterator[dict[str, Any]]:
    for record in store.stream(cypher.load(NODES_QUERY)):
        if record["id"] is None:
            raise ExportError(f"a node with labels {record['labels']} has no `id` property: cannot export it")
        yield {
            "id": record["id"],
            "labels": sorted(record["labels"]),
            "properties": _exported_properties(record["properties"],
                                               money_nulls and bool(_MONEY_LABELS & set(record["labels"]))),
        }


def _relationships(store: Store, money_nulls: bool = False) -> Iterator[dict[str, Any]]:
    for record in store.stream(cypher.load(RELATIONSHIPS_QUERY)):
        if record["start"] is None or record["end"] is None:
            raise ExportError(f"a {record['type']} relationship touches a node without an `id`: cannot export it")
        yield {
            "type": record["type"],
            "start": record["start"],
            "end": record["end"],
            "properties": _exported_properties(record["properties"], money_nulls and record["type"] in _MONEY_TYPES),
        }


def _exported_properties(properties: dict[str, Any], holds_money: bool) -> dict[str, Any]:
    """The stored properties; on an element that holds money, also every `money_record` key it lacks, as null (the
    store keeps no nulls, a reader of the export should not have to guess which keys might be there)."""
    found = {k: _plain_value(v) for k, v in properties.items()}
    if holds_money:
        found = {name: None for name in MONEY_RECORD} | found
    return dict(sorted(found.items()))


def _plain_value(value: Any) -> Any:
    """Property values as JSON-able Python values: temporal and spatial values become their ISO/WKT-like text."""
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, (list, tuple)):
        return [_plain_value(v) for v in value]
    iso = getattr(value, "iso_format", None)
    return iso() if callable(iso) else str(value)


# --- JSON ---------------------------------------------------------------------------------------------------------


def export_json(store: Store, out: TextIO) -> Exported:
    """Write {"nodes": [{id, labels, properties}], "relationships": [{type, start, end, properties}]}.

    start/end are node ids (the `id` property). Streams: the text is what json.dump(indent=1) of the whole graph
    would give, written one record at a time. Returns (nodes, relationships) written.
    """
    out.write('{\n "nodes": [')
    nodes = _write_json_array(out, _nodes(store, money_nulls=True))
    out.write(',\n "relationships": [')
    relationships = _write_json_array(out, _relationships(store, money_nulls=True))
    out.write("\n}\n")
    return Exported(nodes, relationships)


def _write_json_array(out: TextIO, records: Iterable[dict[str, Any]]) -> int:
    count = 0
    for record in records:
        text = json.dumps(record, ensure_ascii=False, indent=1, default=str)
        out.write(("\n" if count == 0 else ",\n") + "\n".join("  " + line for line in text.split("\n")))
        count += 1
    out.write("\n ]" if count else "]")
    return count


# --- the spool: records on disk, the schema in memory ---------------------------------------------------------------


# The column type each property type of data/model.yaml declares (a text_list is a list of str).
_MODEL_BASES = {"bool": "bool", "int": "int", "amount": "int", "float": "float", "text_list": "str"}


@dataclass
class Column:
    """What one property name holds across the elements of a group: its scalar kinds, list-ness, integer range.

    A property the model declares gets the model's type whenever the values agree with it, so a column's type does
    not depend on which values a graph happens to hold (a list property whose lists are all empty is still a list,
    a float whose values are all whole is still a float); other properties get the type their values show."""

    kinds: set[str] = field(default_factory=set)  # of "bool", "int", "float", "str"
    is_list: bool = False
    low: int = 0
    high: int = 0
    declared: str | None = None  # the property's type in data/model.yaml, if it has one

    @classmethod
    def for_property(cls, name: str) -> Column:
        spec = MODEL.properties.get(name)
        column = cls(declared=spec.type if spec else None)
        column.is_list = column.declared == "text_list"
        return column

    def see(self, value: Any) -> None:
        if isinstance(value, list):
            self.is_list = True
            for item in value:
                self._see_scalar(item)
        else:
            self._see_scalar(value)

    def _see_scalar(self, value: Any) -> None:
        if isinstance(value, bool):
            self.kinds.add("bool")
        elif isinstance(value, int):
            if "int" not in self.kinds:
                self.low = self.high = value
            self.kinds.add("int")
            self.low, self.high = min(self.low, value), max(self.high, value)
        elif isinstance(value, float):
            self.kinds.add("float")
        else:
            self.kinds.add("str")

    @property
    def base(self) -> str:
        """One type for the column: the model's when the values agree with it; else bool, int or float when every
        value is one, float for ints mixed with floats, else str (a column mixing text and numbers is text)."""
        declared = _MODEL_BASES.get(self.declared or "", "str" if self.declared else None)
        allowed = {"float": {"int", "float"}}.get(declared or "", {declared})
        if declared and self.kinds <= allowed:
            return declared
        if self.kinds == {"bool"}:
            return "bool"
        if self.kinds == {"int"}:
            return "int"
        if self.kinds and self.kinds <= {"int", "float"}:
            return "float"
        return "str"

    @property
    def fits_int32(self) -> bool:
        return INT32[0] <= self.low and self.high <= INT32[1]


class _Spool:
    """Records in a temporary JSON-lines file, in the order they came, and the columns seen on the way."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile("w+", encoding="utf-8", newline="\n")
        self.count = 0
        self.columns: dict[str, Column] = {}

    def add(self, record: dict[str, Any]) -> None:
        for key, value in record["properties"].items():
            if value is not None:
                self.columns.setdefault(key, Column.for_property(key)).see(value)
        self.file.write(json.dumps(record, ensure_ascii=False) + "\n")
        self.count += 1

    def __iter__(self) -> Iterator[dict[str, Any]]:
        self.file.flush()
        self.file.seek(0)
        for line in self.file:
            yield json.loads(line)

    def close(self) -> None:
        self.file.close()


def _text(value: Any) -> str:
    """A scalar as text: JSON's spelling for booleans and numbers (true, 12, 1.5, NaN), strings as they are."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isnan(value):
            return "NaN"
        if math.isinf(value):
            return "INF" if value > 0 else "-INF"
    return json.dumps(value, ensure_ascii=False)


def _scalar_for(value: Any, base: str) -> Any:
    if base == "str":
        return _text(value)
    if base == "float" and not isinstance(value, float):
        return float(value)
    return value


# --- XML (GraphML, GEXF) ------------------------------------------------------------------------------------------

# Characters XML 1.0 cannot carry at all, even as character references: replaced by U+FFFD (docs/exports.md).
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# In element text, a \r would be normalised away by the parser; in attributes \n, \r and \t would become spaces.
_XML_TEXT = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_XML_ATTR = str.maketrans(
    {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "\n": "&#10;", "\r": "&#13;", "\t": "&#9;"}
)


def _xml_text(text: str) -> str:
    return _XML_INVALID.sub("\ufffd", text).translate(_XML_TEXT)


def _xml_attr(text: str) -> str:
    return '"' + _XML_INVALID.sub("\ufffd", text).translate(_XML_ATTR) + '"'


_XML_TYPES = {"bool": "boolean", "int": "long", "float": "double", "str": "string"}


@dataclass(frozen=True)
class _Attribute:
    """One declared attribute of the XML formats: its XML id, its name and its type."""

    key: str
    name: str
    xml_type: str
    column: Column | None  # None for the synthetic ones (labels, type)

    def encode(self, value: Any) -> str:
        """The text of a value: lists (and every value of a list column) as a JSON array, scalars typed."""
        if self.column is not None and self.column.is_list:
            items = value if isinstance(value, list) else [value]
            return json.dumps(items, ensure_ascii=False)
        return _text(_scalar_for(value, self.column.base if self.column else "str"))


def _attributes(prefix: str, first: str, columns: dict[str, Column], skip: set[str]) -> list[_Attribute]:
    """`first` (labels or type), then the properties in name order; ids n0, n1 … (nodes) or e0, e1 … (edges)."""
    names = [first] + sorted(k for k in columns if k not in skip)
    attributes = []
    for i, name in enumerate(names):
        column = columns.get(name) if name != first else None
        xml_type = "string" if column is None or column.is_list else _XML_TYPES[column.base]
        attributes.append(_Attribute(f"{prefix}{i}", name, xml_type, column))
    return attributes


def _spool_graph(store: Store) -> tuple[_Spool, _Spool]:
    nodes, relationships = _Spool(), _Spool()
    try:
        for record in _nodes(store):
            nodes.add(record)
        for record in _relationships(store):
            relationships.add(record)
    except BaseException:
        nodes.close()
        relationships.close()
        raise
    return nodes, relationships


def _labels_text(labels: list[str]) -> str:
    """The `labels` attribute: the labels joined by ':' ("Department"; "Institution:Company" if ever several)."""
    return ":".join(labels)


def _element_values(record: dict[str, Any], attributes: list[_Attribute], first_value: str) -> Iterator[tuple]:
    props = record["properties"]
    yield attributes[0], first_value
    for attribute in attributes[1:]:
        value = props.get(attribute.name)
        if value is not None:
            yield attribute, attribute.encode(value)


def export_graphml(store: Store, out: TextIO) -> Exported:
    """Write GraphML (http://graphml.graphdrawing.org) that networkx.read_graphml reads back.

    Nodes: XML id = our `id`; a `labels` attribute (the labels joined by ':'); every property as a typed <data>
    (boolean, long, double, string). Edges: XML id = the relationship's `id`, source/target = node ids, a `type`
    attribute, every property. GraphML has no list type: list properties (aliases, source_ids, quotes …) are JSON
    arrays in a string attribute. `id` is the element's own XML id, not repeated as an attribute.
    """
    nodes, relationships = _spool_graph(store)
    try:
        node_attrs = _attributes("n", "labels", nodes.columns, skip={"id", "labels"})
        edge_attrs = _attributes("e", "type", relationships.columns, skip={"id", "type"})
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        out.write(
            '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
            'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
            'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">\n'
        )
        for scope, attrs in (("node", node_attrs), ("edge", edge_attrs)):
            for a in attrs:
                out.write(
                    f'  <key id="{a.key}" for="{scope}" attr.name={_xml_attr(a.name)} attr.type="{a.xml_type}"/>\n'
                )
        out.write('  <graph id="innograph" edgedefault="directed">\n')
        for record in nodes:
            out.write(f"    <node id={_xml_attr(record['id'])}>")
            for attribute, text in _element_values(record, node_attrs, _labels_text(record["labels"])):
                out.write(f'<data key="{attribute.key}">{_xml_text(text)}</data>')
            out.write("</node>\n")
        for record in relationships:
            rel_id = record["properties"].get("id")
            id_attr = f" id={_xml_attr(_text(rel_id))}" if rel_id is not None else ""
            out.write(
                f"    <edge{id_attr} source={_xml_attr(record['start'])} target={_xml_attr(record['end'])}>"
            )
            for attribute, text in _element_values(record, edge_attrs, record["type"]):
                out.write(f'<data key="{attribute.key}">{_xml_text(text)}</data>')
            out.write("</edge>\n")
        out.write("  </graph>\n</graphml>\n")
        return Exported(nodes.count, relationships.count)
    finally:
        nodes.close()
        relationships.close()


def _display_label(record: dict[str, Any]) -> str:
    """A node's GEXF `label`: its own `label` property if it has one (Programme: "(2) 創新科技及工業"), else its
    name, else its id. (GEXF has one label slot, and readers let it override an attribute called `label`.)"""
    props = record["properties"]
    for key in ("label", "name"):
        if props.get(key) is not None:
            return _text(props[key])
    return record["id"]


def export_gexf(store: Store, out: TextIO) -> Exported:
    """Write GEXF 1.2 (https://gexf.net) for Gephi; networkx.read_gexf reads it back.

    The same attributes as the GraphML export (typed; lists as JSON strings; `labels` on nodes, `type` on edges),
    declared as static <attributes>. Each node's display `label` is its name (Programme: its own `label`
    property); each edge's is its relationship type. Node and edge ids are our `id`s.
    """
    nodes, relationships = _spool_graph(store)
    try:
        # A property called `label` is the display label itself (GEXF has one label slot; readers let it win).
        node_attrs = _attributes("n", "labels", nodes.columns, skip={"id", "labels", "label"})
        edge_attrs = _attributes("e", "type", relationships.columns, skip={"id", "type", "label"})
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        out.write(
            '<gexf xmlns="http://www.gexf.net/1.2draft" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
            'xsi:schemaLocation="http://www.gexf.net/1.2draft http://www.gexf.net/1.2draft/gexf.xsd" '
            'version="1.2">\n'
        )
        out.write(
            "  <meta><creator>innograph</creator><description>Hong Kong innovation policy: who funds, runs and "
            "questions it (LegCo budget replies)</description></meta>\n"
        )
        out.write('  <graph mode="static" defaultedgetype="directed">\n')
        for scope, attrs in (("node", node_attrs), ("edge", edge_attrs)):
            out.write(f'    <attributes class="{scope}" mode="static">\n')
            for a in attrs:
                out.write(f'      <attribute id="{a.key}" title={_xml_attr(a.name)} type="{a.xml_type}"/>\n')
            out.write("    </attributes>\n")
        out.write("    <nodes>\n")
        for record in nodes:
            label = _display_label(record)
            out.write(f"      <node id={_xml_attr(record['id'])} label={_xml_attr(label)}><attvalues>")
            for attribute, text in _element_values(record, node_attrs, _labels_text(record["labels"])):
                out.write(f'<attvalue for="{attribute.key}" value={_xml_attr(text)}/>')
            out.write("</attvalues></node>\n")
        out.write("    </nodes>\n    <edges>\n")
        for number, record in enumerate(relationships):
            rel_id = record["properties"].get("id")
            edge_id = _text(rel_id) if rel_id is not None else f"edge-{number}"
            label = record["properties"].get("label")
            label = record["type"] if label is None else _text(label)
            out.write(
                f"      <edge id={_xml_attr(edge_id)} source={_xml_attr(record['start'])} "
                f"target={_xml_attr(record['end'])} label={_xml_attr(label)}><attvalues>"
            )
            for attribute, text in _element_values(record, edge_attrs, record["type"]):
                out.write(f'<attvalue for="{attribute.key}" value={_xml_attr(text)}/>')
            out.write("</attvalues></edge>\n")
        out.write("    </edges>\n  </graph>\n</gexf>\n")
        return Exported(nodes.count, relationships.count)
    finally:
        nodes.close()
        relationships.close()


# --- CSV for neo4j-admin database import --------------------------------------------------------------------------


@dataclass(frozen=True)
class CsvExport:
    nodes: int
    relationships: int
    node_files: dict[str, Path]  # "Bureau" (or "Institution:Company") -> file
    relationship_files: dict[str, Path]  # "FUNDS" -> file
    array_delimiter: str
    command: str  # the neo4j-admin command, as written into import.sh

    @property
    def files(self) -> list[Path]:
        return [*self.node_files.values(), *self.relationship_files.values()]


_CSV_TYPES = {"bool": "boolean", "float": "double", "str": "string"}


def _csv_type(column: Column) -> str:
    if column.base == "int":
        return "int" if column.fits_int32 else "long"
    return _CSV_TYPES[column.base]


def _csv_header_field(name: str, column: Column) -> str:
    """`name` for text, `name:int` / `name:long` / `name:double` / `name:boolean`, `name:string[]` for lists."""
    if column.is_list:
        return f"{name}:{_csv_type(column)}[]"
    return name if column.base == "str" else f"{name}:{_csv_type(column)}"


def _csv_quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _csv_field(value: Any, column: Column, array_delimiter: str) -> str:
    """One field: missing -> empty (no property); text always quoted ("" for an empty string, "" inside for a
    quote; commas, newlines and Chinese text are safe inside quotes); numbers and booleans bare."""
    if value is None or value == []:
        return ""
    base = column.base
    if column.is_list:
        items = value if isinstance(value, list) else [value]
        return _csv_quote(array_delimiter.join(_text(_scalar_for(item, base)) for item in items))
    value = _scalar_for(value, base)
    return _csv_quote(value) if isinstance(value, str) else _text(value)


def _file_stem(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", name) or "_"


def _choose_array_delimiter(spools: Iterable[_Spool]) -> str:
    """`;` unless a list element contains it: neo4j-admin cannot escape the array delimiter inside an element."""
    used: set[str] = set()
    for spool in spools:
        list_keys = [k for k, c in spool.columns.items() if c.is_list]
        if not list_keys:
            continue
        for record in spool:
            for key in list_keys:
                value = record["properties"].get(key)
                for item in value if isinstance(value, list) else []:
                    used.update(ch for ch in ARRAY_DELIMITERS if ch in _text(item))
    for delimiter in ARRAY_DELIMITERS:
        if delimiter not in used:
            return delimiter
    raise ExportError(
        f"every candidate array delimiter ({' '.join(ARRAY_DELIMITERS)}) occurs inside some list element: "
        "cannot write neo4j-admin CSV"
    )


def export_csv(store: Store, directory: Path) -> CsvExport:
    """Write neo4j-admin import CSVs into `directory` (created if needed), with import.sh, schema.cypher and
    README.md next to them.

    nodes_<Label>.csv:         id:ID,name,<property>[:type],…,:LABEL   (one ID space: our ids are unique across labels)
    relationships_<TYPE>.csv:  :START_ID,:END_ID,:TYPE,id,<property>[:type],…
    Types: text columns bare, int/long/double/boolean suffixed, lists `name:string[]` with `;` between elements.
    Files are written to a temporary name and renamed, so an interrupted export leaves no half file.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    node_spools: dict[tuple[str, ...], _Spool] = {}
    rel_spools: dict[str, _Spool] = {}
    try:
        for record in _nodes(store):
            node_spools.setdefault(tuple(record["labels"]), _Spool()).add(record)
        for record in _relationships(store):
            rel_spools.setdefault(record["type"], _Spool()).add(record)
        delimiter = _choose_array_delimiter([*node_spools.values(), *rel_spools.values()])

        node_files: dict[str, Path] = {}
        used_names: set[str] = set()
        for labels, spool in sorted(node_spools.items()):
            path = directory / _unique(f"nodes_{_file_stem('_'.join(labels))}.csv", used_names)
            columns = {k: c for k, c in spool.columns.items() if k != "id"}
            order = (["name"] if "name" in columns else []) + sorted(k for k in columns if k != "name")
            header = ["id:ID", *(_csv_header_field(k, columns[k]) for k in order), ":LABEL"]

            def node_row(record: dict[str, Any], order: list[str] = order, columns: dict = columns) -> list[str]:
                props = record["properties"]
                return [
                    _csv_quote(record["id"]),
                    *(_csv_field(props.get(k), columns[k], delimiter) for k in order),
                    _csv_quote(delimiter.join(record["labels"])),
                ]

            _write_csv(path, header, spool, node_row)
            node_files[":".join(labels)] = path

        rel_files: dict[str, Path] = {}
        for rel_type, spool in sorted(rel_spools.items()):
            path = directory / _unique(f"relationships_{_file_stem(rel_type)}.csv", used_names)
            columns = dict(spool.columns)
            order = (["id"] if "id" in columns else []) + sorted(k for k in columns if k != "id")
            header = [":START_ID", ":END_ID", ":TYPE", *(_csv_header_field(k, columns[k]) for k in order)]

            def rel_row(record: dict[str, Any], order: list[str] = order, columns: dict = columns) -> list[str]:
                props = record["properties"]
                return [
                    _csv_quote(record["start"]),
                    _csv_quote(record["end"]),
                    _csv_quote(record["type"]),
                    *(_csv_field(props.get(k), columns[k], delimiter) for k in order),
                ]

            _write_csv(path, header, spool, rel_row)
            rel_files[rel_type] = path

        command = _neo4j_admin_command(node_files, rel_files, delimiter)
        _write_atomically(directory / "import.sh", _import_script(command), executable=True)
        _write_atomically(directory / "schema.cypher", cypher.load("schema"))
        by_hand = _neo4j_admin_command(node_files, rel_files, delimiter, program="neo4j-admin", extra=())
        _write_atomically(directory / "README.md", _csv_readme(by_hand, node_files, rel_files, delimiter))
        return CsvExport(
            nodes=sum(s.count for s in node_spools.values()),
            relationships=sum(s.count for s in rel_spools.values()),
            node_files=node_files,
            relationship_files=rel_files,
            array_delimiter=delimiter,
            command=command,
        )
    finally:
        for spool in [*node_spools.values(), *rel_spools.values()]:
            spool.close()


def _unique(name: str, used: set[str]) -> str:
    stem, dot, ext = name.rpartition(".")
    candidate, n = name, 1
    while candidate.lower() in used:
        n += 1
        candidate = f"{stem}_{n}{dot}{ext}"
    used.add(candidate.lower())
    return candidate


def _write_csv(
    path: Path, header: list[str], records: Iterable[dict[str, Any]], row: Callable[[dict[str, Any]], list[str]]
) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    with tmp.open("w", encoding="utf-8", newline="") as f:
        f.write(",".join(header) + "\n")
        for record in records:
            f.write(",".join(row(record)) + "\n")
    tmp.replace(path)


def _write_atomically(path: Path, text: str, executable: bool = False) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8", newline="\n")
    if executable:
        tmp.chmod(0o755)
    tmp.replace(path)


def _shell_word(text: str) -> str:
    return text if re.fullmatch(r"[A-Za-z0-9_.:/=@%+-]+", text) else "'" + text.replace("'", "'\\''") + "'"


def _neo4j_admin_command(node_files: dict[str, Path], rel_files: dict[str, Path], delimiter: str,
                         program: str = '"${NEO4J_ADMIN:-neo4j-admin}"', extra: tuple[str, ...] = ('"$@"',)) -> str:
    """`neo4j-admin database import full` in Neo4j 5 syntax (the database name first: required since 5.19).
    import.sh lets $NEO4J_ADMIN name the program and passes its own arguments on; the README shows it plainly."""
    lines = [f'{program} database import full "$DATABASE"']
    lines += [_shell_word(f"--nodes={labels}={path.name}") for labels, path in node_files.items()]
    lines += [_shell_word(f"--relationships={rel_type}={path.name}") for rel_type, path in rel_files.items()]
    lines += [f'--array-delimiter="{delimiter}"', "--multiline-fields=true", *extra]
    return " \\\n  ".join(lines)


def _import_script(command: str) -> str:
    return f"""#!/bin/sh
# Load this innograph export into a Neo4j 5 database with neo4j-admin (docs/exports.md).
#
#   ./import.sh [DATABASE] [more neo4j-admin options]      DATABASE defaults to neo4j
#   NEO4J_ADMIN=/path/to/neo4j/bin/neo4j-admin ./import.sh neo4j --overwrite-destination=true
#
# `import full` writes a new database: the target must not exist, or be stopped and named with
# --overwrite-destination=true. Afterwards start it (on Neo4j Enterprise, for a new name: CREATE DATABASE <name>)
# and create the constraints and indexes:  cypher-shell -d DATABASE -f schema.cypher
set -eu
cd "$(dirname "$0")"
DATABASE="${{1:-neo4j}}"
[ "$#" -gt 0 ] && shift
{command}
echo "imported into database $DATABASE; now start it and run: cypher-shell -d $DATABASE -f schema.cypher" >&2
"""


def _csv_readme(command: str, node_files: dict[str, Path], rel_files: dict[str, Path], delimiter: str) -> str:
    files = "\n".join(f"- `{p.name}`: {name}" for name, p in [*node_files.items(), *rel_files.items()])
    return f"""# innograph graph as neo4j-admin import CSV

Written by `innograph export csv`; the format is described in docs/exports.md of innograph.

{files}

Load it into Neo4j 5 (database stopped or not yet created), then create the constraints and indexes:

```sh
DATABASE=neo4j
{command}
cypher-shell -d "$DATABASE" -f schema.cypher
```

`./import.sh [DATABASE] [options]` runs the same command from this folder. Array delimiter: `{delimiter}`.
"""


# --- Cypher script ------------------------------------------------------------------------------------------------
#
# The UNWIND … MERGE statements below are the text of the script this export writes (output, like the XML of the
# GraphML export), not queries innograph runs: they are built here, with the data in them as literals, and are the
# only Cypher allowed in Python (tests/test_query_layer.py).

_CYPHER_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t", ";": "\\u003B"}
_CYPHER_STRING = str.maketrans(
    {
        **{chr(c): f"\\u{c:04X}" for c in [*range(0x20), *range(0x7F, 0xA0), 0x2028, 0x2029]},
        **_CYPHER_ESCAPES,
    }
)
# openCypher reserved words: a map key or name that is one of them is written in backticks.
_CYPHER_RESERVED = frozenset(
    """all asc ascending by create delete desc descending detach exists limit match merge on optional order remove
    return set skip where with union unwind and as contains distinct ends in is not or starts xor case else end then
    when false null true constraint do for require unique mandatory scalar of add drop call yield count""".split()
)


def cypher_string(text: str) -> str:
    """A Cypher string literal: double quotes; backslash, quote, newline, tab, control characters and ';' escaped
    (`\\u003B`, so that no ';' in the script is anything but a statement's end); other Unicode as it is."""
    return '"' + text.translate(_CYPHER_STRING) + '"'


def cypher_name(name: str) -> str:
    """A label, type or map key: bare when it is a plain identifier that is not a keyword, else in backticks."""
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name) and name.lower() not in _CYPHER_RESERVED:
        return name
    return "`" + name.replace("`", "``") + "`"


def cypher_literal(value: Any) -> str:
    """A property value as a Cypher literal: strings, integers, floats, booleans, lists (of those) and maps."""
    if isinstance(value, str):
        return cypher_string(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            raise ExportError(f"{value} has no Cypher literal: cannot write it into a Cypher script")
        return repr(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(cypher_literal(v) for v in value) + "]"
    if isinstance(value, dict):
        pairs = (f"{cypher_name(k)}: {cypher_literal(v)}" for k, v in value.items() if v is not None)
        return "{" + ", ".join(pairs) + "}"
    raise ExportError(f"no Cypher literal for {type(value).__name__} value {value!r}")


_SCRIPT_HEADER = """\
// innograph: the whole graph as a Cypher script (innograph export cypher, docs/exports.md)
// Run it with cypher-shell:  cypher-shell -a bolt://localhost:7687 -u neo4j -d neo4j -f graph.cypher
// or send it statement by statement through a driver: every statement is one line ending in a semicolon, and
// no other semicolon occurs (inside strings it is written as the escape \\u003B), so splitting the text on
// semicolons and dropping the comment lines gives the statements. Every write is a MERGE on `id`: running the
// script again changes nothing. Order: the schema (constraints and indexes), the nodes, the relationships.
"""


def export_cypher(
    store: Store, out: TextIO, batch_rows: int = CYPHER_BATCH_ROWS, batch_chars: int = CYPHER_BATCH_CHARS
) -> Exported:
    """Write a Cypher script that rebuilds the graph: cypher/schema.cypher, then batched
    `UNWIND [{id, props}, …] AS row MERGE (n:Label {id: row.id}) SET n += row.props` statements per label, then
    `UNWIND [{id, src, dst, props}, …] AS row MATCH (a:Start {id: row.src}) MATCH (b:End {id: row.dst})
    MERGE (a)-[r:TYPE {id: row.id}]->(b) SET r += row.props` per relationship type and pair of end labels.

    The labels of every node id are kept in memory while writing (for the MATCH of the relationships): ids only,
    a few dozen bytes per node.
    """
    if batch_rows < 1:
        raise ValueError("batch_rows must be at least 1")
    out.write(_SCRIPT_HEADER)
    out.write("\n// schema (cypher/schema.cypher)\n")
    for statement in cypher.statements("schema"):
        out.write(" ".join(statement.split()) + ";\n")

    labels_of: dict[str, tuple[str, ...]] = {}
    interned: dict[tuple[str, ...], tuple[str, ...]] = {}

    def node_statement(labels: tuple[str, ...], rows: list[str]) -> str:
        extra = "".join(f" SET n:{cypher_name(label)}" for label in labels[1:])
        return (
            f"UNWIND [{', '.join(rows)}] AS row MERGE (n:{cypher_name(labels[0])} {{id: row.id}}) "
            f"SET n += row.props{extra};\n"
        )

    out.write("\n// nodes\n")
    nodes = _Batcher(out, batch_rows, batch_chars, node_statement)
    for record in _nodes(store):
        labels = interned.setdefault(tuple(record["labels"]), tuple(record["labels"]))
        if not labels:
            raise ExportError(f"node {record['id']} has no label: cannot MERGE it")
        labels_of[record["id"]] = labels
        row = f"{{id: {cypher_string(record['id'])}, props: {cypher_literal(record['properties'])}}}"
        nodes.add(labels, row)
    nodes.flush_all()

    def rel_statement(key: tuple[str, tuple[str, ...], tuple[str, ...], bool], rows: list[str]) -> str:
        rel_type, start_labels, end_labels, keyed = key
        head = (
            f"UNWIND [{', '.join(rows)}] AS row "
            f"MATCH (a:{cypher_name(start_labels[0])} {{id: row.src}}) MATCH (b:{cypher_name(end_labels[0])} "
            f"{{id: row.dst}}) "
        )
        # A relationship without an `id` (not written by innograph) cannot be MERGEd again: it is CREATEd.
        rel = f"MERGE (a)-[r:{cypher_name(rel_type)} {{id: row.id}}]->(b)" if keyed else (
            f"CREATE (a)-[r:{cypher_name(rel_type)}]->(b)"
        )
        return f"{head}{rel} SET r += row.props;\n"

    out.write("\n// relationships\n")
    relationships = _Batcher(out, batch_rows, batch_chars, rel_statement)
    for record in _relationships(store):
        props = record["properties"]
        key = (record["type"], labels_of[record["start"]], labels_of[record["end"]], props.get("id") is not None)
        parts = [f"id: {cypher_literal(props['id'])}"] if key[3] else []
        parts += [
            f"src: {cypher_string(record['start'])}",
            f"dst: {cypher_string(record['end'])}",
            f"props: {cypher_literal(props)}",
        ]
        relationships.add(key, "{" + ", ".join(parts) + "}")
    relationships.flush_all()
    out.write(f"\n// end: {nodes.rows} nodes, {relationships.rows} relationships\n")
    return Exported(nodes.rows, relationships.rows)


class _Batcher:
    """Rows grouped by key (label, or relationship type and end labels), written as one statement per batch."""

    def __init__(self, out: TextIO, max_rows: int, max_chars: int, statement: Callable[[Any, list[str]], str]):
        self.out, self.max_rows, self.max_chars, self.statement = out, max_rows, max_chars, statement
        self.pending: dict[Any, tuple[list[str], int]] = {}
        self.rows = 0

    def add(self, key: Any, row: str) -> None:
        rows, size = self.pending.get(key, ([], 0))
        if rows and (len(rows) >= self.max_rows or size + len(row) > self.max_chars):
            self.out.write(self.statement(key, rows))
            rows, size = [], 0
        rows.append(row)
        self.pending[key] = (rows, size + len(row) + 2)
        self.rows += 1

    def flush_all(self) -> None:
        for key, (rows, _) in self.pending.items():
            if rows:
                self.out.write(self.statement(key, rows))
        self.pending.clear()


def script_statements(text: str) -> list[str]:
    """The statements of a script written by export_cypher: split on ';', comment lines dropped."""
    statements = []
    for chunk in text.split(";"):
        lines = [line for line in chunk.splitlines() if line.strip() and not line.lstrip().startswith("//")]
        if lines:
            statements.append("\n".join(lines).strip())
    return statements
