"""Benchmark of the HTTP API under concurrent clients, beside the same work done directly through the driver.

    .venv/bin/python benchmarks/bench_api.py [--clients 1,8,32] [--requests 400] [--home DIR]

What it does (benchmarks/README.md, "API latency", says what each number means):

1. Starts an embedded server with graph.embedded.start(HOME) in a fresh INNOGRAPH_HOME (a new temporary folder, or
   --home DIR) and builds the bundled corpus into it with `python -m innograph build` (a subprocess, NEO4J_* removed
   from its environment), so the server stays up after the build.
2. Starts two `python -m innograph serve` processes against that home: one as shipped (answers cached by build,
   api/cache.py) and one with INNOGRAPH_API_CACHE_BYTES=0 (every request does the store's work; neither client
   sends If-None-Match, so no 304s). Waits for /health.
3. Picks the biggest hub (the node with most relationships) and checks every request once (warm-up).
4. For each workload and each concurrency level C: R requests (--requests) from C threads, until R are sent or the
   time limit of the cell (--cell-seconds) has passed, three ways, one after the other:
   "API cached" and "API uncached" (one keep-alive httpx.Client per thread, 127.0.0.1), and "direct": the same
   call to api.service.GraphService in this process (the driver and the shaping, no HTTP, no cache).
   Workloads: the hub's neighbourhood at depth 1 and 2 (limit 200), /search (16 queries in CJK and Latin), and a
   list (/schemes?limit=100).
5. Prints p50/p99 ms and req/s for each, the ratio API uncached / direct, and the RSS of the processes.

Everything it starts (the embedded server, the API processes) is stopped, and the temporary folder removed, also on
Ctrl-C, SIGTERM and errors. Exit status: 0, 1 on an error or incomplete cleanup, 130/143 when interrupted.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, urlencode

PROJECT_DIR = Path(__file__).resolve().parent.parent
if str(PROJECT_DIR) not in sys.path:
    sys.path.insert(0, str(PROJECT_DIR))  # the project this file belongs to, not whatever is installed

import httpx  # noqa: E402
import psutil  # noqa: E402

from api.service import GraphService  # noqa: E402
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
from graph.model import Label  # noqa: E402
from graph.store import Store, settings_for_server  # noqa: E402

HEAP = "1g"  # embedded.start()'s default, the heap `innograph serve` would give a server it starts
BUILD_TIMEOUT = 600  # s
SERVE_READY_TIMEOUT = 90  # s for the API to answer /health
REQUEST_TIMEOUT = 30.0  # s per request; a slower one counts as an error

# Real queries: CJK and Latin, exact names, prefixes, substrings, a surname, a full-width form, and one miss.
SEARCH_QUERIES = [
    "港投",  # alias of 香港投資管理有限公司 (exact)
    "數字辦",  # 數字政策辦公室's short name
    "AI",  # Latin, matches inside many names
    "創新",  # CJK, contains: many hits
    "digital",  # English names, case-insensitive
    "科技園",  # prefix / contains
    "陳",  # one character: legislators' surname, many hits
    "ＡＩＲ",  # full-width Latin, must find AIR@InnoHK
    "innohk",
    "香港科技",
    "Cyberport",
    "數碼港",
    "資助計劃",
    "university",
    "新型工業化",
    "zzzz-no-such-name",  # no hit: the cost of a miss
]
HUB_LIMIT = 200  # the API's default limit of a neighbourhood
WAYS = ["API cached", "API uncached", "direct"]  # and "API before" with --before DIR


# --- formatting ---------------------------------------------------------------------------------------------------


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def percentile(sorted_values: list[float], p: float) -> float:
    """Linear interpolation between closest ranks (numpy's default) on an already sorted list."""
    if not sorted_values:
        return float("nan")
    k = (len(sorted_values) - 1) * p / 100
    lo = int(k)
    hi = min(lo + 1, len(sorted_values) - 1)
    return sorted_values[lo] + (sorted_values[hi] - sorted_values[lo]) * (k - lo)


# --- processes: memory, CPU, other load ---------------------------------------------------------------------------


def rss(pid: int) -> int | None:
    try:
        return psutil.Process(pid).memory_info().rss
    except psutil.Error:
        return None


# --- resources: home, embedded server, API process; all released in cleanup() -------------------------------------


@dataclass
class Resources:
    root: Path  # removed at the end (the temporary folder, or --home DIR when this run created it)
    home: Path
    remove_root: bool = True
    server: embedded.ServerInfo | None = None
    apis: list[subprocess.Popen] = field(default_factory=list)

    def cleanup(self) -> list[str]:
        problems = []
        for api in self.apis:
            if api.poll() is None:
                api.terminate()  # uvicorn shuts down on SIGTERM
                try:
                    api.wait(15)
                except subprocess.TimeoutExpired:
                    api.kill()
                    api.wait(5)
        try:
            embedded.stop(self.home)  # no-op (False) when nothing runs there
        except Exception as error:  # noqa: BLE001 - keep cleaning up
            problems.append(f"stopping the embedded server of {self.home}: {error}")
        # A server still starting has no server.json yet, so stop() does not know it: end it by its command line.
        for proc in self._servers_in_home():
            try:
                proc.terminate()
                proc.wait(10)
            except psutil.TimeoutExpired:
                proc.kill()
            except psutil.Error:
                pass
        if self.server is not None:
            try:
                os.waitpid(self.server.pid, os.WNOHANG)  # our child: reap it
            except ChildProcessError:
                pass
        if leftover := self._servers_in_home():
            problems.append(f"servers still running: pids {[p.pid for p in leftover]}")
        if self.remove_root:
            shutil.rmtree(self.root, ignore_errors=True)
            if self.root.exists():
                problems.append(f"could not remove {self.root}")
        else:  # --home DIR existed (empty): empty it again
            for child in list(self.root.iterdir()) if self.root.exists() else []:
                shutil.rmtree(child, ignore_errors=True) if child.is_dir() else child.unlink(missing_ok=True)
        return problems

    def _servers_in_home(self) -> list[psutil.Process]:
        found = []
        for proc in psutil.process_iter(["cmdline"]):
            cmdline = proc.info["cmdline"] or []
            if "graph.embedded" in cmdline and str(self.home) in cmdline:
                found.append(proc)
        return found


def clean_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_") and k != "INNOGRAPH_API_KEY"}
    env["INNOGRAPH_HOME"] = str(home)
    return env


def tail(path: Path, n: int = 5) -> str:
    try:
        lines = [x for x in path.read_text(errors="replace").splitlines() if x.strip()]
    except OSError:
        return ""
    return " | ".join(lines[-n:])


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# --- 1-2. build, serve --------------------------------------------------------------------------------------------


def start_and_build(res: Resources) -> tuple[float, float]:
    started = time.perf_counter()
    res.server = embedded.start(res.home, heap=HEAP)
    start_s = time.perf_counter() - started
    out, err = res.root / "build.out", res.root / "build.err"
    started = time.perf_counter()
    with open(out, "wb") as o, open(err, "wb") as e:
        try:
            done = subprocess.run(
                [sys.executable, "-m", "innograph", "build"],
                cwd=PROJECT_DIR,
                env=clean_env(res.home),
                stdin=subprocess.DEVNULL,
                stdout=o,
                stderr=e,
                timeout=BUILD_TIMEOUT,
            )
        except subprocess.TimeoutExpired:
            raise BenchmarkError(f"`innograph build` did not finish in {BUILD_TIMEOUT} s") from None
    build_s = time.perf_counter() - started
    if done.returncode != 0:
        raise BenchmarkError(f"`innograph build` exited with {done.returncode}: {tail(err) or tail(out)}")
    if embedded.status(res.home) is None:
        raise BenchmarkError("the embedded server is not running after the build")
    return start_s, build_s


def start_api(res: Resources, name: str, env: dict[str, str], code: Path = PROJECT_DIR) -> tuple[str, subprocess.Popen]:
    port = free_port()
    out, err = res.root / f"serve-{name}.out", res.root / f"serve-{name}.err"
    with open(out, "wb") as o, open(err, "wb") as e:
        api = subprocess.Popen(
            [sys.executable, "-m", "innograph", "serve", "--host", "127.0.0.1", "--port", str(port)],
            cwd=code,  # python -m runs the package found there first
            env={**clean_env(res.home), **env},
            stdin=subprocess.DEVNULL,
            stdout=o,
            stderr=e,
            start_new_session=True,  # Ctrl-C reaches this script only; cleanup() stops the API
        )
    res.apis.append(api)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + SERVE_READY_TIMEOUT
    with httpx.Client(base_url=base, timeout=5) as client:
        while time.monotonic() < deadline:
            if api.poll() is not None:
                raise BenchmarkError(f"`innograph serve` exited with {api.returncode}: {tail(err) or tail(out)}")
            try:
                if client.get("/health").status_code == 200:
                    return base, api
            except httpx.TransportError:
                pass
            time.sleep(0.2)
    raise BenchmarkError(f"the API did not answer /health within {SERVE_READY_TIMEOUT} s: {tail(err)}")


# --- 3. the workloads -----------------------------------------------------------------------------------------------


def biggest_hub(store: Store) -> str:
    """The node with the most relationships (builds and documents aside: nobody browses those)."""
    rows = store.read("MATCH (n)-[r]-() WHERE NOT n:Build AND NOT n:Document "
                      "RETURN n.id AS id, count(r) AS degree ORDER BY degree DESC, id LIMIT 1")
    if not rows:
        raise BenchmarkError("the graph is empty")
    return rows[0]["id"]


@dataclass
class Workload:
    name: str
    urls: list[str]
    direct: Callable[[GraphService, int], object]  # the same work as urls[i], in this process


def workloads(hub: str) -> list[Workload]:
    def around(depth: int) -> Callable[[GraphService, int], object]:
        return lambda service, i: service.neighbours(hub, None, depth, HUB_LIMIT)

    return [
        Workload(f"hub depth 1 ({hub})", [entity_path(hub) + f"/neighbours?depth=1&limit={HUB_LIMIT}"], around(1)),
        Workload(f"hub depth 2 ({hub})", [entity_path(hub) + f"/neighbours?depth=2&limit={HUB_LIMIT}"], around(2)),
        Workload("GET /search?q=", ["/search?" + urlencode({"q": q}) for q in SEARCH_QUERIES],
                 lambda service, i: service.search(SEARCH_QUERIES[i % len(SEARCH_QUERIES)], None, 20)),
        Workload("GET /schemes?limit=100", ["/schemes?limit=100"],
                 lambda service, i: service.entities(Label.SCHEME, None, 100, 0)),
    ]


def entity_path(node_id: str) -> str:
    return "/entities/" + quote(node_id, safe=":")


def warm_up(bases: list[str], loads: list[Workload], service: GraphService) -> list[list[object]]:
    """Every URL once on each API, and each direct call once; checks every answer is 200."""
    rows = []
    for load in loads:
        sizes = []
        for base in bases:
            with httpx.Client(base_url=base, timeout=REQUEST_TIMEOUT) as client:
                for url in load.urls:
                    r = client.get(url)
                    if r.status_code != 200:
                        raise BenchmarkError(f"warm-up: GET {base}{url} gave {r.status_code}: {r.text[:200]}")
                    sizes.append(len(r.content))
        for i in range(len(load.urls)):
            load.direct(service, i)
        rows.append([load.name, len(load.urls), f"{sum(sizes) / len(sizes) / 1024:.0f}", f"{max(sizes) / 1024:.0f}"])
    return rows


# --- 4. concurrent clients ----------------------------------------------------------------------------------------


@dataclass
class Cell:
    way: str
    endpoint: str
    clients: int
    planned: int
    latencies: list[float]
    errors: int
    wall: float
    timed_out: bool  # stopped by --cell-seconds before all requests were sent
    error_samples: list[str]

    def p(self, percent: float) -> float:
        return percentile(self.latencies, percent)

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.wall if self.wall else float("nan")


Call = Callable[[int], str | None]  # does request i; returns why it failed, or None


def http_worker(base: str, load: Workload) -> tuple[Call, Callable[[], None]]:
    client = httpx.Client(base_url=base, timeout=REQUEST_TIMEOUT)
    try:
        client.get("/openapi.json")  # open the keep-alive connection outside the timing
    except httpx.HTTPError:
        pass

    def call(i: int) -> str | None:
        url = load.urls[i % len(load.urls)]
        try:
            r = client.get(url)
            r.read()
        except httpx.HTTPError as error:
            return f"{type(error).__name__} {url}"
        return None if r.status_code == 200 else f"{r.status_code} {url}"

    return call, client.close


def direct_worker(service: GraphService, load: Workload) -> tuple[Call, Callable[[], None]]:
    def call(i: int) -> str | None:
        try:
            load.direct(service, i)
        except Exception as error:  # noqa: BLE001 - counted as an error of the cell
            return f"{type(error).__name__}: {error}"
        return None

    return call, lambda: None


def run_cell(way: str, load: Workload, clients: int, n_requests: int, cell_seconds: float,
             make_worker: Callable[[], tuple[Call, Callable[[], None]]]) -> Cell:
    lock = threading.Lock()
    next_index = 0
    latencies: list[float] = []
    error_samples: list[str] = []
    errors = 0
    clock: dict[str, float] = {}
    stopped_by_time = False

    def go() -> None:
        """Runs once, when every client is ready, before any is released: the cell's clock starts here."""
        clock["deadline"] = time.monotonic() + cell_seconds
        clock["started"] = time.perf_counter()

    barrier = threading.Barrier(clients, action=go)

    def take() -> int | None:
        nonlocal next_index, stopped_by_time
        with lock:
            if next_index >= n_requests:
                return None
            if time.monotonic() > clock["deadline"]:
                stopped_by_time = True
                return None
            next_index += 1
            return next_index - 1

    def client_thread() -> None:
        nonlocal errors
        call, close = make_worker()
        try:
            barrier.wait(timeout=60)
            mine: list[float] = []
            my_errors: list[str] = []
            while (i := take()) is not None:
                started = time.perf_counter()
                why = call(i)
                mine.append(time.perf_counter() - started)
                if why:
                    my_errors.append(why)
            finished = time.perf_counter()
        finally:
            close()
        with lock:
            clock["finished"] = max(finished, clock.get("finished", 0.0))
            latencies.extend(mine)
            errors += len(my_errors)
            error_samples.extend(my_errors[: max(0, 3 - len(error_samples))])

    threads = [threading.Thread(target=client_thread, name=f"client-{k}", daemon=True) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60 + cell_seconds + REQUEST_TIMEOUT + 30)  # bounded: no thread takes work after the deadline
    if any(t.is_alive() for t in threads) or "started" not in clock:
        raise BenchmarkError(f"{way} {load.name} with {clients} clients: a client thread did not finish")
    wall = clock.get("finished", clock["started"]) - clock["started"]  # until the last response was read
    return Cell(way, load.name, clients, n_requests, sorted(latencies), errors, wall,
                stopped_by_time and len(latencies) < n_requests, error_samples)


def cell_order(level: int) -> list[str]:
    """The ways in the order their cells run at one level: "API before" last (its heavy queries leave the store
    busy collecting garbage for a while), and "API uncached" and "direct" taking turns to go first, so that neither
    always follows the other."""
    ways = [w for w in WAYS if w != "API before"]
    if level % 2:
        ways[ways.index("API uncached")], ways[ways.index("direct")] = "direct", "API uncached"
    return ways + [w for w in WAYS if w == "API before"]


def side_by_side(cells: dict[tuple[str, str, int], Cell], loads: list[Workload], levels: list[int]) -> str:
    rows = []
    for load in loads:
        for clients in levels:
            row: list[object] = [load.name, clients]
            for way in WAYS:
                c = cells[(way, load.name, clients)]
                flag = "*" if c.timed_out else ""
                row += [f"{ms(c.p(50))} / {ms(c.p(99))}", f"{c.rate:.0f}{flag}"]
            uncached, direct = cells[("API uncached", load.name, clients)], cells[("direct", load.name, clients)]
            row += [f"{uncached.p(50) / direct.p(50):.2f}", f"{uncached.p(99) / direct.p(99):.2f}"]
            rows.append(row)
    headers = ["workload", "clients"]
    for way in WAYS:
        headers += [f"{way} p50/p99 ms", "req/s"]
    return table(headers + ["uncached/direct p50", "p99"], rows)


# --- main ---------------------------------------------------------------------------------------------------------


def parse_clients(text: str) -> list[int]:
    try:
        values = [int(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a comma-separated list of integers: {text!r}") from None
    if not values or min(values) < 1 or max(values) > 256:
        raise argparse.ArgumentTypeError("client counts must be between 1 and 256")
    return values


def prepare_home(arg: Path | None) -> Resources:
    if arg is None:
        root = Path(tempfile.mkdtemp(prefix="innograph-bench-api-")).resolve()
        return Resources(root=root, home=root / "home", remove_root=True)
    home = arg.expanduser().resolve()
    if home.exists() and (not home.is_dir() or any(home.iterdir())):
        raise BenchmarkError(f"--home {home}: must be a new or empty folder (the benchmark builds into it and "
                             f"empties it at the end)")
    created = not home.exists()
    home.mkdir(parents=True, exist_ok=True)
    # build/serve logs go next to the home's files; the home itself is the root that is emptied or removed
    return Resources(root=home, home=home, remove_root=created)


def machine_facts(args: argparse.Namespace) -> None:
    print_machine("API benchmark", [
        ["versions", ", ".join(f"{d} {version(d)}" for d in ("fastapi", "uvicorn", "uvloop", "httptools", "orjson",
                                                              "httpx", "neo4j", "arcadedb-embedded"))],
        ["settings", f"--clients {','.join(map(str, args.clients))} --requests {args.requests} "
                     f"--cell-seconds {args.cell_seconds:g}; server heap {HEAP}; one uvicorn worker per API"],
    ])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=parse_clients, default=[1, 8, 32],
                        help="concurrency levels, comma-separated (default 1,8,32)")
    parser.add_argument("--requests", type=int, default=400, help="requests per cell (default 400)")
    parser.add_argument("--cell-seconds", type=float, default=15,
                        help="time limit per cell: no new request after it (default 15)")
    parser.add_argument("--before", type=Path, default=None,
                        help="a checkout of the code to compare with (e.g. `git archive main | tar -x -C DIR`): its "
                             "`innograph serve` is measured too, as \"API before\", in the same run")
    parser.add_argument("--home", type=Path, default=None,
                        help="INNOGRAPH_HOME to build into, instead of a new temporary folder (must be new or empty; "
                             "emptied or removed at the end)")
    args = parser.parse_args(argv)
    if not 1 <= args.requests <= 100_000:
        parser.error("--requests must be between 1 and 100000")
    if not 1 <= args.cell_seconds <= 600:
        parser.error("--cell-seconds must be between 1 and 600")

    # SIGTERM (e.g. a CI timeout) becomes SystemExit, so the finally below still stops what was started.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    began = time.perf_counter()
    status = 0
    res: Resources | None = None
    other: OtherLoad | None = None
    problems: list[str] = []
    try:
        machine_facts(args)
        res = prepare_home(args.home)
        res.home.mkdir(exist_ok=True)
        start_s, build_s = start_and_build(res)
        assert res.server is not None
        cached_base, cached_api = start_api(res, "cached", {})
        uncached_base, uncached_api = start_api(res, "uncached", {"INNOGRAPH_API_CACHE_BYTES": "0"})
        bases = {"API cached": cached_base, "API uncached": uncached_base}
        if args.before is not None:
            bases["API before"], before_api = start_api(res, "before", {}, code=args.before.resolve())
            WAYS.insert(0, "API before")
        section("1. Setup")
        print(table(["step", "seconds"], [["graph.embedded.start(home)", f"{start_s:.1f}"],
                                          ["python -m innograph build (into the running server)", f"{build_s:.1f}"]]))
        pids = {"API cached": cached_api.pid, "API uncached": uncached_api.pid, "embedded server": res.server.pid,
                "this process (direct)": os.getpid()}
        if args.before is not None:
            pids["API before"] = before_api.pid
        rest = {name: rss(pid) for name, pid in pids.items()}

        with Store.connect(settings_for_server(res.server)) as store:
            service = GraphService(store)
            loads = workloads(biggest_hub(store))
            section("2. Workloads (warm-up: every URL once on each API, each direct call once)")
            warm = warm_up(list(bases.values()), loads, service)
            print(table(["workload", "URLs", "mean KB", "max KB"], warm))

            section("3. Concurrent clients: threads, one keep-alive httpx.Client each (127.0.0.1), or direct calls")
            makers = {way: (lambda load, base=base: (lambda: http_worker(base, load))) for way, base in bases.items()}
            makers["direct"] = lambda load: (lambda: direct_worker(service, load))
            ours = set(pids.values())
            other = OtherLoad(lambda: ours)
            cells: dict[tuple[str, str, int], Cell] = {}
            procs = {name: psutil.Process(pid) for name, pid in pids.items()}
            with RssSampler({name: (lambda p=proc: [p]) for name, proc in procs.items()}) as sampler, other:
                for load in loads:
                    for level, clients in enumerate(args.clients):
                        for way in cell_order(level):
                            cell = run_cell(way, load, clients, args.requests, args.cell_seconds, makers[way](load))
                            cells[(way, load.name, clients)] = cell
                            print(f"  ... {way}, {load.name}, {clients} clients: {len(cell.latencies)} requests in "
                                  f"{cell.wall:.1f} s", flush=True)
        print()
        print(side_by_side(cells, loads, args.clients))
        print("  (* stopped by --cell-seconds before all requests were sent)")
        for c in cells.values():
            if c.error_samples:
                print(f"  errors in {c.way} {c.endpoint} with {c.clients} clients, e.g.: {'; '.join(c.error_samples)}")
                status = 1

        section("4. Memory (RSS)")
        print(table(["process", "at rest (before the cells)", "peak during the cells (0.2 s)", "VmHWM"],
                    [[name, mib(rest[name]), mib(sampler.peak[name]), mib(vm_hwm(pid))] for name, pid in pids.items()]))
    except (BenchmarkError, embedded.EmbeddedServerError) as error:
        print(f"\nbench_api: {error}", file=sys.stderr)
        status = 1
    except (KeyboardInterrupt, SystemExit) as stop:
        print("\nbench_api: interrupted; stopping the APIs and the server, removing temporary folders",
              file=sys.stderr)
        status = stop.code if isinstance(stop, SystemExit) and isinstance(stop.code, int) else 130
    finally:
        if res is not None:
            problems = res.cleanup()
            for problem in problems:
                print(f"bench_api: cleanup: {problem}", file=sys.stderr)
            status = status or (1 if problems else 0)
    total = time.perf_counter() - began
    where = res.root if res is not None else "nothing"
    cleaned = "cleanup incomplete (see above)" if problems else f"APIs and server stopped, {where} cleaned up"
    print(f"\ntotal benchmark time {total:.0f} s; {cleaned}")
    if other is not None and other.elapsed:
        print(f"while the cells ran ({other.elapsed:.0f} s), other processes on this machine used at least "
              f"{other.seconds:.0f} CPU-seconds (on average {other.seconds / other.elapsed:.2f} of {os.cpu_count()} "
              f"CPUs); with more than ~0.1, expect noise")
    return status


if __name__ == "__main__":
    sys.exit(main())
