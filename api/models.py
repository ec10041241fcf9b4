"""Response models of the API: what services can rely on. Field names follow the graph model (DESIGN.md §3)."""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field

T = TypeVar("T")


class ErrorBody(BaseModel):
    detail: str = Field(examples=["no question ITIB999"])


class Health(BaseModel):
    status: str = Field(examples=["ok"])
    store: str = Field(description="The Bolt server's agent string", examples=["Neo4j/5.26.0 compatible"])
    dialect: str = Field(examples=["arcadedb"])
    database: str = Field(examples=["neo4j"])


class Stats(BaseModel):
    nodes: dict[str, int] = Field(examples=[{"Question": 251, "Legislator": 64}])
    relationships: dict[str, int] = Field(examples=[{"ASKED": 251}])
    total_nodes: int
    total_relationships: int


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
    id: str = Field(examples=["programme:135:2"])
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
