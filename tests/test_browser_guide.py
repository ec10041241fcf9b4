"""The Neo4j Browser guide (cypher/browser/innograph.html) and style (cypher/browser/style.grass).

Every runnable query of the guide runs on the loaded corpus and returns rows; the style parses the way Neo4j
Browser parses GraSS and covers every label and relationship type of graph/model.py.
"""

from __future__ import annotations

import importlib.util
import re
import threading
import urllib.request
from html.parser import HTMLParser
from pathlib import Path

import pytest

from graph.model import Label, Rel
from graph.store import Store

BROWSER_DIR = Path(__file__).resolve().parent.parent / "cypher" / "browser"
GUIDE = BROWSER_DIR / "innograph.html"
STYLE = BROWSER_DIR / "style.grass"

VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


# --- the guide ----------------------------------------------------------------------------------------------------


class GuideParser(HTMLParser):
    """Collects the runnable queries (text of <pre class="... runnable ...">) per slide, and checks nesting."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.slides: list[list[str]] = []  # runnable queries of each slide, in order
        self.tags: list[tuple[str, dict[str, str | None], tuple[str, ...]]] = []  # (tag, attrs, open ancestors)
        self._query: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes, tuple(self.stack)))
        if tag == "slide":
            self.slides.append([])
        if tag == "pre" and "runnable" in (attributes.get("class") or "").split():
            if not self.slides or "slide" not in self.stack:
                self.errors.append(f"line {self.getpos()[0]}: runnable query outside a <slide>")
            self._query = []
        if tag not in VOID_TAGS:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs), tuple(self.stack)))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID_TAGS:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"line {self.getpos()[0]}: </{tag}> closes <{self.stack[-1] if self.stack else '-'}>")
            return
        self.stack.pop()
        if tag == "pre" and self._query is not None:
            self.slides[-1].append("".join(self._query).strip())
            self._query = None

    def handle_data(self, data: str) -> None:
        if self._query is not None:
            self._query.append(data)


def parse_guide() -> GuideParser:
    parser = GuideParser()
    parser.feed(GUIDE.read_text(encoding="utf-8"))
    parser.close()
    return parser


GUIDE_QUERIES = [
    pytest.param(query, id=f"slide{s}-query{q}")
    for s, queries in enumerate(parse_guide().slides, start=1)
    for q, query in enumerate(queries, start=1)
]


def test_the_guide_is_in_the_browser_guide_format() -> None:
    guide = parse_guide()
    assert guide.errors == []
    assert guide.stack == [], f"unclosed tags: {guide.stack}"
    articles = [(attrs, parents) for tag, attrs, parents in guide.tags if tag == "article"]
    assert len(articles) == 1 and "guide" in (articles[0][0].get("class") or "").split()
    carousels = [parents for tag, _, parents in guide.tags if tag == "carousel"]
    assert len(carousels) == 1 and carousels[0][-1] == "article"
    slides = [parents for tag, _, parents in guide.tags if tag == "slide"]
    assert len(slides) >= 8
    assert all(parents[-1] == "carousel" for parents in slides), "every <slide> sits directly in the <carousel>"
    # Browser strips scripts and event handlers: the guide must not depend on them.
    assert not [tag for tag, _, _ in guide.tags if tag == "script"]
    assert not [name for _, attrs, _ in guide.tags for name in attrs if name.startswith("on")]


def test_the_guide_walks_through_the_graph() -> None:
    text = " ".join(q for queries in parse_guide().slides for q in queries)
    assert len(GUIDE_QUERIES) >= 20
    for needle in (
        "ASKED_ABOUT",
        "FUNDS",
        "amount_type",
        "shortestPath",
        "allShortestPaths",
        "quote",
        "source_id",
        "reply_no",
        "char_start",
        "char_end",
        "MENTIONS",
        "ADMINISTERS",
        "PART_OF",
        ":Figure",
        ":ABOUT",
        "table_row",
    ):
        assert needle in text, needle


@pytest.mark.parametrize("query", GUIDE_QUERIES)
def test_guide_query_is_one_plain_cypher_statement(query: str) -> None:
    assert query, "empty runnable block"
    assert not query.startswith(":"), "Browser commands are not runnable queries here"
    assert not query.rstrip().endswith(";"), "one statement per block, without a trailing semicolon"
    assert "$" not in query, "guide queries take no parameters (Browser would need :param first)"


@pytest.mark.parametrize("query", GUIDE_QUERIES)
def test_guide_query_returns_rows(corpus_store: Store, query: str) -> None:
    rows = corpus_store.read(query)
    assert rows, f"no rows from:\n{query}"


# A bound (超過 X), a rate (per year) or a range (3至5億元) is never added to exact amounts: a query that sums keeps
# each apart, by grouping on it or filtering it out (for a range: summing its upper ends apart, as total_max).
KEPT_APART = {
    "bound": (r"\.bound IS NULL", r"\.bound AS"),
    "per": (r"\.per IS NULL", r"\.per AS"),
    "amount_max": (r"\.amount_max IS NULL", r"sum\(coalesce\(\w+\.amount_max"),
}


def summing_queries() -> list[str]:
    return [q for queries in parse_guide().slides for q in queries if re.search(r"sum\(\s*(coalesce\()?\w+\.amount", q)]


def test_amounts_of_different_kinds_are_never_added_in_the_guide() -> None:
    """Every query of the guide that sums amounts sums flows (FUNDS) only, groups by amount_type (or filters one) and
    currency, and keeps bounds, rates and ranges apart from exact amounts; figures about one thing are never summed."""
    assert summing_queries()
    for query in summing_queries():
        assert ":FUNDS" in query and ":Figure" not in query, query
        assert "amount_type" in query and "currency" in query, query
        for name, ways in KEPT_APART.items():
            assert any(re.search(way, query) for way in ways), f"{name} not kept apart in:\n{query}"


def test_the_guide_shows_the_funds_figures_by_year_from_their_table(corpus_store: Store) -> None:
    """The figures slide's first query lists the ITF's spending by year from ITIB127's table, whose total row reads
    「總數 1,864.6 2,180.1 2,856.8 3,025.2 4,145.4」 (百萬元; 2020-21 to 2023-24 actual, 2024-25 revised estimate)."""
    [query] = [q for queries in parse_guide().slides for q in queries if ":Figure" in q and "scheme:itf" in q]
    rows = corpus_store.read(query)
    from_itib127 = {
        (row["fiscal_year"], row["amount_type"]): row["amount_hkd"] for row in rows if "ITIB127" in row["replies"]
    }
    assert from_itib127 == {
        ("2020-21", "actual"): 1_864_600_000,
        ("2021-22", "actual"): 2_180_100_000,
        ("2022-23", "actual"): 2_856_800_000,
        ("2023-24", "actual"): 3_025_200_000,
        ("2024-25", "revised_estimate"): 4_145_400_000,
    }
    assert {row["table_row"] for row in rows if "ITIB127" in row["replies"]} == {"總數"}


# --- the style ----------------------------------------------------------------------------------------------------


def browser_parse_grass(text: str) -> dict[str, dict[str, str]]:
    """A port of Neo4j Browser's GraSS parser (parseGrassCSS in src/shared/services/grassUtils.ts): quotes toggle
    a string and are dropped, braces open and close a rule, a property is `key: value` split on ';' and ':'."""
    rules: dict[str, str] = {}
    inside_string = inside_props = inside_binding = False
    keyword = props = ""
    for c in text:
        skip = True
        if c == "{":
            if inside_string:
                skip = False
            elif inside_props:
                inside_binding = True
            else:
                inside_props = True
        elif c == "}":
            if inside_string:
                skip = False
            elif inside_binding:
                inside_binding = False
            else:
                inside_props = False
                rules[keyword] = props
                keyword = props = ""
        elif c in "'\"":
            inside_string = not inside_string
        else:
            skip = False
        if skip:
            continue
        if inside_props:
            props += c
        elif not c.isspace():
            keyword += c
    parsed: dict[str, dict[str, str]] = {}
    for selector, body in rules.items():
        parsed[selector] = {}
        for prop in body.split(";"):
            parts = prop.split(":")
            if len(parts) == 2:
                parsed[selector][parts[0].strip()] = parts[1].strip()
    return parsed


_RULE = re.compile(r"(?P<selector>[^{}\s]+)\s*\{(?P<body>[^{}]*(?:\"[^\"]*\"[^{}]*)*)\}", re.S)
_PROP = re.compile(r"^\s*(?P<key>[a-z-]+)\s*:\s*(?P<value>\"[^\"]*\"|[^;\"]+?)\s*$")
NODE_PROPS = {"diameter", "color", "border-color", "border-width", "text-color-internal", "font-size", "caption"}
REL_PROPS = {"color", "shaft-width", "font-size", "padding", "text-color-external", "text-color-internal", "caption"}


def strict_parse_grass(text: str) -> dict[str, dict[str, str]]:
    """A stricter reading of the same file: only `selector { key: value; ... }` rules, nothing between them."""
    rules: dict[str, dict[str, str]] = {}
    position = 0
    for match in _RULE.finditer(text):
        between = text[position : match.start()]
        assert not between.strip(), f"unexpected text between rules: {between.strip()!r} (GraSS has no comments)"
        position = match.end()
        selector = match["selector"]
        assert selector not in rules, f"{selector} defined twice"
        props: dict[str, str] = {}
        for declaration in filter(str.strip, match["body"].split(";")):
            prop = _PROP.match(declaration)
            assert prop, f"{selector}: cannot read {declaration.strip()!r}"
            assert prop["key"] not in props, f"{selector}: {prop['key']} set twice"
            props[prop["key"]] = prop["value"].strip('"')
        rules[selector] = props
    assert not text[position:].strip(), f"unexpected text after the last rule: {text[position:].strip()!r}"
    return rules


def test_the_style_parses_the_way_browser_reads_it() -> None:
    text = STYLE.read_text(encoding="utf-8")
    strict = strict_parse_grass(text)
    browser = browser_parse_grass(text)
    assert set(browser) == set(strict)
    for selector, props in strict.items():
        # Browser keeps a declaration only when it has exactly one ':'; a caption must be quoted or its braces go.
        assert browser[selector] == props, selector
        kind = selector.split(".", 1)[0]
        assert kind in ("node", "relationship"), selector
        allowed = NODE_PROPS if kind == "node" else REL_PROPS
        assert set(props) <= allowed, f"{selector}: unknown {set(props) - allowed}"
        for key, value in props.items():
            if "color" in key:
                assert re.fullmatch(r"#[0-9A-Fa-f]{6}", value), f"{selector} {key}: {value}"
            elif key in ("diameter", "border-width", "font-size", "shaft-width", "padding"):
                assert re.fullmatch(r"\d+px", value), f"{selector} {key}: {value}"
            elif key == "caption":
                assert re.fullmatch(r"\{[a-z_]+\}|<type>|<id>", value), f"{selector} caption: {value}"


def test_the_style_covers_every_label_and_relationship_type() -> None:
    rules = strict_parse_grass(STYLE.read_text(encoding="utf-8"))
    assert "node" in rules and "relationship" in rules
    assert {s.split(".", 1)[1] for s in rules if s.startswith("node.")} == {label.value for label in Label}
    assert {s.split(".", 1)[1] for s in rules if s.startswith("relationship.")} == {rel.value for rel in Rel}
    for label in Label:
        props = rules[f"node.{label}"]
        assert {"color", "diameter", "caption"} <= set(props), label
        assert props["caption"] == ("{reply_no}" if label == Label.QUESTION else "{name}"), label
    for rel in Rel:
        assert {"color", "shaft-width", "caption"} <= set(rules[f"relationship.{rel}"]), rel
    assert rules["relationship.FUNDS"]["caption"] == "{amount_text}"
    assert rules["relationship.ASKED_ABOUT"]["caption"] == "{question_count}"
    colours = [rules[f"node.{label}"]["color"].upper() for label in Label]
    assert len(set(colours)) == len(colours), "each label has a colour of its own"


def test_every_caption_property_is_set_in_the_loaded_graph(corpus_store: Store) -> None:
    """A caption naming a property that nodes lack would show nothing: check the corpus has it everywhere."""
    rules = strict_parse_grass(STYLE.read_text(encoding="utf-8"))
    for selector, props in rules.items():
        caption = props.get("caption", "")
        if "." not in selector or not caption.startswith("{"):
            continue
        kind, name = selector.split(".", 1)
        prop = caption.strip("{}")
        # Labels and types come from the model's allow-list (checked above), so formatting them in is safe.
        pattern = f"(x:{name})" if kind == "node" else f"()-[x:{name}]->()"
        # a recipient listed without its amount (ITIB091's companies) is a FUNDS edge with no amount_text to show
        listed = " WHERE x.amount IS NOT NULL" if name == "FUNDS" else ""
        [row] = corpus_store.read(
            f"MATCH {pattern}{listed} RETURN count(x) AS total, count(x[$prop]) AS with_caption", prop=prop
        )
        assert row["total"] > 0, f"no {name} in the corpus"
        assert row["with_caption"] == row["total"], f"{row['total'] - row['with_caption']} {name} without {prop}"


# --- serving them -------------------------------------------------------------------------------------------------


def test_serve_py_serves_the_guide_and_style_with_cors() -> None:
    spec = importlib.util.spec_from_file_location("innograph_browser_serve", BROWSER_DIR / "serve.py")
    assert spec and spec.loader
    serve = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(serve)
    server = serve.make_server(port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        for name, needle in (("innograph.html", '<article class="guide'), ("style.grass", "relationship.FUNDS")):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/{name}", timeout=10) as response:
                assert response.headers["Access-Control-Allow-Origin"] == "*"
                assert "charset=utf-8" in response.headers["Content-Type"]
                assert needle in response.read().decode("utf-8")
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
