"""Name search latency and what it finds, before (exact/prefix/contains over NFKC keys) and after (graph/search.py:
variants, short forms, words, acronyms, near misses), over the bundled graph and over 100 times as many entries.

    .venv/bin/python benchmarks/bench_search.py              # 1x and 100x, every query of the spellings fixture
    .venv/bin/python benchmarks/bench_search.py --scale 10 --repeat 3

The bundled corpus is built in this process (loaders.pipeline.build_corpus_graph, as the tests do) and its
searchable nodes become the rows that cypher/api/search_index.cypher returns from a store; nothing is written to a
store, so the numbers are the search's own, without Bolt or HTTP. The larger index is the same entries copied with a
number after each name (synthetic, for the timing only). The queries are those of
tests/fixtures/search/spellings.yaml (spellings and must-not-find cases). "before" is the search of commit b484358,
kept below as `before_find` for the comparison.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import unicodedata
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # this project, not an installed copy

from benchmarks.common import section, table  # noqa: E402
from graph.model import SEARCHABLE_LABELS  # noqa: E402
from graph.names import folding, opencc_characters  # noqa: E402
from graph.search import SearchIndex, entry_of  # noqa: E402

SPELLINGS = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "search" / "spellings.yaml"


# --- before: graph/search.py at b484358 ---------------------------------------------------------------------------


def before_key(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).replace("\u31d0", "一")
    return "".join(folded.split()).casefold()


def before_index(rows: list[dict]) -> list[tuple[dict, tuple[tuple[str, str], ...]]]:
    index = []
    for row in rows:
        surfaces = [s for s in (row["name"], row["name_en"], *row["aliases"]) if s]
        index.append((row, tuple((before_key(s), s) for s in dict.fromkeys(surfaces))))
    return index


def before_find(index, query: str, limit: int = 20) -> list[str]:
    key = before_key(query)
    ranked = []
    for row, keys in index:
        best = None
        for folded, surface in keys:
            kind = 0 if folded == key else 1 if folded.startswith(key) else 2 if key in folded else None
            if kind is not None and (best is None or (kind, len(surface)) < best):
                best = (kind, len(surface))
        if best is not None:
            ranked.append(((*best, -row["degree"], row["id"]), row["id"]))
    ranked.sort()
    return [found for _, found in ranked[:limit]]


# --- the rows, the queries -----------------------------------------------------------------------------------------


def corpus_rows() -> list[dict]:
    """The searchable nodes of the bundled graph, as cypher/api/search_index.cypher returns them."""
    from loaders.pipeline import build_corpus_graph

    graph = build_corpus_graph().graph
    return [
        {"id": n.id, "labels": [str(n.label)], "name": n.props.get("name"), "name_en": n.props.get("name_en"),
         "aliases": n.props.get("aliases") or [], "abbreviation": n.props.get("abbreviation"),
         "kind": n.props.get("kind"), "degree": graph.g.degree(n.id)}
        for n in graph.nodes() if n.label in SEARCHABLE_LABELS
    ]


def scaled(rows: list[dict], times: int) -> list[dict]:
    """`rows` and `times - 1` copies with a number after every name (synthetic: for the timing only)."""
    copies = list(rows)
    for copy in range(1, times):
        for row in rows:
            copies.append({
                **row, "id": f"{row['id']}~{copy}", "name": f"{row['name']} {copy}",
                "name_en": f"{row['name_en']} {copy}" if row["name_en"] else None,
                "aliases": [f"{a} {copy}" for a in row["aliases"]],
            })
    return copies


def queries() -> tuple[list[dict], list[dict]]:
    data = yaml.safe_load(SPELLINGS.read_text(encoding="utf-8"))
    return data["spellings"], data["not_found"]


# --- measuring -----------------------------------------------------------------------------------------------------


def latencies(find, texts: list[str], repeat: int) -> list[float]:
    """Milliseconds per query, the best of `repeat` runs of each."""
    times = []
    for text in texts:
        best = float("inf")
        for _ in range(repeat):
            started = time.perf_counter()
            find(text)
            best = min(best, time.perf_counter() - started)
        times.append(best * 1000)
    return times


def summary(times: list[float]) -> list[str]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return [f"{statistics.median(ordered):.2f}", f"{p95:.2f}", f"{ordered[-1]:.2f}"]


def first_or_top(results: list[str], case: dict) -> bool:
    return case["id"] in results[: case.get("top", 1)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=int, default=100, help="the larger index: this many times the entries")
    parser.add_argument("--repeat", type=int, default=5, help="runs of each query (the best counts)")
    args = parser.parse_args()

    section("Trad -> Simplified: OpenCC's converter (opencc-python-reimplemented, hk2s) and its character table")
    rows = corpus_rows()
    names = [s for row in rows for s in (row["name"], *row["aliases"]) if s]
    from opencc import OpenCC

    converter = OpenCC("hk2s")
    converter.convert("預熱")
    started = time.perf_counter()
    converted = [converter.convert(n) for n in names]
    by_converter = (time.perf_counter() - started) / len(names) * 1e6
    mapping = str.maketrans(opencc_characters())
    started = time.perf_counter()
    by_table = [n.translate(mapping) for n in names]
    by_lookup = (time.perf_counter() - started) / len(names) * 1e6
    differ = sum(a != b for a, b in zip(converted, by_table, strict=True))
    print(table(["how", "µs per name", "names", "results that differ"],
                [["OpenCC('hk2s').convert", f"{by_converter:.1f}", len(names), "-"],
                 ["str.translate(OpenCC's character table)", f"{by_lookup:.2f}", len(names), differ]]))

    spellings, not_found = queries()
    texts = [case["q"] for case in spellings] + [case["q"] for case in not_found]
    folding()  # the rules file and OpenCC's tables are read once per process
    section(f"What the {len(spellings)} spellings and {len(not_found)} must-not-find queries get (bundled graph)")
    old = before_index(rows)
    new = SearchIndex.__new__(SearchIndex)
    new.load([entry_of(row) for row in rows])
    quality = []
    for label, find in (("before", lambda q: before_find(old, q)), ("after", lambda q: [h.entry.id for h in
                                                                                        new.find(q)])):
        found = sum(first_or_top(find(case["q"]), case) for case in spellings)
        wrong = sum(case["id"] in find(case["q"]) for case in not_found)
        quality.append([label, f"{found}/{len(spellings)}", f"{wrong}/{len(not_found)}"])
    print(table(["search", "spellings that find their entity", "must-not-find cases found"], quality))

    section(f"Query latency, ms (best of {args.repeat} per query, {len(texts)} queries)")
    results = []
    for times in (1, args.scale):
        many = scaled(rows, times)
        started = time.perf_counter()
        old = before_index(many)
        old_build = time.perf_counter() - started
        started = time.perf_counter()
        new = SearchIndex.__new__(SearchIndex)
        new.load([entry_of(row) for row in many])
        new_build = time.perf_counter() - started
        for label, build, find in (("before", old_build, lambda q, i=old: before_find(i, q)),
                                   ("after", new_build, lambda q, i=new: i.find(q))):
            results.append([f"{times}x", len(many), label, f"{build:.2f}",
                            *summary(latencies(find, texts, args.repeat))])
    print(table(["scale", "entries", "search", "index build s", "median", "p95", "max"], results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
