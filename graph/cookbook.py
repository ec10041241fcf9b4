"""The Cypher cookbook: named, documented read queries in cypher/queries/<name>.cypher, run by name.

Every file in cypher/queries/ starts with a header of `// Key: value` comment lines, in this order:

    // Question: Who asked about a given scheme or institution, and in which replies?
    // Parameters: entity_id (string, required) — an entity id such as "scheme:gsps";
    //   limit (integer, default 50, 1..1000) — most rows
    // Example: {"entity_id": "scheme:gsps"}
    // Returns: legislator_id, legislator, question_count, reply_nos
    // Cookbook: yes
    // Notes: (optional) anything else a reader should know

- The name is the file name without `.cypher`.
- A comment line that starts with `//` and at least two spaces (`//   …`) continues the field above it.
- `Parameters` is `none` or a `;`-separated list of `name (type[, required][, default JSON][, MIN..MAX]
  [, one of a|b|c]) — description`. Types: string, integer, number, boolean, list<string>. A parameter is either
  `required` (it must be given, not null) or has a `default` (a JSON literal; `default null` makes it optional,
  and the query guards it with `$x IS NULL OR …`). Every parameter is always sent to the server (Neo4j refuses a
  query whose $parameter is missing), so the declared parameters are exactly the query's $parameters — apart from
  the model's own (MODEL_PARAMETERS, e.g. `$entity_labels`), which are not declared: `run` fills them in from
  data/model.yaml, and a caller may not pass them.
- `one of` may name a list of the model with `@`: `one of @entity_labels`, `one of @amount_types`, or
  `one of @entity_labels|Legislator` (MODEL_CHOICES), so the choices follow data/model.yaml.
- `Example` is a JSON object of parameters (it must validate); `Returns` lists the columns, in order.
- `Cookbook: yes` puts the query in the cookbook (listed in docs/cookbook.md, served by GET/POST /queries).
  `Cookbook: no — <who uses it>` marks the internal queries the API, the build summary and the export run
  themselves (counts, exports, paged question lists): they carry the same complete header but are not listed
  and cannot be run through /queries.

The module does not import the API; the API router imports it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from graph.cypher import CYPHER_DIR
from graph.messages import shown
from graph.model import ENTITY_LABELS, AmountType
from graph.resources import COOKBOOK_DOC
from graph.store import Store

QUERIES_DIR = CYPHER_DIR / "queries"
DOC_PATH = COOKBOOK_DOC

FIELDS = ("Question", "Parameters", "Example", "Returns", "Cookbook")  # required, in this order
OPTIONAL_FIELDS = ("Notes",)
TYPES = ("string", "integer", "number", "boolean", "list<string>")
# Every value is sent to the server in one Bolt message, which the embedded server refuses beyond 16 MiB with a
# DatabaseError (that was a 500). No parameter needs more than ids, years and a few words: bound them here.
MAX_STRING_CHARS = 1_000
MAX_LIST_ITEMS = 1_000
SHOWN_CHARS = 80  # how much of a bad value an error message quotes

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_FIELD_LINE = re.compile(r"^//\s?([A-Z][a-z]+):\s*(.*)$")
_CONTINUATION = re.compile(r"^//\s{2,}(\S.*)$")
# one parameter: `name (spec) — description`, up to the next `; name (` or the end
_PARAM = re.compile(
    r"(?P<name>[a-z_][a-z0-9_]*)\s*\((?P<spec>[^)]*)\)\s*(?:(?:—|--|-)\s*(?P<doc>.*?))?\s*"
    r"(?=;\s*[a-z_][a-z0-9_]*\s*\(|$)"
)
_RANGE = re.compile(r"^(-?\d+(?:\.\d+)?)?\.\.(-?\d+(?:\.\d+)?)?$")
_PARAM_USE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")

# Parameters a query may use without declaring them: the cookbook fills them in from the model, never the caller. A
# query about "any entity" takes the labels as $entity_labels (`any(l IN labels(e) WHERE l IN $entity_labels)`), so
# a label added to data/model.yaml is found without touching the Cypher.
MODEL_PARAMETERS: dict[str, list[str]] = {"entity_labels": [str(label) for label in ENTITY_LABELS]}
# The lists a header's `one of @name` stands for.
MODEL_CHOICES: dict[str, tuple[str, ...]] = {
    "entity_labels": tuple(MODEL_PARAMETERS["entity_labels"]),
    "amount_types": tuple(str(kind) for kind in AmountType),
}


class HeaderError(ValueError):
    """A query file's header is missing a field or does not parse; the message names the file."""


class ParameterError(ValueError):
    """Parameters that do not match a query's declared parameters; the message names the parameter."""

    def __init__(self, message: str, parameter: str | None = None) -> None:
        super().__init__(message)
        self.parameter = parameter


class UnknownQuery(LookupError):
    """No cookbook query of that name."""


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    required: bool
    default: Any = None
    description: str = ""
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] | None = None

    def spec(self) -> str:
        """The declaration as written in a header: `limit (integer, default 50, 1..1000)`."""
        parts = [self.type, "required" if self.required else f"default {json.dumps(self.default, ensure_ascii=False)}"]
        if self.minimum is not None or self.maximum is not None:
            parts.append(f"{_num(self.minimum)}..{_num(self.maximum)}")
        if self.choices:
            parts.append("one of " + "|".join(self.choices))
        return f"{self.name} ({', '.join(parts)})"

    def bounds(self) -> str:
        if self.minimum is not None and self.maximum is not None:
            return f"from {_num(self.minimum)} to {_num(self.maximum)}"
        return f"at least {_num(self.minimum)}" if self.minimum is not None else f"at most {_num(self.maximum)}"

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "type": self.type, "required": self.required, "default": self.default,
                "description": self.description, "minimum": self.minimum, "maximum": self.maximum,
                "choices": list(self.choices) if self.choices else None}

    def check(self, value: Any) -> Any:
        """The value if it fits this parameter, else ParameterError naming it."""
        if value is None:
            if self.required:
                raise ParameterError(f"parameter {self.name!r} is required and may not be null", self.name)
            if self.default is not None:
                raise ParameterError(f"parameter {self.name!r} may not be null (leave it out for its default "
                                     f"{json.dumps(self.default)})", self.name)
            return None
        ok = {
            "string": isinstance(value, str),
            "integer": isinstance(value, int) and not isinstance(value, bool),
            "number": isinstance(value, int | float) and not isinstance(value, bool),
            "boolean": isinstance(value, bool),
            "list<string>": isinstance(value, list) and all(isinstance(v, str) for v in value),
        }[self.type]
        if not ok:
            raise ParameterError(f"parameter {self.name!r} must be {_article(self.type)}, "
                                 f"not {shown(value, SHOWN_CHARS)}", self.name)
        _check_size(self.name, value)
        if isinstance(value, int) and not -(2**63) <= value < 2**63:  # Bolt carries 64-bit integers only
            raise ParameterError(f"parameter {self.name!r} does not fit in a 64-bit integer", self.name)
        if self.minimum is not None and value < self.minimum or self.maximum is not None and value > self.maximum:
            raise ParameterError(f"parameter {self.name!r} must be {self.bounds()}, not {value}", self.name)
        if self.choices is not None:
            bad = [v for v in (value if isinstance(value, list) else [value]) if v not in self.choices]
            if bad:
                raise ParameterError(f"parameter {self.name!r} must be one of {', '.join(self.choices)}, not "
                                     f"{shown(bad[0], SHOWN_CHARS)}", self.name)
        if self.type == "string" and not value.strip():
            raise ParameterError(f"parameter {self.name!r} may not be empty", self.name)
        return value


def _check_size(name: str, value: Any) -> None:
    if isinstance(value, str) and len(value) > MAX_STRING_CHARS:
        raise ParameterError(f"parameter {name!r} is too long: {len(value):,} characters, at most "
                             f"{MAX_STRING_CHARS:,}", name)
    if isinstance(value, list):
        if len(value) > MAX_LIST_ITEMS:
            raise ParameterError(f"parameter {name!r} has too many items: {len(value):,}, at most "
                                 f"{MAX_LIST_ITEMS:,}", name)
        for item in value:
            _check_size(name, item)


@dataclass(frozen=True)
class Query:
    name: str
    question: str
    parameters: tuple[Parameter, ...]
    example: dict[str, Any]
    returns: tuple[str, ...]
    cookbook: bool
    text: str
    path: Path
    notes: str = ""
    usage: str = field(default="", compare=False)  # for internal queries: who runs them
    model_parameters: tuple[str, ...] = ()  # the MODEL_PARAMETERS its Cypher uses, filled in by execute()

    def parameter(self, name: str) -> Parameter | None:
        return next((p for p in self.parameters if p.name == name), None)

    def validate(self, params: dict[str, Any] | None) -> dict[str, Any]:
        """Every declared parameter with its value: the given one (checked) or its default.

        Raises ParameterError for an unknown parameter, a missing required one or a value of the wrong type,
        out of range or not among the choices.
        """
        params = {} if params is None else params
        if not isinstance(params, dict):
            raise ParameterError("parameters must be a JSON object of name: value")
        declared = [p.name for p in self.parameters]
        for key in params:
            if key in self.model_parameters:
                raise ParameterError(f"parameter {key!r} is filled in from the graph model (data/model.yaml), not "
                                     "given", key)
            if key not in declared:
                takes = ", ".join(declared) if declared else "no parameters"
                named = repr(key) if len(key) <= SHOWN_CHARS else shown(key, SHOWN_CHARS)
                raise ParameterError(f"unknown parameter {named}; {self.name} takes {takes}", key[:SHOWN_CHARS])
        values: dict[str, Any] = {}
        for p in self.parameters:
            if p.name not in params:
                if p.required:
                    raise ParameterError(f"missing required parameter {p.name!r} ({p.type}): {p.description}",
                                         p.name)
                values[p.name] = p.default
            else:
                values[p.name] = p.check(params[p.name])
        return values

    def model_values(self) -> dict[str, list[str]]:
        """The model's parameters this query uses, with their values."""
        return {name: MODEL_PARAMETERS[name] for name in self.model_parameters}

    def as_dict(self) -> dict[str, Any]:
        return {"name": self.name, "question": self.question, "parameters": [p.as_dict() for p in self.parameters],
                "example": self.example, "returns": list(self.returns), "notes": self.notes or None,
                "model_parameters": self.model_values()}


@dataclass
class Result:
    """What a query returned: the column names and the rows as lists of driver values (nodes, paths, …)."""

    name: str
    columns: list[str]
    rows: list[list[Any]]

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def column(self, name: str) -> list[Any]:
        i = self.columns.index(name)
        return [row[i] for row in self.rows]


# --- parsing ----------------------------------------------------------------------------------------------------


def parse(text: str, path: Path) -> Query:
    """The query of one file, from its header; HeaderError says what is wrong and where."""
    name = path.stem
    where = f"{path.name}"
    if not _NAME.match(name):
        raise HeaderError(f"{where}: a query name is lower_snake_case, not {name!r}")
    fields: dict[str, str] = {}
    order: list[str] = []
    last: str | None = None
    body_lines: list[str] = []
    in_header = True
    for line in text.splitlines():
        stripped = line.strip()
        if in_header and stripped.startswith("//"):
            if (m := _CONTINUATION.match(stripped)) and last is not None:
                fields[last] += " " + m.group(1).strip()
            elif m := _FIELD_LINE.match(stripped):
                key = m.group(1)
                if key not in FIELDS + OPTIONAL_FIELDS:
                    raise HeaderError(f"{where}: unknown header field {key!r}; fields are "
                                      f"{', '.join(FIELDS + OPTIONAL_FIELDS)}")
                if key in fields:
                    raise HeaderError(f"{where}: header field {key!r} appears twice")
                fields[key] = m.group(2).strip()
                order.append(key)
                last = key
            else:
                raise HeaderError(f"{where}: header line is not `// Field: value` or a `//   continuation`: {line!r}")
            continue
        if in_header and not stripped:
            continue
        in_header = False
        body_lines.append(line)
    missing = [f for f in FIELDS if f not in fields]
    if missing:
        raise HeaderError(f"{where}: header lacks {', '.join(missing)} (every query file needs "
                          f"{', '.join(FIELDS)})")
    if [f for f in order if f in FIELDS] != list(FIELDS):
        raise HeaderError(f"{where}: header fields must come in the order {', '.join(FIELDS)}")
    for f in FIELDS:
        if not fields[f]:
            raise HeaderError(f"{where}: header field {f} is empty")
    body = "\n".join(body_lines).strip()
    if not body:
        raise HeaderError(f"{where}: no Cypher after the header")

    parameters = _parse_parameters(fields["Parameters"], where)
    try:
        example = json.loads(fields["Example"])
    except json.JSONDecodeError as error:
        raise HeaderError(f"{where}: Example is not JSON: {error}") from None
    if not isinstance(example, dict):
        raise HeaderError(f"{where}: Example must be a JSON object of parameters")
    returns = tuple(c.strip() for c in fields["Returns"].split(","))
    if not all(re.fullmatch(r"[a-z_][a-z0-9_]*", c) for c in returns):
        raise HeaderError(f"{where}: Returns is a comma-separated list of column names, not {fields['Returns']!r}")
    flag = re.fullmatch(r"(yes|no)(?:\s*(?:—|--|-)\s*(.+))?", fields["Cookbook"])
    if not flag or flag.group(1) == "yes" and flag.group(2):
        raise HeaderError(f"{where}: Cookbook is `yes` or `no — who uses it`, not {fields['Cookbook']!r}")
    cookbook, usage = flag.group(1) == "yes", (flag.group(2) or "").strip()
    used = set(_PARAM_USE.findall(re.sub(r"//[^\n]*", "", body)))
    declared = {p.name for p in parameters}
    if from_model := sorted(declared & set(MODEL_PARAMETERS)):
        raise HeaderError(f"{where}: parameter {from_model[0]} is filled in from the model: do not declare it")
    if used - set(MODEL_PARAMETERS) != declared:
        raise HeaderError(f"{where}: declared parameters {sorted(declared)} differ from those the Cypher uses "
                          f"{sorted(used - set(MODEL_PARAMETERS))}")
    query = Query(name=name, question=fields["Question"], parameters=parameters, example=example, returns=returns,
                  cookbook=cookbook, text=text, path=path, notes=fields.get("Notes", ""), usage=usage,
                  model_parameters=tuple(sorted(used & set(MODEL_PARAMETERS))))
    try:
        query.validate(example)
    except ParameterError as error:
        raise HeaderError(f"{where}: Example does not fit the parameters: {error}") from None
    return query


def _parse_parameters(text: str, where: str) -> tuple[Parameter, ...]:
    if text.strip().lower() in ("none", "none."):
        return ()
    params: list[Parameter] = []
    pos = 0
    text = text.strip()
    while pos < len(text):
        m = _PARAM.match(text, pos)
        if not m:
            raise HeaderError(f"{where}: cannot read the parameter at {text[pos:pos + 40]!r}; write "
                              "`name (type, required|default JSON[, MIN..MAX][, one of a|b]) — description`")
        params.append(_parse_spec(m.group("name"), m.group("spec"), (m.group("doc") or "").strip(), where))
        pos = m.end()
        rest = re.match(r"\s*;\s*", text[pos:])
        if rest:
            pos += rest.end()
        elif pos < len(text):
            raise HeaderError(f"{where}: expected `;` between parameters at {text[pos:pos + 40]!r}")
    names = [p.name for p in params]
    if len(set(names)) != len(names):
        raise HeaderError(f"{where}: a parameter is declared twice: {names}")
    return tuple(params)


def _choices(text: str, name: str, where: str) -> tuple[str, ...]:
    """`a|b|c`, where `@list` stands for the values of a list of the model (MODEL_CHOICES)."""
    choices: list[str] = []
    for choice in (c.strip() for c in text.split("|")):
        if not choice.startswith("@"):
            choices.append(choice)
        elif choice[1:] in MODEL_CHOICES:
            choices += MODEL_CHOICES[choice[1:]]
        else:
            raise HeaderError(f"{where}: parameter {name}: no list {choice!r} in the model; one of "
                              f"{', '.join('@' + k for k in MODEL_CHOICES)}")
    return tuple(choices)


def _parse_spec(name: str, spec: str, doc: str, where: str) -> Parameter:
    parts = [s.strip() for s in spec.split(",")]
    ptype, options = parts[0], parts[1:]
    if ptype not in TYPES:
        raise HeaderError(f"{where}: parameter {name}: type {ptype!r} is not one of {', '.join(TYPES)}")
    required, has_default, default = False, False, None
    minimum = maximum = None
    choices: tuple[str, ...] | None = None
    for option in options:
        if option == "required":
            required = True
        elif option.startswith("default "):
            has_default = True
            try:
                default = json.loads(option[len("default "):])
            except json.JSONDecodeError:
                raise HeaderError(f"{where}: parameter {name}: default is not a JSON literal: {option!r}") from None
        elif (m := _RANGE.match(option)) and ptype in ("integer", "number"):
            minimum = float(m.group(1)) if m.group(1) is not None else None
            maximum = float(m.group(2)) if m.group(2) is not None else None
            if ptype == "integer":
                minimum = int(minimum) if minimum is not None else None
                maximum = int(maximum) if maximum is not None else None
        elif option.startswith("one of "):
            choices = _choices(option[len("one of "):], name, where)
        else:
            raise HeaderError(f"{where}: parameter {name}: cannot read {option!r}")
    if required == has_default:
        raise HeaderError(f"{where}: parameter {name} must be either `required` or have a `default`")
    param = Parameter(name, ptype, required, default, doc, minimum, maximum, choices)
    if has_default and default is not None:
        try:
            param.check(default)
        except ParameterError as error:
            raise HeaderError(f"{where}: parameter {name}: its default does not fit: {error}") from None
    return param


# --- the catalogue ----------------------------------------------------------------------------------------------


@cache
def all_queries() -> dict[str, Query]:
    """Every query file in cypher/queries (cookbook and internal), by name, in name order."""
    return {path.stem: parse(path.read_text(encoding="utf-8"), path) for path in sorted(QUERIES_DIR.glob("*.cypher"))}


def queries() -> list[Query]:
    """The cookbook: the queries marked `Cookbook: yes`, in name order."""
    return [q for q in all_queries().values() if q.cookbook]


def get(name: str) -> Query:
    """One cookbook query by name; UnknownQuery if there is none (internal queries are not served)."""
    query = all_queries().get(name)
    if query is None or not query.cookbook:
        raise UnknownQuery(f"no cookbook query {name!r}")
    return query


def run(store: Store, name: str, params: dict[str, Any] | None = None) -> Result:
    """Run a cookbook query by name with checked parameters (defaults filled in), in a read transaction.

    Rows keep the driver's values (Node, Relationship, Path), unlike Store.read which flattens them to dicts.
    """
    query = get(name)
    values = query.validate(params)
    return execute(store, query, values)


def execute(store: Store, query: Query, values: dict[str, Any]) -> Result:
    """Run a query with validated `values` and the model's parameters it uses."""
    columns, rows = store.read_rows(query.text, **values, **query.model_values())
    if not columns and not rows:  # ArcadeDB names no columns when there are no rows; Neo4j always does
        columns = list(query.returns)
    return Result(query.name, columns, rows)


# --- docs/cookbook.md -------------------------------------------------------------------------------------------


def markdown() -> str:
    """docs/cookbook.md, generated from the headers (`python -m graph.cookbook > docs/cookbook.md`)."""
    out = [
        "# The Cypher cookbook",
        "",
        "<!-- Generated from the headers of cypher/queries/*.cypher by `python -m graph.cookbook > docs/cookbook.md`;",
        "     do not edit by hand (tests/test_cookbook.py checks that it is up to date). -->",
        "",
        "Named, read-only queries for researchers and journalists. Each lives in `cypher/queries/<name>.cypher`,",
        "runs unchanged on the embedded ArcadeDB server and on Neo4j 5, and can be run",
        "",
        "- over HTTP: `GET /queries` lists them, `GET /queries/{name}` describes one, and",
        "  `POST /queries/{name}` with a JSON object of parameters runs it and returns",
        "  `{\"name\", \"columns\", \"rows\"}` (rows are lists; nodes, relationships and paths in the API's graph",
        "  shape);",
        "  an unknown name gives 404, bad parameters 422 with a message naming the parameter;",
        "- from Python: `graph.cookbook.run(store, name, params)`;",
        "- in Neo4j Browser or cypher-shell: paste the file and set its parameters",
        "  (`:param entity_id => 'scheme:gsps'`); give every parameter a value, `null` for the optional ones left out,",
        "  and the model's own parameters the query lists (below) the values shown.",
        "",
        "Money comes in two shapes, never mixed: a **flow** from a payer to a payee is a `FUNDS` edge",
        "(`entity_funding`, `scheme_funding_recipients`, `funding_totals`, `funding_by_fiscal_year`,",
        "`top_funded_recipients`: who pays whom); a **figure about one thing** — a budget, a change on last year,",
        "a cap, threshold or average per recipient, a salary, a cost — is a `(:Figure)-[:ABOUT]->(thing)` node",
        "(`figures_about`: every figure about X, by year and type). Amounts are never added across `amount_type`s,",
        "currencies, units (`per`) or bounds (`bound`): totals are of flows only, one row per kind, and figures are",
        "never summed (`amount` is in the units of `currency`; `amount_hkd` exists only for HKD amounts).",
        "",
        "## Header format",
        "",
        "```",
        "// Question: Who asked about a given scheme, institution, company, department or bureau?",
        "// Parameters: entity_id (string, required) — an entity id such as \"scheme:gsps\";",
        "//   limit (integer, default 50, 1..1000) — most rows",
        "// Example: {\"entity_id\": \"scheme:gsps\"}",
        "// Returns: legislator_id, legislator, question_count, reply_nos",
        "// Cookbook: yes",
        "// Notes: optional remarks",
        "```",
        "",
        "Parameter types: " + ", ".join(f"`{t}`" for t in TYPES) + ". Each parameter is `required` or has a",
        "`default` (a JSON literal; `default null` = optional, guarded in the Cypher by `$x IS NULL OR …`);",
        "an optional `MIN..MAX` range and `one of a|b|c` restrict it. Unknown parameters are rejected. Files marked",
        "`Cookbook: no — <who uses it>` are internal queries of the API, the build summary and the export: they have",
        "the same header but are not listed here and are not served by `/queries`.",
        "",
        "The graph's vocabulary is declared once, in `data/model.yaml`: a query about any entity does not spell the",
        "labels out but takes them as `$entity_labels`, which the cookbook fills in from the model (a caller does not",
        "pass it, and may not); a header's `one of @entity_labels` or `one of @amount_types` offers the model's lists",
        "as choices.",
        "",
        "## Queries",
        "",
    ]
    for q in queries():
        out.append(f"- [`{q.name}`](#{q.name}) — {q.question}")
    out.append("")
    for q in queries():
        out += [f"### {q.name}", "", q.question, ""]
        if q.parameters:
            out += ["| parameter | type | | description |", "|---|---|---|---|"]
            for p in q.parameters:
                need = "required" if p.required else f"default `{json.dumps(p.default, ensure_ascii=False)}`"
                extra = []
                if p.minimum is not None or p.maximum is not None:
                    extra.append(f"{_num(p.minimum)}..{_num(p.maximum)}")
                if p.choices:
                    extra.append("one of " + ", ".join(f"`{c}`" for c in p.choices))
                kind = p.type + (f" ({'; '.join(extra)})" if extra else "")
                out.append(f"| `{p.name}` | {kind} | {need} | {p.description} |")
            out.append("")
        else:
            out += ["Parameters: none.", ""]
        for name, values in q.model_values().items():
            listed = ", ".join(json.dumps(v, ensure_ascii=False) for v in values)
            out += [f"Filled in from the model: `{name}` = `[{listed}]`.", ""]
        out += [f"Example: `{json.dumps(q.example, ensure_ascii=False)}`", "",
                "Returns: " + ", ".join(f"`{c}`" for c in q.returns), ""]
        if q.notes:
            out += [q.notes, ""]
        out += [f"File: [`cypher/queries/{q.path.name}`](../cypher/queries/{q.path.name})", ""]
    return "\n".join(out).rstrip() + "\n"


def _num(x: float | None) -> str:
    if x is None:
        return ""
    return str(int(x)) if float(x).is_integer() else str(x)


def _article(type_name: str) -> str:
    return {"integer": "an integer", "list<string>": "a list of strings"}.get(type_name, f"a {type_name}")


if __name__ == "__main__":
    print(markdown(), end="")
