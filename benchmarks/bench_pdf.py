"""Which PDF library reads the replies best: pypdfium2 (as loaders/pdf.py uses it, and its plain text), pdfplumber
and pdfminer.six, side by side on the generated test PDFs of tests/fixtures/pdf/ (laid out from real reply text).

    python benchmarks/bench_pdf.py [--repeat 3]

Per PDF and library:
- pages/s: the whole document, best of --repeat runs, in this process;
- text: how much of the text the PDF was made from comes back in order (difflib ratio of the two without any
  whitespace, after dropping the generator's header and footer lines from the extraction) — 1.000 is all of it;
- wrong CJK: characters of the Kangxi radicals blocks (U+2E80-U+2FDF), which a wrong ToUnicode map gives for
  ordinary characters (⼯ for 工);
- index order: are the 40 rows of the two-column index page read as ITIB001…ITIB040 (left column, then right)?
- furniture: are the running header and the page footer gone from the text?
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pdfplumber  # noqa: E402
import pypdfium2 as pdfium  # noqa: E402
from pdfminer.high_level import extract_text as pdfminer_text  # noqa: E402

from loaders.corpus import read_text  # noqa: E402
from loaders.legco import normalise_replies_text  # noqa: E402
from loaders.legco_en import normalise_lines  # noqa: E402
from loaders.pdf import read_pdf  # noqa: E402

PDFS = ROOT / "tests" / "fixtures" / "pdf"
CASES = {
    "zh_itib_2025_26_excerpt.pdf": (PDFS / "zh_itib_2025_26_excerpt.txt", normalise_replies_text),
    "en_etwb_2003_04_replies.pdf": (ROOT / "tests/fixtures/legco/en_etwb_2003_04_replies.txt", normalise_lines),
}
FURNITURE = re.compile(r"^.*(?:GENERATED|測試用生成文件|第\s*\d+\s*節\s*ITIB|^\s*Page \d+\s*$).*$", re.M)
KANGXI = re.compile("[\u2e80-\u2fdf]")


def pdfium_plain(path: Path) -> str:
    document = pdfium.PdfDocument(str(path))
    try:
        return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    finally:
        document.close()


def plumber(path: Path) -> str:
    with pdfplumber.open(path) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


LIBRARIES: dict[str, Callable[[Path], str]] = {
    "pypdfium2 (loaders/pdf.py)": lambda path: read_pdf(path).text,
    "pypdfium2 get_text_range": pdfium_plain,
    "pdfplumber extract_text": plumber,
    "pdfminer.six extract_text": lambda path: pdfminer_text(str(path)),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"{'PDF':30} {'library':28} {'pages/s':>8} {'text':>6} {'wrong CJK':>9} {'index order':>11} furniture")
    for name, (source, normalise) in CASES.items():
        path = PDFS / name
        pages = len(pdfium.PdfDocument(str(path)))
        expected = _squeezed(normalise(read_text(source)).text)
        for library, extract in LIBRARIES.items():
            best, text = _timed(extract, path, args.repeat)
            body = FURNITURE.sub("", text)
            ratio = difflib.SequenceMatcher(None, expected, _squeezed(body), autojunk=False).ratio()
            wrong = len(KANGXI.findall(text))
            order = _index_order(text) if name.startswith("zh") else "-"
            furniture = "left in" if FURNITURE.search(text) else "removed"
            print(f"{name:30} {library:28} {pages / best:8.1f} {ratio:6.3f} {wrong:9d} {order:>11} {furniture}")


def _timed(extract: Callable[[Path], str], path: Path, repeat: int) -> tuple[float, str]:
    best, text = float("inf"), ""
    for _ in range(repeat):
        started = time.perf_counter()
        text = extract(path)
        best = min(best, time.perf_counter() - started)
    return best, text


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _index_order(text: str) -> str:
    numbers = [int(n) for n in re.findall(r"ITIB0(\d\d)\s+\d{4}", text)][:40]
    return "right" if numbers == list(range(1, 41)) else "WRONG"


if __name__ == "__main__":
    main()
