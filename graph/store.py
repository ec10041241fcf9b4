"""Connecting to the graph store: a real Neo4j 5 when NEO4J_URI is set, otherwise innograph's embedded server.

Both speak Bolt + Cypher and are reached through the official `neo4j` driver; the code above this module does not
know which one it talks to. Where the two servers differ, the difference is written down once, in `Dialect`
(docs/store.md has the measurements behind each entry).

This is the one way into the store: every query of innograph goes through a `Store` method (no other module opens
a driver session; tests/test_query_layer.py checks it), and every query is a .cypher file loaded by name.

    with open_store() as store:
        store.write_batches(cypher.render("write/merge_nodes", label=Label.SCHEME), rows)
        store.read(cypher.load("queries/legislators"), skip=0, limit=10)
        for record in store.stream(cypher.load("queries/export_nodes")): ...
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path
from typing import Any, Protocol, Self, TypeVar

import neo4j
from neo4j import GraphDatabase, ManagedTransaction
from neo4j.exceptions import (
    AuthError,
    ConnectionAcquisitionTimeoutError,
    DatabaseError,
    DriverError,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
    TransientError,
)

from graph import cypher, embedded
from graph.cypher import without_comment_lines
from graph.messages import error_text

T = TypeVar("T")

# Failures of the server or the connection, not of the query: a StoreError (503 in the API, one line in the CLI).
# A ClientError (syntax, a constraint) is the caller's and stays as it is.
STORE_FAILURES = (ServiceUnavailable, SessionExpired, ConnectionAcquisitionTimeoutError, DatabaseError, TransientError)
# Like the driver's execute_read/execute_write: retry transient failures for this long after the first one.
RETRY_TIME_S = 30.0
# After a connection failure, how long the watch may take to confirm that the server died (a killed process takes a
# moment to be gone, longer on a loaded machine: 1 s was too short under CI's load): the error then says so instead of
# quoting the driver. Only spent after a connection failure, when the answer is a failure anyway.
DOWN_CONFIRM_S = 5.0

# Put in front of a query to have the planner describe it instead of running it: a keyword, not a query of its own.
EXPLAIN_PREFIX = "EXPLAIN "

DEFAULT_DATABASE = "neo4j"  # Neo4j's, Aura's and the embedded server's default database
BOLT_SCHEMES = ("bolt", "bolt+s", "bolt+ssc", "neo4j", "neo4j+s", "neo4j+ssc")


class StoreError(RuntimeError):
    """The store cannot be reached or used. The message is one line, fit for a CLI."""


def innograph_home() -> Path:
    """Where innograph keeps local state (the embedded database among it): $INNOGRAPH_HOME or ./.innograph."""
    return Path(os.environ.get("INNOGRAPH_HOME") or ".innograph").absolute()


# --- settings -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StoreSettings:
    uri: str | None  # None: embedded server not running yet, the uri is known once it started
    user: str
    password: str = field(repr=False)
    database: str
    embedded: bool
    # A user who can only read, for researchers' Cypher (graph/readonly.py): the embedded server makes one;
    # on Neo4j, NEO4J_READER_USERNAME/_PASSWORD may name one (a READ session is enforced there anyway).
    reader_user: str | None = None
    reader_password: str = field(default="", repr=False)

    @property
    def server_name(self) -> str:
        """How error messages call the server, so the user knows which one is meant."""
        return "the embedded server" if self.embedded else "Neo4j"


def settings_from_env(home: Path | None = None) -> StoreSettings:
    """NEO4J_URI/_USERNAME/_PASSWORD/_DATABASE when NEO4J_URI is set; otherwise the embedded server of `home`."""
    uri = os.environ.get("NEO4J_URI")
    if uri:
        return StoreSettings(
            uri=uri,
            user=os.environ.get("NEO4J_USERNAME") or "neo4j",
            password=os.environ.get("NEO4J_PASSWORD") or "",
            database=os.environ.get("NEO4J_DATABASE") or DEFAULT_DATABASE,
            embedded=False,
            reader_user=os.environ.get("NEO4J_READER_USERNAME") or None,
            reader_password=os.environ.get("NEO4J_READER_PASSWORD") or "",
        )
    home = home or innograph_home()
    info = embedded.status(home)
    if info is None:
        return StoreSettings(uri=None, user=embedded.USER, password="", database=embedded.DATABASE, embedded=True)
    return settings_for_server(info)


def settings_for_server(info: embedded.ServerInfo) -> StoreSettings:
    return StoreSettings(uri=info.uri, user=info.user, password=info.password, database=info.database, embedded=True,
                         reader_user=info.reader_user, reader_password=info.reader_password)


# --- dialects -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Dialect:
    """Every known difference between the embedded ArcadeDB and Neo4j 5 that code above the store must respect.

    Everything not listed here behaved the same on both (docs/store.md, "Probe results"). Code branches on these
    flags, never on the server's name.
    """

    name: str
    # A session opened with default_access_mode=READ refuses CREATE/SET/DELETE. ArcadeDB runs them anyway: a
    # read-only endpoint must connect as a user whose ArcadeDB group only has readRecord (docs/store.md).
    enforces_read_access_mode: bool
    # MERGE (n:L {id: null}) raises on Neo4j; ArcadeDB silently creates a node without properties.
    rejects_null_merge_keys: bool
    # Lists mixing types ([1, "a"]) are rejected as property values by Neo4j and stored by ArcadeDB.
    rejects_mixed_type_lists: bool
    # db.labels() lists only labels in use on Neo4j 5; ArcadeDB lists every type ever created (its labels are
    # schema types, kept when the last node goes and even when the creating transaction was rolled back).
    db_labels_lists_only_used_labels: bool
    # CREATE FULLTEXT INDEX / db.index.fulltext.queryNodes: Neo4j only.
    supports_fulltext_index: bool
    # The index backing a uniqueness constraint is named after the constraint on Neo4j, `Label[prop]` on ArcadeDB.
    constraint_index_named_after_constraint: bool
    # EXPLAIN's summary.query_type says "w" for every query on ArcadeDB: it cannot classify a query as read-only.
    explain_reports_query_type: bool


ARCADEDB = Dialect(
    name="arcadedb",
    enforces_read_access_mode=False,
    rejects_null_merge_keys=False,
    rejects_mixed_type_lists=False,
    db_labels_lists_only_used_labels=False,
    supports_fulltext_index=False,
    constraint_index_named_after_constraint=False,
    explain_reports_query_type=False,
)

NEO4J = Dialect(
    name="neo4j",
    enforces_read_access_mode=True,
    rejects_null_merge_keys=True,
    rejects_mixed_type_lists=True,
    db_labels_lists_only_used_labels=True,
    supports_fulltext_index=True,
    constraint_index_named_after_constraint=True,
    explain_reports_query_type=True,
)


def dialect_of(server_agent: str) -> Dialect:
    """ArcadeDB announces itself as "Neo4j/5.26.0 compatible (ArcadeDB 26.10.2)". Its dbms.components() says
    "Neo4j Kernel", so the agent string is the only place it can be told apart."""
    return ARCADEDB if "arcadedb" in server_agent.lower() else NEO4J


# --- the store ----------------------------------------------------------------------------------------------------


class Watch(Protocol):
    """Knows, without asking the server, whether it is down (graph/supervisor.py; the embedded process check)."""

    def down_reason(self) -> str | None:
        """Why the store cannot be used now, in one line; None when it can."""


class Store:
    """A driver and a database name, with the few ways innograph talks to the graph.

    A `watch`, when set, is asked before every attempt: while it says the server is down, calls fail at once with
    its reason instead of waiting out the driver's retries (30 s).
    """

    def __init__(self, driver: neo4j.Driver, database: str, settings: StoreSettings | None = None) -> None:
        self.driver = driver
        self.database = database
        self.settings = settings
        self.server_agent: str = driver.get_server_info().agent
        self.dialect: Dialect = dialect_of(self.server_agent)
        self.watch: Watch | None = None
        self.retry_time = RETRY_TIME_S
        self._parent: Store | None = None  # the store a read-only store was made from: it shares its watch
        self._derived: list[Store] = []
        self._closed = False

    @classmethod
    def connect(cls, settings: StoreSettings) -> Store:
        """Open a driver and check the server answers; any failure is a StoreError with one line."""
        if settings.uri is None:
            raise StoreError("the embedded server is not running; start it with `innograph db start` or set NEO4J_URI")
        where = f"{settings.server_name} at {settings.uri}"
        scheme = settings.uri.split("://", 1)[0]
        if scheme not in BOLT_SCHEMES:
            raise StoreError(f"cannot reach {where}: the URI scheme must be one of {', '.join(BOLT_SCHEMES)}")
        auth = (settings.user, settings.password) if settings.password else None
        try:
            driver = GraphDatabase.driver(settings.uri, auth=auth, connection_timeout=10)
        except (ValueError, neo4j.exceptions.ConfigurationError) as error:
            raise StoreError(f"cannot reach {where}: {error_text(error)}") from error
        try:
            driver.verify_connectivity()
            return cls(driver, settings.database, settings)
        except AuthError as error:
            driver.close()
            raise StoreError(f"{where} refused user {settings.user!r}: {error_text(error)}") from error
        except (ServiceUnavailable, Neo4jError, DriverError, OSError) as error:
            # a server killed while the driver connects breaks the connection in the middle ("Failed to read from
            # defunct connection", SessionExpired): the caller's watch then names the stopped server
            driver.close()
            raise StoreError(f"cannot reach {where}: {error_text(error)}") from error

    def read_only_store(self) -> Store:
        """Another connection to the same database as its read-only user (the caller closes it).

        StoreError when there is none: on a server that does not enforce READ sessions (Dialect), running a
        researcher's query as a user who may write would leave only the query check between it and the data.
        """
        settings = self.settings
        if settings is None or not settings.reader_user:
            raise StoreError(f"{self.dialect.name} does not enforce read-only sessions and no read-only user is "
                             "configured (NEO4J_READER_USERNAME / NEO4J_READER_PASSWORD)")
        reader = Store.connect(replace(settings, user=settings.reader_user, password=settings.reader_password))
        reader._parent = self
        self._derived = [d for d in self._derived if not d._closed] + [reader]
        return reader

    def reconnect(self, settings: StoreSettings) -> None:
        """Point this store, and the read-only stores made from it, at a server that came back elsewhere (a
        restart on other ports). Calls after this go to the new server; the old driver is closed."""
        fresh = Store.connect(settings)
        old = self.driver
        self.driver, self.settings = fresh.driver, settings
        old.close()
        self._derived = [d for d in self._derived if not d._closed]
        for derived in self._derived:
            derived.reconnect(replace(settings, user=derived.settings.user, password=derived.settings.password))

    def current_watch(self) -> Watch | None:
        return self.watch or (self._parent.current_watch() if self._parent is not None else None)

    def down_reason(self) -> str | None:
        """Why the store is down according to its watch (None: up, or nobody watches)."""
        watch = self.current_watch()
        return watch.down_reason() if watch is not None else None

    def ping(self) -> None:
        """One `RETURN 1` (cypher/store/ping.cypher), not retried: a StoreError at once when the server does not
        answer."""
        self._raise_if_down()
        try:
            self._attempt(neo4j.READ_ACCESS, _records, cypher.load("store/ping"), {})
        except (DriverError, *STORE_FAILURES) as error:
            raise self._store_error(error) from error

    def address(self) -> tuple[str, int]:
        """The host and port of the server answering, asked of it: a StoreError, with the watch's reason, when the
        server is gone (a build whose server is killed right after its load says so in one line)."""
        self._raise_if_down()
        try:
            address = self.driver.get_server_info().address
        except (DriverError, *STORE_FAILURES) as error:
            raise self._store_error(error) from error
        return address[0], address[1]

    def close(self) -> None:
        self._closed = True
        self.driver.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # Queries take `query` positional-only so that a Cypher parameter may itself be called `query`.

    def read(self, query: str, /, **params: Any) -> list[dict[str, Any]]:
        """Run a read query and return its records as dicts.

        The READ access mode routes to a reader in a cluster; it does NOT make the query safe on ArcadeDB
        (see Dialect.enforces_read_access_mode).
        """
        return self._transaction(neo4j.READ_ACCESS, _records, query, params)

    def read_rows(self, query: str, /, **params: Any) -> tuple[list[str], list[list[Any]]]:
        """Like read(), but the column names and the rows as lists of the driver's values: nodes, relationships and
        paths keep their labels and ends (the API's graph shape is made from them, api/graph_json.py)."""
        return self._transaction(neo4j.READ_ACCESS, _columns_and_rows, query, params)

    def stream(self, query: str, /, **params: Any) -> Iterator[dict[str, Any]]:
        """The records of a read query as dicts, fetched from the server as they are consumed, not as one list (the
        exports read the whole graph this way). Not retried: records already handed out cannot be taken back. A
        failure of the server or the connection is a StoreError."""
        self._raise_if_down()
        try:
            with self.driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS) as session:
                for record in session.run(query, params):
                    yield record.data()
        except (DriverError, *STORE_FAILURES) as error:
            raise self._store_error(error) from error

    def read_once(self, query: str, params: dict[str, Any], consume: Callable[[neo4j.Result], T],
                  timeout: float | None = None) -> T:
        """`consume(result)` of one run of a read query, in a READ transaction that is rolled back afterwards and
        never retried: for researchers' queries (graph/readonly.py), where a refused or failing query must not run
        twice and nothing may be committed even if a write slipped through. `timeout` is the server's transaction
        timeout (Neo4j; ArcadeDB ignores it). Driver errors are raised as they are: the caller tells a refused
        query from a failed one from a broken store."""
        with self.driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS) as session:
            with session.begin_transaction(timeout=timeout) as tx:
                outcome = consume(tx.run(query, params))
                tx.rollback()
                return outcome

    def run_command(self, query: str, /, **params: Any) -> list[dict[str, Any]]:
        """An administration command (SHOW / TERMINATE TRANSACTIONS) in an auto-commit transaction of its own, not
        retried; driver errors are raised as they are (stopping a runaway query is best effort for the caller)."""
        with self.driver.session(database=self.database) as session:
            return session.run(query, params).data()

    def explained_query_type(self, query: str, params: dict[str, Any]) -> str:
        """What the planner says `query` does, without running it: "r" (reads), "rw", "w" or "s" (schema). Only
        meaningful where Dialect.explain_reports_query_type. Driver errors are raised as they are."""
        with self.driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS) as session:
            return session.run(EXPLAIN_PREFIX + query, params).consume().query_type

    def write(self, query: str, /, **params: Any) -> list[dict[str, Any]]:
        """Run a write query in one transaction; transient failures (deadlocks, leader switches) are retried,
        so the query must be idempotent (MERGE, not CREATE)."""
        return self._transaction(neo4j.WRITE_ACCESS, _records, query, params)

    def run_in_write_transaction(self, work: Callable[[ManagedTransaction], T]) -> T:
        """Run `work(tx)` as one transaction: all of it commits or none of it does (measured on ArcadeDB too).

        Transient failures re-run `work` from the start, so it must not have side effects outside `tx` that
        cannot be repeated.
        """
        return self._transaction(neo4j.WRITE_ACCESS, work)

    def run_in_read_transaction(self, work: Callable[[ManagedTransaction], T]) -> T:
        """Run `work(tx)` in a read transaction, retried and failing like read()."""
        return self._transaction(neo4j.READ_ACCESS, work)

    def _transaction(self, access_mode: str, work: Callable[..., T], *args: Any) -> T:
        """What the driver's execute_read/execute_write do (retry transient failures for retry_time s), except
        that the watch is asked before each attempt: a store known to be down fails at once, with a StoreError
        that says why, instead of after 30 s. Failures of the server or connection become a StoreError."""
        first_failure: float | None = None
        delay = 0.1
        while True:
            self._raise_if_down()
            try:
                return self._attempt(access_mode, work, *args)
            except (DriverError, Neo4jError) as error:
                now = time.monotonic()
                first_failure = first_failure or now
                if not error.is_retryable() or now - first_failure > self.retry_time:
                    # Any driver-side failure (a connection that broke mid-commit is not even retryable) is the
                    # store's, like the server's own failures; a ClientError (syntax, a constraint) is the caller's.
                    if isinstance(error, (DriverError, *STORE_FAILURES)):
                        raise self._store_error(error) from error
                    raise
            time.sleep(delay)
            delay = min(delay * 2, 1.0)

    def _attempt(self, access_mode: str, work: Callable[..., T], *args: Any) -> T:
        with self.driver.session(database=self.database, default_access_mode=access_mode) as session:
            with session.begin_transaction() as tx:
                result = work(tx, *args)
                tx.commit()
            return result

    def _raise_if_down(self) -> None:
        if reason := self.down_reason():
            raise StoreError(reason)

    def _store_error(self, error: BaseException) -> StoreError:
        """The failure in one line: the watch's reason when it knows the server is down (it may learn it a moment
        after the connection broke, so it gets DOWN_CONFIRM_S to say so), else the driver's message."""
        settings = self.settings
        where = f"{settings.server_name} at {settings.uri}" if settings is not None else "the store"
        return StoreError(self._confirmed_down_reason() or f"{where} failed: {error_text(error, 300)}")

    def _confirmed_down_reason(self) -> str | None:
        if self.current_watch() is None:
            return None
        deadline = time.monotonic() + DOWN_CONFIRM_S
        while (reason := self.down_reason()) is None and time.monotonic() < deadline:
            time.sleep(0.05)
        return reason

    def write_batches(
        self,
        query: str,
        rows: Iterable[dict[str, Any]],
        batch_size: int = 1000,
        on_batch: Callable[[int], None] | None = None,
        **params: Any,
    ) -> int:
        """Run `UNWIND $rows AS row ...` once per batch of `batch_size` rows, one transaction per batch.

        Returns the number of rows sent. `on_batch(n)` is called after each batch with its size (for progress bars).
        A failed batch raises; the batches before it stay committed, so the query must be safe to run again.
        """
        if not re.match(r"\s*UNWIND\s+\$rows\s+AS\s+row\b", without_comment_lines(query), re.IGNORECASE):
            raise ValueError("write_batches needs a query that starts with `UNWIND $rows AS row`")
        sent = 0
        for batch in _batches(rows, batch_size):
            self.write(query, rows=batch, **params)
            sent += len(batch)
            if on_batch is not None:
                on_batch(len(batch))
        return sent

    def label_counts(self) -> dict[str, int]:
        """Nodes per label, counting a node once for each of its labels (not db.labels(): see Dialect)."""
        records = self.read(cypher.load("queries/count_nodes_by_label"))
        return {r["label"]: r["count"] for r in records}

    def relationship_counts(self) -> dict[str, int]:
        records = self.read(cypher.load("queries/count_relationships_by_type"))
        return {r["type"]: r["count"] for r in records}


def _records(tx: ManagedTransaction, query: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    # Records must be read inside the transaction function: the result is gone once it returns.
    return [record.data() for record in tx.run(query, params)]


def _columns_and_rows(tx: ManagedTransaction, query: str, params: dict[str, Any]) -> tuple[list[str], list[list[Any]]]:
    result = tx.run(query, params)
    return list(result.keys()), [record.values() for record in result]


def _batches(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[dict[str, Any]]]:
    if size < 1:
        raise ValueError("batch_size must be at least 1")
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


# --- opening ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class EmbeddedProcessWatch:
    """The store is down when its embedded server process is gone: a build whose server was killed fails at once
    with this, instead of retrying a dead server for 30 s."""

    home: Path
    pid: int

    def down_reason(self) -> str | None:
        if embedded.is_alive(self.home, self.pid):
            return None
        return f"the embedded server (pid {self.pid}) stopped; see {self.home / embedded.LOG_FILE}"

    def confirmed_down_reason(self) -> str | None:
        """down_reason(), given DOWN_CONFIRM_S for a killed process to be gone: asked after a connection failed."""
        deadline = time.monotonic() + DOWN_CONFIRM_S
        while (reason := self.down_reason()) is None and time.monotonic() < deadline:
            time.sleep(0.05)
        return reason


@contextmanager
def open_store(home: Path | None = None, start_embedded: bool = True, command: str = "innograph") -> Iterator[Store]:
    """A connected Store: Neo4j when NEO4J_URI is set, otherwise the embedded server of `home`.

    The embedded server is started when it is not running (unless `start_embedded` is False). This process holds
    a lease on it, named `command`, until the block ends; the server stops then only if no one else holds one
    (another command, or `innograph db start`).
    """
    home = Path(home) if home is not None else innograph_home()
    settings = settings_from_env(home)
    if not settings.embedded:
        with Store.connect(settings) as store:
            yield store
        return
    if settings.uri is None and not start_embedded:
        raise StoreError("the embedded server is not running; start it with `innograph db start` or set NEO4J_URI")
    with ExitStack() as stack:
        try:
            info = stack.enter_context(embedded.leased(home, command))
        except embedded.EmbeddedServerError as error:
            raise StoreError(str(error)) from error
        watch = EmbeddedProcessWatch(Path(home).resolve(), info.pid)
        try:
            store = stack.enter_context(Store.connect(settings_for_server(info)))
        except StoreError as error:
            # the server died between the lease and the connection: say so, not "connection refused"
            raise StoreError(watch.confirmed_down_reason() or str(error)) from error
        store.watch = watch
        yield store


class StoreOpening:
    """open_store(), in a thread started by start(): `innograph build` reads and checks the documents first (a bad
    manifest or file fails without a server), then starts the embedded server (a JVM: seconds of CPU on the other
    core) while it analyses them, instead of one after the other. `prepare(store)` runs in the thread too, once
    connected (the build applies the schema there: the first statements a new JVM runs are the slowest). Calling
    the object waits for the Store and returns it, or raises what open_store raised; it starts it first if need be.

    Leaving the `with` block closes the store and gives the lease back, after the start has finished if it had
    not (so a parse that fails, or Ctrl-C, never leaves behind a server that this process started). The thread only
    waits on the server process, files and a socket; the build's forked workers do not use anything it holds.
    """

    def __init__(self, home: Path | None = None, command: str = "innograph",
                 prepare: Callable[[Store], object] | None = None) -> None:
        self.home, self.command, self.prepare = home, command, prepare
        self._stack = ExitStack()
        self._outcome: dict[str, Any] = {}
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._open, name="open-store", daemon=True)
            self._thread.start()

    def __call__(self) -> Store:
        self.start()
        self._thread.join()
        if "error" in self._outcome:
            raise self._outcome["error"]
        return self._outcome["store"]

    def _open(self) -> None:
        try:
            store = self._stack.enter_context(open_store(self.home, command=self.command))
            if self.prepare is not None:
                self.prepare(store)
            self._outcome["store"] = store
        except BaseException as error:  # noqa: BLE001 — handed to the waiting thread, which raises it
            self._outcome["error"] = error

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._thread is not None:
            self._thread.join()
        self._stack.close()
