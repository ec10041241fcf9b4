"""The one error type loaders raise for bad input: it names the file and the place, in one line."""

from __future__ import annotations

import yaml

from loaders.text import raw_line_at


class SourceError(ValueError):
    """Bad input: `str(err)` is `FILE:LINE: what is wrong` (or `FILE: what is wrong` when no line applies).

    LINE is a line of the file as it is on disk, counted from 1, whatever line terminators it uses.
    """

    def __init__(self, source: str, message: str, line: int | None = None):
        self.source = source
        self.line = line
        self.reason = " ".join(message.splitlines())  # one line, even when a quoted value spans several
        where = f"{source}:{line}" if line is not None else source
        super().__init__(f"{where}: {self.reason}")


def yaml_error(source: str, err: yaml.YAMLError, text: str = "") -> SourceError:
    """PyYAML's several-line message as one line, at the 1-based line of the problem (its marks count from 0)."""
    if isinstance(err, yaml.reader.ReaderError):  # a character YAML does not allow; it knows only the position
        line = raw_line_at(text, err.position) if text else None
        character = f"#x{err.character:04x}" if isinstance(err.character, int) else repr(err.character)
        return SourceError(source, f"not valid YAML: unacceptable character {character} ({err.reason})", line=line)
    problem = getattr(err, "problem", None)
    if not problem:
        return SourceError(source, f"not valid YAML: {' '.join(str(err).split())}")
    mark = getattr(err, "problem_mark", None)
    context, context_mark = getattr(err, "context", None), getattr(err, "context_mark", None)
    if context and context_mark is not None and mark is not None and context_mark.line != mark.line:
        context += f" at line {context_mark.line + 1}"
    message = f"{problem} ({context})" if context else problem
    return SourceError(source, f"not valid YAML: {message}", line=mark.line + 1 if mark is not None else None)


class IndexPageOnly(SourceError):
    """The document is an index table without any reply after it (a document's first pages, re-published alone):
    `innograph parse` prints its rows; a build cannot use it."""
