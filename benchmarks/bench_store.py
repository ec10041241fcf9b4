"""The store re-measured: the ArcadeDB package innograph runs against its successors, side by side in one run.

    .venv/bin/python benchmarks/bench_store.py [--nodes 20000] [--fanout 5] [--queries 40] [--pre]

`arcadedb-embedded` (the JVM engine with a bundled JRE, imported as `arcadedb_embedded`) is what innograph runs
(graph/embedded.py). Upstream moved to two packages that both import as `arcadedb`: `arcadedb` (the engine as a
GraalVM native-image library: no JVM) and `arcadedb-jvm`. For each candidate this script:

1. installs it (`pip install --no-deps --target`, into a temporary folder; the one in use is the venv's own), with
   `--pre` only when asked: the successors have had only pre-releases so far (docs/store.md);
2. starts an ArcadeDB server with the Bolt plugin from it in a child process, as graph/embedded.py does, and times
   it from spawn until the driver connects (start);
3. loads a synthetic graph through Bolt with the driver: N nodes, N x fanout relationships (a few hubs among them),
   UNWIND ... MERGE in 1,000-row batches, one transaction each (load rate, records/s);
4. runs a two-step neighbourhood of the biggest hub (cypher/api/neighbours_2.cypher, limit 200) and a plain 2-hop
   count, `--queries` times each (median and p90 ms);
5. reads the server process's RSS after the start and after the load (VmHWM too).

Each candidate runs in its own temporary folder, one after the other; everything started is stopped and removed,
also on Ctrl-C. A candidate that cannot be installed or started is reported as such, not measured.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
if str(PROJECT_DIR) not in sys.path:
    sys.path.insert(0, str(PROJECT_DIR))

import neo4j  # noqa: E402
import psutil  # noqa: E402

from benchmarks.common import BenchmarkError, mib, print_machine, section, table, version, vm_hwm  # noqa: E402
from graph import cypher  # noqa: E402
from graph.embedded import BOLT_PLUGIN  # noqa: E402
from graph.model import Label  # noqa: E402

PASSWORD = "bench-store-password"
DATABASE = "neo4j"
HEAP = "1g"
START_TIMEOUT = 120  # s
BATCH = 1000


@dataclass(frozen=True)
class Candidate:
    name: str  # as pip knows it
    module: str  # what it imports as
    requirement: str | None  # what to install; None: the one in this venv


CANDIDATES = (
    Candidate("arcadedb-embedded", "arcadedb_embedded", None),
    Candidate("arcadedb", "arcadedb", "arcadedb"),
    Candidate("arcadedb-jvm", "arcadedb", "arcadedb-jvm"),
)


# --- the server process ---------------------------------------------------------------------------------------------


def serve(module_name: str, root: str, bolt_port: int, http_port: int) -> None:
    """Body of the child process: an ArcadeDB server with Bolt, as graph/embedded.run starts it, until SIGTERM."""
    module = __import__(module_name)
    server = module.ArcadeDBServer(
        root_path=root, root_password=PASSWORD,
        config={"host": "localhost", "http_port": http_port, "server_plugins": BOLT_PLUGIN, "bolt_port": bolt_port,
                "bolt_defaultDatabase": DATABASE},
        jvm_kwargs={"heap_size": HEAP})
    server.start()
    server.create_database(DATABASE)
    print("ready", flush=True)

    def stop(signum: int, frame: object) -> None:
        try:
            server.stop()
        finally:
            os._exit(0)  # the engine's threads would keep the process alive

    signal.signal(signal.SIGTERM, stop)
    while True:
        time.sleep(1)


# --- measuring one candidate ------------------------------------------------------------------------------------


def free_ports(n: int) -> list[int]:
    sockets = [socket.socket() for _ in range(n)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def install(candidate: Candidate, folder: Path, pre: bool) -> tuple[Path | None, str]:
    """Where the candidate is importable from (None: the venv), and its version; raises BenchmarkError."""
    if candidate.requirement is None:
        return None, version(candidate.name)
    target = folder / "site"
    command = [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--target", str(target),
               candidate.requirement, *(["--pre"] if pre else [])]
    done = subprocess.run(command, capture_output=True, text=True, timeout=900)
    if done.returncode != 0:
        lines = [x for x in done.stderr.splitlines() if x.strip() and not x.startswith("WARNING")]
        raise BenchmarkError(f"cannot install {candidate.requirement}: {lines[-1] if lines else done.returncode}")
    dist = next(target.glob(f"{candidate.name.replace('-', '_')}-*.dist-info"), None)
    return target, dist.name.removesuffix(".dist-info").split("-")[1] if dist else "?"


@dataclass
class Result:
    start_s: float
    rss_started: int | None
    load_rate: float
    records: int
    neighbourhood_ms: tuple[float, float]
    two_hop_ms: tuple[float, float]
    rss_loaded: int | None
    hwm: int | None


def measure(candidate: Candidate, site: Path | None, folder: Path, args: argparse.Namespace) -> Result:
    bolt_port, http_port = free_ports(2)
    env = dict(os.environ)
    if site is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(site), str(PROJECT_DIR)])
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, __file__, "--serve", candidate.module, str(folder / "db"), str(bolt_port), str(http_port)],
        cwd=folder, env=env, stdin=subprocess.DEVNULL, stdout=open(folder / "server.out", "wb"),
        stderr=open(folder / "server.err", "wb"), start_new_session=True)
    try:
        driver = connect(child, bolt_port, folder)
        start_s = time.perf_counter() - started
        process = psutil.Process(child.pid)
        rss_started = process.memory_info().rss
        with driver:
            load_rate, records = load(driver, args.nodes, args.fanout)
            hub = "thing:0"  # node 0 is every node's first neighbour (below): the biggest hub
            query = cypher.render("api/neighbours_2", label=Label.SCHEME).replace(":Scheme", ":Thing")
            neighbourhood = timed(driver, query, args.queries, id=hub, type=None, limit=200)
            two_hop = timed(driver, "MATCH (n:Thing {id: $id})-[*1..2]-(m) RETURN count(*) AS paths", args.queries,
                            id=hub)
        return Result(start_s, rss_started, load_rate, records, neighbourhood, two_hop,
                      process.memory_info().rss, vm_hwm(child.pid))
    finally:
        stop(child)


def connect(child: subprocess.Popen, bolt_port: int, folder: Path) -> neo4j.Driver:
    deadline = time.monotonic() + START_TIMEOUT
    driver = neo4j.GraphDatabase.driver(f"bolt://localhost:{bolt_port}", auth=("root", PASSWORD))
    while time.monotonic() < deadline:
        if child.poll() is not None:
            driver.close()
            lines = (folder / "server.err").read_text(errors="replace").strip().splitlines()
            raise BenchmarkError(f"the server exited with {child.returncode}: {lines[-1] if lines else ''}")
        try:
            if b"ready" in (folder / "server.out").read_bytes():  # the database is created after Bolt opens
                driver.verify_connectivity()
                return driver
            time.sleep(0.05)
        except (neo4j.exceptions.ServiceUnavailable, neo4j.exceptions.SessionExpired, OSError):
            time.sleep(0.05)
    driver.close()
    raise BenchmarkError(f"no Bolt answer within {START_TIMEOUT} s")


def load(driver: neo4j.Driver, nodes: int, fanout: int) -> tuple[float, int]:
    """N Thing nodes, then from each node `fanout` relationships: to node 0, to a few hubs, and to spread-out
    others (deterministic). Returns records per second over nodes and relationships."""
    driver.execute_query("CREATE CONSTRAINT thing_id IF NOT EXISTS FOR (n:Thing) REQUIRE n.id IS UNIQUE",
                         database_=DATABASE)
    node_rows = [{"id": f"thing:{i}", "props": {"name": f"thing {i}", "rank": i}} for i in range(nodes)]
    rel_rows = []
    for i in range(1, nodes):
        targets = [0, i % 10, (i * 7919) % nodes, (i * 104729) % nodes, (i + 1) % nodes][:fanout]
        rel_rows += [{"id": f"LINKS:{i}->{t}:{k}", "start": f"thing:{i}", "end": f"thing:{t}"}
                     for k, t in enumerate(targets) if t != i]
    started = time.perf_counter()
    with driver.session(database=DATABASE) as session:
        for i in range(0, len(node_rows), BATCH):
            session.execute_write(lambda tx, rows: tx.run(
                "UNWIND $rows AS row MERGE (n:Thing {id: row.id}) SET n += row.props", rows=rows).consume(),
                node_rows[i:i + BATCH])
        for i in range(0, len(rel_rows), BATCH):
            session.execute_write(lambda tx, rows: tx.run(
                "UNWIND $rows AS row MATCH (a:Thing {id: row.start}), (b:Thing {id: row.end}) "
                "MERGE (a)-[r:LINKS {id: row.id}]->(b)", rows=rows).consume(), rel_rows[i:i + BATCH])
    records = len(node_rows) + len(rel_rows)
    return records / (time.perf_counter() - started), records


def timed(driver: neo4j.Driver, query: str, n: int, **params: object) -> tuple[float, float]:
    times = []
    for _ in range(n + 2):
        started = time.perf_counter()
        driver.execute_query(query, params, database_=DATABASE, routing_=neo4j.RoutingControl.READ)
        times.append(time.perf_counter() - started)
    times = sorted(times[2:])  # the first two compile the query
    return statistics.median(times) * 1000, times[int(len(times) * 0.9)] * 1000


def stop(child: subprocess.Popen) -> None:
    if child.poll() is None:
        child.terminate()
        try:
            child.wait(30)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait(10)


# --- main ---------------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=20_000, help="nodes of the synthetic graph (default 20000)")
    parser.add_argument("--fanout", type=int, default=5, help="relationships per node, 1 to 5 (default 5)")
    parser.add_argument("--queries", type=int, default=40, help="runs of each query (default 40)")
    parser.add_argument("--pre", action="store_true", help="install pre-releases of the successors (pip --pre)")
    parser.add_argument("--serve", nargs=4, metavar=("MODULE", "ROOT", "BOLT", "HTTP"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.serve:
        module, root, bolt, http = args.serve
        serve(module, root, int(bolt), int(http))
        return 0
    if not 1 <= args.fanout <= 5 or args.nodes < 100:
        parser.error("--fanout is 1 to 5 and --nodes at least 100")
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    print_machine("store benchmark", [
        ["settings", f"--nodes {args.nodes} --fanout {args.fanout} --queries {args.queries}"
                     f"{' --pre' if args.pre else ''}; heap {HEAP}; neo4j driver {version('neo4j')}"]])
    rows, notes = [], []
    for candidate in CANDIDATES:
        folder = Path(tempfile.mkdtemp(prefix=f"innograph-bench-store-{candidate.name}-"))
        try:
            site, got = install(candidate, folder, args.pre)
            print(f"  ... {candidate.name} {got}", flush=True)
            r = measure(candidate, site, folder, args)
            rows.append([f"{candidate.name} {got}", f"{r.start_s:.1f}", f"{r.load_rate:,.0f}",
                         f"{r.neighbourhood_ms[0]:.1f} / {r.neighbourhood_ms[1]:.1f}",
                         f"{r.two_hop_ms[0]:.1f} / {r.two_hop_ms[1]:.1f}", mib(r.rss_started), mib(r.rss_loaded),
                         mib(r.hwm)])
        except (BenchmarkError, neo4j.exceptions.Neo4jError) as error:
            notes.append(f"{candidate.name}: {str(error)[:300]}")
        except KeyboardInterrupt:
            notes.append("interrupted")
            break
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    section(f"Side by side ({args.nodes:,} nodes, ~{args.nodes * args.fanout:,} relationships)")
    print(table(["package", "start s", "load records/s", "hub neighbourhood p50/p90 ms", "2-hop count p50/p90 ms",
                 "RSS started", "RSS loaded", "VmHWM"], rows))
    for note in notes:
        print(f"  not measured: {note}")
    return 0 if rows else 1


if __name__ == "__main__":
    sys.exit(main())
