"""Cypher lives in cypher/*.cypher and is loaded by name.

Templates may name a label or relationship type as {{label}}, {{start_label}}, {{end_label}} or {{type}}: those
are filled only from the model's enums (the allow-list), never from user input; {{max_hops}} takes only an int from
1 to 6 (Cypher has no parameter for a path length bound). Everything else is a $parameter.
"""

from __future__ import annotations

import re
from functools import cache

from graph.model import Label, Rel
from graph.resources import CYPHER_DIR

_SLOT = re.compile(r"\{\{(\w+)\}\}")


@cache
def load(name: str) -> str:
    """The text of cypher/<name>.cypher (name may include a folder: "write/merge_nodes")."""
    path = CYPHER_DIR / f"{name}.cypher"
    if not path.is_file():
        raise KeyError(f"no Cypher file {path}")
    return path.read_text(encoding="utf-8")


MAX_HOPS = 6


def render(name: str, **slots: Label | Rel | int) -> str:
    """Fill {{slot}}s of a template with labels or relationship types from the model, or a small path length."""
    for key, value in slots.items():
        if isinstance(value, bool) or not isinstance(value, (Label, Rel, int)):
            raise TypeError(f"slot {key} takes a Label or Rel from graph.model or a hop count, not {value!r}")
        if isinstance(value, int) and not isinstance(value, (Label, Rel)) and not 1 <= value <= MAX_HOPS:
            raise ValueError(f"slot {key}: a hop count must be from 1 to {MAX_HOPS}, not {value}")

    def fill(match: re.Match[str]) -> str:
        return str(slots[match.group(1)])

    return _SLOT.sub(fill, load(name))


def statements(name: str) -> list[str]:
    """The statements of a multi-statement file (schema.cypher), split on ';' at line ends, comments dropped."""
    text = without_comment_lines(load(name))
    return [s.strip() for s in re.split(r";\s*$", text, flags=re.M) if s.strip()]


def without_comment_lines(text: str) -> str:
    """The text without its `//` comment lines (the headers of the .cypher files)."""
    return "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("//"))
