"""From texts to entity facts in the graph: MENTIONS, ASKED_ABOUT, FUNDS and ADMINISTERS, each with provenance.

A text unit is a reply (its question and answer, analysed together so that an abbreviation defined in the question
still holds in the answer) or a whole press document. Offsets are kept relative to the document's normalised text,
so every edge can be followed back to the sentence it rests on.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache

from graph.kg import KnowledgeGraph, Node, Relationship
from graph.model import Label, Rel, relationship_id
from loaders.discovery import Candidate
from loaders.entities import EntityRecognizer, Mention
from loaders.funding import (
    AdministersFact,
    Answerer,
    FundingFact,
    administers_facts,
    funding_facts,
    payer_is_inferred,
    rules_for,
    sentence_of,
    sentence_spans,
)
from loaders.funding import load_rules as load_funding_rules
from loaders.gazetteer import Gazetteer
from loaders.money import find_amounts
from loaders.pdf import PageMap
from loaders.recipient_lists import KnownNames, RecipientFact, new_entities, recipient_facts, with_joined_names
from loaders.reconcile import add_money_fact, reconcile
from loaders.tables import TableFact, read_tables
from loaders.version import LOADER_VERSION

QUOTE_LIMIT = 300


@dataclass(frozen=True)
class TextUnit:
    doc_id: str
    text: str  # a slice of the document's normalised text …
    offset: int  # … starting here
    regions: tuple[tuple[str, int, int], ...]  # (part, start, end) within `text`; mentions elsewhere are ignored
    source_node: str  # the Question or Document that MENTIONS what is found
    reply_no: str | None = None
    legislator_id: str | None = None
    default_funder: str | None = None  # the policy bureau of a reply's budget head
    answering_body: str | None = None  # the bureau or department that answers under a reply's budget head
    programmes: tuple[tuple[str | None, str, str], ...] = ()  # a reply's programmes: (number, name, programme id)
    fiscal_year: str | None = None  # the year a reply's Estimates are for ("2025-26"): dates its tables' columns
    # The fiscal year of the document (any kind). It keys what the text states without a year, so that two years'
    # undated "預留10億元" stay two facts.
    document_year: str | None = None
    pages: PageMap | None = None  # a PDF's: the page of an offset of the document's normalised text
    language: str = "zh-Hant"  # the document's language ("en": the English entity pipeline reads it)


@dataclass
class FactReport:
    """What the extraction found, for `innograph report` and the tests."""

    mentions: int = 0
    amounts: int = 0
    unattached_amounts: int = 0
    funding_facts: int = 0
    funding_by_document: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    mentions_by_surface: dict[str, int] = field(default_factory=lambda: defaultdict(int))


@dataclass(frozen=True)
class UnitFacts:
    """What one text unit states, found from the unit and what was known before the corpus was read — never from
    other units — so that units can be analysed in any order, in other processes, and a document's facts can be
    cached by its content (DESIGN.md, build pipeline)."""

    mentions: list[Mention]  # kept: in a region of the unit, names broken over lines joined
    lists: list[RecipientFact]  # a scheme's grantees listed in an answer or a press document
    money: list[FundingFact | TableFact | RecipientFact]  # sentence rules, tables and lists, in that order
    administers: list[AdministersFact]
    amounts: int  # money amounts read (sentences and tables)
    unattached: int  # sentence amounts no rule attached


@dataclass(frozen=True)
class Extraction:
    """What every unit's analysis reads: the recognizer and the names and rules known before the corpus."""

    recognizer: EntityRecognizer
    names: KnownNames
    not_recipients: frozenset[str]
    assessors: frozenset[str] = frozenset()  # bodies that assess or approve (funding.yaml `assessor_kinds`)
    payers: frozenset[str] = frozenset()  # bodies outside the government that pay (funding.yaml `payer_kinds`)

    @cached_property
    def administrator_of(self) -> dict[str, str]:
        """Who runs each scheme, by the gazetteer: read by every unit's analysis, so made once."""
        return _administrators(self.recognizer.gazetteer)


def extraction_for(recognizer: EntityRecognizer, gazetteer: Gazetteer) -> Extraction:
    return Extraction(recognizer, KnownNames(recognizer), _not_recipients(gazetteer, recognizer.candidates.values()),
                      _assessors(gazetteer), _payers(gazetteer))


def analyse_units(units: list[TextUnit], extraction: Extraction) -> list[UnitFacts]:
    """The facts of each unit, in order (a pure function of each unit and `extraction`)."""
    recognizer = extraction.recognizer
    all_mentions = recognizer.mentions_many([u.text for u in units], [u.language for u in units])
    return [_analyse(unit, mentions, extraction) for unit, mentions in zip(units, all_mentions, strict=True)]


def _analyse(unit: TextUnit, mentions: list[Mention], extraction: Extraction) -> UnitFacts:
    recognizer, not_recipients = extraction.recognizer, extraction.not_recipients
    # a name broken over two lines is one mention ("PDS Technology\nElectronic")
    kept = [m for m in with_joined_names(unit.text, mentions, extraction.names) if _part(unit, m) is not None]
    lists = [f for f in recipient_facts(unit.text, kept, recognizer, not_recipients=not_recipients,
                                        names=extraction.names, joined=True)
             if _part(unit, f.mention) in ("answer", "document")]
    kept = sorted(set(kept) | {f.mention for f in lists}, key=lambda m: (m.start, m.end))
    # a row name broken over lines is read again as one name (resolve)
    reading = read_tables(unit.text, kept, unit.default_funder, rules=rules_for(unit.language),
                          document_year=unit.fiscal_year,
                          resolve=lambda name, language=unit.language: recognizer.mentions(name, language),
                          programmes={number: pid for number, _, pid in unit.programmes if number},
                          answering_body=unit.answering_body)
    tables = [f for f in reading.facts if _states_money(unit, f.amount.start)]
    in_tables = reading.row_spans  # rows left out too: the sentence rules leave a table's rows alone
    amounts = [
        a
        for a in find_amounts(unit.text)
        if _states_money(unit, a.start) and not any(s <= a.start < e for s, e in in_tables)
    ]
    funding = funding_facts(unit.text, kept, amounts, unit.default_funder, extraction.administrator_of,
                            rules=rules_for(unit.language), not_recipients=not_recipients,
                            answerer=Answerer(unit.answering_body, unit.programmes, unit.fiscal_year,
                                              unit.document_year),
                            assessors=extraction.assessors, payers=extraction.payers)
    return UnitFacts(
        mentions=kept,
        lists=lists,
        money=[*funding, *tables, *lists],
        administers=administers_facts(unit.text, kept, rules_for(unit.language), extraction.assessors),
        amounts=len(amounts) + len(tables),
        unattached=len(amounts) - len(funding),
    )


def _administrators(gazetteer: Gazetteer) -> dict[str, str]:
    return {e.id: e.get("administered_by") for e in gazetteer.entries if e.get("administered_by")}


def add_entity_facts(
    kg: KnowledgeGraph, units: list[TextUnit], recognizer: EntityRecognizer, gazetteer: Gazetteer,
    analysed: Iterable[UnitFacts] | None = None,
) -> FactReport:
    """Add every unit's facts to `kg`, unit by unit in order; `analysed`: the units' facts when already found
    (analyse_units, perhaps in other processes), else they are found here."""
    if analysed is None:
        analysed = analyse_units(units, extraction_for(recognizer, gazetteer))
    report = FactReport()
    administrator_of = _administrators(gazetteer)
    asked_about: dict[tuple[str, str], set[str]] = defaultdict(set)
    for unit, facts in zip(units, analysed, strict=True):
        for candidate in new_entities(facts.lists):
            recognizer.candidates.setdefault(candidate.id, candidate)
        kept = facts.mentions
        report.mentions += len(kept)
        for m in kept:
            _add_entity(kg, m, unit.doc_id, recognizer, gazetteer)
            report.mentions_by_surface[m.surface] += 1
        _add_mentions(kg, unit, kept)
        if unit.legislator_id:
            for m in kept:
                if _part(unit, m) == "question":
                    asked_about[(unit.legislator_id, m.entity_id, unit.fiscal_year)].add(unit.reply_no or "")
        report.amounts += facts.amounts
        report.unattached_amounts += facts.unattached
        for fact in facts.money:
            if _add_funds(kg, unit, fact):
                report.funding_facts += 1
                report.funding_by_document[unit.doc_id] += 1
        for fact in facts.administers:
            _add_administers(kg, unit, fact, fact.method)
        _add_curated_administers(kg, unit, kept, administrator_of)
    _add_asked_about(kg, asked_about)
    _add_gazetteer_edges(kg, gazetteer)
    reconcile(kg)
    return report


def _add_gazetteer_edges(kg: KnowledgeGraph, gazetteer: Gazetteer) -> None:
    """The relationships the gazetteer states (a department's bureau, a scheme's fund: data/model.yaml
    `gazetteer_edges`), between the entities that are in the graph."""
    for entry, field_name, rel_type, target in gazetteer.edges():
        if entry.id in kg and target.id in kg:
            rel_id = relationship_id(rel_type, entry.id, target.id)
            props = {"method": f"gazetteer:{field_name}"}
            kg.add_relationship(Relationship(rel_type, entry.id, target.id, rel_id, props))


def _not_recipients(gazetteer: Gazetteer, discovered: Iterable[Candidate]) -> frozenset[str]:
    """The entities funding is never paid to: by their kind or jurisdiction, the gazetteer's and the discovered
    ones alike (a mainland body discovery names with its place, 上海航天技術研究院)."""
    rules = load_funding_rules()
    listed = [(e.id, e.kind, e.get("jurisdiction")) for e in gazetteer.entries]
    found = [(c.id, c.kind, c.jurisdiction) for c in discovered]
    return frozenset(
        entity for entity, kind, jurisdiction in listed + found
        if kind in rules.not_recipient_kinds or jurisdiction in rules.not_recipient_jurisdictions
    )


def _assessors(gazetteer: Gazetteer) -> frozenset[str]:
    """The bodies that assess or approve funding (funding.yaml `assessor_kinds`): naming one does not change what a
    sentence is about."""
    kinds = load_funding_rules().assessor_kinds
    return frozenset(e.id for e in gazetteer.entries if e.kind in kinds)


def _payers(gazetteer: Gazetteer) -> frozenset[str]:
    """The bodies outside the government that pay when a sentence names them (funding.yaml `payer_kinds`)."""
    kinds = load_funding_rules().payer_kinds
    return frozenset(e.id for e in gazetteer.entries if e.kind in kinds)


def _part(unit: TextUnit, m: Mention) -> str | None:
    return next((part for part, start, end in unit.regions if start <= m.start < end), None)


def _states_money(unit: TextUnit, offset: int) -> bool:
    """Money is read from an answer or a press document, never from a legislator's question: the question's figures
    are its premises (a Budget speech quoted, a sum rounded: ITIB111's "16.6億左右" where the answer says 16.62億元),
    and what the government states is the answer."""
    return any(start <= offset < end for part, start, end in unit.regions if part != "question")


def provenance(unit: TextUnit, start: int, end: int, method: str, context: tuple[int, int] | None = None) -> dict:
    """Where a fact comes from: document, reply, span in the document's normalised text, and the sentence (or the
    `context` given, such as a table row) as the quote."""
    sentence = context or sentence_of(_sentences(unit.text, unit.language), start)
    sentence = (min(sentence[0], start), max(sentence[1], end))  # a name broken over a line break is all quoted
    quote = _one_line(unit.text[sentence[0] : sentence[1]]) or unit.text[start:end]
    if len(quote) > QUOTE_LIMIT:  # keep the part around the fact
        left = max(sentence[0], start - QUOTE_LIMIT // 2)
        quote = _one_line(unit.text[left : left + QUOTE_LIMIT])
    page = {"page": unit.pages.page_at(unit.offset + start)} if unit.pages is not None else {}
    return {
        "source_id": unit.doc_id,
        "reply_no": unit.reply_no,
        "char_start": unit.offset + start,
        "char_end": unit.offset + end,
        **page,
        "quote": quote,
        "method": method,
        "loader_version": LOADER_VERSION,
        "source_ids": [unit.doc_id],
        "reply_nos": [unit.reply_no] if unit.reply_no else [],
        "quotes": [quote],
    }


@lru_cache(maxsize=4)
def _sentences(text: str, language: str) -> list[tuple[int, int]]:
    """The sentences of a unit's text, split once for all the facts of the unit (provenance asks for each fact)."""
    return sentence_spans(text, rules_for(language))


def _one_line(text: str) -> str:
    """A quote reads as one line: a line break of the PDF's layout is a space ("PDS Technology\nElectronic")."""
    return " ".join(text.split("\n")).strip()


def _add_entity(
    kg: KnowledgeGraph, m: Mention, doc_id: str, recognizer: EntityRecognizer, gazetteer: Gazetteer
) -> None:
    entry = gazetteer.by_id(m.entity_id)
    if entry is not None:
        props = {
            "name": entry.name,
            "name_en": entry.name_en,
            "kind": entry.kind,
            "aliases": [a for a in entry.aliases],
            **_entry_extras(entry),
            "method": "gazetteer",
        }
    else:
        candidate = recognizer.candidates.get(m.entity_id)
        props = {"name": candidate.name if candidate else m.surface, "kind": candidate.kind if candidate else None,
                 "method": candidate.method if candidate else m.method,
                 "confidence": candidate.confidence if candidate else None}
        if candidate and candidate.jurisdiction:
            props["jurisdiction"] = candidate.jurisdiction
    # every surface form seen becomes an alias, except local short forms of one reply (計劃, 基金 …)
    seen = [] if m.method.startswith("abbreviation:") or m.surface == props["name"] else [m.surface]
    props["aliases"] = sorted(set(props.get("aliases", [])) | set(seen))
    kg.add_node(Node(m.label, m.entity_id, {**props, "source_ids": [doc_id]}))


def _entry_extras(entry) -> dict:
    """The gazetteer's fields that are properties of the entry's label in data/model.yaml (the gazetteer refused
    any other field when it was read)."""
    return entry.node_properties()


def _add_mentions(kg: KnowledgeGraph, unit: TextUnit, mentions: list[Mention]) -> None:
    by_entity: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_entity[m.entity_id].append(m)
    for entity, found in by_entity.items():
        first = found[0]
        parts = sorted({_part(unit, m) for m in found})
        props = {
            "count": len(found),
            "part": parts[0] if len(parts) == 1 else "both",  # question, answer, both or document
            "surfaces": sorted({m.surface for m in found}),
            **provenance(unit, first.start, first.end, first.method),
        }
        rel_id = relationship_id(Rel.MENTIONS, unit.source_node, entity)
        kg.add_relationship(Relationship(Rel.MENTIONS, unit.source_node, entity, rel_id, props))


def _add_funds(kg: KnowledgeGraph, unit: TextUnit, fact: FundingFact | TableFact | RecipientFact) -> bool:
    """A flow (FUNDS funder -> recipient) or, with no funder, a Figure about `recipient` (see loaders/reconcile.py).
    A recipient listed without its amount is a flow with no amount."""
    if fact.funder is not None and fact.funder not in kg and payer_is_inferred(fact.method):
        # the payer the text does not name (who runs the scheme, by the gazetteer) is not in this corpus: the money
        # is still the recipient's, a figure about it ("setting up a $10 billion I&T Industry-Oriented Fund" in a
        # folder of Policy Address paragraphs that never names ITC)
        fact = replace(fact, funder=None, method="rule:figure-about-nearest")
    ends = [e for e in (fact.funder, fact.recipient) if e is not None]
    if any(e not in kg for e in ends):
        return False  # a funder known only from the gazetteer, never named in the corpus: no node to start from
    if fact.amount is None:
        props = {"amount_type": str(fact.amount_type), "fiscal_year": fact.fiscal_year,
                 "document_year": unit.document_year,
                 **provenance(unit, fact.mention.start, fact.mention.end, fact.method, fact.row)}
        add_money_fact(kg, fact.funder, fact.recipient, props)
        return True
    amount = fact.amount
    hkd = amount.currency == "HKD"
    props = {
        "amount": amount.value,
        "amount_max": amount.value_max,
        "amount_hkd": amount.value if hkd else None,
        "amount_hkd_max": amount.value_max if hkd else None,
        "currency": amount.currency,
        "amount_text": amount.text,
        "amount_type": str(fact.amount_type),
        "fiscal_year": fact.fiscal_year,
        "document_year": unit.document_year,
        "per": amount.per,
        "approx": amount.approx,
        "bound": amount.bound,
        # a header the table does not print is no header (an empty text would not survive a CSV export)
        "table_row": getattr(fact, "row_header", None) or None,
        "table_column": getattr(fact, "column_header", None) or None,
        "fiscal_year_onward": getattr(fact, "fiscal_year_onward", None),
        **provenance(unit, amount.start, amount.end, fact.method, getattr(fact, "row", None)),
    }
    add_money_fact(kg, fact.funder, fact.recipient, props)
    return True


def _add_administers(kg: KnowledgeGraph, unit: TextUnit, fact: AdministersFact, method: str) -> None:
    if fact.body not in kg or fact.scheme not in kg or kg.label_of(fact.scheme) != Label.SCHEME:
        return
    props = provenance(unit, fact.mention.start, fact.mention.end, method)
    rel_id = relationship_id(Rel.ADMINISTERS, fact.body, fact.scheme)
    kg.add_relationship(Relationship(Rel.ADMINISTERS, fact.body, fact.scheme, rel_id, props))


def _add_curated_administers(
    kg: KnowledgeGraph, unit: TextUnit, mentions: list[Mention], administrator_of: dict[str, str]
) -> None:
    """The gazetteer says who runs a scheme: state it where the scheme is named, if the body is in the graph."""
    for m in mentions:
        body = administrator_of.get(m.entity_id)
        if body and body in kg:
            fact = AdministersFact(body, m.entity_id, (m.start, m.end), m, "gazetteer:administered_by")
            _add_administers(kg, unit, fact, fact.method)


def _add_asked_about(kg: KnowledgeGraph, asked_about: dict[tuple[str, str, str | None], set[str]]) -> None:
    """One ASKED_ABOUT per legislator, entity and fiscal year: what a legislator asked in 2024-25 and in 2025-26
    are two summaries, each with the replies of its year."""
    for (legislator, entity, year), reply_nos in sorted(asked_about.items(), key=lambda item: str(item[0])):
        props = {"question_count": len(reply_nos), "reply_nos": sorted(reply_nos), "fiscal_year": year}
        rel_id = relationship_id(Rel.ASKED_ABOUT, legislator, entity, year)
        kg.add_relationship(Relationship(Rel.ASKED_ABOUT, legislator, entity, rel_id, props))
