"""Exports of the whole graph, read back from the store (so an export shows what the store really holds)."""

from __future__ import annotations

import json
from typing import Any, TextIO

from graph import cypher
from graph.store import Store


def export_json(store: Store, out: TextIO) -> tuple[int, int]:
    """Write {"nodes": [{id, labels, properties}], "relationships": [{type, start, end, properties}]}.

    start/end are node ids (the `id` property), never the store's internal element ids, which differ between
    stores and change on ArcadeDB when labels change. Returns (nodes, relationships) written.
    """
    nodes = store.read(cypher.load("queries/export_nodes"))
    relationships = store.read(cypher.load("queries/export_relationships"))
    json.dump(
        {"nodes": [_plain(n) for n in nodes], "relationships": [_plain(r) for r in relationships]},
        out,
        ensure_ascii=False,
        indent=1,
        default=str,
    )
    out.write("\n")
    return len(nodes), len(relationships)


def _plain(record: dict[str, Any]) -> dict[str, Any]:
    record = dict(record)
    if "labels" in record:
        record["labels"] = sorted(record["labels"])
    record["properties"] = dict(sorted(record["properties"].items()))
    return record
