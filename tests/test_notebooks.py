"""The researcher notebooks in notebooks/ run from top to bottom against the loaded corpus.

Each is executed with nbclient in a python3 kernel of this interpreter, with INNOGRAPH_HOME pointing at the
`corpus_home` fixture: its embedded server is already running, so the notebook's open_store() connects to it (and
leaves it running). INNOGRAPH_API_URL points at the session's API over the same graph (`api_url`), which
who_asks_about_what reads through innograph.client. The notebooks are kept in git without outputs.
"""

from __future__ import annotations

import os
import re
import sys
import time
from pathlib import Path

import nbclient
import nbformat
import pytest

NOTEBOOKS_DIR = Path(__file__).resolve().parent.parent / "notebooks"
NOTEBOOKS = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
CELL_TIMEOUT = 300  # seconds per cell


def test_the_notebooks_are_there() -> None:
    assert {path.name for path in NOTEBOOKS} >= {"who_asks_about_what.ipynb", "follow_the_money.ipynb"}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebook_is_saved_without_outputs(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{path.name}: clear the outputs before saving"


def execute(path: Path, home: Path, api_url: str) -> tuple[object, float]:
    nb = nbformat.read(path, as_version=4)
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}  # the embedded store, not a Neo4j
    env["INNOGRAPH_HOME"] = str(home)
    env["INNOGRAPH_API_URL"] = api_url
    client = nbclient.NotebookClient(
        nb,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",  # jupyter_client starts it with sys.executable: this venv's interpreter
        resources={"metadata": {"path": str(NOTEBOOKS_DIR)}},
        allow_errors=False,
    )
    started = time.perf_counter()
    client.execute(env=env)
    return nb, time.perf_counter() - started


def outputs_of(nb) -> tuple[str, str, list[str], int]:
    """All stdout text, all stderr text, the text/html or text/plain of every displayed result, and the number of
    PNG images."""
    stdout, stderr, shown, images = [], [], [], 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for output in cell.outputs:
            assert output.output_type != "error", f"{output.ename}: {output.evalue}"
            if output.output_type == "stream":
                (stdout if output.name == "stdout" else stderr).append(output.text)
            elif output.output_type in ("display_data", "execute_result"):
                if "image/png" in output.data:
                    images += 1
                else:
                    shown.append(output.data.get("text/html") or output.data.get("text/plain", ""))
    return "".join(stdout), "".join(stderr), shown, images


@pytest.fixture(scope="module")
def executed(corpus_home: Path, api_url: str) -> dict[str, tuple[object, float] | BaseException]:
    """Each notebook run once for the module: {name: (executed notebook, seconds)}, or the error that stopped it."""
    runs: dict[str, tuple[object, float] | BaseException] = {}
    for path in NOTEBOOKS:
        try:
            runs[path.stem] = execute(path, corpus_home, api_url)
            print(f"{path.name}: {runs[path.stem][1]:.1f} s", file=sys.stderr)
        except Exception as error:  # CellExecutionError names the cell and the traceback
            runs[path.stem] = error
    return runs


def run_of(executed, name: str) -> tuple[object, float]:
    run = executed[name]
    if isinstance(run, BaseException):
        pytest.fail(f"{name}.ipynb failed:\n{run}", pytrace=False)
    return run


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda path: path.stem)
def test_notebook_runs_without_errors(executed, path: Path) -> None:
    nb, seconds = run_of(executed, path.stem)
    stdout, stderr, shown, images = outputs_of(nb)
    assert "connected to" in stdout and "store closed" in stdout
    assert images >= 3, "charts are saved inline as PNG"
    assert len(shown) >= 5, "tables are displayed"
    assert "Traceback" not in stderr
    assert not re.search(r"Glyph \d+ .* missing from font", stderr), "a chart label cannot be drawn in its font"
    assert seconds < 10 * 60


def test_who_asks_about_what_shows_askers_topics_and_sentences(executed) -> None:
    nb, _ = run_of(executed, "who_asks_about_what")
    stdout, _, shown, images = outputs_of(nb)
    counted = re.search(r"(\d+) questions from (\d+) legislators under (\d+) budget heads", stdout)
    assert counted and int(counted[1]) == 251 and int(counted[2]) > 50 and int(counted[3]) == 3
    assert re.search(r"\d+ entities named in the questions of \d+ legislators", stdout)
    assert re.search(r"\d+ replies name 香港人工智能研發院: \d+ in the question, \d+ only in the answer", stdout)
    assert re.search(r"inst:hkaird: 香港人工智能研發院 \(.+\), Institution, "
                     r"read through the API at http://127\.0\.0\.1:\d+; [1-9]\d* mentions", stdout)  # the client
    assert re.search(r"\d+ pairs of legislators share at least two entities", stdout)
    assert images >= 4
    tables = "\n".join(shown)
    assert "legislator:" in tables and "ITIB" in tables and "jaccard" in tables


def test_follow_the_money_keeps_kinds_apart_and_checks_every_span(executed) -> None:
    nb, _ = run_of(executed, "follow_the_money")
    stdout, _, shown, images = outputs_of(nb)
    counted = re.search(r"(\d+) funding facts from \d+ funders to \d+ recipients", stdout)
    assert counted and int(counted[1]) > 100
    spans = re.search(r"(\d+) of (\d+) funding facts: the span is the amount as printed, inside the quote", stdout)
    assert spans and spans[1] == spans[2] == counted[1], "every FUNDS edge leads back to its amount in the source"
    assert re.search(r"\d+ recipients with 'actual' figures for three or more years", stdout)
    assert "【" in stdout and "】" in stdout  # the sentence around one fact, from the source text
    assert images >= 3
    tables = "\n".join(shown)
    # (caps are figures about a scheme now, not flows: the notebook follows flows)
    for kind in ("allocation", "estimate", "approved"):
        assert kind in tables
    assert "statements" in tables and "document_types" in tables


def test_follow_the_money_sums_exact_amounts_only(executed) -> None:
    """Bounds (ITIB101: 「涉及資助超過1.3億元」), rates and ranges (ITIB099: 「約3至5億元」) are listed apart
    from the facts every total adds."""
    nb, _ = run_of(executed, "follow_the_money")
    stdout, _, shown, _ = outputs_of(nb)
    counted = re.search(r"(\d+) funding facts from \d+ funders", stdout)
    split = re.search(r"(\d+) of (\d+) funding facts are exact one-off amounts; (\d+) bounds, rates or ranges", stdout)
    assert counted and split, stdout
    exact, total, apart = (int(n) for n in split.groups())
    assert total == int(counted[1]) and exact + apart == total and apart > 0
    tables = "\n".join(shown)
    assert "3至5億元" in tables and "lower" in tables  # ITIB099's range for InnoHK, and the bounds, shown apart


def test_follow_the_money_reads_the_figures_about_one_fund(executed) -> None:
    """The ITF's spending by year is the 總數 row of ITIB127's table, 「總數 1,864.6 2,180.1 2,856.8 3,025.2 4,145.4」
    (百萬元), a figure about the fund; the same table's rows are flows that add up to it year by year."""
    nb, _ = run_of(executed, "follow_the_money")
    stdout, _, _, _ = outputs_of(nb)
    figures = re.search(r"(\d+) figures about (\d+) things, (\d+) of them table cells", stdout)
    assert figures and int(figures[1]) > 100 and int(figures[3]) > 0
    assert (
        "from the table of ITIB127 (row 總數): 2020-21 actual 1,864.6 (百萬元); 2021-22 actual 2,180.1 (百萬元); "
        "2022-23 actual 2,856.8 (百萬元); 2023-24 actual 3,025.2 (百萬元); 2024-25 revised_estimate 4,145.4 (百萬元)"
    ) in stdout
    assert "5 of 5 years: the flows of ITIB127's rows add up to its total" in stdout
