"""The one error type loaders raise for bad input: it names the file and the place, in one line."""

from __future__ import annotations


class SourceError(ValueError):
    """Bad input: `str(err)` is `FILE:LINE: what is wrong` (or `FILE: what is wrong` when no line applies)."""

    def __init__(self, source: str, message: str, line: int | None = None):
        self.source = source
        self.line = line
        self.reason = message
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {message}")
