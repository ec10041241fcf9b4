"""Benchmark of the HTTP API under concurrent clients: latency percentiles, throughput, errors, memory.

    .venv/bin/python benchmarks/bench_api.py [--clients 1,4,16] [--requests 400] [--home DIR]

What it does (benchmarks/README.md, "API latency", says what each number means):

1. Starts an embedded server with graph.embedded.start(HOME) in a fresh INNOGRAPH_HOME (a new temporary folder, or
   --home DIR) and builds the bundled corpus into it with `python -m innograph build` (a subprocess, NEO4J_* removed
   from its environment), so the server stays up after the build.
2. Starts `python -m innograph serve --host 127.0.0.1 --port <free port>` against that home, and waits for /health.
3. Takes real ids from /schemes, /institutions, /departments and /legislators, then sends every request of the
   mixes once, one at a time (warm-up: the search index is built on the first /search, the JVM compiles the queries).
4. For each endpoint and each concurrency level C: R requests (--requests) from C threads, each with its own
   keep-alive httpx.Client, on 127.0.0.1 only, taking the next request of the mix until R are sent or the time
   limit of the cell (--cell-seconds) has passed. Endpoints: GET /search?q= (CJK and Latin, exact, prefix and
   contains), GET /entities/{id}, GET /entities/{id}/neighbours?depth=1 and ?depth=2.
5. Prints one table (p50/p90/p99/max ms, req/s, errors, CPU-seconds of the API, the database and this process) and
   the RSS of the API process and the embedded server (at rest, sampled peak, VmHWM).

Everything it starts (the embedded server, the API process) is stopped, and the temporary folder removed, also on
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
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

PROJECT_DIR = Path(__file__).resolve().parent.parent
if str(PROJECT_DIR) not in sys.path:
    sys.path.insert(0, str(PROJECT_DIR))  # the project this file belongs to, not whatever is installed

import httpx  # noqa: E402
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
# Ids per list: the most mentioned few (the largest neighbourhoods) and a spread over the rest of the list.
ID_SOURCES = {"/schemes": 6, "/institutions": 6, "/departments": 5, "/legislators": 5}


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


def cpu_seconds(pid: int) -> float:
    try:
        t = psutil.Process(pid).cpu_times()
        return t.user + t.system
    except psutil.Error:
        return 0.0


# --- resources: home, embedded server, API process; all released in cleanup() -------------------------------------


@dataclass
class Resources:
    root: Path  # removed at the end (the temporary folder, or --home DIR when this run created it)
    home: Path
    remove_root: bool = True
    server: embedded.ServerInfo | None = None
    api: subprocess.Popen | None = None

    def cleanup(self) -> list[str]:
        problems = []
        if self.api is not None and self.api.poll() is None:
            self.api.terminate()  # uvicorn shuts down on SIGTERM
            try:
                self.api.wait(15)
            except subprocess.TimeoutExpired:
                self.api.kill()
                self.api.wait(5)
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


def start_api(res: Resources) -> tuple[str, float]:
    port = free_port()
    out, err = res.root / "serve.out", res.root / "serve.err"
    started = time.perf_counter()
    with open(out, "wb") as o, open(err, "wb") as e:
        res.api = subprocess.Popen(
            [sys.executable, "-m", "innograph", "serve", "--host", "127.0.0.1", "--port", str(port)],
            cwd=PROJECT_DIR,
            env=clean_env(res.home),
            stdin=subprocess.DEVNULL,
            stdout=o,
            stderr=e,
            start_new_session=True,  # Ctrl-C reaches this script only; cleanup() stops the API
        )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + SERVE_READY_TIMEOUT
    with httpx.Client(base_url=base, timeout=5) as client:
        while time.monotonic() < deadline:
            if res.api.poll() is not None:
                raise BenchmarkError(f"`innograph serve` exited with {res.api.returncode}: {tail(err) or tail(out)}")
            try:
                if client.get("/health").status_code == 200:
                    return base, time.perf_counter() - started
            except httpx.TransportError:
                pass
            time.sleep(0.2)
    raise BenchmarkError(f"the API did not answer /health within {SERVE_READY_TIMEOUT} s: {tail(err)}")


# --- 3. the request mixes -----------------------------------------------------------------------------------------


def spread(items: list[str], n: int) -> list[str]:
    """The first half of n from the top of the list, the rest evenly over the remainder (deterministic)."""
    if len(items) <= n:
        return items
    top = n - n // 2
    rest = items[top:]
    k = n - top
    return items[:top] + [rest[(i * (len(rest) - 1)) // max(k - 1, 1)] for i in range(k)]


def pick_ids(client: httpx.Client) -> list[str]:
    ids: list[str] = []
    for path, n in ID_SOURCES.items():
        r = client.get(path, params={"limit": 500})
        if r.status_code != 200:
            raise BenchmarkError(f"GET {path} gave {r.status_code}: {r.text[:200]}")
        items = [item["id"] for item in r.json()["items"]]
        if not items:
            raise BenchmarkError(f"GET {path} listed nothing: is the graph empty?")
        ids += spread(items, n)
    return ids


def entity_path(node_id: str) -> str:
    return "/entities/" + quote(node_id, safe=":")


@dataclass
class Workload:
    name: str
    urls: list[str]


def workloads(ids: list[str]) -> list[Workload]:
    return [
        Workload("GET /search?q=", ["/search?" + urlencode({"q": q}) for q in SEARCH_QUERIES]),
        Workload("GET /entities/{id}", [entity_path(i) for i in ids]),
        Workload("GET /entities/{id}/neighbours?depth=1", [entity_path(i) + "/neighbours?depth=1" for i in ids]),
        Workload("GET /entities/{id}/neighbours?depth=2", [entity_path(i) + "/neighbours?depth=2" for i in ids]),
    ]


def warm_up(base: str, loads: list[Workload]) -> list[list[object]]:
    """Every URL once, one at a time; returns a summary row per workload, and checks every answer is 200."""
    rows = []
    with httpx.Client(base_url=base, timeout=REQUEST_TIMEOUT) as client:
        for load in loads:
            times, sizes, nbytes, first = [], [], [], None
            for url in load.urls:
                started = time.perf_counter()
                r = client.get(url)
                elapsed = time.perf_counter() - started
                if r.status_code != 200:
                    raise BenchmarkError(f"warm-up: GET {url} gave {r.status_code}: {r.text[:200]}")
                first = elapsed if first is None else first
                times.append(elapsed)
                nbytes.append(len(r.content))
                body = r.json()
                sizes.append(len(body["hits"]) if "hits" in body else len(body.get("nodes", body.get("sources", []))))
            rest = sorted(times[1:]) or times
            rows.append([load.name, len(load.urls), ms(first), ms(percentile(rest, 50)), ms(rest[-1]),
                         f"{min(sizes)}-{max(sizes)}", f"{sum(nbytes) / len(nbytes) / 1024:.0f}",
                         f"{max(nbytes) / 1024:.0f}"])
    return rows


# --- 4. concurrent clients ----------------------------------------------------------------------------------------


@dataclass
class Cell:
    endpoint: str
    clients: int
    planned: int
    latencies: list[float]
    errors: int
    wall: float
    timed_out: bool  # stopped by --cell-seconds before all requests were sent
    cpu_api: float
    cpu_db: float
    cpu_self: float
    error_samples: list[str]


def run_cell(base: str, load: Workload, clients: int, n_requests: int, cell_seconds: float,
             api_pid: int, db_pid: int) -> Cell:
    lock = threading.Lock()
    next_index = 0
    latencies: list[float] = []
    errors = 0
    error_samples: list[str] = []
    clock: dict[str, float] = {}
    stopped_by_time = False

    def go() -> None:
        """Runs once, when every client is connected, before any is released: the cell's clock starts here."""
        clock["cpu_api"], clock["cpu_db"], clock["cpu_self"] = (
            cpu_seconds(api_pid), cpu_seconds(db_pid), cpu_seconds(os.getpid()))
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
            i = next_index
            next_index += 1
            return i

    def client_thread() -> None:
        nonlocal errors
        with httpx.Client(base_url=base, timeout=REQUEST_TIMEOUT) as client:
            try:
                client.get("/openapi.json")  # open the keep-alive connection outside the timing
            except httpx.HTTPError:
                pass
            barrier.wait(timeout=60)
            mine: list[float] = []
            my_errors: list[str] = []
            while (i := take()) is not None:
                url = load.urls[i % len(load.urls)]
                started = time.perf_counter()
                try:
                    r = client.get(url)
                    r.read()
                    ok = r.status_code == 200
                    why = f"{r.status_code} {url}"
                except httpx.HTTPError as error:
                    ok, why = False, f"{type(error).__name__} {url}"
                mine.append(time.perf_counter() - started)
                if not ok:
                    my_errors.append(why)
            finished = time.perf_counter()
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
        raise BenchmarkError(f"{load.name} with {clients} clients: a client thread did not finish")
    wall = clock.get("finished", clock["started"]) - clock["started"]  # until the last response was read
    return Cell(load.name, clients, n_requests, sorted(latencies), errors, wall,
                stopped_by_time and len(latencies) < n_requests,
                cpu_seconds(api_pid) - clock["cpu_api"], cpu_seconds(db_pid) - clock["cpu_db"],
                cpu_seconds(os.getpid()) - clock["cpu_self"], error_samples)


def cell_row(c: Cell) -> list[object]:
    lat = c.latencies
    done = len(lat)
    count = f"{done}" + (f" of {c.planned} (time limit)" if c.timed_out else "")
    return [
        c.endpoint,
        c.clients,
        count,
        ms(percentile(lat, 50)),
        ms(percentile(lat, 90)),
        ms(percentile(lat, 99)),
        ms(lat[-1]) if lat else "-",
        f"{done / c.wall:.1f}" if c.wall else "-",
        c.errors,
        f"{c.cpu_api:.1f} / {c.cpu_db:.1f} / {c.cpu_self:.1f}",
    ]


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
        ["versions", ", ".join(f"{d} {version(d)}" for d in ("fastapi", "uvicorn", "httpx", "neo4j",
                                                              "arcadedb-embedded"))],
        ["settings", f"--clients {','.join(map(str, args.clients))} --requests {args.requests} "
                     f"--cell-seconds {args.cell_seconds:g}; server heap {HEAP}; one uvicorn worker"],
    ])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=parse_clients, default=[1, 4, 16],
                        help="concurrency levels, comma-separated (default 1,4,16)")
    parser.add_argument("--requests", type=int, default=400, help="requests per endpoint and level (default 400)")
    parser.add_argument("--cell-seconds", type=float, default=15,
                        help="time limit per endpoint and level: no new request after it (default 15)")
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
        base, serve_s = start_api(res)
        assert res.server is not None and res.api is not None
        api_pid, db_pid = res.api.pid, res.server.pid
        section("1. Setup")
        print(table(["step", "seconds"], [
            ["graph.embedded.start(home)", f"{start_s:.1f}"],
            ["python -m innograph build (into the running server)", f"{build_s:.1f}"],
            ["python -m innograph serve, until /health answers", f"{serve_s:.1f}"],
        ]))
        rest = {"API process": rss(api_pid), "embedded server": rss(db_pid)}

        with httpx.Client(base_url=base, timeout=REQUEST_TIMEOUT) as client:
            ids = pick_ids(client)
        loads = workloads(ids)
        section(f"2. Request mixes (each cell cycles through its list; {len(ids)} ids from "
                f"{', '.join(f'{p} ({n})' for p, n in ID_SOURCES.items())})")
        print(f"  ids: {', '.join(ids)}")
        print(f"  search: {', '.join(SEARCH_QUERIES)}")
        warm = warm_up(base, loads)
        print(table(["warm-up: every URL once, sequentially", "URLs", "1st ms", "median ms", "max ms",
                     "hits / nodes / sources", "mean KB", "max KB"], warm))

        section("3. Concurrent clients (threads, one keep-alive httpx.Client each, 127.0.0.1)")
        ours = {os.getpid(), api_pid, db_pid}
        other = OtherLoad(lambda: ours)
        cells: list[Cell] = []
        processes = {"API process": psutil.Process(api_pid), "embedded server": psutil.Process(db_pid)}
        with RssSampler({name: (lambda p=proc: [p]) for name, proc in processes.items()}) as sampler, other:
            for load in loads:
                for clients in args.clients:
                    cell = run_cell(base, load, clients, args.requests, args.cell_seconds, api_pid, db_pid)
                    cells.append(cell)
                    print(f"  ... {load.name}, {clients} clients: {len(cell.latencies)} requests in "
                          f"{cell.wall:.1f} s", flush=True)
        print()
        print(table(["endpoint", "clients", "requests", "p50 ms", "p90 ms", "p99 ms", "max ms", "req/s", "errors",
                     "CPU s api / db / bench"], [cell_row(c) for c in cells]))
        for c in cells:
            if c.error_samples:
                print(f"  errors in {c.endpoint} with {c.clients} clients, e.g.: {'; '.join(c.error_samples)}")
                status = 1

        section("4. Memory (RSS)")
        after = {"API process": rss(api_pid), "embedded server": rss(db_pid)}
        hwm = {"API process": vm_hwm(api_pid), "embedded server": vm_hwm(db_pid)}
        print(table(["process", "at rest (before any request)", "peak during the cells (0.2 s)",
                     "at the end", "VmHWM"],
                    [[name, mib(rest[name]), mib(sampler.peak[name]), mib(after[name]), mib(hwm[name])]
                     for name in rest]))
    except BenchmarkError as error:
        print(f"\nbench_api: {error}", file=sys.stderr)
        status = 1
    except embedded.EmbeddedServerError as error:
        print(f"\nbench_api: {error}", file=sys.stderr)
        status = 1
    except (KeyboardInterrupt, SystemExit) as stop:
        print("\nbench_api: interrupted; stopping the API and the server, removing temporary folders",
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
    cleaned = "cleanup incomplete (see above)" if problems else f"API and server stopped, {where} cleaned up"
    print(f"\ntotal benchmark time {total:.0f} s; {cleaned}")
    if other is not None and other.elapsed:
        print(f"while the cells ran ({other.elapsed:.0f} s), other processes on this machine used at least "
              f"{other.seconds:.0f} CPU-seconds (on average {other.seconds / other.elapsed:.2f} of {os.cpu_count()} "
              f"CPUs); with more than ~0.1, expect noise")
    return status


if __name__ == "__main__":
    sys.exit(main())
