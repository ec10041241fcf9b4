"""Error messages that repeat what a user sent, kept short and on one line.

An error may quote the query, a parameter or a database message that itself quotes them; the user may have sent
megabytes, deep nesting or line breaks. Every such quote goes through here, so no message echoes more than a few
hundred characters or breaks the one-line rule (a CLI line, a JSON `detail`).

    one_line("MATCH (n)\\nRETURN n", 200)   # 'MATCH (n) RETURN n'
    shown({"a": [1, 2]}, 80)               # '{"a": [1, 2]}'
"""

from __future__ import annotations

import json
from typing import Any

# What a message may repeat of the user's input, unless the caller says otherwise.
MAX_ECHO = 200


def one_line(text: Any, limit: int | None = MAX_ECHO) -> str:
    """`text` with every run of white space (line breaks of any kind included) as one space, and, beyond `limit`
    characters, cut to its start and its length ("… (900,012 characters)") within `limit` characters."""
    line = " ".join(str(text).split())  # str.split() splits at \r, \n, U+2028, U+2029, U+0085 … too
    if limit is None or len(line) <= limit:
        return line
    said = f"… ({len(line):,} characters)"
    return line[: max(limit - len(said), 1)] + said


def shown(value: Any, limit: int = MAX_ECHO) -> str:
    """A value as JSON text for a message (a string in quotes), on one line and at most `limit` characters; a value
    nested too deeply to serialise is named by its type."""
    try:
        text = json.dumps(value, ensure_ascii=False, default=str)
    except (RecursionError, ValueError, TypeError):
        text = f"a {type(value).__name__}"
    return one_line(text, limit)


def error_text(error: BaseException, limit: int | None = MAX_ECHO) -> str:
    """An exception's message (a driver error's own `message` when it has one) on one line, or its type's name."""
    message = getattr(error, "message", None) or str(error)
    return one_line(message, limit) or type(error).__name__
