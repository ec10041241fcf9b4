"""Benchmark of an MCP tool call against the same HTTP API call: latency side by side, paired, and answer sizes.

    .venv/bin/python benchmarks/bench_mcp.py [--rounds 20]

What it does:

1. Builds the bundled corpus into a fresh embedded server in a temporary folder and starts `innograph serve` on a
   free port (bench_api.py's steps, reused).
2. Starts `python -m innograph mcp` over stdio against the same home with the MCP SDK's client (as an agent would;
   the time to the first answer is printed), and one keep-alive httpx.AsyncClient on the API.
3. Sends each call once both ways to warm up (the search index and the passage index are built on first use),
   then --rounds rounds: in each, every call once over MCP and once over HTTP, in alternating order, one at a time.
   The same arguments both ways (the MCP defaults differ from the API's: each call states its limits).
4. Prints, per call, the median and p90 of each, their difference, and the size of the answer in UTF-8 bytes (the
   MCP text content, compact JSON; the HTTP body).

The MCP side includes the SDK's work both ways (JSON-RPC framing over a pipe, validation of the result against the
tool's output schema in the client); the HTTP side is a plain GET/POST and its JSON decoded. Both servers run in
processes of their own, on the same store. Everything started is stopped and the folder removed at the end, also on
Ctrl-C and SIGTERM. Exit status: 0, 1 on an error, 130/143 when interrupted.
"""

from __future__ import annotations

import argparse
import signal
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PROJECT_DIR = Path(__file__).resolve().parent.parent
if str(PROJECT_DIR) not in sys.path:
    sys.path.insert(0, str(PROJECT_DIR))  # the project this file belongs to, not whatever is installed

import anyio  # noqa: E402
import httpx  # noqa: E402
from mcp import Client, StdioServerParameters  # noqa: E402

from api.models import example_query  # noqa: E402
from benchmarks.bench_api import (  # noqa: E402
    REQUEST_TIMEOUT,
    Resources,
    clean_env,
    prepare_home,
    start_and_build,
    start_api,
)
from benchmarks.common import BenchmarkError, print_machine, section, table, version  # noqa: E402

# POST /cypher's OpenAPI example "funding of a scheme" (cypher/examples/): who pays TechConnect, with the quotes.
CYPHER = example_query("examples/funding_of_a_scheme")
CYPHER_PARAMETERS = {"id": "scheme:techconnect"}


@dataclass(frozen=True)
class Call:
    """One question asked both ways: an MCP tool with its arguments, and the HTTP request that asks the same."""

    name: str
    tool: str
    arguments: dict[str, Any]
    method: str
    path: str
    params: dict[str, Any] = field(default_factory=dict)
    body: dict[str, Any] | None = None


CALLS = [
    Call("search", "search_entities", {"query": "科技園", "limit": 10}, "GET", "/search", {"q": "科技園", "limit": 10}),
    Call("entity + 20 sources", "get_entity", {"id": "inst:hkstp", "sources": 20}, "GET", "/entities/inst:hkstp",
         {"sources": 20}),
    Call("neighbourhood, depth 1", "get_neighbourhood", {"id": "dept:itc", "limit": 50}, "GET",
         "/entities/dept:itc/neighbours", {"limit": 50}),
    Call("paths", "find_paths", {"from_id": "legislator:陳振英", "to_id": "inst:ugc", "limit": 5}, "GET", "/paths",
         {"from": "legislator:陳振英", "to": "inst:ugc", "limit": 5}),
    Call("funding of a scheme", "get_funding", {"entity": "scheme:techconnect", "limit": 20}, "GET", "/funding",
         {"entity": "scheme:techconnect", "limit": 20}),
    Call("a question", "get_question", {"reply_no": "ITIB001"}, "GET", "/questions/ITIB001"),
    Call("passages", "search_passages", {"query": "科技券", "limit": 10}, "GET", "/passages",
         {"q": "科技券", "limit": 10}),
    Call("read-only Cypher", "run_cypher", {"query": CYPHER, "parameters": CYPHER_PARAMETERS, "row_limit": 100},
         "POST", "/cypher", body={"query": CYPHER, "parameters": CYPHER_PARAMETERS, "row_limit": 100}),
]


@dataclass
class Timings:
    mcp: list[float] = field(default_factory=list)
    http: list[float] = field(default_factory=list)
    mcp_bytes: int = 0
    http_bytes: int = 0


async def measure(home: Path, base: str, rounds: int) -> tuple[float, dict[str, Timings]]:
    server = StdioServerParameters(command=sys.executable, args=["-m", "innograph", "mcp"],
                                   env=clean_env(home), cwd=PROJECT_DIR)
    timings = {call.name: Timings() for call in CALLS}
    started = time.perf_counter()
    async with Client(server) as agent, httpx.AsyncClient(base_url=base, timeout=REQUEST_TIMEOUT) as http:
        await agent.list_tools()
        connect_s = time.perf_counter() - started

        async def over_mcp(call: Call) -> tuple[float, int]:
            began = time.perf_counter()
            result = await agent.call_tool(call.tool, call.arguments)
            took = time.perf_counter() - began
            if result.is_error:
                raise BenchmarkError(f"{call.tool}: {result.content[0].text}")
            return took, len(result.content[0].text.encode("utf-8"))

        async def over_http(call: Call) -> tuple[float, int]:
            began = time.perf_counter()
            response = await http.request(call.method, call.path, params=call.params, json=call.body)
            response.json()
            took = time.perf_counter() - began
            if response.is_error:
                raise BenchmarkError(f"{call.method} {call.path}: {response.status_code} {response.text[:200]}")
            return took, len(response.content)

        for call in CALLS:  # warm-up: indexes built, queries compiled
            await over_mcp(call)
            await over_http(call)
        for round_no in range(rounds):
            for call in CALLS:
                kept = timings[call.name]
                ways = (over_mcp, over_http) if round_no % 2 == 0 else (over_http, over_mcp)
                for way in ways:
                    took, size = await way(call)
                    if way is over_mcp:
                        kept.mcp.append(took)
                        kept.mcp_bytes = size
                    else:
                        kept.http.append(took)
                        kept.http_bytes = size
    return connect_s, timings


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10)[-1] if len(values) >= 2 else values[0]


def rows(timings: dict[str, Timings]) -> list[list[object]]:
    out = []
    for call in CALLS:
        t = timings[call.name]
        mcp, http = statistics.median(t.mcp), statistics.median(t.http)
        out.append([call.name, call.tool, ms(mcp), ms(p90(t.mcp)), ms(http), ms(p90(t.http)),
                    f"{(mcp - http) * 1000:+.1f}", f"{t.mcp_bytes:,}", f"{t.http_bytes:,}"])
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="paired rounds per call (default 20)")
    args = parser.parse_args(argv)
    if not 1 <= args.rounds <= 10_000:
        parser.error("--rounds must be between 1 and 10000")
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    status = 0
    res: Resources | None = None
    try:
        print_machine("MCP benchmark", [
            ["versions", ", ".join(f"{d} {version(d)}" for d in ("mcp", "fastapi", "uvicorn", "httpx", "neo4j",
                                                                  "arcadedb-embedded"))],
            ["settings", f"--rounds {args.rounds}; MCP over stdio, HTTP over one keep-alive connection"],
        ])
        res = prepare_home(None)
        res.home.mkdir(exist_ok=True)
        start_s, build_s = start_and_build(res)
        base, serve_s = start_api(res)
        connect_s, timings = anyio.run(measure, res.home, base, args.rounds)
        section("1. Setup")
        print(table(["step", "seconds"], [
            ["embedded server start + innograph build", f"{start_s + build_s:.1f}"],
            ["innograph serve, until /health answers", f"{serve_s:.1f}"],
            ["innograph mcp over stdio: start, handshake, tools/list", f"{connect_s:.1f}"],
        ]))
        section(f"2. One call at a time, {args.rounds} paired rounds (ms)")
        print(table(["call", "MCP tool", "MCP median", "MCP p90", "HTTP median", "HTTP p90", "MCP - HTTP",
                     "MCP text bytes", "HTTP bytes"], rows(timings), right_from=2))
    except BenchmarkError as error:
        print(f"\nbench_mcp: {error}", file=sys.stderr)
        status = 1
    except (KeyboardInterrupt, SystemExit) as stop:
        print("\nbench_mcp: interrupted; stopping what was started", file=sys.stderr)
        status = stop.code if isinstance(stop, SystemExit) and isinstance(stop.code, int) else 130
    finally:
        if res is not None:
            for problem in res.cleanup():
                print(f"bench_mcp: cleanup: {problem}", file=sys.stderr)
                status = status or 1
    return status


if __name__ == "__main__":
    sys.exit(main())
