"""Reply parsing speed per document: MB/s of raw text, replies and index rows found, best of N runs.

    python benchmarks/bench_parse.py [--runs 5]

Compares the editions side by side: the bundled Chinese 2025-26 replies (1.2 MB) and the real English samples of
tests/fixtures/legco (a few KB each, so their MB/s says more about fixed costs than about throughput).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import PROJECT_DIR, table  # noqa: E402
from loaders.corpus import read_text  # noqa: E402
from loaders.errors import IndexPageOnly  # noqa: E402
from loaders.legco import parse_index_page, parse_replies  # noqa: E402

DOCUMENTS = [
    PROJECT_DIR / "data" / "sources" / "001_290747ba864f0a9c.txt",
    *sorted((PROJECT_DIR / "tests" / "fixtures" / "legco").glob("*.txt")),
]


def parse(path: Path):
    raw = read_text(path)
    try:
        return parse_replies(raw, source=str(path), allow_unnumbered=True)
    except IndexPageOnly:
        return parse_index_page(raw, source=str(path))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    rows = []
    for path in DOCUMENTS:
        size = path.stat().st_size
        best, result, error = float("inf"), None, ""
        for _ in range(args.runs):
            started = time.perf_counter()
            try:
                result = parse(path)
            except ValueError as err:  # a refused document: its refusal is timed too
                error = str(err).split(": ", 1)[-1][:40]
            best = min(best, time.perf_counter() - started)
        rows.append([path.name, f"{size / 1024:.1f}", f"{best * 1000:.1f}", f"{size / 2**20 / best:.2f}",
                     len(result.replies) if result and not error else "-",
                     len(result.index) if result and not error else "-", error or result.language])
    print(table(["document", "KB", "ms (best)", "MB/s", "replies", "index rows", "edition / refusal"], rows))


if __name__ == "__main__":
    main()
