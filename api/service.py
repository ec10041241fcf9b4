"""Read-only queries behind the API and the MCP server: named Cypher from cypher/queries, results shaped for the
response models (api/models.py).

The HTTP routers (api/routers/) and the MCP tools (api/mcp_server.py) both call these methods, so a search, an
entity, a path or a refused query is the same thing, with the same one-line message, whichever way it is asked.
Errors a caller can cause are the exceptions below and those of the graph layer (graph.passages.QueryError,
graph.cookbook.ParameterError, graph.readonly.Busy, graph.store.StoreError); api/app.py gives each its status.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from api.graph_json import TooDeep, path_json, relationship_json, subgraph_json, value_json
from graph import cookbook, cypher, readonly
from graph.model import MODEL, Label, Rel, label_of_id, legislator_id, relationship_start
from graph.passages import Filters, Hit, PassageSearch
from graph.search import SearchIndex
from graph.store import Store


class NotFound(LookupError):
    """The thing asked for is not in the graph; the message says what was asked."""


class BadQuery(ValueError):
    """A Cypher query the walls refused, or that failed in the database (syntax, types, its time limit): a 400.
    The message says which and why, in one line."""


class GraphService:
    def __init__(self, store: Store) -> None:
        self.store = store
        # Researchers' and agents' own Cypher: its slots, queue and read-only connection (graph/readonly.py), opened
        # on first use and closed by close().
        self.readonly_cypher = readonly.ReadOnlyCypher(store)
        self._search: SearchIndex | None = None
        self._passages = PassageSearch(store)  # built from the store on the first GET /passages

    def close(self) -> None:
        """Close the read-only connection; the store itself belongs to whoever opened it."""
        self.readonly_cypher.close()

    def graph_changed(self) -> None:
        """Another build landed: the search indexes are built again from the store on their next use."""
        self._search = None
        self._passages = PassageSearch(self.store)

    def _graph_rows(self, query: str, **params: Any) -> list[list[Any]]:
        """Rows as lists of driver values, so nodes, relationships and paths keep their labels and ends."""
        return self.store.read_rows(query, **params)[1]  # a StoreError (503), not a 30 s hang, when the store is down

    # --- entities ---------------------------------------------------------------------------------------------

    def search(self, q: str, labels: set[str] | None, limit: int) -> dict[str, Any]:
        if self._search is None:
            self._search = SearchIndex(self.store)
        hits = self._search.search(q, labels, limit)
        return {
            "query": q,
            "hits": [
                {"id": h.entry.id, "label": h.entry.label, "name": h.entry.name, "name_en": h.entry.name_en,
                 "kind": h.entry.kind, "match": h.match, "matched": h.matched, "score": h.score,
                 "degree": h.entry.degree}
                for h in hits
            ],
        }

    def passages(self, q: str, filters: Filters, limit: int, offset: int) -> dict[str, Any]:
        """Passages that say `q` (raises graph.passages.QueryError for an empty or punctuation-only query)."""
        page = self._passages.search(q, filters, limit, offset)
        return {"query": page.query.text, "terms": [" ".join(term) for term in page.query.terms], "total": page.total,
                "limit": limit, "offset": offset, "hits": [_passage_hit(hit) for hit in page.hits]}

    def entity(self, node_id: str, source_limit: int = 100) -> dict[str, Any]:
        label = _label(node_id)
        rows = self._rows_t("api/entity", label=label, id=node_id)
        if not rows:
            raise NotFound(f"no node {node_id}")
        row = rows[0]
        props = row["properties"]
        sources = self._rows_t("api/entity_sources", label=label, id=node_id, limit=source_limit)
        counts = Counter(e for e in row["edges"] if e)
        return {
            "id": node_id,
            "labels": row["labels"],
            "name": props.get("name"),
            "name_en": props.get("name_en"),
            "aliases": props.get("aliases") or [],
            "properties": props,
            "relationship_counts": dict(counts),
            "money": _money_counts(counts),
            "sources": sources,
        }

    def neighbours(self, node_id: str, rel_type: str | None, depth: int, limit: int) -> dict[str, Any]:
        """The subgraph around a node, in one query (no row: no such node). What a view draws: the long texts and
        the provenance (MODEL.detail_properties) are left out; GET /entities/{id} and GET /relationships/{id}
        have them."""
        query = cypher.render(f"api/neighbours_{depth}", label=_label(node_id))
        rows = self._graph_rows(query, id=node_id, type=rel_type, limit=limit)
        if not rows:
            raise NotFound(f"no node {node_id}")
        nodes = [node for _, row_nodes, _ in rows for node in row_nodes]
        rels = [rel for _, _, row_rels in rows for rel in row_rels]
        return subgraph_json(nodes, rels, leave_out=MODEL.detail_properties)

    def relationship(self, rel_id: str) -> dict[str, Any]:
        """One relationship with every property (its quotes, replies and sources), and its two ends as a
        neighbourhood draws them."""
        key = relationship_start(rel_id)
        start_label = label_of_id(key[1]) if key else None
        if key is None or start_label is None:
            raise NotFound(f"no relationship {rel_id} (ids look like FUNDS:bureau:itib->scheme:gsps:1a2b3c4d5e6f)")
        query = cypher.render("api/relationship", type=key[0], start_label=start_label)
        rows = self._graph_rows(query, id=rel_id, start=key[1])
        if not rows:
            raise NotFound(f"no relationship {rel_id}")
        start, rel, end = rows[0]
        nodes = subgraph_json([start, end], [], leave_out=MODEL.detail_properties)["nodes"]
        return {"nodes": nodes, "relationships": [relationship_json(rel)]}

    def paths(self, start: str, end: str, max_hops: int, limit: int) -> dict[str, Any]:
        start_label, end_label = _label(start), _label(end)
        for node_id, label in ((start, start_label), (end, end_label)):
            if not self._rows_t("api/entity", label=label, id=node_id):
                raise NotFound(f"no node {node_id}")
        query = cypher.render("api/shortest_paths", start_label=start_label, end_label=end_label, max_hops=max_hops)
        rows = self._graph_rows(query, **{"from": start, "to": end, "limit": limit})
        return {"from": start, "to": end, "max_hops": max_hops, "paths": [path_json(r[0]) for r in rows]}

    def funding(self, entity: str | None, fiscal_year: str | None, amount_type: str | None, limit: int,
                offset: int) -> dict[str, Any]:
        if entity is not None and not self._rows_t("api/entity", label=_label(entity), id=entity):
            raise NotFound(f"no node {entity}")
        filters = {"id": entity, "fiscal_year": fiscal_year, "amount_type": amount_type}
        rows = self.store.read(cypher.load("api/funding"), **filters, skip=offset, limit=limit)
        totals = self.store.read(cypher.load("api/funding_totals"), **filters)
        # Counted apart from the totals: a flow without a stated amount is listed but never summed.
        total_facts = self.store.read(cypher.load("api/funding_count"), **filters)[0]["total"]
        facts = [
            {**row["fact"], "funder_id": row["funder_id"], "funder": row["funder"],
             "recipient_id": row["recipient_id"], "recipient": row["recipient"]}
            for row in rows
        ]
        return {"entity": entity, "facts": facts, "totals": totals, "total_facts": total_facts,
                "limit": limit, "offset": offset}

    def figures(self, node_id: str, fiscal_year: str | None, amount_type: str | None, limit: int,
                offset: int) -> dict[str, Any]:
        """The Figure nodes ABOUT a node, by year and type: figures about one thing, never summed."""
        if not self._rows_t("api/entity", label=_label(node_id), id=node_id):
            raise NotFound(f"no node {node_id}")
        filters = {"id": node_id, "fiscal_year": fiscal_year, "amount_type": amount_type}
        rows = self.store.read(cypher.load("api/figures"), **filters, skip=offset, limit=limit)
        total = self.store.read(cypher.load("api/figures_count"), **filters)[0]["total"]
        figures = [{**row["figure"], "subject_id": row["subject_id"], "subject": row["subject"],
                    "subject_label": row["subject_label"]} for row in rows]
        return {"entity": node_id, "figures": figures, "total": total, "limit": limit, "offset": offset}

    def entities(self, label: Label, kind: str | None, limit: int, offset: int) -> dict[str, Any]:
        total = self._rows_t("api/count_by_label", label=label, kind=kind)[0]["total"]
        items = self._rows_t("api/entities_by_label", label=label, kind=kind, skip=offset, limit=limit)
        return {"items": items, "total": total, "limit": limit, "offset": offset}

    def _rows_t(self, template: str, label: Label, **params: Any) -> list[dict[str, Any]]:
        return self.store.read(cypher.render(template, label=label), **params)

    def _rows(self, query_name: str, **params: Any) -> list[dict[str, Any]]:
        return self.store.read(cypher.load(f"queries/{query_name}"), **params)

    def latest_build(self) -> dict[str, Any] | None:
        """The Build node's record (which loaders, rules and corpus made the graph), or None before any build."""
        rows = self.store.read(cypher.load("api/latest_build"))
        return rows[0] if rows else None

    def stats(self) -> dict[str, Any]:
        nodes, rels = self.store.label_counts(), self.store.relationship_counts()
        return {
            "nodes": nodes,
            "relationships": rels,
            "total_nodes": sum(nodes.values()),
            "total_relationships": sum(rels.values()),
        }

    def questions(
        self,
        *,
        legislator: str | None,
        head: str | None,
        programme: str | None,
        q: str | None,
        fiscal_year: str | None,
        limit: int,
        offset: int,
    ) -> dict[str, Any]:
        filters = {
            "legislator": _legislator_name(legislator),
            "head": head,
            "programme": programme,
            "q": q,
            "fiscal_year": fiscal_year,
        }
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
            **{
                k: q.get(k)
                for k in (
                    "id",
                    "reply_no",
                    "question_no",
                    "fiscal_year",
                    "asker",
                    "legco_ref",
                    "head_no",
                    "head_name",
                    "controlling_officer",
                    "director_of_bureau",
                    "question_text",
                    "answer_text",
                    "reply_no_printed",
                    "char_start",
                    "char_end",
                )
            },
            "subheads": q.get("subheads") or [],
            "legislator_id": row["legislator_id"],
            "programmes": [p for p in row["programmes"] if p],
            "addressed_to": _body(row),
            "source": {
                "id": row["document_id"],
                "title": row["document_title"],
                "publisher": row["document_publisher"],
                "published": row["document_published"],
            }
            if row["document_id"]
            else None,
        }

    # --- researchers' and agents' own queries ---------------------------------------------------------------------

    def run_cypher(self, query: str, parameters: dict[str, Any] | None, row_limit: int,
                   timeout: float) -> dict[str, Any]:
        """One read-only statement through both walls, with its row cap and time limit (graph/readonly.py).

        Raises BadQuery when it is refused or fails, graph.readonly.Busy when every slot and the queue are taken."""
        try:
            result = self.readonly_cypher.run(query, parameters, row_limit=row_limit, timeout=timeout)
            rows = [value_json(row) for row in result.rows]
        except readonly.QueryRefused as error:
            raise BadQuery(f"refused: {error}") from None
        except (readonly.QueryFailed, TooDeep) as error:
            raise BadQuery(f"the query failed: {error}") from None
        return {"columns": result.columns, "rows": rows, "truncated": result.truncated, "row_limit": row_limit}

    def run_query(self, name: str, params: dict[str, Any] | None) -> dict[str, Any]:
        """A cookbook query by name (raises NotFound, or graph.cookbook.ParameterError naming the parameter)."""
        query = cookbook_query(name)
        result = cookbook.execute(self.store, query, query.validate(params))
        return {"name": name, "columns": result.columns, "rows": [value_json(row) for row in result.rows]}

    def legislators(self, limit: int, offset: int) -> dict[str, Any]:
        total = self._rows("count_legislators")[0]["total"]
        return {
            "items": self._rows("legislators", skip=offset, limit=limit),
            "total": total,
            "limit": limit,
            "offset": offset,
        }

    def legislator(self, id_or_name: str) -> dict[str, Any]:
        name = id_or_name if id_or_name.startswith("legislator:") else _legislator_name(id_or_name)
        if not name:  # only spaces (or what str.split() takes for them, such as U+001D): no one's name
            raise NotFound(f"no legislator {id_or_name!r}")
        node_id = name if name.startswith("legislator:") else legislator_id(name)
        rows = self._rows("legislator_questions", id=node_id)
        if not rows:
            raise NotFound(f"no legislator {id_or_name}")
        row = rows[0]
        questions = [q for q in row["questions"] if q]
        return {
            "id": row["id"],
            "name": row["name"],
            "name_en": row["name_en"],
            "aliases": row["aliases"] or [],
            "question_count": len(questions),
            "questions_by_head": dict(Counter(q["head_no"] for q in questions)),
            "questions": questions,
        }


def cookbook_query(name: str) -> cookbook.Query:
    try:
        return cookbook.get(name)
    except cookbook.UnknownQuery:
        raise NotFound(f"no cookbook query {name!r}; GET /queries (MCP: list_cookbook_queries) lists them") from None


def passage_filters(document: str | None = None, reply_no: str | None = None, language: str | None = None,
                    label: str | None = None, part: str | None = None,
                    fiscal_year: str | None = None) -> Filters:
    """The filters of a passage search, as GET /passages and the MCP tool take them (reply numbers in any case)."""
    return Filters(document=document, reply_no=reply_no.upper() if reply_no else None, language=language,
                   label=label, part=part, fiscal_year=fiscal_year)


def graph_model() -> dict[str, Any]:
    """Everything a query may name, from data/model.yaml: labels, relationship types and properties, each with
    what it means (GET /model, and the MCP schema tool: what an agent needs to write correct Cypher)."""
    return {
        "labels": [{"name": spec.name, "id_prefix": spec.id_prefix, "zh": spec.zh, "en": spec.en,
                    "description": spec.description, "colour": spec.colour, "entity": spec.entity,
                    "yearly": spec.yearly, "searchable": spec.searchable, "plural": spec.plural or None,
                    "properties": sorted(spec.properties)} for spec in MODEL.labels.values()],
        "relationships": [{"name": spec.name, "zh": spec.zh, "description": spec.description,
                           "start": sorted(spec.start), "end": sorted(spec.end), "properties": sorted(spec.properties)}
                          for spec in MODEL.relationships.values()],
        "properties": [{"name": spec.name, "type": spec.type, "description": spec.description,
                        "accumulates": spec.accumulates, "detail": spec.detail, "values": list(spec.values)}
                       for spec in MODEL.properties.values()],
    }


def _passage_hit(hit: Hit) -> dict[str, Any]:
    passage = hit.passage
    return {
        **{key: getattr(passage, key) for key in ("id", "node_id", "label", "field", "part", "paragraph", "text",
                                                  "start", "end", "language", "reply_no", "fiscal_year",
                                                  "document_id", "document_title")},
        "score": round(hit.score, 4),
        "matches": [list(span) for span in hit.matches],
        "snippet": [{"text": text, "hit": matched} for text, matched in hit.snippet],
        "entities": [vars(entity) for entity in passage.entities],
    }


def _money_counts(edge_counts: Counter) -> dict[str, int]:
    """Flows (FUNDS) apart from figures about the node (a Figure ABOUT it), from its relationship counts."""
    return {"flows_in": edge_counts[f"{Rel.FUNDS}:in"], "flows_out": edge_counts[f"{Rel.FUNDS}:out"],
            "figures": edge_counts[f"{Rel.ABOUT}:in"]}


def _label(node_id: str) -> Label:
    label = label_of_id(node_id)
    if label is None:
        raise NotFound(f"no node {node_id} (ids look like scheme:gsps, dept:itc, legislator:陳振英)")
    return label


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
    return {
        "id": row["body_id"],
        "label": labels[0] if labels else "",
        "name": row["body_name"],
        "name_en": row["body_name_en"],
    }
