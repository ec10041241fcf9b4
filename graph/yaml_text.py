"""YAML text read with libyaml's C parser where PyYAML has it: ten times faster than PyYAML's own.

Every build reads the model, the gazetteer and the rules (~150 KB of YAML, some of it twice: once for the values,
once as a node tree for line numbers); with the Python parser that was ~1.2 s of CPU before the analysis could
start. The C parser gives the same values and nodes (the same safe constructor and resolver). A text it refuses
is parsed again by the Python parser, so that the error raised, and the message and line innograph reports from
it, stay exactly what they were.
"""

from __future__ import annotations

from typing import Any

import yaml

_FAST = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def safe_load(text: str) -> Any:
    """yaml.safe_load(text)."""
    try:
        return yaml.load(text, Loader=_FAST)
    except yaml.YAMLError:
        return yaml.safe_load(text)  # raises the Python parser's error


def compose(text: str) -> yaml.Node | None:
    """yaml.compose(text, Loader=yaml.SafeLoader): the node tree, with each node's start and end marks (one
    difference: a plain scalar's `style` is '' where PyYAML says None)."""
    try:
        return yaml.compose(text, Loader=_FAST)
    except yaml.YAMLError:
        return yaml.compose(text, Loader=yaml.SafeLoader)
