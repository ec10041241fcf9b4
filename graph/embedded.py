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
    server.lock   serialises starting, leasing and stopping, so two concurrent callers do not spawn two servers
    ports.json    the Bolt and HTTP ports of the last server: a restart takes them again when they are free, so
                  drivers still pointing there reconnect by themselves
    leases/       who uses the server (DESIGN.md): one file per command that uses it (pid and start time), and
                  standing.json for `innograph db start`. The server stops when the last live lease goes; a lease
                  of a dead process does not count, and the server itself exits when it finds none left (a
                  SIGKILLed build leaves no orphan JVM)
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

from graph import resources

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
# A server started for a short command compiles with the JVM's quick compiler (C1) only. Measured on this 2-core
# machine (benchmarks/bench_jit.py, benchmarks/README.md): it starts with ~60% of the CPU and loads the bundled
# corpus ~2x faster, but after a few hundred queries the optimising compiler (C2) answers them faster, so a
# server started by `serve`, `mcp` or `db start` keeps the JVM's default. A short command that finds a server
# running uses it as it is (and a serve that finds a build's server keeps C1 until that server restarts).
# Setting -XX:TieredStopAtLevel in ARCADEDB_JVM_ARGS overrides both.
QUICK_JIT_ARGS = "-XX:TieredStopAtLevel=1"
QUICK_JIT_COMMANDS = frozenset({"build", "export"})  # open_store(command=…) of commands that end when done

STATE_FILE = "server.json"
PASSWORD_FILE = "password"
READER_PASSWORD_FILE = "reader_password"
LOG_FILE = "server.log"
LOCK_FILE = "server.lock"
PORTS_FILE = "ports.json"
LEASE_DIR = "leases"
STANDING_LEASE = "standing.json"
DB_DIR = "db"
# How often the server process looks for a live lease; it exits when none is left.
LEASE_CHECK_INTERVAL_S = 2.0

_PROJECT_ROOT = resources.CODE_ROOT  # so `-m graph.embedded` imports from any working directory


class EmbeddedServerError(RuntimeError):
    """The embedded server could not be started or stopped. The message is one line, fit for a CLI."""


class _ExitedDuringStart(EmbeddedServerError):
    """The server process ended before it served (a port taken meanwhile, a locked or broken database …)."""


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


def _read_json(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return None


def _read_state(home: Path) -> dict | None:
    return _read_json(home / STATE_FILE)


def _write_json_atomically(path: Path, record: dict) -> None:
    """Others poll for these files: they must never see one half written."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.tmp")
    tmp.write_text(json.dumps(record, indent=2))
    os.replace(tmp, path)


def _write_state_atomically(home: Path, state: dict) -> None:
    _write_json_atomically(home / STATE_FILE, state)


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
    """Held while starting, leasing, releasing and stopping. Not re-entrant: functions named *_locked expect it."""
    with open(home / LOCK_FILE, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes, also if this process dies
        yield


# --- leases: who uses the server ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Lease:
    """A claim on the server of a home: the server runs while at least one live lease remains."""

    command: str
    pid: int | None  # None: a standing lease (`innograph db start`), held until `innograph db stop`
    since: str
    path: Path = field(repr=False)

    def describe(self) -> str:
        return f"{self.command} (standing, until `innograph db stop`)" if self.pid is None \
            else f"{self.command} (pid {self.pid})"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _write_lease_locked(home: Path, command: str, pid: int | None) -> Path:
    leases = home / LEASE_DIR
    leases.mkdir(exist_ok=True)
    if pid is None:
        path = leases / STANDING_LEASE
        record = {"command": command, "since": _now()}
    else:
        # The start time tells this process from a later one that gets the same pid.
        path = leases / f"{pid}-{secrets.token_hex(4)}.json"
        record = {"command": command, "pid": pid, "created": psutil.Process(pid).create_time(), "since": _now()}
    _write_json_atomically(path, record)
    return path


def live_leases(home: Path) -> list[Lease]:
    """The leases whose holder still runs. Files left by dead holders are removed as they are found."""
    home = Path(home).resolve()
    found = []
    for path in sorted((home / LEASE_DIR).glob("*.json")):
        record = _read_json(path)
        if record is None:
            continue
        pid = record.get("pid")
        if pid is not None and not _is_same_process(pid, record.get("created")):
            path.unlink(missing_ok=True)
            continue
        found.append(Lease(str(record.get("command", "?")), pid, str(record.get("since", "")), path))
    return found


def _is_same_process(pid: int, created: object) -> bool:
    try:
        proc = psutil.Process(pid)
        return proc.status() != psutil.STATUS_ZOMBIE and abs(proc.create_time() - float(created)) < 1
    except (psutil.NoSuchProcess, psutil.AccessDenied, TypeError, ValueError):
        return False


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


def _port_is_free(port: int) -> bool:
    """Whether the server could bind `port` now. SO_REUSEADDR as the JVM sets it: the connections of a killed
    server linger in TIME_WAIT, which does not stop a new server from listening there."""
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("localhost", port))
            return True
        except OSError:
            return False


def _ports_for(home: Path) -> tuple[int, int]:
    """The Bolt and HTTP ports of the last server of `home` when both are free, else two new ones."""
    last = _read_json(home / PORTS_FILE) or {}
    bolt_port, http_port = last.get("bolt_port"), last.get("http_port")
    if isinstance(bolt_port, int) and isinstance(http_port, int) and _port_is_free(bolt_port) \
            and _port_is_free(http_port):
        return bolt_port, http_port
    bolt_port, http_port = _free_ports(2)
    return bolt_port, http_port


def _stray_servers(home: Path, keep: int | None) -> list[psutil.Process]:
    """`graph.embedded run --home HOME` processes other than `keep`: left over from a crash or a lost race, they
    hold memory and may hold the database lock."""
    strays = []
    for proc in psutil.process_iter(["pid", "cmdline"]):
        cmdline = proc.info["cmdline"] or []
        if proc.info["pid"] in (keep, os.getpid()) or "graph.embedded" not in cmdline or "run" not in cmdline:
            continue
        if any(arg == "--home" and value == str(home) for arg, value in zip(cmdline, cmdline[1:], strict=False)):
            strays.append(proc)
    return strays


def _stop_stray_servers(home: Path, keep: int | None) -> None:
    strays = _stray_servers(home, keep)
    for proc in strays:
        try:
            proc.terminate()
        except psutil.NoSuchProcess:
            pass
    _, alive = psutil.wait_procs(strays, timeout=10)
    for proc in alive:
        try:
            proc.kill()
        except psutil.NoSuchProcess:
            pass
    psutil.wait_procs(alive, timeout=5)


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


def is_alive(home: Path, pid: int) -> bool:
    """Whether process `pid` is still the server of `home` (cheap: no connection; for watchers)."""
    return _is_server_process(pid, Path(home).resolve())


def start(home: Path, heap: str = "1g", timeout: float = 90, holder: str = "db start") -> ServerInfo:
    """Start the embedded server of `home` unless it is running, and return it once Bolt accepts connections.

    Takes the standing lease (as `innograph db start` does): the server keeps running until stop().
    """
    return start_if_needed(home, heap, timeout, holder)[0]


def start_if_needed(home: Path, heap: str = "1g", timeout: float = 90,
                    holder: str = "db start") -> tuple[ServerInfo, bool]:
    """Like start(), and also say whether this call spawned the server.

    Decided under the lock: of two concurrent callers, exactly one gets True.
    """
    home = Path(home).resolve()
    home.mkdir(parents=True, exist_ok=True)
    with _start_lock(home):
        info, spawned = _ensure_running_locked(home, heap, timeout)
        _write_lease_locked(home, holder, pid=None)
        return info, spawned


@contextmanager
def leased(home: Path, command: str, heap: str = "1g", timeout: float = 90) -> Iterator[ServerInfo]:
    """The server of `home`, started if needed, for as long as the block runs.

    The block holds a lease of this process; on exit the lease is given back and the server stops if it was the
    last one. Commands share one server this way: a build that ends does not stop the server a serve still uses.
    """
    home = Path(home).resolve()
    home.mkdir(parents=True, exist_ok=True)
    with _start_lock(home):
        info, _ = _ensure_running_locked(home, heap, timeout, quick_jit=command in QUICK_JIT_COMMANDS)
        lease = _write_lease_locked(home, command, os.getpid())
    try:
        yield info
    finally:
        with _start_lock(home):
            lease.unlink(missing_ok=True)
            if not live_leases(home):
                _terminate(home)


def ensure_running(home: Path, heap: str = "1g", timeout: float = 90) -> ServerInfo:
    """Start the server again if it is not running, for a caller that already holds a lease (the supervisor)."""
    home = Path(home).resolve()
    with _start_lock(home):
        return _ensure_running_locked(home, heap, timeout)[0]


def stop(home: Path, timeout: float = 30) -> bool:
    """Give back the standing lease and stop the server of `home` unless a live command still holds a lease:
    SIGTERM, then SIGKILL after `timeout` s. True if a server was stopped (see live_leases() when False)."""
    home = Path(home).resolve()
    if not home.is_dir():
        return False
    with _start_lock(home):
        (home / LEASE_DIR / STANDING_LEASE).unlink(missing_ok=True)
        if live_leases(home):
            return False
        return _terminate(home, timeout)


def _ensure_running_locked(home: Path, heap: str, timeout: float,
                           quick_jit: bool = False) -> tuple[ServerInfo, bool]:
    running = status(home)
    if running is not None:
        return running, False
    _stop_unresponsive_server(home)
    _stop_stray_servers(home, keep=None)
    return _spawn_and_wait(home, heap, timeout, quick_jit), True


def _terminate(home: Path, timeout: float = 30) -> bool:
    """SIGTERM the recorded server of `home`, then SIGKILL after `timeout` s. True if one was running."""
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
        _terminate(home, timeout=10)


def _spawn_and_wait(home: Path, heap: str, timeout: float, quick_jit: bool = False) -> ServerInfo:
    """Spawn the server; if it fails on the remembered ports (taken meanwhile), try once more on new ones."""
    try:
        return _spawn_once(home, heap, timeout, quick_jit)
    except _ExitedDuringStart:
        if not (home / PORTS_FILE).exists():
            raise
        (home / PORTS_FILE).unlink(missing_ok=True)
        return _spawn_once(home, heap, timeout, quick_jit)


def _spawn_once(home: Path, heap: str, timeout: float, quick_jit: bool = False) -> ServerInfo:
    log_path = home / LOG_FILE
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(_PROJECT_ROOT), env.get("PYTHONPATH")) if p)
    with open(log_path, "ab") as log:
        child = subprocess.Popen(
            [sys.executable, "-m", "graph.embedded", "run", "--home", str(home), "--heap", heap,
             *(["--quick-jit"] if quick_jit else [])],
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
            raise _ExitedDuringStart(f"embedded server exited during start ({reason}); see {log_path}")
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


def run(home: Path, heap: str, quick_jit: bool = False) -> None:
    """Body of the server process: start ArcadeDB with Bolt, publish server.json, serve until SIGTERM/SIGINT."""
    home = Path(home).resolve()
    import arcadedb_embedded  # imported here: only the server process loads the JVM

    bolt_port, http_port = _ports_for(home)
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
        jvm_kwargs={"heap_size": heap, "jvm_args": _jit_args(quick_jit)},
    )
    _set_command_timeout(int(os.environ.get("INNOGRAPH_COMMAND_TIMEOUT_MS") or COMMAND_TIMEOUT_MS))
    server.start()
    server.create_database(DATABASE)  # opens it when it exists
    _ensure_reader_user(server, read_or_create_password(home, READER_PASSWORD_FILE))

    def on_signal(signum: int, frame: object) -> None:
        _shut_down(server, home)

    # Installed after the JVM started, so these replace the JVM's own handlers.
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

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
    _write_json_atomically(home / PORTS_FILE, {"bolt_port": bolt_port, "http_port": http_port})
    print(f"innograph embedded server: pid {os.getpid()}, bolt://localhost:{bolt_port}, http {http_port}", flush=True)
    while True:
        time.sleep(LEASE_CHECK_INTERVAL_S)  # signals interrupt the sleep; their handler never returns
        if not home.is_dir():
            # Its folder was deleted under it (a test's temporary folder cleaned up): no client can find it any
            # more, and the lock file cannot be opened to decide; an exception here would end this thread but
            # leave the JVM's threads serving for ever.
            print(f"innograph embedded server: {home} was removed, stopping", flush=True)
            _shut_down(server, home)
        if not live_leases(home):
            _exit_if_still_unused(server, home)


def _jit_args(quick: bool) -> str:
    """QUICK_JIT_ARGS for a quick start, unless ARCADEDB_JVM_ARGS (read by arcadedb_embedded, before these) says
    how to compile."""
    return QUICK_JIT_ARGS if quick and "TieredStopAtLevel" not in os.environ.get("ARCADEDB_JVM_ARGS", "") else ""


def _shut_down(server: object, home: Path) -> None:
    try:
        server.stop()
    finally:
        _remove_state(home)
        # Hard exit: the JVM's non-daemon threads (and any connected client) would keep the process alive.
        os._exit(0)


def _exit_if_still_unused(server: object, home: Path) -> None:
    """No live lease: its last user died without giving it back (SIGKILL), or never took one. Decided under the
    start lock, so that a client which has just found this server running has written its lease first."""
    with open(home / LOCK_FILE, "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return  # someone is starting, leasing or stopping: look again at the next check
        if live_leases(home):
            return
        print("innograph embedded server: no live lease left, stopping", flush=True)
        _shut_down(server, home)


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
    run_cmd.add_argument("--quick-jit", action="store_true", help="compile with C1 only (a server for a short command)")
    args = parser.parse_args(argv)
    if args.command == "run":
        run(args.home, args.heap, args.quick_jit)


if __name__ == "__main__":
    _main()
