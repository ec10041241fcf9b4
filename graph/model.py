"""The vocabulary of the graph, defined once.

Every label, relationship type and id scheme that researchers type into Cypher or services read from the API is
named here. Cypher templates receive labels and relationship types only from these enums (an allow-list), never
from user input.
"""

from __future__ import annotations

import hashlib
import re
from enum import StrEnum

LOADER_VERSION = "0.1.0"


class Label(StrEnum):
    BUREAU = "Bureau"
    DEPARTMENT = "Department"
    LEGISLATOR = "Legislator"
    SCHEME = "Scheme"
    INSTITUTION = "Institution"
    COMPANY = "Company"
    QUESTION = "Question"
    PROGRAMME = "Programme"
    DOCUMENT = "Document"


class Rel(StrEnum):
    ASKED = "ASKED"
    ADDRESSED_TO = "ADDRESSED_TO"
    UNDER_PROGRAMME = "UNDER_PROGRAMME"
    MENTIONS = "MENTIONS"
    FUNDS = "FUNDS"
    ADMINISTERS = "ADMINISTERS"
    PART_OF = "PART_OF"
    HAS_PROGRAMME = "HAS_PROGRAMME"
    FROM_DOCUMENT = "FROM_DOCUMENT"
    ASKED_ABOUT = "ASKED_ABOUT"


class AmountType(StrEnum):
    """Kinds of money figure. Amounts of different kinds are never summed together."""

    ALLOCATION = "allocation"
    ESTIMATE = "estimate"
    REVISED_ESTIMATE = "revised_estimate"
    ACTUAL = "actual"
    APPROVED = "approved"
    COMMITTED = "committed"
    INVESTED = "invested"
    CAP = "cap"
    TOTAL = "total"


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


def programme_id(head_no: str, number: str) -> str:
    return f"programme:{head_no}:{number}"


def entity_id(label: Label, key: str) -> str:
    """Id for a curated or extracted entity: `dept:itc`, `scheme:創新及科技基金`."""
    prefix = {
        Label.BUREAU: "bureau",
        Label.DEPARTMENT: "dept",
        Label.SCHEME: "scheme",
        Label.INSTITUTION: "inst",
        Label.COMPANY: "company",
    }[label]
    return f"{prefix}:{_clean(key)}"


def relationship_id(rel: Rel, start: str, end: str, *qualifiers: object) -> str:
    """A stable id for one relationship, so that MERGE on it is idempotent.

    Qualifiers distinguish several facts between the same two nodes (e.g. two FUNDS amounts of different years).
    """
    if not qualifiers:
        return f"{rel}:{start}->{end}"
    digest = hashlib.sha1("|".join(map(str, qualifiers)).encode()).hexdigest()[:12]
    return f"{rel}:{start}->{end}:{digest}"


# Labels that may appear as the far end of a budget head (ADDRESSED_TO, HAS_PROGRAMME).
HEAD_LABELS = (Label.BUREAU, Label.DEPARTMENT)

# The entities the loaders find in text (as opposed to questions, programmes, documents and legislators).
ENTITY_LABELS = (Label.BUREAU, Label.DEPARTMENT, Label.SCHEME, Label.INSTITUTION, Label.COMPANY)

_PREFIX_LABEL = {
    "bureau": Label.BUREAU,
    "dept": Label.DEPARTMENT,
    "scheme": Label.SCHEME,
    "inst": Label.INSTITUTION,
    "company": Label.COMPANY,
    "legislator": Label.LEGISLATOR,
    "question": Label.QUESTION,
    "programme": Label.PROGRAMME,
    "doc": Label.DOCUMENT,
}


def label_of_id(node_id: str) -> Label | None:
    """The label an id belongs to, read off its namespace ("dept:itc" -> Department); None if it has none."""
    return _PREFIX_LABEL.get(node_id.split(":", 1)[0]) if ":" in node_id else None
