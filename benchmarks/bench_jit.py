"""The embedded server's JIT settings side by side: start, first load of the corpus, queries after it.

    .venv/bin/python benchmarks/bench_jit.py                     # the JVM's default (C1 then C2) against C1 only
    .venv/bin/python benchmarks/bench_jit.py --flags "" "-XX:+UseSerialGC" --rounds 3

Each setting is passed as ARCADEDB_JVM_ARGS to a fresh embedded server in a temporary home, started as
`innograph db start` starts one: "" is the JVM's own tiered compilation (what `serve` gets), and
"-XX:TieredStopAtLevel=1" C1 only (what a server started by `build` or `export` gets: graph/embedded.py,
QUICK_JIT_ARGS). Per server: seconds to
start (Bolt answering) and the server's CPU seconds by then; the schema; the corpus graph written into the empty
store by graph/writer.write_graph; then rounds of 60 queries (a 2-hop count around the biggest hub and its
neighbourhood), median latency per round. Settings alternate within each round of servers (paired).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import OtherLoad, print_machine, section, table  # noqa: E402
from graph import embedded  # noqa: E402
from graph.store import open_store  # noqa: E402
from graph.writer import apply_schema, write_graph  # noqa: E402

TWO_HOPS = "MATCH (n {id: 'dept:dpo'})-[r1]-(m)-[r2]-(o) RETURN count(*) AS c"
ONE_HOP = "MATCH (n:Department {id: 'dept:dpo'})-[r]-(m) RETURN m.id, m.name, type(r) LIMIT 200"
DEFAULT_FLAGS = ("", "-XX:TieredStopAtLevel=1")  # the JVM's own compilation; C1 only


def measure(flags: str, kg, query_rounds: int) -> dict:
    os.environ["ARCADEDB_JVM_ARGS"] = flags
    home = Path(tempfile.mkdtemp(prefix="innograph-jit-"))
    try:
        started = time.perf_counter()
        info = embedded.start(home)
        result = {"start": time.perf_counter() - started}
        server = psutil.Process(info.pid)
        result["start cpu"] = _cpu(server)
        with open_store(home) as store:
            for name, step in (("schema", lambda: apply_schema(store)), ("load", lambda: write_graph(store, kg))):
                started = time.perf_counter()
                step()
                result[name] = time.perf_counter() - started
            result["load cpu"] = _cpu(server) - result["start cpu"]
            for i in range(query_rounds):
                latencies = []
                for query in (TWO_HOPS, ONE_HOP) * 30:
                    started = time.perf_counter()
                    store.read(query)
                    latencies.append(time.perf_counter() - started)
                result[f"queries {i + 1}"] = statistics.median(latencies) * 1000
        return result
    finally:
        embedded.stop(home)
        os.environ.pop("ARCADEDB_JVM_ARGS", None)


def _cpu(process: psutil.Process) -> float:
    times = process.cpu_times()
    return times.user + times.system


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--flags", nargs="+", default=list(DEFAULT_FLAGS))
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--query-rounds", type=int, default=4)
    args = parser.parse_args()
    from loaders.pipeline import build_corpus_graph

    print_machine("Embedded server JIT settings", [["settings", " | ".join(f or "(JVM default)" for f in args.flags)]])
    kg = build_corpus_graph().graph
    rows = []
    with OtherLoad(lambda: {os.getpid(), *(p.pid for p in psutil.Process().children(recursive=True))}) as other:
        for round_no in range(args.rounds):
            for flags in args.flags if round_no % 2 == 0 else list(reversed(args.flags)):
                result = measure(flags, kg, args.query_rounds)
                rows.append([flags or "(JVM default)", round_no + 1,
                             *[f"{v:.2f}" if "queries" not in k else f"{v:.1f}" for k, v in result.items()]])
                print(f"round {round_no + 1}, {flags or 'JVM default'}: done", flush=True)
    section("Per server (seconds; query columns: median ms of 60 queries, one round after the other)")
    headers = ["ARCADEDB_JVM_ARGS", "round", "start s", "start CPU s", "schema s", "load s", "load CPU s",
               *[f"queries {i + 1} ms" for i in range(args.query_rounds)]]
    print(table(headers, rows, right_from=1))
    share = other.seconds / other.elapsed if other.elapsed else 0.0
    print(f"other processes used at least {other.seconds:.0f} CPU-seconds meanwhile ({share:.2f} of "
          f"{psutil.cpu_count()} CPUs on average)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
