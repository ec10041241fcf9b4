"""Issue 8, findings 5, 6 and 9 (CLI): a supervised embedded store, who owns it, and one-line errors.

Real processes throughout: `innograph` commands as subprocesses, the embedded server killed with SIGKILL. Each test
uses a home of its own, since they kill servers.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import psutil
import pytest
import yaml

from graph import embedded
from graph.store import Store, StoreError, settings_for_server
from graph.supervisor import Supervisor
from loaders.corpus import BUNDLED_SOURCES
from tests.conftest import PROJECT_DIR, run_cli, warm_home


def wait_for(condition: Callable[[], object], timeout: float, what: str) -> object:
    """Poll `condition` until it returns something true; fail with `what` after `timeout` s (a bound, not a
    measurement: the behaviour is what is asserted)."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)


def cli_process(*args: str, home: Path) -> subprocess.Popen[str]:
    """`innograph ARGS` in the background, as run_cli runs it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env["INNOGRAPH_HOME"] = str(home)
    return subprocess.Popen([sys.executable, "-m", "innograph", *args], cwd=PROJECT_DIR, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def server_processes(home: Path) -> list[psutil.Process]:
    """Every `graph.embedded run --home HOME` process, recorded or not."""
    found = []
    for proc in psutil.process_iter(["cmdline", "status"]):
        cmdline = proc.info["cmdline"] or []
        if "graph.embedded" in cmdline and str(home.resolve()) in cmdline and proc.info["status"] != "zombie":
            found.append(proc)
    return found


def small_corpus(folder: Path) -> Path:
    """The bundled corpus without its big LegCo document: parses in a fraction of the time."""
    manifest = yaml.safe_load((BUNDLED_SOURCES / "sources.yaml").read_text(encoding="utf-8"))
    manifest["documents"] = [d for d in manifest["documents"] if d["doc_type"] != "legco_replies"]
    folder.mkdir()
    for document in manifest["documents"]:
        (folder / document["file"]).write_bytes((BUNDLED_SOURCES / document["file"]).read_bytes())
    (folder / "sources.yaml").write_text(yaml.safe_dump(manifest, allow_unicode=True), encoding="utf-8")
    return folder


def lease_of(home: Path, pid: int) -> embedded.Lease | None:
    return next((lease for lease in embedded.live_leases(home) if lease.pid == pid), None)


def flat(text: str) -> str:
    """Console output without the line breaks rich puts in at 80 columns."""
    return " ".join(text.split())


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> httpx.Response | None:
    try:
        return httpx.get(url, timeout=10)  # an answer, not a 31 s hang
    except httpx.TransportError:
        return None


@pytest.fixture
def serving(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[str], str, Path]]:
    """`innograph serve` over an empty embedded store of its own."""
    home = tmp_path / "home"
    port = free_port()
    process = cli_process("serve", "--port", str(port), home=home)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_for(lambda: (r := get(f"{url}/health")) is not None and r.status_code == 200 or process.poll(), 90,
                 "serve to answer")
        assert process.poll() is None, process.communicate()
        yield process, url, home
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            process.communicate(timeout=60)
        embedded.stop(home)


# --- finding 5: the store dies, the API recovers by itself ---------------------------------------------------------


def test_serve_answers_503_while_the_store_is_down_and_recovers_by_itself(serving) -> None:
    process, url, home = serving
    before = embedded.status(home)
    os.kill(before.pid, signal.SIGKILL)

    down = wait_for(lambda: (r := get(f"{url}/health")) is not None and r.status_code == 503 and r, 10,
                    "/health to say the store is down")
    body = down.json()
    assert body["status"] == "unavailable" and body["supervised"] is True
    assert f"pid {before.pid}" in body["reason"] and "restarting" in body["reason"] and body["detail"]
    assert int(down.headers["retry-after"]) > 0
    entity = get(f"{url}/entities/scheme:none")  # a plain-text 500 after 31 s before
    assert entity is not None and entity.status_code in (503, 404)
    assert entity.headers["content-type"].startswith("application/json") and entity.json()["detail"]

    up = wait_for(lambda: (r := get(f"{url}/health")) is not None and r.status_code == 200 and r, 90,
                  "the store to be restarted")
    assert up.json()["restarts"] == 1 and up.json()["reason"] is None
    after = embedded.status(home)
    assert after.pid != before.pid
    assert after.uri == before.uri  # the same ports: every driver still pointing there reconnects by itself
    assert get(f"{url}/entities/scheme:none").status_code == 404
    assert get(f"{url}/stats").status_code == 200
    answer = httpx.post(f"{url}/cypher", json={"query": "RETURN 1 AS one"}, timeout=30)
    assert answer.status_code == 200 and answer.json()["rows"] == [[1]]

    # `db start` now joins the server that serve uses (it started a second one on other ports before) …
    started = run_cli("db", "start", home=home)
    assert started.returncode == 0 and f"pid {after.pid}" in flat(started.stdout)
    status = flat(run_cli("db", "status", home=home).stdout)
    assert "serve (pid" in status and "db start (standing" in status
    # … and when serve stops, the server stays for `db start` until `db stop`.
    process.send_signal(signal.SIGTERM)
    process.communicate(timeout=60)
    assert embedded.status(home).pid == after.pid
    assert [lease.pid for lease in embedded.live_leases(home)] == [None]
    stopped = run_cli("db", "stop", home=home)
    assert stopped.returncode == 0 and "stopped" in stopped.stdout and server_processes(home) == []


def test_a_restart_on_other_ports_moves_the_store_and_its_readers(tmp_path: Path) -> None:
    """When the old ports are taken, the server comes back elsewhere and the Store (and the read-only store made
    from it, for POST /cypher) follow it; a stray server of the same home is stopped at the next start."""
    home = tmp_path / "home"
    info = embedded.start(home)
    store = Store.connect(settings_for_server(info))
    reader = store.read_only_store()
    supervisor = Supervisor(store, home)  # started once the port is taken: else it may restart first
    squatter = socket.socket()
    try:
        os.kill(info.pid, signal.SIGKILL)
        wait_for(lambda: not psutil.pid_exists(info.pid) or psutil.Process(info.pid).status() == "zombie", 10,
                 "the server to die")
        # The old port itself may stay unbindable for a while (the dead server's accepted connections linger in
        # FIN_WAIT): take another port and record it as the one to come back on.
        squatter.bind(("localhost", 0))
        squatter.listen()
        remembered = json.loads((home / embedded.PORTS_FILE).read_text())
        remembered["bolt_port"] = squatter.getsockname()[1]
        (home / embedded.PORTS_FILE).write_text(json.dumps(remembered))
        supervisor.start()

        wait_for(store.down_reason, 10, "the supervisor to notice")
        with pytest.raises(StoreError, match="restarting"):
            store.read("RETURN 1 AS ok")  # at once: no retries against a server known to be down
        wait_for(lambda: store.down_reason() is None, 90, "the restart")
        assert supervisor.restarts == 1
        assert store.settings.uri not in (info.uri, f"bolt://localhost:{remembered['bolt_port']}")
        assert store.read("RETURN 1 AS ok") == [{"ok": 1}]
        assert reader.settings.uri == store.settings.uri and reader.read("RETURN 2 AS two") == [{"two": 2}]
    finally:
        squatter.close()
        supervisor.stop()
        reader.close()
        store.close()

    moved = embedded.status(home)
    (home / embedded.STATE_FILE).unlink()  # the record is lost: the running server is now a stray
    fresh = embedded.start(home)
    assert fresh.pid != moved.pid and not embedded.is_alive(home, moved.pid)
    assert [p.pid for p in server_processes(home)] == [fresh.pid]
    assert embedded.stop(home)


# --- finding 6: who owns the embedded server -----------------------------------------------------------------------


def test_two_builds_at_once_share_one_server_and_both_succeed(tmp_path: Path) -> None:
    home = tmp_path / "home"
    corpus = str(small_corpus(tmp_path / "corpus"))
    results: list[subprocess.CompletedProcess[str]] = []
    builds = [threading.Thread(target=lambda: results.append(run_cli("build", "--sources", corpus, home=home)))
              for _ in range(2)]
    for build in builds:
        build.start()
    for build in builds:
        build.join()
    assert [r.returncode for r in results] == [0, 0], [r.stderr[-2000:] for r in results]
    summaries = [r.stdout[: r.stdout.index("Loaded")] for r in results]
    assert summaries[0] == summaries[1] and "Scheme" in summaries[0]  # the same graph
    assert embedded.status(home) is None and server_processes(home) == []  # the last one out stopped it


def test_a_killed_build_leaves_no_server_behind(tmp_path: Path, bundled_facts: Path) -> None:
    home = warm_home(tmp_path / "home", bundled_facts)  # the build leases the server after the text analysis
    build = cli_process("build", home=home)
    try:
        wait_for(lambda: lease_of(home, build.pid) or build.poll() is not None, 120, "the build to lease the server")
        assert build.poll() is None, build.communicate()
        assert server_processes(home)
        build.kill()
        build.communicate()
        wait_for(lambda: server_processes(home) == [], 30, "the server to notice that no one uses it")
    finally:
        if build.poll() is None:
            build.kill()
    assert embedded.status(home) is None


def test_a_server_whose_folder_is_removed_stops(tmp_path: Path) -> None:
    """Was: the lease check raised on the missing lock file, which ended the Python thread but left the JVM serving
    for ever (a test's temporary folder, cleaned up under a running server, left such strays)."""
    import shutil

    home = tmp_path / "home"
    info = embedded.start(home)
    try:
        assert server_processes(home)
        shutil.rmtree(home)
        wait_for(lambda: not psutil.pid_exists(info.pid) or psutil.Process(info.pid).status() == "zombie", 30,
                 "the server to notice that its folder is gone")
    finally:
        for proc in server_processes(home):
            proc.kill()


# --- finding 9: one-line errors ------------------------------------------------------------------------------------


def test_the_store_dying_during_a_build_is_one_line_and_leaves_the_old_graph(tmp_path: Path,
                                                                              bundled_facts: Path) -> None:
    home = warm_home(tmp_path / "home", bundled_facts)  # the build leases the server after the text analysis
    info = embedded.start(home)
    build = cli_process("build", home=home)
    try:
        wait_for(lambda: lease_of(home, build.pid) or build.poll() is not None, 120, "the build to lease the server")
        os.kill(info.pid, signal.SIGKILL)
        _, stderr = build.communicate(timeout=60)
    finally:
        if build.poll() is None:
            build.kill()
    assert build.returncode == 1
    assert "Traceback" not in stderr and "╭" not in stderr
    errors = [line for line in stderr.splitlines() if line.startswith("innograph:")]
    assert len(errors) == 1 and f"pid {info.pid}" in errors[0] and "stopped" in errors[0]
    try:
        with Store.connect(settings_for_server(embedded.start(home))) as store:
            assert store.label_counts() == {}  # one transaction: nothing of the failed load
    finally:
        embedded.stop(home)


@pytest.mark.parametrize("options, message", [
    (["--port", "99999"], "--port 99999: a port is a number from 0 to 65535"),
    (["--port", "{busy}"], "cannot listen on 127.0.0.1:{busy}: Address already in use"),
    (["--host", "192.0.2.1"], "cannot listen on 192.0.2.1:8000: Cannot assign requested address"),
])
def test_serve_refuses_what_it_cannot_listen_on_in_one_line(tmp_path: Path, options: list[str], message: str) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = str(busy.getsockname()[1])
        result = run_cli("serve", *[o.replace("{busy}", port) for o in options], home=tmp_path, timeout=60)
    assert result.returncode == 1
    assert result.stderr.strip() == f"innograph: {message.replace('{busy}', port)}"
    assert not (tmp_path / embedded.STATE_FILE).exists()  # refused before starting a JVM
