"""Read-only Cypher for researchers: two walls between a submitted query and a write, and limits on what one query
may cost.

Wall 1, here: a tokenizer that reads the query the way the server's lexer does, and refuses any write or admin
clause, whatever its spelling, case, comments or unicode tricks; only procedures from an allow-list may be CALLed.
It follows the lexer both servers use (Neo4j's Cypher25Lexer.g4, which ArcadeDB 26.x compiles as it is):

- `//` comments end at `\\r` or `\\n` (SINGLE_LINE_COMMENT: '//' ~[\\r\\n]*). Measured on the embedded server (ArcadeDB
  26.10.2), sending `RETURN 1 AS a //x<T>, 2 AS b` and looking at the columns that came back: \\r, \\n and \\r\\n end
  the comment (columns a, b); U+0085, U+2028, U+2029, \\v, \\f, U+001C-U+001F and NUL do not (column a only).
  Before, the tokenizer ended comments at \\n only, so `… //\\rSET s.name = 'x'` hid a SET from it (issue 8).
- whitespace is exactly Python's str.isspace() set (compared character by character with the SPACE rule);
- strings: '…' and "…", a backslash escapes any one character, and nothing else (`'it''s'` is two strings, and a
  syntax error, on the server); `backticked names` double a backtick to escape it; `/* … */` does not nest;
- a character the lexer does not know (², ＂, ／) is a syntax error on the server, never skipped (measured).

Where the two readings could still differ, this one sees more code than the server, never less: unterminated
strings, names and comments are refused; numbers end at the first letter (the server reads `0SET` as one
identifier, this reads `0` and `SET`); and every word is also checked in its NFKC, casefolded form split into ASCII
words, so full-width ＣＲＥＡＴＥ, the long s of ſet or `名set` are refused although the server would read them as plain
identifiers. Invisible format and control characters are refused outright. A maintained Cypher parser was
considered (PyPI antlr4-cypher, generated from the older openCypher grammar): it is not the grammar the server runs,
and wall 1 only needs token boundaries, which come from the server's own lexer rules above and are checked against
the live server by tests/test_readonly_wall.py.

Wall 2, the database's own guarantee (graph/store.py, Dialect): on Neo4j the query runs in a READ session, which
refuses writes, after EXPLAIN has classified it as read-only; on the embedded ArcadeDB it runs as the `reader`
user whose group may only read records (graph/embedded.py).

Limits: at most `concurrency` user queries run at once (INNOGRAPH_CYPHER_CONCURRENCY; by default half the cores,
at least 1), a few more wait up to QUEUE_WAIT_S, and the rest are told to come back later (Busy, a 429). A query
still running at its timeout is terminated in the server (`TERMINATE TRANSACTIONS`, found by a tag comment put in
front of its text), and its slot is freed only once the server has stopped it. Parameters and returned values may
nest at most MAX_DEPTH levels, and no message quotes more than graph.messages.MAX_ECHO characters of the user's
input.

    cypher = ReadOnlyCypher(store)
    result = cypher.run("MATCH (s:Scheme) RETURN s.name LIMIT 5", {}, row_limit=100, timeout=10)
"""

from __future__ import annotations

import math
import os
import re
import time
import unicodedata
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass
from itertools import count
from threading import Condition, Lock
from typing import Any

import neo4j
from neo4j.exceptions import ClientError, DriverError, Neo4jError

from graph import cypher
from graph.env import int_from_env
from graph.messages import error_text, one_line
from graph.store import Store, StoreError

# Clauses and commands that change data, schema, users or the server. Compared after NFKC + casefold.
WRITE_KEYWORDS = frozenset({
    "create", "merge", "set", "delete", "detach", "remove", "drop", "load", "foreach",
    # admin and schema commands (Neo4j 5): databases, users, roles, privileges, servers, aliases, transactions
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
# Deeper parameters or results are refused: Python's recursion (and the reader's patience) end well before 1000.
MAX_DEPTH = 64

CONCURRENCY_ENV = "INNOGRAPH_CYPHER_CONCURRENCY"
QUEUE_ENV = "INNOGRAPH_CYPHER_QUEUE"
# How long a query waits for a free slot before it is told to come back later.
QUEUE_WAIT_S = 3.0
# How long, after terminating a query at its timeout, the caller waits for the server to confirm it stopped.
STOP_WAIT_S = 3.0
QUERY_TAG = "innograph-query"


class QueryRefused(ValueError):
    """The query may write, or cannot be checked. The message says why, in one line, for a 400."""


class QueryFailed(ValueError):
    """The database refused or could not run the query (syntax, types, a timeout). One line, for a 400."""


class Busy(RuntimeError):
    """Too many queries are running or waiting: come back in `retry_after` seconds (a 429)."""

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.retry_after = retry_after


# --- wall 1: the tokenizer ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Token:
    kind: str  # "word", "param", "name" (backticked), "string", "number", "symbol"
    text: str
    offset: int


# Where the server's lexer ends a // comment (SINGLE_LINE_COMMENT: '//' ~[\r\n]*), measured: see the docstring.
COMMENT_LINE_ENDS = re.compile(r"[\r\n]")
_WORD = re.compile(r"[^\W\d]\w*")
# Digits only: a letter after them starts a word, so that `0SET` shows a SET (the server reads one identifier).
_NUMBER = re.compile(r"\d(?:[\d_]|\.(?=\d))*")
_ASCII_WORD = re.compile(r"[a-z_][a-z0-9_]*")


def tokens(query: str) -> Iterator[Token]:
    """Cypher tokens without whitespace and comments. Unterminated strings, names or comments are refused:
    what the tokenizer cannot read, the database must not run."""
    i, n = 0, len(query)
    while i < n:
        c = query[i]
        if c.isspace():
            i += 1
        elif query.startswith("//", i):
            end = COMMENT_LINE_ENDS.search(query, i + 2)
            i = n if end is None else end.end()
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


def keyword_spellings(word: str) -> list[str]:
    """The ASCII words in `word` once NFKC-normalised and casefolded: `ＣＲＥＡＴＥ` -> create, `ſet` -> set,
    `名set` -> set. More than the server sees (it reads those as identifiers): a look-alike is refused too."""
    return _ASCII_WORD.findall(unicodedata.normalize("NFKC", word).casefold())


def check_read_only(query: str) -> None:
    """Raise QueryRefused unless `query` is one statement of reading clauses and allowed procedure calls."""
    if not query or not query.strip():
        raise QueryRefused("the query is empty")
    if len(query) > MAX_QUERY_CHARS:
        raise QueryRefused(f"the query is longer than {MAX_QUERY_CHARS} characters")
    if hidden := _invisible_characters(query):
        listed = ", ".join(sorted(set(hidden))[:10])
        raise QueryRefused(f"the query contains invisible or control characters ({listed})")
    found = list(tokens(query))
    _check_one_statement(found)
    for position, token in enumerate(found):
        if token.kind != "word" or _is_property_key(found, position):
            continue
        for word in keyword_spellings(token.text):
            if word in WRITE_KEYWORDS:
                raise QueryRefused(f"{one_line(token.text.upper(), 40)} at character {token.offset} is not allowed: "
                                   "this endpoint only reads (a property or label of that name can be `backticked`)")
            if word == TRANSACTIONS_KEYWORD:
                raise QueryRefused(f"IN TRANSACTIONS at character {token.offset} is not allowed: it is for writing")
            if word == "call":
                _check_call(found, position)


def _is_property_key(found: list[Token], position: int) -> bool:
    """n.set, or a part of a procedure name (checked by _check_call): a word right after a single '.', with
    nothing between them. `n. SET` or `1..SET` are read as the clause they may be."""
    if position == 0:
        return False
    dot, word = found[position - 1], found[position]
    if not (dot.kind == "symbol" and dot.text == "." and dot.offset + 1 == word.offset):
        return False
    before = found[position - 2] if position >= 2 else None
    return not (before is not None and before.text == "." and before.offset + 1 == dot.offset)  # a range's ..


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
    if unicodedata.normalize("NFKC", name).casefold() not in READ_PROCEDURES:
        allowed = ", ".join(sorted(READ_PROCEDURES))
        raise QueryRefused(f"CALL {one_line(name, 60) or '?'} is not allowed: only these procedures may be called: "
                           f"{allowed}")


INT64 = (-(2**63), 2**63 - 1)


def check_parameters(parameters: dict[str, Any]) -> None:
    """Bolt carries 64-bit integers only, and a value nested deeper than MAX_DEPTH is refused before it costs
    anything: both are a client's mistake (400), not a server error."""
    for name, value in parameters.items():
        _check_value(value, str(name), 1)


def _check_value(value: Any, where: str, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise QueryFailed(f"parameter {one_line(where.split('.')[0].split('[')[0], 60)} is nested more than "
                          f"{MAX_DEPTH} levels deep")
    if isinstance(value, bool):
        return
    if isinstance(value, int) and not INT64[0] <= value <= INT64[1]:
        raise QueryFailed(f"parameter {one_line(where, 100)}: the number does not fit in a 64-bit integer")
    if isinstance(value, list):
        for i, item in enumerate(value):
            _check_value(item, f"{where}[{i}]", depth + 1)
    if isinstance(value, dict):
        for key, item in value.items():
            _check_value(item, f"{where}.{key}", depth + 1)


# --- limits: how many queries at once -----------------------------------------------------------------------------


def default_concurrency() -> int:
    """INNOGRAPH_CYPHER_CONCURRENCY, else half the cores, at least one: a runaway query keeps one core busy in the
    server, and the other half stays for the API, the other endpoints and the store's own work."""
    return int_from_env(CONCURRENCY_ENV, max(1, (os.cpu_count() or 1) // 2), minimum=1)


def default_queue(concurrency: int) -> int:
    """INNOGRAPH_CYPHER_QUEUE, else twice the concurrency: how many may wait for a slot. Each waiter holds one of
    the API's worker threads, so the queue is short."""
    return int_from_env(QUEUE_ENV, 2 * concurrency, minimum=0)


class Gate:
    """At most `slots` holders at once; up to `queue` more wait up to `wait_s` for a slot; others get Busy.

    A holder says when it expects to be done (its query's deadline), so that Busy can say when to come back.
    """

    def __init__(self, slots: int, queue: int, wait_s: float) -> None:
        self.slots, self.queue, self.wait_s = slots, queue, wait_s
        self._condition = Condition()
        self._held: dict[int, float] = {}  # ticket -> monotonic time its holder expects to be done
        self._waiting = 0
        self._tickets = count()

    def acquire(self, expected_s: float) -> int:
        with self._condition:
            if len(self._held) >= self.slots and self._waiting >= self.queue:
                raise self._busy()
            self._waiting += 1
            try:
                give_up = time.monotonic() + self.wait_s
                while len(self._held) >= self.slots:
                    left = give_up - time.monotonic()
                    if left <= 0:
                        raise self._busy()
                    self._condition.wait(left)
            finally:
                self._waiting -= 1
            ticket = next(self._tickets)
            self._held[ticket] = time.monotonic() + expected_s
            return ticket

    def release(self, ticket: int) -> None:
        with self._condition:
            self._held.pop(ticket, None)
            self._condition.notify()

    def running(self) -> int:
        with self._condition:
            return len(self._held)

    def _busy(self) -> Busy:
        soonest = min(self._held.values(), default=time.monotonic())
        retry_after = max(1, min(math.ceil(soonest - time.monotonic()) + 1, int(MAX_TIMEOUT_S)))
        return Busy(f"too many Cypher queries at once ({len(self._held)} running, {self._waiting} waiting, the most "
                    f"this server allows); try again in {retry_after} s", retry_after)


# --- wall 2 and running -------------------------------------------------------------------------------------------


@dataclass
class ReadOnlyResult:
    columns: list[str]
    rows: list[list[Any]]
    truncated: bool  # more rows existed than row_limit


class ReadOnlyCypher:
    """Runs researchers' Cypher read-only over `store`, through the database's own read-only guarantee.

    The connection for it is opened on first use, opened again after the store failed, and closed by close().
    Thread-safe: the API calls it from its worker threads.
    """

    def __init__(self, store: Store, concurrency: int | None = None, queue: int | None = None,
                 queue_wait_s: float = QUEUE_WAIT_S) -> None:
        self.store = store
        self._reader: Store | None = None
        self._lock = Lock()
        slots = concurrency or default_concurrency()
        self.gate = Gate(slots, default_queue(slots) if queue is None else queue, queue_wait_s)
        self._pool = ThreadPoolExecutor(max_workers=slots, thread_name_prefix="cypher")

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

    def forget_reader(self, reader: Store) -> None:
        """After a store failure: the next call connects again, from the store's settings as they are then (a
        restarted embedded server may listen elsewhere)."""
        with self._lock:
            if self._reader is reader:
                self._reader = None
        if reader is not self.store:
            try:
                reader.close()
            except Exception:  # noqa: BLE001 — closing a broken connection may fail in any way; it is gone anyway
                pass

    def run(self, query: str, parameters: dict[str, Any] | None = None, row_limit: int = DEFAULT_ROW_LIMIT,
            timeout: float = DEFAULT_TIMEOUT_S) -> ReadOnlyResult:
        check_read_only(query)
        parameters = parameters or {}
        check_parameters(parameters)
        reader = self.reader()
        try:
            if reader.dialect.explain_reports_query_type:
                self._check_explained_as_read(reader, query, parameters)
            return self._run_in_a_slot(reader, query, parameters, row_limit, timeout)
        except StoreError:
            self.forget_reader(reader)
            if self._same_server_answers(reader):
                # The server dropped only this query's connection: e.g. a result nested thousands of levels deep
                # overflows its stack while sending it. The query's fault, not the store's.
                raise QueryFailed("the database closed the connection while running this query (is its result "
                                  "very large or deeply nested?)") from None
            raise

    def _same_server_answers(self, failed: Store) -> bool:
        """True when the server `failed` talked to still answers at once on a new connection. A server that died
        does not (a restart takes seconds), nor does one that came back at another address."""
        settings = self.store.settings
        if failed.settings is None or settings is None or failed.settings.uri != settings.uri:
            return False
        try:
            self.reader().ping()
            return True
        except (StoreError, Neo4jError, DriverError):
            return False

    def _run_in_a_slot(self, reader: Store, query: str, parameters: dict[str, Any], row_limit: int,
                       timeout: float) -> ReadOnlyResult:
        """Run the query on a worker while holding a slot of the gate; the worker frees the slot when the server
        has answered, so a query the caller gave up on still counts until it has really stopped."""
        ticket = self.gate.acquire(timeout + STOP_WAIT_S)
        tag = f"{QUERY_TAG}:{uuid.uuid4().hex}"
        try:
            future = self._pool.submit(self._fetch_and_release, ticket, reader, tagged(query, tag), parameters,
                                       row_limit, timeout)
        except RuntimeError:  # the pool was shut down: the app is stopping
            self.gate.release(ticket)
            raise StoreError("the query service is shutting down") from None
        try:
            return future.result(timeout=timeout)
        except FutureTimeout:
            self._terminate(reader, tag)
            try:
                future.result(timeout=STOP_WAIT_S)
            except (FutureTimeout, QueryFailed, QueryRefused, StoreError):
                pass
            raise QueryFailed(f"the query ran longer than {timeout:g} s and was stopped") from None

    def _fetch_and_release(self, ticket: int, reader: Store, query: str, parameters: dict[str, Any],
                           row_limit: int, timeout: float) -> ReadOnlyResult:
        try:
            return _fetch(reader, query, parameters, row_limit, timeout)
        finally:
            self.gate.release(ticket)

    @staticmethod
    def _terminate(reader: Store, tag: str) -> None:
        """Stop the query carrying `tag` in the server. ArcadeDB ignores the Bolt transaction timeout (its own
        arcadedb.command.timeout is server-wide), but terminates a transaction on request, at once; the reader
        may terminate its own. Where that fails, the server's own timeouts still end the query."""
        try:
            running = reader.run_command(cypher.load("readonly/running_transactions"))
            ids = [row["transactionId"] for row in running if tag in str(row.get("currentQuery") or "")]
            if ids:
                reader.run_command(cypher.load("readonly/terminate_transactions"), ids=ids)
        except (Neo4jError, DriverError):
            pass

    @staticmethod
    def _check_explained_as_read(reader: Store, query: str, parameters: dict[str, Any]) -> None:
        """Neo4j's planner says what a query does: 'r' reads only; 'rw', 'w' and 's' (schema) are refused."""
        try:
            query_type = reader.explained_query_type(query, parameters)
        except Neo4jError as error:
            raise QueryFailed(_one_line(error)) from None
        except DriverError as error:
            raise StoreError(f"the store failed while checking the query: {_one_line(error)}") from None
        if query_type != "r":
            raise QueryRefused(f"the database classifies this query as {query_type!r}, not read-only")

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        with self._lock:
            if self._reader is not None and self._reader is not self.store:
                self._reader.close()
            self._reader = None


def tagged(query: str, tag: str) -> str:
    """The query with a comment naming it, so that it can be found among the server's running transactions. Put
    after a leading EXPLAIN/PROFILE, which the embedded server's Bolt layer recognises only at the very start."""
    match = re.match(r"\s*(EXPLAIN|PROFILE)\s", query, re.IGNORECASE)
    at = match.end() if match else 0
    return f"{query[:at]}/* {tag} */ {query[at:]}"


def _fetch(reader: Store, query: str, parameters: dict[str, Any], row_limit: int, timeout: float) -> ReadOnlyResult:
    """Read at most row_limit + 1 records (the extra one only says "there was more"), in a READ transaction."""
    def first_rows(result: neo4j.Result) -> ReadOnlyResult:
        rows: list[list[Any]] = []
        truncated = False
        for record in result:
            if len(rows) == row_limit:
                truncated = True
                break
            rows.append(list(record.values()))
        return ReadOnlyResult(columns=list(result.keys()), rows=rows, truncated=truncated)

    try:
        # Run once and rolled back (Store.read_once): a refused or failing query must not be retried, and a reader
        # leaves no trace, even where a write slipped through. The timeout is the server's transaction timeout on
        # Neo4j; ArcadeDB ignores it (ReadOnlyCypher._terminate stops the query there).
        return reader.read_once(query, parameters, first_rows, timeout=timeout)
    except ClientError as error:
        if error.code and "Security" in error.code:
            raise QueryRefused(f"refused by the database: {_one_line(error)}") from None
        raise QueryFailed(_one_line(error)) from None
    except Neo4jError as error:
        raise QueryFailed(_one_line(error)) from None
    except DriverError as error:
        raise StoreError(f"the store failed while running the query: {_one_line(error)}") from None
    except RecursionError:
        raise QueryFailed(f"the result is nested too deeply to be read (more than {MAX_DEPTH} levels)") from None


def _one_line(error: BaseException) -> str:
    """A database message on one line, cut short (graph.messages) and without our query tag (it quotes the query)."""
    untagged = re.sub(rf"/\* {QUERY_TAG}:[0-9a-f]+ \*/ ", "", error_text(error, None))
    return one_line(untagged) or type(error).__name__
