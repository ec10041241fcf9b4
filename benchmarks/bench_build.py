"""Benchmark of `innograph build`: parse time, end-to-end build (cold and warm), load throughput, memory.

    .venv/bin/python benchmarks/bench_build.py [--repeat N] [--scale K] [--build-repeat R]

Prints machine facts, then four tables (benchmarks/README.md says what each number means):

1. parse_replies on seed 001 (1.2 MB, 251 replies): median / min / max of N runs, replies/s, MB/s.
2. `python -m innograph build` as a user runs it, in a subprocess with a fresh INNOGRAPH_HOME and no NEO4J_*:
   COLD (no server: the command starts its own embedded server and stops it) and WARM (a server started first with
   graph.embedded.start: a first build into its empty graph, then the build again into the loaded graph).
3. apply_schema + write_graph into the empty database of a freshly started embedded server: the corpus graph, and
   with --scale K a synthetic graph of K suffixed copies of it; each followed by a second load into the same server
   after DETACH DELETE (JVM warmed up).
4. Peak RSS: this Python process (getrusage RUSAGE_SELF), each build subprocess (RUSAGE_CHILDREN, read in a small
   wrapper process, plus the kernel's high-water mark VmHWM of the CLI process) and the embedded server
   (psutil RSS every 0.1 s, plus its VmHWM).

Every server it starts is stopped and every temporary folder removed, also on Ctrl-C, SIGTERM and errors.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
if str(PROJECT_DIR) not in sys.path:
    sys.path.insert(0, str(PROJECT_DIR))  # the project this file belongs to, not whatever is installed

import psutil  # noqa: E402

from benchmarks.common import (  # noqa: E402
    BenchmarkError,
    OtherLoad,
    RssSampler,
    mib,
    print_machine,
    section,
    table,
    version,
    vm_hwm,
)
from graph import embedded  # noqa: E402
from graph.kg import KnowledgeGraph, Node, Relationship  # noqa: E402
from graph.model import ID  # noqa: E402
from graph.store import Store, settings_for_server  # noqa: E402
from graph.writer import apply_schema, write_graph  # noqa: E402
from loaders.corpus import BUNDLED_SOURCES, read_text  # noqa: E402
from loaders.legco import parse_replies  # noqa: E402
from loaders.pipeline import build_corpus_graph  # noqa: E402

SEED_001 = BUNDLED_SOURCES / "001_290747ba864f0a9c.txt"
HEAP = "1g"  # embedded.start()'s default, and the heap `innograph build` gives the server it starts
SAMPLE_EVERY = 0.1  # s between RSS samples
BUILD_TIMEOUT = 600  # s; a hung build is killed, and its server stopped in cleanup

# Runs one build and reports its RUSAGE_CHILDREN. Why a wrapper: a child's ru_maxrss starts at its parent's peak RSS
# (the kernel carries the old address space's high-water mark across vfork+exec), so children of this benchmark
# process (~150 MiB) would all report at least that. This wrapper is ~10 MiB. It prints the CLI's pid, then a
# JSON result. -I -S: no site packages, no PYTHON* variables, for the wrapper only.
_WRAPPER = r"""
import json, resource, subprocess, sys, time
with open(sys.argv[1], "wb") as out, open(sys.argv[2], "wb") as err:
    started = time.perf_counter()
    child = subprocess.Popen(sys.argv[3:], stdin=subprocess.DEVNULL, stdout=out, stderr=err)
    print(child.pid, flush=True)
    rc = child.wait()
    wall = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"rc": rc, "wall": wall, "maxrss_kib": usage.ru_maxrss}), flush=True)
"""


# --- formatting ---------------------------------------------------------------------------------------------------


def secs(s: float | None, digits: int = 2) -> str:
    return "-" if s is None else f"{s:.{digits}f}"


def rate(count: int, seconds: float | None) -> str:
    return "-" if not seconds else f"{count / seconds:,.0f}"


def maxrss_self() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux reports KiB


# --- memory of other processes ------------------------------------------------------------------------------------


def rss_of(info: embedded.ServerInfo) -> int | None:
    try:
        return info.rss_bytes()
    except psutil.Error:
        return None


# --- resources: temp folders, servers, subprocesses; all released in cleanup() -------------------------------------


@dataclass
class Resources:
    root: Path
    homes: list[Path] = field(default_factory=list)
    pids: list[int] = field(default_factory=list)  # processes this benchmark spawned (wrappers, CLIs, servers)

    def new_home(self, name: str) -> Path:
        home = self.root / name
        home.mkdir()
        self.homes.append(home)
        return home

    def start_server(self, home: Path) -> tuple[embedded.ServerInfo, float]:
        started = time.perf_counter()
        info = embedded.start(home, heap=HEAP)
        self.pids.append(info.pid)
        return info, time.perf_counter() - started

    def stop_server(self, home: Path) -> None:
        embedded.stop(home)
        self.reap()

    def reap(self, wait: float = 5) -> None:
        """Wait for our exited children. embedded.stop() can return while the server is still exiting (it then
        is not reaped and stays a zombie); its rusage is only accounted once a parent waits for it."""
        deadline = time.monotonic() + wait
        for pid in list(self.pids):
            while True:
                try:
                    done, _ = os.waitpid(pid, os.WNOHANG)
                except ChildProcessError:  # reaped already, or not our child (a COLD build's server)
                    done = pid
                if done == pid:
                    self.pids.remove(pid)
                    break
                if not psutil.pid_exists(pid) or time.monotonic() > deadline:
                    break
                time.sleep(0.02)

    def _servers_in_root(self) -> list[psutil.Process]:
        found = []
        for proc in psutil.process_iter(["cmdline"]):
            cmdline = proc.info["cmdline"] or []
            if "graph.embedded" in cmdline and any(arg.startswith(str(self.root) + os.sep) for arg in cmdline):
                found.append(proc)
        return found

    def cleanup(self) -> list[str]:
        problems = []
        for pid in self.pids:  # a build wrapper or CLI still running (interrupted, timed out): end it
            try:
                cmdline = psutil.Process(pid).cmdline()
                if "innograph" in cmdline and "build" in cmdline:  # not a server: those stop through their home
                    os.kill(pid, signal.SIGKILL)
            except (psutil.Error, ProcessLookupError):
                pass
        for home in self.homes:
            try:
                embedded.stop(home)  # no-op (False) when nothing runs there
            except Exception as error:  # noqa: BLE001 - keep cleaning up the other homes
                problems.append(f"stopping the server of {home}: {error}")
        # A server still starting has no server.json yet, so stop() does not know it (a COLD build interrupted
        # during its server start leaves one behind, detached): end those by pid, found by our temporary folder.
        for proc in self._servers_in_root():
            try:
                proc.terminate()
                proc.wait(10)
            except psutil.TimeoutExpired:
                proc.kill()
            except psutil.Error:
                pass
        self.reap()
        if leftover := self._servers_in_root():
            problems.append(f"servers still running: pids {[p.pid for p in leftover]}")
        shutil.rmtree(self.root, ignore_errors=True)
        if self.root.exists():
            problems.append(f"could not remove {self.root}")
        return problems


# --- 1. parse -----------------------------------------------------------------------------------------------------


def bench_parse(repeat: int) -> None:
    raw = read_text(SEED_001)
    size_mb = SEED_001.stat().st_size / 1e6
    times, n_replies = [], 0
    for _ in range(repeat):
        started = time.perf_counter()
        parsed = parse_replies(raw, source=str(SEED_001))
        times.append(time.perf_counter() - started)
        n_replies = len(parsed.replies)
    section(
        f"1. parse_replies on seed 001 ({SEED_001.name}: {size_mb:.2f} MB, {len(raw):,} characters, "
        f"{n_replies} replies), {repeat} runs in this process"
    )
    rows = [
        [name, secs(value, 3), rate(n_replies, value), f"{size_mb / value:.2f}"]
        for name, value in (("median", statistics.median(times)), ("min", min(times)), ("max", max(times)))
    ]
    print(table(["", "seconds", "replies/s", "MB/s"], rows))


# --- 2. innograph build as a user runs it -------------------------------------------------------------------------


@dataclass
class BuildRun:
    name: str
    wall: float
    parse: float | None  # as printed by the CLI
    load: float | None
    cli_peak: int | None  # sampled RSS of the CLI process alone
    cli_hwm: int | None  # its VmHWM, last read before it exited
    children_maxrss: int  # RUSAGE_CHILDREN of the wrapper: the CLI and any descendant the CLI reaped
    server_idle: int | None  # the WARM server before the build
    server_peak: int | None
    server_hwm: int | None
    printed: str = ""  # the CLI's stdout and stderr, each on one line
    errors: str = ""
    worker_peak: int | None = None  # sampled RSS of the largest forked worker (parse, analysis): shared pages count


# "(parse 9.1 s, waiting for the store 0.0 s, load 2.3 s)": 'load' here is the wait and the load, all after the parse
_CLI_TIMES = re.compile(r"\(parse ([\d.]+) s, (?:waiting for the store ([\d.]+) s, )?load ([\d.]+) s\)")


def _is_embedded_server(process: psutil.Process) -> bool:
    try:
        return "graph.embedded" in process.cmdline()
    except psutil.Error:
        return False


def _rss_or_zero(process: psutil.Process) -> int:
    try:
        return process.memory_info().rss
    except psutil.Error:
        return 0


def run_build(res: Resources, name: str, home: Path, server: embedded.ServerInfo | None,
              args: tuple[str, ...] = (), timeout: float = BUILD_TIMEOUT) -> BuildRun:
    """`python -m innograph build ARGS` in a subprocess against the embedded store of `home`, timed and sampled."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env["INNOGRAPH_HOME"] = str(home)
    slug = re.sub(r"\W+", "-", name).strip("-").lower()
    out_path, err_path = res.root / f"{slug}.out", res.root / f"{slug}.err"
    server_idle = rss_of(server) if server is not None else None
    wrapper = subprocess.Popen(
        [
            sys.executable,
            "-I",
            "-S",
            "-c",
            _WRAPPER,
            str(out_path),
            str(err_path),
            sys.executable,
            "-m",
            "innograph",
            "build",
            *args,
        ],
        cwd=PROJECT_DIR,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        text=True,
    )
    res.pids.append(wrapper.pid)
    killer = threading.Timer(timeout, wrapper.kill)
    killer.start()
    try:
        first = wrapper.stdout.readline()
        if not first.strip().isdigit():
            raise BenchmarkError(f"the build wrapper ({name}) did not start the CLI: {first!r}")
        cli_pid = int(first)
        res.pids.append(cli_pid)
        cli = psutil.Process(cli_pid)

        def the_server() -> list[psutil.Process]:
            if server is not None:  # WARM: the server this benchmark started
                return [psutil.Process(server.pid)]
            # COLD: the server the CLI spawns (not its forked analysis workers, which run while the server starts)
            return [p for p in cli.children(recursive=True) if _is_embedded_server(p)]

        def the_largest_worker() -> list[psutil.Process]:
            workers = [p for p in cli.children() if not _is_embedded_server(p)]
            return [max(workers, key=_rss_or_zero)] if workers else []

        with RssSampler({"cli": lambda: [cli], "server": the_server, "worker": the_largest_worker},
                        every=SAMPLE_EVERY) as sampler:
            result_line = wrapper.stdout.readline()
        wrapper.wait()
    finally:
        killer.cancel()
    res.reap()
    if not result_line:
        raise BenchmarkError(f"the build wrapper ({name}) ended without a result (timed out after {timeout} s?)")
    result = json.loads(result_line)
    if result["rc"] != 0:
        tail = err_path.read_text(errors="replace").strip().splitlines()[-5:]
        raise BenchmarkError(f"`innograph build` ({name}) exited with {result['rc']}: " + " | ".join(tail))
    printed = " ".join(out_path.read_text(errors="replace").split())  # rich wraps at 80 columns
    match = _CLI_TIMES.search(printed)
    return BuildRun(
        name=name,
        wall=result["wall"],
        parse=float(match.group(1)) if match else None,
        load=float(match.group(2) or 0) + float(match.group(3)) if match else None,
        cli_peak=sampler.peak["cli"],
        cli_hwm=sampler.hwm["cli"],
        children_maxrss=result["maxrss_kib"] * 1024,
        server_idle=server_idle,
        server_peak=sampler.peak["server"],
        server_hwm=sampler.hwm["server"],
        printed=printed,
        errors=" ".join(err_path.read_text(errors="replace").split()),
        worker_peak=sampler.peak["worker"],
    )


def bench_builds(res: Resources, build_repeat: int) -> list[BuildRun]:
    runs: list[BuildRun] = []
    for i in range(build_repeat):
        home = res.new_home(f"cold{i + 1}")
        runs.append(run_build(res, f"COLD #{i + 1}" if build_repeat > 1 else "COLD", home, server=None))
        if embedded.status(home) is not None:
            raise BenchmarkError(f"the COLD build left its server running in {home}")

    home = res.new_home("warm")
    info, start_s = res.start_server(home)
    try:
        time.sleep(1)  # let it settle before the idle RSS reading
        runs.append(run_build(res, "WARM 1st (server up, empty graph)", home, server=info))
        for i in range(build_repeat):
            suffix = f" #{i + 1}" if build_repeat > 1 else ""
            runs.append(run_build(res, f"WARM 2nd{suffix} (graph already loaded)", home, server=info))
    finally:
        res.stop_server(home)

    section("2. `python -m innograph build` in a subprocess, as a user runs it (fresh INNOGRAPH_HOME, NEO4J_* unset)")
    rows = [[r.name, secs(r.wall), secs(r.parse, 1), secs(r.load, 1)] for r in runs]
    if build_repeat > 1:
        for what, prefix in (("COLD", "COLD"), ("WARM 2nd", "WARM 2nd")):
            walls = [r.wall for r in runs if r.name.startswith(prefix)]
            rows.append(
                [
                    f"{what}: median / min of {build_repeat}",
                    f"{statistics.median(walls):.2f} / {min(walls):.2f}",
                    "",
                    "",
                ]
            )
    print(table(["build", "wall s", "parse s (CLI)", "load s (CLI)"], rows))
    print(
        f"  COLD's 'load' includes starting and stopping the server; embedded.start() of the WARM server (before "
        f"its builds, not in the table) took {start_s:.2f} s"
    )
    return runs


# --- 3. load throughput -------------------------------------------------------------------------------------------


def scaled_graph(kg: KnowledgeGraph, k: int) -> KnowledgeGraph:
    """K copies of `kg`: copy 0 keeps its ids (so ×1 is the corpus graph itself), copy i gets ids suffixed `@i`.

    Labels, relationship types and properties are kept; only `id` (the key, also stored as a property) changes,
    so every copy merges as new nodes and relationships.
    """
    if k == 1:
        return kg
    out = KnowledgeGraph()
    for i in range(k):
        sfx = "" if i == 0 else f"@{i}"
        for node in kg.nodes():
            out.add_node(Node(node.label, node.id + sfx, {**node.props, ID: node.id + sfx}))
        for rel in kg.relationships():
            out.add_relationship(
                Relationship(rel.type, rel.start + sfx, rel.end + sfx, rel.id + sfx, {**rel.props, ID: rel.id + sfx})
            )
    (labels, types), (scaled_labels, scaled_types) = kg.counts(), out.counts()
    if scaled_labels != {n: c * k for n, c in labels.items()} or scaled_types != {n: c * k for n, c in types.items()}:
        raise BenchmarkError("the scaled graph does not have K times the corpus graph's labels and types")
    return out


@dataclass
class LoadRun:
    name: str
    nodes: int
    rels: int
    schema: float
    node_phase: float
    rel_phase: float
    prune_commit: float

    @property
    def total(self) -> float:
        return self.schema + self.node_phase + self.rel_phase + self.prune_commit


def timed_load(store: Store, kg: KnowledgeGraph, name: str) -> LoadRun:
    n_nodes, n_rels = kg.g.number_of_nodes(), kg.g.number_of_edges()
    started = time.perf_counter()
    apply_schema(store)
    schema_done = time.perf_counter()
    marks: list[tuple[int, float]] = []  # (records written so far, time) after each batch
    written = 0

    def progress(n: int) -> None:
        nonlocal written
        written += n
        marks.append((written, time.perf_counter()))

    report = write_graph(store, kg, progress)
    finished = time.perf_counter()
    if (report.nodes, report.relationships) != (n_nodes, n_rels):
        raise BenchmarkError(f"{name}: wrote {report} for a graph of {n_nodes} nodes and {n_rels} relationships")
    # write_graph is one transaction: all nodes, then all relationships, then prune, then commit. A transient error
    # re-runs it from the start (calling progress again), and then the phases cannot be told apart.
    if written != n_nodes + n_rels:
        raise BenchmarkError(
            f"{name}: write_graph was retried ({written:,} records reported for "
            f"{n_nodes + n_rels:,}); its timing would mix attempts"
        )
    node_end = next((t for count, t in marks if count == n_nodes), schema_done)
    last = marks[-1][1] if marks else schema_done
    return LoadRun(
        name,
        n_nodes,
        n_rels,
        schema=schema_done - started,
        node_phase=node_end - schema_done,
        rel_phase=last - node_end,
        prune_commit=finished - last,
    )


@dataclass
class ServerMemory:
    name: str
    idle: int | None
    peak: int | None
    hwm: int | None
    after: int | None


def load_on_fresh_server(res: Resources, kg: KnowledgeGraph, label: str) -> tuple[list[LoadRun], ServerMemory, float]:
    """Start a server in a fresh home, load `kg` into its empty database, DETACH DELETE, load again; stop it."""
    home = res.new_home(f"load-x{label.lstrip('×')}")
    info, start_s = res.start_server(home)
    try:
        time.sleep(1)
        idle = rss_of(info)
        runs = []
        sampler = RssSampler({"server": lambda: [psutil.Process(info.pid)]}, every=SAMPLE_EVERY)
        with Store.connect(settings_for_server(info)) as store, sampler:
            runs.append(timed_load(store, kg, f"corpus {label}: empty database, fresh JVM"))
            store.write("MATCH (n) DETACH DELETE n")
            left = store.read("MATCH (n) RETURN count(n) AS n")[0]["n"]
            if left:
                raise BenchmarkError(f"{left} nodes left after DETACH DELETE")
            runs.append(timed_load(store, kg, f"corpus {label}: emptied by DETACH DELETE, JVM warm"))
        memory = ServerMemory(
            f"loads of corpus {label} (both rows)", idle, sampler.peak["server"], vm_hwm(info.pid), rss_of(info)
        )
    finally:
        res.stop_server(home)
    return runs, memory, start_s


def bench_loads(res: Resources, scale: int, python_rss: dict[str, int]) -> list[ServerMemory]:
    started = time.perf_counter()
    corpus = build_corpus_graph(BUNDLED_SOURCES)
    corpus_s = time.perf_counter() - started
    python_rss["after build_corpus_graph()"] = maxrss_self()
    graphs = [("×1", corpus.graph)]
    scale_note = ""
    if scale > 1:
        started = time.perf_counter()
        graphs.append((f"×{scale}", scaled_graph(corpus.graph, scale)))
        scale_note = f"; the ×{scale} copy in {time.perf_counter() - started:.2f} s"
        python_rss[f"after making the ×{scale} graph"] = maxrss_self()

    runs: list[LoadRun] = []
    memory: list[ServerMemory] = []
    starts = []
    for label, kg in graphs:
        graph_runs, mem, start_s = load_on_fresh_server(res, kg, label)
        runs += graph_runs
        memory.append(mem)
        starts.append(f"{start_s:.2f} s ({label})")

    section(f"3. Load: apply_schema + write_graph (one transaction) into a fresh embedded server, heap {HEAP}")
    print(
        f"  corpus graph from build_corpus_graph() in {corpus_s:.2f} s{scale_note}; "
        f"embedded.start() before the loads (not in the table): {', '.join(starts)}"
    )
    rows = [
        [
            r.name,
            f"{r.nodes:,}",
            f"{r.rels:,}",
            secs(r.schema),
            secs(r.node_phase),
            secs(r.rel_phase),
            secs(r.prune_commit),
            secs(r.total),
            rate(r.nodes, r.node_phase),
            rate(r.rels, r.rel_phase),
            rate(r.nodes + r.rels, r.total),
        ]
        for r in runs
    ]
    print(
        table(
            [
                "load",
                "nodes",
                "rels",
                "schema s",
                "nodes s",
                "rels s",
                "prune+commit s",
                "total s",
                "nodes/s",
                "rels/s",
                "records/s",
            ],
            rows,
        )
    )
    return memory


# --- 4. memory ----------------------------------------------------------------------------------------------------


def print_memory(builds: list[BuildRun], loads: list[ServerMemory], python_rss: dict[str, int]) -> None:
    section("4. Peak RSS")
    rows = [[f"this benchmark process, {when}", mib(value)] for when, value in python_rss.items()]
    print(table(["Python process (getrusage RUSAGE_SELF ru_maxrss)", "peak"], rows))
    print()
    rows = [[b.name, mib(b.cli_peak), mib(b.cli_hwm), mib(b.children_maxrss)] for b in builds]
    print(table(["build subprocess", "CLI peak (sampled)", "CLI VmHWM", "RUSAGE_CHILDREN ru_maxrss"], rows))
    print()
    rows = [[f"during build {b.name}", mib(b.server_idle), mib(b.server_peak), mib(b.server_hwm)] for b in builds]
    rows += [[f"during {m.name}", mib(m.idle), mib(m.peak), mib(m.hwm)] for m in loads]
    print(table(["embedded server", "idle", "peak (psutil, 0.1 s)", "VmHWM"], rows))


# --- main ---------------------------------------------------------------------------------------------------------


def machine_facts(args: argparse.Namespace) -> None:
    print_machine("build benchmark", [
        ["neo4j (driver)", version("neo4j")],
        ["arcadedb-embedded", version("arcadedb-embedded")],
        ["networkx, psutil", f"{version('networkx')}, {version('psutil')}"],
        ["settings", f"--repeat {args.repeat} --scale {args.scale} --build-repeat {args.build_repeat}; "
                     f"server heap {HEAP}"],
    ])


def ours_under(root: Path) -> set[int]:
    """This process, its descendants, and servers with `root` in their command line (a COLD build's server, once
    its CLI has exited)."""
    me = psutil.Process()
    try:
        ours = {me.pid} | {p.pid for p in me.children(recursive=True)}
    except psutil.Error:
        ours = {me.pid}
    for proc in psutil.process_iter(["pid", "cmdline"]):
        if str(root) in " ".join(proc.info["cmdline"] or ()):
            ours.add(proc.info["pid"])
    return ours


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="parse runs of seed 001 (default 5)")
    parser.add_argument("--scale", type=int, default=1, help="also load K suffixed copies of the corpus graph")
    parser.add_argument("--build-repeat", type=int, default=1, help="COLD builds and WARM 2nd builds (default 1)")
    args = parser.parse_args(argv)
    if min(args.repeat, args.scale, args.build_repeat) < 1:
        parser.error("--repeat, --scale and --build-repeat must be at least 1")

    # SIGTERM (e.g. a CI timeout) becomes SystemExit, so the finally below still stops the servers.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    began = time.perf_counter()
    res = Resources(Path(tempfile.mkdtemp(prefix="innograph-bench-")))
    other = OtherLoad(lambda: ours_under(res.root))
    status = 0
    try:
        machine_facts(args)
        python_rss = {"after imports (neo4j, networkx, the loaders)": maxrss_self()}
        other.__enter__()
        bench_parse(args.repeat)
        python_rss["after the parse runs"] = maxrss_self()
        builds = bench_builds(res, args.build_repeat)
        load_memory = bench_loads(res, args.scale, python_rss)
        python_rss["at the end (peak of the whole run)"] = maxrss_self()
        print_memory(builds, load_memory, python_rss)
    except BenchmarkError as error:
        print(f"\nbench_build: {error}", file=sys.stderr)
        status = 1
    except (KeyboardInterrupt, SystemExit) as stop:
        print("\nbench_build: interrupted; stopping servers and removing temporary folders", file=sys.stderr)
        status = stop.code if isinstance(stop, SystemExit) and isinstance(stop.code, int) else 130
    finally:
        other.__exit__()
        problems = res.cleanup()
        for problem in problems:
            print(f"bench_build: cleanup: {problem}", file=sys.stderr)
        status = status or (1 if problems else 0)
    total = time.perf_counter() - began
    cleaned = "cleanup incomplete (see above)" if problems else f"every server stopped, {res.root} removed"
    print(f"\ntotal benchmark time {total:.0f} s; {cleaned}")
    print(
        f"other processes on this machine used at least {other.seconds:.0f} CPU-seconds meanwhile "
        f"(on average {other.seconds / total:.2f} of {os.cpu_count()} CPUs); with more than ~0.1, expect noise"
    )
    return status


if __name__ == "__main__":
    sys.exit(main())
