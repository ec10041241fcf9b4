"""The embedded Bolt + Cypher server: an ArcadeDB server from the `arcadedb_embedded` wheel, run as its own process.

Why a separate process (DESIGN.md §2): the JVM lives inside the Python process that starts it, the data folder is
locked by one process at a time, and the JVM does not exit while a client is connected. So innograph never starts
ArcadeDB inside the CLI, the tests or a uvicorn worker; it spawns one detached server per home folder:

    python -m graph.embedded run --home HOME

Files in HOME:
    db/           the databases (ArcadeDB root path); survives kill -9 through ArcadeDB's WAL
    password      the root password, generated once, mode 600
    reader_password  the password of the read-only user `reader`, generated once, mode 600
    server.json   written by the running server once Bolt is up, removed when it stops: the "it is running" record
    server.log    stdout/stderr of the server process
    server.lock   serialises start() so two concurrent callers do not spawn two servers
    log/          ArcadeDB's own log folder (it writes ./log into its working directory, which is HOME)
"""

from __future__ import annotations

import argparse
import fcntl
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import psutil

DATABASE = "neo4j"  # Neo4j's default database name, so NEO4J_DATABASE-less code works against both servers
USER = "root"
# A user who may only read records: the database's own wall behind the read-only Cypher endpoint (graph/readonly.py).
READER_USER = "reader"
READER_GROUP = "innograph_reader"
# Server-side guards for that user: ArcadeDB stops its reads after this long and returns at most this many rows.
READER_TIMEOUT_MS = 30_000
READER_RESULT_LIMIT = 10_001
# Every statement, whoever runs it, is aborted after this long (arcadedb.command.timeout, checked inside scans and
# expansions). The reader group's readTimeout alone is not enough: it restarts with every scan of a cartesian
# product, so a runaway MATCH (a),(b),(c) kept a core busy for minutes. INNOGRAPH_COMMAND_TIMEOUT_MS overrides it.
COMMAND_TIMEOUT_MS = 30_000
BOLT_PLUGIN = "Bolt:com.arcadedb.bolt.BoltProtocolPlugin"

STATE_FILE = "server.json"
PASSWORD_FILE = "password"
READER_PASSWORD_FILE = "reader_password"
LOG_FILE = "server.log"
LOCK_FILE = "server.lock"
DB_DIR = "db"

_PROJECT_ROOT = Path(__file__).resolve().parents[1]  # so `-m graph.embedded` imports from any working directory


class EmbeddedServerError(RuntimeError):
    """The embedded server could not be started or stopped. The message is one line, fit for a CLI."""


@dataclass(frozen=True)
class ServerInfo:
    pid: int
    bolt_port: int
    http_port: int
    uri: str
    user: str
    password: str = field(repr=False)  # kept out of logs and tracebacks
    database: str
    reader_user: str = READER_USER
    reader_password: str = field(default="", repr=False)

    def rss_bytes(self) -> int:
        """Resident memory of the server process now (JVM heap in use + metaspace + Python), for benchmarks."""
        return psutil.Process(self.pid).memory_info().rss


# --- files in HOME ------------------------------------------------------------------------------------------------


def read_or_create_password(home: Path, name: str = PASSWORD_FILE) -> str:
    """The root password of this home (or another of its passwords), created on first use.

    ArcadeDB needs one of ≥ 8 characters: without it the first start blocks on a stdin prompt.
    """
    path = home / name
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    password = secrets.token_urlsafe(24)
    with os.fdopen(fd, "w") as f:
        f.write(password + "\n")
    return password


def _read_state(home: Path) -> dict | None:
    try:
        return json.loads((home / STATE_FILE).read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return None


def _write_state_atomically(home: Path, state: dict) -> None:
    """Readers poll for this file: they must never see it half written."""
    tmp = home / f".{STATE_FILE}.{os.getpid()}.tmp"
    tmp.write_text(json.dumps(state, indent=2))
    os.replace(tmp, home / STATE_FILE)


def _remove_state(home: Path) -> None:
    (home / STATE_FILE).unlink(missing_ok=True)


def _info_from_state(home: Path, state: dict) -> ServerInfo:
    return ServerInfo(
        pid=state["pid"],
        bolt_port=state["bolt_port"],
        http_port=state["http_port"],
        uri=state["uri"],
        user=state["user"],
        password=read_or_create_password(home),
        database=state["database"],
        reader_user=state.get("reader_user", READER_USER),
        reader_password=read_or_create_password(home, READER_PASSWORD_FILE),
    )


@contextmanager
def _start_lock(home: Path) -> Iterator[None]:
    with open(home / LOCK_FILE, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, also if this process dies
        yield


# --- processes and ports ------------------------------------------------------------------------------------------


def _is_server_process(pid: int, home: Path) -> bool:
    """True if `pid` is alive and is the server of `home` (a recycled pid, even another home's server, is not)."""
    _reap_if_our_child(pid)
    try:
        proc = psutil.Process(pid)
        if proc.status() == psutil.STATUS_ZOMBIE:
            return False
        cmdline = proc.cmdline()
        return "graph.embedded" in cmdline and str(home) in cmdline
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return False


def _reap_if_our_child(pid: int) -> None:
    """A server we spawned and that has exited stays a zombie (and looks alive) until its parent waits for it."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        pass  # not our child: init reaps it


def _port_accepts(port: int, timeout: float = 0.5) -> bool:
    try:
        with socket.create_connection(("localhost", port), timeout=timeout):
            return True
    except OSError:
        return False


def _free_ports(count: int) -> list[int]:
    """Ports the OS considers free right now; all sockets stay open until all are chosen so they differ."""
    sockets = [socket.socket() for _ in range(count)]
    try:
        for s in sockets:
            s.bind(("localhost", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def _bolt_answers(info: ServerInfo) -> bool:
    # Imported here: the server process itself never needs the driver.
    from neo4j import GraphDatabase
    from neo4j.exceptions import DriverError, Neo4jError

    try:
        with GraphDatabase.driver(info.uri, auth=(info.user, info.password), connection_timeout=2) as driver:
            driver.verify_connectivity()
        return True
    except (DriverError, Neo4jError, OSError):  # "not ready yet"; the caller times out with the log path
        return False


def _wait_for_exit(pid: int, home: Path, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not _is_server_process(pid, home):
            return True
        time.sleep(0.05)
    return not _is_server_process(pid, home)


def _last_log_line(home: Path) -> str:
    try:
        lines = [line.strip() for line in (home / LOG_FILE).read_text(errors="replace").splitlines() if line.strip()]
    except FileNotFoundError:
        return ""
    return lines[-1][:200] if lines else ""


# --- public lifecycle ---------------------------------------------------------------------------------------------


def status(home: Path) -> ServerInfo | None:
    """The running server of `home`, or None. A server.json left behind by a dead server is removed."""
    home = Path(home).resolve()
    state = _read_state(home)
    if state is None:
        return None
    if not _is_server_process(state["pid"], home):
        _remove_state(home)
        return None
    if not _port_accepts(state["bolt_port"]):
        return None  # alive but not serving (stopping, or hung): not usable; stop() can still end it
    return _info_from_state(home, state)


def start(home: Path, heap: str = "1g", timeout: float = 90) -> ServerInfo:
    """Start the embedded server of `home` unless it is running, and return it once Bolt accepts connections."""
    return start_if_needed(home, heap, timeout)[0]


def start_if_needed(home: Path, heap: str = "1g", timeout: float = 90) -> tuple[ServerInfo, bool]:
    """Like start(), and also say whether this call spawned the server (its caller then owns stopping it).

    Decided under the lock: of two concurrent callers, exactly one gets True.
    """
    home = Path(home).resolve()
    home.mkdir(parents=True, exist_ok=True)
    with _start_lock(home):
        running = status(home)
        if running is not None:
            return running, False
        _stop_unresponsive_server(home)
        return _spawn_and_wait(home, heap, timeout), True


def stop(home: Path, timeout: float = 30) -> bool:
    """Stop the server of `home`: SIGTERM, then SIGKILL after `timeout` s. True if a server was running."""
    home = Path(home).resolve()
    state = _read_state(home)
    if state is None:
        return False
    pid = state["pid"]
    if not _is_server_process(pid, home):
        _remove_state(home)
        return False
    os.kill(pid, signal.SIGTERM)
    if not _wait_for_exit(pid, home, timeout):
        os.kill(pid, signal.SIGKILL)  # safe for the data: ArcadeDB recovers from its WAL on the next start
        _wait_for_exit(pid, home, 10)
    _remove_state(home)  # the server removes it itself on SIGTERM, but not after SIGKILL
    return True


def _stop_unresponsive_server(home: Path) -> None:
    """A server process that is alive but not serving still holds the database lock: end it before spawning."""
    state = _read_state(home)
    if state is not None and _is_server_process(state["pid"], home):
        stop(home, timeout=10)


def _spawn_and_wait(home: Path, heap: str, timeout: float) -> ServerInfo:
    log_path = home / LOG_FILE
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(_PROJECT_ROOT), env.get("PYTHONPATH")) if p)
    with open(log_path, "ab") as log:
        child = subprocess.Popen(
            [sys.executable, "-m", "graph.embedded", "run", "--home", str(home), "--heap", heap],
            cwd=home,  # ArcadeDB writes ./log into its working directory
            stdin=subprocess.DEVNULL,  # a prompt for input must fail, not hang
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # detached: outlives the CLI and does not receive its Ctrl-C
            env=env,
        )
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if child.poll() is not None:
            reason = _last_log_line(home) or f"exit status {child.returncode}"
            raise EmbeddedServerError(f"embedded server exited during start ({reason}); see {log_path}")
        state = _read_state(home)
        if state is not None and state["pid"] == child.pid:
            info = _info_from_state(home, state)
            if _bolt_answers(info):
                return info
        time.sleep(0.1)
    child.kill()
    child.wait()
    _remove_state(home)
    raise EmbeddedServerError(f"embedded server not ready on Bolt after {timeout:.0f} s; see {log_path}")


# --- the server process itself ------------------------------------------------------------------------------------


def run(home: Path, heap: str) -> None:
    """Body of the server process: start ArcadeDB with Bolt, publish server.json, serve until SIGTERM/SIGINT."""
    home = Path(home).resolve()
    import arcadedb_embedded  # imported here: only the server process loads the JVM

    bolt_port, http_port = _free_ports(2)
    _ensure_reader_group(home / DB_DIR / "config" / "server-groups.json")
    server = arcadedb_embedded.ArcadeDBServer(
        root_path=str(home / DB_DIR),
        root_password=read_or_create_password(home),
        config={
            "host": "localhost",
            "http_port": http_port,
            "server_plugins": BOLT_PLUGIN,
            "bolt_port": bolt_port,
            # Without it, database=None on the driver goes to whichever database is listed first.
            "bolt_defaultDatabase": DATABASE,
        },
        jvm_kwargs={"heap_size": heap},
    )
    _set_command_timeout(int(os.environ.get("INNOGRAPH_COMMAND_TIMEOUT_MS") or COMMAND_TIMEOUT_MS))
    server.start()
    server.create_database(DATABASE)  # opens it when it exists
    _ensure_reader_user(server, read_or_create_password(home, READER_PASSWORD_FILE))

    def shut_down(signum: int, frame: object) -> None:
        try:
            server.stop()
        finally:
            _remove_state(home)
            # Hard exit: the JVM's non-daemon threads (and any connected client) would keep the process alive.
            os._exit(0)

    # Installed after the JVM started, so these replace the JVM's own handlers.
    signal.signal(signal.SIGTERM, shut_down)
    signal.signal(signal.SIGINT, shut_down)

    _write_state_atomically(
        home,
        {
            "pid": os.getpid(),
            "bolt_port": bolt_port,
            "http_port": http_port,
            "uri": f"bolt://localhost:{bolt_port}",
            "user": USER,
            "reader_user": READER_USER,
            "database": DATABASE,
            "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
        },
    )
    print(f"innograph embedded server: pid {os.getpid()}, bolt://localhost:{bolt_port}, http {http_port}", flush=True)
    while True:
        time.sleep(1)  # signals interrupt the sleep; the handler never returns


# ArcadeDB's groups file as it writes it on a first start; used when the file does not exist yet.
_DEFAULT_GROUPS = {
    "admin": {"resultSetLimit": -1, "readTimeout": -1,
              "access": ["updateSecurity", "updateSchema", "updateDatabaseSettings"],
              "types": {"*": {"access": ["createRecord", "readRecord", "updateRecord", "deleteRecord"]}}},
    "*": {"resultSetLimit": -1, "readTimeout": -1, "access": [], "types": {"*": {"access": []}}},
}


def _ensure_reader_group(path: Path) -> None:
    """Give the server a group that may read records and nothing else (no schema, no security), with a read
    timeout and a result limit. Written before the server starts, so it is in force from the first query."""
    try:
        config = json.loads(path.read_text())
    except FileNotFoundError:
        config = {"databases": {"*": {"groups": dict(_DEFAULT_GROUPS)}}, "version": 2}
    groups = config.setdefault("databases", {}).setdefault("*", {}).setdefault("groups", {})
    groups[READER_GROUP] = {
        "resultSetLimit": READER_RESULT_LIMIT,
        "readTimeout": READER_TIMEOUT_MS,
        "access": [],
        "types": {"*": {"access": ["readRecord"]}},
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(config, indent=2))
    os.replace(tmp, path)


def _set_command_timeout(milliseconds: int) -> None:
    """Set on the JVM-wide GlobalConfiguration: the server's own config map does not reach the query engine."""
    import jpype

    jpype.JClass("com.arcadedb.GlobalConfiguration").COMMAND_TIMEOUT.setValue(milliseconds)


def _ensure_reader_user(server: object, password: str) -> None:
    """(Re)create the `reader` user in the reader group of the innograph database, with this home's password.

    Through ArcadeDB's own security API (the wheel exposes the Java server): the users file holds hashed passwords.
    """
    import jpype

    security = server._java_server.getSecurity()  # noqa: SLF001 — the wheel has no Python API for users
    if security.existsUser(READER_USER):
        security.dropUser(READER_USER)
    json_object = jpype.JClass("com.arcadedb.serializer.json.JSONObject")
    user = {"name": READER_USER, "password": str(security.encodePassword(password)),
            "databases": {DATABASE: [READER_GROUP]}}
    security.createUser(json_object(json.dumps(user)))


def _main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m graph.embedded", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run_cmd = sub.add_parser("run", help="run the server in the foreground (what start() spawns)")
    run_cmd.add_argument("--home", type=Path, required=True)
    run_cmd.add_argument("--heap", default="1g", help="JVM max heap, e.g. 1g, 512m")
    args = parser.parse_args(argv)
    if args.command == "run":
        run(args.home, args.heap)


if __name__ == "__main__":
    _main()
