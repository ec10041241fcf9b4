"""Shared fixtures. Tests talk to a real embedded server over Bolt, never to a mock (DESIGN.md §2)."""

from __future__ import annotations

import os
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


@pytest.fixture(scope="session")
def corpus_build():
    """The bundled corpus parsed and built in memory by loaders.pipeline, once per session (a build costs ~15 s)."""
    from loaders.pipeline import build_corpus_graph

    return build_corpus_graph()


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


def build_and_export(sources: Path, tmp_path: Path) -> dict:
    """`innograph build --sources SOURCES` into a store of its own, then `innograph export json`: the graph as a user
    gets it (the store is stopped afterwards)."""
    import json

    home, out = tmp_path / "home", tmp_path / "graph.json"
    built = run_cli("build", "--sources", str(sources), home=home)
    assert built.returncode == 0, built.stderr
    exported = run_cli("export", "json", str(out), home=home)
    run_cli("db", "stop", home=home)
    assert exported.returncode == 0, exported.stderr
    return json.loads(out.read_text(encoding="utf-8"))


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
