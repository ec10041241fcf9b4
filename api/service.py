"""Read-only queries behind the API: named Cypher from cypher/queries, results shaped for the response models."""

from __future__ import annotations

from collections import Counter
from typing import Any

from graph import cypher
from graph.model import legislator_id
from graph.store import Store


class NotFound(LookupError):
    """The thing asked for is not in the graph; the message says what was asked."""


class GraphService:
    def __init__(self, store: Store) -> None:
        self.store = store

    def _rows(self, query_name: str, **params: Any) -> list[dict[str, Any]]:
        return self.store.read(cypher.load(f"queries/{query_name}"), **params)

    def stats(self) -> dict[str, Any]:
        nodes = {r["label"]: r["count"] for r in self._rows("count_nodes_by_label")}
        rels = {r["type"]: r["count"] for r in self._rows("count_relationships_by_type")}
        return {"nodes": nodes, "relationships": rels, "total_nodes": sum(nodes.values()),
                "total_relationships": sum(rels.values())}

    def questions(self, *, legislator: str | None, head: str | None, programme: str | None, q: str | None,
                  fiscal_year: str | None, limit: int, offset: int) -> dict[str, Any]:
        filters = {"legislator": _legislator_name(legislator), "head": head, "programme": programme, "q": q,
                   "fiscal_year": fiscal_year}
        total = self._rows("questions_filtered_count", **filters)[0]["total"]
        items = self._rows("questions_filtered", **filters, skip=offset, limit=limit)
        return {"items": items, "total": total, "limit": limit, "offset": offset}

    def question(self, reply_no: str, fiscal_year: str | None) -> dict[str, Any]:
        rows = self._rows("question_by_reply_no", reply_no=reply_no.upper(), fiscal_year=fiscal_year)
        if not rows:
            year = f" in {fiscal_year}" if fiscal_year else ""
            raise NotFound(f"no question {reply_no}{year}")
        row = rows[0]
        q = row["question"]
        return {
            **{k: q.get(k) for k in ("id", "reply_no", "question_no", "fiscal_year", "asker", "legco_ref", "head_no",
                                     "head_name", "controlling_officer", "director_of_bureau", "question_text",
                                     "answer_text", "reply_no_printed", "char_start", "char_end")},
            "subheads": q.get("subheads") or [],
            "legislator_id": row["legislator_id"],
            "programmes": [p for p in row["programmes"] if p],
            "addressed_to": _body(row),
            "source": {"id": row["document_id"], "title": row["document_title"],
                       "publisher": row["document_publisher"], "published": row["document_published"]}
            if row["document_id"] else None,
        }

    def legislators(self, limit: int, offset: int) -> dict[str, Any]:
        total = self._rows("count_legislators")[0]["total"]
        return {"items": self._rows("legislators", skip=offset, limit=limit), "total": total, "limit": limit,
                "offset": offset}

    def legislator(self, id_or_name: str) -> dict[str, Any]:
        node_id = id_or_name if id_or_name.startswith("legislator:") else legislator_id(_legislator_name(id_or_name))
        rows = self._rows("legislator_questions", id=node_id)
        if not rows:
            raise NotFound(f"no legislator {id_or_name}")
        row = rows[0]
        questions = [q for q in row["questions"] if q]
        return {
            "id": row["id"], "name": row["name"], "name_en": row["name_en"], "aliases": row["aliases"] or [],
            "question_count": len(questions),
            "questions_by_head": dict(Counter(q["head_no"] for q in questions)),
            "questions": questions,
        }


def _legislator_name(value: str | None) -> str | None:
    """Accept '陳振英', '陳 振 英 議員' or 'legislator:陳振英' alike."""
    if value is None:
        return None
    value = "".join(value.split()).removeprefix("legislator:")
    return value.removesuffix("議員") or None


def _body(row: dict[str, Any]) -> dict[str, Any] | None:
    if not row["body_id"]:
        return None
    labels = row["body_labels"] or []
    return {"id": row["body_id"], "label": labels[0] if labels else "", "name": row["body_name"],
            "name_en": row["body_name_en"]}
