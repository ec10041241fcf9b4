"""Scale benchmark: `innograph build` of synthetic corpora K times the bundled one, and the load rate of the writer.

    .venv/bin/python benchmarks/bench_scale.py [--sizes 1,10,30] [--load-sizes 1,10] [--timeout S]

1. For each K: a corpus of the four bundled press documents and K replies documents — the bundled one and K-1
   copies of it whose reply numbers are renumbered (ITIB001 -> ITAA001 …, in the index table and in the replies
   alike, so every copy's index table agrees with its replies; the question numbers, legislators, heads and texts
   are the same) — built COLD by `python -m innograph build --sources DIR` in a subprocess with a fresh
   INNOGRAPH_HOME (the CLI starts its own embedded server). Printed per size: replies and MB, the time of each stage
   as the CLI reports it, the load, the wall time, peak RSS of the CLI and of the server, nodes and relationships,
   and each size's wall time over 1x's (and over K: 1.00 is linear). Then the same build again in the same home
   (the rebuild: every document's facts from the cache, and the writer finds nothing to write but the Build node).
2. Load rate on the same rows (bench_build.scaled_graph: K suffixed copies of the corpus graph) into a fresh
   embedded server, emptied between runs: the writer (graph/writer.write_graph into an empty store), a naive load
   (one MERGE statement per node and per relationship, in one transaction) and the store's ceiling (one UNWIND …
   CREATE per label and per relationship type and label pair, every row in one statement), side by side.

Every server it starts is stopped and every temporary folder removed, also on Ctrl-C and errors.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
if str(PROJECT_DIR) not in sys.path:
    sys.path.insert(0, str(PROJECT_DIR))

from benchmarks.bench_build import Resources, run_build, scaled_graph  # noqa: E402
from benchmarks.common import BenchmarkError, mib, print_machine, section, table, version  # noqa: E402
from graph import cypher  # noqa: E402
from graph.kg import KnowledgeGraph  # noqa: E402
from graph.store import Store, settings_for_server  # noqa: E402
from graph.writer import _node_rows, _relationship_rows, apply_schema, write_graph  # noqa: E402
from loaders.corpus import BUNDLED_SOURCES  # noqa: E402

REPLIES = "001_290747ba864f0a9c.txt"
_REPLY_NO = re.compile(r"ITIB(\d{3})")
_STAGES = re.compile(r"Parsed \d+ documents: (.*?)(?: Loading| Loaded|$)")
_COUNTS = re.compile(r"Loaded (\d+) nodes and (\d+) relationships")


# --- 1. synthetic corpora -----------------------------------------------------------------------------------------


def prefix(copy: int) -> str:
    """The reply-number prefix of copy `copy`: ITIB for the original, then ITAA, ITAB, … (never ITIB again)."""
    if copy == 0:
        return "ITIB"
    letters = [a + b for a in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" for b in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" if a + b != "IB"]
    return "IT" + letters[copy - 1]


def make_corpus(k: int, folder: Path) -> tuple[int, float]:
    """The bundled corpus with K replies documents (see the module docstring); returns (replies, MB of text)."""
    folder.mkdir(parents=True)
    manifest = (BUNDLED_SOURCES / "sources.yaml").read_text(encoding="utf-8")
    head, *entries = manifest.split("\n  - file: ")
    original = (BUNDLED_SOURCES / REPLIES).read_text(encoding="utf-8")
    lines = ["documents:"]
    size = 0
    for entry in entries:
        name = entry.split("\n", 1)[0]
        shutil.copy(BUNDLED_SOURCES / name, folder / name)
        size += (folder / name).stat().st_size
        lines.append("  - file: " + entry.rstrip("\n"))
        if name == REPLIES:
            replies_entry = entry
    fields = [line for line in replies_entry.split("\n")[1:] if re.match(r"    (title|publisher|published|fiscal_year|"
                                                                         r"language|doc_type)\b", line)]
    for copy in range(1, k):
        name = f"001_copy{copy:03d}.txt"
        (folder / name).write_text(_REPLY_NO.sub(rf"{prefix(copy)}\1", original), encoding="utf-8")
        size += (folder / name).stat().st_size
        lines.append(f"  - file: {name}")
        lines += [f"{line} (copy {copy})" if line.startswith("    title:") else line for line in fields]
    (folder / "sources.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 251 * k, size / 1e6


@dataclass
class SizeRun:
    k: int
    replies: int
    mb: float
    stages: dict[str, float]
    load: float | None
    wall: float
    cli_peak: int | None
    server_peak: int | None
    worker_peak: int | None
    nodes: int
    rels: int
    rebuild_wall: float | None = None
    rebuild_load: float | None = None


def bench_sizes(res: Resources, sizes: list[int], timeout: float, rebuild: bool) -> list[SizeRun]:
    runs = []
    for k in sizes:
        folder = res.root / f"corpus-x{k}"
        replies, mb = make_corpus(k, folder)
        home = res.new_home(f"scale-x{k}")
        build = run_build(res, f"x{k}", home, None, ("--sources", str(folder)), timeout=timeout)
        stages = _stages(build.printed + " " + build.errors)
        counts = _COUNTS.search(build.printed)
        run = SizeRun(k, replies, mb, stages, build.load, build.wall, build.cli_peak, build.server_peak,
                      build.worker_peak, int(counts.group(1)) if counts else 0, int(counts.group(2)) if counts else 0)
        if rebuild:
            again = run_build(res, f"x{k} again", home, None, ("--sources", str(folder)), timeout=timeout)
            run.rebuild_wall, run.rebuild_load = again.wall, again.load
        res.stop_server(home)
        shutil.rmtree(folder, ignore_errors=True)
        runs.append(run)
        print(f"  x{k}: {run.wall:.1f} s", file=sys.stderr, flush=True)
    return runs


def _stages(printed: str) -> dict[str, float]:
    found = _STAGES.search(printed)
    if not found:
        return {}
    return {name.strip(): float(s) for name, s in re.findall(r"([a-z ]+?) ([\d.]+) s", found.group(1))}


def print_sizes(runs: list[SizeRun]) -> None:
    section("1. `innograph build --sources` of synthetic corpora, COLD (fresh home; the CLI starts its own server)")
    stage_names = list(dict.fromkeys(name for r in runs for name in r.stages))
    base = runs[0]
    header = ["size", "replies", "MB", *[f"{s} s" for s in stage_names], "load s", "wall s", "wall / 1x",
              "÷ size", "CLI peak", "worker peak", "server peak", "nodes", "rels", "rebuild wall s", "rebuild load s"]
    rows = []
    for r in runs:
        ratio = r.wall / base.wall
        rows.append([f"{r.k}x", f"{r.replies:,}", f"{r.mb:.1f}", *[_s(r.stages.get(s)) for s in stage_names],
                     _s(r.load), f"{r.wall:.1f}", f"{ratio:.2f}", f"{ratio / (r.k / base.k):.2f}",
                     mib(r.cli_peak), mib(r.worker_peak), mib(r.server_peak), f"{r.nodes:,}", f"{r.rels:,}",
                     _s(r.rebuild_wall), _s(r.rebuild_load)])
    print(table(header, rows))
    print("  stages as the CLI prints them; load includes starting the server (COLD). '÷ size': wall / 1x divided "
          "by K (1.00: linear). worker peak: the largest forked parse or analysis worker (its RSS counts the pages it "
          "shares with the CLI). rebuild: the same build again in the same home (facts from the cache, nothing to "
          "write but the Build node).")


def _s(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


# --- 2. load rate -------------------------------------------------------------------------------------------------


def naive_load(store: Store, kg: KnowledgeGraph) -> None:
    """One MERGE per node and per relationship, in one transaction: what a loader written row by row does."""
    nodes, rels = _node_rows(kg), _relationship_rows(kg)

    def work(tx) -> None:
        for label, rows in nodes.items():
            query = f"MERGE (n:{label} {{id: $id}}) SET n = $props"
            for row in rows:
                tx.run(query, id=row["id"], props=row["props"]).consume()
        for (rel_type, start_label, end_label), rows in rels.items():
            query = (f"MATCH (a:{start_label} {{id: $start}}) MATCH (b:{end_label} {{id: $end}}) "
                     f"MERGE (a)-[r:{rel_type} {{id: $id}}]->(b) SET r = $props")
            for row in rows:
                tx.run(query, **row).consume()

    store.run_in_write_transaction(work)


def ceiling_load(store: Store, kg: KnowledgeGraph) -> None:
    """One UNWIND … CREATE per label and per relationship type and label pair, every row in one statement."""
    nodes, rels = _node_rows(kg), _relationship_rows(kg)

    def work(tx) -> None:
        for label, rows in nodes.items():
            if rows:
                tx.run(cypher.render("write/create_nodes", label=label), rows=rows).consume()
        for (rel_type, start_label, end_label), rows in rels.items():
            query = cypher.render("write/create_relationships", type=rel_type, start_label=start_label,
                                  end_label=end_label)
            tx.run(query, rows=rows).consume()

    store.run_in_write_transaction(work)


def bench_loads(res: Resources, sizes: list[int]) -> None:
    from loaders.pipeline import build_corpus_graph

    corpus = build_corpus_graph(BUNDLED_SOURCES).graph
    rows = []
    for k in sizes:
        kg = scaled_graph(corpus, k)
        records = kg.g.number_of_nodes() + kg.g.number_of_edges()
        home = res.new_home(f"load-x{k}")
        info, _ = res.start_server(home)
        times = {}
        try:
            with Store.connect(settings_for_server(info)) as store:
                apply_schema(store)
                for name, load in (("warm-up", write_graph), ("writer", write_graph), ("naive MERGE", naive_load),
                                   ("ceiling", ceiling_load)):
                    store.write("MATCH (n) DETACH DELETE n")
                    started = time.perf_counter()
                    load(store, kg)
                    times[name] = time.perf_counter() - started
                    if store.read("MATCH (n) RETURN count(n) AS n")[0]["n"] != kg.g.number_of_nodes():
                        raise BenchmarkError(f"{name} at x{k} did not load every node")
        finally:
            res.stop_server(home)
        rows.append([f"{k}x", f"{records:,}", *[f"{records / times[n]:,.0f}" for n in ("writer", "naive MERGE",
                                                                                       "ceiling")],
                     f"{times['naive MERGE'] / times['writer']:.1f}", f"{times['writer'] / times['ceiling']:.2f}"])
        print(f"  load x{k}: {times}", file=sys.stderr, flush=True)
    section("2. Load rate, records/s, same rows into an emptied database of a fresh embedded server (JVM warmed by a "
            "first writer load)")
    print(table(["size", "records", "writer", "naive MERGE", "ceiling", "writer ÷ naive (×)",
                 "writer time ÷ ceiling's"], rows))


# --- main ---------------------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10,30", help="corpus sizes K to build (default 1,10,30)")
    parser.add_argument("--load-sizes", default="1,10", help="graph sizes for the load rates ('' to skip)")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds one build may take")
    parser.add_argument("--no-rebuild", action="store_true", help="skip the WARM rebuild of each size")
    args = parser.parse_args(argv)
    sizes = [int(k) for k in args.sizes.split(",") if k]
    load_sizes = [int(k) for k in args.load_sizes.split(",") if k]
    if any(k < 1 or k > 600 for k in sizes + load_sizes):
        parser.error("sizes are from 1 to 600")
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    print_machine("scale benchmark", [
        ["neo4j (driver)", version("neo4j")], ["arcadedb-embedded", version("arcadedb-embedded")],
        ["settings", f"--sizes {args.sizes} --load-sizes {args.load_sizes}; workers "
                     f"{os.environ.get('INNOGRAPH_WORKERS', 'every core')}"],
    ])
    res = Resources(Path(tempfile.mkdtemp(prefix="innograph-scale-")))
    status = 0
    try:
        if sizes:
            print_sizes(bench_sizes(res, sizes, args.timeout, not args.no_rebuild))
        if load_sizes:
            bench_loads(res, load_sizes)
    except BenchmarkError as error:
        print(f"\nbench_scale: {error}", file=sys.stderr)
        status = 1
    except (KeyboardInterrupt, SystemExit):
        print("\nbench_scale: interrupted; stopping servers and removing temporary folders", file=sys.stderr)
        status = 130
    finally:
        for problem in res.cleanup():
            print(f"bench_scale: cleanup: {problem}", file=sys.stderr)
            status = status or 1
    return status


if __name__ == "__main__":
    sys.exit(main())
