"""Shared fixtures. Tests talk to a real embedded server over Bolt, never to a mock (DESIGN.md §2).

CI must stay well under 15 minutes (README, "Tests"), so a new test reuses what the session already has instead of
building or starting its own. What is there, cheapest first:

- `corpus_build`: the bundled corpus parsed and built in memory by loaders.pipeline (a CorpusBuild), once per
  session. Read it, never change it (a check at the end of the session fails if a test did).
- `embedded_home` / `store`: a running embedded server with an empty spare database (use labels of your own, or
  clean up what you write).
- `corpus_home` / `corpus_store`: a running embedded server holding the bundled corpus, loaded by the real
  `innograph build` in a subprocess; `api_url` serves the API over it (uvicorn, real HTTP), `client` is an httpx
  client on it (one per module); `post_cypher(client, query)` posts to /cypher.
- `run_cli(*args, home=...)`: `innograph ARGS` as a user runs it, in a subprocess.
- Building the bundled corpus again (another home, a changed copy): the text analysis is what costs (~15 s). Its
  result is cached per document (loaders/fact_cache.py), and `corpus_build` leaves that cache, for the bundled
  documents, in `bundled_facts`. `warm_home(home, bundled_facts)` gives a home that cache, so that `innograph build`
  there reads the facts instead of analysing again; `warm_fact_cache(tmp_path, bundled_facts)` gives a FactCache for
  an in-process build_corpus_graph(..., cache=...). Each gets its own copy (a build prunes the entries of documents
  it does not have). A document whose text or inputs differ (another corpus, an edit) misses and is analysed: the
  cache key covers everything its analysis reads. Only tests of the cache itself, and the builds whose analysis is
  what they check (`corpus_build`, `corpus_home`, the wheel), start cold.
- `scratch_home`: a running embedded server of its own that any test may build into (a build replaces the whole
  graph): `build_and_export(sources, tmp_path, home=scratch_home)` builds a small corpus and exports it.
- `browser` (tests/test_explorer.py): one headless Chromium for the session.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from graph import embedded
from graph.store import Store, settings_for_server


@pytest.fixture(scope="session")
def embedded_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A home folder with a running embedded server, shared by the whole session (a start costs ~4 s)."""
    home = tmp_path_factory.mktemp("innograph-home")
    embedded.start(home)
    yield home
    embedded.stop(home)


@pytest.fixture
def store(embedded_home: Path) -> Iterator[Store]:
    """An open Store on the session's embedded server, whatever NEO4J_URI says.

    The database is shared by all tests of the session: use labels of your own, or clean up what you write.
    """
    info = embedded.start(embedded_home)  # returns the running server; restarts it if a test stopped it
    with Store.connect(settings_for_server(info)) as connected:
        yield connected


# --- the bundled corpus, built in memory (no store) -------------------------------------------------------------


FACTS = Path("cache") / "facts"  # where `innograph build` keeps the fact cache in its home (innograph/cli.py)


@pytest.fixture(scope="session")
def _bundled_facts_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("bundled-facts") / "facts"


@pytest.fixture(scope="session")
def corpus_build(_bundled_facts_folder: Path):
    """The bundled corpus parsed and built in memory by loaders.pipeline, once per session (a build costs ~15 s;
    it analyses every document, cold, and fills the fact cache `bundled_facts`)."""
    from loaders.fact_cache import FactCache
    from loaders.pipeline import build_corpus_graph

    cache = FactCache(_bundled_facts_folder)
    build = build_corpus_graph(cache=cache)
    assert cache.hits == [] and len(cache.entries()) == len(build.documents)
    before = _fingerprint(build.graph)
    yield build
    assert _fingerprint(build.graph) == before, "a test changed the session's corpus_build: work on a copy"


@pytest.fixture(scope="session")
def bundled_facts(corpus_build, _bundled_facts_folder: Path) -> Path:
    """The fact cache (loaders/fact_cache.py) holding the facts of every bundled document, as `corpus_build` left
    it. Not to be written to: warm_home() and warm_fact_cache() copy it."""
    return _bundled_facts_folder


def _fingerprint(kg) -> str:
    """A digest of every node and relationship with its properties: a test that changed them changes it."""
    import hashlib

    digest = hashlib.sha256()
    for node in sorted(kg.nodes(), key=lambda n: n.id):
        digest.update(repr((node.label, node.id, sorted(node.props.items()))).encode())
    for rel in sorted(kg.relationships(), key=lambda r: r.id):
        digest.update(repr((rel.type, rel.start, rel.end, rel.id, sorted(rel.props.items()))).encode())
    return digest.hexdigest()


def warm_home(home: Path, facts: Path) -> Path:
    """`home` (created if need be) with a copy of the fact cache `facts`: `innograph build` there analyses only the
    documents the cache does not have."""
    shutil.copytree(facts, home / FACTS, dirs_exist_ok=True)
    return home


def warm_fact_cache(folder: Path, facts: Path):
    """A FactCache in `folder` holding a copy of `facts`, for build_corpus_graph(..., cache=...)."""
    from loaders.fact_cache import FactCache

    shutil.copytree(facts, folder, dirs_exist_ok=True)
    return FactCache(folder)


# --- the bundled corpus, built by the real CLI into an embedded server of its own -------------------------------

PROJECT_DIR = Path(__file__).resolve().parent.parent

# The manifest entry of the real 2003-04 ETWB English replies (tests/fixtures/legco), for tests that build them.
ETWB_2003_04_ENTRY = """  - file: en_etwb_2003_04_replies.txt
    title: Replies to Finance Committee Members' initial written questions 2003-04 (ETWB, three replies)
    publisher: Legislative Council Finance Committee
    published: "2003-03"
    fiscal_year: 2003-04
    language: en
    doc_type: legco_replies
"""


def run_cli(*args: str, home: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run `innograph ARGS` as a user would, against the embedded store of `home`."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env["INNOGRAPH_HOME"] = str(home)
    return subprocess.run(
        [sys.executable, "-m", "innograph", *args],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def build_and_export(sources: Path, tmp_path: Path, home: Path) -> dict:
    """`innograph build --sources SOURCES` into the store of `home`, then `innograph export json`: the graph as a
    user gets it. `home` is usually `scratch_home` (its server already runs: no JVM start of its own)."""
    import json

    out = tmp_path / "graph.json"
    built = run_cli("build", "--sources", str(sources), home=home)
    assert built.returncode == 0, built.stderr
    exported = run_cli("export", "json", str(out), home=home)
    assert exported.returncode == 0, exported.stderr
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def scratch_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A running embedded server that any test may `innograph build` into: a build replaces the graph it holds.
    Not for tests that stop or kill the server."""
    home = tmp_path_factory.mktemp("scratch-home")
    embedded.start(home)
    yield home
    embedded.stop(home)


@pytest.fixture(scope="session")
def corpus_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A running embedded server holding the bundled corpus, loaded by `innograph build`."""
    home = tmp_path_factory.mktemp("corpus-home")
    embedded.start(home)
    result = run_cli("build", home=home)
    assert result.returncode == 0, result.stderr
    yield home
    embedded.stop(home)


@pytest.fixture(scope="session")
def corpus_store(corpus_home: Path) -> Iterator[Store]:
    with Store.connect(settings_for_server(embedded.start(corpus_home))) as connected:
        yield connected


@contextmanager
def serving(app) -> Iterator[str]:
    """`app` served over real HTTP by uvicorn (in a thread) on a free port of 127.0.0.1; yields its base URL."""
    import uvicorn

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def api_url(corpus_store: Store) -> Iterator[str]:
    """The API over the loaded corpus."""
    from api.app import create_app

    with serving(create_app(corpus_store)) as url:
        yield url


@pytest.fixture(scope="module")
def client(api_url: str) -> Iterator[httpx.Client]:
    """An HTTP client on the API over the corpus (one keep-alive connection per test module)."""
    with httpx.Client(base_url=api_url, timeout=120) as c:
        yield c


def post_cypher(client: httpx.Client, query: str, parameters: dict | None = None, **options) -> httpx.Response:
    """POST /cypher with `query`, its parameters and any other field of the request (row_limit, timeout)."""
    return client.post("/cypher", json={"query": query, "parameters": parameters or {}, **options})


# --- the web explorer's browser ----------------------------------------------------------------------------------

CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-dev-shm-usage", "--window-size=1400,900", "--lang=zh-HK",
    # No network but the API's: every other host name fails to resolve, so a page that needs a CDN shows it.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
)
SKIP_NO_CHROMIUM = "chromium not installed: apt-get install chromium chromium-driver"


def _find(*names: str) -> str | None:
    for name in names:
        if name.startswith("/") and Path(name).is_file():
            return name
        if not name.startswith("/") and (found := shutil.which(name)):
            return found
    return None


@pytest.fixture(scope="session")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    """One headless Chromium for the session (tests/test_explorer*.py): Debian's chromium and chromedriver, never
    downloaded; without them the browser tests skip and say why. Open a page with test_explorer.open_page."""
    chromium = _find(os.environ.get("CHROMIUM", "chromium"), "chromium", "chromium-browser", "/usr/bin/chromium")
    driver_path = _find(os.environ.get("CHROMEDRIVER", "chromedriver"), "chromedriver",
                        "/usr/lib/chromium/chromedriver")
    if not chromium or not driver_path:
        pytest.skip(SKIP_NO_CHROMIUM)
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium not installed: pip install -e '.[test]'")
    from selenium.webdriver.chrome.service import Service

    os.environ["SE_OFFLINE"] = "true"  # Selenium Manager: never download a browser or a driver
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="session")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where the explorer tests save screenshots: $INNOGRAPH_SCREENSHOTS (docs/explorer.md's), else a temporary
    folder."""
    folder = os.environ.get("INNOGRAPH_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path
