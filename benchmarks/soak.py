"""Soak: many clients on mixed endpoints while runaway queries run and the store is killed once.

    .venv/bin/python benchmarks/soak.py [--clients 32] [--seconds 60] [--runaways 6] [--kill-at 20] [--only PREFIXES]

What it does (all traffic on 127.0.0.1, bounded in time; everything it starts is stopped at the end):

1. Builds the bundled corpus into a fresh embedded server in a temporary folder and starts `innograph serve`
   on a free port (the set-up of bench_api.py).
2. For --seconds: --clients threads, each with its own keep-alive client, cycle through a mix of ordinary requests
   (/health, /search, /entities/{id}, depth-1 neighbourhoods, /funding, /questions, a small POST /cypher), waiting
   after an error as long as its Retry-After asks (at most 5 s), as a well-behaved client does; --runaways threads
   keep sending a runaway POST /cypher (a variable-length path count with timeout 5 s); a probe asks /health every
   0.1 s; at --kill-at seconds the embedded server is killed with SIGKILL.
3. Prints, per endpoint and per phase (before the kill / from the kill until the probe gets 200 again / after),
   the requests, p50/p99 and answers by kind, then the time the API took to notice the kill (the probe's first
   503) and to recover (its first 200 after that).

What it expects, and exit status 1 otherwise: ordinary requests never fail before the kill or after the recovery;
during the outage (from the kill, requests in flight included, until /health is 200 again) they fail only with 503
(JSON); runaway queries end in 400 (time limit), any POST /cypher may be told 429 (busy); nothing is ever a 500
or a non-JSON error; the service recovers within --recover-limit seconds.
"""

from __future__ import annotations

import argparse
import os
import signal
import sys
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

PROJECT_DIR = Path(__file__).resolve().parent.parent
if str(PROJECT_DIR) not in sys.path:
    sys.path.insert(0, str(PROJECT_DIR))

import httpx  # noqa: E402

from benchmarks.bench_api import (  # noqa: E402
    entity_path,
    percentile,
    pick_ids,
    prepare_home,
    start_and_build,
    start_api,
)
from benchmarks.common import BenchmarkError, OtherLoad, print_machine, section, table, version  # noqa: E402
from graph import embedded  # noqa: E402

RUNAWAY = {"query": "MATCH p = (a)-[*1..12]-(b) RETURN count(p) AS paths", "timeout": 5}
SMALL_CYPHER = {"query": "MATCH (s:Scheme) RETURN s.id AS id, s.name AS name ORDER BY id LIMIT 5"}
REQUEST_TIMEOUT = 40.0  # s: longer than any query may run, so a timeout here is a hang worth reporting
MAX_BACK_OFF_S = 5.0  # the longest a client waits after an error, whatever Retry-After says
PROBE = "GET /health (probe)"
PROBE_EVERY_S = 0.1
PHASES = ("before the kill", "outage", "after recovery", "no kill")


@dataclass
class Outcome:
    endpoint: str
    started: float  # monotonic
    seconds: float
    kind: str  # "200", "503", "429", "400", "500 (not JSON)", "ConnectError", …


@dataclass
class Timeline:
    began: float
    killed_at: float | None = None
    killed_pid: int | None = None
    outcomes: list[Outcome] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, outcome: Outcome) -> None:
        with self.lock:
            self.outcomes.append(outcome)


def ordinary_requests(ids: list[str]) -> list[tuple[str, str, str, dict | None]]:
    """(endpoint name, method, url, json body) in the order clients cycle through them."""
    some = ids[:8]
    requests = [("GET /health", "GET", "/health", None)]
    requests += [("GET /search", "GET", "/search?" + urlencode({"q": q}), None) for q in ("港投", "AI", "創新")]
    requests += [("GET /entities/{id}", "GET", entity_path(i), None) for i in some]
    requests += [("GET neighbours depth 1", "GET", entity_path(i) + "/neighbours?depth=1", None) for i in some[:4]]
    requests += [("GET /funding", "GET", "/funding?" + urlencode({"entity": i}), None) for i in some[:2]]
    requests += [("GET /questions", "GET", "/questions?limit=20", None)]
    requests += [("POST /cypher (small)", "POST", "/cypher", SMALL_CYPHER)]
    return requests


def send(client: httpx.Client, method: str, url: str, body: dict | None) -> tuple[str, float]:
    """The kind of answer ("200", "503", "500 (not JSON)", "ConnectError" …) and the seconds its Retry-After asks
    for (0 when it has none)."""
    try:
        r = client.request(method, url, json=body)
        r.read()
    except httpx.HTTPError as error:
        return type(error).__name__, 0.0
    is_json = r.headers.get("content-type", "").startswith("application/json")
    kind = str(r.status_code) if is_json or r.status_code == 200 else f"{r.status_code} (not JSON)"
    try:
        retry_after = float(r.headers.get("retry-after", 0))
    except ValueError:
        retry_after = 0.0
    return kind, retry_after


def client_loop(base: str, requests: list, offset: int, timeline: Timeline, deadline: float) -> None:
    """One client cycling through the mix; like a well-behaved client it waits as long as Retry-After asks (at
    most MAX_BACK_OFF_S), so that 32 clients do not spin on 503s while the store restarts."""
    with httpx.Client(base_url=base, timeout=REQUEST_TIMEOUT) as client:
        i = offset
        while time.monotonic() < deadline:
            name, method, url, body = requests[i % len(requests)]
            i += 1
            started = time.monotonic()
            kind, retry_after = send(client, method, url, body)
            timeline.add(Outcome(name, started, time.monotonic() - started, kind))
            if kind != "200":
                time.sleep(min(max(retry_after, 0.05), MAX_BACK_OFF_S))


def runaway_loop(base: str, timeline: Timeline, deadline: float) -> None:
    with httpx.Client(base_url=base, timeout=REQUEST_TIMEOUT) as client:
        while time.monotonic() < deadline:
            started = time.monotonic()
            kind, retry_after = send(client, "POST", "/cypher", RUNAWAY)
            timeline.add(Outcome("POST /cypher (runaway)", started, time.monotonic() - started, kind))
            if kind != "400":
                time.sleep(min(max(retry_after, 0.05), MAX_BACK_OFF_S))


def health_probe(base: str, timeline: Timeline, deadline: float) -> None:
    """/health every PROBE_EVERY_S s whatever it answers: the times to notice the kill and to recover come from
    it, not from clients that are backing off."""
    with httpx.Client(base_url=base, timeout=REQUEST_TIMEOUT) as client:
        while time.monotonic() < deadline:
            started = time.monotonic()
            kind, _ = send(client, "GET", "/health", None)
            timeline.add(Outcome(PROBE, started, time.monotonic() - started, kind))
            time.sleep(PROBE_EVERY_S)


def killer(home: Path, timeline: Timeline, at: float) -> None:
    time.sleep(max(0.0, timeline.began + at - time.monotonic()))
    info = embedded.status(home)
    if info is None:
        print("  soak: no embedded server to kill", file=sys.stderr)
        return
    os.kill(info.pid, signal.SIGKILL)
    timeline.killed_at, timeline.killed_pid = time.monotonic(), info.pid


def recovery(timeline: Timeline) -> tuple[float | None, float | None]:
    """Seconds from the kill to the probe's first 503, and to its first 200 after that."""
    if timeline.killed_at is None:
        return None, None
    probes = sorted((o for o in timeline.outcomes if o.endpoint == PROBE and o.started >= timeline.killed_at),
                    key=lambda o: o.started)
    first_503 = next((o for o in probes if o.kind == "503"), None)
    if first_503 is None:
        return None, None
    back = next((o for o in probes if o.kind == "200" and o.started >= first_503.started), None)
    noticed = first_503.started + first_503.seconds - timeline.killed_at
    return noticed, (back.started + back.seconds - timeline.killed_at) if back else None


def phase_of(o: Outcome, timeline: Timeline, recovered_at: float | None) -> str:
    """By when the answer came: a request in flight when the server died belongs to the outage."""
    if timeline.killed_at is None:
        return "no kill"
    if o.started + o.seconds < timeline.killed_at:
        return PHASES[0]
    if recovered_at is None or o.started < recovered_at:
        return PHASES[1]
    return PHASES[2]


def unexpected(o: Outcome, phase: str) -> bool:
    """Runaways end in 400 (stopped at their time limit); every user query may be told 429 (busy: the runaways hold
    the slots of POST /cypher, which is the point of the limit)."""
    if o.endpoint.startswith("POST /cypher") and o.kind == "429":
        return False
    if o.endpoint == "POST /cypher (runaway)":
        return o.kind not in ("400", "503") or (phase != PHASES[1] and o.kind == "503")
    if phase == PHASES[1]:
        return o.kind not in ("200", "503")
    return o.kind != "200"


def report(timeline: Timeline, recover_limit: float) -> int:
    noticed, recovered = recovery(timeline)
    recovered_at = timeline.killed_at + recovered if timeline.killed_at and recovered else None
    groups: dict[tuple[str, str], list[Outcome]] = defaultdict(list)
    for o in timeline.outcomes:
        groups[(o.endpoint, phase_of(o, timeline, recovered_at))].append(o)
    rows, bad = [], Counter()
    for (endpoint, phase), outcomes in sorted(groups.items(), key=lambda kv: (kv[0][0], PHASES.index(kv[0][1]))):
        times = sorted(o.seconds for o in outcomes)
        kinds = Counter(o.kind for o in outcomes)
        kinds_text = ", ".join(f"{k}: {n}" for k, n in sorted(kinds.items()))
        rows.append([endpoint, phase, len(outcomes), f"{percentile(times, 50) * 1000:.0f}",
                     f"{percentile(times, 99) * 1000:.0f}", kinds_text])
        for o in outcomes:
            if unexpected(o, phase):
                bad[(endpoint, phase, o.kind)] += 1
    print(table(["endpoint", "phase", "requests", "p50 ms", "p99 ms", "answers by kind"], rows, right_from=2))
    section("Recovery")
    print(f"  server killed at {timeline.killed_at - timeline.began:.1f} s (pid {timeline.killed_pid})"
          if timeline.killed_at else "  the server was not killed")
    if timeline.killed_at is not None:
        print(f"  first 503 seen {noticed:.2f} s after the kill" if noticed is not None else "  no 503 was seen")
        print(f"  /health 200 again {recovered:.2f} s after the kill" if recovered is not None
              else "  /health did not answer 200 again before the end")
    status = 0
    if bad:
        print("  unexpected answers: " + "; ".join(f"{e} ({p}): {k} x{n}" for (e, p, k), n in bad.items()))
        status = 1
    if timeline.killed_at is not None and (recovered is None or recovered > recover_limit):
        print(f"  the service did not recover within {recover_limit:g} s")
        status = 1
    return status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=32, help="ordinary clients (default 32)")
    parser.add_argument("--runaways", type=int, default=6, help="clients sending runaway queries (default 6)")
    parser.add_argument("--seconds", type=float, default=60, help="how long the clients run (default 60)")
    parser.add_argument("--kill-at", type=float, default=20, help="SIGKILL the store after this many seconds; "
                        "a negative value never kills it (default 20)")
    parser.add_argument("--recover-limit", type=float, default=20, help="seconds the service may take to recover")
    parser.add_argument("--only", default="", help="comma-separated starts of endpoint names: the ordinary clients "
                        "send only those (e.g. 'GET /entities' to measure one endpoint beside the runaways)")
    args = parser.parse_args(argv)
    if not (1 <= args.clients <= 256 and 0 <= args.runaways <= 64 and 5 <= args.seconds <= 600):
        parser.error("--clients 1..256, --runaways 0..64, --seconds 5..600")

    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    print_machine("soak", [
        ["versions", ", ".join(f"{d} {version(d)}" for d in ("fastapi", "uvicorn", "neo4j", "arcadedb-embedded"))],
        ["settings", f"--clients {args.clients} --runaways {args.runaways} --seconds {args.seconds:g} "
                     f"--kill-at {args.kill_at:g}; one uvicorn worker"],
    ])
    status, res = 0, None
    try:
        res = prepare_home(None)
        res.home.mkdir(exist_ok=True)
        start_and_build(res)
        base, _ = start_api(res)
        with httpx.Client(base_url=base, timeout=REQUEST_TIMEOUT) as client:
            requests = ordinary_requests(pick_ids(client))
        if wanted := [w.strip() for w in args.only.split(",") if w.strip()]:
            requests = [r for r in requests if any(r[0].startswith(w) for w in wanted)]
            if not requests:
                raise BenchmarkError(f"--only {args.only!r} matches no endpoint of the mix")
        section(f"Soak: {args.clients} clients on {len(requests)} requests, {args.runaways} runaway queries, "
                f"{args.seconds:g} s, store killed at {args.kill_at:g} s")
        timeline = Timeline(began=time.monotonic())
        deadline = timeline.began + args.seconds
        threads = [threading.Thread(target=client_loop, args=(base, requests, k, timeline, deadline), daemon=True)
                   for k in range(args.clients)]
        threads += [threading.Thread(target=runaway_loop, args=(base, timeline, deadline), daemon=True)
                    for _ in range(args.runaways)]
        threads.append(threading.Thread(target=health_probe, args=(base, timeline, deadline), daemon=True))
        if args.kill_at >= 0:
            threads.append(threading.Thread(target=killer, args=(res.home, timeline, args.kill_at), daemon=True))
        ours = {os.getpid(), res.api.pid}
        with OtherLoad(lambda: ours | {p.pid for p in res._servers_in_home()}) as other:
            for t in threads:
                t.start()
            for t in threads:
                t.join(args.seconds + REQUEST_TIMEOUT + 30)
        if any(t.is_alive() for t in threads):
            raise BenchmarkError("a client thread did not finish")
        status = report(timeline, args.recover_limit)
        print(f"  {len(timeline.outcomes)} requests in {args.seconds:g} s; other processes on this machine used at "
              f"least {other.seconds:.0f} CPU-seconds meanwhile")
    except (BenchmarkError, embedded.EmbeddedServerError) as error:
        print(f"\nsoak: {error}", file=sys.stderr)
        status = 1
    except (KeyboardInterrupt, SystemExit) as stop:
        status = stop.code if isinstance(stop, SystemExit) and isinstance(stop.code, int) else 130
    finally:
        if res is not None:
            for problem in res.cleanup():
                print(f"soak: cleanup: {problem}", file=sys.stderr)
                status = status or 1
    return status


if __name__ == "__main__":
    sys.exit(main())
