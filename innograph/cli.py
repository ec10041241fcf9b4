"""The `innograph` command: build the graph, serve the API, run the embedded store, export, parse.

Every command fails with exit code 1 and one line on stderr saying why (`innograph: <file>:<line>: <reason>`).
"""

from __future__ import annotations

import fcntl
import json
import signal
import socket
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, TextIO

import typer
from neo4j.exceptions import DriverError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from graph import embedded
from graph.env import SettingError
from graph.export import (
    CYPHER_BATCH_ROWS,
    Exported,
    ExportError,
    export_csv,
    export_cypher,
    export_gexf,
    export_graphml,
    export_json,
)
from graph.kg import GraphIntegrityError
from graph.store import Store, StoreError, StoreOpening, innograph_home, open_store, settings_from_env
from graph.supervisor import Supervisor
from graph.writer import apply_schema, counts_in_store, write_graph
from loaders.corpus import BUNDLED_SOURCES, read_document
from loaders.errors import IndexPageOnly, SourceError
from loaders.legco import bureau_of_document, parse_index_page, parse_replies

if TYPE_CHECKING:
    from loaders.pipeline import CorpusBuild

app = typer.Typer(
    help="innograph: who funds, runs and questions innovation policy in Hong Kong, as a graph.",
    no_args_is_help=True,
    add_completion=False,
)
db_app = typer.Typer(help="Run the embedded graph store (used when NEO4J_URI is not set).", no_args_is_help=True)
export_app = typer.Typer(
    help="Write the whole graph, read back from the store, as JSON, GraphML, GEXF, neo4j-admin CSV or Cypher.",
    no_args_is_help=True,
)
app.add_typer(db_app, name="db")
app.add_typer(export_app, name="export")

console = Console(stderr=True)
out = Console()


class CommandError(RuntimeError):
    """A bad option or an environment the command cannot work in; the message is one line."""


@contextmanager
def _fail_cleanly() -> Iterator[None]:
    """Turn the errors a user can cause into one line and exit code 1; let programming errors show a traceback."""
    try:
        yield
    except (SourceError, StoreError, SettingError, GraphIntegrityError, embedded.EmbeddedServerError,
            CommandError) as error:
        console.print(f"[red]innograph:[/red] {error}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None
    except DriverError as error:  # the connection broke where no Store method stood between (a streamed export)
        message = " ".join(str(error).split())[:300] or type(error).__name__
        console.print(f"[red]innograph:[/red] the store failed: {message}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None


# --- build ---------------------------------------------------------------------------------------------------------


@app.command()
def build(
    sources: Annotated[Path, typer.Option(help="Corpus folder with a sources.yaml manifest.")] = BUNDLED_SOURCES,
    strict: Annotated[bool, typer.Option(help="Fail when a reply disagrees with its document's index table.")] = False,
    cache: Annotated[bool, typer.Option(help="Reuse the facts of documents analysed before (kept in the innograph "
                                             "home, by content).")] = True,
) -> None:
    """Parse the corpus and load it into the store (the embedded one unless NEO4J_URI is set).

    Everything is parsed before any data is written; only the difference from what the store holds is written, in
    one transaction (beyond 50,000 changed records, in batches with the Build node last: graph/writer.py). Bad
    input or a failure leaves the store as it was. Running it again gives the same graph and writes nothing.
    """
    with _fail_cleanly():
        started = time.perf_counter()
        # Once the documents are read, the server starts and gets the schema (the same for every build) while
        # they are analysed.
        with StoreOpening(command="build", prepare=_apply_schema) as store:
            corpus = _parse_corpus(sources, strict, cache, when_read=store.start)
            _load_corpus(store, corpus, started)


# --- add and remove documents ----------------------------------------------------------------------------------------


@app.command()
def add(
    files: Annotated[list[Path], typer.Argument(help="Documents to add: text files or PDFs.")],
    sources: Annotated[Path, typer.Option(help="Your corpus folder (its sources.yaml gets an entry per file; a "
                                               "file from elsewhere is copied into it).")],
    publisher: Annotated[str, typer.Option(help="Who published the documents.")],
    published: Annotated[str, typer.Option(help="When: 2025-02-26, 2025-04 or 2025.")],
    doc_type: Annotated[str, typer.Option(help="legco_replies, press_release, news or slides.")] = "press_release",
    language: Annotated[str, typer.Option(help="zh-Hant or en.")] = "zh-Hant",
    title: Annotated[str | None, typer.Option(help="Title (default: the file's name).")] = None,
    fiscal_year: Annotated[str | None, typer.Option(help="Fiscal year the documents are about, e.g. 2025-26.")] = None,
    title_en: Annotated[str | None, typer.Option(help="English title.")] = None,
    publisher_en: Annotated[str | None, typer.Option(help="English name of the publisher.")] = None,
) -> None:
    """Add documents to your corpus and to the graph: an entry in SOURCES/sources.yaml for each, then a build of
    the corpus that analyses only what is new and writes only what changed. If the build fails, the manifest is
    put back as it was."""
    from loaders.manifest_edit import add_documents

    with _fail_cleanly():
        started = time.perf_counter()
        fields = {"title": title, "title_en": title_en, "publisher": publisher, "publisher_en": publisher_en,
                  "published": published, "fiscal_year": fiscal_year, "language": language, "doc_type": doc_type}
        edit, added = add_documents(sources, files, fields)
        for doc in added:
            console.print(f"added {doc.path.name} to {edit.manifest}", highlight=False)
        _build_after_edit(sources, edit, started)


@app.command()
def remove(
    document: Annotated[str, typer.Argument(help="The document: its file name, its id (doc:…) or its sha256's start.")],
    sources: Annotated[Path, typer.Option(help="Your corpus folder with its sources.yaml.")],
) -> None:
    """Take a document out of your corpus and the graph: facts only it stated disappear, facts other documents
    state too lose it from their sources. Its entry leaves SOURCES/sources.yaml; the file stays."""
    from loaders.manifest_edit import remove_document

    with _fail_cleanly():
        started = time.perf_counter()
        edit, doc = remove_document(sources, document)
        console.print(f"removed {doc.path.name} from {edit.manifest} (the file stays)", highlight=False)
        _build_after_edit(sources, edit, started)


def _build_after_edit(sources: Path, edit, started: float) -> None:
    try:
        with StoreOpening(command="build", prepare=_apply_schema) as store:
            corpus = _parse_corpus(sources, strict=False, cache=True, when_read=store.start)
            _load_corpus(store, corpus, started)
    except BaseException:
        edit.restore()
        console.print(f"{edit.manifest} is as it was before", highlight=False)
        raise


def _parse_corpus(sources: Path, strict: bool, cache: bool = True,
                  when_read: Callable[[], None] | None = None) -> CorpusBuild:
    """`when_read()` is called once every document has been read and parsed (before the analysis)."""
    from loaders.fact_cache import FactCache
    from loaders.pipeline import build_corpus_graph  # here: it loads spaCy, which serve and db do not need

    console.print(f"Parsing the corpus in {sources} …")
    facts = FactCache(innograph_home() / "cache" / "facts") if cache else None
    corpus = build_corpus_graph(sources, cache=facts, when_read=when_read)
    stages = ", ".join(f"{stage} {seconds:.1f} s" for stage, seconds in corpus.seconds.items())
    console.print(f"Parsed {len(corpus.documents)} documents: {stages}", highlight=False, soft_wrap=True)
    if facts is not None:
        console.print(f"Text analysis: {len(facts.misses)} documents analysed, {len(facts.hits)} from the cache",
                      highlight=False)
    for problem in corpus.disagreements:
        console.print(f"[yellow]index table disagrees:[/yellow] {problem}", highlight=False)
    if strict and corpus.disagreements:
        raise SourceError(str(sources), f"{len(corpus.disagreements)} disagreements with the index tables")
    _check_expectations(corpus)
    return corpus


def _check_expectations(corpus: CorpusBuild, consequence: str = "nothing was loaded") -> None:
    """A document that yields less than its `expect:` says fails the build before anything is written."""
    missed = corpus.shortfalls
    for shortfall in missed[1:]:
        console.print(f"[yellow]expectation not met:[/yellow] {shortfall}", highlight=False, soft_wrap=True)
    if missed:
        more = f" (and {len(missed) - 1} more, above)" if len(missed) > 1 else ""
        raise CommandError(f"{missed[0]}{more}; {consequence}")


@contextmanager
def _one_load_at_a_time(home: Path) -> Iterator[None]:
    """Two loads at once conflict (each MERGEs the same nodes; the second commit breaks a uniqueness constraint):
    a load waits for the one before it, and then finds the graph there and changes nothing."""
    home.mkdir(parents=True, exist_ok=True)
    with open(home / "load.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            console.print("Waiting for another build to finish loading …")
            fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, also if the other build dies
        yield


def _apply_schema(store: Store) -> None:
    """The constraints and indexes, under the load lock (a schema statement beside another build's load could
    conflict with it)."""
    with _one_load_at_a_time(innograph_home()):
        apply_schema(store)


def _load_corpus(connected: Callable[[], Store], corpus: CorpusBuild, started: float) -> None:
    """Write the build into the store that `connected()` returns once it is (graph/store.StoreOpening), whose
    schema is applied."""
    parsed_at = time.perf_counter()
    store = connected()
    ready_at = time.perf_counter()
    with _one_load_at_a_time(innograph_home()), _progress() as progress:
        task = progress.add_task("Loading the graph", total=None)
        report = write_graph(store, corpus.graph, lambda n: progress.advance(task, n),
                             on_plan=lambda records: progress.update(task, total=records))
        labels, types = counts_in_store(store)
        where = store.address()
    finished = time.perf_counter()
    out.print(_summary(labels, types))
    out.print(
        f"Loaded {report.nodes} nodes and {report.relationships} relationships into {store.server_agent} "
        f"at {where[0]}:{where[1]} in {finished - started:.1f} s "
        f"(parse {parsed_at - started:.1f} s, waiting for the store {ready_at - parsed_at:.1f} s, "
        f"load {finished - ready_at:.1f} s): {report.created} records created, "
        f"{report.updated} updated, {report.deleted} deleted."
    )


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=False,
    )


def _summary(labels: dict[str, int], types: dict[str, int]) -> Table:
    table = Table(title="innograph graph")
    table.add_column("kind")
    table.add_column("name")
    table.add_column("count", justify="right")
    for label, count in sorted(labels.items()):
        table.add_row("node", label, str(count))
    for rel_type, count in sorted(types.items()):
        table.add_row("relationship", rel_type, str(count))
    table.add_row("", "total", f"{sum(labels.values())} nodes, {sum(types.values())} relationships")
    return table


# --- serve ---------------------------------------------------------------------------------------------------------


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    build_first: Annotated[
        bool, typer.Option("--build", help="Build the graph from the bundled corpus first.")
    ] = False,
    access_log: Annotated[
        bool, typer.Option("--access-log",
                           help="Log every request (off by default: a line per request costs throughput under load).")
    ] = False,
) -> None:
    """Serve the query API (OpenAPI docs at /docs) over the store.

    The embedded server is supervised: if it dies, requests get 503 and /health says why while it is restarted.
    """
    import uvicorn

    from api.app import check_environment, create_app

    # uvicorn shuts down gracefully on SIGTERM and then raises the signal again: with the default handler the
    # process would die there, before open_store() gives back its lease on the embedded server. Exit normally.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    with _fail_cleanly():
        started = time.perf_counter()
        check_environment()  # a bad $INNOGRAPH_… setting, like a port in use, must not cost a JVM start
        listener = _listening_socket(host, port)
        corpus = _parse_corpus(BUNDLED_SOURCES, strict=False) if build_first else None
        with listener, open_store(command="serve") as store, _supervised(store):
            if corpus is not None:
                _apply_schema(store)
                _load_corpus(lambda: store, corpus, started)
            console.print(f"Serving the graph in {store.server_agent} on http://{host}:{port} (docs at /docs)")
            # http/loop "auto": httptools and uvloop, which innograph depends on (pyproject.toml), where they install
            config = uvicorn.Config(create_app(store), host=host, port=port, log_level="info", http="auto",
                                    loop="auto", access_log=access_log)
            uvicorn.Server(config).run(sockets=[listener])


@app.command()
def mcp(
    http: Annotated[bool, typer.Option("--http", help="Serve streamable HTTP on 127.0.0.1 instead of stdio.")] = False,
    port: Annotated[int, typer.Option(help="Port for --http.")] = 8001,
) -> None:
    """Serve the graph to LLM agents over the Model Context Protocol: typed, read-only tools (search, entities,
    paths, money, questions, the cookbook, read-only Cypher, the schema).

    By default over stdio, for an agent that starts this command itself; with --http, streamable HTTP at
    http://127.0.0.1:PORT/mcp (this machine only: the tools take no API key). The store is opened as `serve` opens
    it: the embedded server, started and supervised when needed, or NEO4J_URI when set.
    """
    import uvicorn

    from api.app import check_environment
    from api.mcp_server import create_mcp_server
    from api.service import GraphService

    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))  # as serve: give back the lease
    with _fail_cleanly():
        check_environment()
        listener = _listening_socket("127.0.0.1", port) if http else None
        with listener or nullcontext(), open_store(command="mcp") as store, _supervised(store):
            service = GraphService(store)
            try:
                server = create_mcp_server(service)
                if listener is None:
                    # stdout is the protocol's channel: everything this command says goes to stderr
                    console.print(f"MCP server on stdio over the graph in {store.server_agent}")
                    server.run("stdio")
                else:
                    console.print(f"MCP server on http://127.0.0.1:{port}/mcp over the graph in {store.server_agent}")
                    config = uvicorn.Config(server.streamable_http_app(host="127.0.0.1"), log_level="warning")
                    uvicorn.Server(config).run(sockets=[listener])
            finally:
                service.close()


def _listening_socket(host: str, port: int) -> socket.socket:
    """The API's socket, bound here rather than by uvicorn: a bad port or host is one line, not a traceback, and
    nothing can take the port between this check and serving."""
    if not 0 <= port <= 65535:
        raise CommandError(f"--port {port}: a port is a number from 0 to 65535")
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                                             flags=socket.AI_PASSIVE)[0]
    except (socket.gaierror, UnicodeError) as error:
        raise CommandError(f"--host {host}: cannot resolve it ({getattr(error, 'strerror', None) or error})") from None
    listener = socket.socket(family, kind, proto)
    try:
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does
        listener.bind(address)
    except OSError as error:
        listener.close()
        raise CommandError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    return listener


@contextmanager
def _supervised(store: Store) -> Iterator[None]:
    """Watch and restart the embedded server while serving; a remote Neo4j is not ours to restart."""
    if store.settings is None or not store.settings.embedded:
        yield
        return
    with Supervisor(store, innograph_home()):
        yield


# --- db ------------------------------------------------------------------------------------------------------------


@db_app.command("start")
def db_start() -> None:
    """Start the embedded store in the background (it keeps running until `innograph db stop`)."""
    with _fail_cleanly():
        info = embedded.start(innograph_home(), holder="db start")
        out.print(f"embedded store running: {info.uri} (user {info.user}, database {info.database}, pid {info.pid})")
        out.print(f"password: in {innograph_home() / embedded.PASSWORD_FILE}")


@db_app.command("stop")
def db_stop() -> None:
    """Stop the embedded store, or, while other commands still use it, let it stop when the last of them ends."""
    with _fail_cleanly():
        home = innograph_home()
        if embedded.stop(home):
            out.print("embedded store stopped")
        elif users := embedded.live_leases(home):
            out.print(f"embedded store still used by {_holders(users)}: it stops when the last of them ends")
        else:
            out.print("embedded store was not running")


def _holders(leases: list[embedded.Lease]) -> str:
    return ", ".join(lease.describe() for lease in leases)


@db_app.command("status")
def db_status() -> None:
    """Say whether the embedded store runs, where, and how much memory it uses."""
    with _fail_cleanly():
        settings = settings_from_env()
        if not settings.embedded:
            out.print(f"NEO4J_URI is set: innograph uses {settings.uri} (database {settings.database})")
            return
        home = innograph_home()
        info = embedded.status(home)
        if info is None:
            out.print(f"embedded store not running (data folder {home})")
            raise typer.Exit(3)
        out.print(
            f"embedded store running: {info.uri} pid {info.pid}, RSS {info.rss_bytes() / 2**20:.0f} MiB, "
            f"data folder {home}"
        )
        users = embedded.live_leases(home)
        out.print(f"used by: {_holders(users)}" if users else "used by: no one (it stops by itself)")


@app.command()
def report(
    sources: Annotated[Path, typer.Option(help="Corpus folder with a sources.yaml manifest.")] = BUNDLED_SOURCES,
    limit: Annotated[int, typer.Option(help="Rows to show in the review lists.")] = 40,
    check: Annotated[bool, typer.Option(help="Only check each document's `expect:` (sources.yaml); exit 1 if one "
                                             "is not met.")] = False,
) -> None:
    """Print what the loaders extract from the corpus: counts, funding facts per document, what to review."""
    from innograph.report import print_expectations, print_report
    from loaders.fact_cache import FactCache
    from loaders.pipeline import build_corpus_graph

    with _fail_cleanly():
        # the fact cache `build` keeps: a report of the corpus just built analyses nothing again, and a build after
        # a report nothing either
        corpus = build_corpus_graph(sources, cache=FactCache(innograph_home() / "cache" / "facts"))
        if not check:
            print_report(corpus, out, limit=limit)
        print_expectations(corpus, out)
        if check:
            _check_expectations(corpus, "the corpus does not meet its expectations")


# --- export and parse ----------------------------------------------------------------------------------------------


@contextmanager
def _export_errors() -> Iterator[None]:
    """What an export can meet besides the store's errors: a value the format cannot hold, a path it cannot write."""
    try:
        yield
    except ExportError as error:
        console.print(f"[red]innograph:[/red] {error}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        console.print(f"[red]innograph:[/red] {where}{error.strerror or error}", highlight=False, soft_wrap=True)
        raise typer.Exit(1) from None


def _export_file(path: Path, write: Callable[[Store, TextIO], Exported]) -> None:
    """Run one single-file export from the store to `path` ('-': stdout) and say what was written.

    The file is written under a temporary name next to it and renamed when complete: an export that fails
    half-way leaves no half-written file (and keeps the previous one).
    """
    with _fail_cleanly(), _export_errors(), open_store(command="export") as store:
        started = time.perf_counter()
        if str(path) == "-":
            counts = write(store, sys.stdout)
            size = ""
        else:
            if not path.parent.is_dir():
                raise ExportError(f"{path.parent}: no such directory")
            tmp = path.with_name(f".{path.name}.tmp")
            try:
                with tmp.open("w", encoding="utf-8", newline="\n") as f:
                    counts = write(store, f)
                tmp.replace(path)
            finally:
                tmp.unlink(missing_ok=True)
            size = f" ({_size(path.stat().st_size)})"
        console.print(
            f"exported {counts.nodes} nodes and {counts.relationships} relationships to {path}{size} "
            f"in {time.perf_counter() - started:.1f} s",
            highlight=False,
        )


def _size(n: int) -> str:
    return f"{n / 2**20:.1f} MiB" if n >= 2**20 else f"{n / 2**10:.0f} KiB"


@export_app.command("json")
def export_json_command(path: Annotated[Path, typer.Argument(help="File to write ('-' for stdout).")]) -> None:
    """Write the whole graph as JSON: {"nodes": [{id, labels, properties}],
    "relationships": [{type, start, end, properties}]}."""
    _export_file(path, export_json)


@export_app.command("graphml")
def export_graphml_command(path: Annotated[Path, typer.Argument(help="File to write ('-' for stdout).")]) -> None:
    """Write the whole graph as GraphML (networkx, yEd, Cytoscape, Gephi).

    Node ids are innograph ids; a `labels` attribute holds the labels, a `type` attribute the relationship type;
    properties are typed attributes, and lists (aliases, source_ids, quotes …) are JSON strings.
    """
    _export_file(path, export_graphml)


@export_app.command("gexf")
def export_gexf_command(path: Annotated[Path, typer.Argument(help="File to write ('-' for stdout).")]) -> None:
    """Write the whole graph as GEXF 1.2 for Gephi: the GraphML attributes, and each node labelled with its name."""
    _export_file(path, export_gexf)


@export_app.command("cypher")
def export_cypher_command(
    path: Annotated[Path, typer.Argument(help="File to write ('-' for stdout).")],
    batch_rows: Annotated[int, typer.Option(min=1, help="Rows per UNWIND statement.")] = CYPHER_BATCH_ROWS,
) -> None:
    """Write a Cypher script that rebuilds the graph in another Neo4j (cypher-shell -f FILE): the schema, then
    batched UNWIND [...] MERGE statements, one per line, each ending in ';'."""
    _export_file(path, lambda store, f: export_cypher(store, f, batch_rows=batch_rows))


@export_app.command("csv")
def export_csv_command(
    directory: Annotated[Path, typer.Argument(help="Folder to write the CSV files into (created if needed).")],
) -> None:
    """Write neo4j-admin import CSVs: one nodes file per label, one relationships file per type, with import.sh
    (the `neo4j-admin database import full` command), schema.cypher and a README."""
    with _fail_cleanly(), _export_errors(), open_store(command="export") as store:
        started = time.perf_counter()
        if directory.exists() and not directory.is_dir():
            raise ExportError(f"{directory}: exists and is not a directory")
        result = export_csv(store, directory)
        size = sum(p.stat().st_size for p in result.files)
        console.print(
            f"exported {result.nodes} nodes and {result.relationships} relationships to {len(result.files)} CSV "
            f"files in {directory} ({_size(size)}) in {time.perf_counter() - started:.1f} s",
            highlight=False,
        )
        console.print(f"load them into Neo4j 5 with {directory / 'import.sh'} (see its README.md)", highlight=False)


@app.command()
def parse(
    file: Annotated[Path, typer.Argument(help="A Finance Committee replies document: a PDF or a text file.")],
    fiscal_year: Annotated[str | None, typer.Option(help="Used when the text does not state it.")] = None,
) -> None:
    """Print one replies document (either edition, or an index page alone) as JSON: its index rows and replies;
    disagreements with its index table also go to stderr. Blank serial numbers are reported under `missing`."""
    with _fail_cleanly():
        if not file.is_file():
            raise SourceError(str(file), "no such file")
        document = read_document(file)
        try:
            parsed = parse_replies(document.text, source=str(file), fiscal_year=fiscal_year, allow_unnumbered=True)
        except IndexPageOnly:
            parsed = parse_index_page(document.text, source=str(file), fiscal_year=fiscal_year)
        for problem in parsed.disagreements:
            console.print(f"[yellow]index table disagrees:[/yellow] {problem}", highlight=False)
        printed = parsed.as_json(bureau_of_document(parsed))
        if document.pages:  # a PDF: where each reply is
            pages = document.pages.through(parsed.text)
            for reply, record in zip(parsed.replies, printed["replies"], strict=True):
                record.update(_reply_pages(reply, pages))
        json.dump(printed, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
        console.print(
            f"{len(parsed.replies)} replies, {len(parsed.index)} index rows, {len(parsed.disagreements)} disagreements"
        )


def _reply_pages(reply, pages) -> dict[str, int]:
    """Where a reply of a PDF is: its first and last page, and the pages its question and answer start on."""
    return {
        "page_start": pages.page_at(reply.char_start),
        "page_end": pages.page_at(reply.char_end - 1),
        "question_page": pages.page_at(reply.question_start),
        "answer_page": pages.page_at(reply.answer_start),
    }


def main() -> None:  # pragma: no cover
    app()
