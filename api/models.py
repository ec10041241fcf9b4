"""The API's models, all of them: the choices it offers, the request body of POST /cypher, and every response.

Field names follow the graph model (DESIGN.md §3), and the choices (labels, amount types, metrics) are built from
it (data/model.yaml via graph.model), so the OpenAPI document lists the model's own values as enums.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from graph import cypher, readonly
from graph.analytics import METRICS, PROJECTION_LABELS
from graph.model import ENTITY_LABELS, Rel
from graph.passages import PARTS, PASSAGE_LABELS
from graph.search import MATCH_KINDS, SEARCH_LABELS

T = TypeVar("T")


# --- choices, from the model ----------------------------------------------------------------------------------------


def _choices(name: str, values: Iterable[object]) -> type[StrEnum]:
    """An enum whose members are the values themselves, for the OpenAPI document to list."""
    return StrEnum(name, {str(v): str(v) for v in values}, module=__name__)  # type: ignore[call-overload]


EntityLabel = _choices("EntityLabel", ENTITY_LABELS)  # the entities found in the documents' text
SearchLabel = _choices("SearchLabel", SEARCH_LABELS)  # what /search finds
AnalysedLabel = _choices("AnalysedLabel", PROJECTION_LABELS)  # the nodes the analytics are computed on
Metric = _choices("Metric", METRICS)  # degree (degree centrality) or betweenness
RelType = _choices("RelType", Rel)  # the relationship types of the model
MatchKind = _choices("MatchKind", MATCH_KINDS)  # how a search hit matched, best first (graph/search.py)
PassageLabel = _choices("PassageLabel", PASSAGE_LABELS)  # what passages are lines of (GET /passages)
PassagePart = _choices("PassagePart", PARTS)  # question, answer or document


class ErrorBody(BaseModel):
    detail: str = Field(examples=["no question ITIB999"])


class BuildInfo(BaseModel):
    """What made the graph in the store: the Build node the last load wrote."""

    loader_version: str = Field(description="Package version + digest of the loaders' code, rules, gazetteer and model",
                                examples=["0.1.0+f18598fa9d95"])
    corpus_digest: str = Field(description="sha256 over the documents' sha256, in order", examples=["0032afaf…"])
    documents: int = Field(examples=[5])
    started: str = Field(description="UTC, ISO 8601", examples=["2026-12-02T07:06:51+00:00"])
    finished: str = Field(description="When the graph was ready to write (UTC)", examples=["2026-12-02T07:06:55+00:00"])
    node_counts: list[str] = Field(examples=[["Question=251", "Legislator=64"]])
    relationship_counts: list[str] = Field(examples=[["ASKED=251", "FUNDS=166"]])


class Health(BaseModel):
    status: str = Field(description='"ok", or "unavailable" (with status code 503) when the store cannot be used',
                        examples=["ok"])
    store: str = Field(description="The Bolt server's agent string", examples=["Neo4j/5.26.0 compatible"])
    dialect: str = Field(examples=["arcadedb"])
    database: str = Field(examples=["neo4j"])
    reason: str | None = Field(default=None, description="Why the store is unavailable (null when ok)",
                               examples=["the embedded server (pid 4242) stopped; restarting it"])
    supervised: bool = Field(default=False, description="The embedded server is watched and restarted when it dies")
    restarts: int = Field(default=0, description="How often the supervisor restarted the embedded server")
    build: BuildInfo | None = Field(default=None, description="The load that made the graph (null before the first "
                                                              "build, or when the store is unavailable)")


class Stats(BaseModel):
    nodes: dict[str, int] = Field(examples=[{"Question": 251, "Legislator": 64}])
    relationships: dict[str, int] = Field(examples=[{"ASKED": 251}])
    total_nodes: int
    total_relationships: int


class ModelProperty(BaseModel):
    name: str = Field(examples=["amount_type"])
    type: str = Field(description="text, id, int, float, bool, amount, fiscal_year, date, text_list or enum",
                      examples=["enum"])
    description: str
    accumulates: bool = Field(description="Merged into one list when several sources state the same fact")
    detail: bool = Field(default=False, description="A long text or a fact's provenance: left out of neighbourhoods, "
                                                    "given by GET /entities/{id} and GET /relationships/{id}")
    values: list[str] = Field(default_factory=list, description="The allowed values of an enum")


class ModelLabel(BaseModel):
    name: str = Field(examples=["Scheme"])
    id_prefix: str = Field(examples=["scheme"])
    zh: str = Field(examples=["計劃"])
    en: str = Field(examples=["Scheme"])
    description: str = Field(description="What its nodes are", examples=["Funding schemes, funds, programmes and "
                                                                          "platforms"])
    colour: str = Field(examples=["#2563eb"])
    entity: bool = Field(description="Found in the documents' text (bureaus, departments, schemes, institutions, "
                                     "companies), as opposed to questions, programmes, documents and legislators")
    yearly: bool = Field(description="One node per fiscal year: its id carries the year (questions, programmes)")
    searchable: bool = Field(description="Found by GET /search (entities and legislators)")
    plural: str | None = Field(default=None, description="Entity labels: the name of its list (GET /schemes)",
                               examples=["schemes"])
    properties: list[str]


class ModelRelationship(BaseModel):
    name: str = Field(examples=["FUNDS"])
    zh: str = Field(examples=["資助"])
    description: str = Field(description="What an edge of this type states",
                             examples=["A flow of money: the start pays the end (an amount, its kind and year)"])
    start: list[str] = Field(description="Labels it may start at", examples=[["Bureau", "Department", "Scheme"]])
    end: list[str] = Field(description="Labels it may end at")
    properties: list[str]


class GraphModel(BaseModel):
    """The graph's vocabulary (data/model.yaml): what Cypher may ask for, and what each property means."""

    labels: list[ModelLabel]
    relationships: list[ModelRelationship]
    properties: list[ModelProperty]


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int = Field(description="How many items match, over all pages")
    limit: int
    offset: int


class QuestionSummary(BaseModel):
    id: str = Field(examples=["question:2025-26:ITIB001"])
    reply_no: str = Field(examples=["ITIB001"])
    question_no: str = Field(examples=["3130"])
    fiscal_year: str = Field(examples=["2025-26"])
    asker: str = Field(examples=["陳振英"])
    head_no: str = Field(examples=["135"])
    head_name: str = Field(examples=["政府總部：創新科技及工業局"])
    programmes: list[str] = Field(examples=[["(2) 創新科技及工業"]])
    excerpt: str = Field(description="The first 120 characters of the question")


class ProgrammeRef(BaseModel):
    id: str = Field(examples=["programme:2025-26:135:2"])
    label: str = Field(examples=["(2) 創新科技及工業"])
    number: str
    name: str


class BodyRef(BaseModel):
    id: str = Field(examples=["bureau:itib"])
    label: str = Field(examples=["Bureau"])
    name: str = Field(examples=["創新科技及工業局"])
    name_en: str | None = Field(default=None, examples=["Innovation, Technology and Industry Bureau"])


class DocumentRef(BaseModel):
    id: str = Field(examples=["doc:3942c1bfcb494316"])
    title: str
    publisher: str | None = None
    published: str | None = None


class QuestionDetail(BaseModel):
    model_config = ConfigDict(json_schema_extra={"example": {"reply_no": "ITIB001", "asker": "陳振英"}})

    id: str
    reply_no: str
    question_no: str
    fiscal_year: str
    asker: str
    legislator_id: str | None
    legco_ref: str | None = Field(description="LegCo internal reference no. of the question")
    head_no: str
    head_name: str
    subheads: list[str]
    programmes: list[ProgrammeRef]
    controlling_officer: str | None
    director_of_bureau: str | None
    addressed_to: BodyRef | None
    question_text: str
    answer_text: str
    reply_no_printed: bool = Field(description="False when the reply's body omits its number (taken from the index)")
    source: DocumentRef | None
    char_start: int = Field(description="Start of the reply in the document's normalised text")
    char_end: int


class LegislatorSummary(BaseModel):
    id: str = Field(examples=["legislator:陳振英"])
    name: str = Field(examples=["陳振英"])
    name_en: str | None = None
    question_count: int


class LegislatorQuestion(QuestionSummary):
    legco_ref: str | None = None


class LegislatorDetail(BaseModel):
    id: str
    name: str
    name_en: str | None = None
    aliases: list[str] = []
    question_count: int
    questions_by_head: dict[str, int] = Field(examples=[{"135": 2, "47": 1}])
    questions: list[LegislatorQuestion]


# --- entities, search, neighbourhoods, paths, funding ------------------------------------------------------------


class GraphNode(BaseModel):
    id: str = Field(examples=["scheme:gsps"])
    labels: list[str] = Field(examples=[["Scheme"]])
    properties: dict[str, Any]


class GraphRelationship(BaseModel):
    id: str | None = Field(examples=["FUNDS:bureau:itib->scheme:gsps:1a2b3c4d5e6f"])
    type: str = Field(examples=["FUNDS"])
    start: str | None = Field(description="id of the start node", examples=["bureau:itib"])
    end: str | None = Field(description="id of the end node", examples=["scheme:gsps"])
    properties: dict[str, Any]


class Subgraph(BaseModel):
    """The documented graph shape: nodes, and relationships whose start/end are node ids."""

    nodes: list[GraphNode]
    relationships: list[GraphRelationship]


class SearchHit(BaseModel):
    id: str = Field(examples=["company:hkic"])
    label: str = Field(examples=["Company"])
    name: str = Field(examples=["香港投資管理有限公司"])
    name_en: str | None = Field(default=None, examples=["Hong Kong Investment Corporation Limited"])
    kind: str | None = None
    match: MatchKind = Field(
        description="How it matched, best first: exact (as typed), variant (another spelling of the whole name: "
        "quotes, variant or simplified characters, English short forms), prefix, contains, words (every word, any "
        "order), acronym (of its English name), fuzzy (a near miss)",
        examples=["exact"],
    )
    matched: str = Field(description="The name, English name, alias or abbreviation that matched",
                         examples=["港投公司"])
    score: float = Field(description="How close a fuzzy match is (0-100); 100 for every other kind", examples=[100])
    degree: int = Field(description="How many relationships it has (ranks equal matches)")


class SearchResults(BaseModel):
    query: str
    hits: list[SearchHit]


class PassageEntity(BaseModel):
    id: str = Field(examples=["scheme:tvp"])
    label: str = Field(examples=["Scheme"])
    name: str | None = Field(examples=["科技券計劃"])
    name_en: str | None = Field(default=None, examples=["Technology Voucher Programme"])


class SnippetPiece(BaseModel):
    text: str = Field(examples=["科技券"])
    hit: bool = Field(description="A word of the query (show it marked)")


class PassageHit(BaseModel):
    model_config = ConfigDict(json_schema_extra={"example": {
        "id": "question:2025-26:ITIB133/answer_text/95", "node_id": "question:2025-26:ITIB133", "label": "Question",
        "part": "answer", "paragraph": 95, "reply_no": "ITIB133", "text": "(v)停止接受「科技券」申請。",
        "snippet": [{"text": "(v)停止接受「", "hit": False}, {"text": "科技券", "hit": True},
                    {"text": "」申請。", "hit": False}], "matches": [[7, 10]]}})

    id: str = Field(description="The node, the property and the line: node id/field/paragraph")
    node_id: str = Field(description="The Question or Document it is a line of")
    label: str = Field(description="Question or Document")
    field: str = Field(description="The property it is a line of: question_text, answer_text, their _en editions, "
                                   "or a document's text")
    part: str = Field(description="question, answer or document")
    paragraph: int = Field(description="Its line among the non-empty lines of the field, from 1")
    text: str = Field(description="The passage in full")
    start: int = Field(description="Where it starts in the field (a Document's text: the coordinates of char_start)")
    end: int
    language: str | None = Field(default=None, examples=["zh-Hant"])
    reply_no: str | None = Field(default=None, examples=["ITIB133"])
    fiscal_year: str | None = Field(default=None, examples=["2025-26"])
    document_id: str | None = Field(default=None, description="The document it comes from")
    document_title: str | None = None
    score: float = Field(description="BM25 relevance: higher is better (comparable within one query only)")
    matches: list[list[int]] = Field(description="The matched words in `text`, as [start, end) character offsets")
    snippet: list[SnippetPiece] = Field(description="The passage, or the part of it with the most matches, in pieces; "
                                                    "an ellipsis where it was cut")
    entities: list[PassageEntity] = Field(description="The entities its reply or document mentions whose name, as "
                                                      "written there, is in this passage")


class PassageResults(BaseModel):
    query: str
    terms: list[str] = Field(description="The phrases searched for, as the index reads them (CJK characters and "
                                         "words folded to one case and width)", examples=[["科 技 券"]])
    total: int = Field(description="How many passages match, over all pages")
    limit: int
    offset: int
    hits: list[PassageHit] = Field(description="Best first")


class Source(BaseModel):
    """Where a fact comes from: the document, the reply, the span in the normalised text and the sentence."""

    type: str = Field(examples=["FUNDS"])
    relationship_id: str | None
    other_id: str | None = Field(description="The node at the other end of the edge")
    other_name: str | None
    source_id: str | None = Field(examples=["doc:3942c1bfcb494316"])
    source_ids: list[str] = Field(description="Every document that states the fact")
    reply_no: str | None = Field(examples=["ITIB001"])
    char_start: int | None
    char_end: int | None
    quote: str | None = Field(examples=["計劃預計涉及20億元，截至今年2月底，已承擔的金額約約17億元。"])
    method: str | None = Field(examples=["rule:scheme-administrator"])


class MoneyCounts(BaseModel):
    flows_in: int = Field(description="FUNDS edges it receives: who pays it", examples=[1])
    flows_out: int = Field(description="FUNDS edges it gives: whom it pays", examples=[7])
    figures: int = Field(description="Figure nodes about it: its budget, caps, averages…", examples=[1])


class EntityDetail(BaseModel):
    id: str
    labels: list[str]
    name: str | None
    name_en: str | None = None
    aliases: list[str] = []
    properties: dict[str, Any]
    relationship_counts: dict[str, int] = Field(
        description="Relationships by type and direction, e.g. 'FUNDS:in'", examples=[{"MENTIONS:in": 12}]
    )
    money: MoneyCounts = Field(description="Its money facts: flows in and out (GET /funding?entity=) apart from the "
                                           "figures about it (GET /entities/{id}/figures)")
    sources: list[Source] = Field(description="The sentences behind its MENTIONS, FUNDS and ADMINISTERS edges")


class MoneyValue(BaseModel):
    """A money figure as a document states it, with where it comes from: what a flow (FUNDS) and a figure about one
    thing (Figure) have in common (data/model.yaml, groups money and provenance)."""

    id: str
    amount: int | None = Field(default=None, description="In units of `currency`; null when the document names a "
                                                         "recipient without its amount", examples=[2_000_000_000])
    amount_max: int | None = Field(default=None, description="Upper end of a range")
    amount_hkd: int | None = Field(default=None, description="HK dollars; null for other currencies (never converted)")
    amount_hkd_max: int | None = Field(default=None, description="Upper end of a range in HK dollars")
    currency: str | None = Field(default=None, examples=["HKD"])
    amount_text: str | None = Field(default=None, description="As written", examples=["20億元"])
    amount_type: str = Field(description="The kind of figure (data/model.yaml): never added across kinds",
                             examples=["allocation"])
    fiscal_year: str | None = Field(default=None, examples=["2025-26"], description="Only when the text states it")
    fiscal_year_onward: str | None = Field(default=None, examples=["2028-29"],
                                           description="For this year and the years after it (「2028-29及以後」); "
                                                       "fiscal_year is then null")
    document_year: str | None = Field(default=None, examples=["2025-26"],
                                      description="Fiscal year of the document that states it")
    per: str | None = Field(default=None, description="What a rate is per", examples=["person/year"])
    approx: bool = Field(default=False, description="The text says it is approximate (約)")
    bound: str | None = Field(default=None, description="lower (超過/逾/不少於 X) or upper (最高/不超過 X): a bound, "
                                                        "not a value", examples=["upper"])
    table_row: str | None = Field(default=None, description="A table cell's row header, as printed")
    table_column: str | None = Field(default=None, description="A table cell's column header, as printed",
                                     examples=["2020-21年度 實際開支"])
    source_id: str
    source_ids: list[str] = []
    reply_no: str | None = None
    reply_nos: list[str] = []
    char_start: int | None = None
    char_end: int | None = None
    page: int | None = Field(default=None, description="Page of a PDF document (1-based)")
    quote: str | None = Field(default=None, description="The sentence it comes from")
    quotes: list[str] = Field(default=[], description="The sentences of every source")
    method: str | None = Field(default=None, examples=["rule:figure-about-nearest"])


class FundingFact(MoneyValue):
    """A flow of money: `funder` pays `recipient` (a FUNDS edge)."""

    funder_id: str
    funder: str | None
    recipient_id: str
    recipient: str | None


class FundingTotal(BaseModel):
    amount_type: str
    currency: str
    per: str | None = Field(default=None, description="Rates per unit are totalled apart (a yearly amount is not "
                                                      "added to one-off amounts)")
    bound: str | None = Field(default=None, description="Bounds are totalled apart: a total of lower bounds is "
                                                        "itself a lower bound")
    direction: str = Field(description="out (given by the entity), in (received), or all")
    facts: int = Field(description="Flows added (flows without a stated amount are not)")
    total: int = Field(description="Sum within this amount_type, currency, per and bound only (lower ends of ranges)")
    total_max: int = Field(description="The same sum with the upper ends of ranges (equal to total without ranges)")


class FundingResults(BaseModel):
    entity: str | None
    facts: list[FundingFact] = Field(description="Flows between two nodes (FUNDS); figures about one thing are at "
                                                 "GET /entities/{id}/figures")
    totals: list[FundingTotal]
    total_facts: int = Field(description="How many flows match, over all pages, amounts stated or not")
    limit: int
    offset: int


class Figure(MoneyValue):
    """A money figure about one thing (a Figure node ABOUT its subject): a budget, a change on last year, a cap,
    threshold or average per recipient, a salary, a cost. Not a payment from one body to another (that is FUNDS)."""

    model_config = ConfigDict(json_schema_extra={"example": {
        "id": "figure:dept:itc:estimate:2025-26:15f111fe9df5", "subject_id": "dept:itc", "subject": "創新科技署",
        "subject_label": "Department", "amount": 2_579_400_000, "amount_hkd": 2_579_400_000, "currency": "HKD",
        "amount_text": "25.794億元", "amount_type": "estimate", "fiscal_year": "2025-26", "document_year": "2025-26",
        "source_id": "doc:3942c1bfcb494316", "reply_no": "ITIB127", "reply_nos": ["ITIB127"],
        "quote": "1.創新科技署2025-26年度的總預算為25.794億元，較2024-25年原來預算增加181.2%，…"}})

    subject_id: str = Field(description="What the figure is about", examples=["dept:itc"])
    subject: str | None = Field(default=None, examples=["創新科技署"])
    subject_label: str = Field(examples=["Department"])


class FigureResults(BaseModel):
    entity: str
    figures: list[Figure] = Field(description="Newest fiscal year first, figures that state no year last, then by "
                                              "amount type; never added up")
    total: int = Field(description="How many figures match, over all pages")
    limit: int
    offset: int


class EntitySummary(BaseModel):
    id: str
    name: str
    name_en: str | None = None
    kind: str | None = None
    aliases: list[str] = []
    mentions: int = Field(description="Questions and documents that mention it")
    legislators: int = Field(description="Legislators who asked about it")
    funding_in: int = Field(description="Funding flows it receives (FUNDS in)")
    funding_out: int = Field(description="Funding flows it gives (FUNDS out)")
    figures: int = Field(description="Money figures about it (Figure nodes ABOUT it)")


class PathResults(BaseModel):
    from_id: str = Field(alias="from")
    to_id: str = Field(alias="to")
    max_hops: int
    paths: list[Subgraph] = Field(description="Each path in the graph shape, nodes and relationships in path order")

    model_config = ConfigDict(populate_by_name=True)


# --- the cookbook (GET/POST /queries) -------------------------------------------------------------------------


class QueryParameter(BaseModel):
    name: str = Field(examples=["entity_id"])
    type: str = Field(description="string, integer, number, boolean or list<string>", examples=["string"])
    required: bool = Field(examples=[True])
    default: Any = Field(default=None, description="Used when the parameter is left out", examples=[None])
    description: str = Field(examples=['an entity id such as "scheme:gsps" or "inst:hkstp"'])
    minimum: float | None = Field(default=None, examples=[1])
    maximum: float | None = Field(default=None, examples=[1000])
    choices: list[str] | None = Field(default=None, description="The allowed values, when restricted",
                                      examples=[["in", "out"]])


class QueryInfo(BaseModel):
    name: str = Field(examples=["who_asked_about"])
    question: str = Field(examples=["Who asked about a given scheme, institution, company, department or bureau, "
                                    "and in which replies?"])
    parameters: list[QueryParameter]
    example: dict[str, Any] = Field(description="Parameters to try it with", examples=[{"entity_id": "scheme:gsps"}])
    returns: list[str] = Field(description="The columns of each row, in order",
                               examples=[["legislator_id", "legislator", "question_count", "reply_nos"]])
    notes: str | None = Field(default=None, description="What else to know when reading the answer")
    model_parameters: dict[str, list[str]] = Field(
        default_factory=dict, description="Parameters the cookbook fills in from the graph model (data/model.yaml); "
        "not given by the caller", examples=[{"entity_labels": ["Bureau", "Department", "Scheme", "Institution",
                                                                "Company"]}])


class QueryResult(BaseModel):
    name: str = Field(examples=["who_asked_about"])
    columns: list[str] = Field(examples=[["legislator_id", "legislator", "question_count", "reply_nos"]])
    rows: list[list[Any]] = Field(
        description="One list per row, in column order. Nodes, relationships and paths come as "
        '{"id", "labels", "properties"}, {"id", "type", "start", "end", "properties"} and {"nodes", "relationships"}.',
        examples=[[["legislator:陳振英", "陳振英", 1, ["ITIB001"]]]],
    )


# --- read-only Cypher (POST /cypher) ------------------------------------------------------------------------------


def example_query(name: str) -> str:
    """cypher/<name>.cypher on one line, without its header: how the OpenAPI document shows an example query."""
    return " ".join(cypher.without_comment_lines(cypher.load(name)).split())


class CypherRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    query: str = Field(min_length=1, max_length=readonly.MAX_QUERY_CHARS,
                       description="One read-only Cypher statement; use $parameters for values",
                       examples=[example_query("examples/schemes_by_name")])
    parameters: dict[str, Any] = Field(default_factory=dict, description="Values for the query's $parameters",
                                       examples=[{"reply_no": "ITIB001"}])
    row_limit: int = Field(default=readonly.DEFAULT_ROW_LIMIT, ge=1, le=readonly.MAX_ROW_LIMIT,
                           description="At most this many rows are returned; `truncated` says if there were more")
    timeout: float = Field(default=readonly.DEFAULT_TIMEOUT_S, gt=0, le=readonly.MAX_TIMEOUT_S,
                           description="Seconds the query may run")


class CypherResult(BaseModel):
    columns: list[str] = Field(examples=[["legislator", "head", "programmes"]])
    rows: list[list[Any]] = Field(
        description="One list per row, in column order. Nodes, relationships and paths come as "
        '{"id", "labels", "properties"}, {"id", "type", "start", "end", "properties"} and {"nodes", "relationships"}.',
        examples=[[["陳振英", "135", ["(2) 創新科技及工業"]]]],
    )
    truncated: bool = Field(description="True when the query had more rows than row_limit")
    row_limit: int = Field(examples=[1000])


# --- analytics ---------------------------------------------------------------------------------------------------


class Ranked(BaseModel):
    id: str = Field(examples=["dept:dpo"])
    label: str = Field(examples=["Department"])
    name: str | None = Field(examples=["數字政策辦公室"])
    name_en: str | None = Field(default=None, examples=["Digital Policy Office"])
    rank: int = Field(description="1 for the highest value of the metric", examples=[1])
    degree: int = Field(description="Distinct neighbours in the analytics projection", examples=[111])
    degree_centrality: float = Field(description="degree / (nodes in the projection - 1)", examples=[0.195079])
    betweenness: float = Field(description="Normalised betweenness, 0 to 1: exact up to 2,000 nodes in the analytics "
                                           "projection, sampled beyond (graph/analytics.py)", examples=[0.256753])
    community: int = Field(description="Louvain community id (GET /analytics/communities/{id})", examples=[1])


class CentralityResults(Page[Ranked]):
    model_config = {"json_schema_extra": {"example": {
        "metric": "betweenness", "label": "Scheme", "total": 60, "limit": 1, "offset": 0,
        "items": [{"id": "scheme:itf", "label": "Scheme", "name": "創新及科技基金",
                   "name_en": "Innovation and Technology Fund", "rank": 1, "degree": 39,
                   "degree_centrality": 0.068541, "betweenness": 0.03395, "community": 0}],
    }}}

    metric: Metric
    label: str | None = Field(description="Only nodes of this label; null for all analysed nodes")


class Member(BaseModel):
    id: str = Field(examples=["bureau:itib"])
    label: str = Field(examples=["Bureau"])
    name: str | None = Field(examples=["創新科技及工業局"])
    degree: int = Field(examples=[88])
    betweenness: float = Field(examples=[0.217185])


class CommunitySummary(BaseModel):
    id: int = Field(description="0 is the largest community; equal sizes go by their smallest member id", examples=[0])
    size: int = Field(examples=[111])
    labels: dict[str, int] = Field(description="Members per label, most first",
                                   examples=[{"Question": 42, "Scheme": 21, "Institution": 20}])
    top_members: list[Member] = Field(description="Members with the highest degree, then betweenness, then id")


class CommunityList(BaseModel):
    model_config = {"json_schema_extra": {"example": {
        "algorithm": "louvain (networkx, resolution 1, seed 42)", "total": 24, "nodes": 570, "min_size": 2,
        "communities": [{"id": 0, "size": 111, "labels": {"Question": 42, "Scheme": 21, "Institution": 20},
                         "top_members": [{"id": "dept:itc", "label": "Department", "name": "創新科技署",
                                          "degree": 93, "betweenness": 0.15186}]}],
    }}}

    algorithm: str
    total: int = Field(description="How many communities there are (of any size)")
    nodes: int = Field(description="How many nodes were partitioned into communities")
    min_size: int
    communities: list[CommunitySummary]


class CommunityDetail(BaseModel):
    id: int = Field(examples=[3])
    size: int = Field(examples=[74])
    labels: dict[str, int] = Field(examples=[{"Question": 45, "Legislator": 10, "Scheme": 9}])
    members: list[Member] = Field(description="One page of members, highest degree first")
    limit: int
    offset: int


class LegislatorRef(BaseModel):
    id: str = Field(examples=["legislator:陳振英"])
    name: str | None = Field(examples=["陳振英"])


class EntityRef(BaseModel):
    id: str = Field(examples=["scheme:gsps"])
    label: str = Field(examples=["Scheme"])
    name: str | None = Field(examples=["傑出創科學人計劃"])


class CoInterestPair(BaseModel):
    a: LegislatorRef = Field(description="The legislator asked for, or the smaller id of the two")
    b: LegislatorRef
    weight: int = Field(description="How many entities both asked about", examples=[2])
    jaccard: float = Field(description="Shared entities / entities either asked about", examples=[0.074074])
    shared: list[EntityRef] = Field(description="The entities both asked about, by id")


class CoInterestResults(BaseModel):
    model_config = {"json_schema_extra": {"example": {
        "legislator": {"id": "legislator:陳振英", "name": "陳振英"}, "total": 8, "limit": 1, "offset": 0,
        "min_shared": 1,
        "pairs": [{"a": {"id": "legislator:陳振英", "name": "陳振英"},
                   "b": {"id": "legislator:黃錦輝", "name": "黃錦輝"},
                   "weight": 2, "jaccard": 0.074074,
                   "shared": [{"id": "scheme:gsps", "label": "Scheme", "name": "傑出創科學人計劃"},
                              {"id": "scheme:techtas", "label": "Scheme", "name": "科技人才入境計劃"}]}],
    }}}

    legislator: LegislatorRef | None = Field(description="Only pairs with this legislator; null for all pairs")
    min_shared: int
    pairs: list[CoInterestPair] = Field(description="Most shared entities first, then jaccard, then ids")
    total: int = Field(description="Pairs, over all pages")
    limit: int
    offset: int


class TopEntity(BaseModel):
    id: str = Field(examples=["scheme:itf"])
    name: str | None = Field(examples=["創新及科技基金"])
    name_en: str | None = Field(default=None, examples=["Innovation and Technology Fund"])
    kind: str | None = Field(default=None, examples=["fund"])
    rank: int = Field(examples=[1])
    degree: int = Field(description="Distinct neighbours in the analytics projection", examples=[39])
    degree_centrality: float = Field(examples=[0.068541])
    betweenness: float = Field(examples=[0.03395])
    community: int = Field(examples=[0])
    questions: int = Field(description="Questions that mention it", examples=[37])
    legislators: int = Field(description="Legislators who asked about it (ASKED_ABOUT)", examples=[4])
    funding_in: int = Field(description="FUNDS facts it receives", examples=[2])
    funding_out: int = Field(description="FUNDS facts it gives", examples=[1])


class TopEntities(BaseModel):
    label: str = Field(examples=["Scheme"])
    items: list[TopEntity]
