"""Response models of the API: what services can rely on. Field names follow the graph model (DESIGN.md §3)."""

from __future__ import annotations

from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")


class ErrorBody(BaseModel):
    detail: str = Field(examples=["no question ITIB999"])


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
    values: list[str] = Field(default_factory=list, description="The allowed values of an enum")


class ModelLabel(BaseModel):
    name: str = Field(examples=["Scheme"])
    id_prefix: str = Field(examples=["scheme"])
    zh: str = Field(examples=["計劃"])
    en: str = Field(examples=["Scheme"])
    colour: str = Field(examples=["#2563eb"])
    entity: bool = Field(description="Found in the documents' text (bureaus, departments, schemes, institutions, "
                                     "companies), as opposed to questions, programmes, documents and legislators")
    properties: list[str]


class ModelRelationship(BaseModel):
    name: str = Field(examples=["FUNDS"])
    zh: str = Field(examples=["資助"])
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
    match: str = Field(description="exact, prefix or contains", examples=["exact"])
    matched: str = Field(description="The name, English name or alias that matched", examples=["港投公司"])
    degree: int = Field(description="How many relationships it has (ranks equal matches)")


class SearchResults(BaseModel):
    query: str
    hits: list[SearchHit]


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
    sources: list[Source] = Field(description="The sentences behind its MENTIONS, FUNDS and ADMINISTERS edges")


class FundingFact(BaseModel):
    id: str
    funder_id: str
    funder: str | None
    recipient_id: str
    recipient: str | None
    amount: int = Field(description="In units of `currency`", examples=[2_000_000_000])
    amount_max: int | None = Field(default=None, description="Upper end of a range")
    amount_hkd: int | None = Field(default=None, description="HK dollars; null for other currencies (never converted)")
    currency: str = Field(examples=["HKD"])
    amount_text: str = Field(examples=["20億元"])
    amount_type: str = Field(examples=["allocation"])
    fiscal_year: str | None = Field(default=None, examples=["2025-26"], description="Only when the text states it")
    per: str | None = Field(default=None, examples=["person/year"])
    approx: bool = False
    source_id: str
    source_ids: list[str]
    reply_no: str | None = None
    reply_nos: list[str] = []
    char_start: int
    char_end: int
    quote: str
    quotes: list[str] = []
    method: str


class FundingTotal(BaseModel):
    amount_type: str
    currency: str
    direction: str = Field(description="out (given by the entity), in (received), or all")
    facts: int
    total: int = Field(description="Sum within this amount_type and currency only")


class FundingResults(BaseModel):
    entity: str | None
    facts: list[FundingFact]
    totals: list[FundingTotal]
    total_facts: int
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
    funding_in: int
    funding_out: int


class PathResults(BaseModel):
    from_id: str = Field(alias="from")
    to_id: str = Field(alias="to")
    max_hops: int
    paths: list[Subgraph] = Field(description="Each path in the graph shape, nodes and relationships in path order")

    model_config = ConfigDict(populate_by_name=True)
