"""Turn parsed Finance Committee replies into graph facts: questions, askers, budget heads and programmes."""

from __future__ import annotations

from graph.kg import KnowledgeGraph, Node, Relationship
from graph.model import (
    Label,
    Rel,
    legislator_id,
    programme_id,
    question_id,
    relationship_id,
)
from loaders.gazetteer import Entry, Gazetteer, load_gazetteer
from loaders.legco import ParsedReplies, Reply
from loaders.legco_layouts import bureau_named_by, without_branch
from loaders.version import LOADER_VERSION


def add_replies(
    kg: KnowledgeGraph, parsed: ParsedReplies, document_id: str, government: Gazetteer | None = None
) -> None:
    government = government or load_gazetteer()
    for reply in parsed.replies:
        _add_reply(kg, parsed, reply, document_id, government)
    if parsed.language == "en":
        _add_english_names_from_index(kg, parsed)


# The two editions of one year's replies are one set of questions: the Chinese and the English edition of ITIB001
# are the same Question (the same id), with the English texts beside the Chinese ones (`question_text_en`, …), and
# the asker is one Legislator with both names. The Chinese edition is read first (loaders/pipeline.py), so an
# English reply finds its question and its asker's Chinese name there; an English edition loaded alone makes its
# questions and legislators with the English texts and names.


def _english_edition_of_known_question(kg: KnowledgeGraph, parsed: ParsedReplies, qid: str) -> bool:
    return parsed.language == "en" and qid in kg and bool(kg.g.nodes[qid]["props"].get("asker"))


def asker_id(kg: KnowledgeGraph, parsed: ParsedReplies, reply: Reply) -> str:
    """The Legislator who asked: for the English edition of a question the Chinese edition made, its asker."""
    qid = question_id(reply.fiscal_year, reply.reply_no)
    if parsed.language == "en" and qid in kg and (asker := kg.g.nodes[qid]["props"].get("asker")):
        return legislator_id(asker)
    return legislator_id(reply.asker)


def _add_reply(kg: KnowledgeGraph, parsed: ParsedReplies, reply: Reply, doc_id: str, government: Gazetteer) -> None:
    qid = question_id(reply.fiscal_year, reply.reply_no)
    lid = asker_id(kg, parsed, reply)
    if _english_edition_of_known_question(kg, parsed, qid):
        props = {"question_text_en": reply.question_text, "answer_text_en": reply.answer_text,
                 "asker_en": reply.asker, "source_ids": [doc_id]}
        kg.add_node(Node(Label.QUESTION, qid, props))
        kg.add_node(Node(Label.LEGISLATOR, lid, {"name_en": reply.asker, "source_ids": [doc_id]}))
    else:
        english = parsed.language == "en"
        props = _question_props(reply, doc_id) | ({"asker_en": reply.asker} if english else {})
        kg.add_node(Node(Label.QUESTION, qid, props))
        kg.add_node(Node(Label.LEGISLATOR, lid, {"name": reply.asker, "name_en": reply.asker if english else None,
                                                 "source_ids": [doc_id]}))
    kg.add_relationship(Relationship(Rel.FROM_DOCUMENT, qid, doc_id, relationship_id(Rel.FROM_DOCUMENT, qid, doc_id)))
    kg.add_relationship(
        Relationship(
            Rel.ASKED,
            lid,
            qid,
            relationship_id(Rel.ASKED, lid, qid),
            {
                "legco_ref": reply.legco_ref,
                **_provenance(parsed, doc_id, reply, reply.asker_start, reply.asker_end, "parser:legco-header"),
            },
        )
    )

    head = _head_body(reply, government)
    _add_body(kg, head, doc_id)
    bureau = _bureau_of(head, reply, government)
    if bureau is not None and bureau.id != head.id:
        _add_body(kg, bureau, doc_id)
        kg.add_relationship(
            Relationship(Rel.PART_OF, head.id, bureau.id, relationship_id(Rel.PART_OF, head.id, bureau.id))
        )
    kg.add_relationship(
        Relationship(
            Rel.ADDRESSED_TO, qid, head.id, relationship_id(Rel.ADDRESSED_TO, qid, head.id), {"head_no": reply.head_no}
        )
    )

    english = parsed.language == "en"
    for programme in reply.programmes:
        # a programme printed by name only (2003-04) is keyed by its name
        pid = programme_id(reply.fiscal_year, reply.head_no, programme.number or programme.name)
        known = english and pid in kg  # the Chinese edition's programme: the English name goes beside its own
        kg.add_node(
            Node(
                Label.PROGRAMME,
                pid,
                {
                    "name": None if known else programme.name,
                    "name_en": programme.name if english else None,
                    "label": programme.label,
                    "head_no": reply.head_no,
                    "number": programme.number,
                    "fiscal_year": reply.fiscal_year,
                    "source_ids": [doc_id],
                },
            )
        )
        kg.add_relationship(Relationship(Rel.UNDER_PROGRAMME, qid, pid, relationship_id(Rel.UNDER_PROGRAMME, qid, pid)))
        kg.add_relationship(
            Relationship(Rel.HAS_PROGRAMME, head.id, pid, relationship_id(Rel.HAS_PROGRAMME, head.id, pid))
        )


def _add_english_names_from_index(kg: KnowledgeGraph, parsed: ParsedReplies) -> None:
    """An English index row names the asker of a reply in English: the legislator of that question (found by the
    Chinese edition) gets the English name."""
    for row in parsed.index:
        qid = question_id(parsed.fiscal_year, row.reply_no)
        if row.reply_no and row.legislator and _english_edition_of_known_question(kg, parsed, qid):
            lid = legislator_id(kg.g.nodes[qid]["props"]["asker"])
            if lid in kg:
                kg.add_node(Node(Label.LEGISLATOR, lid, {"name_en": row.legislator}))


def head_body_id(reply: Reply, government: Gazetteer) -> str:
    """The id of the bureau or department that answers under the reply's budget head."""
    return _head_body(reply, government).id


def head_bureau_id(reply: Reply, government: Gazetteer) -> str:
    """The id of the policy bureau of the reply's budget head (the head itself when it is the bureau)."""
    head = _head_body(reply, government)
    bureau = _bureau_of(head, reply, government)
    return (bureau or head).id


def _question_props(reply: Reply, doc_id: str) -> dict:
    return {
        "name": reply.reply_no,
        "reply_no": reply.reply_no,
        "question_no": reply.question_no,
        "fiscal_year": reply.fiscal_year,
        "head_no": reply.head_no,
        "head_name": reply.head_name,
        "subheads": list(reply.subheads),
        "programmes": [p.label for p in reply.programmes],
        "controlling_officer": reply.controlling_officer,
        "controlling_officer_post": reply.controlling_officer_post,
        "controlling_officer_name": reply.controlling_officer_name,
        "director_of_bureau": reply.director_of_bureau,
        "asker": reply.asker,
        "legco_ref": reply.legco_ref,
        "question_text": reply.question_text,
        "answer_text": reply.answer_text,
        "reply_no_printed": reply.reply_no_printed,
        "truncated": reply.truncated,
        "source_id": doc_id,
        "char_start": reply.char_start,
        "char_end": reply.char_end,
        "source_ids": [doc_id],
    }


def _provenance(parsed: ParsedReplies, doc_id: str, reply: Reply, start: int, end: int, method: str) -> dict:
    return {
        "source_id": doc_id,
        "reply_no": reply.reply_no,
        "char_start": start,
        "char_end": end,
        "quote": parsed.text.text[start:end][:300],
        "method": method,
        "loader_version": LOADER_VERSION,
    }


def _head_body(reply: Reply, government: Gazetteer) -> Entry:
    """The bureau or department a budget head belongs to: from the gazetteer, else read off the header.

    A head not in the gazetteer is the bureau itself when the reply's bureau director ("XX局局長") heads it,
    otherwise a department of that bureau.
    """
    name = without_branch(reply.head_name.split("：")[-1].split(":")[-1].strip())
    known = government.by_head(reply.head_no, reply.fiscal_year)
    # The reply's own header says who answers: when it names another known body than the gazetteer's for that year
    # (a reorganisation the gazetteer dates differently), the header wins; a name it does not know (a branch in
    # brackets, a variant) leaves the gazetteer's body.
    printed = government.by_name(name) if name else None
    if known and (printed is None or printed == known):
        return known
    if printed:
        return printed
    is_bureau = bureau_named_by(reply.director_of_bureau) == name
    label = Label.BUREAU if is_bureau else Label.DEPARTMENT
    return Entry(label=label, key=name, name=name, extra={"head_no": reply.head_no, "head_name": reply.head_name})


def _bureau_of(body: Entry, reply: Reply, government: Gazetteer) -> Entry | None:
    """The bureau the reply's director heads (that year's bureau: the ITC answered to the CITB in 2003-04 and to the
    ITIB in 2025-26), else the body's parent in the gazetteer."""
    if body.label == Label.BUREAU:
        return body
    if name := bureau_named_by(reply.director_of_bureau):
        return government.by_name(name) or Entry(label=Label.BUREAU, key=name, name=name)
    if body.get("parent") and (parent := government.bureau(body.get("parent"))):
        return parent
    return None


def _add_body(kg: KnowledgeGraph, body: Entry, doc_id: str) -> None:
    props = {
        "name": body.name,
        "name_en": body.name_en,
        "kind": body.kind,
        "head_no": body.get("head_no"),
        "head_name": body.get("head_name"),
        **body.node_properties(),
        "aliases": list(body.aliases),
        "source_ids": [doc_id],
    }
    kg.add_node(Node(body.label, body.id, props))
