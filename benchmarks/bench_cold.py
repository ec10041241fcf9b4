"""Cold builds of the bundled corpus, side by side: this checkout and another (`--before DIR`), rounds alternating.

    .venv/bin/python benchmarks/bench_cold.py                                   # this checkout, 3 rounds
    git archive main | tar -x -C /tmp/before && \\
      .venv/bin/python benchmarks/bench_cold.py --before /tmp/before --rounds 5 --compare-graphs

Each build is `python -m innograph build` as a user runs it, in a fresh INNOGRAPH_HOME (no facts cache, the
embedded server started by the build), with this interpreter and the checkout's code first on PYTHONPATH. Printed
per build: wall time, the stages the CLI reports, and CPU seconds of the CLI with its forked analysis workers and
of the embedded server (the process tree polled every 0.1 s: a lower bound by up to ~0.1 s a process). CPU time is
what a shared machine disturbs least: on 2 cores, a build's wall time can be no less than its CPU time / 2.

`--serial-stages` also runs each checkout's build_corpus_graph(workers=1) in a process of its own, with the
stage timer counting CPU seconds (time.process_time) instead of wall seconds: where the CPU goes, stage by stage.

`--compare-graphs` exports the graph of each checkout's first build (`innograph export json`) and says whether
they are the same: every node and relationship with its id and properties, the Build node's times and the
`loader_version` property (a digest of the code, so different by construction) aside.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import PROJECT_DIR, OtherLoad, print_machine, section, table  # noqa: E402

POLL_S = 0.1
_STAGES = re.compile(r"Parsed \d+ documents: (.*?)(?: Text analysis| Loading| Loaded|$)")
_TIMES = re.compile(r"\(parse ([\d.]+) s, (?:waiting for the store ([\d.]+) s, )?load ([\d.]+) s\)")


@dataclass
class Build:
    checkout: str
    wall: float
    stages: dict[str, float]
    wait: float | None
    load: float | None
    cpu: dict[str, float] = field(default_factory=dict)  # "cli+workers", "server"


def run_build(code: Path, home: Path, name: str) -> Build:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env.update(INNOGRAPH_HOME=str(home), PYTHONPATH=str(code))
    started = time.perf_counter()
    cli = subprocess.Popen([sys.executable, "-m", "innograph", "build"], cwd=code, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    used: dict[tuple[int, float], tuple[str, float]] = {}  # (pid, created) -> (group, CPU seconds)
    root = psutil.Process(cli.pid)
    while cli.poll() is None:
        _poll(root, used)
        time.sleep(POLL_S)
    wall = time.perf_counter() - started
    output = " ".join(cli.stdout.read().split())
    if cli.returncode != 0:
        raise RuntimeError(f"{name}: build failed: {output[-500:]}")
    cpu: dict[str, float] = {"cli+workers": 0.0, "server": 0.0}
    for group, seconds in used.values():
        cpu[group] += seconds
    stages = {}
    if m := _STAGES.search(output):
        for part in m.group(1).split(", "):
            stage, seconds, _ = part.rsplit(" ", 2)
            stages[stage] = float(seconds)
    times = _TIMES.search(output)
    wait = float(times.group(2)) if times and times.group(2) else None
    load = float(times.group(3)) if times else None
    return Build(name, wall, stages, wait, load, cpu)


def _poll(root: psutil.Process, used: dict) -> None:
    try:
        processes = [root, *root.children(recursive=True)]
    except psutil.Error:
        return
    for p in processes:
        try:
            with p.oneshot():
                t = p.cpu_times()
                group = "server" if "graph.embedded" in p.cmdline() else "cli+workers"
                used[(p.pid, p.create_time())] = (group, t.user + t.system)
        except psutil.Error:
            pass


# build_corpus_graph with its stage timer reading CPU time; prints the imports' and each stage's CPU seconds as JSON
_SERIAL = """
import json, time, types
started = time.process_time()
import loaders.pipeline as pipeline
imports = time.process_time() - started
pipeline.time = types.SimpleNamespace(perf_counter=time.process_time)
build = pipeline.build_corpus_graph(workers=1)
print(json.dumps({"imports": imports, **build.seconds}))
"""


def serial_stages(code: Path) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": str(code)}
    done = subprocess.run([sys.executable, "-c", _SERIAL], cwd=code, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"serial stages failed: {done.stderr[-300:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def stop_server(code: Path, home: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env.update(INNOGRAPH_HOME=str(home), PYTHONPATH=str(code))
    subprocess.run([sys.executable, "-m", "innograph", "db", "stop"], cwd=code, env=env, capture_output=True)


def export_graph(code: Path, home: Path, out: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env.update(INNOGRAPH_HOME=str(home), PYTHONPATH=str(code))
    done = subprocess.run([sys.executable, "-m", "innograph", "export", "json", str(out)], cwd=code, env=env,
                          capture_output=True, text=True)
    stop_server(code, home)
    if done.returncode != 0:
        raise RuntimeError(f"export failed: {done.stderr[-300:]}")
    return json.loads(out.read_text(encoding="utf-8"))


def comparable(graph: dict) -> tuple[dict, dict]:
    """Nodes and relationships by id, with their labels/type, ends and properties; the Build node without the
    times that name it, and no `loader_version` anywhere."""
    nodes, rels = {}, {}
    for n in graph["nodes"]:
        props = {k: v for k, v in n["properties"].items() if k != "loader_version"}
        node_id = n["id"]
        if "Build" in n["labels"]:
            node_id = "build"
            props = {k: v for k, v in props.items() if k not in ("id", "name", "started", "finished")}
        nodes[node_id] = (sorted(n["labels"]), props)
    for r in graph["relationships"]:
        props = {k: v for k, v in r["properties"].items() if k != "loader_version"}
        rels[props["id"]] = (r["type"], r["start"], r["end"], props)
    return nodes, rels


def describe_difference(a: dict, b: dict) -> str:
    (na, ra), (nb, rb) = comparable(a), comparable(b)
    parts = []
    for what, x, y in (("nodes", na, nb), ("relationships", ra, rb)):
        differ = sum(1 for k in set(x) & set(y) if x[k] != y[k])
        parts.append(f"{what}: {len(x)} and {len(y)}, {len(set(x) ^ set(y))} in one only, {differ} different")
    return "; ".join(parts)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, help="another checkout of innograph, built alternately with this one")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--compare-graphs", action="store_true")
    parser.add_argument("--serial-stages", action="store_true", help="CPU seconds per stage, one process each")
    args = parser.parse_args()
    checkouts = {"this": PROJECT_DIR}
    if args.before:
        checkouts = {"before": args.before.resolve(), **checkouts}
    print_machine("Cold builds of the bundled corpus", [["checkouts", ", ".join(f"{k}={v}" for k, v in
                                                                                 checkouts.items())]])
    root = Path(tempfile.mkdtemp(prefix="innograph-cold-"))
    builds: list[Build] = []
    graphs: dict[str, dict] = {}
    ours: set[int] = {os.getpid()}
    try:
        with OtherLoad(lambda: ours | {p.pid for p in psutil.Process().children(recursive=True)}) as other:
            for round_no in range(args.rounds):
                order = list(checkouts.items()) if round_no % 2 == 0 else list(reversed(checkouts.items()))
                for name, code in order:
                    home = root / f"{name}-{round_no}"
                    try:
                        build = run_build(code, home, name)
                    finally:
                        stop_server(code, home)
                    builds.append(build)
                    print(f"round {round_no + 1} {name}: wall {build.wall:.1f} s, CPU {build.cpu['cli+workers']:.1f}"
                          f" + server {build.cpu['server']:.1f} s", flush=True)
                    if args.compare_graphs and name not in graphs:
                        graphs[name] = export_graph(code, home, root / f"{name}.json")
                    shutil.rmtree(home, ignore_errors=True)
        if builds:
            _report(builds, list(checkouts), other)
        if args.serial_stages:
            section("CPU seconds per stage, serial (build_corpus_graph(workers=1) in one process, no store)")
            found = {name: serial_stages(code) for name, code in checkouts.items()}
            stages = list(dict.fromkeys(s for f in found.values() for s in f))
            print(table(["checkout", *stages, "total"],
                        [[name, *[f"{f.get(s, 0):.2f}" for s in stages], f"{sum(f.values()):.2f}"]
                         for name, f in found.items()]))
        if args.compare_graphs and len(graphs) == 2:
            a, b = graphs.values()
            same = comparable(a) == comparable(b)
            section("Graphs (innograph export json of each checkout's first build)")
            print(f"{'identical' if same else 'DIFFERENT'}: {describe_difference(a, b)}")
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


def _report(builds: list[Build], names: list[str], other: OtherLoad) -> None:
    section("Per build")
    stage_names = list(dict.fromkeys(s for b in builds for s in b.stages))
    rows = [[b.checkout, f"{b.wall:.1f}", *[f"{b.stages.get(s, 0):.1f}" for s in stage_names],
             "-" if b.wait is None else f"{b.wait:.1f}", "-" if b.load is None else f"{b.load:.1f}",
             f"{b.cpu['cli+workers']:.1f}", f"{b.cpu['server']:.1f}"] for b in builds]
    print(table(["checkout", "wall s", *[f"{s} s" for s in stage_names], "wait for store s", "load s",
                 "CPU CLI+workers s", "CPU server s"], rows))
    section("Medians")
    rows = []
    for name in names:
        mine = [b for b in builds if b.checkout == name]
        rows.append([name, len(mine), f"{statistics.median(b.wall for b in mine):.1f}",
                     f"{statistics.median(b.cpu['cli+workers'] for b in mine):.1f}",
                     f"{statistics.median(b.cpu['server'] for b in mine):.1f}",
                     f"{statistics.median(b.cpu['cli+workers'] + b.cpu['server'] for b in mine):.1f}"])
    print(table(["checkout", "builds", "wall s", "CPU CLI+workers s", "CPU server s", "CPU total s"], rows))
    share = other.seconds / other.elapsed if other.elapsed else 0.0
    print(f"other processes on this machine used at least {other.seconds:.0f} CPU-seconds meanwhile "
          f"(on average {share:.2f} of {psutil.cpu_count()} CPUs)")


if __name__ == "__main__":
    sys.exit(main())
