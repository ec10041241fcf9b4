"""Read-only Cypher for researchers: two walls between a submitted query and a write.

Wall 1, here: a tokenizer that reads the query the way Cypher does (strings, `backticked names`, comments, $params)
and refuses any write or admin clause, whatever its spelling, case, comments or unicode tricks: the text is NFKC
normalised first (so full-width ＣＲＥＡＴＥ and the long s of ſet are caught), invisible format characters are
refused outright, and only procedures from an allow-list may be CALLed.

Wall 2, the database's own guarantee (graph/store.py, Dialect): on Neo4j the query runs in a READ session, which
refuses writes, after EXPLAIN has classified it as read-only; on the embedded ArcadeDB it runs as the `reader`
user whose group may only read records (graph/embedded.py), with a server-side read timeout.

    cypher = ReadOnlyCypher(store)
    result = cypher.run("MATCH (s:Scheme) RETURN s.name LIMIT 5", {}, row_limit=100, timeout=10)
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from threading import Lock
from typing import Any

import neo4j
from neo4j.exceptions import ClientError, DriverError, Neo4jError

from graph.store import Store, StoreError

# Clauses and commands that change data, schema, users or the server. Compared after NFKC + casefold.
WRITE_KEYWORDS = frozenset({
    "create", "merge", "set", "delete", "detach", "remove", "drop", "load", "foreach",
    # admin and schema commands (Neo4j 5): databases, users, roles, privileges, servers, aliases
    "grant", "revoke", "deny", "alter", "rename", "start", "stop", "terminate", "enable", "deallocate",
    "reallocate", "show", "use",
})
# `CALL { … } IN TRANSACTIONS` exists to write in batches.
TRANSACTIONS_KEYWORD = "transactions"
# Procedures a researcher may CALL: they read the schema and nothing else. Compared casefolded.
READ_PROCEDURES = frozenset({
    "db.labels", "db.relationshiptypes", "db.propertykeys", "db.schema.nodetypeproperties",
    "db.schema.reltypeproperties", "db.schema.visualization",
})
MAX_QUERY_CHARS = 20_000
DEFAULT_ROW_LIMIT = 1_000
MAX_ROW_LIMIT = 10_000
DEFAULT_TIMEOUT_S = 10.0
MAX_TIMEOUT_S = 30.0


class QueryRefused(ValueError):
    """The query may write, or cannot be checked. The message says why, in one line, for a 400."""


class QueryFailed(ValueError):
    """The database refused or could not run the query (syntax, types, a timeout). One line, for a 400."""


# --- wall 1: the tokenizer ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Token:
    kind: str  # "word", "param", "name" (backticked), "string", "number", "symbol"
    text: str
    offset: int


_WORD = re.compile(r"[^\W\d]\w*")
_NUMBER = re.compile(r"\d[\w.]*")


def tokens(query: str) -> Iterator[Token]:
    """Cypher tokens without whitespace and comments. Unterminated strings, names or comments are refused:
    what the tokenizer cannot read, the database must not run."""
    i, n = 0, len(query)
    while i < n:
        c = query[i]
        if c.isspace():
            i += 1
        elif query.startswith("//", i):
            end = query.find("\n", i)
            i = n if end < 0 else end + 1
        elif query.startswith("/*", i):
            end = query.find("*/", i + 2)
            if end < 0:
                raise QueryRefused(f"unterminated /* comment at character {i}")
            i = end + 2
        elif c in "'\"":
            end = _string_end(query, i)
            yield Token("string", query[i:end], i)
            i = end
        elif c == "`":
            end = _backtick_end(query, i)
            yield Token("name", query[i + 1 : end - 1].replace("``", "`"), i)
            i = end
        elif c == "$":
            match = _WORD.match(query, i + 1) or _NUMBER.match(query, i + 1)
            end = match.end() if match else i + 1
            yield Token("param", query[i + 1 : end], i)
            i = end
        elif match := _WORD.match(query, i):
            yield Token("word", match.group(), i)
            i = match.end()
        elif match := _NUMBER.match(query, i):
            yield Token("number", match.group(), i)
            i = match.end()
        else:
            yield Token("symbol", c, i)
            i += 1


def _string_end(query: str, start: int) -> int:
    quote, i = query[start], start + 1
    while i < len(query):
        if query[i] == "\\":
            i += 2
        elif query[i] == quote:
            return i + 1
        else:
            i += 1
    raise QueryRefused(f"unterminated string starting at character {start}")


def _backtick_end(query: str, start: int) -> int:
    i = start + 1
    while i < len(query):
        if query[i] == "`":
            if query.startswith("``", i):  # an escaped backtick inside the name
                i += 2
                continue
            return i + 1
        i += 1
    raise QueryRefused(f"unterminated `name` starting at character {start}")


def _invisible_characters(query: str) -> list[str]:
    """Format and control characters (zero-width spaces, bidi overrides, NUL …) other than ordinary whitespace."""
    return [f"U+{ord(c):04X}" for c in query if unicodedata.category(c) in ("Cf", "Cc", "Cs", "Co", "Cn")
            and c not in "\t\n\r"]


def check_read_only(query: str) -> None:
    """Raise QueryRefused unless `query` is one statement of reading clauses and allowed procedure calls."""
    if not query or not query.strip():
        raise QueryRefused("the query is empty")
    if len(query) > MAX_QUERY_CHARS:
        raise QueryRefused(f"the query is longer than {MAX_QUERY_CHARS} characters")
    if hidden := _invisible_characters(query):
        raise QueryRefused(f"the query contains invisible or control characters ({', '.join(sorted(set(hidden)))})")
    # Checked on the NFKC form: what looks like a keyword to a reader or a lenient parser is one here too.
    normalised = unicodedata.normalize("NFKC", query)
    found = list(tokens(normalised))
    _check_one_statement(found)
    for position, token in enumerate(found):
        if token.kind != "word":
            continue
        word = token.text.casefold()
        before = found[position - 1] if position else None
        if before is not None and before.kind == "symbol" and before.text == ".":
            continue  # a property key (n.set) or a procedure name part, checked below
        if word in WRITE_KEYWORDS:
            raise QueryRefused(f"{token.text.upper()} at character {token.offset} is not allowed: this endpoint "
                               "only reads (a property or label of that name can be `backticked`)")
        if word == TRANSACTIONS_KEYWORD:
            raise QueryRefused(f"IN TRANSACTIONS at character {token.offset} is not allowed: it is for writing")
        if word == "call":
            _check_call(found, position)


def _check_one_statement(found: list[Token]) -> None:
    semicolons = [t for t in found if t.kind == "symbol" and t.text == ";"]
    if semicolons and (len(semicolons) > 1 or semicolons[0] is not found[-1]):
        raise QueryRefused(f"only one statement is allowed (';' at character {semicolons[0].offset})")


def _check_call(found: list[Token], position: int) -> None:
    """CALL { subquery } and CALL (vars) { subquery } are read or refused by their own clauses; CALL proc() must
    name an allowed procedure."""
    following = found[position + 1 : position + 2]
    if not following:
        raise QueryRefused("CALL without a procedure or subquery")
    if following[0].kind == "symbol" and following[0].text in "{(":
        return
    name_parts: list[str] = []
    for token in found[position + 1 :]:
        if token.kind in ("word", "name") and (not name_parts or name_parts[-1] == "."):
            name_parts.append(token.text)
        elif token.kind == "symbol" and token.text == "." and name_parts and name_parts[-1] != ".":
            name_parts.append(".")
        else:
            break
    name = "".join(name_parts)
    if name.casefold() not in READ_PROCEDURES:
        allowed = ", ".join(sorted(READ_PROCEDURES))
        raise QueryRefused(f"CALL {name or '?'} is not allowed: only these procedures may be called: {allowed}")


INT64 = (-(2**63), 2**63 - 1)


def check_parameters(parameters: dict[str, Any], where: str = "") -> None:
    """Bolt carries 64-bit integers only: a bigger one is a client's mistake (400), not a server error."""
    for name, value in parameters.items():
        _check_value(value, f"{where}{name}")


def _check_value(value: Any, where: str) -> None:
    if isinstance(value, bool):
        return
    if isinstance(value, int) and not INT64[0] <= value <= INT64[1]:
        raise QueryFailed(f"parameter {where}: {value} does not fit in a 64-bit integer")
    if isinstance(value, list):
        for i, item in enumerate(value):
            _check_value(item, f"{where}[{i}]")
    if isinstance(value, dict):
        check_parameters(value, f"{where}.")


# --- wall 2 and running -------------------------------------------------------------------------------------------


@dataclass
class ReadOnlyResult:
    columns: list[str]
    rows: list[list[Any]]
    truncated: bool  # more rows existed than row_limit


class ReadOnlyCypher:
    """Runs researchers' Cypher read-only over `store`, through the database's own read-only guarantee.

    The connection for it is opened on first use and closed by close(). Thread-safe: the API calls it from its
    worker threads.
    """

    def __init__(self, store: Store, workers: int = 4) -> None:
        self.store = store
        self._reader: Store | None = None
        self._lock = Lock()
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="cypher")

    def reader(self) -> Store:
        """The store as seen by a user who can only read (ArcadeDB), or the store itself where READ sessions are
        enforced by the server (Neo4j). Without either, refuse rather than run unchecked."""
        with self._lock:
            if self._reader is None:
                if self.store.dialect.enforces_read_access_mode:
                    self._reader = self.store
                else:
                    self._reader = self.store.read_only_store()
            return self._reader

    def run(self, query: str, parameters: dict[str, Any] | None = None, row_limit: int = DEFAULT_ROW_LIMIT,
            timeout: float = DEFAULT_TIMEOUT_S) -> ReadOnlyResult:
        check_read_only(query)
        check_parameters(parameters or {})
        reader = self.reader()
        if reader.dialect.explain_reports_query_type:
            self._check_explained_as_read(reader, query, parameters or {})
        future = self._pool.submit(_fetch, reader, query, parameters or {}, row_limit, timeout)
        try:
            # A little over the server's own timeout, for when the server does not honour it.
            return future.result(timeout=timeout + 2)
        except FutureTimeout:
            future.cancel()
            raise QueryFailed(f"the query ran longer than {timeout:g} s and was abandoned") from None

    @staticmethod
    def _check_explained_as_read(reader: Store, query: str, parameters: dict[str, Any]) -> None:
        """Neo4j's planner says what a query does: 'r' reads only; 'rw', 'w' and 's' (schema) are refused."""
        try:
            with reader.driver.session(database=reader.database, default_access_mode=neo4j.READ_ACCESS) as session:
                summary = session.run("EXPLAIN " + query, parameters).consume()
        except Neo4jError as error:
            raise QueryFailed(_one_line(error)) from None
        if summary.query_type != "r":
            raise QueryRefused(f"the database classifies this query as {summary.query_type!r}, not read-only")

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        with self._lock:
            if self._reader is not None and self._reader is not self.store:
                self._reader.close()
            self._reader = None


def _fetch(reader: Store, query: str, parameters: dict[str, Any], row_limit: int, timeout: float) -> ReadOnlyResult:
    """Read at most row_limit + 1 records (the extra one only says "there was more"), in a READ transaction."""
    def work(tx: neo4j.ManagedTransaction) -> ReadOnlyResult:
        result = tx.run(query, parameters)
        rows: list[list[Any]] = []
        truncated = False
        for record in result:
            if len(rows) == row_limit:
                truncated = True
                break
            rows.append(list(record.values()))
        return ReadOnlyResult(columns=list(result.keys()), rows=rows, truncated=truncated)

    try:
        with reader.driver.session(database=reader.database, default_access_mode=neo4j.READ_ACCESS) as session:
            # Not execute_read: a refused or failing query must not be retried. The timeout is the server's
            # transaction timeout on Neo4j; ArcadeDB has its own, the reader group's readTimeout.
            with session.begin_transaction(timeout=timeout) as tx:
                outcome = work(tx)
                tx.rollback()  # nothing to commit: a reader leaves no trace, even where a write slipped through
                return outcome
    except ClientError as error:
        if error.code and "Security" in error.code:
            raise QueryRefused(f"refused by the database: {_one_line(error)}") from None
        raise QueryFailed(_one_line(error)) from None
    except Neo4jError as error:
        raise QueryFailed(_one_line(error)) from None
    except DriverError as error:
        raise StoreError(f"the store failed while running the query: {_one_line(error)}") from None


def _one_line(error: BaseException) -> str:
    message = getattr(error, "message", None) or str(error)
    return " ".join(str(message).split())[:500] or type(error).__name__
